// The bootstrap's kernel (stats.ts resampleSums) and its split into resample ranges (random.ts jumpState, and
// analysis/bootstrap.ts in worker threads) against the plain definition: B resamples drawn one index at a time
// with seededRng and randomIndex, each column summed over the drawn indices. Every sum must be equal, not close:
// the intervals come from these sums, and a run must give the same CSV bytes for the same seed. Then the whole
// analysis (every interval) on the built-in corpus and on FLORES-200, with the definition's sums and with the
// kernel's, in one thread and in two.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { analyze, bootstrapJobs } from '../../src/analysis/analyze.js';
import { bootstrapSumsParallel, precomputeBootstrap } from '../../src/analysis/bootstrap.js';
import { openCorpus } from '../../src/corpus/index.js';
import { measureCorpus } from '../../src/measure/index.js';
import { createRunner } from '../../src/measure/runner.js';
import { resolveTokenizers } from '../../src/tokenizers/index.js';
import type { CountTable } from '../../src/types.js';
import { FLORES, hasShared } from '../helpers.js';
import { info, options } from './fixtures.js';
import {
  bootstrapColumnSums,
  compactColumns,
  jumpState,
  randomIndex,
  resampleSums,
  seededRng,
  seededState,
} from '../../src/analysis/stats.js';

/** The definition, draw by draw (the kernel before the speed work did this with a row-major copy). */
function oracle(
  columns: ArrayLike<number>[],
  opts: { resamples: number; seed: number; label?: string; subset?: ArrayLike<number> },
): Float64Array {
  const C = columns.length;
  const n = columns.reduce((mx, col) => Math.max(mx, col.length), 0);
  const subset = opts.subset ?? Array.from({ length: n }, (_, i) => i);
  const m = subset.length;
  const out = new Float64Array(opts.resamples * C);
  if (C === 0 || m === 0) return out;
  const next = seededRng(opts.seed, opts.label ?? '');
  for (let b = 0; b < opts.resamples; b++) {
    for (let k = 0; k < m; k++) {
      const i = subset[randomIndex(next, m)];
      for (let c = 0; c < C; c++) out[b * C + c] += columns[c][i] ?? 0;
    }
  }
  return out;
}

const counts = (n: number, max: number) =>
  fc.array(fc.integer({ min: 0, max }), { minLength: n, maxLength: n });

describe('bootstrap kernel', () => {
  it('gives the sums of the draw-by-draw definition, exactly', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 60 }).chain((n) =>
          fc.record({
            cols: fc.array(counts(n, 5000), { minLength: 1, maxLength: 6 }),
            resamples: fc.integer({ min: 1, max: 40 }),
            seed: fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }),
            label: fc.string({ maxLength: 8 }),
            subset: fc.option(fc.uniqueArray(fc.integer({ min: 0, max: n - 1 }), { minLength: 1 }), {
              nil: undefined,
            }),
          }),
        ),
        ({ cols, ...opts }) => {
          expect(Array.from(bootstrapColumnSums(cols, opts))).toEqual(Array.from(oracle(cols, opts)));
        },
      ),
      { numRuns: 300, seed: 20261206 },
    );
  });

  it('on a corpus-sized column set too (m above 2^16, counts up to 10^5)', () => {
    const m = 70_001;
    const cols = [0, 1, 2].map((c) =>
      Int32Array.from({ length: m }, (_, i) => ((i * 7919 + c * 104729) % 100_003) + c),
    );
    const opts = { resamples: 7, seed: 42, label: 'flores\0all' };
    expect(Array.from(bootstrapColumnSums(cols, opts))).toEqual(Array.from(oracle(cols, opts)));
  });

  it('jumpState(s, k) is the state after k draws', () => {
    for (const [seed, k] of [
      [1, 0],
      [1, 1],
      [7, 2],
      [42, 127],
      [42, 128],
      [-5, 1000],
      [99, 65_537],
    ]) {
      const s = seededState(seed, 'x');
      const next = seededRng(seed, 'x');
      for (let i = 0; i < k; i++) next();
      const jumped = jumpState(s, k);
      // The jumped state, run on, gives the same outputs as the generator after k draws.
      const cols = [Float64Array.from({ length: 1000 }, (_, i) => i)];
      const a = new Float64Array(3);
      resampleSums(cols, jumped, 0, 3, a);
      const b = new Float64Array(3);
      for (let r = 0; r < 3; r++) for (let d = 0; d < 1000; d++) b[r] += randomIndex(next, 1000);
      expect(Array.from(a)).toEqual(Array.from(b));
    }
    expect(() => jumpState(seededState(1), -1)).toThrow(RangeError);
  });

  it('resample ranges started by jumpState join into the whole run', () => {
    const cols = compactColumns([
      [3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5],
      [2, 7, 1, 8, 2, 8, 1, 8, 2, 8, 4],
    ]);
    const m = cols[0].length;
    const whole = new Float64Array(50 * 2);
    resampleSums(cols, seededState(3, 'y'), 0, 50, whole);
    const parts = new Float64Array(50 * 2);
    for (const [from, to] of [
      [0, 17],
      [17, 18],
      [18, 50],
    ]) {
      const out = new Float64Array((to - from) * 2);
      resampleSums(cols, jumpState(seededState(3, 'y'), from * m), from, to, out);
      parts.set(out, from * 2);
    }
    expect(Array.from(parts)).toEqual(Array.from(whole));
  });

  it('split over worker threads, gives the same sums as one thread', async () => {
    const m = 5_000;
    const cols = [0, 1, 2, 3].map((c) => Int32Array.from({ length: m }, (_, i) => (i * (c + 3)) % 211));
    const opts = { resamples: 33, seed: 11, label: 'c\0all' };
    const one = bootstrapColumnSums(cols, opts);
    for (const threads of [1, 2, 3]) {
      const par = await bootstrapSumsParallel(cols, { ...opts, threads, minWork: 0 });
      expect(Array.from(par)).toEqual(Array.from(one));
    }
    const sub = { ...opts, subset: Uint32Array.from({ length: 900 }, (_, i) => 3 * i) };
    expect(Array.from(await bootstrapSumsParallel(cols, { ...sub, threads: 2, minWork: 0 }))).toEqual(
      Array.from(bootstrapColumnSums(cols, sub)),
    );
  });
});

/** The count table of a corpus for cl100k_base and o200k_base, measured in this thread. */
async function countTable(ref: string, splits?: string[]): Promise<CountTable> {
  const { resolved } = await resolveTokenizers(['cl100k_base', 'o200k_base'], { explicit: true });
  const handle = await createRunner(resolved, { workers: 1, cache: false });
  try {
    const corpus = await openCorpus(ref, { splits, langs: LANGS, baseline: 'en', noLangId: true });
    return await measureCorpus(corpus, {
      langs: LANGS,
      tokenizers: ['cl100k_base', 'o200k_base'],
      runner: handle.runner,
    });
  } finally {
    await handle.close();
  }
}

/** analyze() with the sums of the draw-by-draw definition, with its own kernel, and with the sums from threads. */
async function threeWays(table: CountTable, byDomain: boolean) {
  const infos = {
    cl100k_base: info('cl100k_base', 'english-centric'),
    o200k_base: info('o200k_base', 'english-centric'),
  };
  const opts = options({ byDomain });
  const byOracle = new Map(
    bootstrapJobs([table], opts).map((j) => [
      j.label,
      oracle(j.columns, { resamples: opts.resamples, seed: opts.seed, label: j.label, subset: j.subset }),
    ]),
  );
  const threaded = await precomputeBootstrap([table], opts, 2);
  return [
    analyze([table], infos, [], opts, { bootstrapSums: byOracle }),
    analyze([table], infos, [], opts),
    analyze([table], infos, [], opts, { bootstrapSums: threaded }),
  ].map((r) => ({ summary: r.summary, efficiency: r.efficiency, headline: r.headline }));
}

const LANGS = ['en', 'fr', 'de', 'es'];

describe('the intervals of a run', () => {
  it('are those of the draw-by-draw bootstrap on the built-in corpus (per domain too)', async () => {
    const table = await countTable('llm-mix');
    const [byOracle, kernel, threaded] = await threeWays(table, true);
    expect(kernel).toEqual(byOracle);
    expect(threaded).toEqual(byOracle);
    // The intervals are there to compare: 0 % overhead rows aside, every row has a real interval.
    expect(kernel.summary.filter((r) => r.lang !== 'en').every((r) => r.ciLowPct < r.ciHighPct)).toBe(true);
  });

  it.skipIf(!hasShared)('are those of the draw-by-draw bootstrap on FLORES-200 dev+devtest', async () => {
    const table = await countTable(FLORES);
    const [byOracle, kernel, threaded] = await threeWays(table, false);
    expect(kernel).toEqual(byOracle);
    expect(threaded).toEqual(byOracle);
    const fr = kernel.summary.find((r) => r.tokenizer === 'cl100k_base' && r.lang === 'fr')!;
    expect(fr.segments).toBe(2009);
  });
});
