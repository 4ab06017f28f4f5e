// The paired bootstrap's column sums over several threads: the resamples are cut into contiguous ranges, each
// thread draws its range from the generator state where the ranges before it end (random.ts jumpState), so the
// sums are those of one thread, exactly (test/analysis/bootstrap-kernel.test.ts). This thread takes the first
// range while worker threads take the others; a worker that cannot start or fails has its range done here.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { PROJECT_ROOT } from '../paths.js';
import type { AnalysisOptions, CountTable } from '../types.js';
import { bootstrapJobs } from './analyze.js';
import { compactColumns, jumpState, resampleSums, seededState } from './stats.js';

/** The compiled worker (a worker thread runs JavaScript; without dist/ everything runs in this thread). */
export const BOOTSTRAP_WORKER = join(PROJECT_ROOT, 'dist', 'analysis', 'bootstrap-worker.js');

/** Draws × columns below which threads are not worth starting (a thread costs ~40 ms to start; this is ~30 ms of work). */
const MIN_WORK = 30_000_000;

export interface ParallelBootstrapOptions {
  resamples: number;
  seed: number;
  label?: string;
  subset?: ArrayLike<number>;
  /** Threads in all, this one included (default 1: no worker). */
  threads?: number;
  /** Draws × columns below which it all runs in this thread (default MIN_WORK). */
  minWork?: number;
}

/** What a bootstrap worker is given: shared columns and output, its range and the state it starts from. */
export interface BootstrapRange {
  cols: SharedArrayBuffer[];
  out: SharedArrayBuffer;
  state: Uint32Array;
  from: number;
  to: number;
}

/** The same sums as stats.bootstrapColumnSums, with the resamples shared out over `threads` threads. */
export async function bootstrapSumsParallel(
  columns: ArrayLike<number>[],
  opts: ParallelBootstrapOptions,
): Promise<Float64Array> {
  const B = opts.resamples;
  const C = columns.length;
  const cols = compactColumns(columns, opts.subset, (n) => new Float64Array(new SharedArrayBuffer(8 * n)));
  const m = cols[0]?.length ?? 0;
  const out = new Float64Array(new SharedArrayBuffer(8 * Math.max(1, B * C)));
  const state = seededState(opts.seed, opts.label ?? '');
  const threads = Math.max(1, Math.min(Math.floor(opts.threads ?? 1), B));
  if (C === 0 || m === 0) return out.subarray(0, B * C);
  if (threads === 1 || m * B * C < (opts.minWork ?? MIN_WORK) || !existsSync(BOOTSTRAP_WORKER)) {
    resampleSums(cols, state, 0, B, out);
    return out;
  }
  const bounds = Array.from({ length: threads + 1 }, (_, k) => Math.round((k * B) / threads));
  const range = (k: number): BootstrapRange => ({
    cols: cols.map((x) => x.buffer as SharedArrayBuffer),
    out: out.buffer as SharedArrayBuffer,
    state: jumpState(state, bounds[k] * m),
    from: bounds[k],
    to: bounds[k + 1],
  });
  const here = (r: BootstrapRange) =>
    resampleSums(cols, r.state, r.from, r.to, out.subarray(r.from * C, r.to * C));
  const others = Array.from({ length: threads - 1 }, (_, i) => {
    const r = range(i + 1);
    return new Promise<void>((resolve) => {
      let done = false;
      const fallBack = () => {
        if (done) return;
        done = true;
        here(r);
        resolve();
      };
      try {
        const w = new Worker(BOOTSTRAP_WORKER, { workerData: r });
        w.once('message', () => {
          done = true;
          resolve();
        });
        w.once('error', fallBack);
        w.once('exit', fallBack);
      } catch {
        fallBack();
      }
    });
  });
  here(range(0));
  await Promise.all(others);
  return out;
}

/** Every bootstrap analyze() would run on these tables, computed over `threads` threads: its bootstrapSums. */
export async function precomputeBootstrap(
  tables: CountTable[],
  opts: Pick<AnalysisOptions, 'seed' | 'resamples' | 'byDomain'>,
  threads: number,
): Promise<Map<string, Float64Array>> {
  const sums = new Map<string, Float64Array>();
  for (const job of bootstrapJobs(tables, opts)) {
    sums.set(
      job.label,
      await bootstrapSumsParallel(job.columns, {
        resamples: opts.resamples,
        seed: opts.seed,
        label: job.label,
        subset: job.subset,
        threads,
      }),
    );
  }
  return sums;
}
