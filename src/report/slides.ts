// slides.pptx: a 16:9 deck built with pptxgenjs from a run's figures and the chart PNGs of charts.ts, in the
// charts' colours and font, with speaker notes that say each slide's numbers in words.
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import pptxgenjs from 'pptxgenjs';
import { outputError } from '../errors.js';
import type { ClaimRow, CostRow, EfficiencyRow, ModelRow, SummaryRow, TokenizerCategory } from '../types.js';
import { isServed } from '../types.js';
import { writeCharts, type ChartFile, type ChartName } from './charts.js';
import { FONT_FAMILY, FONT_STACK } from './fonts.js';
import { fmtCi, fmtCorpus, fmtDate, fmtInt, fmtMoney, fmtMoneySigned, fmtNum, fmtPct } from './format.js';
import { CATEGORY_LABELS, CATEGORY_ORDER, categoryRank, languageName } from '../vocabulary.js';
import { claimFinding } from '../analysis/index.js';
import { CATEGORY_COLORS, COLORS } from './theme.js';
import type { RunData } from './types.js';

type Pres = pptxgenjs.default;
type Slide = pptxgenjs.default.Slide;
type TableRow = pptxgenjs.default.TableRow;
type TextRun = pptxgenjs.default.TextProps;
// The ESM build's default export is the class, but the CommonJS-style .d.ts makes TypeScript see a namespace.
const PptxGen = ((pptxgenjs as unknown as { default?: new () => Pres }).default ??
  pptxgenjs) as unknown as new () => Pres;

export const SLIDES_FILE = 'slides.pptx';

/** The slides in order (tests and the notes refer to them by these names). */
export const SLIDE_ORDER = [
  'title',
  'claim-1',
  'claim-2',
  'models',
  'bill',
  'overhead',
  'efficiency',
  'methods',
] as const;

export interface SlidesOptions {
  log?: (line: string) => void;
}

// ---------------------------------------------------------------- look

// LAYOUT_WIDE: 13.333 × 7.5 in, i.e. 16:9 like the 1920×1080 charts, so a chart fills a slide exactly.
const W = 13.333;
const H = 7.5;
const M = 0.6;
/**
 * The charts' font stack is "Liberation Sans, Arial, …": a .pptx names one face, and Arial (metric-compatible
 * with Liberation Sans, which LibreOffice substitutes for it) is present wherever PowerPoint runs.
 */
const FACE =
  FONT_STACK.split(',')
    .map((f) => f.trim())
    .find((f) => f === 'Arial') ?? FONT_FAMILY;
const hex = (c: string) => c.replace(/^#/, '').toUpperCase();
const C = {
  text: hex(COLORS.text),
  muted: hex(COLORS.muted),
  grid: hex(COLORS.grid),
  accent: hex(COLORS.accent),
  claim: hex(COLORS.claim),
  bg: hex(COLORS.background),
  panel: 'F6F8FA',
};
const catColor = (c: TokenizerCategory) => hex(CATEGORY_COLORS[c] ?? COLORS.muted);
const catLabel = (c: TokenizerCategory) => CATEGORY_LABELS[c] ?? c;

const MASTER_TEXT = 'TOKENTAX_TEXT';
const MASTER_CHART = 'TOKENTAX_CHART';

// ---------------------------------------------------------------- words for the notes

const NBSP = /\u00a0/g;
/** "57.9 per cent more" / "3.1 per cent fewer" (same rounding as fmtPct). */
function pctMore(x: number, digits = 1, more = 'more', fewer = 'fewer'): string {
  if (!Number.isFinite(x)) return 'not available';
  const s = fmtNum(Math.abs(x), digits);
  if (Number(s) === 0) return `no ${more === 'more' ? 'difference' : 'change'}`;
  return `${s} per cent ${x > 0 ? more : fewer}`;
}
/** "56.5 to 59.3 per cent" for an interval. */
function ciWords(low: number, high: number, digits = 1): string {
  if (!Number.isFinite(low) || !Number.isFinite(high)) return 'not available';
  const f = (x: number) => (x < 0 ? `minus ${fmtNum(-x, digits)}` : fmtNum(x, digits));
  return `${f(low)} to ${f(high)} per cent`;
}
const plain = (s: string) => s.replace(NBSP, ' ');

function listWords(xs: string[]): string {
  if (xs.length <= 1) return xs.join('');
  return `${xs.slice(0, -1).join(', ')} and ${xs[xs.length - 1]}`;
}

// ---------------------------------------------------------------- data selection

/** Rows over the whole corpus: domain "all" when present, else the first domain. */
function whole<T extends { corpus: string; domain: string }>(rows: readonly T[], corpus: string): T[] {
  const mine = rows.filter((r) => r.corpus === corpus);
  const all = mine.filter((r) => r.domain === 'all');
  return all.length ? all : mine.filter((r) => r.domain === mine[0]?.domain);
}

function tokenizerOrder(rows: readonly { tokenizer: string; category: TokenizerCategory }[]): string[] {
  const cat = new Map(rows.map((r) => [r.tokenizer, r.category]));
  return [...cat.keys()].sort(
    (a, b) => categoryRank(cat.get(a)!) - categoryRank(cat.get(b)!) || a.localeCompare(b),
  );
}

function langOrder(rows: readonly { lang: string }[], baseline: string): string[] {
  const seen = [...new Set(rows.map((r) => r.lang))];
  return [...seen.filter((l) => l === baseline), ...seen.filter((l) => l !== baseline)];
}

interface DeckData {
  run: RunData;
  corpus: string;
  corpusLabel: string;
  segments?: number;
  baseline: string;
  base: string;
  langs: string[];
  otherLangs: string[];
  summary: SummaryRow[];
  efficiency: EfficiencyRow[];
  costs: CostRow[];
  claim: ClaimRow[];
  models: ModelRow[];
  tokenizers: string[];
  footer: string;
  date: string;
}

function deckData(run: RunData): DeckData {
  const a = run.analysis;
  const corpora = [...new Set(a.summary.map((r) => r.corpus))];
  const corpus =
    a.headline.corpus && corpora.includes(a.headline.corpus)
      ? a.headline.corpus
      : (corpora[0] ?? a.headline.corpus ?? '');
  const c = run.manifest.corpora.find((x) => x.id === corpus);
  const corpusLabel = fmtCorpus(c?.name, corpus);
  const summary = whole(a.summary, corpus);
  const baseline = a.options.baseline;
  const langs = langOrder(summary, baseline);
  const date = fmtDate(run.manifest.startedAt);
  return {
    run,
    corpus,
    corpusLabel,
    segments: c?.report.used ?? summary[0]?.segments,
    baseline,
    base: languageName(baseline),
    langs,
    otherLangs: langs.filter((l) => l !== baseline),
    summary,
    efficiency: whole(a.efficiency, corpus),
    costs: a.costs.filter((r) => r.corpus === corpus),
    claim: (a.claim ?? a.headline.claim ?? []).filter((r) => r.corpus === corpus),
    models: (a.models ?? []).filter((r) => r.corpus === corpus),
    tokenizers: tokenizerOrder(summary),
    footer: `${corpusLabel}  ·  run ${date}  ·  ${run.manifest.tool.name} ${run.manifest.tool.version}`,
    date,
  };
}

// ---------------------------------------------------------------- building blocks

function defineMasters(pres: Pres, d: DeckData): void {
  pres.defineSlideMaster({
    title: MASTER_TEXT,
    background: { color: C.bg },
    objects: [
      { rect: { x: 0, y: 0, w: 0.14, h: H, fill: { color: C.accent }, line: { color: C.accent } } },
      { line: { x: M, y: H - 0.55, w: W - 2 * M, h: 0, line: { color: C.grid, width: 1 } } },
      {
        text: {
          text: d.footer,
          options: {
            x: M,
            y: H - 0.5,
            w: W - 2 * M - 1,
            h: 0.35,
            fontFace: FACE,
            fontSize: 11,
            color: C.muted,
            valign: 'middle',
          },
        },
      },
    ],
    slideNumber: {
      x: W - M - 0.6,
      y: H - 0.5,
      w: 0.6,
      h: 0.35,
      fontFace: FACE,
      fontSize: 11,
      color: C.muted,
      align: 'right',
    },
  });
  // Chart slides: the chart carries its own title and footer, so the master is empty.
  pres.defineSlideMaster({ title: MASTER_CHART, background: { color: C.bg }, objects: [] });
}

function titleBlock(slide: Slide, title: string, subtitle?: string): void {
  slide.addText(title, {
    x: M,
    y: 0.35,
    w: W - 2 * M,
    h: 0.75,
    fontFace: FACE,
    fontSize: 30,
    bold: true,
    color: C.text,
    valign: 'top',
    margin: 0,
  });
  if (subtitle)
    slide.addText(subtitle, {
      x: M,
      y: 1.1,
      w: W - 2 * M,
      h: 0.5,
      fontFace: FACE,
      fontSize: 15,
      color: C.muted,
      valign: 'top',
      margin: 0,
    });
}

async function chartImage(
  slide: Slide,
  chart: ChartFile,
  box: { x: number; y: number; w: number },
): Promise<void> {
  const png = await readFile(chart.pngPath);
  const h = (box.w * chart.height) / chart.width;
  slide.addImage({
    data: `image/png;base64,${png.toString('base64')}`,
    x: box.x,
    y: box.y,
    w: box.w,
    h,
    altText: `${chart.title}. ${chart.description}`,
    objectName: `chart ${chart.name}`,
  });
}

/** A text slide in place of a chart the run could not draw (no reference tokenizer, no priced model). */
function missingChart(slide: Slide, title: string, why: string): void {
  titleBlock(slide, title);
  slide.addText(why, {
    x: M,
    y: 2.6,
    w: W - 2 * M,
    h: 1.2,
    fontFace: FACE,
    fontSize: 20,
    color: C.muted,
    align: 'center',
    valign: 'middle',
  });
}

// ---------------------------------------------------------------- the slides

function titleSlide(pres: Pres, d: DeckData): void {
  const s = pres.addSlide({ masterName: MASTER_CHART });
  const m = d.run.manifest;
  s.addShape('rect', { x: 0, y: 0, w: 0.3, h: H, fill: { color: C.accent }, line: { color: C.accent } });
  // The three category colours as a band: the deck's legend in one glance.
  CATEGORY_ORDER.forEach((c, i) => {
    s.addShape('rect', {
      x: 0.3 + (i * (W - 0.3)) / 3,
      y: H - 0.22,
      w: (W - 0.3) / 3,
      h: 0.22,
      fill: { color: catColor(c) },
      line: { color: catColor(c) },
    });
  });
  s.addText('The token tax', {
    x: 1.0,
    y: 1.5,
    w: W - 2,
    h: 1.1,
    fontFace: FACE,
    fontSize: 54,
    bold: true,
    color: C.text,
    margin: 0,
  });
  const others = d.otherLangs.map(languageName);
  s.addText(`How many more tokens ${listWords(others)} cost than ${d.base} for the same content`, {
    x: 1.0,
    y: 2.65,
    w: W - 2,
    h: 0.9,
    fontFace: FACE,
    fontSize: 24,
    color: C.muted,
    margin: 0,
    valign: 'top',
  });
  const nTok = d.tokenizers.length;
  const lines: TextRun[] = [
    { text: 'Corpus: ', options: { bold: true } },
    {
      text: `${d.corpusLabel}${d.segments !== undefined ? `, ${fmtInt(d.segments)} aligned segments` : ''}`,
      options: { breakLine: true },
    },
    { text: 'Tokenizers: ', options: { bold: true } },
    { text: `${nTok} (${d.tokenizers.join(', ')})`, options: { breakLine: true } },
    { text: 'Run: ', options: { bold: true } },
    {
      text: `${d.date}  ·  ${m.tool.name} ${m.tool.version}${m.tool.gitCommit ? ` (commit ${m.tool.gitCommit.slice(0, 7)})` : ''}`,
    },
  ];
  s.addText(lines, {
    x: 1.0,
    y: 4.2,
    w: W - 2,
    h: 1.8,
    fontFace: FACE,
    fontSize: 18,
    color: C.text,
    valign: 'top',
    margin: 0,
    paraSpaceAfter: 6,
  });
  s.addNotes(
    `This deck reports the token tax measured by ${m.tool.name} version ${m.tool.version} on ${d.date}. ` +
      `The corpus is ${d.corpusLabel}${d.segments !== undefined ? `, with ${fmtInt(d.segments)} aligned segments, the same content in every language` : ''}. ` +
      `${nTok} tokenizer${nTok === 1 ? ' was' : 's were'} measured: ${listWords(d.tokenizers)}. ` +
      `Every figure compares ${listWords(others)} with ${d.base}.`,
  );
}

// ---------------------------------------------------------------- the model view: claim, models, bill

/** A table of rows × languages on a text slide: the name column left, one column per language. */
function gridTable(
  s: Slide,
  head: string,
  rows: { name: string; sub?: string; cells: (TextRun[] | string)[] }[],
  langs: string[],
  top = 1.85,
): void {
  const border = { type: 'solid' as const, color: C.grid, pt: 0.75 };
  const none = { type: 'none' as const };
  const under: [typeof none, typeof none, typeof border, typeof none] = [none, none, border, none];
  const avail = H - top - 0.75;
  const rowH = Math.min(0.85, avail / (rows.length + 1));
  const fontSize = rows.length <= 5 ? 18 : rows.length <= 8 ? 14 : 11;
  const nameW = 4.2;
  const langW = (W - 2 * M - nameW) / Math.max(1, langs.length);
  const headRow: TableRow = [
    { text: head, options: { bold: true, color: C.muted, border: under } },
    ...langs.map((l) => ({
      text: languageName(l),
      options: { bold: true, color: C.muted, align: 'right' as const, border: under },
    })),
  ];
  const body: TableRow[] = rows.map(
    (r) =>
      [
        {
          text: r.sub
            ? [
                { text: r.name, options: { breakLine: true } },
                { text: r.sub, options: { fontSize: fontSize - 4, color: C.muted } },
              ]
            : r.name,
          options: { color: C.text, border: under },
        },
        ...r.cells.map((c) => ({ text: c, options: { align: 'right' as const, border: under } })),
      ] as TableRow,
  );
  s.addTable([headRow, ...body], {
    x: M,
    y: top,
    w: nameW + langW * langs.length,
    colW: [nameW, ...langs.map(() => langW)],
    rowH: [Math.min(0.45, rowH), ...rows.map(() => rowH)],
    fontFace: FACE,
    fontSize,
    color: C.text,
    valign: 'middle',
    margin: [0.03, 0.1, 0.03, 0.1],
  });
}

function claimSlide(pres: Pres, d: DeckData, part: 1 | 2): void {
  const s = pres.addSlide({ masterName: MASTER_TEXT });
  const a = d.run.analysis;
  const rows = d.claim.filter((r) => r.part === part);
  const conf = Math.round(a.options.confidence * 100);
  const claimPct = a.headline.claimPct;
  const title =
    part === 1
      ? `Claim, part 1: ChatGPT costs about +${claimPct} % more`
      : 'Claim, part 2: a European tokenizer removes the surcharge';
  if (!rows.length) {
    titleBlock(s, title);
    s.addText('This run has no claim check (it was written by an older tokentax): run it again.', {
      x: M,
      y: 2.6,
      w: W - 2 * M,
      h: 1.2,
      fontFace: FACE,
      fontSize: 20,
      color: C.muted,
      align: 'center',
      valign: 'middle',
    });
    s.addNotes(
      'This run folder holds no claim.csv, so the deck cannot show the claim check; run tokentax run again to get it.',
    );
    return;
  }
  const claimed = rows[0].claimedPct;
  const margin = rows[0].marginPct;
  titleBlock(
    s,
    title,
    `Extra tokens vs ${d.base} on ${d.corpusLabel}, ${conf} % CI; "matches" when the interval lies within ${plain(fmtPct(claimed, 0))} ± ${margin} points`,
  );
  const subjects = [...new Set(rows.map((r) => r.subject))];
  const langs = d.otherLangs;
  gridTable(
    s,
    part === 1 ? 'ChatGPT' : 'European tokenizer',
    subjects.map((id) => {
      const mine = rows.filter((r) => r.subject === id);
      return {
        name: mine[0].subjectName,
        sub: mine[0].tokenizer,
        cells: langs.map((l) => {
          const r = mine.find((x) => x.lang === l);
          if (!r || r.verdict === 'not measured') return 'not measured';
          return [
            { text: `${fmtPct(r.overheadPct)} `, options: { bold: true, color: C.text } },
            { text: fmtCi(r.ciLowPct, r.ciHighPct), options: { color: C.muted, breakLine: true } },
            {
              text: `${r.verdict} · length ${fmtPct(r.lengthPct)}, tokenizer ${fmtPct(r.tokenizerPct)} (${r.tokenizerVerdict} 0 ± ${r.marginPct})`,
              options: { color: C.muted, fontSize: 11 },
            },
          ];
        }),
      };
    }),
    langs,
  );
  const missing = [...new Set(rows.filter((r) => r.verdict === 'not measured').map((r) => r.subjectName))];
  const foot =
    part === 1
      ? 'ChatGPT at three dates, each on the tokenizer its models count with (sources and dates: data/claim.json, report.md). Length: the longer text in characters, which no tokenizer removes.'
      : `"Removes the surcharge" read as 0 %; in brackets, whether the tokenizer removes its own share.${missing.length ? ` Not measured in this run: ${missing.join(', ')}.` : ''} Length: the longer text in characters, which no tokenizer removes.`;
  s.addText(foot, {
    x: M,
    y: H - 1.2,
    w: W - 2 * M,
    h: 0.55,
    fontFace: FACE,
    fontSize: 12,
    color: C.muted,
    margin: 0,
    valign: 'top',
  });
  const lines = subjects.map((id) => {
    const mine = rows.filter((r) => r.subject === id);
    if (mine.every((r) => r.verdict === 'not measured'))
      return `${mine[0].subjectName}: not measured in this run. ${mine[0].note ?? ''}`.trim();
    const per = mine.map(
      (r) =>
        `${languageName(r.lang)} ${pctMore(r.overheadPct)}, interval ${ciWords(r.ciLowPct, r.ciHighPct)}, ${r.verdict}; of it, the longer text accounts for ${pctMore(r.lengthPct)} and the tokenizer for ${pctMore(r.tokenizerPct)}`,
    );
    // Part 2 in the sentence every view uses: both readings, the tokenizer's own share and the whole overhead.
    const found = part === 2 ? ` ${mine.map((r) => `${claimFinding(r)}.`).join(' ')}` : '';
    return `${mine[0].subjectName}, tokenizer ${mine[0].tokenizer}: ${per.join('; ')}.${found}`;
  });
  s.addNotes(
    [
      part === 1
        ? `The first half of the claim (${a.headline.claimSource}): an English-centric model such as ChatGPT costs about ${fmtNum(claimPct, 0)} per cent more in Spanish, French or German. A figure matches when its ${conf} per cent interval lies within ${fmtNum(claimed, 0)} plus or minus ${margin} points.`
        : `The second half of the claim: a European tokenizer removes that surcharge, read as an overhead of ${fmtNum(claimed, 0)} per cent, plus or minus ${margin} points.`,
      ...lines,
    ].join('\n'),
  );
}

function modelsSlide(pres: Pres, d: DeckData): void {
  const s = pres.addSlide({ masterName: MASTER_TEXT });
  const models = d.models.filter((r) => isServed(r.status));
  titleBlock(
    s,
    "Today's models",
    `Extra tokens vs ${d.base} on ${d.corpusLabel} by the tokenizer that counts each current model; list prices from ${d.run.analysis.priceSource?.name ?? 'prices.csv'}`,
  );
  if (!models.length) {
    s.addText('This run has no models.csv (an older tokentax): run it again for the model view.', {
      x: M,
      y: 2.6,
      w: W - 2 * M,
      h: 1.2,
      fontFace: FACE,
      fontSize: 20,
      color: C.muted,
      align: 'center',
      valign: 'middle',
    });
    s.addNotes("This run folder holds no models.csv, so the deck cannot show today's models.");
    return;
  }
  const counted = models.filter((r) => r.countedBy !== 'not measured');
  const byTok = new Map<string, string[]>();
  for (const r of counted)
    if (r.lang === d.baseline) byTok.set(r.tokenizer, [...(byTok.get(r.tokenizer) ?? []), r.model]);
  const groups = [...byTok].sort((a, b) => b[1].length - a[1].length);
  const langs = d.otherLangs;
  const names = (ms: string[]) =>
    ms.length > 4 ? `${ms.slice(0, 4).join(', ')} and ${ms.length - 4} more` : ms.join(', ');
  gridTable(
    s,
    'Counted with',
    groups.map(([tok, ms]) => ({
      name: `${tok} · ${ms.length} model${ms.length === 1 ? '' : 's'}`,
      sub: names(ms),
      cells: langs.map((l) => {
        const r = counted.find((x) => x.tokenizer === tok && x.lang === l);
        return r?.overheadPct !== undefined
          ? [
              { text: `${fmtPct(r.overheadPct)} `, options: { bold: true } },
              { text: fmtCi(r.ciLowPct ?? NaN, r.ciHighPct ?? NaN), options: { color: C.muted } },
            ]
          : '–';
      }),
    })),
    langs,
  );
  const notCounted = [
    ...new Set(
      models.filter((r) => r.countedBy === 'not measured' && r.lang === d.baseline).map((r) => r.provider),
    ),
  ].map(
    (p) =>
      `${p} ${models.filter((r) => r.provider === p && r.countedBy === 'not measured' && r.lang === d.baseline).length}`,
  );
  const foot = notCounted.length
    ? `Not measured in this run (provider counting API or tokenizer not available): ${notCounted.join(', ')} models; see report.md.`
    : 'Every current model of the catalog was measured.';
  s.addText(foot, {
    x: M,
    y: H - 1.2,
    w: W - 2 * M,
    h: 0.55,
    fontFace: FACE,
    fontSize: 12,
    color: C.muted,
    margin: 0,
    valign: 'top',
  });
  s.addNotes(
    [
      `Today's models, grouped by the tokenizer that counts them in this run. ${counted.length / Math.max(1, d.langs.length)} current models were counted.`,
      ...groups.map(
        ([tok, ms]) =>
          `${tok} counts ${listWords(ms)}: ${listWords(
            langs
              .map((l) => counted.find((x) => x.tokenizer === tok && x.lang === l))
              .filter((r): r is ModelRow => !!r)
              .map((r) => `${languageName(r.lang)} ${pctMore(r.overheadPct ?? NaN)}`),
          )}.`,
      ),
      foot,
    ].join('\n'),
  );
}

async function billSlide(pres: Pres, d: DeckData, chart: ChartFile | undefined): Promise<void> {
  const s = pres.addSlide({ masterName: MASTER_CHART });
  const a = d.run.analysis;
  const w = a.options.workload;
  const cur = a.options.currency;
  const billed = d.models.filter((r) => isServed(r.status) && r.bill);
  if (!chart || !billed.length || !w) {
    missingChart(
      s,
      'The bill',
      'No current model was both counted and priced in this run, so there is no bill.',
    );
    s.addNotes('No current model was both counted and priced in this run, so the deck has no bill.');
    return;
  }
  // The chart leaves room under the key figures for what the bill assumes.
  const chartW = 10.2;
  await chartImage(s, chart, { x: (W - chartW) / 2, y: 0.05, w: chartW });
  const other = billed.filter((r) => r.lang !== d.baseline && r.extraUsd !== undefined);
  const dates = [...new Set(billed.map((r) => r.priceDate).filter(Boolean))].sort();
  const figures: { big: string; label: string }[] = [];
  const max = other.reduce<ModelRow | undefined>(
    (m, r) => (!m || r.extraUsd! > m.extraUsd! ? r : m),
    undefined,
  );
  if (max)
    figures.push({
      big: `${fmtMoneySigned(max.extraUsd, cur)} / month`,
      label: `largest extra: ${max.model}, ${languageName(max.lang)} (${plain(fmtPct(max.extraPct, 0))})`,
    });
  if (other.length) {
    const lo = Math.min(...other.map((r) => r.extraPct ?? NaN));
    const hi = Math.max(...other.map((r) => r.extraPct ?? NaN));
    figures.push({
      big: `${fmtPct(lo, 0)} to ${fmtPct(hi, 0)}`,
      label: `extra over ${d.base} on the monthly bill, ${new Set(billed.map((r) => r.model)).size} current models`,
    });
  }
  figures.push({
    big: w.name,
    label: `${fmtInt(w.requestsPerMonth)} requests/month, ${fmtInt(w.inputWords)} words in, ${fmtInt(w.outputWords)} out`,
  });
  figures.push({
    big: dates.join(', ') || 'n/a',
    label: `prices: ${a.priceSource?.name ?? 'prices.csv'}${cur ? `; ${cur.code} at ${cur.perUsd}/USD` : ''}`,
  });
  const y = 5.85;
  const gap = 0.25;
  const fw = (W - 2 * M - gap * (figures.length - 1)) / figures.length;
  figures.forEach((f, i) => {
    const x = M + i * (fw + gap);
    s.addShape('rect', { x, y, w: 0.06, h: 0.95, fill: { color: C.accent }, line: { color: C.accent } });
    s.addText(f.big, {
      x: x + 0.18,
      y,
      w: fw - 0.2,
      h: 0.45,
      fontFace: FACE,
      fontSize: f.big.length > 18 ? 16 : 22,
      bold: true,
      color: C.text,
      margin: 0,
      valign: 'middle',
    });
    s.addText(f.label, {
      x: x + 0.18,
      y: y + 0.45,
      w: fw - 0.2,
      h: 0.5,
      fontFace: FACE,
      fontSize: 11,
      color: C.muted,
      margin: 0,
      valign: 'top',
    });
  });
  const caveats = a.billCaveats ?? [];
  if (caveats.length)
    s.addText(`What the bill assumes: ${caveats.join(' ')}`, {
      x: M,
      y: 6.85,
      w: W - 2 * M,
      h: 0.6,
      fontFace: FACE,
      fontSize: 8,
      color: C.muted,
      margin: 0,
      valign: 'top',
    });
  const money = (usd: number) => plain(fmtMoney(usd, cur));
  s.addNotes(
    [
      `The monthly bill of the ${w.name} workload: ${fmtInt(w.requestsPerMonth)} requests a month, ${fmtInt(w.inputWords)} English-equivalent words in and ${fmtInt(w.outputWords)} out per request, ${Math.round(w.cachedShare * 100)} per cent of the input cached. Output in a language is taken to carry that language's premium as measured on this corpus. Prices of ${listWords(dates) || 'an unknown date'}.`,
      ...(max
        ? [
            `The largest extra is ${money(max.extraUsd!)} a month, for ${max.model} in ${languageName(max.lang)}, ${pctMore(max.extraPct ?? NaN, 0)} than in ${d.base}.`,
          ]
        : []),
      ...(caveats.length ? [`What the bill assumes: ${caveats.join(' ')}`] : []),
    ].join('\n'),
  );
}

async function overheadSlide(pres: Pres, d: DeckData, chart: ChartFile | undefined): Promise<void> {
  const s = pres.addSlide({ masterName: MASTER_CHART });
  if (chart) await chartImage(s, chart, { x: 0, y: 0, w: W });
  else missingChart(s, `Extra tokens vs ${d.base}`, 'The overhead chart could not be drawn for this run.');
  const claim = d.run.analysis.options.claimPct;
  const conf = Math.round(d.run.analysis.options.confidence * 100);
  const lines = d.tokenizers.map((t) => {
    const rows = d.summary.filter((r) => r.tokenizer === t && r.lang !== d.baseline);
    const per = d.otherLangs
      .map((l) => rows.find((r) => r.lang === l))
      .filter((r): r is SummaryRow => !!r)
      .map((r) => `${languageName(r.lang)} ${pctMore(r.overheadPct)}`);
    return `${t} (${catLabel(rows[0]?.category ?? 'multilingual')}): ${listWords(per)}.`;
  });
  s.addNotes(
    [
      `Extra tokens compared with ${d.base} for the same content, per tokenizer and language. The dashed line is the claimed ${fmtNum(claim, 0)} per cent; the whiskers are ${conf} per cent confidence intervals.`,
      ...lines,
    ].join('\n'),
  );
}

async function efficiencySlide(pres: Pres, d: DeckData, chart: ChartFile | undefined): Promise<void> {
  const s = pres.addSlide({ masterName: MASTER_CHART });
  const ref = d.efficiency[0]?.reference ?? d.run.analysis.options.reference;
  if (chart && d.efficiency.length) await chartImage(s, chart, { x: 0, y: 0, w: W });
  else
    missingChart(
      s,
      'Tokens relative to a reference tokenizer',
      `No cross-tokenizer comparison: the reference tokenizer ${ref} is not in this run.`,
    );
  if (!d.efficiency.length) {
    s.addNotes(
      `There is no cross-tokenizer comparison in this run, because the reference tokenizer ${ref} was not measured.`,
    );
    return;
  }
  const order = tokenizerOrder(d.efficiency).filter((t) => t !== ref);
  const langs = langOrder(d.efficiency, d.baseline);
  const lines = order.map((t) => {
    const per = langs
      .map((l) => d.efficiency.find((r) => r.tokenizer === t && r.lang === l))
      .filter((r): r is EfficiencyRow => !!r)
      .map((r) => `${languageName(r.lang)} ${pctMore(r.relativePct)}`);
    return `${t}: ${listWords(per)} tokens than ${ref}.`;
  });
  s.addNotes(
    [
      `How many tokens each tokenizer needs for the same text, compared with ${ref}. Below zero means fewer tokens than ${ref}.`,
      ...lines,
    ].join('\n'),
  );
}

function methodsSlide(pres: Pres, d: DeckData): void {
  const s = pres.addSlide({ masterName: MASTER_TEXT });
  const run = d.run;
  const m = run.manifest;
  const o = run.analysis.options;
  const h = run.analysis.headline;
  titleBlock(s, 'Methods and sources');
  const info = new Map(run.tokenizers.map((t) => [t.id, t]));
  const loaded = new Map(m.tokenizers.map((t) => [t.id, t.loadedFrom]));
  const heading = (t: string): TextRun => ({
    text: t,
    options: { bold: true, color: C.text, fontSize: 15, breakLine: true, paraSpaceBefore: 6 },
  });
  const line = (t: string, size = 13): TextRun => ({
    text: t,
    options: { color: C.text, fontSize: size, breakLine: true },
  });

  const left: TextRun[] = [heading('Corpus')];
  for (const c of m.corpora) {
    const skipped = c.report.read - c.report.used;
    left.push(
      line(
        `${fmtCorpus(c.name, c.id)}: ${fmtInt(c.report.used)} aligned segments used of ${fmtInt(c.report.read)} read${skipped > 0 ? ` (${fmtInt(skipped)} left out)` : ''}; ${c.format}${c.licence ? `, ${c.licence}` : ''}; SHA-256 ${c.sha256.slice(0, 12)}`,
      ),
    );
  }
  left.push(line(`Languages: ${d.langs.map(languageName).join(', ')}; baseline ${d.base}.`));
  const toks = d.tokenizers.length ? d.tokenizers : m.tokenizers.map((t) => t.id);
  const tokSize = toks.length > 20 ? 9 : toks.length > 10 ? 10 : toks.length > 6 ? 11 : 13;
  left.push(heading(`Tokenizers (${toks.length})`));
  for (const id of toks) {
    const i = info.get(id);
    const l = loaded.get(id);
    const where = l ? `${l.kind} ${l.ref}` : i ? `${i.source.kind} ${i.source.ref}` : '';
    const version = l?.version ?? i?.source.version;
    const revision = (l?.revision ?? i?.source.revision)?.slice(0, 10);
    const ver = [version, revision ? `revision ${revision}` : ''].filter(Boolean).join(', ');
    left.push(
      line(
        `${id}${i?.name && i.name !== id ? ` (${i.name})` : ''}: ${where}${ver ? ` ${ver}` : ''}`,
        tokSize,
      ),
    );
  }
  if (run.skipped.length)
    left.push(line(`Not measured: ${run.skipped.map((x) => x.id).join(', ')} (see report.md).`, tokSize));

  const base = d.base;
  const right: TextRun[] = [
    heading('Metrics'),
    line(
      `Overhead: 100 × (tokens in the language ÷ ${base} tokens − 1), summed over the same aligned segments.`,
    ),
    line(
      "Character-normalised overhead: the token ratio divided by the character ratio, minus 1: the tokenizer's share, not the longer text.",
    ),
    line('Fertility: tokens per word (Intl.Segmenter word-like segments).'),
    line('Continued words: share of words that take two or more tokens when encoded alone.'),
    line(
      `Confidence intervals: paired percentile bootstrap over segments, ${fmtInt(o.resamples)} resamples, seed ${m.seed}, ${Math.round(o.confidence * 100)} %.`,
    ),
    heading('Claim'),
    line(
      `${plain(fmtPct(h.claimPct, 0))} more tokens than ${base}: ${h.claimSource}. Verdicts against the claimed figure ± ${run.analysis.options.claimMarginPct ?? 5} points.`,
    ),
    heading('Prices'),
    line(
      `${run.analysis.priceSource ? `${run.analysis.priceSource.name}, data of ${run.analysis.priceSource.date}` : `List prices checked ${m.prices.dates.length ? m.prices.dates.join(', ') : [...new Set(run.analysis.prices.map((p) => p.dateChecked))].sort().join(', ') || 'n/a'}`}; table: prices.csv in the run folder.`,
    ),
    ...(run.analysis.options.workload
      ? [
          line(
            `Bill: ${run.analysis.options.workload.name} workload; output in a language carries that language's premium measured on this corpus.`,
          ),
        ]
      : []),
    heading('Reproduce'),
    line(m.command.join(' ') || '–', 11),
  ];
  const colW = (W - 2 * M - 0.5) / 2;
  s.addText(left, {
    x: M,
    y: 1.3,
    w: colW,
    h: H - 1.3 - 0.7,
    fontFace: FACE,
    valign: 'top',
    margin: 0,
    paraSpaceAfter: 3,
  });
  s.addText(right, {
    x: M + colW + 0.5,
    y: 1.3,
    w: colW,
    h: H - 1.3 - 0.7,
    fontFace: FACE,
    valign: 'top',
    margin: 0,
    paraSpaceAfter: 3,
  });

  const corpusWords = m.corpora.map(
    (c) =>
      `${c.name || c.id} with ${fmtInt(c.report.used)} aligned segments used out of ${fmtInt(c.report.read)} read`,
  );
  s.addNotes(
    [
      `Corpus: ${listWords(corpusWords)}. Languages: ${listWords(d.langs.map(languageName))}, compared with ${base}.`,
      `${toks.length} tokenizer${toks.length === 1 ? '' : 's'}: ${listWords(toks)}; versions and file hashes are in manifest.json.`,
      `Overhead is the percentage of extra tokens compared with ${base} on the same segments; the character-normalised overhead removes the part due to longer text; fertility is tokens per word; continued words are the share of words split into two or more tokens.`,
      `Intervals come from ${fmtInt(o.resamples)} bootstrap resamples with seed ${m.seed}. The claim of ${fmtNum(h.claimPct, 0)} per cent comes from ${h.claimSource}. Prices were checked on ${listWords(m.prices.dates) || 'an unknown date'}.`,
    ].join('\n'),
  );
}

// ---------------------------------------------------------------- entry point

function pickChart(charts: ChartFile[], corpus: string, name: ChartName): ChartFile | undefined {
  return charts.find((c) => c.name === name && c.corpus === corpus) ?? charts.find((c) => c.name === name);
}

/**
 * Writes <dir>/slides.pptx: title, headline, overhead chart, cross-tokenizer chart, costs, overhead table,
 * methods and sources (always these 7 slides; a slide whose data is missing says so). The charts' PNGs are
 * embedded; when `charts` is not given or a PNG is missing, the charts are drawn first (charts.ts).
 * Returns the path of the deck.
 */
export async function writeSlides(
  dir: string,
  run: RunData,
  charts?: ChartFile[],
  opts: SlidesOptions = {},
): Promise<string> {
  let files = charts ?? [];
  const wanted: ChartName[] = ['overhead', 'efficiency', 'cost'];
  if (!files.length || files.some((c) => wanted.includes(c.name) && !existsSync(c.pngPath))) {
    opts.log?.('slides: drawing the charts first');
    files = await writeCharts(dir, run, { log: opts.log });
  }
  const d = deckData(run);
  const pres = new PptxGen();
  pres.layout = 'LAYOUT_WIDE';
  pres.author = run.manifest.tool.name;
  pres.company = run.manifest.tool.name;
  pres.title = `The token tax: ${d.corpusLabel}, ${d.date}`;
  pres.subject = `Token overhead of ${d.otherLangs.map(languageName).join(', ')} vs ${d.base}`;
  pres.theme = { headFontFace: FACE, bodyFontFace: FACE };
  defineMasters(pres, d);

  titleSlide(pres, d);
  claimSlide(pres, d, 1);
  claimSlide(pres, d, 2);
  modelsSlide(pres, d);
  await billSlide(pres, d, pickChart(files, d.corpus, 'cost'));
  await overheadSlide(pres, d, pickChart(files, d.corpus, 'overhead'));
  await efficiencySlide(pres, d, pickChart(files, d.corpus, 'efficiency'));
  methodsSlide(pres, d);

  const out = join(dir, SLIDES_FILE);
  const buf = (await pres.write({ outputType: 'nodebuffer' })) as Buffer;
  try {
    await writeFile(out, buf);
  } catch (e) {
    throw outputError(
      `cannot write ${out} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`,
      'check that the folder exists and is writable',
    );
  }
  opts.log?.(`slides: ${out}`);
  return out;
}
