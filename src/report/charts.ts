// Slide-size charts: Vega-Lite specs (saved as charts/<name>.vl.json so users can restyle them), compiled by
// vega-lite, laid out and drawn to SVG by vega in headless mode, rasterised to PNG by resvg with the bundled font.
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { TopLevelSpec } from 'vega-lite';
import { outputError, inputError } from '../errors.js';
import type { CostRow, EfficiencyRow, ModelRow, SummaryRow, TokenizerCategory } from '../types.js';
import { CATEGORY_LABELS, CATEGORY_ORDER, categoryRank, languageName } from '../vocabulary.js';
import { isServed } from '../types.js';
import { chartFontMetrics } from './fonts.js';
import { fmtCorpus, fmtDate, fmtMoney, fmtNum, fmtPct, fmtUsd } from './format.js';
import { CATEGORY_COLORS, CHART_HEIGHT, CHART_WIDTH, COLORS, SIZES, vegaLiteConfig } from './theme.js';
import { svgToPng, svgToPngAsync } from './raster.js';
import type { RunData } from './types.js';

export type ChartName = 'overhead' | 'efficiency' | 'cost' | 'fertility';

/** The charts every run draws (per corpus), in the order reports and slides show them. */
export const CHART_NAMES: readonly ChartName[] = ['overhead', 'efficiency', 'cost', 'fertility'];

export interface ChartSpec {
  name: ChartName;
  corpus: string;
  /** File stem inside charts/: the chart name, plus "-<corpus>" when the run has several corpora. */
  file: string;
  title: string;
  /** Short description for alt text and slide notes. */
  description: string;
  spec: Record<string, unknown>;
}

export interface ChartFile {
  name: ChartName;
  corpus: string;
  title: string;
  description: string;
  /** Absolute paths. */
  specPath: string;
  svgPath: string;
  pngPath: string;
  /** Paths relative to the run folder (charts/<file>.png ...), for links in reports and slides. */
  rel: { spec: string; svg: string; png: string };
  /** The SVG text (also in svgPath). */
  svg: string;
  width: number;
  height: number;
  /** True when the spec came from an edited charts/<file>.vl.json. */
  edited: boolean;
}

// ---------------------------------------------------------------- text measurement

type Libs = { vega: typeof import('vega'); compile: typeof import('vega-lite').compile };
let libsLoading: Promise<Libs> | undefined;

// vega and vega-lite take ~0.15 s to import: only a process that draws pays for them.
function libs(): Promise<Libs> {
  libsLoading ??= Promise.all([import('vega'), import('vega-lite')]).then(([vega, vl]) => {
    const l = { vega, compile: vl.compile };
    installTextMetrics(l.vega);
    return l;
  });
  return libsLoading;
}

/** Makes vega measure text with the chart font's real advance widths (instead of 0.8 em per character). */
function installTextMetrics(vega: Libs['vega']): void {
  const m = chartFontMetrics();
  if (!m) return;
  const tm = (
    vega as unknown as { textMetrics: { width: (item: Record<string, unknown>, text: unknown) => number } }
  ).textMetrics;
  tm.width = (item, text) => {
    const size = item.fontSize != null ? Number(item.fontSize) || 0 : 11;
    const t = text == null ? '' : String(text).trim();
    const w = item.fontWeight;
    const bold = w === 'bold' || w === 'bolder' || Number(w) >= 600;
    return (bold ? m.bold : m.regular).width(t, size);
  };
}

// ---------------------------------------------------------------- data selection

/** Rows over the whole corpus: domain "all" when present (with --by-domain there are per-domain rows too). */
function wholeCorpus<T extends { domain: string; corpus: string }>(rows: readonly T[], corpus: string): T[] {
  const mine = rows.filter((r) => r.corpus === corpus);
  const all = mine.filter((r) => r.domain === 'all');
  if (all.length) return all;
  const first = mine[0]?.domain;
  return mine.filter((r) => r.domain === first);
}

function langOrder(rows: readonly { lang: string }[], baseline: string): string[] {
  const seen = [...new Set(rows.map((r) => r.lang))];
  return [...seen.filter((l) => l === baseline), ...seen.filter((l) => l !== baseline)];
}

/** Tokenizer labels ordered by category, then by a key (largest first), so groups read top to bottom. */
function orderTokenizers(
  rows: readonly { tokenizer: string; category: TokenizerCategory }[],
  key: (t: string) => number,
): string[] {
  const cat = new Map(rows.map((r) => [r.tokenizer, r.category]));
  return [...cat.keys()].sort(
    (a, b) => categoryRank(cat.get(a)!) - categoryRank(cat.get(b)!) || key(b) - key(a) || a.localeCompare(b),
  );
}

function mean(xs: number[]): number {
  const f = xs.filter(Number.isFinite);
  return f.length ? f.reduce((s, x) => s + x, 0) / f.length : 0;
}

// ---------------------------------------------------------------- spec building blocks

interface Footer {
  corpusLine: string;
  extra?: string;
}

function footerText(run: RunData, corpus: string, extra?: string): string {
  const c = run.manifest.corpora.find((x) => x.id === corpus);
  const name = fmtCorpus(c?.name, corpus);
  const segs = c?.report ? `, ${c.report.used.toLocaleString('en-US')} segments` : '';
  const parts = [
    `Corpus: ${name}${segs}`,
    `run ${fmtDate(run.manifest.startedAt)}`,
    `${run.manifest.tool.name} ${run.manifest.tool.version}`,
  ];
  if (extra) parts.push(extra);
  return parts.join('  ·  ');
}

const LABEL_CHARS = 10; // room reserved right of the longest bar for its value label, in characters

/** x domain [min, max] leaving room for value labels right of the bars (and left of negative ones). */
function xDomain(lows: number[], highs: number[], extra: number[], panelPx: number): [number, number] {
  const lo = Math.min(0, ...lows.filter(Number.isFinite), ...extra);
  const hi = Math.max(0, ...highs.filter(Number.isFinite), ...extra);
  const span = hi - lo || 1;
  // Label width ≈ LABEL_CHARS × 0.55 em at the value-label size, as a share of the panel.
  const share = Math.min(0.45, (LABEL_CHARS * 0.55 * SIZES.valueLabel) / panelPx);
  const pad = (span * share) / (1 - share);
  return [lo < 0 ? lo - pad : 0, hi > 0 ? hi + pad : 0];
}

interface BarChartInput {
  name: ChartName;
  title: string;
  subtitle: string;
  xTitle: string;
  rows: Record<string, unknown>[];
  yOrder: string[];
  colOrder: string[];
  domain: [number, number];
  /** Field names inside rows. */
  x: string;
  low?: string;
  high?: string;
  reference?: { value: number; label: string; dashed: boolean };
  footer: string;
  xFormat?: string;
}

/**
 * One panel per language (facet columns), one bar per tokenizer or model, coloured by category, optional
 * CI whiskers, a value label at the end of each bar, a labelled reference rule, and a footer line.
 */
function facetBarSpec(inp: BarChartInput): Record<string, unknown> {
  const y = {
    field: 'row',
    type: 'nominal',
    sort: inp.yOrder,
    axis: { title: null, labelFontSize: SIZES.label, ticks: false, domain: false },
  };
  const x = {
    field: inp.x,
    type: 'quantitative',
    title: inp.xTitle,
    scale: { domain: inp.domain, nice: false, zero: true },
    axis: {
      grid: true,
      tickCount: 4,
      labelOverlap: true,
      labelFlush: true,
      ...(inp.xFormat ? { format: inp.xFormat } : {}),
    },
  };
  // Fixed colour per category across charts; the legend lists the categories present.
  const present = CATEGORY_ORDER.filter((c) => inp.rows.some((r) => r.category === c));
  const color = {
    field: 'categoryLabel',
    type: 'nominal',
    title: null,
    scale: { domain: present.map((c) => CATEGORY_LABELS[c]), range: present.map((c) => CATEGORY_COLORS[c]) },
    legend: { title: null, orient: 'top', direction: 'horizontal', symbolType: 'square' },
  };
  const layers: Record<string, unknown>[] = [];
  // One rule and one label per panel: aggregate the panel's rows to a single row first. The rule is drawn
  // first, so bars and labels sit on top of it.
  const onePerPanel = [{ aggregate: [{ op: 'count', as: 'n' }] }];
  if (inp.reference) {
    layers.push({
      transform: onePerPanel,
      mark: {
        type: 'rule',
        color: COLORS.claim,
        strokeWidth: 3,
        ...(inp.reference.dashed ? { strokeDash: [12, 8] } : {}),
      },
      encoding: { x: { datum: inp.reference.value, type: 'quantitative' } },
    });
  }
  layers.push({ mark: { type: 'bar', height: { band: 0.7 } }, encoding: { y, x, color } });
  if (inp.low && inp.high) {
    layers.push({
      mark: { type: 'rule', color: COLORS.text, strokeWidth: 2.5 },
      encoding: { y: y, x: { field: inp.low, type: 'quantitative' }, x2: { field: inp.high } },
    });
    for (const end of [inp.low, inp.high]) {
      layers.push({
        mark: { type: 'tick', color: COLORS.text, thickness: 2.5, size: 18, orient: 'vertical' },
        encoding: { y: y, x: { field: end, type: 'quantitative' } },
      });
    }
  }
  // Value labels: right of positive bars (past the whisker), left of negative ones. Each is drawn twice: a
  // white outline first (a halo, so the reference line does not run through the digits), then the text.
  for (const halo of [true, false]) {
    const look = halo
      ? { color: COLORS.background, stroke: COLORS.background, strokeWidth: 6, strokeJoin: 'round' }
      : { color: COLORS.text };
    layers.push({
      transform: [{ filter: `datum.${inp.x} >= 0` }],
      mark: { type: 'text', align: 'left', baseline: 'middle', dx: 10, fontSize: SIZES.valueLabel, ...look },
      encoding: { y, x: { field: inp.high ?? inp.x, type: 'quantitative' }, text: { field: 'label' } },
    });
    layers.push({
      transform: [{ filter: `datum.${inp.x} < 0` }],
      mark: {
        type: 'text',
        align: 'right',
        baseline: 'middle',
        dx: -10,
        fontSize: SIZES.valueLabel,
        ...look,
      },
      encoding: { y, x: { field: inp.low ?? inp.x, type: 'quantitative' }, text: { field: 'label' } },
    });
  }
  if (inp.reference) {
    const ref = inp.reference;
    layers.push({
      transform: onePerPanel,
      mark: {
        type: 'text',
        align: 'left',
        baseline: 'bottom',
        dx: 6,
        dy: -8,
        fontSize: SIZES.valueLabel,
        fontWeight: 'bold',
        color: COLORS.claim,
      },
      encoding: {
        x: { datum: ref.value, type: 'quantitative' },
        y: { value: 0 },
        text: { value: ref.label },
      },
    });
  }
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: { text: inp.title, subtitle: inp.subtitle },
    data: { name: 'table', values: inp.rows },
    vconcat: [
      {
        facet: {
          column: {
            field: 'langName',
            type: 'nominal',
            sort: inp.colOrder,
            title: null,
            header: {
              labelFontSize: SIZES.axisTitle,
              labelFontWeight: 'bold',
              labelPadding: inp.reference ? 44 : 14,
            },
          },
        },
        spacing: 36,
        // A first guess near the final size; the fit pass corrects it (see renderChartSpec).
        spec: {
          width: Math.floor((CHART_WIDTH - 460) / Math.max(1, inp.colOrder.length)) - 36,
          height: 640,
          layer: layers,
        },
      },
      footerView(inp.footer),
    ],
    spacing: 28,
    config: vegaLiteConfig(),
  };
}

/** The footer line (corpus, date, tool version) as its own small view under the chart. */
function footerView(text: string): Record<string, unknown> {
  return {
    data: { values: [{}] },
    width: 10,
    height: SIZES.footer + 8,
    mark: { type: 'text', align: 'left', baseline: 'middle', fontSize: SIZES.footer, color: COLORS.muted },
    encoding: { x: { value: 0 }, y: { value: (SIZES.footer + 8) / 2 }, text: { value: text } },
  };
}

// ---------------------------------------------------------------- the four charts

function overheadSpec(
  run: RunData,
  corpus: string,
  panelPx: (cols: number) => number,
): ChartSpec | undefined {
  const { baseline, claimPct } = run.analysis.options;
  const rows = wholeCorpus(run.analysis.summary, corpus).filter((r) => r.lang !== baseline);
  if (!rows.length) return undefined;
  const cols = langOrder(rows, baseline);
  const avg = (t: string) => mean(rows.filter((r) => r.tokenizer === t).map((r) => r.overheadPct));
  const order = orderTokenizers(rows, avg);
  const claimSource = run.analysis.headline?.claimSource;
  const title = `Extra tokens vs ${languageName(baseline)}, by tokenizer`;
  return {
    name: 'overhead',
    corpus,
    file: 'overhead',
    title,
    description: `Token overhead of ${cols.map(languageName).join(', ')} over ${languageName(baseline)} per tokenizer, with 95 % confidence intervals; the dashed line is the claimed +${claimPct} %.`,
    spec: facetBarSpec({
      name: 'overhead',
      title,
      subtitle: `Same content, tokens counted per language; whiskers: ${Math.round(run.analysis.options.confidence * 100)} % bootstrap CI; dashed line: the +${claimPct} % claim${claimSource ? ` (${shortSource(claimSource)})` : ''}`,
      xTitle: `Extra tokens vs ${languageName(baseline)} (%)`,
      rows: rows.map((r) => ({
        row: r.tokenizer,
        tokenizer: r.tokenizer,
        category: r.category,
        categoryLabel: CATEGORY_LABELS[r.category] ?? r.category,
        lang: r.lang,
        langName: languageName(r.lang),
        value: r.overheadPct,
        low: r.ciLowPct,
        high: r.ciHighPct,
        label: fmtPct(r.overheadPct),
      })),
      yOrder: order,
      colOrder: cols.map(languageName),
      domain: xDomain(
        rows.map((r) => r.ciLowPct),
        rows.map((r) => r.ciHighPct),
        [claimPct],
        panelPx(cols.length),
      ),
      x: 'value',
      low: 'low',
      high: 'high',
      reference: { value: claimPct, label: `claim +${claimPct} %`, dashed: true },
      footer: footerText(run, corpus),
    }),
  };
}

function shortSource(s: string): string {
  // "LINAGORA's CEO at CPDP 2024: ..." → the part before the colon keeps the subtitle to one line.
  const head = s.split(':')[0].trim();
  return head.length <= 60 ? head : `${head.slice(0, 57)}…`;
}

function efficiencySpec(
  run: RunData,
  corpus: string,
  panelPx: (cols: number) => number,
): ChartSpec | undefined {
  const { baseline } = run.analysis.options;
  const rows: EfficiencyRow[] = wholeCorpus(run.analysis.efficiency, corpus);
  if (!rows.length) return undefined;
  const reference = rows[0].reference;
  const cols = langOrder(rows, baseline);
  const avg = (t: string) => mean(rows.filter((r) => r.tokenizer === t).map((r) => r.relativePct));
  const order = orderTokenizers(rows, avg);
  const title = `Tokens relative to ${reference}, same text`;
  return {
    name: 'efficiency',
    corpus,
    file: 'efficiency',
    title,
    description: `Tokens each tokenizer needs for the same text relative to ${reference}, per language (negative = fewer tokens).`,
    spec: facetBarSpec({
      name: 'efficiency',
      title,
      subtitle: `Below 0: fewer tokens than ${reference} for the same text; whiskers: ${Math.round(run.analysis.options.confidence * 100)} % bootstrap CI`,
      xTitle: `Tokens vs ${reference} (%)`,
      rows: rows.map((r) => ({
        row: r.tokenizer,
        tokenizer: r.tokenizer,
        category: r.category,
        categoryLabel: CATEGORY_LABELS[r.category] ?? r.category,
        lang: r.lang,
        langName: languageName(r.lang),
        value: r.relativePct,
        low: r.ciLowPct,
        high: r.ciHighPct,
        label: fmtPct(r.relativePct),
      })),
      yOrder: order,
      colOrder: cols.map(languageName),
      domain: xDomain(
        rows.map((r) => r.ciLowPct),
        rows.map((r) => r.ciHighPct),
        [0],
        panelPx(cols.length),
      ),
      x: 'value',
      low: 'low',
      high: 'high',
      reference: { value: 0, label: reference, dashed: false },
      footer: footerText(run, corpus),
    }),
  };
}

const LANGUAGE_COLORS = [
  '#3b3b3b',
  '#CC79A7',
  '#E69F00',
  '#56B4E9',
  '#009E73',
  '#D55E00',
  '#0072B2',
  '#F0E442',
];
const LANGUAGE_SHAPES = [
  'circle',
  'square',
  'diamond',
  'triangle-up',
  'triangle-down',
  'cross',
  'circle',
  'square',
];

/** Tick values 1, 2, 5 × 10^k inside [lo, hi] (a log axis with readable money labels). */
function logTicks(lo: number, hi: number): number[] {
  const out: number[] = [];
  for (let k = Math.floor(Math.log10(lo)); k <= Math.ceil(Math.log10(hi)); k++) {
    for (const m of [1, 2, 5]) {
      const v = Number((m * 10 ** k).toPrecision(3));
      if (v >= lo && v <= hi) out.push(v);
    }
  }
  // Wide ranges: powers of ten only, so labels do not crowd.
  return out.length > 9 ? out.filter((v) => Number.isInteger(Math.log10(v))) : out;
}

interface DotPlot {
  title: string;
  subtitle: string | string[];
  /** One row a model and language: row, langName, value, label, isBaseline, isTop, topLabel. */
  values: Record<string, unknown>[];
  order: string[];
  names: string[];
  min: number;
  max: number;
  /** Panel width and the room left and right of the dots for their labels, in px. */
  panel: number;
  left: number;
  right: number;
  pointSize: number;
  xTitle: string;
  format: string;
  labelExpr?: string;
  footer: string;
}

/**
 * Money per model and language as a dot plot on a log axis: one row per model, one dot per language joined by
 * a rule, the baseline's figure labelled left of the row, the most expensive language's right of it.
 */
function logDotPlotSpec(p: DotPlot): Record<string, unknown> {
  // Domain in decades, leaving room for the labels: D + T·(left+right)/panel = T.
  const d = Math.max(0.3, Math.log10(p.max / p.min));
  const t = d / (1 - (p.left + p.right) / p.panel);
  const lo = 10 ** (Math.log10(p.min) - (t * p.left) / p.panel);
  const hi = 10 ** (Math.log10(p.max) + (t * p.right) / p.panel);
  const names = p.names;
  const y = {
    field: 'row',
    type: 'nominal',
    sort: p.order,
    axis: { title: null, ticks: false, domain: false, grid: true, gridDash: [2, 4] },
  };
  const x = {
    field: 'value',
    type: 'quantitative',
    title: p.xTitle,
    scale: { type: 'log', domain: [lo, hi], nice: false },
    axis: {
      grid: true,
      values: logTicks(lo, hi),
      format: p.format,
      ...(p.labelExpr ? { labelExpr: p.labelExpr } : {}),
      labelOverlap: true,
      labelFlush: true,
    },
  };
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: { text: p.title, subtitle: p.subtitle },
    data: { name: 'table', values: p.values },
    vconcat: [
      {
        width: 1460,
        height: 660,
        layer: [
          {
            transform: [
              {
                aggregate: [
                  { op: 'min', field: 'value', as: 'lo' },
                  { op: 'max', field: 'value', as: 'hi' },
                ],
                groupby: ['row'],
              },
            ],
            mark: { type: 'rule', color: '#8c959f', strokeWidth: 4 },
            encoding: {
              y,
              x: { field: 'lo', type: 'quantitative', scale: x.scale, axis: x.axis, title: x.title },
              x2: { field: 'hi' },
            },
          },
          {
            mark: {
              type: 'point',
              filled: true,
              size: p.pointSize,
              opacity: 0.95,
              stroke: '#ffffff',
              strokeWidth: 1.5,
            },
            encoding: {
              y,
              x,
              color: {
                field: 'langName',
                type: 'nominal',
                sort: names,
                scale: { domain: names, range: LANGUAGE_COLORS.slice(0, names.length) },
                legend: { title: null, orient: 'top', direction: 'horizontal' },
              },
              shape: {
                field: 'langName',
                type: 'nominal',
                sort: names,
                scale: { domain: names, range: LANGUAGE_SHAPES.slice(0, names.length) },
              },
            },
          },
          {
            transform: [{ filter: 'datum.isBaseline' }],
            mark: {
              type: 'text',
              align: 'right',
              baseline: 'middle',
              dx: -20,
              fontSize: SIZES.valueLabel,
              color: COLORS.text,
            },
            encoding: { y, x, text: { field: 'label' } },
          },
          {
            transform: [{ filter: 'datum.isTop' }],
            mark: {
              type: 'text',
              align: 'left',
              baseline: 'middle',
              dx: 20,
              fontSize: SIZES.valueLabel,
              color: COLORS.text,
            },
            encoding: { y, x, text: { field: 'topLabel' } },
          },
        ],
      },
      footerView(p.footer),
    ],
    spacing: 28,
    config: vegaLiteConfig(),
  };
}

/**
 * Costs span hundreds of times between models, so one linear axis would hide the cheap ones: a dot plot
 * on a log axis, one row per model, one dot per language; the English cost is labelled left of the row,
 * the most expensive language right of it, with its extra cost in percent.
 */
function costSpec(run: RunData, corpus: string, panelPx: (cols: number) => number): ChartSpec | undefined {
  const { baseline } = run.analysis.options;
  const rows: CostRow[] = run.analysis.costs.filter(
    (r) => r.corpus === corpus && Number.isFinite(r.costPerMEnglishWordsUsd) && r.costPerMEnglishWordsUsd > 0,
  );
  if (!rows.length) return undefined;
  const langs = langOrder(rows, baseline);
  const names = langs.map(languageName);
  const baseCost = (m: string) =>
    rows.find((r) => r.model === m && r.lang === baseline)?.costPerMEnglishWordsUsd ?? 0;
  const models = [...new Set(rows.map((r) => r.model))].sort(
    (a, b) => baseCost(b) - baseCost(a) || a.localeCompare(b),
  );
  // Row labels without the "org/" of hub-style ids ("meta-llama/Llama-3.3-70B..."), when that stays unique.
  const short = (m: string) => m.slice(m.lastIndexOf('/') + 1);
  const unique = new Set(models.map(short)).size === models.length;
  const rowOf = (m: string) => (unique ? short(m) : m);
  const order = models.map(rowOf);
  // The most expensive non-baseline language of each model gets the right-hand label.
  const top = new Map<string, CostRow>();
  for (const r of rows) {
    if (r.lang === baseline) continue;
    const t = top.get(r.model);
    if (!t || r.costPerMEnglishWordsUsd > t.costPerMEnglishWordsUsd) top.set(r.model, r);
  }
  const values = rows.map((r) => ({
    row: rowOf(r.model),
    model: r.model,
    provider: r.provider,
    tokenizer: r.tokenizer,
    lang: r.lang,
    langName: languageName(r.lang),
    value: r.costPerMEnglishWordsUsd,
    extraPct: r.extraPct,
    label: fmtUsd(r.costPerMEnglishWordsUsd),
    isBaseline: r.lang === baseline,
    isTop: top.get(r.model) === r,
    topLabel: `${fmtUsd(r.costPerMEnglishWordsUsd)}  (${fmtPct(r.extraPct, 0)}, ${languageName(r.lang)})`,
  }));
  const min = Math.min(...rows.map((r) => r.costPerMEnglishWordsUsd));
  const max = Math.max(...rows.map((r) => r.costPerMEnglishWordsUsd));
  const dates = [...new Set(rows.map((r) => r.priceDate).filter(Boolean))].sort();
  const title = `Input cost per 1M ${languageName(baseline)}-equivalent words`;
  const spec = logDotPlotSpec({
    title,
    subtitle: `List prices for input tokens; the same content in every language, so the gap between ${names[0]} and the other dots is the token tax in money`,
    values,
    order,
    names,
    min,
    max,
    panel: panelPx(1),
    left: 130,
    right: 330,
    pointSize: 520,
    xTitle: 'USD per 1M words of content (log scale)',
    format: '$,.2~f',
    footer: footerText(run, corpus, `prices checked ${dates.join(', ') || 'n/a'}`),
  });
  return {
    name: 'cost',
    corpus,
    file: 'cost',
    title,
    description: `USD for the input tokens of content worth 1 million ${languageName(baseline)} words, per model and language, at list prices.`,
    spec,
  };
}

/** Most models a bill chart shows (rows beyond it stay in the report's table and models.csv). */
export const BILL_CHART_MAX = 24;

/**
 * The workload's monthly bill on today's models: the cost chart's dot plot on a log axis, one row per current
 * model counted and priced in the run, one dot per language; the models with the largest monthly extra over
 * the baseline when there are more than BILL_CHART_MAX. Legacy models are left out (the report's appendix has them).
 */
function billSpec(run: RunData, corpus: string, panelPx: (cols: number) => number): ChartSpec | undefined {
  const { baseline, workload, currency } = run.analysis.options;
  const all: ModelRow[] = (run.analysis.models ?? []).filter(
    (r) => r.corpus === corpus && isServed(r.status) && r.bill && r.bill.totalUsd > 0,
  );
  if (!all.length || !workload) return undefined;
  const money = (usd: number) => fmtMoney(usd, currency);
  const cur = currency?.perUsd ?? 1;
  const extraOf = (m: string) =>
    Math.max(
      0,
      ...all
        .filter((r) => `${r.provider}/${r.model}` === m && r.lang !== baseline)
        .map((r) => r.extraUsd ?? 0),
    );
  const keys = [...new Set(all.map((r) => `${r.provider}/${r.model}`))];
  const shown = new Set(
    [...keys].sort((a, b) => extraOf(b) - extraOf(a) || a.localeCompare(b)).slice(0, BILL_CHART_MAX),
  );
  const rows = all.filter((r) => shown.has(`${r.provider}/${r.model}`));
  const langs = langOrder(rows, baseline);
  const names = langs.map(languageName);
  const baseCost = (k: string) =>
    rows.find((r) => `${r.provider}/${r.model}` === k && r.lang === baseline)?.bill?.totalUsd ?? 0;
  const models = [...shown].sort((a, b) => baseCost(b) - baseCost(a) || a.localeCompare(b));
  const short = (k: string) => k.slice(k.lastIndexOf('/') + 1);
  const unique = new Set(models.map(short)).size === models.length;
  const rowOf = (k: string) => (unique ? short(k) : k);
  const top = new Map<string, ModelRow>();
  for (const r of rows) {
    if (r.lang === baseline) continue;
    const k = `${r.provider}/${r.model}`;
    const t = top.get(k);
    if (!t || r.bill!.totalUsd > t.bill!.totalUsd) top.set(k, r);
  }
  const values = rows.map((r) => {
    const k = `${r.provider}/${r.model}`;
    return {
      row: rowOf(k),
      model: r.model,
      provider: r.provider,
      tokenizer: r.tokenizer,
      lang: r.lang,
      langName: languageName(r.lang),
      value: r.bill!.totalUsd * cur,
      label: money(r.bill!.totalUsd),
      isBaseline: r.lang === baseline,
      isTop: top.get(k) === r,
      topLabel: `${money(r.bill!.totalUsd)}  (${fmtPct(r.extraPct, 0)}, ${languageName(r.lang)})`,
    };
  });
  const dates = [...new Set(rows.map((r) => r.priceDate).filter(Boolean))].sort();
  const code = currency?.code ?? 'USD';
  const sym = code === 'EUR' ? '€' : code === 'USD' ? '$' : '';
  const title = `What the "${workload.name}" workload costs a month, per model and language`;
  const more =
    keys.length > shown.size
      ? `; the ${shown.size} of ${keys.length} current models with the largest extra`
      : '';
  const spec = logDotPlotSpec({
    title,
    subtitle: [
      `${workload.requestsPerMonth.toLocaleString('en-US')} requests a month, ${workload.inputWords.toLocaleString('en-US')} English-equivalent words in and ${workload.outputWords.toLocaleString('en-US')} out each, at list prices`,
      `The same content in every language, so the gap between the dots is the token tax${more}`,
    ],
    values,
    order: models.map(rowOf),
    names,
    min: Math.min(...values.map((v) => v.value)),
    max: Math.max(...values.map((v) => v.value)),
    panel: panelPx(1),
    left: 150,
    right: 360,
    pointSize: 420,
    xTitle: `${code} per month (log scale)`,
    format: ',.2~f',
    labelExpr: `'${sym}' + datum.label`,
    footer: footerText(
      run,
      corpus,
      `prices ${run.analysis.priceSource?.name ?? ''} of ${dates.join(', ') || 'n/a'}`.replace(/\s+/g, ' '),
    ),
  });
  return {
    name: 'cost',
    corpus,
    file: 'cost',
    title,
    description: `Monthly ${code} bill of the ${workload.name} workload per current model and language (input, cached input and output at list prices); legacy models are in the report's appendix.`,
    spec,
  };
}

function fertilitySpec(
  run: RunData,
  corpus: string,
  panelPx: (cols: number) => number,
): ChartSpec | undefined {
  const { baseline } = run.analysis.options;
  const rows: SummaryRow[] = wholeCorpus(run.analysis.summary, corpus).filter((r) =>
    Number.isFinite(r.fertility),
  );
  if (!rows.length) return undefined;
  const cols = langOrder(rows, baseline);
  const avg = (t: string) => mean(rows.filter((r) => r.tokenizer === t).map((r) => r.fertility));
  const order = orderTokenizers(rows, avg);
  const title = 'Fertility: tokens per word';
  return {
    name: 'fertility',
    corpus,
    file: 'fertility',
    title,
    description:
      'Average number of tokens per word (Intl.Segmenter word-like segments) per tokenizer and language; 1.0 would be one token per word.',
    spec: facetBarSpec({
      name: 'fertility',
      title,
      subtitle:
        'Tokens divided by words (Intl.Segmenter word-like segments); lower is better, 1.0 = one token per word',
      xTitle: 'Tokens per word',
      rows: rows.map((r) => ({
        row: r.tokenizer,
        tokenizer: r.tokenizer,
        category: r.category,
        categoryLabel: CATEGORY_LABELS[r.category] ?? r.category,
        lang: r.lang,
        langName: languageName(r.lang),
        value: r.fertility,
        label: fmtNum(r.fertility, 2),
      })),
      yOrder: order,
      colOrder: cols.map(languageName),
      domain: xDomain(
        [],
        rows.map((r) => r.fertility),
        [],
        panelPx(cols.length),
      ),
      x: 'value',
      footer: footerText(run, corpus),
    }),
  };
}

/** The chart specs of a run: the four charts for each corpus (charts without data are left out). */
export function buildChartSpecs(run: RunData): ChartSpec[] {
  const corpora = [
    ...new Set([...run.analysis.summary.map((r) => r.corpus), ...run.analysis.costs.map((r) => r.corpus)]),
  ];
  const out: ChartSpec[] = [];
  for (const corpus of corpora) {
    // Panel width before fitting: the fit pass corrects it, this only sizes the label room in the domain.
    const panelPx = (cols: number) => (CHART_WIDTH - 420) / Math.max(1, cols);
    // The cost chart is the workload's bill on today's models; a run folder without models.csv keeps the old one.
    const cost = run.analysis.models ? billSpec : costSpec;
    for (const make of [overheadSpec, efficiencySpec, cost, fertilitySpec]) {
      const c = make(run, corpus, panelPx);
      if (!c) continue;
      if (corpora.length > 1) c.file = `${c.file}-${slug(corpus)}`;
      // Facet charts have one panel per language; the fit pass spreads the width over them.
      const cols =
        c.name === 'cost'
          ? 1
          : new Set((c.spec.data as { values: { langName: string }[] }).values.map((v) => v.langName)).size;
      c.spec = stamp({
        ...c.spec,
        usermeta: { tokentax: { chart: c.name, corpus, fit: { columns: cols } } },
      });
      out.push(c);
    }
  }
  return out;
}

function slug(s: string): string {
  return (
    s
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '') || 'corpus'
  );
}

// ---------------------------------------------------------------- edit detection

/** Canonical JSON (sorted keys), so reformatting a spec does not count as an edit. */
function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v && typeof v === 'object') {
    return `{${Object.keys(v)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((v as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v);
}

/** Hash of everything but the data values and usermeta: what a user restyles. */
function styleHash(spec: Record<string, unknown>): string {
  const { usermeta: _u, data, ...rest } = spec;
  const d =
    data && typeof data === 'object' ? { ...(data as Record<string, unknown>), values: undefined } : data;
  return createHash('sha256')
    .update(canonical({ ...rest, data: d }))
    .digest('hex')
    .slice(0, 16);
}

/** Records the generated style hash, so a later `report` can tell an edited spec from ours. */
function stamp(spec: Record<string, unknown>): Record<string, unknown> {
  const meta = (spec.usermeta ?? {}) as { tokentax?: Record<string, unknown> };
  return {
    ...spec,
    usermeta: { ...meta, tokentax: { ...(meta.tokentax ?? {}), generated: styleHash(spec) } },
  };
}

function isEdited(spec: Record<string, unknown>): boolean {
  const gen = (spec.usermeta as { tokentax?: { generated?: string } } | undefined)?.tokentax?.generated;
  return gen === undefined || gen !== styleHash(spec);
}

/**
 * The spec to draw: ours, unless charts/<file>.vl.json exists and was edited by hand; then the edited one,
 * with its top-level data named "table" refreshed from the run's figures.
 */
async function chooseSpec(
  path: string,
  fresh: ChartSpec,
  log?: (line: string) => void,
): Promise<{ spec: Record<string, unknown>; edited: boolean }> {
  if (!existsSync(path)) return { spec: fresh.spec, edited: false };
  let old: Record<string, unknown>;
  try {
    old = JSON.parse(await readFile(path, 'utf8')) as Record<string, unknown>;
  } catch (e) {
    throw inputError(
      `${path} is not valid JSON: ${(e as Error).message}`,
      'fix the edit, or delete the file to get the default chart back',
    );
  }
  if (!isEdited(old)) return { spec: fresh.spec, edited: false };
  const data = old.data as { name?: string; values?: unknown } | undefined;
  if (data && data.name === 'table' && Array.isArray(data.values)) {
    old = { ...old, data: { ...data, values: (fresh.spec.data as { values: unknown[] }).values } };
  }
  log?.(`${path}: edited spec, rendered as edited (data refreshed)`);
  return { spec: old, edited: true };
}

// ---------------------------------------------------------------- rendering

export interface RenderedChart {
  svg: string;
  png: Buffer;
  width: number;
  height: number;
}

/** A compiled chart whose view stays alive, so the fit pass can resize it through signals. */
interface Drawing {
  view: import('vega').View;
  /** Names of the width and height signals of the sized view, when the compiled spec has them. */
  size?: { width: string; height: string };
  svg: string;
  width: number;
  height: number;
}

async function draw(
  spec: Record<string, unknown>,
  sizeSignals?: { width: string; height: string },
): Promise<Drawing> {
  const { vega, compile } = await libs();
  // Vega-Lite warnings (e.g. about a hand-edited spec) would go to the console; the render itself reports errors.
  const vg = compile(spec as unknown as TopLevelSpec, { logger: vega.logger(vega.None) as never }).spec;
  const names = new Set((vg.signals ?? []).map((x) => x.name));
  const size =
    sizeSignals && names.has(sizeSignals.width) && names.has(sizeSignals.height) ? sizeSignals : undefined;
  const view = new vega.View(vega.parse(vg), { renderer: 'none', logLevel: vega.Error });
  try {
    return { view, size, ...(await svgOf(view)) };
  } catch (e) {
    view.finalize();
    throw e;
  }
}

async function svgOf(view: import('vega').View): Promise<{ svg: string; width: number; height: number }> {
  const svg = await view.toSVG();
  const m = /<svg[^>]*\swidth="([\d.]+)"[^>]*\sheight="([\d.]+)"/.exec(svg);
  return { svg, width: m ? Number(m[1]) : NaN, height: m ? Number(m[2]) : NaN };
}

/** The view whose width/height the fit pass adjusts: the first facet's inner spec, else the top level. */
function sizedView(
  spec: Record<string, unknown>,
):
  { view: Record<string, unknown>; columns: number; signals: { width: string; height: string } } | undefined {
  const fit = (spec.usermeta as { tokentax?: { fit?: { columns?: number } | false } } | undefined)?.tokentax
    ?.fit;
  if (fit === false) return undefined;
  const columns = (fit && fit.columns) || 1;
  const concat = Array.isArray(spec.vconcat);
  const first = concat ? ((spec.vconcat as unknown[])[0] as Record<string, unknown>) : spec;
  const inner = (first.spec ?? first) as Record<string, unknown>;
  if (typeof inner.width !== 'number' || typeof inner.height !== 'number') return undefined;
  // Vega-Lite names the size signals of a view after its place in the layout: concat_0_ for the first of a
  // vconcat, child_ for a facet's inner spec.
  const prefix = (concat ? 'concat_0_' : '') + (first.spec ? 'child_' : '');
  return { view: inner, columns, signals: { width: `${prefix}width`, height: `${prefix}height` } };
}

/**
 * Vega-Lite cannot fit facets to a size, so: draw once, measure, grow or shrink the panels by the
 * difference (axes and labels keep their size), draw again. Whatever rounding is left is absorbed by the
 * root viewBox, so every chart is exactly 1920×1080. Later passes set the size signals of the same view
 * (a fraction of the cost of compiling again); a spec without them is compiled again at each pass.
 */
export async function renderChartSvg(
  spec: Record<string, unknown>,
  opts: { recompile?: boolean } = {},
): Promise<string> {
  const s = structuredClone(spec);
  const sized = sizedView(s);
  // `recompile` takes the slow path even when the signals exist (tests compare the two).
  let d = await draw(s, opts.recompile ? undefined : sized?.signals);
  try {
    let out: { svg: string; width: number; height: number } = d;
    const redraw = async (change: { width?: number; height?: number; padding?: Record<string, number> }) => {
      if (d.size) {
        if (change.width !== undefined) d.view.signal(d.size.width, change.width);
        if (change.height !== undefined) d.view.signal(d.size.height, change.height);
        if (change.padding) d.view.padding(change.padding);
        // Autosize is worked out once unless asked again: without resize() the drawing would only ever grow.
        d.view.resize();
        await d.view.runAsync();
        out = await svgOf(d.view);
      } else {
        d.view.finalize();
        d = await draw(s);
        out = d;
      }
    };
    if (sized) {
      // Secant steps: the drawing grows about `columns` px per px of panel width, but titles, labels that
      // overhang a panel and the legend make it less than linear, so the slope is measured as we go.
      const clamp = (x: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, x));
      let prev: { w: number; h: number; W: number; H: number } | undefined;
      for (let pass = 0; pass < 6; pass++) {
        const dw = CHART_WIDTH - out.width;
        const dh = CHART_HEIGHT - out.height;
        if (dh === 0 && dw >= 0 && dw <= sized.columns + 2) break;
        const v = sized.view;
        const cur = { w: v.width as number, h: v.height as number, W: out.width, H: out.height };
        let sw = sized.columns;
        let sh = 1;
        if (prev && cur.w !== prev.w)
          sw = clamp((cur.W - prev.W) / (cur.w - prev.w), 0.5, sized.columns * 1.5);
        if (prev && cur.h !== prev.h) sh = clamp((cur.H - prev.H) / (cur.h - prev.h), 0.5, 1.5);
        v.width = Math.max(80, Math.floor(cur.w + dw / sw));
        v.height = Math.max(80, Math.floor(cur.h + dh / sh));
        prev = cur;
        await redraw({ width: v.width as number, height: v.height as number });
      }
      // Panels share one width, so a few pixels can remain: give them to the right padding.
      const dw = CHART_WIDTH - out.width;
      const dh = CHART_HEIGHT - out.height;
      if ((dw > 0 && dw <= sized.columns + 2) || (dh > 0 && dh <= 2)) {
        const cfg = (s.config as { padding?: Record<string, number> } | undefined)?.padding ?? {};
        const pad = {
          left: 0,
          right: 0,
          top: 0,
          bottom: 0,
          ...cfg,
          ...((s.padding as Record<string, number>) ?? {}),
        };
        s.padding = { ...pad, right: pad.right + Math.max(0, dw), bottom: pad.bottom + Math.max(0, dh) };
        await redraw({ padding: s.padding as Record<string, number> });
      }
    }
    checkInFrame(d.view, out.width, out.height);
    return renumberIds(frame(out.svg, out.width, out.height));
  } finally {
    d.view.finalize();
  }
}

/**
 * Loads vega and draws a small faceted chart, so that the run's charts later find the code compiled and warm
 * (~0.3 s of a first chart's cost). A run with several workers calls it while they count.
 */
export async function warmUpCharts(): Promise<void> {
  const data = [
    { t: 'a', l: 'fr', v: 1.2 },
    { t: 'b', l: 'fr', v: 0.9 },
    { t: 'a', l: 'de', v: 1.4 },
    { t: 'b', l: 'de', v: 1.1 },
  ];
  await renderChartSvg({
    data: { values: data },
    facet: { column: { field: 'l' } },
    spec: {
      width: 200,
      height: 100,
      layer: [
        {
          mark: 'bar',
          encoding: { y: { field: 't' }, x: { field: 'v', type: 'quantitative' }, color: { field: 't' } },
        },
        { mark: 'rule', encoding: { x: { datum: 1 } } },
        {
          mark: 'text',
          encoding: {
            y: { field: 't' },
            x: { field: 'v', type: 'quantitative' },
            text: { field: 'v', format: '.1f' },
          },
        },
      ],
    },
    usermeta: { tokentax: { fit: false } },
  });
}

/** A chart drawn to SVG (renderChartSvg) and rasterised to PNG, both exactly CHART_WIDTH × CHART_HEIGHT. */
export async function renderChartSpec(spec: Record<string, unknown>): Promise<RenderedChart> {
  const svg = await renderChartSvg(spec);
  return { svg, png: await svgToPng(svg), width: CHART_WIDTH, height: CHART_HEIGHT };
}

/**
 * resvg aborts the whole process (a Rust panic, no error to catch) on a semi-transparent mark lying about twice
 * the image's size away from it, which an edited spec can do (e.g. "autosize": "none" with the default sizes).
 * Such marks would not be visible anyway, so a drawing that reaches more than half its size outside its frame
 * is refused with an error instead.
 */
function checkInFrame(view: import('vega').View, width: number, height: number): void {
  const b = (
    view.scenegraph() as unknown as { root: { bounds: { x1: number; y1: number; x2: number; y2: number } } }
  ).root.bounds;
  const [ox, oy] = view.origin();
  const pad = view.padding() as { left: number; top: number };
  const x1 = b.x1 + ox + pad.left;
  const x2 = b.x2 + ox + pad.left;
  const y1 = b.y1 + oy + pad.top;
  const y2 = b.y2 + oy + pad.top;
  if (x1 < -width / 2 || x2 > 1.5 * width || y1 < -height / 2 || y2 > 1.5 * height) {
    const px = (a: number, z: number) => `${Math.round(a)}…${Math.round(z)}`;
    throw new Error(
      `its marks reach far outside the drawing (x ${px(x1, x2)}, y ${px(y1, y2)} px in a ${Math.round(width)}×${Math.round(height)} px frame; is "autosize" "none" or a width too small?)`,
    );
  }
}

/**
 * Vega numbers clip paths with a process-wide counter (clip601...); renumbering them per chart makes the
 * SVG the same bytes for the same data, whatever was drawn before.
 */
function renumberIds(svg: string): string {
  const map = new Map<string, string>();
  for (const m of svg.matchAll(/\sid="([^"]+)"/g)) if (!map.has(m[1])) map.set(m[1], `clip${map.size + 1}`);
  if (!map.size) return svg;
  const sub = (id: string) => map.get(id) ?? id;
  return svg
    .replace(/(\sid=")([^"]+)"/g, (_, a: string, id: string) => `${a}${sub(id)}"`)
    .replace(/url\(#([^)]+)\)/g, (_, id: string) => `url(#${sub(id)})`)
    .replace(/(\s(?:xlink:)?href=")#([^"]+)"/g, (_, a: string, id: string) => `${a}#${sub(id)}"`);
}

/** Sets the root <svg> to exactly 1920×1080, showing the drawing's own extent through viewBox. */
function frame(svg: string, w: number, h: number): string {
  return svg.replace(/<svg\b[^>]*>/, (tag) => {
    let t = tag
      .replace(/\swidth="[^"]*"/, ` width="${CHART_WIDTH}"`)
      .replace(/\sheight="[^"]*"/, ` height="${CHART_HEIGHT}"`);
    const vb = ` viewBox="0 0 ${w} ${h}"`;
    t = /\sviewBox="[^"]*"/.test(t) ? t.replace(/\sviewBox="[^"]*"/, vb) : t.replace(/>$/, `${vb}>`);
    if (!/preserveAspectRatio=/.test(t)) t = t.replace(/>$/, ' preserveAspectRatio="xMidYMid meet">');
    return t;
  });
}

export interface WriteChartsOptions {
  log?: (line: string) => void;
  /**
   * Threads the charts may use (default 1: everything in this thread). With 2 or more, each PNG is rasterised on
   * libuv's thread pool while the next SVG is drawn here. Drawing stays on one thread: most of vega's cost is JIT
   * warm-up, which a second drawing thread pays again (measured slower than one).
   */
  threads?: number;
}

type Settled = PromiseSettledResult<RenderedChart>;
const settle = <T>(p: Promise<T>): Promise<PromiseSettledResult<T>> =>
  p.then(
    (value) => ({ status: 'fulfilled' as const, value }),
    (reason: unknown) => ({ status: 'rejected' as const, reason }),
  );

/** Renders specs in order; with threads to spare, each PNG is rasterised off this thread while the next SVG is drawn. */
async function renderAll(specs: Record<string, unknown>[], threads: number): Promise<Settled[]> {
  const out: Promise<Settled>[] = [];
  for (const s of specs) {
    if (Math.floor(threads) < 2) {
      out.push(Promise.resolve(await settle(renderChartSpec(s))));
      continue;
    }
    const drawn = await settle(renderChartSvg(s));
    if (drawn.status === 'rejected') out.push(Promise.resolve(drawn));
    else {
      const svg = drawn.value;
      out.push(
        settle(svgToPngAsync(svg).then((png) => ({ svg, png, width: CHART_WIDTH, height: CHART_HEIGHT }))),
      );
    }
  }
  return Promise.all(out);
}

/**
 * Writes charts/<file>.vl.json, .svg and .png for every chart of the run. An existing, hand-edited
 * .vl.json is kept and drawn (with fresh data); an unedited one is replaced by the current default.
 */
export async function writeCharts(
  dir: string,
  run: RunData,
  opts: WriteChartsOptions = {},
): Promise<ChartFile[]> {
  const chartsDir = join(dir, 'charts');
  try {
    await mkdir(chartsDir, { recursive: true });
  } catch (e) {
    throw outputError(
      `cannot create ${chartsDir} (${(e as NodeJS.ErrnoException).code ?? 'error'})`,
      'check the folder is writable',
    );
  }
  const jobs: {
    c: ChartSpec;
    specPath: string;
    spec: Record<string, unknown>;
    edited: boolean;
    rel: ChartFile['rel'];
  }[] = [];
  for (const c of buildChartSpecs(run)) {
    const rel = {
      spec: `charts/${c.file}.vl.json`,
      svg: `charts/${c.file}.svg`,
      png: `charts/${c.file}.png`,
    };
    const specPath = join(dir, rel.spec);
    jobs.push({ c, specPath, rel, ...(await chooseSpec(specPath, c, opts.log)) });
  }
  const rendered = await renderAll(
    jobs.map((j) => j.spec),
    opts.threads ?? 1,
  );
  // Every chart is drawn before any file is written: one that fails leaves the folder's charts as they were.
  for (const [k, { specPath, edited }] of jobs.entries()) {
    const res = rendered[k];
    if (res.status === 'fulfilled') continue;
    const e = res.reason as Error;
    if (!edited) throw e;
    throw inputError(
      `${specPath}: the edited chart spec does not render: ${e.message}`,
      'fix the edit, or delete the file to get the default chart back',
    );
  }
  const out: ChartFile[] = [];
  for (const [k, { c, specPath, spec, edited, rel }] of jobs.entries()) {
    const res = rendered[k];
    if (res.status === 'rejected') continue; // not reached: checked above
    const r = res.value;
    if (!edited) await writeFile(specPath, JSON.stringify(spec, null, 2) + '\n');
    await writeFile(join(dir, rel.svg), r.svg);
    await writeFile(join(dir, rel.png), r.png);
    out.push({
      name: c.name,
      corpus: c.corpus,
      title: c.title,
      description: c.description,
      specPath,
      svgPath: join(dir, rel.svg),
      pngPath: join(dir, rel.png),
      rel,
      svg: r.svg,
      width: r.width,
      height: r.height,
      edited,
    });
  }
  return out;
}
