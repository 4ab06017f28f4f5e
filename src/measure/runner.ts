// Chooses how chunks are counted, as at most three layers of ChunkRunner:
//   ApiRouter        provider refs to their API counter, the rest below (only when the run has provider refs)
//   CachingRunner    answers from the count cache, sends on what it lacks (cache.ts; unless it is switched off)
//   InProcessRunner  counts in this thread (workers = 1: chunk.ts)
//   or WorkerPoolRunner, a pool of worker threads (pool.ts)
// Either way tokenizers are loaded lazily, on their first chunk, so a tokenizer that fails to load is dropped and
// named by the measure stage like one that fails while counting, and the others go on.
//
// Provider API counters (src/providers) are counted in this thread, where their requests are asynchronous I/O,
// and give token counts only (NOT_MEASURED for continued words and fallback tokens). Their cache sits behind
// them, keyed by text alone (RawCountStore).
import { availableParallelism } from 'node:os';
import type { ResolvedTokenizer } from '../tokenizers/index.js';
import type { EngineKind } from '../types.js';
import { CachingRunner, CountCache, type CountCacheOptions, type CountCacheStats } from './cache.js';
import { InProcessRunner } from './chunk.js';
import { type PoolOptions, type PoolTokenizerStats, WorkerPoolRunner } from './pool.js';
import { type ChunkResult, type ChunkRunner, type ChunkTask, tokensOnly } from './types.js';

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

/**
 * Sends the tasks of provider refs to their AsyncCounter (tokens only: the per-word figures NOT_MEASURED) and the
 * others to the local runner, whose text pass and size hint serve the whole run (a provider counter needs neither).
 */
class ApiRouter implements ChunkRunner {
  constructor(
    private readonly local: ChunkRunner,
    private readonly remote: AsyncCounter,
    /** The provider refs among the run's tokenizers. */
    private readonly refs: ReadonlySet<string>,
  ) {}

  async run(task: ChunkTask): Promise<ChunkResult> {
    if (!this.refs.has(task.tokenizer)) return this.local.run(task);
    return tokensOnly(await this.remote.count(task.tokenizer, task.texts));
  }

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
          tokenizers.filter((t) => !this.refs.has(t)),
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

export async function createRunner(
  all: readonly ResolvedTokenizer[],
  opts: RunnerOptions = {},
): Promise<RunnerHandle> {
  const resolved = all.filter((r) => r.local.kind !== 'api');
  const remoteIds = all.filter((r) => r.local.kind === 'api').map((r) => r.info.id);
  const missing = remoteIds.filter((id) => !opts.remote?.has(id));
  if (missing.length)
    throw new Error(
      `createRunner: no counter for ${missing.join(', ')} (pass opts.remote: new RemoteCounters(...))`,
    );
  const workers = Math.max(1, Math.floor(opts.workers ?? availableParallelism()));
  const pool = workers > 1 ? new WorkerPoolRunner(resolved, { ...opts.pool, workers }) : undefined;
  const inProcess = pool ? undefined : new InProcessRunner(resolved);
  const base: ChunkRunner = pool ?? inProcess!;
  const cacheOpts =
    opts.cache === false
      ? undefined
      : { log: opts.log, ...(typeof opts.cache === 'object' ? opts.cache : {}) };
  const cache = cacheOpts ? CountCache.open(resolved, cacheOpts) : undefined;
  const local = cache ? new CachingRunner(base, cache) : base;
  const runner =
    opts.remote && remoteIds.length ? new ApiRouter(local, opts.remote, new Set(remoteIds)) : local;
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
