// Loaded with `node --import ./bench/rss-preload.js ...` by the benchmark: when the process exits, prints one
// line with its peak resident memory (all threads) and CPU time, which the parent cannot read otherwise.
import { writeSync } from 'node:fs';
import { isMainThread } from 'node:worker_threads';

const t0 = performance.now();
// Worker threads load this too (they inherit --import): only the process's main thread speaks for it.
process.on('exit', () => {
  if (!isMainThread) return;
  const r = process.resourceUsage();
  const line = {
    peakRssMB: Math.round(r.maxRSS / 1024),
    cpuS: (r.userCPUTime + r.systemCPUTime) / 1e6,
    wallS: (performance.now() - t0) / 1000,
  };
  writeSync(2, `\nTOKENTAX_BENCH ${JSON.stringify(line)}\n`);
});
