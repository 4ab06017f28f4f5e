// The measure stage's units of work and the runner that takes them (chunk.ts describes the two tasks). Their own
// module, so the runners (chunk.ts, cache.ts, pool.ts, runner.ts) and the worker share them without importing
// each other.
import { type Lang, NOT_MEASURED } from '../types.js';

export interface TextTask {
  /** Texts of the chunk, segment-major then language (texts[s * langs.length + l] is in langs[l]). */
  texts: string[];
  langs: Lang[];
  /** Also compute each text's count-cache key (when a count cache is on). */
  keys?: boolean;
}

export interface TextFacts {
  /** chars, bytes, words of text i at 3i, 3i + 1, 3i + 2. */
  stats: Int32Array;
  wordStart: Int32Array;
  wordSpans: Int32Array;
  /** Count-cache keys (2 words per text), when asked for. */
  keys?: Uint32Array;
}

export interface ChunkTask {
  tokenizer: string;
  /** Texts of the chunk (the TextTask's). */
  texts: string[];
  /** For text i, its words are wordSpans[3k..3k+2] for k in [wordStart[i], wordStart[i+1]): start, end, spaced. */
  wordStart: Int32Array;
  wordSpans: Int32Array;
  /** The text pass's cache keys; the count cache computes them when absent. */
  keys?: Uint32Array;
}

/** The three counts of each text of a chunk, aligned with its texts (views into one counts buffer: see below). */
export interface ChunkResult {
  tokens: Int32Array;
  continuedWords: Int32Array;
  fallbackTokens: Int32Array;
}

/** A text pass and, in the same task, the counts of the tokenizers the runner chose to count with it. */
export interface PreparedCounts {
  facts: TextFacts;
  /** Per tokenizer counted with the text pass: its result, or the error it failed with. */
  counts: Map<string, ChunkResult | { error: unknown }>;
}

export interface ChunkRunner {
  run(task: ChunkTask): Promise<ChunkResult>;
  /** The text pass of a chunk, where the runner counts (a worker); absent: measure.ts runs `textPass` in this thread. */
  prepare?(task: TextTask): Promise<TextFacts>;
  /**
   * The text pass, and the counts of some of `tokenizers` in the same task (the runner picks them: those with no
   * cached counts to look up first), so a chunk's texts go to a worker once and come back counted. The measure
   * stage runs the others with `run`.
   */
  prepareAndCount?(task: TextTask, tokenizers: readonly string[]): Promise<PreparedCounts>;
  /** About how many more texts each tokenizer will be given (when the corpus size is known): a scheduling hint. */
  expect?(texts: number): void;
  close(): Promise<void>;
}

// ---------------------------------------------------------------- the counts of a chunk, in one buffer
//
// A chunk of n texts has its counts in one Int32Array of 3n: tokens at [0, n), continued words at [n, 2n),
// fallback tokens at [2n, 3n). A counter fills one (countsBuffer), a ChunkResult is three views into it
// (countsView), so a worker hands the buffer back without copying and the count cache fills and reads it in place.

/** The counts buffer of n texts, zeroed. */
export function countsBuffer(n: number): Int32Array {
  return new Int32Array(3 * n);
}

/** The ChunkResult of a counts buffer: views, no copy. */
export function countsView(buf: Int32Array): ChunkResult {
  const n = buf.length / 3;
  return {
    tokens: buf.subarray(0, n),
    continuedWords: buf.subarray(n, 2 * n),
    fallbackTokens: buf.subarray(2 * n),
  };
}

/** The counts buffer of a ChunkResult: its own when it is a countsView of a whole buffer, else a packed copy. */
export function countsOf(r: ChunkResult): Int32Array {
  const n = r.tokens.length;
  const buf = r.tokens.buffer;
  if (
    r.tokens.byteOffset === 0 &&
    r.continuedWords.buffer === buf &&
    r.fallbackTokens.buffer === buf &&
    r.continuedWords.byteOffset === 4 * n &&
    r.fallbackTokens.byteOffset === 8 * n &&
    buf.byteLength === 12 * n
  )
    return new Int32Array(buf, 0, 3 * n);
  const out = countsBuffer(n);
  out.set(r.tokens, 0);
  out.set(r.continuedWords, n);
  out.set(r.fallbackTokens, 2 * n);
  return out;
}

/** Copies the counts of text k of `from` to text i of the counts buffer `to` (of n texts). */
export function copyCounts(from: ChunkResult, k: number, to: Int32Array, i: number, n: number): void {
  to[i] = from.tokens[k];
  to[n + i] = from.continuedWords[k];
  to[2 * n + i] = from.fallbackTokens[k];
}

/** The counts of texts `which` of a result (the result itself when `which` is every text). */
export function pickCounts(r: ChunkResult, which: readonly number[]): ChunkResult {
  if (which.length === r.tokens.length) return r;
  const out = countsBuffer(which.length);
  which.forEach((i, k) => copyCounts(r, i, out, k, which.length));
  return countsView(out);
}

/** A count-only counter's result (a provider API): its token counts, the per-word figures NOT_MEASURED. */
export function tokensOnly(tokens: Int32Array): ChunkResult {
  const n = tokens.length;
  const out = countsBuffer(n);
  out.set(tokens, 0);
  out.fill(NOT_MEASURED, n);
  return countsView(out);
}
