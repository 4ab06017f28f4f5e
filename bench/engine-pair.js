#!/usr/bin/env node
// Two engines on one tokenizer file, in one process: MB/s (UTF-8) of Tokenizer.count on each FLORES-200 devtest
// line (en, fr, de, es) after a warm-up pass on dev, and the total tokens of each (they must agree). For files
// `npm run bench` cannot reach: hub entries' files and local tokenizer folders. One timed pass per engine (a
// second pass over the same text would hit the engines' caches); run it a few times and keep the best.
//   node bench/engine-pair.js ../shared/tokenizers/lucie-7b/tokenizer.json hf-json hf-sp-bpe
//   node bench/engine-pair.js ../shared/tokenizers/mistral-nemo-tekken/tekken.json tiktoken-ranks tiktoken-ranks-wasm
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const SHARED = process.env.TOKENTAX_SHARED ?? join(ROOT, '..', 'shared');
const { engineFactory } = await import('../dist/tokenizers/load.js');
const [path, ...engines] = process.argv.slice(2);
if (!path || engines.length < 2) {
  console.error('usage: node bench/engine-pair.js <tokenizer file> <engine> <engine>');
  process.exit(2);
}
const file = resolve(path);
const read = (split) =>
  ['eng', 'fra', 'deu', 'spa'].flatMap((l) =>
    readFileSync(join(SHARED, 'corpora', 'flores200', split, `${l}_Latn.${split}`), 'utf8')
      .split('\n')
      .filter(Boolean),
  );
const dev = read('dev');
const devtest = read('devtest');
const bytes = devtest.reduce((n, l) => n + Buffer.byteLength(l), 0);
const rows = [];
for (const engine of engines) {
  const info = { id: 'bench', name: 'bench', engine, source: { kind: 'file', ref: file } };
  const tok = await (await engineFactory(engine))(info, [file]);
  for (const l of dev) tok.count(l);
  const t0 = performance.now();
  let tokens = 0;
  for (const l of devtest) tokens += tok.count(l);
  const s = (performance.now() - t0) / 1000;
  rows.push({ engine, tokens, 'MB/s': +(bytes / 1e6 / s).toFixed(2) });
  tok.dispose?.();
}
console.table(rows);
console.log(
  `${engines[1]} / ${engines[0]}: ${(rows[1]['MB/s'] / rows[0]['MB/s']).toFixed(2)}x${rows.every((r) => r.tokens === rows[0].tokens) ? '' : '  (TOKEN TOTALS DIFFER)'}`,
);
