// The units of work handed to a runner (in this thread, or a worker thread of the pool), per chunk of segments:
//
//  - the text pass (TextTask → TextFacts), once per chunk whatever the tokenizers: each text's characters,
//    UTF-8 bytes and word spans (text.ts), and its count-cache key (cache.ts). A runner with workers does it
//    in a worker (`ChunkRunner.prepare`), so the main thread only reads, validates and writes; without one,
//    measure.ts calls `textPass` itself.
//  - the count (ChunkTask → ChunkResult): one tokenizer × the chunk's texts, with the word spans and keys of
//    the text pass, so no runner segments a text again for each tokenizer. Words serve the continued-word
//    count only: a counter that needs none (a remote API counter) ignores the spans.
import type { Lang, Tokenizer } from '../types.js';
import { textKeys } from './cache.js';
import { WordCounter } from './continued.js';
import { codePoints, SpanList, utf8Bytes, type Word, wordSpans } from './text.js';

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

/** The text pass: characters, bytes and word spans of every text of a chunk, and their cache keys if asked. */
export function textPass(task: TextTask): TextFacts {
  const { texts, langs } = task;
  const n = texts.length;
  const L = langs.length;
  const stats = new Int32Array(3 * n);
  const wordStart = new Int32Array(n + 1);
  const spans = new SpanList(32 * n);
  for (let i = 0; i < n; i++) {
    const text = texts[i];
    wordStart[i] = spans.length;
    stats[3 * i] = codePoints(text);
    stats[3 * i + 1] = utf8Bytes(text);
    stats[3 * i + 2] = wordSpans(text, langs[i % L], spans);
  }
  wordStart[n] = spans.length;
  const facts: TextFacts = { stats, wordStart, wordSpans: spans.view() };
  if (task.keys) facts.keys = textKeys(texts, wordStart, facts.wordSpans);
  return facts;
}

/** Packs the word lists of a chunk's texts into offsets. */
export function packWords(words: readonly (readonly Word[])[]): Pick<ChunkTask, 'wordStart' | 'wordSpans'> {
  let total = 0;
  for (const ws of words) total += ws.length;
  const wordStart = new Int32Array(words.length + 1);
  const wordSpans = new Int32Array(total * 3);
  let k = 0;
  for (let i = 0; i < words.length; i++) {
    wordStart[i] = k;
    const ws = words[i];
    for (let j = 0; j < ws.length; j++, k++) {
      wordSpans[3 * k] = ws[j].start;
      wordSpans[3 * k + 1] = ws[j].start + ws[j].text.length;
      wordSpans[3 * k + 2] = ws[j].spaced ? 1 : 0;
    }
  }
  wordStart[words.length] = k;
  return { wordStart, wordSpans };
}

/** Counts one chunk with a loaded tokenizer; shared by the in-process runner and the worker. */
export function countChunk(tok: Tokenizer, wc: WordCounter, task: ChunkTask): ChunkResult {
  const n = task.texts.length;
  const tokens = new Int32Array(n);
  const continuedWords = new Int32Array(n);
  const fallbackTokens = new Int32Array(n);
  const isFallback = tok.neverFallback ? undefined : tok.isFallback?.bind(tok);
  const { wordStart, wordSpans } = task;
  for (let i = 0; i < n; i++) {
    const text = task.texts[i];
    if (isFallback) {
      const ids = tok.encode(text);
      tokens[i] = ids.length;
      let f = 0;
      for (let j = 0; j < ids.length; j++) if (isFallback(ids[j])) f++;
      fallbackTokens[i] = f;
    } else {
      tokens[i] = tok.count(text);
    }
    let c = 0;
    for (let k = wordStart[i]; k < wordStart[i + 1]; k++)
      if (wc.tokensAt(text, wordSpans[3 * k], wordSpans[3 * k + 1], wordSpans[3 * k + 2] === 1) >= 2) c++;
    continuedWords[i] = c;
  }
  return { tokens, continuedWords, fallbackTokens };
}

/** Runs chunks in this thread with already-loaded tokenizers. */
export class InProcessRunner implements ChunkRunner {
  private readonly counters = new Map<string, WordCounter>();
  constructor(private readonly tokenizers: ReadonlyMap<string, Tokenizer>) {}

  async run(task: ChunkTask): Promise<ChunkResult> {
    const tok = this.tokenizers.get(task.tokenizer);
    if (!tok) throw new Error(`tokenizer ${task.tokenizer} is not loaded in this runner`);
    let wc = this.counters.get(task.tokenizer);
    if (!wc) {
      wc = new WordCounter(tok);
      this.counters.set(task.tokenizer, wc);
    }
    return countChunk(tok, wc, task);
  }

  async close(): Promise<void> {}
}
