// `npm run bench`, section "sentencepiece": the SentencePiece library (WASM, engine sentencepiece) on Mistral's
// tokenizer.model against the other exact engines for the same vocabulary, in one process, on the same texts as
// the engines section (FLORES dev as warm-up, then devtest): hf-sp-bpe and hf-json on the tokenizer.json derived
// from it, and for Mistral v1 the built-in npm entry. Per candidate: MB/s of count() and of the run's chunk path
// (count + continued words + fallback tokens), whether its per-text counts equal the SentencePiece library's, and
// which engine counts that file in a run, and why. Needs ../shared/tokenizers/{mistral-7b-v0.1,mistral-v3-spm}.
import { existsSync } from 'node:fs';
import { join } from 'node:path';

const { engineFactory, loadTokenizer } = await import('../dist/tokenizers/load.js');
const { catalog, npmSpec } = await import('../dist/tokenizers/catalog.js');
const { countChunk } = await import('../dist/measure/chunk.js');
const { WordCounter } = await import('../dist/measure/continued.js');

const WHY = {
  sentencepiece:
    "counts a tokenizer.model (hub entry, --tokenizer-dir, file:): Mistral's own code tokenizes with it (catalog inferenceFile), and it is the SentencePiece library itself",
  'hf-sp-bpe':
    'counts a tokenizer.json of this shape when no tokenizer.model is beside it (e.g. Lucie-7B, whose inference file is tokenizer.json)',
  'hf-json': 'reference engine for any tokenizer.json; counts when hf-sp-bpe refuses a file',
  builtin: 'counts mistral-v1 when no local or hub file is given (npm, offline)',
};

function timed(fn) {
  const t0 = performance.now();
  const out = fn();
  return { ms: performance.now() - t0, out };
}

function countAll(tok, set) {
  const counts = new Int32Array(set.texts.length);
  for (let i = 0; i < set.texts.length; i++) counts[i] = tok.count(set.texts[i]);
  return counts;
}

function chunkAll(tok, id, set) {
  const wc = new WordCounter(tok);
  const out = new Int32Array(set.texts.length);
  let at = 0;
  for (const task of set.tasks) {
    const r = countChunk(tok, wc, { tokenizer: id, ...task });
    out.set(r.tokens, at);
    at += r.tokens.length;
  }
  return out;
}

/** Rows of the section; [] when ../shared's Mistral files are absent. */
export async function benchSentencePiece({ shared, warmup, measured, passes, reference }) {
  const rows = [];
  const mbps = (ms, bytes) => Number((bytes / 1e6 / (ms / 1000)).toFixed(2));
  for (const [dir, id] of [
    ['mistral-7b-v0.1', 'mistral-v1'],
    ['mistral-v3-spm', 'mistral-v3'],
  ]) {
    const base = join(shared, 'tokenizers', dir);
    if (!existsSync(join(base, 'tokenizer.model'))) continue;
    const info = (engine) => ({ id, name: dir, engine, source: { kind: 'file', ref: base } });
    const cands = [
      {
        name: 'sentencepiece on tokenizer.model',
        engine: 'sentencepiece',
        load: async () =>
          (await engineFactory('sentencepiece'))(info('sentencepiece'), [join(base, 'tokenizer.model')]),
      },
      {
        name: 'hf-sp-bpe on tokenizer.json',
        engine: 'hf-sp-bpe',
        load: async () =>
          (await engineFactory('hf-sp-bpe'))(info('hf-sp-bpe'), [
            join(base, 'tokenizer.json'),
            join(base, 'tokenizer_config.json'),
          ]),
      },
      {
        name: 'hf-json on tokenizer.json',
        engine: 'hf-json',
        load: async () =>
          (await engineFactory('hf-json'))(info('hf-json'), [
            join(base, 'tokenizer.json'),
            join(base, 'tokenizer_config.json'),
          ]),
      },
    ];
    const npm = id === 'mistral-v1' ? npmSpec(catalog().find((e) => e.id === id)) : undefined;
    if (npm)
      cands.push({
        name: `built-in mistral-v1 (${npm.info.engine})`,
        engine: 'builtin',
        load: () => loadTokenizer(npm),
      });
    const res = [];
    for (const c of cands) {
      const r = { count: Infinity, chunk: Infinity, loadMs: Infinity, counts: undefined };
      for (let p = 0; p < passes; p++) {
        // A fresh instance per pass and per path: no pass finds words cached by another.
        for (const path of ['count', 'chunk']) {
          const t0 = performance.now();
          const tok = await c.load();
          r.loadMs = Math.min(r.loadMs, performance.now() - t0);
          const run = path === 'count' ? (set) => countAll(tok, set) : (set) => chunkAll(tok, id, set);
          run(warmup);
          const m = timed(() => run(measured));
          r[path] = Math.min(r[path], m.ms);
          if (path === 'count') r.counts ??= m.out;
          tok.dispose?.();
        }
      }
      res.push(r);
    }
    const spm = res[0];
    const totals = { en: 0, fr: 0, de: 0, es: 0 };
    measured.items.forEach(([, l], i) => (totals[l] += spm.counts[i]));
    const ref = reference[id] ?? reference['mistral-v1'];
    const refOk = ref ? Object.keys(ref).every((l) => ref[l] === totals[l]) : undefined;
    cands.forEach((c, i) => {
      const r = res[i];
      const same = r.counts.length === spm.counts.length && r.counts.every((x, k) => x === spm.counts[k]);
      rows.push({
        section: 'sentencepiece',
        tokenizer: id,
        engine: c.engine === 'builtin' ? npm.info.engine : c.engine,
        candidate: c.name,
        exact: i === 0 ? (refOk ?? true) : same,
        mbPerSecWarm: mbps(r.count, measured.bytes),
        speedup: Number((spm.count / r.count).toFixed(2)),
        loadMs: Math.round(r.loadMs),
        note: `chunk path ${mbps(r.chunk, measured.bytes)} MB/s (${(spm.chunk / r.chunk).toFixed(2)}x sentencepiece's); ${same || i === 0 ? '' : 'PER-TEXT COUNTS DIFFER; '}${i === 0 && ref && !refOk ? `totals ${JSON.stringify(totals)} differ from REFERENCE_COUNTS; ` : ''}${WHY[c.engine]}`,
      });
    });
    console.error(`  sentencepiece section: ${dir} done`);
  }
  return rows;
}

/** The section's table for the console. */
export function sentencePieceTable(rows, table) {
  return table(
    ['tokenizer', 'candidate', 'same counts', 'MB/s warm', 'x sentencepiece', 'load ms', 'note'],
    rows.map((r) => [
      r.tokenizer,
      r.candidate,
      r.exact ? 'yes' : 'NO',
      r.mbPerSecWarm,
      r.speedup,
      r.loadMs,
      r.note,
    ]),
  );
}
