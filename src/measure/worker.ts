// Worker-thread side of the pool (pool.ts): per call, either the text pass of a chunk (chunk.ts textPass:
// characters, bytes, words, cache keys) or the count of one chunk × tokenizer, with the same ChunkCounter as
// the in-process runner (chunk.ts). Tokenizers are loaded on first use, once per worker, from the plain
// ResolvedTokenizer spec that travels with each task; a worker keeps every tokenizer it has loaded until the
// pool closes. Tokenizer errors come back as values, so a rejected promise on the pool side always means the
// worker itself died.
//
// Tinypool runs the compiled file (dist/measure/worker.js); the pool never points it at a .ts source.
import { getHeapStatistics } from 'node:v8';
import Tinypool from 'tinypool';
import type { EngineKind } from '../types.js';
import type { ResolvedTokenizer } from '../tokenizers/index.js';
import { type ChunkCounter, loadCounter, textPass } from './chunk.js';
import { type ChunkTask, countsOf, type TextFacts, type TextTask } from './types.js';

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
  /** The chunk's counts buffer (types.ts: countsView), transferred. */
  counts?: Int32Array;
  error?: WorkerError;
  /** Milliseconds spent loading the tokenizer in this call (0 when it was already loaded). */
  loadMs: number;
  /** This isolate's heap growth across that load, in bytes (0 when none). */
  loadHeapBytes: number;
  /** Milliseconds spent counting. */
  countMs: number;
  /** The engine that loaded the files, when loaded (load.ts may have fallen back). */
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
    counts = countsOf(counter.run(task));
  } catch (e) {
    return failed({ error: flatten(e, false), loadMs, loadHeapBytes, countMs: performance.now() - t1 });
  }
  const reply: WorkerReply = {
    ok: true,
    counts,
    loadMs,
    loadHeapBytes,
    countMs: performance.now() - t1,
    counted: counter.counted,
    facts,
  };
  // Hand the buffers over instead of copying them.
  return moved(reply, [counts.buffer, ...factBuffers(facts)]);
}
