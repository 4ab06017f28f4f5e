// The unit of work handed to a runner (in-process or a worker thread): one tokenizer × a chunk of
// texts. Words are found once in the main thread and travel as compact offsets, so no runner has
// to segment the same text again for every tokenizer.
import type { Tokenizer } from '../types.js';
import { WordCounter } from './continued.js';
import type { Word } from './text.js';

export interface ChunkTask {
  tokenizer: string;
  /** Texts of the chunk, segment-major then language (texts[s * langs + l]). */
  texts: string[];
  /** For text i, its words are wordSpans[3k..3k+2] for k in [wordStart[i], wordStart[i+1]): start, end, spaced. */
  wordStart: Int32Array;
  wordSpans: Int32Array;
}

export interface ChunkResult {
  tokens: Int32Array;
  continuedWords: Int32Array;
  fallbackTokens: Int32Array;
}

export interface ChunkRunner {
  run(task: ChunkTask): Promise<ChunkResult>;
  close(): Promise<void>;
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
  const isFallback = tok.isFallback?.bind(tok);
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
    for (let k = wordStart[i]; k < wordStart[i + 1]; k++) {
      const w = text.slice(wordSpans[3 * k], wordSpans[3 * k + 1]);
      if (wc.tokensOf(w, wordSpans[3 * k + 2] === 1) >= 2) c++;
    }
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
