#!/usr/bin/env node
// How many segments the paired percentile bootstrap needs before its 95 % interval can carry a verdict.
// From a finished run's segments.csv (e.g. FLORES devtest), for each sample size n: draw `reps` samples of n
// segments without replacement, compute the interval of the overhead (tokenizer × language vs the baseline) the
// way the analysis does (bootstrapRatio, same resamples), and count how often it covers the overhead of all the
// run's segments; also how often the interval has zero width. The README's minimum number of segments
// (MIN_SEGMENTS in src/analysis/claim.ts) is set from this table.
//   npm run build && node scripts/bootstrap-coverage.js <run folder>/segments.csv [reps] [baseline]
import { readFileSync } from 'node:fs';
import Papa from 'papaparse';
import { bootstrapRatio, seededRng, randomIndex } from '../dist/analysis/stats.js';

const [file, repsArg = '400', baseline = 'en'] = process.argv.slice(2);
if (!file) {
  console.error('usage: node scripts/bootstrap-coverage.js <segments.csv> [reps] [baseline]');
  process.exit(2);
}
const reps = Number(repsArg);
const rows = Papa.parse(readFileSync(file, 'utf8'), { header: true, skipEmptyLines: true }).data;
// tokens[tokenizer][lang] aligned by segment id
const ids = [...new Set(rows.map((r) => `${r.corpus}\0${r.segment_id}`))];
const at = new Map(ids.map((k, i) => [k, i]));
const tokens = {};
for (const r of rows) {
  const col = ((tokens[r.tokenizer] ??= {})[r.lang] ??= new Float64Array(ids.length));
  col[at.get(`${r.corpus}\0${r.segment_id}`)] = Number(r.tokens);
}
const SIZES = [3, 5, 10, 15, 20, 25, 30, 40, 50, 75, 100];
const next = seededRng(1, 'coverage');
const sum = (c, idx) => idx.reduce((s, i) => s + c[i], 0);
const all = ids.map((_, i) => i);

console.log(
  `${ids.length} segments; ${reps} samples per size; 2000 resamples; 95 % percentile intervals; coverage of the whole run's overhead`,
);
console.log(
  [
    'n',
    ...Object.keys(tokens).flatMap((t) =>
      Object.keys(tokens[t])
        .filter((l) => l !== baseline)
        .map((l) => `${t}/${l}`),
    ),
    'mean',
    'min',
    'zero-width',
  ].join('\t'),
);
for (const n of SIZES) {
  const cells = [];
  let zero = 0;
  let total = 0;
  for (const t of Object.keys(tokens)) {
    for (const l of Object.keys(tokens[t])) {
      if (l === baseline) continue;
      const num = tokens[t][l];
      const den = tokens[t][baseline];
      const truth = sum(num, all) / sum(den, all);
      let covered = 0;
      for (let k = 0; k < reps; k++) {
        // A sample of n distinct segments (partial Fisher–Yates).
        const pool = all.slice();
        for (let j = 0; j < n; j++) {
          const m = j + randomIndex(next, pool.length - j);
          [pool[j], pool[m]] = [pool[m], pool[j]];
        }
        const subset = Uint32Array.from(pool.slice(0, n));
        const r = bootstrapRatio(num, den, { resamples: 2000, confidence: 0.95, seed: k, subset });
        if (r.low <= truth && truth <= r.high) covered++;
        if (r.high - r.low === 0) zero++;
        total++;
      }
      cells.push(covered / reps);
    }
  }
  const mean = cells.reduce((a, b) => a + b, 0) / cells.length;
  console.log(
    [
      n,
      ...cells.map((c) => c.toFixed(3)),
      mean.toFixed(3),
      Math.min(...cells).toFixed(3),
      (zero / total).toFixed(3),
    ].join('\t'),
  );
}
