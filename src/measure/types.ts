// The measure stage's units of work and the runner that takes them (chunk.ts describes the two tasks). Their own
// module, so the runners (chunk.ts, cache.ts, pool.ts, runner.ts) and the worker share them without importing
// each other.
import type { Lang } from '../types.js';

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
