// The read before measuring (the stop of issue #20, src/corpus/gate.ts) against a plain read of the same corpus,
// in one process, best of 3: what a run pays to check the languages before it measures, and what the measuring
// pass pays afterwards (the check's decisions are replayed, not judged again).
//   npm run build && node bench/prepass.js <corpus> <langs, comma-separated or a set: eu+>
import { checkLabels, expandLangSets, openCorpus } from '../dist/corpus/index.js';

const [ref, langArg = 'en,fr,de,es'] = process.argv.slice(2);
if (!ref) {
  console.error('usage: node bench/prepass.js <corpus> [langs]');
  process.exit(2);
}
const langs = expandLangSets(langArg.split(','));
const modes = {
  'plain read (--no-lang-id)': async (c) => {
    for await (const s of c.segments()) void s;
  },
  'read + language check (the read before measuring)': (c) => checkLabels(c),
  'the measuring pass after it (decisions replayed)': async (c) => {
    await checkLabels(c);
    const t0 = performance.now();
    for await (const s of c.segments()) void s;
    return performance.now() - t0;
  },
};
const best = {};
for (let round = 0; round < 3; round++) {
  for (const [name, run] of Object.entries(modes)) {
    const c = await openCorpus(ref, { langs, noLangId: name.startsWith('plain') });
    const t0 = performance.now();
    const own = await run(c);
    const ms = typeof own === 'number' ? own : performance.now() - t0;
    best[name] = Math.min(best[name] ?? Infinity, ms);
  }
}
for (const [name, ms] of Object.entries(best)) console.log(`${name}: ${(ms / 1000).toFixed(2)} s`);
