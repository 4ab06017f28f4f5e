// Worker thread of analysis/bootstrap.ts: the column sums of one range of resamples, written into the shared output.
import { parentPort, workerData } from 'node:worker_threads';
import type { BootstrapRange } from './bootstrap.js';
import { resampleSums } from './stats.js';

const r = workerData as BootstrapRange;
const cols = r.cols.map((b) => new Float64Array(b));
resampleSums(
  cols,
  r.state,
  r.from,
  r.to,
  new Float64Array(r.out, r.from * cols.length * 8, (r.to - r.from) * cols.length),
);
parentPort?.postMessage('done');
