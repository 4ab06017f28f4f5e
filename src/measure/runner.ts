// Chooses how chunks are counted: in this thread (workers = 1) or by a pool of worker threads (pool.ts), behind
// the count cache (cache.ts) unless it is switched off. Either way tokenizers are loaded lazily, on their first
// chunk, so a tokenizer that fails to load is dropped and named by the measure stage like one that fails while
// counting, and the others go on.
//
// Provider API counters (src/providers) are one more family behind the same ChunkRunner: they are counted in
// this thread, where their requests are asynchronous I/O, and give token counts only (NOT_MEASURED for continued
// words and fallback tokens). Their cache sits behind them, keyed by text alone (RawCountStore).
import { availableParallelism } from 'node:os';
import type { ResolvedTokenizer } from '../tokenizers/index.js';
import { type EngineKind, NOT_MEASURED } from '../types.js';
import { CachingRunner, CountCache, type CountCacheOptions, type CountCacheStats } from './cache.js';
import type { ChunkResult, ChunkRunner, ChunkTask } from './types.js';
import { type PoolOptions, type PoolTokenizerStats, WorkerPoolRunner } from './pool.js';
import { type ChunkCounter, loadCounter } from './worker.js';

export interface RunnerHandle {
  runner: ChunkRunner;
  /** Chunks to keep in flight so every worker has work. */
  inFlight: number;
  workers: number;
  close(): Promise<void>;
  /** Cache and pool figures so far (for logs and the benchmark). */
  stats(): RunnerStats;
  /** The engine kind that loaded each tokenizer loaded so far (differs from the entry's after a fallback, load.ts). */
  countedBy(): Promise<Record<string, EngineKind>>;
}

export interface RunnerStats {
  workers: number;
  cache?: CountCacheStats & { dir: string };
  /** Per tokenizer, with workers > 1. */
  pool?: PoolTokenizerStats[];
}

/** Asynchronous batched counters with no per-word figures (provider APIs; RemoteCounters in src/providers). */
export interface AsyncCounter {
  has(id: string): boolean;
  /** Text-only token counts of the texts, aligned with them. */
  count(id: string, texts: readonly string[]): Promise<Int32Array>;
  close(): Promise<void>;
}

/** Counts a chunk with an AsyncCounter: tokens only, the per-word figures NOT_MEASURED. */
export class RemoteRunner implements ChunkRunner {
  constructor(private readonly counter: AsyncCounter) {}

  async run(task: ChunkTask): Promise<ChunkResult> {
    const tokens = await this.counter.count(task.tokenizer, task.texts);
    const n = tokens.length;
    return {
      tokens,
      continuedWords: new Int32Array(n).fill(NOT_MEASURED),
      fallbackTokens: new Int32Array(n).fill(NOT_MEASURED),
    };
  }

  close(): Promise<void> {
    return this.counter.close();
  }
}

/** Sends each task to the runner of its tokenizer's family. */
class RoutingRunner implements ChunkRunner {
  constructor(
    private readonly local: ChunkRunner,
    private readonly remote: ChunkRunner,
    private readonly isRemote: (id: string) => boolean,
  ) {}

  run(task: ChunkTask): Promise<ChunkResult> {
    return (this.isRemote(task.tokenizer) ? this.remote : this.local).run(task);
  }

  // The text pass and the size hint are the local runner's: a provider counter needs neither.
  get prepare(): ChunkRunner['prepare'] {
    const local = this.local;
    return local.prepare && ((task) => local.prepare!(task));
  }

  get prepareAndCount(): ChunkRunner['prepareAndCount'] {
    const local = this.local;
    return (
      local.prepareAndCount &&
      ((task, tokenizers) =>
        local.prepareAndCount!(
          task,
          tokenizers.filter((t) => !this.isRemote(t)),
        ))
    );
  }

  expect(texts: number): void {
    this.local.expect?.(texts);
  }

  async close(): Promise<void> {
    await Promise.all([this.local.close(), this.remote.close()]);
  }
}

export interface RunnerOptions {
  /** Worker threads (default: os.availableParallelism()); 1 counts in this thread. */
  workers?: number;
  /** Count cache: on by default; false switches it off; an object sets its folder or size. */
  cache?: boolean | CountCacheOptions;
  /** Pool tuning (see pool.ts). */
  pool?: Omit<PoolOptions, 'workers'>;
  /** The counters of the provider API refs among the tokenizers (required when there are any). */
  remote?: AsyncCounter;
  log?: (line: string) => void;
}

/** Counts in this thread; each tokenizer is loaded on its first chunk. */
export class LazyInProcessRunner implements ChunkRunner {
  private readonly loaded = new Map<string, Promise<ChunkCounter>>();
  private readonly specs = new Map<string, ResolvedTokenizer>();

  constructor(specs: readonly ResolvedTokenizer[]) {
    for (const s of specs) this.specs.set(s.info.id, s);
  }

  async run(task: ChunkTask): Promise<ChunkResult> {
    let entry = this.loaded.get(task.tokenizer);
    if (!entry) {
      const spec = this.specs.get(task.tokenizer);
      if (!spec) throw new Error(`tokenizer ${task.tokenizer} is not known to this runner`);
      entry = loadCounter(spec);
      this.loaded.set(task.tokenizer, entry);
    }
    return (await entry).run(task);
  }

  /** One field of each counter loaded so far (a failed load is left out), by tokenizer id. */
  private async each<T>(pick: (c: ChunkCounter) => T | undefined): Promise<Record<string, T>> {
    const out: Record<string, T> = {};
    for (const [id, e] of this.loaded) {
      const c = await e.catch(() => undefined);
      const v = c && pick(c);
      if (v !== undefined) out[id] = v;
    }
    return out;
  }

  /** Which engine counts each tokenizer loaded so far ("js" or "native"). */
  engines(): Promise<Record<string, string>> {
    return this.each((c) => c.engine);
  }

  /** The engine kind that loaded each tokenizer's files (load.ts may have fallen back). */
  countedBy(): Promise<Record<string, EngineKind>> {
    return this.each((c) => c.counted);
  }

  async close(): Promise<void> {
    for (const e of this.loaded.values()) (await e.catch(() => undefined))?.dispose();
    this.loaded.clear();
  }
}

export async function createRunner(
  all: readonly ResolvedTokenizer[],
  opts: RunnerOptions = {},
): Promise<RunnerHandle> {
  const resolved = all.filter((r) => r.local.kind !== 'api');
  const remoteIds = all.filter((r) => r.local.kind === 'api').map((r) => r.info.id);
  const remoteSet = new Set(remoteIds);
  const isRemote = (id: string) => remoteSet.has(id);
  const missing = remoteIds.filter((id) => !opts.remote?.has(id));
  if (missing.length)
    throw new Error(
      `createRunner: no counter for ${missing.join(', ')} (pass opts.remote: new RemoteCounters(...))`,
    );
  const workers = Math.max(1, Math.floor(opts.workers ?? availableParallelism()));
  const pool = workers > 1 ? new WorkerPoolRunner(resolved, { ...opts.pool, workers }) : undefined;
  const inProcess = pool ? undefined : new LazyInProcessRunner(resolved);
  const base: ChunkRunner = pool ?? inProcess!;
  const cacheOpts =
    opts.cache === false
      ? undefined
      : { log: opts.log, ...(typeof opts.cache === 'object' ? opts.cache : {}) };
  const cache = cacheOpts ? CountCache.open(resolved, cacheOpts) : undefined;
  const local = cache ? new CachingRunner(base, cache) : base;
  const runner =
    opts.remote && remoteIds.length
      ? new RoutingRunner(local, new RemoteRunner(opts.remote), isRemote)
      : local;
  let closed = false;
  return {
    runner,
    // Two chunks per worker keep each one busy while the main thread prepares the next.
    inFlight: workers > 1 ? 2 * workers : 1,
    workers,
    countedBy: async () =>
      inProcess?.countedBy() ??
      Object.fromEntries(pool!.stats().flatMap((s) => (s.counted ? [[s.tokenizer, s.counted]] : []))),
    stats: () => ({
      workers,
      cache: cache ? { ...cache.stats, dir: cache.dir } : undefined,
      pool: pool?.stats(),
    }),
    close: async () => {
      if (closed) return;
      closed = true;
      await runner.close();
    },
  };
}
