// Worker-thread side of the pool (pool.ts): per call, either the text pass of a chunk (chunk.ts textPass:
// characters, bytes, words, cache keys) or the count of one chunk × tokenizer. Tokenizers are loaded on
// first use, once per worker, from the plain ResolvedTokenizer spec that travels with each task; a worker
// keeps every tokenizer it has loaded until the pool closes. Tokenizer errors come back as values, so a
// rejected promise on the pool side always means the worker itself died.
//
// Also the chunk counters both runners use (loadCounter): the tokenizer's own engine, or for a Hugging Face
// tokenizer.json the native `tokenizers` package when it is installed (an optional extra: `npm i tokenizers`,
// 64 MB with its prebuilt binaries for every platform). It counts a whole chunk per call (encodeBatch) and
// gave ids identical to @huggingface/tokenizers on FLORES devtest for every tokenizer.json tried; without it,
// or when it cannot read a file or fails the entry's identity check, the JavaScript engine is used.
// TOKENTAX_NATIVE=0 turns it off.
//
// Tinypool runs the compiled file (dist/measure/worker.js); the pool never points it at a .ts source.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename } from 'node:path';
import { getHeapStatistics } from 'node:v8';
import Tinypool from 'tinypool';
import type { EngineKind } from '../types.js';
import { loadTokenizer, type ResolvedTokenizer } from '../tokenizers/index.js';
import { countChunk, textPass } from './chunk.js';
import type { ChunkResult, ChunkTask, TextFacts, TextTask } from './types.js';
import { WordCounter } from './continued.js';

// ---------------------------------------------------------------- chunk counters

export interface ChunkCounter {
  /** "js" (the tokenizer's engine) or "native" (the `tokenizers` package). */
  engine: 'js' | 'native';
  /** With "js": the engine kind that loaded the files (the entry's, or its fallback when that one refused them). */
  counted?: EngineKind;
  run(task: ChunkTask): ChunkResult | Promise<ChunkResult>;
  dispose(): void;
}

interface NativeEncoding {
  getLength(): number;
  getIds(): number[];
}
interface NativeTokenizer {
  encodeBatch(texts: string[], opts: { addSpecialTokens: boolean }): Promise<NativeEncoding[]>;
  tokenToId(token: string): number | null;
}
interface NativeModule {
  Tokenizer: { fromString(json: string): NativeTokenizer };
}

let nativeModule: NativeModule | null | undefined;
function native(): NativeModule | null {
  if (nativeModule === undefined) {
    try {
      // A variable name keeps TypeScript from requiring the optional package at build time.
      const name = 'tokenizers';
      nativeModule = createRequire(import.meta.url)(name) as NativeModule;
    } catch {
      nativeModule = null;
    }
  }
  return nativeModule;
}

/** The native engine on an entry's tokenizer.json, special added tokens removed as hf-json.ts does, or undefined. */
export async function loadNativeHf(
  spec: ResolvedTokenizer,
): Promise<{ tok: NativeTokenizer; fallback: Set<number> } | undefined> {
  if (spec.info.engine !== 'hf-json' || spec.info.unsupported || process.env.TOKENTAX_NATIVE === '0')
    return undefined;
  const mod = native();
  const file = spec.local.files.find((f) => basename(f) === 'tokenizer.json');
  if (!mod || !file) return undefined;
  try {
    const json = JSON.parse(readFileSync(file, 'utf8')) as {
      model?: { unk_token?: unknown; byte_fallback?: boolean };
      added_tokens?: { special?: boolean }[];
    };
    json.added_tokens = (json.added_tokens ?? []).filter((t) => !t.special);
    const tok = mod.Tokenizer.fromString(JSON.stringify(json));
    if (spec.info.identity) {
      const [e] = await tok.encodeBatch([spec.info.identity.text], { addSpecialTokens: false });
      const got = e.getIds();
      const want = spec.info.identity.ids;
      if (got.length !== want.length || got.some((x, i) => x !== want[i])) return undefined;
    }
    const fallback = new Set<number>();
    if (typeof json.model?.unk_token === 'string') {
      const id = tok.tokenToId(json.model.unk_token);
      if (id !== null) fallback.add(id);
    }
    if (json.model?.byte_fallback) {
      for (let b = 0; b < 256; b++) {
        const id = tok.tokenToId(`<0x${b.toString(16).toUpperCase().padStart(2, '0')}>`);
        if (id !== null) fallback.add(id);
      }
    }
    return { tok, fallback };
  } catch {
    return undefined;
  }
}

const MAX_WORDS = 200_000;

/** Chunk counting on the native engine: texts and the chunk's new words each in one batch. */
function nativeCounter(tok: NativeTokenizer, fallback: Set<number>): ChunkCounter {
  const count = async (texts: string[]): Promise<NativeEncoding[]> =>
    tok.encodeBatch(texts, { addSpecialTokens: false });
  // Word counts as in continued.ts: a spaced word is count(". " + word) − count(".").
  const words = new Map<string, number>();
  let anchor: number | undefined;
  return {
    engine: 'native',
    dispose: () => {},
    async run(task) {
      const n = task.texts.length;
      const tokens = new Int32Array(n);
      const continuedWords = new Int32Array(n);
      const fallbackTokens = new Int32Array(n);
      const idx: number[] = [];
      for (let i = 0; i < n; i++) if (task.texts[i].length) idx.push(i);
      const encs = await count(idx.map((i) => task.texts[i]));
      idx.forEach((i, k) => {
        tokens[i] = encs[k].getLength();
        if (fallback.size) for (const id of encs[k].getIds()) if (fallback.has(id)) fallbackTokens[i]++;
      });
      anchor ??= (await count(['.']))[0].getLength();
      const { wordStart, wordSpans } = task;
      const key = (i: number, k: number) =>
        (wordSpans[3 * k + 2] === 1 ? ' ' : '') + task.texts[i].slice(wordSpans[3 * k], wordSpans[3 * k + 1]);
      const fresh = new Set<string>();
      for (let i = 0; i < n; i++)
        for (let k = wordStart[i]; k < wordStart[i + 1]; k++) {
          const w = key(i, k);
          if (!words.has(w)) fresh.add(w);
        }
      if (fresh.size) {
        if (words.size + fresh.size > MAX_WORDS) words.clear();
        const list = [...fresh];
        const got = await count(list.map((w) => (w.startsWith(' ') ? '.' + w : w)));
        list.forEach((w, j) =>
          words.set(w, w.startsWith(' ') ? got[j].getLength() - anchor! : got[j].getLength()),
        );
      }
      for (let i = 0; i < n; i++) {
        let c = 0;
        for (let k = wordStart[i]; k < wordStart[i + 1]; k++) if ((words.get(key(i, k)) ?? 0) >= 2) c++;
        continuedWords[i] = c;
      }
      return { tokens, continuedWords, fallbackTokens };
    },
  };
}

/** The counter of one tokenizer: native for a tokenizer.json when available, else the tokenizer's engine. */
export async function loadCounter(spec: ResolvedTokenizer): Promise<ChunkCounter> {
  const nat = await loadNativeHf(spec);
  if (nat) return nativeCounter(nat.tok, nat.fallback);
  const tok = await loadTokenizer(spec);
  const wc = new WordCounter(tok);
  return {
    engine: 'js',
    counted: tok.info.engine,
    run: (task) => countChunk(tok, wc, task),
    dispose: () => tok.dispose?.(),
  };
}

// ---------------------------------------------------------------- the worker

/** A count (spec + task; with `prep`, the chunk's text pass first, whose texts and words it then counts), or a
 *  chunk's text pass alone (text). */
export type WorkerRequest =
  | { spec: ResolvedTokenizer; task: ChunkTask; prep?: TextTask; text?: undefined }
  | { text: TextTask; spec?: undefined; task?: undefined; prep?: undefined };

/** The reply to a text pass: its arrays, transferred. */
export interface TextReply {
  ok: true;
  facts: TextFacts;
}

/** A UserError or Error flattened for the trip back to the main thread. */
export interface WorkerError {
  name: string;
  message: string;
  exit?: string;
  hint?: string;
  stack?: string;
  /** The tokenizer could not be loaded (the pool then fails its other tasks at once). */
  load: boolean;
}

export interface WorkerReply {
  ok: boolean;
  /** tokens, continuedWords, fallbackTokens of the chunk's texts, back to back (one buffer, transferred). */
  counts?: Int32Array;
  error?: WorkerError;
  /** Milliseconds spent loading the tokenizer in this call (0 when it was already loaded). */
  loadMs: number;
  /** This isolate's heap growth across that load, in bytes (0 when none). */
  loadHeapBytes: number;
  /** Milliseconds spent counting. */
  countMs: number;
  /** The engine that counted ("js" or "native"), when loaded. */
  engine?: ChunkCounter['engine'];
  counted?: EngineKind;
  /** The text pass of a request with `prep` (also when the count failed). */
  facts?: TextFacts;
}

const loaded = new Map<string, Promise<ChunkCounter>>();

function flatten(e: unknown, load: boolean): WorkerError {
  const x = e as { name?: string; message?: string; exit?: string; hint?: string; stack?: string };
  return {
    name: x?.name ?? 'Error',
    message: x?.message ?? String(e),
    exit: x?.exit,
    hint: x?.hint,
    stack: x?.stack,
    load,
  };
}

/** Packs a chunk result into one Int32Array of length 3n (tokens, continued words, fallback tokens). */
export function packResult(r: ChunkResult): Int32Array {
  const n = r.tokens.length;
  const out = new Int32Array(3 * n);
  out.set(r.tokens, 0);
  out.set(r.continuedWords, n);
  out.set(r.fallbackTokens, 2 * n);
  return out;
}

/** Inverse of packResult: views into the same buffer. */
export function unpackResult(buf: Int32Array): ChunkResult {
  const n = buf.length / 3;
  return {
    tokens: buf.subarray(0, n),
    continuedWords: buf.subarray(n, 2 * n),
    fallbackTokens: buf.subarray(2 * n),
  };
}

/** The buffers of a text pass's arrays, handed over with the reply instead of copied. */
function factBuffers(facts: TextFacts | undefined): ArrayBufferLike[] {
  if (!facts) return [];
  const { stats, wordStart, wordSpans, keys } = facts;
  return [stats.buffer, wordStart.buffer, wordSpans.buffer, ...(keys ? [keys.buffer] : [])];
}

/** A reply whose buffers are moved, not copied. */
function moved(reply: object, buffers: ArrayBufferLike[]): unknown {
  return Tinypool.move({ [Tinypool.transferableSymbol]: buffers, [Tinypool.valueSymbol]: reply } as never);
}

export default async function count(req: WorkerRequest): Promise<unknown> {
  if (req.text) {
    const facts = textPass(req.text);
    return moved({ ok: true, facts } satisfies TextReply, factBuffers(facts));
  }
  const id = req.spec.info.id;
  const facts = req.prep && textPass(req.prep);
  const task: ChunkTask = facts
    ? { tokenizer: id, texts: req.prep!.texts, wordStart: facts.wordStart, wordSpans: facts.wordSpans }
    : req.task;
  const failed = (reply: Omit<WorkerReply, 'ok' | 'facts'>) =>
    moved({ ok: false, ...reply, facts } satisfies WorkerReply, factBuffers(facts));
  let loadMs = 0;
  let loadHeapBytes = 0;
  let entry = loaded.get(id);
  if (!entry) {
    const heap0 = getHeapStatistics().used_heap_size;
    const t0 = performance.now();
    entry = loadCounter(req.spec);
    loaded.set(id, entry);
    try {
      await entry;
    } catch (e) {
      // Not kept: the pool decides whether to try again.
      loaded.delete(id);
      return failed({
        error: flatten(e, true),
        loadMs: performance.now() - t0,
        loadHeapBytes: 0,
        countMs: 0,
      });
    }
    loadMs = performance.now() - t0;
    loadHeapBytes = Math.max(0, getHeapStatistics().used_heap_size - heap0);
  }
  const counter = await entry;
  const t1 = performance.now();
  let counts: Int32Array;
  try {
    counts = packResult(await counter.run(task));
  } catch (e) {
    return failed({ error: flatten(e, false), loadMs, loadHeapBytes, countMs: performance.now() - t1 });
  }
  const reply: WorkerReply = {
    ok: true,
    counts,
    loadMs,
    loadHeapBytes,
    countMs: performance.now() - t1,
    engine: counter.engine,
    counted: counter.counted,
    facts,
  };
  // Hand the buffers over instead of copying them.
  return moved(reply, [counts.buffer, ...factBuffers(facts)]);
}
