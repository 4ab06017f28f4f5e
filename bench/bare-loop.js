#!/usr/bin/env node
// Child process of the benchmark: a bare counting loop, the yardstick for a whole `tokentax run`. Reads the
// corpus files itself (all their lines, in the four languages), loads one counting engine and counts every text
// once, one text per call, as a script calling the library would; prints one JSON line. The parent times the
// whole process (start-up, module loading, reading and counting), like the tokentax run it is compared with.
//
//   node bench/bare-loop.js <candidate> <corpus>
//
// <corpus>: a Moses-style prefix (<dir>/<name>, files <name>.en, ...), a FLORES folder (dev + devtest), or a
// JSONL file (make-big-corpus.js output). <candidate>: a raw engine of bench/engines.js for the tokenizer in
// $BARE_SPEC (a resolved catalog entry, JSON), or "tokentax count" (tokentax's own Tokenizer.count, loaded with
// loadTokenizer). Nothing of tokentax is imported for a raw candidate but what that candidate itself needs.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

const LANGS = ['en', 'fr', 'de', 'es'];
const FLORES_CODES = { en: 'eng_Latn', fr: 'fra_Latn', de: 'deu_Latn', es: 'spa_Latn' };

/** Every text of the corpus, segment-major then language. */
export function corpusTexts(corpus) {
  const cols = [];
  if (existsSync(corpus) && statSync(corpus).isDirectory() && existsSync(join(corpus, 'devtest'))) {
    for (const l of LANGS)
      cols.push(['dev', 'devtest'].flatMap((s) => lines(join(corpus, s, `${FLORES_CODES[l]}.${s}`))));
  } else if (corpus.endsWith('.jsonl')) {
    const objs = lines(corpus).map((x) => JSON.parse(x));
    for (const l of LANGS) cols.push(objs.map((o) => o[l]));
  } else {
    for (const l of LANGS) cols.push(lines(`${corpus}.${l}`));
  }
  const out = [];
  for (let i = 0; i < cols[0].length; i++) for (const c of cols) out.push(c[i]);
  return out;
}

function lines(file) {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((x) => x.length);
}

async function main() {
  const [candidate, corpus] = process.argv.slice(2);
  const spec = JSON.parse(process.env.BARE_SPEC ?? 'null');
  if (!candidate || !corpus || !spec)
    throw new Error('usage: BARE_SPEC=<resolved entry JSON> node bench/bare-loop.js <candidate> <corpus>');
  let count;
  if (candidate === 'tokentax count') {
    const { loadTokenizer } = await import('../dist/tokenizers/load.js');
    const tok = await loadTokenizer(spec);
    count = (t) => tok.count(t);
  } else {
    const { rawCandidates } = await import('./engines.js');
    const c = rawCandidates(spec).find((x) => x.name === candidate);
    if (!c) throw new Error(`no candidate "${candidate}" for ${spec.info.id}`);
    const inst = await c.load();
    if (inst.count) count = inst.count;
    else {
      const texts = corpusTexts(corpus);
      const counts = await inst.countAll(texts);
      process.stdout.write(
        JSON.stringify({ texts: texts.length, tokens: counts.reduce((a, b) => a + b, 0) }) + '\n',
      );
      return;
    }
  }
  const texts = corpusTexts(corpus);
  let tokens = 0;
  for (const t of texts) tokens += count(t);
  process.stdout.write(JSON.stringify({ texts: texts.length, tokens }) + '\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((e) => {
    console.error(e instanceof Error ? e.message : String(e));
    process.exitCode = 1;
  });
}
