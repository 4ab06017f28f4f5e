// slides.pptx: a 16:9 deck that tells the run's findings. Every slide title states its slide's finding (findings.ts),
// the second slide gives the takeaways, speaker notes say the full numbers in words. Every box is positioned from
// measured text sizes (slide-layout.ts), and what does not fit goes on to the next slide, so nothing overlaps.
// Charts are drawn for the space they fill on their slide, at 2 px per point, so their text keeps 12 pt or more.
import { DEFAULTS } from '../config.js';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import pptxgenjs from 'pptxgenjs';
import { claimFinding } from '../analysis/index.js';
import { claimData } from '../models/index.js';
import type { ClaimRow, EfficiencyRow, ModelRow, SummaryRow } from '../types.js';
import { CATEGORY_ORDER, EU_MEAN, languageName } from '../vocabulary.js';
import { buildChartSpecs, renderChartSpec, type ChartFile } from './charts.js';
import {
  billSelection,
  corpusNote,
  corporaTitle,
  efficiencyTitle,
  findings,
  findingsCorpus,
  listWords,
  overheadTitle,
  shortSubject,
  type Finding,
} from './findings.js';
import { FONT_FAMILY, FONT_STACK } from './fonts.js';
import { writeOutput } from './write.js';
import { fmtCi, fmtDate, fmtInt, fmtMoneyRounded, fmtNum, fmtPct, fmtPctRange } from './format.js';
import {
  corporaOf,
  corpusLabel,
  groupModels,
  isLegacyTokenizer,
  langOrder,
  MANY_LANGS,
  todaysModels,
  tokenizerOrder,
  wholeCorpus,
} from './selection.js';
import {
  CONTENT_BOTTOM,
  linesHeight,
  layoutTable,
  lineHeight,
  MARGIN,
  MIN_PT,
  Page,
  placeTable,
  SLIDE_H,
  SLIDE_W,
  wrap,
  wrapAll,
  type Cell,
  type Line,
  type Run,
  type TableLayout,
} from './slide-layout.js';
import { CATEGORY_COLORS, COLORS, PX_PER_PT } from './theme.js';
import { SLIDES_FILE } from './run-files.js';
import type { ChartCanvas, ChartName, RunData } from './types.js';

type Pres = pptxgenjs.default;
type TextRun = pptxgenjs.default.TextProps;
// The ESM build's default export is the class, but the CommonJS-style .d.ts makes TypeScript see a namespace.
const PptxGen = ((pptxgenjs as unknown as { default?: new () => Pres }).default ??
  pptxgenjs) as unknown as new () => Pres;

export { SLIDES_FILE } from './run-files.js';

/**
 * The slides in order. Each appears once, except: `languages` only with more than MANY_LANGS languages, `corpora`
 * only with several corpora, and a slide whose content does not fit continues on the next (same kind).
 */
export const SLIDE_ORDER = [
  'title',
  'takeaways',
  'claim-1',
  'claim-2',
  'languages',
  'models',
  'bill',
  'overhead',
  'efficiency',
  'corpora',
  'methods',
] as const;
export type SlideKind = (typeof SLIDE_ORDER)[number];

export interface SlidesOptions {
  log?: (line: string) => void;
}

// ---------------------------------------------------------------- look

/**
 * The charts' font stack is "Liberation Sans, Arial, …": a .pptx names one face, and Arial (metric-compatible
 * with Liberation Sans, which LibreOffice substitutes for it, and whose metrics the layout measures with) is
 * present wherever PowerPoint runs.
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
  bg: hex(COLORS.background),
};
const SIZE = { title: 28, subtitle: 15, body: 16, small: 13, note: 12 } as const;
const W = SLIDE_W - 2 * MARGIN;

const run = (text: string, size: number, o: Partial<Run> = {}): Run => ({ text, size, ...o });
const muted = (text: string, size: number = SIZE.note): Run => run(text, size, { color: C.muted });

/** Absolute paths of this machine as their last two parts ("…/tokenizers/lucie-7b"): nothing run-specific on a slide. */
export function redactPaths(s: string): string {
  return s.replace(
    /(^|[\s=,:;('"])((?:[A-Za-z]:)?[/\\](?:[^\s,;:()'"]+[/\\])*[^\s,;:()'"]*)/g,
    (m, pre: string, path: string) => {
      const parts = path.split(/[/\\]/).filter(Boolean);
      if (parts.length < 2 && !/^[A-Za-z]:/.test(path)) return m;
      return `${pre}…/${parts.slice(-2).join('/')}`;
    },
  );
}

// ---------------------------------------------------------------- the deck as pages

interface DeckSlide {
  kind: SlideKind;
  page: Page;
  notes: string;
  /** 'plain': no footer (title slide). */
  master?: 'plain';
}

interface Ctx {
  run: RunData;
  corpus: string;
  corpusLabel: string;
  baseline: string;
  base: string;
  langs: string[];
  findings: Map<string, Finding>;
  footer: string;
  date: string;
  conf: number;
  /** The chart `name` of the corpus drawn on `canvas` (or an edited spec's PNG). */
  chart: (
    name: ChartName,
    canvas: ChartCanvas,
    /** Only these languages (and the baseline): a chart of many languages is split over slides. */
    langs?: string[],
  ) => Promise<{ png: Buffer; w: number; h: number; description: string } | undefined>;
}

/** Title (wrapped, 28 pt, or 24 pt when it would take three lines) and subtitle; returns where content starts. */
function heading(page: Page, title: string, subtitle?: string): number {
  let size: number = SIZE.title;
  let lines = wrap([run(title, size, { bold: true })], W);
  if (lines.length > 2) {
    size = 24;
    lines = wrap([run(title, size, { bold: true })], W);
  }
  let y = page.text(MARGIN, 0.35, W, lines);
  if (subtitle) y = page.text(MARGIN, y + 0.06, W, wrap([muted(subtitle, SIZE.subtitle)], W));
  return y + 0.22;
}

/** A footnote stacked under the content; undefined when it would not fit above the footer. */
function footnote(page: Page, y: number, text: string): number | undefined {
  const lines = wrap([muted(text)], W);
  const h = lines.length * ((MIN_PT * 1.2) / 72);
  if (y + 0.12 + h > CONTENT_BOTTOM) return undefined;
  return page.text(MARGIN, y + 0.12, W, lines);
}

/**
 * A table over as many slides as its rows need (header repeated), with a footnote on the last one. The table
 * is laid out at 16 pt, then 14 and 12 pt; when even 12 pt is too wide, the data columns are split into groups,
 * each with the key columns, one group after the other.
 */
function tableSlides(
  ctx: Ctx,
  kind: SlideKind,
  title: string,
  subtitle: string,
  build: (size: number, cols: number[]) => { rows: Cell[][]; aligns: ('left' | 'right')[] },
  dataCols: number,
  foot: string | undefined,
  notes: string,
): DeckSlide[] {
  const chunk = (k: number) => {
    const groups: number[][] = [];
    for (let i = 0; i < dataCols; i += k)
      groups.push(Array.from({ length: Math.min(k, dataCols - i) }, (_, j) => i + j));
    return groups;
  };
  type Planned = { layout: TableLayout; aligns: ('left' | 'right')[] };
  // Slides a laid-out table takes: its rows under the title, the header repeated on each slide.
  const probe = new Page();
  const room = CONTENT_BOTTOM - heading(probe, title, subtitle);
  // The footnote goes under the last table when it fits there, else on a slide of its own: count that slide too,
  // so a smaller type that leaves room for it wins over a slide holding only a note.
  const footH = foot ? 0.12 + wrap([muted(foot)], W).length * ((MIN_PT * 1.2) / 72) : 0;
  const slidesOf = (t: TableLayout, last: boolean) => {
    let n = 1;
    let y = t.rows[0].h;
    for (const r of t.rows.slice(1)) {
      if (y + r.h > room) {
        n++;
        y = t.rows[0].h;
      }
      y += r.h;
    }
    return last && y + footH > room ? n + 1 : n;
  };
  // Of the layouts that fit (all columns at 16, 14 or 12 pt, or fewer columns a table), the one on fewest slides;
  // a tie goes to more columns, then the larger type.
  let plan: Planned[] | undefined;
  let best = Infinity;
  for (let k = Math.max(1, dataCols); k >= 1; k--) {
    for (const size of [16, 14, 12]) {
      const tables = chunk(k).map((cols) => {
        const t = build(size, cols);
        return { layout: layoutTable(t.rows, W), aligns: t.aligns };
      });
      if (!tables.every((t) => t.layout)) continue;
      const n = (tables as Planned[]).reduce((a, t, i) => a + slidesOf(t.layout, i === tables.length - 1), 0);
      if (n < best) {
        best = n;
        plan = tables as Planned[];
      }
    }
  }
  if (!plan) throw new Error(`layout: the ${kind} table does not fit a slide even one column at a time`);
  const slides: DeckSlide[] = [];
  const rule = (page: Page) => (y: number, x: number, w: number) => page.add({ kind: 'rule', x, y, w, h: 0 });
  for (const [g, t] of plan.entries()) {
    let from = 1;
    while (from < t.layout.rows.length || (from === 1 && t.layout.rows.length === 1)) {
      const page = new Page();
      const n = slides.length;
      const top = heading(page, n ? `${title} (continued)` : title, subtitle);
      const placed = placeTable(page, t.layout, t.aligns, from, MARGIN, top, CONTENT_BOTTOM, rule(page));
      if (placed.next === from && from < t.layout.rows.length)
        throw new Error(`layout: a row of the ${kind} table is taller than a slide`);
      from = placed.next;
      const last = g === plan.length - 1 && from >= t.layout.rows.length;
      slides.push({ kind, page, notes, ...(last && foot ? { foot: placed.bottom } : {}) } as DeckSlide & {
        foot?: number;
      });
      if (t.layout.rows.length === 1) break;
    }
  }
  // The footnote under the last table, or on a slide of its own when it does not fit there.
  if (foot) {
    const last = slides[slides.length - 1] as DeckSlide & { foot?: number };
    if (last.foot === undefined || footnote(last.page, last.foot, foot) === undefined) {
      const page = new Page();
      footnote(page, heading(page, `${title} (notes)`), foot);
      slides.push({ kind, page, notes });
    }
  }
  return slides;
}

// ---------------------------------------------------------------- words for the notes

const NBSP = /\u00a0/g;
const plain = (s: string) => s.replace(NBSP, ' ');
/** "57.9 per cent more" / "3.1 per cent fewer" (same rounding as fmtPct). */
function pctMore(x: number | undefined, digits = 1, more = 'more', fewer = 'fewer'): string {
  if (x === undefined || !Number.isFinite(x)) return 'not available';
  const s = fmtNum(Math.abs(x), digits);
  if (Number(s) === 0) return 'no difference';
  return `${s} per cent ${x > 0 ? more : fewer}`;
}
/** "56.5 to 59.3 per cent" for an interval. */
function ciWords(low: number | undefined, high: number | undefined, digits = 1): string {
  if (low === undefined || high === undefined || !Number.isFinite(low) || !Number.isFinite(high))
    return 'not available';
  const f = (x: number) => (x < 0 ? `minus ${fmtNum(-x, digits)}` : fmtNum(x, digits));
  return `${f(low)} to ${f(high)} per cent`;
}

// ---------------------------------------------------------------- the slides

function titleSlide(ctx: Ctx): DeckSlide {
  const page = new Page();
  const m = ctx.run.manifest;
  const claim = claimData();
  const toks = wholeCorpus(ctx.run.analysis.summary, ctx.corpus);
  const ids = [...new Set(toks.map((r) => r.tokenizer))];
  const x = 1.0;
  const w = SLIDE_W - 2 * x;
  let y = page.text(x, 0.9, w, wrap([run('The token tax', 48, { bold: true })], w));
  y = page.text(
    x,
    y + 0.1,
    w,
    wrap(
      [
        muted(
          `How many more tokens ${listWords(ctx.langs.map(languageName), 6).replace(/(\d+) more$/, '$1 more languages')} cost than ${ctx.base} for the same content`,
          22,
        ),
      ],
      w,
    ),
  );
  y = page.text(x, y + 0.35, w, wrap([run(`“${claim.statement}”`, 19, { italic: true })], w));
  const said = /^(\d{4})-(\d{2})/.exec(claim.said);
  const month = said
    ? new Date(Date.UTC(+said[1], +said[2] - 1, 1)).toLocaleString('en-GB', {
        month: 'long',
        year: 'numeric',
        timeZone: 'UTC',
      })
    : claim.said;
  y = page.text(
    x,
    y + 0.06,
    w,
    wrap([muted(`— ${claim.source}, ${claim.place}, ${month} (the claim this deck checks)`, 14)], w),
  );
  const segs = m.corpora.find((c) => c.id === ctx.corpus)?.report.used;
  const info: Line[] = [
    [
      run('Corpus: ', SIZE.body, { bold: true }),
      run(
        `${ctx.corpusLabel}${segs !== undefined ? `, ${fmtInt(segs)} aligned segments` : ''}${corporaOf(ctx.run.analysis.summary).length > 1 ? ` (and ${corporaOf(ctx.run.analysis.summary).length - 1} more)` : ''}`,
        SIZE.body,
      ),
    ],
    [run('Tokenizers: ', SIZE.body, { bold: true }), run(`${ids.length}: ${listWords(ids, 8)}`, SIZE.body)],
    [
      run('Run: ', SIZE.body, { bold: true }),
      run(
        `${ctx.date} · ${m.tool.name} ${m.tool.version}${m.tool.gitCommit ? ` (commit ${m.tool.gitCommit.slice(0, 7)})` : ''}`,
        SIZE.body,
      ),
    ],
  ];
  page.text(x, Math.max(y + 0.4, 4.6), w, wrapAll(info, w));
  const notes = [
    `This deck reports the token tax measured by ${m.tool.name} version ${m.tool.version} on ${ctx.date}: how many more tokens the same content costs in ${listWords(ctx.langs.map(languageName))} than in ${ctx.base}.`,
    `The claim it checks, quoted once here: "${claim.statement}" (${claim.source}, ${claim.place}, ${month}).`,
    `The corpus is ${ctx.corpusLabel}${segs !== undefined ? `, with ${fmtInt(segs)} aligned segments, the same content in every language` : ''}. ${ids.length} tokenizer${ids.length === 1 ? ' was' : 's were'} measured: ${listWords(ids)}.`,
  ].join('\n');
  return { kind: 'title', page, notes, master: 'plain' };
}

function takeawaysSlide(ctx: Ctx): DeckSlide {
  const list = [...ctx.findings.values()];
  const note = corpusNote(ctx.run);
  const segs = ctx.run.manifest.corpora.find((c) => c.id === ctx.corpus)?.report.used;
  for (const size of [20, 19, 18, 17, 16, 15, 14, 13, 12]) {
    const page = new Page();
    let y = heading(
      page,
      `What this run found on ${ctx.corpusLabel}${segs !== undefined ? ` (${fmtInt(segs)} segments)` : ''}`,
    );
    const numW = (size * 2) / 72;
    let fits = true;
    for (const [i, f] of list.entries()) {
      const lines = wrap([run(f.sentence, size)], W - numW);
      const h = lines.length * ((size * 1.2) / 72);
      if (y + h > CONTENT_BOTTOM - (note ? 0.5 : 0)) {
        fits = false;
        break;
      }
      page.text(MARGIN, y, numW, [[run(`${i + 1}.`, size, { bold: true, color: C.accent })]]);
      y = page.text(MARGIN + numW, y, W - numW, lines) + size / 72 / 2;
    }
    if (!fits) continue;
    if (note && footnote(page, y, note) === undefined) continue;
    return {
      kind: 'takeaways',
      page,
      notes: [
        `The findings of this run on ${ctx.corpusLabel}, computed from its figures; the following slides show each one.`,
        ...list.map((f, i) => `${i + 1}. ${plain(f.sentence)}`),
        ...(note ? [note] : []),
      ].join('\n'),
    };
  }
  throw new Error('layout: the takeaways do not fit one slide at 12 pt');
}

/** A header cell: bold, muted. */
const headCell = (t: string, size: number, align: 'left' | 'right' = 'right'): Cell => ({
  lines: [[run(t, size, { bold: true, color: C.muted })]],
  align,
});

/**
 * The `build` of tableSlides for items (subjects, tokenizer groups) × languages: one row per item and a column per
 * language, or, with many languages, one row per language and a column per item. `cols` picks the data columns.
 */
function byLanguage<T>(o: {
  items: T[];
  langs: string[];
  transpose: boolean;
  corner: string;
  itemCell: (item: T, size: number, align: 'left' | 'right') => Cell;
  cell: (item: T, lang: string, size: number) => Cell;
}): (size: number, cols: number[]) => { rows: Cell[][]; aligns: ('left' | 'right')[] } {
  return (size, cols) => {
    const right = cols.map(() => 'right' as const);
    if (!o.transpose) {
      const ls = cols.map((i) => o.langs[i]);
      return {
        rows: [
          [headCell(o.corner, size, 'left'), ...ls.map((l) => headCell(languageName(l), size))],
          ...o.items.map((it) => [o.itemCell(it, size, 'left'), ...ls.map((l) => o.cell(it, l, size))]),
        ],
        aligns: ['left', ...right],
      };
    }
    const its = cols.map((i) => o.items[i]);
    return {
      rows: [
        [headCell('Language', size, 'left'), ...its.map((it) => o.itemCell(it, size, 'right'))],
        ...o.langs.map((l) => [
          { lines: [[run(languageName(l), size)]] },
          ...its.map((it) => o.cell(it, l, size)),
        ]),
      ],
      aligns: ['left', ...right],
    };
  };
}

/** The claim rows of one part, as a table: subjects × languages, or languages × subjects with many languages. */
function claimSlides(ctx: Ctx, part: 1 | 2): DeckSlide[] {
  const a = ctx.run.analysis;
  const rows = (a.claim ?? a.headline.claim ?? []).filter((r) => r.corpus === ctx.corpus && r.part === part);
  const f = ctx.findings.get(part === 1 ? 'part1' : 'part2');
  if (!rows.length || !f) {
    const page = new Page();
    const y = heading(page, `Claim, part ${part}: not in this run`);
    page.text(
      MARGIN,
      y + 0.5,
      W,
      wrap(
        [muted('This run has no claim check (it was written by an older tokentax): run it again.', 20)],
        W,
      ),
    );
    return [
      {
        kind: part === 1 ? 'claim-1' : 'claim-2',
        page,
        notes:
          'This run folder holds no claim.csv, so the deck cannot show the claim check; run tokentax run again to get it.',
      },
    ];
  }
  const subjects = [...new Set(rows.map((r) => r.subject))];
  const part1Order = part === 1 ? [...subjects].reverse() : subjects;
  // The EU-wide mean (analysis/claim.ts) as a last row when the run has one.
  const langs = rows.some((r) => r.lang === EU_MEAN) ? [...ctx.langs, EU_MEAN] : ctx.langs;
  const transpose = langs.length > MANY_LANGS;
  const cellOf = (r: ClaimRow | undefined, size: number): Cell => {
    if (!r || r.verdict === 'not measured') return { lines: [[muted('not measured', size)]], align: 'right' };
    const second =
      part === 1
        ? `${r.verdict} · tokenizer ${fmtPct(r.tokenizerPct)}`
        : `${r.verdict} · tokenizer ${fmtPct(r.tokenizerPct)}: ${r.tokenizerVerdict}`;
    const first: Line = [
      run(fmtPct(r.overheadPct), size, { bold: true }),
      muted(` ${fmtCi(r.ciLowPct, r.ciHighPct)}`, size),
    ];
    // Languages as rows: one line a row (the verdicts after the figure), so a slide holds more of them.
    return transpose
      ? { lines: [[...first, muted(` ${second}`, SIZE.note)]], align: 'right' }
      : { lines: [first, [muted(second, SIZE.note)]], align: 'right' };
  };
  const build = byLanguage({
    items: part1Order,
    langs,
    transpose,
    corner: part === 1 ? 'ChatGPT' : 'European tokenizer',
    itemCell: (id, size, align) => {
      const r = rows.find((x) => x.subject === id)!;
      return {
        lines: [[run(shortSubject(r.subjectName), size, { bold: true })], [muted(r.tokenizer)]],
        align,
      };
    },
    cell: (id, l, size) =>
      cellOf(
        rows.find((r) => r.subject === id && r.lang === l),
        size,
      ),
  });
  const margin = rows[0].marginPct;
  const missing = [
    ...new Set(
      rows
        .filter((r) => r.verdict === 'not measured')
        .map((r) => `${shortSubject(r.subjectName)} (${r.note ?? 'not measured'})`),
    ),
  ];
  const foot =
    part === 1
      ? `Verdict against the claimed ${plain(fmtPct(rows[0].claimedPct, 0))} ± ${margin} points; "tokenizer": the tokenizer's own share once the longer text is taken out, (1 + overhead) = (1 + length) × (1 + tokenizer).`
      : `"Removes the surcharge" read as 0 % ± ${margin}, on the whole overhead (first verdict) and on the tokenizer's own share, the longer text taken out (second verdict).${missing.length ? ` Not measured: ${missing.join('; ')}.` : ''}`;
  const lines = part1Order.map((id) => {
    const mine = rows.filter((r) => r.subject === id);
    if (mine.every((r) => r.verdict === 'not measured'))
      return `${mine[0].subjectName}: not measured in this run. ${mine[0].note ?? ''}`.trim();
    const per = mine.map(
      (r) =>
        `${languageName(r.lang)} ${pctMore(r.overheadPct)}, interval ${ciWords(r.ciLowPct, r.ciHighPct)}, ${r.verdict}; of it, the longer text accounts for ${pctMore(r.lengthPct)} and the tokenizer for ${pctMore(r.tokenizerPct)}${r.tokenizerCiLowPct !== undefined ? ` (interval ${ciWords(r.tokenizerCiLowPct, r.tokenizerCiHighPct)}, ${r.tokenizerVerdict})` : ''}`,
    );
    // Part 2 in the sentence every view uses (analysis/claim.ts): both readings per language.
    if (part === 2)
      return `${mine[0].subjectName}, tokenizer ${mine[0].tokenizer}: ${mine.map(claimFinding).join('; ')}.`;
    return `${mine[0].subjectName}, tokenizer ${mine[0].tokenizer}: ${per.join('; ')}.`;
  });
  const notes = [plain(f.sentence), ...lines].join('\n');
  return tableSlides(
    ctx,
    part === 1 ? 'claim-1' : 'claim-2',
    f.title,
    `Extra tokens vs ${ctx.base} for the same content, ${ctx.corpusLabel}, ${ctx.conf} % CI; claimed: ${plain(fmtPct(rows[0].claimedPct, 0))} ± ${margin}`,
    build,
    transpose ? part1Order.length : langs.length,
    foot,
    notes,
  );
}

/** Many languages: which pay most, and the cheapest tokenizer for each. */
function languagesSlides(ctx: Ctx): DeckSlide[] {
  const f = ctx.findings.get('languages');
  if (!f) return [];
  const rows = wholeCorpus(ctx.run.analysis.summary, ctx.corpus).filter(
    (r) => r.lang !== ctx.baseline && !isLegacyTokenizer(r.tokenizer),
  );
  const claim = (ctx.run.analysis.claim ?? []).filter((r) => r.corpus === ctx.corpus);
  const today = claim.find(
    (r) => r.part === 1 && r.subject.includes('today') && r.verdict !== 'not measured',
  )?.tokenizer;
  const on = today && rows.some((r) => r.tokenizer === today) ? today : undefined;
  const cost = (l: string) => {
    const xs = rows.filter((r) => r.lang === l && (!on || r.tokenizer === on)).map((r) => r.overheadPct);
    return xs.reduce((s, x) => s + x, 0) / xs.length;
  };
  const langs = [...ctx.langs].sort((a, b) => cost(b) - cost(a));
  const build = (size: number) => ({
    rows: [
      ['Language', on ? `On ${on}` : 'Mean overhead', 'Cheapest tokenizer', 'Longer text alone'].map(
        (h, i) => ({
          lines: [[run(h, size, { bold: true, color: C.muted })]],
          align: i ? ('right' as const) : ('left' as const),
        }),
      ),
      ...langs.map((l) => {
        const best = rows.filter((r) => r.lang === l).sort((a, b) => a.overheadPct - b.overheadPct)[0];
        const x = rows.find((r) => r.lang === l && r.baselineChars > 0);
        return [
          { lines: [[run(languageName(l), size)]] },
          { lines: [[run(fmtPct(cost(l)), size, { bold: true })]], align: 'right' as const },
          {
            lines: [[run(`${best.tokenizer} `, size), run(fmtPct(best.overheadPct), size, { bold: true })]],
            align: 'right' as const,
          },
          {
            lines: [[muted(x ? fmtPct(100 * (x.chars / x.baselineChars - 1)) : '–', size)]],
            align: 'right' as const,
          },
        ];
      }),
    ],
    aligns: ['left' as const, 'right' as const, 'right' as const, 'right' as const],
  });
  const notes = [
    plain(f.sentence),
    ...langs.map((l) => `${languageName(l)}: ${pctMore(cost(l))}${on ? ` on ${on}` : ' on average'}.`),
  ].join('\n');
  return tableSlides(
    ctx,
    'languages',
    f.title,
    `Extra tokens vs ${ctx.base}, ${ctx.corpusLabel}; most expensive first`,
    (size) => build(size),
    1,
    undefined,
    notes,
  );
}

function modelsSlides(ctx: Ctx): DeckSlide[] {
  const f = ctx.findings.get('models');
  const today = todaysModels(ctx.run.analysis.models ?? [], ctx.corpus);
  if (!f || !today.length) {
    const page = new Page();
    const y = heading(page, "Today's models: not in this run");
    page.text(
      MARGIN,
      y + 0.5,
      W,
      wrap(
        [muted('This run has no models.csv (an older tokentax): run it again for the model view.', 20)],
        W,
      ),
    );
    return [
      {
        kind: 'models',
        page,
        notes: "This run folder holds no models.csv, so the deck cannot show today's models.",
      },
    ];
  }
  const counted = today.filter((r) => r.countedBy !== 'not measured');
  const byTok = new Map<string, string[]>();
  for (const g of groupModels(counted))
    byTok.set(g[0].tokenizer, [...(byTok.get(g[0].tokenizer) ?? []), g[0].model]);
  const groups = [...byTok].sort((a, b) => b[1].length - a[1].length);
  // Model ids without their "org/" (the notes keep them whole), three at most.
  const names = (ms: string[]) => {
    const short = ms.map((m) => m.slice(m.lastIndexOf('/') + 1));
    return short.length > 4
      ? `${short.slice(0, 3).join(', ')} and ${short.length - 3} more`
      : short.join(', ');
  };
  const langs = ctx.langs;
  const transpose = langs.length > MANY_LANGS;
  const cell = (tok: string, l: string, size: number): Cell => {
    const r = counted.find((x) => x.tokenizer === tok && x.lang === l);
    return r?.overheadPct !== undefined
      ? {
          lines: [
            [
              run(fmtPct(r.overheadPct), size, { bold: true }),
              muted(` ${fmtCi(r.ciLowPct ?? NaN, r.ciHighPct ?? NaN)}`, size),
            ],
          ],
          align: 'right',
        }
      : { lines: [[muted('–', size)]], align: 'right' };
  };
  const build = byLanguage({
    items: groups,
    langs,
    transpose,
    corner: 'Counted with',
    itemCell: ([tok, ms], size, align) => ({
      lines: [
        [run(`${tok} · ${ms.length} model${ms.length === 1 ? '' : 's'}`, size, { bold: true })],
        [muted(names(ms))],
      ],
      align,
    }),
    cell: ([tok], l, size) => cell(tok, l, size),
  });
  const unmeasured = groupModels(today.filter((r) => r.countedBy === 'not measured'));
  const providers = [...new Set(unmeasured.map((g) => g[0].provider))].map(
    (p) => `${p} ${unmeasured.filter((g) => g[0].provider === p).length}`,
  );
  const approx = groupModels(counted).filter((g) => g[0].countedBy === 'approx').length;
  const foot = [
    unmeasured.length
      ? `Not measured in this run (provider counting API or tokenizer not available): ${providers.join(', ')}; report.md says what would measure each.`
      : "Every one of today's models in the catalog was measured.",
    approx
      ? `${approx} of the models are counted with a declared stand-in tokenizer (models.csv, counted_by approx).`
      : '',
  ]
    .filter(Boolean)
    .join(' ');
  const notes = [
    plain(f.sentence),
    ...groups.map(
      ([tok, ms]) =>
        `${tok} counts ${listWords(ms)}: ${listWords(
          langs
            .map((l) => counted.find((x) => x.tokenizer === tok && x.lang === l))
            .filter((r): r is ModelRow => !!r)
            .map((r) => `${languageName(r.lang)} ${pctMore(r.overheadPct)}`),
        )}.`,
    ),
    foot,
  ].join('\n');
  return tableSlides(
    ctx,
    'models',
    f.title,
    `Extra tokens vs ${ctx.base} by the tokenizer that counts each of today's models, ${ctx.corpusLabel}, ${ctx.conf} % CI`,
    build,
    transpose ? groups.length : langs.length,
    foot,
    notes,
  );
}

/**
 * A chart slide: the finding as title, what the chart shows as subtitle, and the chart drawn for the space left
 * (at PX_PER_PT, so its smallest text is 12 pt); a chart whose spec was edited by hand keeps its own PNG, scaled
 * into that space.
 */
interface ChartSlide {
  kind: SlideKind;
  name: ChartName;
  title: string;
  subtitle: string;
  notes: string;
  /** Muted lines under the chart (what its figures assume); the chart shrinks to leave them room. */
  footnote?: string;
}

async function chartSlide(
  ctx: Ctx,
  { kind, name, title, subtitle, notes, footnote }: ChartSlide,
  langs?: string[],
): Promise<DeckSlide> {
  const page = new Page();
  const top = heading(page, title, subtitle);
  const foot = footnote ? wrap([muted(footnote)], W) : [];
  const footH = foot.length ? linesHeight(foot) + 0.1 : 0;
  if (foot.length) page.text(MARGIN, CONTENT_BOTTOM - footH + 0.1, W, foot);
  const area = { x: MARGIN - 0.35, y: top - 0.1, w: W + 0.7, h: CONTENT_BOTTOM - footH - top + 0.1 };
  const chart = await ctx.chart(
    name,
    {
      width: Math.floor(area.w * 72 * PX_PER_PT),
      height: Math.floor(area.h * 72 * PX_PER_PT),
      titled: false,
    },
    langs,
  );
  if (chart) {
    const scale = Math.min(area.w / chart.w, area.h / chart.h);
    const w = chart.w * scale;
    const h = chart.h * scale;
    page.add({
      kind: 'image',
      x: area.x + (area.w - w) / 2,
      y: area.y,
      w,
      h,
      image: {
        data: chart.png.toString('base64'),
        alt: `${title}. ${chart.description}`,
        name: `chart ${name}`,
      },
    });
  } else page.text(MARGIN, top + 1, W, wrap([muted('This chart could not be drawn for this run.', 20)], W));
  return { kind, page, notes };
}

async function billSlide(ctx: Ctx): Promise<DeckSlide> {
  const a = ctx.run.analysis;
  const w = a.options.workload;
  const f = ctx.findings.get('bill');
  if (!f || !w || !billSelection(ctx.run, ctx.corpus).rows.length) {
    const page = new Page();
    const y = heading(page, 'The bill: no model was both counted and priced in this run');
    page.text(
      MARGIN,
      y + 0.5,
      W,
      wrap([muted('No current model was both counted and priced in this run, so there is no bill.', 20)], W),
    );
    return {
      kind: 'bill',
      page,
      notes: 'No current model was both counted and priced in this run, so the deck has no bill.',
    };
  }
  const sel = billSelection(ctx.run, ctx.corpus);
  const cur = a.options.currency;
  const money = (usd: number | undefined) => plain(fmtMoneyRounded(usd, cur));
  const dates = [...new Set(sel.rows.map((r) => r.priceDate).filter(Boolean))].sort();
  const billed = groupModels(sel.rows);
  const notes = [
    plain(f.sentence),
    `The monthly bill of the ${w.name} workload: ${fmtInt(w.requestsPerMonth)} requests a month, ${fmtInt(w.inputWords)} English-equivalent words in and ${fmtInt(w.outputWords)} out per request, ${Math.round(w.cachedShare * 100)} per cent of the input cached. Output in a language is taken to carry that language's premium as measured on this corpus; reasoning tokens are not counted. List prices of ${listWords(dates) || 'an unknown date'} (${a.priceSource?.name ?? 'prices.csv'}). Models shown: ${sel.rule}.`,
    ...billed.map((g) => {
      const b = g.find((r) => r.lang === ctx.baseline);
      const others = g.filter((r) => r.lang !== ctx.baseline && r.bill);
      return `${g[0].model}${g[0].countedBy === 'approx' ? ' (approximated)' : ''}: ${money(b?.bill?.totalUsd)} a month in ${ctx.base}; ${listWords(others.map((r) => `${languageName(r.lang)} ${money(r.bill!.totalUsd)}, ${pctMore(r.extraPct, 0)}`))}.`;
    }),
    ...(sel.missing.length
      ? [`Asked for but not shown: ${sel.missing.map((m) => `${m.id} (${m.why})`).join(', ')}.`]
      : []),
  ].join('\n');
  const shows =
    ctx.langs.length > MANY_LANGS
      ? `cells: the extra over ${ctx.base} in %`
      : `bars: the extra over ${ctx.base} in %, labelled with the extra a month`;
  const sub = `${w.name}: ${fmtInt(w.requestsPerMonth)} requests a month, ${fmtInt(w.inputWords)} words in, ${fmtInt(w.outputWords)} out; list prices of ${listWords(dates)}; ${shows}`;
  // What the bill assumes (reasoning tokens not counted, output priced at the language's premium, …), on the slide.
  const caveats = a.billCaveats ?? [];
  return chartSlide(ctx, {
    kind: 'bill',
    name: 'cost',
    title: f.title,
    subtitle: sub,
    notes: caveats.length ? `${notes}\nWhat the bill assumes: ${caveats.join(' ')}` : notes,
    ...(caveats.length ? { footnote: `What the bill assumes: ${caveats.join(' ')}` } : {}),
  });
}

/** Most languages one chart slide shows (as rows): more go on further slides, so each row keeps its label. */
const LANGS_PER_CHART = 12;

/** The languages in the order the many-language charts draw them (highest overhead first), in slide-size groups. */
function chartGroups(ctx: Ctx): (string[] | undefined)[] {
  if (ctx.langs.length <= LANGS_PER_CHART) return [undefined];
  const rows = wholeCorpus(ctx.run.analysis.summary, ctx.corpus).filter(
    (r) => !isLegacyTokenizer(r.tokenizer),
  );
  const mean = (l: string) => {
    const xs = rows.filter((r) => r.lang === l).map((r) => r.overheadPct);
    return xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
  };
  const sorted = [...ctx.langs].sort((a, b) => mean(b) - mean(a));
  const n = Math.ceil(sorted.length / LANGS_PER_CHART);
  const size = Math.ceil(sorted.length / n);
  return Array.from({ length: n }, (_, i) => sorted.slice(i * size, (i + 1) * size));
}

/** One chart over as many slides as its languages need (chartGroups); titles say which part each is. */
async function chartSlides(ctx: Ctx, c: ChartSlide): Promise<DeckSlide[]> {
  const groups = chartGroups(ctx);
  const out: DeckSlide[] = [];
  for (const [i, g] of groups.entries()) {
    const part = g
      ? ` (${i + 1} of ${groups.length}: ${languageName(g[0])} to ${languageName(g[g.length - 1])})`
      : '';
    // Later parts repeat the title's first clause only.
    out.push(await chartSlide(ctx, { ...c, title: `${i ? c.title.split(';')[0] : c.title}${part}` }, g));
  }
  return out;
}

async function overheadSlides(ctx: Ctx): Promise<DeckSlide[]> {
  const o = ctx.run.analysis.options;
  const margin = o.claimMarginPct ?? DEFAULTS.analysis.claimMarginPct;
  const rows = wholeCorpus(ctx.run.analysis.summary, ctx.corpus);
  const order = tokenizerOrder(rows);
  const notes = [
    `Extra tokens compared with ${ctx.base} for the same content, per tokenizer and language. The shaded band is the claim's part 1, ${fmtNum(o.claimPct, 0)} plus or minus ${margin} per cent; the solid line at zero is its part 2; the dashed line (or grey mark) is what the longer text alone costs, which no tokenizer removes; whiskers are ${ctx.conf} per cent confidence intervals.`,
    ...order.map((t) => {
      const per = ctx.langs
        .map((l) => rows.find((r) => r.tokenizer === t && r.lang === l))
        .filter((r): r is SummaryRow => !!r)
        .map((r) => `${languageName(r.lang)} ${pctMore(r.overheadPct)}`);
      return `${t}${isLegacyTokenizer(t) ? ' (legacy)' : ''}: ${listWords(per)}.`;
    }),
  ].join('\n');
  const title = overheadTitle(ctx.run, ctx.corpus) ?? `Extra tokens vs ${ctx.base}`;
  return chartSlides(ctx, {
    kind: 'overhead',
    name: 'overhead',
    title,
    subtitle: `Extra tokens vs ${ctx.base} per tokenizer, ${ctx.conf} % CI; shaded: part 1 (+${o.claimPct} % ± ${margin}); solid: part 2 (0 %); dashed: the longer text alone`,
    notes,
  });
}

async function efficiencySlides(ctx: Ctx): Promise<DeckSlide[]> {
  const eff = wholeCorpus(ctx.run.analysis.efficiency, ctx.corpus);
  const ref = eff[0]?.reference ?? ctx.run.analysis.options.reference;
  if (!eff.length) {
    const page = new Page();
    const y = heading(page, `No cross-tokenizer comparison: ${ref} is not in this run`);
    page.text(
      MARGIN,
      y + 0.5,
      W,
      wrap(
        [muted(`No cross-tokenizer comparison: the reference tokenizer ${ref} is not in this run.`, 20)],
        W,
      ),
    );
    return [
      {
        kind: 'efficiency',
        page,
        notes: `There is no cross-tokenizer comparison in this run, because the reference tokenizer ${ref} was not measured.`,
      },
    ];
  }
  const order = tokenizerOrder(eff).filter((t) => t !== ref);
  const langs = langOrder(eff, ctx.baseline);
  const notes = [
    `How many tokens each tokenizer needs for the same text, compared with ${ref}. Below zero means fewer tokens than ${ref}.`,
    ...order.map(
      (t) =>
        `${t}: ${listWords(
          langs
            .map((l) => eff.find((r) => r.tokenizer === t && r.lang === l))
            .filter((r): r is EfficiencyRow => !!r)
            .map((r) => `${languageName(r.lang)} ${pctMore(r.relativePct)}`),
        )} tokens than ${ref}.`,
    ),
  ].join('\n');
  return chartSlides(ctx, {
    kind: 'efficiency',
    name: 'efficiency',
    title: efficiencyTitle(ctx.run, ctx.corpus) ?? `Tokens relative to ${ref}`,
    subtitle: `Tokens each tokenizer needs for the same text relative to ${ref}, per language, ${ctx.conf} % CI; below 0: fewer tokens`,
    notes,
  });
}

/** Several corpora: each part's subjects per corpus, as ranges over the languages. */
function corporaSlides(ctx: Ctx): DeckSlide[] {
  const a = ctx.run.analysis;
  const ids = corporaOf(a.summary, a.headline.corpus);
  const title = corporaTitle(ctx.run);
  if (ids.length < 2 || !title) return [];
  const claim = (a.claim ?? []).filter((r) => r.verdict !== 'not measured');
  const subjects = [...new Set(claim.map((r) => `${r.part}\0${r.subject}`))];
  const range = (c: string, k: string) => {
    const rs = claim.filter((r) => r.corpus === c && `${r.part}\0${r.subject}` === k);
    return rs.length
      ? fmtPctRange(Math.min(...rs.map((r) => r.overheadPct)), Math.max(...rs.map((r) => r.overheadPct)), 1)
      : '–';
  };
  const name = (k: string) => {
    const r = claim.find((x) => `${x.part}\0${x.subject}` === k)!;
    return `${shortSubject(r.subjectName)} (part ${r.part})`;
  };
  const segs = (c: string) => ctx.run.manifest.corpora.find((x) => x.id === c)?.report.used;
  const build = (size: number, cols: number[]) => ({
    rows: [
      [
        { lines: [[run('Corpus', size, { bold: true, color: C.muted })]] },
        ...cols.map((i) => ({
          lines: [[run(name(subjects[i]), size, { bold: true, color: C.muted })]],
          align: 'right' as const,
        })),
      ],
      ...ids.map((c) => [
        {
          lines: [
            [run(corpusLabel(ctx.run.manifest, c), size, { bold: true })],
            [muted(segs(c) !== undefined ? `${fmtInt(segs(c))} segments` : '')],
          ],
        },
        ...cols.map((i) => ({ lines: [[run(range(c, subjects[i]), size)]], align: 'right' as const })),
      ]),
    ],
    aligns: ['left' as const, ...cols.map(() => 'right' as const)],
  });
  const notes = [
    `The claim's subjects on each corpus of the run, as the range of their overhead over ${listWords(ctx.langs.map(languageName))}.`,
    ...ids.map(
      (c) =>
        `${corpusLabel(ctx.run.manifest, c)}: ${subjects.map((k) => `${name(k)} ${plain(range(c, k))}`).join('; ')}.`,
    ),
  ].join('\n');
  return tableSlides(
    ctx,
    'corpora',
    title,
    `Overhead vs ${ctx.base} over ${listWords(ctx.langs.map(languageName), 4)}, lowest to highest, per corpus`,
    build,
    subjects.length,
    'The other slides show the first corpus; report.md has every table for each corpus.',
    notes,
  );
}

function methodsSlides(ctx: Ctx): DeckSlide[] {
  const r = ctx.run;
  const m = r.manifest;
  const o = r.analysis.options;
  const h = r.analysis.headline;
  const info = new Map(r.tokenizers.map((t) => [t.id, t]));
  const loaded = new Map(m.tokenizers.map((t) => [t.id, t.loadedFrom]));
  const head = (t: string): Line => [run(t, 15, { bold: true })];
  const gap: Line = [run(' ', 6)];
  const line = (t: string): Line => [run(redactPaths(t), SIZE.note)];
  const left: Line[] = [head('Corpus')];
  for (const c of m.corpora) {
    const skipped = c.report.read - c.report.used;
    left.push(
      line(
        `${corpusLabel(m, c.id)}: ${fmtInt(c.report.used)} aligned segments used of ${fmtInt(c.report.read)} read${skipped > 0 ? ` (${fmtInt(skipped)} left out)` : ''}; ${c.format}${c.licence ? `, ${c.licence}` : ''}; SHA-256 ${c.sha256.slice(0, 12)}`,
      ),
    );
  }
  left.push(line(`Languages: ${ctx.langs.map(languageName).join(', ')}; baseline ${ctx.base}.`));
  const toks = [...new Set([...wholeCorpus(r.analysis.summary, ctx.corpus).map((x) => x.tokenizer)])];
  left.push(gap, head(`Tokenizers (${toks.length})`));
  for (const id of toks) {
    const i = info.get(id);
    const l = loaded.get(id);
    const where = l ? `${l.kind} ${l.ref}` : i ? `${i.source.kind} ${i.source.ref}` : '';
    const version = l?.version ?? i?.source.version;
    const revision = (l?.revision ?? i?.source.revision)?.slice(0, 10);
    const ver = [version, revision ? `revision ${revision}` : ''].filter(Boolean).join(', ');
    left.push(line(`${id}${isLegacyTokenizer(id) ? ' (legacy)' : ''}: ${where}${ver ? ` ${ver}` : ''}`));
  }
  if (r.skipped.length)
    left.push(line(`Not measured: ${r.skipped.map((x) => x.id).join(', ')} (see report.md).`));
  const claim = claimData();
  const right: Line[] = [
    head('Metrics'),
    line(
      `Overhead: 100 × (tokens in the language ÷ ${ctx.base} tokens − 1), summed over the same aligned segments.`,
    ),
    line(
      "Tokenizer's share: the token ratio divided by the character ratio, minus 1: what is left once the longer text is taken out.",
    ),
    line(
      `Confidence intervals: paired percentile bootstrap over segments, ${fmtInt(o.resamples)} resamples, seed ${m.seed}, ${ctx.conf} %.`,
    ),
    gap,
    head('Claim'),
    line(
      `${plain(fmtPct(h.claimPct, 0))} more tokens than ${ctx.base}: ${h.claimSource} (${claim.place}, ${claim.said}). Verdicts against the claimed figure ± ${o.claimMarginPct ?? DEFAULTS.analysis.claimMarginPct} points.`,
    ),
    gap,
    head('Prices'),
    line(
      `${r.analysis.priceSource ? `${r.analysis.priceSource.name}, data of ${r.analysis.priceSource.date}` : `List prices checked ${m.prices.dates.join(', ') || 'n/a'}`}; table: prices.csv in the run folder.`,
    ),
    ...(o.workload
      ? [
          line(
            `Bill: the ${o.workload.name} workload; output in a language carries that language's premium measured on this corpus; reasoning tokens are not counted.`,
          ),
        ]
      : []),
    gap,
    head('Reproduce'),
    line(m.command.join(' ') || '–'),
  ];
  const colW = (W - 0.5) / 2;
  // Each column continues on a further slide when it is longer than one.
  const cols = [wrapAll(left, colW), wrapAll(right, colW)];
  const slides: DeckSlide[] = [];
  const notes = [
    `Corpus: ${listWords(m.corpora.map((c) => `${c.name || c.id} with ${fmtInt(c.report.used)} aligned segments used out of ${fmtInt(c.report.read)} read`))}. Languages: ${listWords(ctx.langs.map(languageName))}, compared with ${ctx.base}.`,
    `${toks.length} tokenizer${toks.length === 1 ? '' : 's'}: ${listWords(toks)}; versions and file hashes are in manifest.json.`,
    `Intervals come from ${fmtInt(o.resamples)} bootstrap resamples with seed ${m.seed}. The claim of ${fmtNum(h.claimPct, 0)} per cent comes from ${h.claimSource}. Prices were checked on ${listWords(m.prices.dates) || 'an unknown date'}.`,
  ]
    .map(redactPaths)
    .join('\n');
  while (cols.some((c) => c.length)) {
    const page = new Page();
    const top = heading(
      page,
      slides.length
        ? 'Methods and sources (continued)'
        : 'Methods and sources: what was measured, how, and from where',
    );
    cols.forEach((c, k) => {
      let y = top;
      const take: Line[] = [];
      while (c.length) {
        const lh = (Math.max(...c[0].map((x) => x.size)) * 1.2) / 72;
        if (y + lh > CONTENT_BOTTOM) break;
        take.push(c.shift()!);
        y += lh;
      }
      page.text(MARGIN + k * (colW + 0.5), top, colW, take);
    });
    slides.push({ kind: 'methods', page, notes });
  }
  return slides;
}

// ---------------------------------------------------------------- pptx

function addMasters(pres: Pres, footer: string): void {
  const common = { background: { color: C.bg } };
  pres.defineSlideMaster({
    title: 'TOKENTAX',
    ...common,
    objects: [
      { rect: { x: 0, y: 0, w: 0.14, h: SLIDE_H, fill: { color: C.accent }, line: { color: C.accent } } },
      { line: { x: MARGIN, y: SLIDE_H - 0.56, w: W, h: 0, line: { color: C.grid, width: 1 } } },
      {
        text: {
          text: footer,
          options: {
            x: MARGIN,
            y: SLIDE_H - 0.5,
            w: W - 1,
            h: 0.3,
            fontFace: FACE,
            fontSize: MIN_PT,
            color: C.muted,
            valign: 'top',
            margin: 0,
          },
        },
      },
    ],
    slideNumber: {
      x: SLIDE_W - MARGIN - 0.6,
      y: SLIDE_H - 0.5,
      w: 0.6,
      h: 0.3,
      fontFace: FACE,
      fontSize: MIN_PT,
      color: C.muted,
      align: 'right',
      margin: 0,
    },
  });
  pres.defineSlideMaster({ title: 'TOKENTAX_PLAIN', ...common, objects: [] });
}

function toPptx(pres: Pres, s: DeckSlide): void {
  const slide = pres.addSlide({ masterName: s.master === 'plain' ? 'TOKENTAX_PLAIN' : 'TOKENTAX' });
  if (s.master === 'plain') {
    slide.addShape('rect', {
      x: 0,
      y: 0,
      w: 0.3,
      h: SLIDE_H,
      fill: { color: C.accent },
      line: { color: C.accent },
    });
    // The three category colours as a band: the deck's legend in one glance.
    CATEGORY_ORDER.forEach((c, i) => {
      const col = hex(CATEGORY_COLORS[c]);
      slide.addShape('rect', {
        x: 0.3 + (i * (SLIDE_W - 0.3)) / 3,
        y: SLIDE_H - 0.22,
        w: (SLIDE_W - 0.3) / 3,
        h: 0.22,
        fill: { color: col },
        line: { color: col },
      });
    });
  }
  for (const it of s.page.items) {
    if (it.kind === 'rule') {
      slide.addShape('line', { x: it.x, y: it.y, w: it.w, h: 0, line: { color: C.grid, width: 0.75 } });
    } else if (it.kind === 'image' && it.image) {
      slide.addImage({
        data: `image/png;base64,${it.image.data}`,
        x: it.x,
        y: it.y,
        w: it.w,
        h: it.h,
        altText: it.image.alt,
        objectName: it.image.name,
      });
    } else if (it.lines) {
      const runs: TextRun[] = [];
      it.lines.forEach((l, li) => {
        // Exact line pitch per line, so the renderer stacks lines where the layout measured them.
        const pitch = Math.round((lineHeight(l) * 72 * 10) as number) / 10;
        l.forEach((r, ri) =>
          runs.push({
            text: r.text,
            options: {
              lineSpacing: pitch,
              fontSize: r.size,
              bold: !!r.bold,
              italic: !!r.italic,
              color: r.color ?? C.text,
              ...(ri === l.length - 1 && li < it.lines!.length - 1 ? { breakLine: true } : {}),
            },
          }),
        );
      });
      const size = Math.max(...it.lines.flat().map((r) => r.size));
      slide.addText(runs, {
        x: it.x,
        y: it.y,
        w: it.w,
        h: it.h,
        fontFace: FACE,
        fontSize: size,
        color: C.text,
        align: it.align ?? 'left',
        valign: 'top',
        margin: 0,
        fit: 'none',
        wrap: true,
      });
    }
  }
  slide.addNotes(s.notes);
}

// ---------------------------------------------------------------- entry point

/** Draws a chart of the run for the deck; a chart whose charts/<name>.vl.json was edited keeps its own PNG. */
function deckChart(run: RunData, corpus: string, files: ChartFile[]): Ctx['chart'] {
  return async (name, canvas, langs) => {
    const edited = files.find((f) => f.name === name && f.corpus === corpus && f.edited);
    if (edited && existsSync(edited.pngPath))
      return {
        png: await readFile(edited.pngPath),
        w: edited.width,
        h: edited.height,
        description: edited.description,
      };
    const a = run.analysis;
    const keep = (r: { lang: string }) => !langs || r.lang === a.options.baseline || langs.includes(r.lang);
    const part = langs
      ? { ...run, analysis: { ...a, summary: a.summary.filter(keep), efficiency: a.efficiency.filter(keep) } }
      : run;
    const spec = buildChartSpecs(part, canvas).find((c) => c.name === name && c.corpus === corpus);
    if (!spec) return undefined;
    const r = await renderChartSpec(spec.spec);
    return { png: r.png, w: r.width, h: r.height, description: spec.description };
  };
}

/** The deck's slides as laid-out pages (no file written): for writeSlides and the layout tests. */
export async function deckSlides(
  run: RunData,
  files: ChartFile[] = [],
): Promise<{ slides: DeckSlide[]; title: string; footer: string }> {
  const a = run.analysis;
  const corpus = findingsCorpus(run);
  const label = corpusLabel(run.manifest, corpus);
  const date = fmtDate(run.manifest.startedAt);
  const summary = wholeCorpus(a.summary, corpus);
  const footer = `${label}  ·  run ${date}  ·  ${run.manifest.tool.name} ${run.manifest.tool.version}`;
  const ctx: Ctx = {
    run,
    corpus,
    corpusLabel: label,
    baseline: a.options.baseline,
    base: languageName(a.options.baseline),
    langs: langOrder(summary, a.options.baseline).filter((l) => l !== a.options.baseline),
    findings: new Map(findings(run, corpus).map((f) => [f.id, f])),
    footer,
    date,
    conf: Math.round(a.options.confidence * 100),
    chart: deckChart(run, corpus, files),
  };
  const slides = [
    titleSlide(ctx),
    takeawaysSlide(ctx),
    ...claimSlides(ctx, 1),
    ...claimSlides(ctx, 2),
    ...languagesSlides(ctx),
    ...modelsSlides(ctx),
    await billSlide(ctx),
    ...(await overheadSlides(ctx)),
    ...(await efficiencySlides(ctx)),
    ...corporaSlides(ctx),
    ...methodsSlides(ctx),
  ];
  return { slides, title: `The token tax: ${label}, ${date}`, footer };
}

/**
 * Writes <dir>/slides.pptx (SLIDE_ORDER). The charts are drawn for the deck from the run's figures; a chart whose
 * charts/<name>.vl.json was edited by hand (`charts`, as writeCharts returns them) is taken from its PNG instead.
 * Returns the path of the deck.
 */
export async function writeSlides(
  dir: string,
  run: RunData,
  charts: ChartFile[] = [],
  opts: SlidesOptions = {},
): Promise<string> {
  const files = charts;
  const deck = await deckSlides(run, files);
  const pres = new PptxGen();
  pres.layout = 'LAYOUT_WIDE';
  pres.author = run.manifest.tool.name;
  pres.company = run.manifest.tool.name;
  pres.title = deck.title;
  pres.subject = 'The token tax: extra tokens and money per language';
  pres.theme = { headFontFace: FACE, bodyFontFace: FACE };
  addMasters(pres, deck.footer);
  for (const s of deck.slides) toPptx(pres, s);
  const out = join(dir, SLIDES_FILE);
  const buf = (await pres.write({ outputType: 'nodebuffer' })) as Buffer;
  await writeOutput(out, buf);
  opts.log?.(`slides: ${out}`);
  return out;
}
