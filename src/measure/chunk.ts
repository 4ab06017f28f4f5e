// The units of work handed to a runner (in this thread, or a worker thread of the pool), per chunk of segments:
//
//  - the text pass (TextTask → TextFacts), once per chunk whatever the tokenizers: each text's characters,
//    UTF-8 bytes and word spans (text.ts), and its count-cache key (cache.ts). A runner with workers does it
//    in a worker (`ChunkRunner.prepare`), so the main thread only reads, validates and writes; without one,
//    measure.ts calls `textPass` itself.
//  - the count (ChunkTask → ChunkResult): one tokenizer × the chunk's texts, with the word spans and keys of
//    the text pass, so no runner segments a text again for each tokenizer. Words serve the continued-word
//    count only: a counter that needs none (a remote API counter) ignores the spans.
import { loadTokenizer, type ResolvedTokenizer } from '../tokenizers/index.js';
import type { EngineKind, Tokenizer } from '../types.js';
import { textKeys } from './cache.js';
import { WordCounter } from './continued.js';
import { codePoints, SpanList, utf8Bytes, type Word, wordSpans } from './text.js';
import {
  type ChunkResult,
  type ChunkRunner,
  type ChunkTask,
  countsBuffer,
  countsView,
  type TextFacts,
  type TextTask,
} from './types.js';

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
  const counts = countsBuffer(n);
  const { tokens, continuedWords, fallbackTokens } = countsView(counts);
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

/**
 * A tokenizer ready to count chunks, with its continued-word counter. Every local tokenizer counts through its
 * engine (the Tokenizer interface), in this thread or in a worker alike.
 */
export class ChunkCounter {
  private readonly words: WordCounter;

  constructor(readonly tokenizer: Tokenizer) {
    this.words = new WordCounter(tokenizer);
  }

  /** The engine that loaded the files: the entry's, or its fallback when that one refused them (load.ts). */
  get counted(): EngineKind {
    return this.tokenizer.info.engine;
  }

  run(task: ChunkTask): ChunkResult {
    return countChunk(this.tokenizer, this.words, task);
  }

  dispose(): void {
    this.tokenizer.dispose?.();
  }
}

/** Loads a resolved entry's tokenizer (its identity checked) as a ChunkCounter. */
export async function loadCounter(spec: ResolvedTokenizer): Promise<ChunkCounter> {
  return new ChunkCounter(await loadTokenizer(spec));
}

/**
 * Counts chunks in this thread. Given loaded tokenizers, it counts with them (and leaves them to the caller);
 * given resolved entries, it loads each on its first chunk (and disposes of it on close), so a tokenizer that
 * fails to load fails its chunks, and the measure stage drops it like one that fails while counting.
 */
export class InProcessRunner implements ChunkRunner {
  private readonly counters = new Map<string, Promise<ChunkCounter>>();
  private readonly given: ReadonlyMap<string, Tokenizer>;
  private readonly specs = new Map<string, ResolvedTokenizer>();

  constructor(tokenizers: ReadonlyMap<string, Tokenizer> | readonly ResolvedTokenizer[]) {
    this.given = tokenizers instanceof Map ? tokenizers : new Map();
    if (!(tokenizers instanceof Map))
      for (const s of tokenizers as readonly ResolvedTokenizer[]) this.specs.set(s.info.id, s);
  }

  async run(task: ChunkTask): Promise<ChunkResult> {
    let counter = this.counters.get(task.tokenizer);
    if (!counter) {
      // Made on the first chunk, so a tokenizer that fails even its word counter's first count fails a chunk.
      const tok = this.given.get(task.tokenizer);
      const spec = this.specs.get(task.tokenizer);
      if (!tok && !spec) throw new Error(`tokenizer ${task.tokenizer} is not known to this runner`);
      counter = tok ? Promise.resolve().then(() => new ChunkCounter(tok)) : loadCounter(spec!);
      this.counters.set(task.tokenizer, counter);
    }
    return (await counter).run(task);
  }

  /** The engine that counts each tokenizer loaded so far (a failed load is left out), by tokenizer id. */
  async countedBy(): Promise<Record<string, EngineKind>> {
    const out: Record<string, EngineKind> = {};
    for (const [id, c] of this.counters) {
      const counter = await c.catch(() => undefined);
      if (counter) out[id] = counter.counted;
    }
    return out;
  }

  async close(): Promise<void> {
    // Tokenizers it was given stay the caller's.
    for (const [id, c] of this.counters) if (!this.given.has(id)) (await c.catch(() => undefined))?.dispose();
    this.counters.clear();
  }
}
