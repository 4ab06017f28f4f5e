#!/usr/bin/env node
// Child process of the benchmark: the per-text work of a run besides counting, each part timed alone in one
// thread over the same texts (issue #26, "side work that scales"), as CPU seconds and as a share of the count:
//
//   count            the tokenizer's count of each text (the bare loop's work)
//   text pass        characters, UTF-8 bytes and words of each text (chunk.ts textPass without keys)
//   cache keys       the count cache's key of each text (cache.ts textKeys)
//   continued words  each word counted alone (continued.ts WordCounter), after the count filled the piece cache
//   segments.csv     the rows of segments.csv (report/csv.ts formatSegmentsChunk)
//
//   BARE_SPEC=<resolved entry JSON> node bench/side-work.js <corpus>
//
// Chunks of 256 segments, as a run cuts them. Prints one JSON line.
import { corpusTexts } from './bare-loop.js';

const LANGS = ['en', 'fr', 'de', 'es'];
const CHUNK = 256 * LANGS.length;

const cpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};

async function main() {
  const [corpus] = process.argv.slice(2);
  const spec = JSON.parse(process.env.BARE_SPEC ?? 'null');
  if (!corpus || !spec)
    throw new Error('usage: BARE_SPEC=<resolved entry JSON> node bench/side-work.js <corpus>');
  const { loadTokenizer } = await import('../dist/tokenizers/load.js');
  const { textPass } = await import('../dist/measure/chunk.js');
  const { textKeys } = await import('../dist/measure/cache.js');
  const { WordCounter } = await import('../dist/measure/continued.js');
  const { formatSegmentsChunk } = await import('../dist/report/csv.js');
  // Flat copies, as a worker receives them (lines split from one file are slices of it).
  const texts = corpusTexts(corpus).map((t) => structuredClone(t));
  const chunks = [];
  for (let i = 0; i < texts.length; i += CHUNK) chunks.push(texts.slice(i, i + CHUNK));
  const tok = await loadTokenizer(spec);
  const out = { texts: texts.length, bytes: texts.reduce((a, t) => a + Buffer.byteLength(t), 0) };

  let t = cpu();
  const counts = new Int32Array(texts.length);
  for (let i = 0; i < texts.length; i++) counts[i] = tok.count(texts[i]);
  out.countS = cpu() - t;

  t = cpu();
  const facts = chunks.map((c) => textPass({ texts: c, langs: LANGS }));
  out.textPassS = cpu() - t;

  t = cpu();
  chunks.forEach((c, k) => textKeys(c, facts[k].wordStart, facts[k].wordSpans));
  out.keysS = cpu() - t;

  t = cpu();
  const wc = new WordCounter(tok);
  let continued = 0;
  chunks.forEach((c, k) => {
    const { wordStart, wordSpans } = facts[k];
    for (let i = 0; i < c.length; i++)
      for (let w = wordStart[i]; w < wordStart[i + 1]; w++)
        if (wc.tokensAt(c[i], wordSpans[3 * w], wordSpans[3 * w + 1], wordSpans[3 * w + 2] === 1) >= 2)
          continued++;
  });
  out.continuedS = cpu() - t;

  t = cpu();
  let csvBytes = 0;
  let at = 0;
  chunks.forEach((c, k) => {
    const rows = c.map((_, i) => {
      const s = facts[k].stats;
      return {
        corpus: 'pairs',
        segmentId: `pairs-${Math.floor((at + i) / LANGS.length) + 1}`,
        domain: 'general',
        lang: LANGS[i % LANGS.length],
        tokenizer: spec.info.id,
        tokens: counts[at + i],
        chars: s[3 * i],
        bytes: s[3 * i + 1],
        words: s[3 * i + 2],
        continuedWords: 0,
        fallbackTokens: 0,
      };
    });
    csvBytes += formatSegmentsChunk(rows, k === 0).length;
    at += c.length;
  });
  out.segmentsCsvS = cpu() - t;
  out.continuedWords = continued;
  out.csvChars = csvBytes;
  process.stdout.write(JSON.stringify(out) + '\n');
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : String(e));
  process.exitCode = 1;
});
