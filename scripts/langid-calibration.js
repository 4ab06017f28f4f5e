#!/usr/bin/env node
// Measures the language check (src/corpus/langid.ts) on a FLORES folder: how many correctly labelled texts it
// rejects (false positives), how close a correct column comes to being rejected, and, for every ordered pair of
// languages (A, B), the share of a column labelled A but holding B's texts that it rejects. Every text is judged
// (the rule itself, not the sampling), with every language of the folder offered to the identifier.
//
//   npm run build && node scripts/langid-calibration.js --flores ../shared/corpora/flores200-eu [--langs eu+] [--json]
//
// Prints one row per language and the weakest pairs; --json prints everything.
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { expandLangSets, normalizeLang } from '../dist/corpus/index.js';
import { floresLayout } from '../dist/corpus/loaders/flores.js';
import { judgedOf, LangChecker, MIN_LETTERS, rejects, WINDOW } from '../dist/corpus/langid.js';
import { languageName } from '../dist/vocabulary.js';

const USAGE =
  'usage: node scripts/langid-calibration.js --flores <folder> [--langs <codes or sets>] [--splits dev,devtest] [--json]';

const { values: v } = parseArgs({
  options: {
    flores: { type: 'string' },
    langs: { type: 'string', default: 'eu+' },
    splits: { type: 'string', default: 'dev,devtest' },
    json: { type: 'boolean', default: false },
  },
});
if (!v.flores) {
  console.error(USAGE);
  process.exit(2);
}

const langs = expandLangSets(v.langs.split(',')).map((c) => {
  const l = normalizeLang(c);
  if (!l) throw new Error(`unknown language ${c}`);
  return l;
});
const layout = await floresLayout(v.flores);
const texts = {};
for (const l of langs) {
  texts[l] = v.splits.split(',').flatMap((s) => {
    const file = [...(layout.get(s) ?? new Map())].find(([code]) => normalizeLang(code) === l)?.[1];
    if (!file) throw new Error(`${l} has no ${s} file in ${v.flores}`);
    return readFileSync(file, 'utf8').replace(/\n$/, '').split('\n');
  });
}

const checker = new LangChecker(langs);
const ranks = new Map();
checker.rank = ((rank) => (t) => {
  let r = ranks.get(t);
  if (!r) ranks.set(t, (r = rank(t)));
  return r;
})(checker.rank.bind(checker));

/** What the rule makes of label L on a column of texts. */
function column(label, lines) {
  const texts = lines.map((t) => judgedOf(checker.judge(label, t)));
  let judged = 0;
  let doubted = 0;
  let rejected = 0;
  let worstWindow = 0;
  texts.forEach((x, k) => {
    if (x.state < 2) return;
    judged++;
    if (x.state !== 2) doubted++;
    const win = texts.slice(Math.max(0, k - WINDOW), k + WINDOW + 1).filter((w) => w.state >= 2);
    worstWindow = Math.max(worstWindow, win.filter((w) => w.state !== 2).length / win.length);
    if (rejects(x, win)) rejected++;
  });
  return { judged, doubted, rejected, worstWindow };
}

const perLang = langs.map((l) => ({ lang: l, name: languageName(l), ...column(l, texts[l]) }));
const pairs = [];
for (const a of langs)
  for (const b of langs) if (a !== b) pairs.push({ label: a, holds: b, ...column(a, texts[b]) });
pairs.sort((x, y) => x.rejected / x.judged - y.rejected / y.judged);

const total = perLang.reduce((n, r) => n + r.judged, 0);
const summary = {
  folder: v.flores,
  splits: v.splits,
  minLetters: MIN_LETTERS,
  window: WINDOW,
  textsJudged: total,
  doubted: perLang.reduce((n, r) => n + r.doubted, 0),
  falsePositives: perLang.reduce((n, r) => n + r.rejected, 0),
  worstCorrectWindow: Math.max(...perLang.map((r) => r.worstWindow)),
  weakestPair: pairs[0] && { ...pairs[0], share: pairs[0].rejected / pairs[0].judged },
};
if (v.json) {
  console.log(JSON.stringify({ summary, perLang, pairs }, null, 2));
} else {
  const pct = (x) => `${(100 * x).toFixed(1)} %`;
  console.log('lang  judged  doubted  rejected  most doubted window');
  for (const r of perLang)
    console.log(
      `${r.lang.padEnd(5)} ${String(r.judged).padStart(6)}  ${pct(r.doubted / r.judged).padStart(7)}  ${String(r.rejected).padStart(8)}  ${pct(r.worstWindow).padStart(7)}`,
    );
  console.log(
    `\n${summary.textsJudged} texts of ${MIN_LETTERS}+ letters judged, ${pct(summary.doubted / summary.textsJudged)} doubted, ${summary.falsePositives} rejected; the most doubted window of a correct column: ${pct(summary.worstCorrectWindow)}`,
  );
  console.log(`${pairs.length} ordered pairs; the 5 with the smallest share of their texts rejected:`);
  for (const p of pairs.slice(0, 5))
    console.log(
      `  ${p.holds} texts labelled ${p.label}: ${pct(p.rejected / p.judged)} of ${p.judged} rejected`,
    );
}
