#!/usr/bin/env node
// Prints a README table from a finished run, with the figures rounded as every view rounds them (src/vocabulary.ts):
//   node scripts/readme-tables.js <run folder> overhead   per tokenizer: overhead vs the baseline, 95 % CI (summary.csv)
//   node scripts/readme-tables.js <run folder> claim      the claim check, one row per subject (claim.csv)
//   node scripts/readme-tables.js <run folder> eu         the EU-wide rows (lang eu-mean), one per subject (claim.csv)
import { readRun } from '../dist/report/index.js';
import { catalog } from '../dist/tokenizers/index.js';
import { LEGACY_TOKENIZERS } from '../dist/tokenizers/catalog.js';
import { EU_MEAN, fmtCi, fmtPct, languageName } from '../dist/vocabulary.js';

const [dir, what] = process.argv.slice(2);
if (!dir || !['overhead', 'claim', 'eu'].includes(what)) {
  console.error('usage: node scripts/readme-tables.js <run folder> overhead|claim|eu');
  process.exit(2);
}
const run = await readRun(dir, { catalog: catalog() });
const a = run.analysis;
const pct = (x) => fmtPct(x, 1, ' ');
const corpus = a.headline.corpus ?? a.summary[0].corpus;
const out = [];

if (what === 'overhead') {
  const rows = a.summary.filter((r) => r.corpus === corpus && r.domain === 'all');
  const langs = [...new Set(rows.map((r) => r.lang))].filter((l) => l !== a.options.baseline);
  const toks = [...new Set(rows.map((r) => r.tokenizer))];
  // The `legacy` set of --tokenizers (cl100k_base stays in `default`, for the claim).
  const legacy = (t) => LEGACY_TOKENIZERS.includes(t);
  out.push(
    `| tokenizer | category | ${langs.join(' | ')} |`,
    `|---|---|${langs.map(() => '---:|').join('')}`,
  );
  for (const t of [...toks.filter((x) => !legacy(x)), ...toks.filter(legacy)]) {
    const mine = rows.filter((r) => r.tokenizer === t);
    const cells = langs.map((l) => {
      const r = mine.find((x) => x.lang === l);
      return r ? `${pct(r.overheadPct)} ${fmtCi(r.ciLowPct, r.ciHighPct)}` : '–';
    });
    out.push(`| ${t}${legacy(t) ? ' (legacy)' : ''} | ${mine[0].category} | ${cells.join(' | ')} |`);
  }
} else if (what === 'eu') {
  const rows = (a.claim ?? []).filter((r) => r.corpus === corpus);
  const means = rows.filter((r) => r.lang === EU_MEAN);
  if (!means.length) {
    console.error(
      `${dir}: claim.csv has no ${EU_MEAN} row (it needs at least 7 official EU languages: --langs eu)`,
    );
    process.exit(1);
  }
  const m = means[0].marginPct;
  out.push(
    // Means of the languages' figures, so (1 + overhead) = (1 + length) × (1 + share) holds per language, not here.
    `| part | subject | tokenizer | EU mean overhead [CI] | verdict | mean length | mean tokenizer share [CI] vs 0 ± ${m} | lowest and highest language |`,
    '|---|---|---|---:|---|---:|---:|---|',
  );
  for (const r of means) {
    const langs = rows
      .filter((x) => x.subject === r.subject && x.lang !== EU_MEAN && Number.isFinite(x.overheadPct))
      .sort((x, y) => x.overheadPct - y.overheadPct);
    const end = (x) => `${languageName(x.lang)} ${pct(x.overheadPct)}`;
    out.push(
      `| ${r.part} | ${r.subjectName} | ${r.tokenizer} | ${pct(r.overheadPct)} ${fmtCi(r.ciLowPct, r.ciHighPct)} | ${r.verdict} (claimed ${fmtPct(r.claimedPct, 0, ' ')} ± ${m}) | ${pct(r.lengthPct)} | ${pct(r.tokenizerPct)} ${fmtCi(r.tokenizerCiLowPct, r.tokenizerCiHighPct)}, ${r.tokenizerVerdict} | ${end(langs[0])} to ${end(langs[langs.length - 1])} |`,
    );
  }
} else {
  const rows = (a.claim ?? []).filter((r) => r.corpus === corpus);
  const langs = [...new Set(rows.map((r) => r.lang))];
  const m = rows[0]?.marginPct ?? 5;
  out.push(
    `| part | subject | tokenizer | ${langs.map((l, i) => (i ? l : `${l}: overhead [CI] = length × tokenizer`)).join(' | ')} | verdicts (${langs.join(', ')}) | tokenizer share vs 0 ± ${m} (${langs.join(', ')}) |`,
    `|---|---|---|${langs.map(() => '---:|').join('')}---|---|`,
  );
  for (const subject of [...new Set(rows.map((r) => r.subject))]) {
    const mine = rows.filter((r) => r.subject === subject);
    const cell = (r) =>
      r.verdict === 'not measured' || r.verdict === 'not applicable'
        ? r.verdict
        : `${pct(r.overheadPct)} ${fmtCi(r.ciLowPct, r.ciHighPct)} = ${pct(r.lengthPct)} × ${pct(r.tokenizerPct)}`;
    out.push(
      `| ${mine[0].part} | ${mine[0].subjectName} | ${mine[0].tokenizer} | ${langs.map((l) => cell(mine.find((r) => r.lang === l))).join(' | ')} | ${mine.map((r) => r.verdict).join(', ')} | ${mine.map((r) => r.tokenizerVerdict).join(', ')} |`,
    );
  }
}
process.stdout.write(out.join('\n') + '\n');
