// What a run found, in sentences computed from its rows: the takeaways slide, the slide titles, the report's
// list of findings and the terminal all read them from here, so they say the same thing in the same words.
//   part1      the claim's first half, per part-1 subject (ChatGPT then and today)
//   part2      the second half on both of its readings: the whole overhead, and the tokenizer's own share
//   languages  (more than MANY_LANGS languages) which languages pay most, and which tokenizer is cheapest for each
//   models     today's models
//   bill       the workload's monthly bill on the models of the bill chart
import type { ClaimRow, ClaimVerdict, ModelRow, SummaryRow } from '../types.js';
import { EU_MEAN, languageName } from '../vocabulary.js';
import { fmtCi, fmtInt, fmtMoneyRounded, fmtPct, fmtPctRange } from './format.js';
import {
  billModels,
  corporaOf,
  corpusLabel,
  groupModels,
  isLegacyTokenizer,
  langOrder,
  MANY_LANGS,
  todaysModels,
  tokenizerCategories,
  wholeCorpus,
} from './selection.js';
import type { RunData } from './types.js';

export type FindingId = 'part1' | 'part2' | 'europe' | 'languages' | 'models' | 'bill';

export interface Finding {
  id: FindingId;
  /** One sentence for the takeaways, the report's findings and the terminal. */
  sentence: string;
  /** The title of the slide that shows it: the finding with its figures, short. */
  title: string;
}

/** "a", "a and b", "a, b and c"; past `max` items, "a, b, … and 3 more". */
export function listWords(xs: readonly string[], max = Infinity): string {
  const shown = xs.length > max ? [...xs.slice(0, max - 1), `${xs.length - max + 1} more`] : [...xs];
  if (shown.length <= 1) return shown.join('');
  return `${shown.slice(0, -1).join(', ')} and ${shown[shown.length - 1]}`;
}

/** Languages by name; many of them as a count. */
function langsPhrase(langs: readonly string[], max = 6): string {
  return langs.length > max ? `${langs.length} languages` : listWords(langs.map(languageName));
}

/** A claim subject's name without its parenthesis: "ChatGPT today (GPT-5.x, …)" → "ChatGPT today". */
export function shortSubject(name: string): string {
  // "ChatGPT before GPT-4o, until 13 May 2024 (GPT-4, GPT-3.5)" → "ChatGPT before GPT-4o": the dates and models
  // stay in the tables, the notes and data/claim.json.
  return name.replace(/\s*\([^)]*\)\s*$/, '').replace(/,.*$/, '') || name;
}

const measured = (r: ClaimRow) => r.verdict !== 'not measured' && Number.isFinite(r.overheadPct);
const band = (r: ClaimRow) => `${fmtPct(r.claimedPct, 0)} ± ${r.marginPct}`;

function span(rows: readonly { v: number }[], digits = 1): string {
  const vs = rows.map((r) => r.v).filter(Number.isFinite);
  return fmtPctRange(Math.min(...vs), Math.max(...vs), digits);
}

/** "within +30 ± 5 for German and Spanish, above it for French". */
function verdictWords(rows: readonly ClaimRow[], all: number, first = band(rows[0])): string {
  const words: Partial<Record<ClaimVerdict, string>> = {
    matches: 'within',
    above: 'above',
    below: 'below',
    inconclusive: 'inconclusive against',
  };
  const groups = new Map<string, string[]>();
  for (const r of rows) {
    const w = words[r.verdict];
    if (w) groups.set(w, [...(groups.get(w) ?? []), r.lang]);
  }
  const parts = [...groups].map(([w, langs], i) => {
    const target = i === 0 ? first : 'it';
    return langs.length === all && groups.size === 1
      ? `${w} ${target} in every language`
      : `${w} ${target} for ${langsPhrase(langs, 4)}`;
  });
  return listWords(parts);
}

// ---------------------------------------------------------------- the claim

function part1(rows: readonly ClaimRow[], langs: readonly string[]): Finding | undefined {
  const pr = rows.filter((r) => r.part === 1);
  // claim.json lists the subjects oldest first; the findings lead with today's. Subjects counted with the same
  // tokenizer have the same figures: one phrase under their names ("ChatGPT today and the week of the talk").
  const byTok = new Map<string, ClaimRow[][]>();
  for (const id of [...new Set(pr.map((r) => r.subject))].reverse()) {
    const mine = pr.filter((r) => r.subject === id && measured(r));
    if (mine.length) byTok.set(mine[0].tokenizer, [...(byTok.get(mine[0].tokenizer) ?? []), mine]);
  }
  const subjects = [...byTok.values()].map((g) => g[0]);
  const names = new Map(
    [...byTok.values()].map((g) => [
      g[0][0].subject,
      listWords(
        g.map((s, i) =>
          i ? shortSubject(s[0].subjectName).replace(/^ChatGPT /, '') : shortSubject(s[0].subjectName),
        ),
      ),
    ]),
  );
  const nameOf = (s: ClaimRow[]) => names.get(s[0].subject)!;
  if (!subjects.length) return undefined;
  const range = (s: ClaimRow[], digits = 1) =>
    span(
      s.map((r) => ({ v: r.overheadPct })),
      digits,
    );
  const phrases = subjects.map((s, i) =>
    i === 0
      ? `${nameOf(s)} (${s[0].tokenizer}) ${byTok.get(s[0].tokenizer)!.length > 1 ? 'cost' : 'costs'} ${range(s)} more tokens in ${langsPhrase(langs)}, ${verdictWords(s, langs.length)}`
      : `${nameOf(s)} (${s[0].tokenizer}) ${range(s)}, ${verdictWords(s, langs.length, 'it')}`,
  );
  const title = subjects
    .map((s, i) =>
      i === 0
        ? `${shortSubject(s[0].subjectName)} costs ${range(s, 0)} more tokens${langs.length <= 3 ? ` in ${langsPhrase(langs)}` : ''}`
        : `${shortSubject(s[0].subjectName)}, ${range(s, 0)}`,
    )
    .join('; ');
  return {
    id: 'part1',
    sentence: `Part 1, about ${fmtPct(pr[0].claimedPct, 0)} for ChatGPT: ${phrases.join('; ')}.`,
    title,
  };
}

/** One part-2 subject on both readings: the whole overhead, and the tokenizer's own share. */
function part2Subject(s: readonly ClaimRow[]): { phrase: string; title: string } {
  const name = shortSubject(s[0].subjectName);
  const whole = s.filter((r) => r.verdict === 'matches');
  const own = s.filter((r) => r.verdict !== 'matches' && r.tokenizerVerdict === 'matches');
  const rest = s.filter((r) => !whole.includes(r) && !own.includes(r));
  const pcts = (rs: readonly ClaimRow[], f: (r: ClaimRow) => number) =>
    listWords(rs.map((r) => fmtPct(f(r))));
  const clauses: string[] = [];
  if (whole.length)
    clauses.push(
      `removes the whole surcharge for ${langsPhrase(whole.map((r) => r.lang))} (${pcts(whole, (r) => r.overheadPct)}, within ${band(s[0])})`,
    );
  if (own.length)
    clauses.push(
      `removes the tokenizer's own surcharge for ${langsPhrase(own.map((r) => r.lang))} (${pcts(own, (r) => r.tokenizerPct)}) but not the ${pcts(own, (r) => r.lengthPct)} the longer text costs (${pcts(own, (r) => r.overheadPct)} in all)`,
    );
  if (rest.length) {
    // Without an interval for the tokenizer's share (an older claim.csv) only the whole overhead has a verdict.
    const shareKnown = rest.every((r) => r.tokenizerVerdict !== 'not measured');
    const verb = shareKnown ? 'removes neither' : 'does not remove the surcharge';
    const share = `tokenizer's share ${span(rest.map((r) => ({ v: r.tokenizerPct })))}${shareKnown ? '' : ', no interval'}`;
    const where = clauses.length
      ? `for ${langsPhrase(rest.map((r) => r.lang))} it ${verb}`
      : rest.length === s.length
        ? verb
        : `${verb} for ${langsPhrase(rest.map((r) => r.lang))}`;
    clauses.push(`${where} (${span(rest.map((r) => ({ v: r.overheadPct })))}, ${share})`);
  }
  let title: string;
  if (whole.length)
    title = `${name} removes the surcharge for ${langsPhrase(
      whole.map((r) => r.lang),
      3,
    )} (${pcts(whole, (r) => r.overheadPct)})`;
  else if (own.length)
    title = `${name} removes the tokenizer's surcharge for ${langsPhrase(
      own.map((r) => r.lang),
      3,
    )} (${span(own.map((r) => ({ v: r.tokenizerPct })))}), not the longer text's (${span(own.map((r) => ({ v: r.lengthPct })))})`;
  else
    title = `${name} does not remove the surcharge: ${span(
      s.map((r) => ({ v: r.overheadPct })),
      0,
    )} more tokens`;
  return { phrase: `${name} ${clauses.join('; ')}`, title };
}

function part2(rows: readonly ClaimRow[]): Finding | undefined {
  const pr = rows.filter((r) => r.part === 2);
  if (!pr.length) return undefined;
  const subjects = [...new Set(pr.map((r) => r.subject))].map((s) => pr.filter((r) => r.subject === s));
  const done = subjects.filter((s) => s.some(measured)).map((s) => s.filter(measured));
  const missing = subjects.filter((s) => !s.some(measured)).map((s) => shortSubject(s[0].subjectName));
  const lead = `Part 2, a European tokenizer removes the surcharge (read as ${band(pr[0])})`;
  if (!done.length)
    return {
      id: 'part2',
      sentence: `${lead}: not measured in this run (${listWords(missing)}).`,
      title: `Part 2 not measured: ${listWords(missing)} missing from this run`,
    };
  const [first, ...others] = done.map(part2Subject);
  const otherText = others.length
    ? others.length <= 2
      ? `; ${others.map((o) => o.phrase).join('; ')}`
      : `; ${others.length} other European tokenizers: ${span(
          done
            .slice(1)
            .flat()
            .map((r) => ({ v: r.overheadPct })),
        )} more tokens`
    : '';
  const notMeasured = missing.length ? ` (${listWords(missing)} not measured)` : '';
  return {
    id: 'part2',
    sentence: `${lead}${notMeasured}: ${first.phrase}${otherText}.`,
    title: first.title,
  };
}

// ---------------------------------------------------------------- across Europe

/**
 * The claim across the official EU languages a run measures (claim.csv's EU-wide rows): per subject tokenizer, the
 * equal-weight mean overhead with its interval and verdict; for part 2 also the tokenizer's own share.
 */
function europeFinding(rows: readonly ClaimRow[]): Finding | undefined {
  const done = rows.filter(measured);
  if (!done.length) return undefined;
  const n = /over the (\d+) official/.exec(done[0].note ?? '')?.[1] ?? 'the';
  // One clause a tokenizer: subjects on the same tokenizer share their figures.
  const byTok = new Map<string, ClaimRow[]>();
  for (const r of done)
    byTok.set(`${r.part}\0${r.tokenizer}`, [...(byTok.get(`${r.part}\0${r.tokenizer}`) ?? []), r]);
  const verdictWord = (v: ClaimVerdict, r: ClaimRow, claimed = r.claimedPct) =>
    v === 'matches'
      ? `within ${fmtPct(claimed, 0)} ± ${r.marginPct}`
      : v === 'inconclusive'
        ? `inconclusive against ${fmtPct(claimed, 0)} ± ${r.marginPct}`
        : v === 'above' || v === 'below'
          ? `${v} ${fmtPct(claimed, 0)} ± ${r.marginPct}`
          : v;
  const clauses = [...byTok.values()].map((g) => {
    const r = g[0];
    const names = listWords([...new Set(g.map((x) => shortSubject(x.subjectName)))]);
    const whole = `${fmtPct(r.overheadPct)} ${fmtCi(r.ciLowPct, r.ciHighPct)}, ${verdictWord(r.verdict, r)}`;
    if (r.part === 1) return `${names} (${r.tokenizer}) ${whole}`;
    return `${names} ${whole}, its own share ${fmtPct(r.tokenizerPct)} ${fmtCi(r.tokenizerCiLowPct, r.tokenizerCiHighPct)}, ${verdictWord(r.tokenizerVerdict, r, 0)}`;
  });
  const part2 = done.filter((r) => r.part === 2);
  const removes = part2.filter((r) => r.verdict === 'matches');
  const ownOnly = part2.filter((r) => r.verdict !== 'matches' && r.tokenizerVerdict === 'matches');
  const answer = !part2.length
    ? ''
    : removes.length
      ? ` ${listWords([...new Set(removes.map((r) => shortSubject(r.subjectName)))])} removes the surcharge across Europe.`
      : ownOnly.length
        ? ` No European tokenizer removes the surcharge across Europe; ${listWords([...new Set(ownOnly.map((r) => shortSubject(r.subjectName)))])} removes its own share of it.`
        : ' No European tokenizer measured removes the surcharge across Europe, nor its own share of it.';
  const best = [...part2].sort((a, b) => a.overheadPct - b.overheadPct)[0];
  return {
    id: 'europe',
    sentence: `Across the ${n} official EU languages measured (equal-weight mean, ${done[0].segments === undefined ? '?' : fmtInt(done[0].segments)} segments each): ${clauses.join('; ')}.${answer}`,
    title: best
      ? `Across ${n} EU languages, the best European tokenizer (${shortSubject(best.subjectName)}) still costs ${fmtPct(best.overheadPct, 0)} more tokens`
      : `Across ${n} EU languages, ChatGPT costs ${fmtPct(done[0].overheadPct, 0)} more tokens`,
  };
}

// ---------------------------------------------------------------- many languages

function languagesFinding(
  summary: readonly SummaryRow[],
  rows: readonly ClaimRow[],
  baseline: string,
): Finding | undefined {
  const usable = summary.filter((r) => r.lang !== baseline && !isLegacyTokenizer(r.tokenizer));
  const langs = langOrder(usable, baseline);
  if (langs.length <= MANY_LANGS) return undefined;
  // Which languages pay most: on today's ChatGPT tokenizer when measured, else the mean over the tokenizers.
  const today = rows.find((r) => r.part === 1 && r.subject.includes('today') && measured(r))?.tokenizer;
  const on = today && usable.some((r) => r.tokenizer === today) ? today : undefined;
  const cost = (l: string) => {
    const mine = usable.filter((r) => r.lang === l && (!on || r.tokenizer === on)).map((r) => r.overheadPct);
    return mine.reduce((a, b) => a + b, 0) / mine.length;
  };
  const ranked = [...langs].sort((a, b) => cost(b) - cost(a));
  const top = ranked.slice(0, 3);
  const where = on ? `on ${on}` : 'on average over the tokenizers';
  const cheapest = new Map<string, string[]>();
  for (const l of langs) {
    const best = usable.filter((r) => r.lang === l).sort((a, b) => a.overheadPct - b.overheadPct)[0];
    cheapest.set(best.tokenizer, [...(cheapest.get(best.tokenizer) ?? []), l]);
  }
  const helps = [...cheapest]
    .sort((a, b) => b[1].length - a[1].length)
    .map(
      ([t, ls]) =>
        `${t} for ${ls.length > 4 ? `${ls.length} (${listWords(ls.map(languageName), 3)})` : listWords(ls.map(languageName))}`,
    );
  return {
    id: 'languages',
    sentence: `Of the ${langs.length} languages, ${listWords(top.map(languageName))} pay most ${where} (${listWords(top.map((l) => fmtPct(cost(l))))}) and ${languageName(ranked[ranked.length - 1])} least (${fmtPct(cost(ranked[ranked.length - 1]))}); the cheapest tokenizer is ${listWords(helps)}.`,
    title: `${listWords(top.map(languageName))} pay most: ${listWords(top.map((l) => fmtPct(cost(l), 0)))} ${where}`,
  };
}

// ---------------------------------------------------------------- today's models and the bill

function modelsFinding(
  models: readonly ModelRow[],
  baseline: string,
  langs: readonly string[],
): Finding | undefined {
  const today = groupModels(todaysModels(models));
  if (!today.length) return undefined;
  const counted = today.filter((g) => g[0].countedBy !== 'not measured');
  const rows = counted.flat().filter((r) => r.lang !== baseline && r.overheadPct !== undefined);
  const notMeasured = today.length - counted.length;
  const unmeasured = notMeasured
    ? `; ${notMeasured} of the ${today.length} ${notMeasured === 1 ? 'was' : 'were'} not measured (provider counting API or tokenizer not available)`
    : '';
  if (!rows.length)
    return {
      id: 'models',
      sentence: `Today's models: none of the ${today.length} was measured in this run${unmeasured ? '' : ''}.`,
      title: "Today's models: none measured in this run",
    };
  const byTok = new Map<string, ModelRow[]>();
  for (const r of rows) byTok.set(r.tokenizer, [...(byTok.get(r.tokenizer) ?? []), r]);
  const mean = (rs: ModelRow[]) => rs.reduce((a, r) => a + r.overheadPct!, 0) / rs.length;
  const toks = [...byTok].sort((a, b) => mean(a[1]) - mean(b[1]));
  const n = (rs: ModelRow[]) => new Set(rs.map((r) => `${r.provider}/${r.model}`)).size;
  const describe = ([t, rs]: [string, ModelRow[]]) =>
    `${t} (${n(rs)} model${n(rs) === 1 ? '' : 's'}, ${span(rs.map((r) => ({ v: r.overheadPct! })))})`;
  const approx = counted.filter((g) => g[0].countedBy === 'approx').length;
  const ends =
    toks.length > 1
      ? `: least on ${describe(toks[0])}, most on ${describe(toks[toks.length - 1])}`
      : ` on ${toks[0][0]}`;
  return {
    id: 'models',
    sentence: `Today's models: the ${counted.length} measured cost ${span(rows.map((r) => ({ v: r.overheadPct! })))} more tokens in ${langsPhrase(langs)}${ends}${approx ? ` (${approx} counted with a declared stand-in tokenizer)` : ''}${unmeasured}.`,
    title: `Today's models cost ${span(
      rows.map((r) => ({ v: r.overheadPct! })),
      0,
    )} more tokens in ${langsPhrase(langs, 3)}`,
  };
}

function billFinding(run: RunData, corpus: string, langs: readonly string[]): Finding | undefined {
  const a = run.analysis;
  const w = a.options.workload;
  if (!a.models || !w) return undefined;
  const baseline = a.options.baseline;
  const cur = a.options.currency;
  const sel = billSelection(run, corpus);
  const other = sel.rows.filter(
    (r) => r.lang !== baseline && r.extraUsd !== undefined && r.extraPct !== undefined,
  );
  if (!other.length) return undefined;
  const max = other.reduce((m, r) => (r.extraUsd! > m.extraUsd! ? r : m));
  const n = new Set(sel.rows.map((r) => `${r.provider}/${r.model}`)).size;
  const dates = [...new Set(sel.rows.map((r) => r.priceDate).filter(Boolean))].sort();
  const pcts = span(
    other.map((r) => ({ v: r.extraPct! })),
    0,
  );
  return {
    id: 'bill',
    sentence: `The bill of the "${w.name}" workload (${fmtInt(w.requestsPerMonth)} requests a month, list prices of ${listWords(dates) || 'an unknown date'}): the same content costs ${pcts} more a month in ${langsPhrase(langs)} than in ${languageName(baseline)} on the ${n} models of the bill chart; the largest extra is ${fmtMoneyRounded(max.extraUsd, cur, true)} a month (${max.model}, ${languageName(max.lang)}, ${fmtPct(max.extraPct, 0)}).`,
    title: `The bill: ${pcts} a month in ${langsPhrase(langs, 3)}; up to ${fmtMoneyRounded(max.extraUsd, cur, true)} a month (${max.model})`,
  };
}

/** The bill chart's models for a corpus of the run (--bill-models, or the default rule). */
export function billSelection(run: RunData, corpus: string) {
  const a = run.analysis;
  const cat = tokenizerCategories(run);
  return billModels(a.models ?? [], {
    corpus,
    baseline: a.options.baseline,
    ids: a.options.billModels,
    category: (t) => cat.get(t),
  });
}

// ---------------------------------------------------------------- chart and comparison titles

/** The overhead chart's finding: the range over today's tokenizers, and what the longer text alone costs. */
export function overheadTitle(run: RunData, corpus = findingsCorpus(run)): string | undefined {
  const base = run.analysis.options.baseline;
  const rows = wholeCorpus(run.analysis.summary, corpus).filter(
    (r) => r.lang !== base && !isLegacyTokenizer(r.tokenizer),
  );
  if (!rows.length) return undefined;
  const lo = rows.reduce((m, r) => (r.overheadPct < m.overheadPct ? r : m));
  const hi = rows.reduce((m, r) => (r.overheadPct > m.overheadPct ? r : m));
  const floors = langOrder(rows, base).map((l) => {
    const r = rows.find((x) => x.lang === l && x.baselineChars > 0);
    return { v: r ? 100 * (r.chars / r.baselineChars - 1) : NaN };
  });
  const range = fmtPctRange(lo.overheadPct, hi.overheadPct, 0);
  const head =
    lo.overheadPct > 0 ? `${range} more tokens on every tokenizer and language` : `From ${range} tokens`;
  return `${head}; the longer text alone costs ${span(floors, 0)}`;
}

/** The efficiency chart's finding: which tokenizer needs the fewest tokens for the same text. */
export function efficiencyTitle(run: RunData, corpus = findingsCorpus(run)): string | undefined {
  const base = run.analysis.options.baseline;
  const rows = wholeCorpus(run.analysis.efficiency, corpus).filter(
    (r) => r.tokenizer !== r.reference && !isLegacyTokenizer(r.tokenizer),
  );
  if (!rows.length) return undefined;
  const ref = rows[0].reference;
  const others = rows.filter((r) => r.lang !== base);
  const pool = others.length ? others : rows;
  const avg = (t: string) => {
    const xs = pool.filter((r) => r.tokenizer === t).map((r) => r.relativePct);
    return xs.reduce((a, b) => a + b, 0) / xs.length;
  };
  const best = [...new Set(pool.map((r) => r.tokenizer))].sort((a, b) => avg(a) - avg(b))[0];
  const mine = pool.filter((r) => r.tokenizer === best);
  const langs = langOrder(mine, base);
  const fewer = avg(best) < 0;
  return `${best} needs the ${fewer ? 'fewest' : 'least extra'} tokens: ${span(
    mine.map((r) => ({ v: r.relativePct })),
    0,
  )} against ${ref} in ${langsPhrase(langs, 3)}`;
}

/** With several corpora: each part-1 and part-2 subject's overhead range per corpus, for the comparison slide. */
export function corporaTitle(run: RunData): string | undefined {
  const a = run.analysis;
  const ids = corporaOf(a.summary, a.headline.corpus);
  if (ids.length < 2) return undefined;
  const claim = (a.claim ?? []).filter(measured);
  const subject = [...claim.filter((r) => r.part === 1)].reverse()[0] ?? claim[0];
  if (!subject) return `${ids.length} corpora measured`;
  const rows = claim.filter((r) => r.subject === subject.subject);
  return `Across the ${ids.length} corpora, ${shortSubject(subject.subjectName)} costs ${span(
    rows.map((r) => ({ v: r.overheadPct })),
    0,
  )} more tokens`;
}

// ---------------------------------------------------------------- entry points

/** The corpus the findings are about: the headline's (the run's first). */
export function findingsCorpus(run: RunData): string {
  const a = run.analysis;
  return corporaOf(a.summary, a.headline.corpus)[0] ?? a.headline.corpus ?? '';
}

/** The run's findings on one corpus (default: the headline corpus), 3 to 5 of them when the run has the data. */
export function findings(run: RunData, corpus = findingsCorpus(run)): Finding[] {
  const a = run.analysis;
  const baseline = a.options.baseline;
  const summary = wholeCorpus(a.summary, corpus);
  const langs = langOrder(summary, baseline).filter((l) => l !== baseline);
  const all = (a.claim ?? a.headline.claim ?? []).filter((r) => r.corpus === corpus);
  // The EU-wide rows (claim.csv's mean over the official EU languages) get a finding of their own.
  const claim = all.filter((r) => r.lang !== EU_MEAN);
  const out = [
    part1(claim, langs),
    part2(claim),
    europeFinding(all.filter((r) => r.lang === EU_MEAN)),
    languagesFinding(summary, claim, baseline),
    modelsFinding(todaysModels(a.models ?? [], corpus), baseline, langs),
    billFinding(run, corpus, langs),
  ];
  return out.filter((f): f is Finding => !!f);
}

/** With several corpora: which one the findings are about, and why, in one sentence. */
export function corpusNote(run: RunData): string | undefined {
  const ids = corporaOf(run.analysis.summary, run.analysis.headline.corpus);
  if (ids.length < 2) return undefined;
  const m = run.manifest;
  return `Figures on ${corpusLabel(m, ids[0])}, the run's first corpus; ${listWords(ids.slice(1).map((c) => corpusLabel(m, c)))} ${ids.length > 2 ? 'are' : 'is'} compared with it in "Across the corpora" and in report.md.`;
}
