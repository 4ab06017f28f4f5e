// Child process of the benchmark: how much faster N threads run N copies of a fixed, memory-light JavaScript loop
// than one thread runs them one after another. That is the most any parallel run can gain on this machine (a
// virtual machine's cores may share a physical one); it prints one JSON line.
//   node bench/cpu-ceiling.js <threads>
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';

function work() {
  let s = 0;
  for (let i = 0; i < 6e7; i++) s = (s * 31 + i) | 0;
  const m = new Map();
  for (let i = 0; i < 2e6; i++) m.set(`k${i % 50000}`, i);
  return s + m.size;
}

if (isMainThread) {
  const n = Math.max(1, Number(process.argv[2] ?? 2));
  // No warm-up on either side: each worker starts cold too, and a tight loop is compiled within milliseconds.
  let t = performance.now();
  for (let i = 0; i < n; i++) work();
  const serialMs = performance.now() - t;
  t = performance.now();
  await Promise.all(
    Array.from(
      { length: n },
      () =>
        new Promise((resolve, reject) => {
          const w = new Worker(new URL(import.meta.url), { workerData: true });
          w.once('message', resolve).once('error', reject);
        }),
    ),
  );
  const parallelMs = performance.now() - t;
  process.stdout.write(
    JSON.stringify({ threads: n, serialMs, parallelMs, speedup: serialMs / parallelMs }) + '\n',
  );
} else if (workerData) {
  parentPort.postMessage(work());
}
