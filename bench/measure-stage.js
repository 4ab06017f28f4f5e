// Child process of the benchmark: times the measure stage alone (tokenizer loads + counting, no analysis or
// reports) on a corpus with the given tokenizers and workers, and prints one JSON line. Run in a fresh process
// so no tokenizer module is already loaded.
//   node bench/measure-stage.js <corpus> <ids,comma-separated> <workers> [cacheDir|off]
import { openCorpus } from '../dist/corpus/index.js';
import { measureCorpus } from '../dist/measure/index.js';
import { createRunner } from '../dist/measure/runner.js';
import { resolveTokenizers } from '../dist/tokenizers/index.js';

const [corpusRef, ids, workers, cacheDir = 'off'] = process.argv.slice(2);
const langs = ['en', 'fr', 'de', 'es'];
const corpus = await openCorpus(corpusRef, { langs, baseline: 'en' });
// Read the corpus once first, so the timed part does not include language identification.
const segs = [];
for await (const s of corpus.segments()) segs.push(s);
const cached = {
  ...corpus,
  segments: async function* () {
    yield* segs;
  },
};
const { resolved } = await resolveTokenizers(ids.split(','), { explicit: ids !== 'default' });
const t0 = performance.now();
const h = await createRunner(resolved, {
  workers: Number(workers),
  cache: cacheDir === 'off' ? false : { dir: cacheDir },
});
const failed = [];
const table = await measureCorpus(cached, {
  langs,
  tokenizers: resolved.map((r) => r.info.id),
  runner: h.runner,
  inFlight: h.inFlight,
  onTokenizerError: (t, e) => failed.push(`${t}: ${e instanceof Error ? e.message : String(e)}`),
});
const ms = performance.now() - t0;
const stats = h.stats();
await h.close();
let bytes = 0;
for (const l of langs) for (const b of table.text[l].bytes) bytes += b;
const tokens = Object.fromEntries(
  table.tokenizers.map((t) => [
    t,
    langs.reduce((a, l) => a + table.counts[t][l].tokens.reduce((x, y) => x + y, 0), 0),
  ]),
);
process.stdout.write(
  JSON.stringify({
    ms,
    segments: table.n,
    tokenizers: table.tokenizers.length,
    bytes,
    tokens,
    failed,
    stats,
    peakRssMB: Math.round(process.resourceUsage().maxRSS / 1024),
  }) + '\n',
);
