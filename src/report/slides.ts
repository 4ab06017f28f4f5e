// slides.pptx: a 16:9 deck built with pptxgenjs from a run's figures and the chart PNGs of charts.ts, in the
// charts' colours and font, with speaker notes that say each slide's numbers in words.
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import pptxgenjs from 'pptxgenjs';
import { outputError } from '../errors.js';
import type { CategoryHeadline, CostRow, EfficiencyRow, SummaryRow, TokenizerCategory, Verdict } from '../types.js';
import { writeCharts, type ChartFile, type ChartName } from './charts.js';
import { FONT_FAMILY, FONT_STACK } from './fonts.js';
import { fmtCi, fmtCorpus, fmtDate, fmtInt, fmtNum, fmtPct, fmtUsd, fmtUsdSigned } from './format.js';
import { CATEGORY_COLORS, CATEGORY_LABELS, CATEGORY_ORDER, COLORS, languageName } from './theme.js';
import type { RunData } from './types.js';

type Pres = pptxgenjs.default;
type Slide = pptxgenjs.default.Slide;
type TableRow = pptxgenjs.default.TableRow;
type TextRun = pptxgenjs.default.TextProps;
// The ESM build's default export is the class, but the CommonJS-style .d.ts makes TypeScript see a namespace.
const PptxGen = ((pptxgenjs as unknown as { default?: new () => Pres }).default ?? pptxgenjs) as unknown as new () => Pres;

export const SLIDES_FILE = 'slides.pptx';

/** The slides in order (tests and the notes refer to them by these names). */
export const SLIDE_ORDER = ['title', 'headline', 'overhead', 'efficiency', 'cost', 'table', 'methods'] as const;

export interface SlidesOptions { log?: (line: string) => void }

// ---------------------------------------------------------------- look

// LAYOUT_WIDE: 13.333 × 7.5 in, i.e. 16:9 like the 1920×1080 charts, so a chart fills a slide exactly.
const W = 13.333;
const H = 7.5;
const M = 0.6;
/**
 * The charts' font stack is "Liberation Sans, Arial, …": a .pptx names one face, and Arial (metric-compatible
 * with Liberation Sans, which LibreOffice substitutes for it) is present wherever PowerPoint runs.
 */
const FACE = FONT_STACK.split(',').map((f) => f.trim()).find((f) => f === 'Arial') ?? FONT_FAMILY;
const hex = (c: string) => c.replace(/^#/, '').toUpperCase();
const C = {
  text: hex(COLORS.text), muted: hex(COLORS.muted), grid: hex(COLORS.grid), accent: hex(COLORS.accent),
  claim: hex(COLORS.claim), bg: hex(COLORS.background), panel: 'F6F8FA',
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
const usdWords = (x: number) => plain(fmtUsd(x)).replace(/^\$/, '').replace(/^−\$/, 'minus ') + ' dollars';

function listWords(xs: string[]): string {
  if (xs.length <= 1) return xs.join('');
  return `${xs.slice(0, -1).join(', ')} and ${xs[xs.length - 1]}`;
}

const VERDICT_WORDS: Record<Verdict, string> = {
  'above claim': 'above the claim', 'below claim': 'below the claim', consistent: 'consistent with the claim', 'n/a': 'not compared with the claim',
};
const VERDICT_LABEL: Record<Verdict, string> = {
  'above claim': 'Above the claim', 'below claim': 'Below the claim', consistent: 'Consistent with claim', 'n/a': '–',
};

// ---------------------------------------------------------------- data selection

/** Rows over the whole corpus: domain "all" when present, else the first domain. */
function whole<T extends { corpus: string; domain: string }>(rows: readonly T[], corpus: string): T[] {
  const mine = rows.filter((r) => r.corpus === corpus);
  const all = mine.filter((r) => r.domain === 'all');
  return all.length ? all : mine.filter((r) => r.domain === mine[0]?.domain);
}

function catRank(c: TokenizerCategory): number {
  const i = CATEGORY_ORDER.indexOf(c);
  return i < 0 ? CATEGORY_ORDER.length : i;
}

function tokenizerOrder(rows: readonly { tokenizer: string; category: TokenizerCategory }[]): string[] {
  const cat = new Map(rows.map((r) => [r.tokenizer, r.category]));
  return [...cat.keys()].sort((a, b) => catRank(cat.get(a)!) - catRank(cat.get(b)!) || a.localeCompare(b));
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
  tokenizers: string[];
  footer: string;
  date: string;
}

function deckData(run: RunData): DeckData {
  const a = run.analysis;
  const corpora = [...new Set(a.summary.map((r) => r.corpus))];
  const corpus = a.headline.corpus && corpora.includes(a.headline.corpus) ? a.headline.corpus : corpora[0] ?? a.headline.corpus ?? '';
  const c = run.manifest.corpora.find((x) => x.id === corpus);
  const corpusLabel = fmtCorpus(c?.name, corpus);
  const summary = whole(a.summary, corpus);
  const baseline = a.options.baseline;
  const langs = langOrder(summary, baseline);
  const date = fmtDate(run.manifest.startedAt);
  return {
    run, corpus, corpusLabel, segments: c?.report.used ?? summary[0]?.segments, baseline, base: languageName(baseline),
    langs, otherLangs: langs.filter((l) => l !== baseline), summary,
    efficiency: whole(a.efficiency, corpus), costs: a.costs.filter((r) => r.corpus === corpus),
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
      { text: { text: d.footer, options: { x: M, y: H - 0.5, w: W - 2 * M - 1, h: 0.35, fontFace: FACE, fontSize: 11, color: C.muted, valign: 'middle' } } },
    ],
    slideNumber: { x: W - M - 0.6, y: H - 0.5, w: 0.6, h: 0.35, fontFace: FACE, fontSize: 11, color: C.muted, align: 'right' },
  });
  // Chart slides: the chart carries its own title and footer, so the master is empty.
  pres.defineSlideMaster({ title: MASTER_CHART, background: { color: C.bg }, objects: [] });
}

function titleBlock(slide: Slide, title: string, subtitle?: string): void {
  slide.addText(title, { x: M, y: 0.35, w: W - 2 * M, h: 0.75, fontFace: FACE, fontSize: 30, bold: true, color: C.text, valign: 'top', margin: 0 });
  if (subtitle) slide.addText(subtitle, { x: M, y: 1.1, w: W - 2 * M, h: 0.5, fontFace: FACE, fontSize: 15, color: C.muted, valign: 'top', margin: 0 });
}

async function chartImage(slide: Slide, chart: ChartFile, box: { x: number; y: number; w: number }): Promise<void> {
  const png = await readFile(chart.pngPath);
  const h = (box.w * chart.height) / chart.width;
  slide.addImage({
    data: `image/png;base64,${png.toString('base64')}`, x: box.x, y: box.y, w: box.w, h,
    altText: `${chart.title}. ${chart.description}`, objectName: `chart ${chart.name}`,
  });
}

/** A text slide in place of a chart the run could not draw (no reference tokenizer, no priced model). */
function missingChart(slide: Slide, title: string, why: string): void {
  titleBlock(slide, title);
  slide.addText(why, { x: M, y: 2.6, w: W - 2 * M, h: 1.2, fontFace: FACE, fontSize: 20, color: C.muted, align: 'center', valign: 'middle' });
}

// ---------------------------------------------------------------- the slides

function titleSlide(pres: Pres, d: DeckData): void {
  const s = pres.addSlide({ masterName: MASTER_CHART });
  const m = d.run.manifest;
  s.addShape('rect', { x: 0, y: 0, w: 0.3, h: H, fill: { color: C.accent }, line: { color: C.accent } });
  // The three category colours as a band: the deck's legend in one glance.
  CATEGORY_ORDER.forEach((c, i) => {
    s.addShape('rect', { x: 0.3 + (i * (W - 0.3)) / 3, y: H - 0.22, w: (W - 0.3) / 3, h: 0.22, fill: { color: catColor(c) }, line: { color: catColor(c) } });
  });
  s.addText('The token tax', { x: 1.0, y: 1.5, w: W - 2, h: 1.1, fontFace: FACE, fontSize: 54, bold: true, color: C.text, margin: 0 });
  const others = d.otherLangs.map(languageName);
  s.addText(`How many more tokens ${listWords(others)} cost than ${d.base} for the same content`, {
    x: 1.0, y: 2.65, w: W - 2, h: 0.9, fontFace: FACE, fontSize: 24, color: C.muted, margin: 0, valign: 'top',
  });
  const nTok = d.tokenizers.length;
  const lines: TextRun[] = [
    { text: 'Corpus: ', options: { bold: true } },
    { text: `${d.corpusLabel}${d.segments !== undefined ? `, ${fmtInt(d.segments)} aligned segments` : ''}`, options: { breakLine: true } },
    { text: 'Tokenizers: ', options: { bold: true } },
    { text: `${nTok} (${d.tokenizers.join(', ')})`, options: { breakLine: true } },
    { text: 'Run: ', options: { bold: true } },
    { text: `${d.date}  ·  ${m.tool.name} ${m.tool.version}${m.tool.gitCommit ? ` (commit ${m.tool.gitCommit.slice(0, 7)})` : ''}` },
  ];
  s.addText(lines, { x: 1.0, y: 4.2, w: W - 2, h: 1.8, fontFace: FACE, fontSize: 18, color: C.text, valign: 'top', margin: 0, paraSpaceAfter: 6 });
  s.addNotes(
    `This deck reports the token tax measured by ${m.tool.name} version ${m.tool.version} on ${d.date}. ` +
    `The corpus is ${d.corpusLabel}${d.segments !== undefined ? `, with ${fmtInt(d.segments)} aligned segments, the same content in every language` : ''}. ` +
    `${nTok} tokenizer${nTok === 1 ? ' was' : 's were'} measured: ${listWords(d.tokenizers)}. ` +
    `Every figure compares ${listWords(others)} with ${d.base}.`,
  );
}

function headlineSlide(pres: Pres, d: DeckData): void {
  const s = pres.addSlide({ masterName: MASTER_TEXT });
  const h = d.run.analysis.headline;
  const conf = Math.round(d.run.analysis.options.confidence * 100);
  const claim = fmtPct(h.claimPct, 0);
  titleBlock(s, `Claimed ${plain(claim)} · measured per tokenizer category`,
    `Extra tokens for the same content in ${listWords(d.otherLangs.map(languageName))} vs ${d.base}, mean over each category's tokenizers`);
  const cats = [...h.categories].sort((a, b) => catRank(a.category) - catRank(b.category));
  const top = 1.85;
  const cardH = 4.45;
  const gap = 0.25;
  const claimW = 2.2;
  // The number large, its unit smaller, so "+57.9 %" stays on one line in a card.
  const bigNumber = (value: string, size: number, color: string): TextRun[] => {
    const m = /^(.*?)(\u00a0%)$/.exec(value);
    return m
      ? [{ text: m[1], options: { fontSize: size, bold: true, color } }, { text: m[2], options: { fontSize: Math.round(size * 0.55), bold: true, color } }]
      : [{ text: value, options: { fontSize: size, bold: true, color } }];
  };
  // Claim card.
  s.addShape('rect', { x: M, y: top, w: claimW, h: cardH, fill: { color: C.panel }, line: { color: C.grid, width: 1 } });
  s.addText('The claim', { x: M + 0.2, y: top + 0.3, w: claimW - 0.4, h: 0.45, fontFace: FACE, fontSize: 18, bold: true, color: C.muted, margin: 0 });
  s.addText(bigNumber(claim, 54, C.claim), { x: M + 0.2, y: top + 0.8, w: claimW - 0.4, h: 0.95, fontFace: FACE, margin: 0, valign: 'middle' });
  s.addText(`more tokens than ${d.base}`, { x: M + 0.2, y: top + 1.75, w: claimW - 0.4, h: 0.4, fontFace: FACE, fontSize: 13, color: C.muted, margin: 0 });
  s.addText(h.claimSource, { x: M + 0.2, y: top + 2.3, w: claimW - 0.4, h: 1.9, fontFace: FACE, fontSize: 12, color: C.muted, margin: 0, valign: 'top', italic: true });
  // One card per category.
  const n = Math.max(1, cats.length);
  const x0 = M + claimW + gap;
  const cardW = (W - M - x0 - gap * (n - 1)) / n;
  const big = n <= 3 ? 54 : 40;
  cats.forEach((c, i) => {
    const x = x0 + i * (cardW + gap);
    const col = catColor(c.category);
    s.addShape('rect', { x, y: top, w: cardW, h: cardH, fill: { color: C.bg }, line: { color: C.grid, width: 1 } });
    s.addShape('rect', { x, y: top, w: cardW, h: 0.14, fill: { color: col }, line: { color: col } });
    const ix = x + 0.25;
    const iw = cardW - 0.5;
    s.addText(catLabel(c.category), { x: ix, y: top + 0.3, w: iw, h: 0.45, fontFace: FACE, fontSize: 18, bold: true, color: col, margin: 0 });
    s.addText(bigNumber(fmtPct(c.meanOverheadPct), big, C.text), { x: ix, y: top + 0.8, w: iw, h: 0.95, fontFace: FACE, margin: 0, valign: 'middle' });
    s.addText(`mean extra tokens vs ${d.base}`, { x: ix, y: top + 1.75, w: iw, h: 0.4, fontFace: FACE, fontSize: 13, color: C.muted, margin: 0 });
    const facts: TableRow[] = [];
    const fact = (label: string, value: string) => {
      facts.push([{ text: label, options: { color: C.muted } }, { text: value, options: { color: C.text, align: 'right' } }]);
    };
    if (c.ciLowPct !== undefined && c.ciHighPct !== undefined) fact(`${conf} % CI`, fmtCi(c.ciLowPct, c.ciHighPct));
    if (Number.isFinite(c.minOverheadPct)) fact('Range', `${fmtPct(c.minOverheadPct).replace(/\u00a0%$/, '')} to ${fmtPct(c.maxOverheadPct)}`);
    if (c.meanCharNormOverheadPct !== undefined) fact('Per char.', fmtPct(c.meanCharNormOverheadPct));
    if (facts.length) {
      s.addTable(facts, { x: ix, y: top + 2.25, w: iw, colW: [iw * 0.4, iw * 0.6], rowH: 0.3, fontFace: FACE, fontSize: 13, margin: 0, valign: 'middle' });
    }
    s.addText(VERDICT_LABEL[c.verdict] ?? c.verdict, { x: ix, y: top + 3.3, w: iw, h: 0.4, fontFace: FACE, fontSize: 16, bold: true, color: C.text, margin: 0 });
    const shown = c.tokenizers.length > 6 ? [...c.tokenizers.slice(0, 5), `+${c.tokenizers.length - 5} more`] : c.tokenizers;
    s.addText(shown.join(', '), { x: ix, y: top + 3.75, w: iw, h: 0.55, fontFace: FACE, fontSize: 11, color: C.muted, margin: 0, valign: 'top' });
  });
  s.addText(`"Per char.": the character-normalised overhead, the part left after allowing for ${listWords(d.otherLangs.map(languageName))} text being longer in characters. CI: ${conf} % bootstrap interval of the mean.`, {
    x: M, y: top + cardH + 0.12, w: W - 2 * M, h: 0.4, fontFace: FACE, fontSize: 12, color: C.muted, margin: 0,
  });
  const notes = [
    `The claim is about ${fmtNum(h.claimPct, 0)} per cent more tokens for the same content in another language than in ${d.base} (${h.claimSource}).`,
    ...cats.map((c) => categoryWords(c, d, conf)),
  ];
  s.addNotes(notes.join('\n\n'));
}

function categoryWords(c: CategoryHeadline, d: DeckData, conf: number): string {
  const n = c.tokenizers.length;
  const parts = [
    `${catLabel(c.category)} tokenizer${n === 1 ? '' : 's'} (${listWords(c.tokenizers)}): on average ${pctMore(c.meanOverheadPct)} tokens than ${d.base}`,
  ];
  if (c.ciLowPct !== undefined && c.ciHighPct !== undefined) parts.push(`with a ${conf} per cent confidence interval of ${ciWords(c.ciLowPct, c.ciHighPct)}`);
  if (Number.isFinite(c.minOverheadPct)) parts.push(`ranging from ${ciWords(c.minOverheadPct, c.maxOverheadPct)} across ${n === 1 ? 'languages' : 'tokenizers and languages'}`);
  let t = `${parts.join(', ')}; that is ${VERDICT_WORDS[c.verdict] ?? c.verdict}.`;
  if (c.meanCharNormOverheadPct !== undefined) t += ` Allowing for the longer text in characters, the mean is ${pctMore(c.meanCharNormOverheadPct)}.`;
  return t;
}

async function overheadSlide(pres: Pres, d: DeckData, chart: ChartFile | undefined): Promise<void> {
  const s = pres.addSlide({ masterName: MASTER_CHART });
  if (chart) await chartImage(s, chart, { x: 0, y: 0, w: W });
  else missingChart(s, `Extra tokens vs ${d.base}`, 'The overhead chart could not be drawn for this run.');
  const claim = d.run.analysis.options.claimPct;
  const conf = Math.round(d.run.analysis.options.confidence * 100);
  const lines = d.tokenizers.map((t) => {
    const rows = d.summary.filter((r) => r.tokenizer === t && r.lang !== d.baseline);
    const per = d.otherLangs.map((l) => rows.find((r) => r.lang === l)).filter((r): r is SummaryRow => !!r)
      .map((r) => `${languageName(r.lang)} ${pctMore(r.overheadPct)}`);
    return `${t} (${catLabel(rows[0]?.category ?? 'multilingual')}): ${listWords(per)}.`;
  });
  s.addNotes([
    `Extra tokens compared with ${d.base} for the same content, per tokenizer and language. The dashed line is the claimed ${fmtNum(claim, 0)} per cent; the whiskers are ${conf} per cent confidence intervals.`,
    ...lines,
  ].join('\n'));
}

async function efficiencySlide(pres: Pres, d: DeckData, chart: ChartFile | undefined): Promise<void> {
  const s = pres.addSlide({ masterName: MASTER_CHART });
  const ref = d.efficiency[0]?.reference ?? d.run.analysis.options.reference;
  if (chart && d.efficiency.length) await chartImage(s, chart, { x: 0, y: 0, w: W });
  else missingChart(s, 'Tokens relative to a reference tokenizer', `No cross-tokenizer comparison: the reference tokenizer ${ref} is not in this run.`);
  if (!d.efficiency.length) {
    s.addNotes(`There is no cross-tokenizer comparison in this run, because the reference tokenizer ${ref} was not measured.`);
    return;
  }
  const order = tokenizerOrder(d.efficiency).filter((t) => t !== ref);
  const langs = langOrder(d.efficiency, d.baseline);
  const lines = order.map((t) => {
    const per = langs.map((l) => d.efficiency.find((r) => r.tokenizer === t && r.lang === l)).filter((r): r is EfficiencyRow => !!r)
      .map((r) => `${languageName(r.lang)} ${pctMore(r.relativePct)}`);
    return `${t}: ${listWords(per)} tokens than ${ref}.`;
  });
  s.addNotes([
    `How many tokens each tokenizer needs for the same text, compared with ${ref}. Below zero means fewer tokens than ${ref}.`,
    ...lines,
  ].join('\n'));
}

async function costSlide(pres: Pres, d: DeckData, chart: ChartFile | undefined): Promise<void> {
  const s = pres.addSlide({ masterName: MASTER_CHART });
  const costs = d.costs;
  if (!chart || !costs.length) {
    missingChart(s, 'Costs', 'No model in the pricing table uses a tokenizer of this run, so there is no cost figure.');
    s.addNotes('No model in the pricing table uses a tokenizer measured in this run, so the deck has no cost figures.');
    return;
  }
  // The chart over most of the slide, a strip of key figures below it.
  const chartW = 11.1;
  await chartImage(s, chart, { x: (W - chartW) / 2, y: 0.05, w: chartW });
  const other = costs.filter((r) => r.lang !== d.baseline);
  const dates = [...new Set(costs.map((r) => r.priceDate).filter(Boolean))].sort();
  const figures: { big: string; label: string }[] = [];
  const maxUsd = other.reduce<CostRow | undefined>((m, r) => (!m || r.extraPerMEnglishWordsUsd > m.extraPerMEnglishWordsUsd ? r : m), undefined);
  if (maxUsd) {
    figures.push({ big: fmtUsdSigned(maxUsd.extraPerMEnglishWordsUsd), label: `largest extra per 1M ${d.base}-equivalent words: ${maxUsd.model}, ${languageName(maxUsd.lang)} (${plain(fmtPct(maxUsd.extraPct, 0))})` });
  }
  if (other.length) {
    const lo = Math.min(...other.map((r) => r.extraPct));
    const hi = Math.max(...other.map((r) => r.extraPct));
    const models = new Set(costs.map((r) => r.model)).size;
    figures.push({ big: `${fmtPct(lo, 0)} to ${fmtPct(hi, 0)}`, label: `extra input cost vs ${d.base}, over ${models} priced model${models === 1 ? '' : 's'} and ${d.otherLangs.length} language${d.otherLangs.length === 1 ? '' : 's'}` });
  }
  const monthly = other.filter((r) => r.monthlyExtraUsd !== undefined);
  const maxMonthly = monthly.reduce<CostRow | undefined>((m, r) => (!m || r.monthlyExtraUsd! > m.monthlyExtraUsd! ? r : m), undefined);
  if (maxMonthly) {
    figures.push({ big: fmtUsdSigned(maxMonthly.monthlyExtraUsd), label: `extra per month for ${fmtInt(maxMonthly.monthlyWords)} ${d.base}-equivalent words: ${maxMonthly.model}, ${languageName(maxMonthly.lang)}` });
  }
  figures.push({ big: dates.join(', ') || 'n/a', label: 'list prices checked (USD, input tokens; see prices.csv)' });
  const y = 6.35;
  const gap = 0.25;
  const fw = (W - 2 * M - gap * (figures.length - 1)) / figures.length;
  figures.forEach((f, i) => {
    const x = M + i * (fw + gap);
    s.addShape('rect', { x, y, w: 0.06, h: 0.95, fill: { color: C.accent }, line: { color: C.accent } });
    s.addText(f.big, { x: x + 0.18, y, w: fw - 0.2, h: 0.45, fontFace: FACE, fontSize: f.big.length > 22 ? 16 : 22, bold: true, color: C.text, margin: 0, valign: 'middle' });
    s.addText(f.label, { x: x + 0.18, y: y + 0.45, w: fw - 0.2, h: 0.5, fontFace: FACE, fontSize: 11, color: C.muted, margin: 0, valign: 'top' });
  });
  // Notes: every model's cost per language in words.
  const models = [...new Set(costs.map((r) => r.model))];
  const lines = models.map((mo) => {
    const mine = costs.filter((r) => r.model === mo);
    const base = mine.find((r) => r.lang === d.baseline);
    const rest = mine.filter((r) => r.lang !== d.baseline)
      .map((r) => `${usdWords(r.costPerMEnglishWordsUsd)} in ${languageName(r.lang)} (${pctMore(r.extraPct, 0)})`);
    return `${mo} (${mine[0].provider}, ${mine[0].tokenizer}): ${base ? `${usdWords(base.costPerMEnglishWordsUsd)} in ${d.base}, ` : ''}${listWords(rest)}.`;
  });
  s.addNotes([
    `Input cost at list prices of content that is one million words long in ${d.base}, in each language. Prices were checked on ${listWords(dates) || 'an unknown date'}.`,
    ...lines,
    ...(maxUsd ? [`The largest extra is ${usdWords(maxUsd.extraPerMEnglishWordsUsd)} per million words, for ${maxUsd.model} in ${languageName(maxUsd.lang)}.`] : []),
  ].join('\n'));
}

function tableSlide(pres: Pres, d: DeckData): void {
  const s = pres.addSlide({ masterName: MASTER_TEXT });
  const o = d.run.analysis.options;
  const conf = Math.round(o.confidence * 100);
  titleBlock(s, `Overhead vs ${d.base} with ${conf} % confidence intervals`,
    `Extra tokens per tokenizer and language on ${d.corpusLabel}; bold: the whole interval lies above the ${plain(fmtPct(o.claimPct, 0))} claim`);
  const langs = d.otherLangs;
  const rows = d.tokenizers;
  // Few rows: large two-line cells (figure over interval); many rows: one line each, smaller.
  const twoLines = rows.length <= 9;
  const large = rows.length <= 5;
  const avail = H - 1.85 - 0.75;
  const rowH = Math.min(large ? 0.85 : twoLines ? 0.6 : 0.42, avail / (rows.length + 1));
  const fontSize = large ? 22 : twoLines ? 16 : Math.max(8, Math.min(13, Math.floor(rowH * 72 * 0.5)));
  const markW = 0.12;
  const nameW = 3.4;
  const langW = Math.min(2.6, (W - 2 * M - markW - nameW) / Math.max(1, langs.length));
  const border = { type: 'solid' as const, color: C.grid, pt: 0.75 };
  const none = { type: 'none' as const };
  const head: TableRow = [
    { text: '', options: { border: [none, none, border, none] } },
    { text: 'Tokenizer', options: { bold: true, color: C.muted, border: [none, none, border, none] } },
    ...langs.map((l) => ({ text: languageName(l), options: { bold: true, color: C.muted, align: 'right' as const, border: [none, none, border, none] as [typeof none, typeof none, typeof border, typeof none] } })),
  ];
  const body: TableRow[] = rows.map((t) => {
    const mine = d.summary.filter((r) => r.tokenizer === t);
    const cat = mine[0]?.category ?? 'multilingual';
    return [
      { text: '', options: { fill: { color: catColor(cat) }, border: [border, none, border, none] } },
      {
        text: twoLines
          ? [{ text: t, options: { breakLine: true } }, { text: catLabel(cat), options: { fontSize: fontSize - 6, color: catColor(cat) } }]
          : t,
        options: { color: C.text, border: [none, none, border, none] },
      },
      ...langs.map((l) => {
        const r = mine.find((x) => x.lang === l);
        const cellBorder: [typeof none, typeof none, typeof border, typeof none] = [none, none, border, none];
        if (!r) return { text: '–', options: { align: 'right' as const, border: cellBorder } };
        const above = r.verdict === 'above claim';
        const ci = fmtCi(r.ciLowPct, r.ciHighPct);
        const text: TextRun[] = twoLines
          ? [
            { text: fmtPct(r.overheadPct), options: { bold: above, color: C.text, breakLine: true } },
            { text: ci, options: { fontSize: fontSize - (large ? 7 : 4), color: C.muted } },
          ]
          : [{ text: `${fmtPct(r.overheadPct)} `, options: { bold: above, color: C.text } }, { text: ci, options: { color: C.muted, fontSize: fontSize - 1 } }];
        return { text, options: { align: 'right' as const, border: cellBorder } };
      }),
    ] as TableRow;
  });
  s.addTable([head, ...body], {
    x: M, y: 1.85, w: markW + nameW + langW * langs.length, colW: [markW, nameW, ...langs.map(() => langW)],
    rowH: [Math.min(0.45, rowH), ...rows.map(() => rowH)], fontFace: FACE, fontSize, color: C.text, valign: 'middle',
    margin: [0.03, 0.1, 0.03, 0.1],
  });
  const lines = rows.map((t) => {
    const per = langs.map((l) => d.summary.find((r) => r.tokenizer === t && r.lang === l)).filter((r): r is SummaryRow => !!r)
      .map((r) => `${languageName(r.lang)} ${pctMore(r.overheadPct)}, interval ${ciWords(r.ciLowPct, r.ciHighPct)}${r.verdict === 'above claim' ? ', above the claim' : ''}`);
    return `${t}: ${per.join('; ')}.`;
  });
  s.addNotes([
    `Extra tokens compared with ${d.base}, with ${conf} per cent bootstrap confidence intervals, for each tokenizer and language. Bold figures have their whole interval above the claimed ${fmtNum(o.claimPct, 0)} per cent.`,
    ...lines,
  ].join('\n'));
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
  const heading = (t: string): TextRun => ({ text: t, options: { bold: true, color: C.text, fontSize: 15, breakLine: true, paraSpaceBefore: 6 } });
  const line = (t: string, size = 13): TextRun => ({ text: t, options: { color: C.text, fontSize: size, breakLine: true } });

  const left: TextRun[] = [heading('Corpus')];
  for (const c of m.corpora) {
    const skipped = c.report.read - c.report.used;
    left.push(line(`${fmtCorpus(c.name, c.id)}: ${fmtInt(c.report.used)} aligned segments used of ${fmtInt(c.report.read)} read${skipped > 0 ? ` (${fmtInt(skipped)} left out)` : ''}; ${c.format}${c.licence ? `, ${c.licence}` : ''}; SHA-256 ${c.sha256.slice(0, 12)}`));
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
    left.push(line(`${id}${i?.name && i.name !== id ? ` (${i.name})` : ''}: ${where}${ver ? ` ${ver}` : ''}`, tokSize));
  }
  if (run.skipped.length) left.push(line(`Not measured: ${run.skipped.map((x) => x.id).join(', ')} (see report.md).`, tokSize));

  const base = d.base;
  const right: TextRun[] = [
    heading('Metrics'),
    line(`Overhead: 100 × (tokens in the language ÷ ${base} tokens − 1), summed over the same aligned segments.`),
    line('Character-normalised overhead: the token ratio divided by the character ratio, minus 1: the tokenizer\'s share, not the longer text.'),
    line('Fertility: tokens per word (Intl.Segmenter word-like segments).'),
    line('Continued words: share of words that take two or more tokens when encoded alone.'),
    line(`Confidence intervals: paired percentile bootstrap over segments, ${fmtInt(o.resamples)} resamples, seed ${m.seed}, ${Math.round(o.confidence * 100)} %.`),
    heading('Claim'),
    line(`${plain(fmtPct(h.claimPct, 0))} more tokens than ${base}: ${h.claimSource}.`),
    heading('Prices'),
    line(`List prices checked ${m.prices.dates.length ? m.prices.dates.join(', ') : [...new Set(run.analysis.prices.map((p) => p.dateChecked))].sort().join(', ') || 'n/a'}; table: prices.csv in the run folder.`),
    heading('Reproduce'),
    line(m.command.join(' ') || '–', 11),
  ];
  const colW = (W - 2 * M - 0.5) / 2;
  s.addText(left, { x: M, y: 1.3, w: colW, h: H - 1.3 - 0.7, fontFace: FACE, valign: 'top', margin: 0, paraSpaceAfter: 3 });
  s.addText(right, { x: M + colW + 0.5, y: 1.3, w: colW, h: H - 1.3 - 0.7, fontFace: FACE, valign: 'top', margin: 0, paraSpaceAfter: 3 });

  const corpusWords = m.corpora.map((c) => `${c.name || c.id} with ${fmtInt(c.report.used)} aligned segments used out of ${fmtInt(c.report.read)} read`);
  s.addNotes([
    `Corpus: ${listWords(corpusWords)}. Languages: ${listWords(d.langs.map(languageName))}, compared with ${base}.`,
    `${toks.length} tokenizer${toks.length === 1 ? '' : 's'}: ${listWords(toks)}; versions and file hashes are in manifest.json.`,
    `Overhead is the percentage of extra tokens compared with ${base} on the same segments; the character-normalised overhead removes the part due to longer text; fertility is tokens per word; continued words are the share of words split into two or more tokens.`,
    `Intervals come from ${fmtInt(o.resamples)} bootstrap resamples with seed ${m.seed}. The claim of ${fmtNum(h.claimPct, 0)} per cent comes from ${h.claimSource}. Prices were checked on ${listWords(m.prices.dates) || 'an unknown date'}.`,
  ].join('\n'));
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
export async function writeSlides(dir: string, run: RunData, charts?: ChartFile[], opts: SlidesOptions = {}): Promise<string> {
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
  headlineSlide(pres, d);
  await overheadSlide(pres, d, pickChart(files, d.corpus, 'overhead'));
  await efficiencySlide(pres, d, pickChart(files, d.corpus, 'efficiency'));
  await costSlide(pres, d, pickChart(files, d.corpus, 'cost'));
  tableSlide(pres, d);
  methodsSlide(pres, d);

  const out = join(dir, SLIDES_FILE);
  const buf = (await pres.write({ outputType: 'nodebuffer' })) as Buffer;
  try {
    await writeFile(out, buf);
  } catch (e) {
    throw outputError(`cannot write ${out} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`, 'check that the folder exists and is writable');
  }
  opts.log?.(`slides: ${out}`);
  return out;
}
