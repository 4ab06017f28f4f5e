#!/usr/bin/env node
// Writes a parallel corpus of about N MB of unique real text from a FLORES-200 folder (dev + devtest sentences,
// which tokentax never ships: point --flores at your copy), for measuring the speed of a whole run:
//
//   node scripts/make-flores-pairs.js --flores ../shared/corpora/flores200 --mb 12 --out /tmp/pairs
//
// writes /tmp/pairs/pairs.en, pairs.fr, ... (Moses-style, line-aligned). Line k joins sentence i = k mod n with
// sentence j = i + 1 + r·step (mod n) of round r = k div n, language by language, so every line is a pair
// (i, j) that occurs once: the corpus is real prose, words repeat as they do in real text, and no two lines
// are the same (a corpus of repeated lines would only measure the count cache). Deterministic.
import { createWriteStream, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';

const USAGE =
  'usage: node scripts/make-flores-pairs.js --flores <flores200 folder> --mb <size in MB> --out <folder> [--langs en,fr,de,es]';
const CODES = {
  en: 'eng_Latn',
  fr: 'fra_Latn',
  de: 'deu_Latn',
  es: 'spa_Latn',
  it: 'ita_Latn',
  pt: 'por_Latn',
};

function args(argv) {
  const { values: v } = parseArgs({
    args: argv,
    options: {
      flores: { type: 'string' },
      mb: { type: 'string' },
      out: { type: 'string' },
      langs: { type: 'string', default: 'en,fr,de,es' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (v.help) (console.log(USAGE), process.exit(0));
  const o = { flores: v.flores, mb: Number(v.mb), out: v.out, langs: v.langs.split(',') };
  if (!o.flores || !(o.mb > 0) || !o.out || o.langs.some((l) => !CODES[l])) throw new Error(USAGE);
  return o;
}

/** Sentences of dev then devtest, per language; throws when a file is missing or the files are not aligned. */
function sentences(flores, langs) {
  const cols = langs.map((l) =>
    ['dev', 'devtest'].flatMap((split) => {
      const f = join(flores, split, `${CODES[l]}.${split}`);
      if (!existsSync(f)) throw new Error(`${f} not found`);
      return readFileSync(f, 'utf8')
        .split('\n')
        .filter((x) => x.trim());
    }),
  );
  if (new Set(cols.map((c) => c.length)).size > 1)
    throw new Error(`the FLORES files of ${langs.join(', ')} differ in length`);
  return cols;
}

function write(stream, s) {
  return stream.write(s) ? undefined : new Promise((r) => stream.once('drain', r));
}

async function main() {
  const o = args(process.argv.slice(2));
  const cols = sentences(resolve(o.flores), o.langs);
  const n = cols[0].length;
  const out = resolve(o.out);
  mkdirSync(out, { recursive: true });
  const streams = o.langs.map((l) => createWriteStream(join(out, `pairs.${l}`)));
  // A step coprime with n - 1 and not small, so partners of one round are far apart and rounds never repeat a pair.
  const step = 7919;
  let bytes = 0;
  let k = 0;
  while (bytes < o.mb * 1e6) {
    const i = k % n;
    const r = Math.floor(k / n);
    if (r >= n - 1) throw new Error(`--mb ${o.mb} needs more unique pairs than ${n} sentences give`);
    const j = (i + 1 + ((r * step) % (n - 1))) % n;
    for (let li = 0; li < o.langs.length; li++) {
      const line = `${cols[li][i]} ${cols[li][j]}\n`;
      bytes += Buffer.byteLength(line);
      const w = write(streams[li], line);
      if (w) await w;
    }
    k++;
  }
  await Promise.all(streams.map((s) => new Promise((res, rej) => s.end((e) => (e ? rej(e) : res())))));
  console.log(
    `${out}: ${k} segments × ${o.langs.length} languages = ${k * o.langs.length} texts, ${(bytes / 1e6).toFixed(1)} MB (FLORES-200 dev+devtest sentences joined in pairs, moses)`,
  );
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : String(e));
  process.exitCode = 1;
});
