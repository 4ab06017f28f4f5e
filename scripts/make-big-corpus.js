#!/usr/bin/env node
// Writes a synthetic parallel corpus of about N MB from the built-in corpus (corpora/llm-mix/*.jsonl), for
// measuring speed and memory on large inputs:
//
//   node scripts/make-big-corpus.js --mb 1000 --out /tmp/big.jsonl                 (JSONL, ids "<id>-r<k>")
//   node scripts/make-big-corpus.js --mb 100 --format moses --out /tmp/big100      (folder with big.en, big.fr, ...)
//
// Segment k joins built-in segment i = k mod n with segment j (a different one for each round), language by
// language, and ends with the number k in brackets, so texts stay parallel and in their language while almost
// all of them differ from one another (a corpus of repeated texts would only measure the count cache).
// Deterministic: the same arguments give the same bytes.
import { createWriteStream, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const USAGE =
  'usage: node scripts/make-big-corpus.js --mb <size in MB> --out <file.jsonl | folder> [--format jsonl|moses] [--langs en,fr,de,es]';

function args(argv) {
  const { values: v } = parseArgs({
    args: argv,
    options: {
      mb: { type: 'string' },
      out: { type: 'string' },
      format: { type: 'string', default: 'jsonl' },
      langs: { type: 'string', default: 'en,fr,de,es' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (v.help) (console.log(USAGE), process.exit(0));
  const o = { mb: Number(v.mb), out: v.out, format: v.format, langs: v.langs.split(',') };
  if (!(o.mb > 0) || !o.out || !['jsonl', 'moses'].includes(o.format)) throw new Error(USAGE);
  return o;
}

/** The built-in segments, in file order. */
function builtin(langs) {
  const dir = join(ROOT, 'corpora', 'llm-mix');
  const segs = [];
  for (const f of readdirSync(dir)
    .filter((f) => f.endsWith('.jsonl'))
    .sort()) {
    for (const line of readFileSync(join(dir, f), 'utf8').split('\n')) {
      if (!line.trim()) continue;
      const o = JSON.parse(line);
      if (langs.every((l) => typeof o[l] === 'string' && o[l].trim())) segs.push(o);
    }
  }
  if (segs.length < 2)
    throw new Error(`the built-in corpus in ${dir} has fewer than 2 segments with ${langs.join(', ')}`);
  return segs;
}

/** Waits for a stream's buffer to drain when write() says so. */
function write(stream, s) {
  return stream.write(s) ? undefined : new Promise((r) => stream.once('drain', r));
}

async function main() {
  const o = args(process.argv.slice(2));
  const segs = builtin(o.langs);
  const n = segs.length;
  const target = o.mb * 1e6;
  const out = resolve(o.out);
  let streams;
  if (o.format === 'jsonl') {
    mkdirSync(dirname(out), { recursive: true });
    streams = [createWriteStream(out)];
  } else {
    mkdirSync(out, { recursive: true });
    streams = o.langs.map((l) => createWriteStream(join(out, `big.${l}`)));
  }
  let bytes = 0;
  let k = 0;
  while (bytes < target) {
    const i = k % n;
    const round = Math.floor(k / n);
    // A partner that changes every round and is never the segment itself.
    const j = (i + 1 + ((round * 7919) % (n - 1))) % n;
    const a = segs[i];
    const b = segs[j];
    const text = Object.fromEntries(
      o.langs.map((l) => [l, `${a[l]} ${b[l]} [${k}]`.replace(/[\r\n]+/g, ' ')]),
    );
    if (o.format === 'jsonl') {
      const line =
        JSON.stringify({ id: `${a.id}-r${k}`, domain: a.domain, source_lang: a.source_lang, ...text }) + '\n';
      bytes += Buffer.byteLength(line);
      const w = write(streams[0], line);
      if (w) await w;
    } else {
      for (let li = 0; li < o.langs.length; li++) {
        const line = text[o.langs[li]] + '\n';
        bytes += Buffer.byteLength(line);
        const w = write(streams[li], line);
        if (w) await w;
      }
    }
    k++;
  }
  await Promise.all(streams.map((s) => new Promise((r, j) => s.end((e) => (e ? j(e) : r())))));
  console.log(`${out}: ${k} segments, ${(bytes / 1e6).toFixed(1)} MB (${o.format})`);
}

main().catch((e) => {
  // parseArgs names an unknown option; the usage line says what is accepted.
  console.error(e instanceof Error ? e.message : String(e));
  if (e?.code?.startsWith?.('ERR_PARSE_ARGS')) console.error(USAGE);
  process.exitCode = 1;
});
