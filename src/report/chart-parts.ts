// Building blocks of the chart specs: text measured with the chart font, the title, the key of reference marks,
// the footer, and the three layouts every chart is drawn with (bars per language, a sorted dot plot for many
// languages, money per language).
import { chartFontMetrics } from './fonts.js';
import { COLORS, SIZES, vegaLiteConfig } from './theme.js';
import type { ChartCanvas } from './types.js';

/** Width of `text` in px at `size` px with the chart font (0.6 em a character without the font files). */
export function textWidth(text: string, size: number, bold = false): number {
  const m = chartFontMetrics();
  if (!m) return [...text].length * size * 0.6;
  return (bold ? m.bold : m.regular).width(text, size);
}

/** Lines of at most `width` px at `size` px, broken at spaces (a word longer than the width stands alone). */
export function wrapText(text: string, size: number, width: number, bold = false): string[] {
  const lines: string[] = [];
  let cur = '';
  for (const word of text.split(/ +/)) {
    const next = cur ? `${cur} ${word}` : word;
    if (cur && textWidth(next, size, bold) > width) {
      lines.push(cur);
      cur = word;
    } else cur = next;
  }
  if (cur) lines.push(cur);
  return lines;
}

/** The padding of every chart (vegaLiteConfig). */
export const PAD = { left: 40, right: 48, top: 32, bottom: 24 };

/** Colours of the reference marks. */
export const REF = {
  band: '#1f2328',
  bandOpacity: 0.1,
  floor: '#57606a',
  zero: COLORS.text,
};

/** Colours for series that are not categories: languages, or tokenizers in the many-language views. */
export const SERIES_COLORS = [
  '#0072B2',
  '#D55E00',
  '#009E73',
  '#CC79A7',
  '#E69F00',
  '#56B4E9',
  '#3b3b3b',
  '#8E6C00',
];
export const SERIES_SHAPES = ['circle', 'square', 'diamond', 'triangle-up', 'triangle-down', 'cross'];

// ---------------------------------------------------------------- the frame

/** The key: one sample per kind of reference mark, with its meaning, in one row. */
export type KeyItem =
  | { kind: 'band'; label: string }
  | { kind: 'dashed' | 'solid'; label: string; color?: string }
  | { kind: 'faded'; label: string; color: string }
  | { kind: 'dot'; label: string; color: string; filled?: boolean };

/**
 * A view laid out in pixels (scale: null), so each sample sits before its label and labels never overlap:
 * positions come from the measured label widths. Items that do not fit on one line go to the next.
 */
export function keyView(items: readonly KeyItem[], width: number, x0 = 0): Record<string, unknown> {
  const size = SIZES.label;
  const lineH = size + 14;
  const sample = 36;
  const placed: (KeyItem & { x: number; y: number })[] = [];
  let x = x0;
  let y = lineH / 2;
  for (const it of items) {
    const w = sample + 10 + textWidth(it.label, size) + 40;
    if (x > x0 && x - x0 + w > width) {
      x = x0;
      y += lineH;
    }
    placed.push({ ...it, x, y });
    x += w;
  }
  const height = y + lineH / 2;
  // As wide as its longest line, not the canvas: the fit pass sizes the chart from the drawing's extent.
  const used = Math.max(...placed.map((p) => p.x + sample + 10 + textWidth(p.label, size)), 10);
  const px = (field: string) => ({ field, type: 'quantitative', scale: null });
  const of = (kinds: string[]) => placed.filter((p) => kinds.includes(p.kind));
  const layer: Record<string, unknown>[] = [];
  if (of(['band']).length)
    layer.push({
      data: { values: of(['band']).map((p) => ({ x: p.x, x2: p.x + sample, y: p.y - 12, y2: p.y + 12 })) },
      mark: { type: 'rect', color: REF.band, fillOpacity: REF.bandOpacity * 2 },
      encoding: { x: px('x'), x2: { field: 'x2' }, y: px('y'), y2: { field: 'y2' } },
    });
  for (const kind of ['dashed', 'solid'] as const) {
    const ps = of([kind]) as (KeyItem & { x: number; y: number; color?: string })[];
    if (ps.length)
      layer.push({
        data: {
          values: ps.map((p) => ({ x: p.x + sample / 2, y: p.y - 14, y2: p.y + 14, c: p.color ?? REF.zero })),
        },
        mark: { type: 'rule', strokeWidth: 3, ...(kind === 'dashed' ? { strokeDash: [8, 5] } : {}) },
        encoding: {
          x: px('x'),
          y: px('y'),
          y2: { field: 'y2' },
          color: { field: 'c', type: 'nominal', scale: null },
        },
      });
  }
  const faded = of(['faded']) as (KeyItem & { x: number; y: number; color: string })[];
  if (faded.length)
    layer.push({
      data: {
        values: faded.map((p) => ({ x: p.x, x2: p.x + sample, y: p.y - 10, y2: p.y + 10, c: p.color })),
      },
      mark: { type: 'rect', fillOpacity: 0.4 },
      encoding: {
        x: px('x'),
        x2: { field: 'x2' },
        y: px('y'),
        y2: { field: 'y2' },
        color: { field: 'c', type: 'nominal', scale: null },
      },
    });
  const dots = of(['dot']) as (KeyItem & { x: number; y: number; color: string; filled?: boolean })[];
  for (const filled of [true, false]) {
    const ds = dots.filter((d) => (d.filled ?? true) === filled);
    if (ds.length)
      layer.push({
        data: { values: ds.map((p) => ({ x: p.x + sample / 2, y: p.y, c: p.color })) },
        mark: { type: 'point', filled, size: 300, strokeWidth: 3, opacity: 1 },
        encoding: { x: px('x'), y: px('y'), color: { field: 'c', type: 'nominal', scale: null } },
      });
  }
  layer.push({
    data: { values: placed.map((p) => ({ x: p.x + sample + 10, y: p.y, text: p.label })) },
    mark: { type: 'text', align: 'left', baseline: 'middle', fontSize: size, color: COLORS.text },
    encoding: { x: px('x'), y: px('y'), text: { field: 'text', type: 'nominal' } },
  });
  return { width: Math.max(10, Math.ceil(used)), height: Math.ceil(height), layer };
}

/** The footer (corpus, date, tool version, price date) as its own small view under the chart, wrapped to `width`. */
export function footerView(text: string, width: number, x0 = 0): Record<string, unknown> {
  const lines: string[] = [];
  for (const part of text.split('  ·  ')) {
    const last = lines[lines.length - 1];
    if (last !== undefined && textWidth(`${last}  ·  ${part}`, SIZES.footer) <= width)
      lines[lines.length - 1] = `${last}  ·  ${part}`;
    else lines.push(part);
  }
  const lineH = SIZES.footer + 8;
  return {
    data: { values: [{}] },
    width: 10,
    height: lineH * lines.length,
    mark: {
      type: 'text',
      align: 'left',
      baseline: 'top',
      fontSize: SIZES.footer,
      lineHeight: lineH,
      color: COLORS.muted,
    },
    encoding: { x: { value: x0 }, y: { value: 0 }, text: { value: lines } },
  };
}

/**
 * The top-level spec: title and subtitle (unless the canvas is a slide's, which titles the chart itself), the
 * key, the chart and the footer stacked; the fit pass sizes the chart's view to fill the canvas.
 */
export function assemble(o: {
  canvas: ChartCanvas;
  title: string;
  subtitle: string | string[];
  key?: readonly KeyItem[];
  main: Record<string, unknown>;
  footer: string;
  values: Record<string, unknown>[];
  /** Panels side by side in the main view (the fit pass spreads the width over them). */
  columns: number;
  /** The main view's row labels: the key and the footer start at their left edge, not at the plot's. */
  labels: readonly string[];
}): Record<string, unknown> {
  const inner = o.canvas.width - PAD.left - PAD.right;
  // A view's axis labels lie left of its origin; rows of a vconcat share the origin of the plot area.
  const x0 = -(Math.max(0, ...o.labels.map((l) => textWidth(l, SIZES.label))) + 8);
  const views = [
    ...(o.key?.length ? [keyView(o.key, inner, x0)] : []),
    o.main,
    footerView(o.footer, inner, x0),
  ];
  const subtitle = (Array.isArray(o.subtitle) ? o.subtitle : [o.subtitle]).flatMap((l) =>
    wrapText(l, SIZES.subtitle, inner),
  );
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    ...(o.canvas.titled ? { title: { text: wrapText(o.title, SIZES.title, inner, true), subtitle } } : {}),
    data: { name: 'table', values: o.values },
    vconcat: views,
    // Each row starts at the left edge, not at the chart's plot area, so the key and footer have the full width.
    align: 'none',
    spacing: 24,
    config: vegaLiteConfig(),
    usermeta: {
      tokentax: {
        fit: { columns: o.columns, view: o.key?.length ? 1 : 0 },
        size: { width: o.canvas.width, height: o.canvas.height },
      },
    },
  };
}

/** Room the title, subtitle, key and footer take, for a first guess at the chart's height. */
export function chromeHeight(canvas: ChartCanvas, subtitleLines: number, keyLines: number): number {
  const title = canvas.titled ? SIZES.title + 28 + subtitleLines * (SIZES.subtitle + 8) : 0;
  return PAD.top + PAD.bottom + title + keyLines * (SIZES.label + 14) + 24 + SIZES.footer + 8 + 24;
}

// ---------------------------------------------------------------- scales

/** Nice round tick step for a span (1, 2, 2.5, 5 × 10^k) giving about `n` ticks. */
function niceStep(span: number, n: number): number {
  const raw = span / Math.max(1, n);
  const k = 10 ** Math.floor(Math.log10(raw));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * k >= raw) return m * k;
  return 10 * k;
}

/** Tick values inside [lo, hi] on round steps (always including 0 when it is inside). */
export function linearTicks(lo: number, hi: number, n = 5): number[] {
  const step = niceStep(hi - lo, n);
  const out: number[] = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi + 1e-9; v += step) out.push(Number(v.toFixed(10)));
  return out;
}

// ---------------------------------------------------------------- bars per language

export interface BarRow {
  /** The row label (a tokenizer, "(legacy)" marked). */
  row: string;
  langName: string;
  /** Colour group (a category label, or the text-length row's). */
  group: string;
  value: number;
  low?: number;
  high?: number;
  label: string;
  faded?: boolean;
  /** Where the value label goes: inside the bar's end (white) or past its whisker. */
  inside?: boolean;
  [k: string]: unknown;
}

/**
 * A domain [lo, hi] that holds the bars, their whiskers, the reference values and the value labels that sit
 * outside their bar; sets each row's `inside` (a label fits inside a long bar). `panel`: a panel's width in px.
 */
export function barDomain(
  rows: BarRow[],
  extras: number[],
  panel: number,
  /** Height of one row: a label goes inside its bar only when the bar (70 % of the row) is taller than the text. */
  rowStep = Infinity,
): [number, number] {
  const fits = 0.7 * rowStep >= SIZES.valueLabel * 1.2;
  const lows = rows.map((r) => r.low ?? r.value).filter(Number.isFinite);
  const highs = rows.map((r) => r.high ?? r.value).filter(Number.isFinite);
  let lo = Math.min(0, ...lows, ...extras);
  let hi = Math.max(0, ...highs, ...extras);
  const room = (r: BarRow) => textWidth(r.label, SIZES.valueLabel, true) + 24;
  for (let pass = 0; pass < 4; pass++) {
    const scale = panel / (hi - lo || 1);
    let needHi = hi;
    let needLo = lo;
    for (const r of rows) {
      r.inside = fits && !r.faded && Math.abs(r.value) * scale >= room(r) + 8;
      if (r.inside) continue;
      const w = room(r);
      if (r.value >= 0) needHi = Math.max(needHi, lo + ((r.high ?? r.value) - lo) * (panel / (panel - w)));
      else needLo = Math.min(needLo, hi - (hi - (r.low ?? r.value)) * (panel / (panel - w)));
    }
    if (needHi === hi && needLo === lo) break;
    hi = needHi;
    lo = needLo;
  }
  const pad = (hi - lo) * 0.03;
  return [lo < 0 ? lo - pad : 0, hi + pad];
}

/**
 * One panel per language (facet columns), one bar per row coloured by group, CI whiskers, a value label at the
 * end of each bar, and reference marks drawn under the bars: a shaded band, a solid rule (0) and, per panel,
 * a dashed rule at the text-length row's value.
 */
export function facetBars(o: {
  rows: BarRow[];
  yOrder: string[];
  colOrder: string[];
  colors: { domain: string[]; range: string[] };
  domain: [number, number];
  /** Unit after each tick label (" %"): panels repeat their axis, so the unit goes on the ticks, not a title. */
  unit?: string;
  band?: [number, number];
  zero?: boolean;
  /** The row whose value is drawn as a dashed rule across its panel (the text-length floor). */
  floorRow?: string;
  width: number;
  height: number;
}): Record<string, unknown> {
  const y = {
    field: 'row',
    type: 'nominal',
    sort: o.yOrder,
    axis: { title: null, labelFontSize: SIZES.label, ticks: false, domain: false },
  };
  const x = {
    field: 'value',
    type: 'quantitative',
    title: null,
    scale: { domain: o.domain, nice: false, zero: false },
    axis: {
      grid: true,
      // No tick at a panel's very edge, where its label would touch the next panel's.
      values: linearTicks(o.domain[0], o.domain[1], 5).filter(
        (v) => v === 0 || Math.min(v - o.domain[0], o.domain[1] - v) > 0.06 * (o.domain[1] - o.domain[0]),
      ),
      labelFlush: true,
      ...(o.unit ? { labelExpr: `format(datum.value, '~r') + ${JSON.stringify(o.unit)}` } : {}),
    },
  };
  const onePerPanel = [{ aggregate: [{ op: 'count', as: 'n' }] }];
  const layers: Record<string, unknown>[] = [];
  if (o.band)
    layers.push({
      transform: onePerPanel,
      mark: { type: 'rect', color: REF.band, opacity: REF.bandOpacity },
      encoding: { x: { datum: o.band[0], type: 'quantitative' }, x2: { datum: o.band[1] } },
    });
  if (o.floorRow)
    layers.push({
      transform: [{ filter: { field: 'row', equal: o.floorRow } }],
      mark: { type: 'rule', color: REF.floor, strokeWidth: 3, strokeDash: [8, 5] },
      encoding: { x: { field: 'value', type: 'quantitative' } },
    });
  if (o.zero)
    layers.push({
      transform: onePerPanel,
      mark: { type: 'rule', color: REF.zero, strokeWidth: 3 },
      encoding: { x: { datum: 0, type: 'quantitative' } },
    });
  // Legacy rows faded with fillOpacity: an opacity would fade the legend's symbols too.
  for (const faded of [true, false])
    layers.push({
      transform: [{ filter: faded ? 'datum.faded' : '!datum.faded' }],
      mark: { type: 'bar', height: { band: 0.7 }, ...(faded ? { fillOpacity: 0.4 } : {}) },
      encoding: {
        y,
        x,
        color: {
          field: 'group',
          type: 'nominal',
          title: null,
          scale: o.colors,
          legend: {
            title: null,
            orient: 'top',
            direction: 'horizontal',
            symbolType: 'square',
            symbolOpacity: 1,
          },
        },
      },
    });
  layers.push({
    transform: [{ filter: 'isValid(datum.low) && isValid(datum.high)' }],
    mark: { type: 'rule', color: COLORS.text, strokeWidth: 2.5 },
    encoding: { y, x: { field: 'low', type: 'quantitative' }, x2: { field: 'high' } },
  });
  for (const end of ['low', 'high'])
    layers.push({
      transform: [{ filter: 'isValid(datum.low) && isValid(datum.high)' }],
      mark: { type: 'tick', color: COLORS.text, thickness: 2.5, size: 18, orient: 'vertical' },
      encoding: { y, x: { field: end, type: 'quantitative' } },
    });
  // Labels outside: past the whisker (left of negative bars), with a white halo so a rule does not cross the
  // digits; labels inside: white, bold, at the bar's end.
  for (const halo of [true, false]) {
    const look = halo
      ? { color: COLORS.background, stroke: COLORS.background, strokeWidth: 6, strokeJoin: 'round' }
      : { color: COLORS.text };
    for (const neg of [false, true])
      layers.push({
        transform: [
          { filter: `!datum.inside && (datum.value ${neg ? '<' : '>='} 0)` },
          {
            calculate: `isValid(datum.${neg ? 'low' : 'high'}) ? datum.${neg ? 'low' : 'high'} : datum.value`,
            as: 'at',
          },
        ],
        mark: {
          type: 'text',
          align: neg ? 'right' : 'left',
          baseline: 'middle',
          dx: neg ? -10 : 10,
          fontSize: SIZES.valueLabel,
          fontWeight: 'bold',
          ...look,
        },
        encoding: { y, x: { field: 'at', type: 'quantitative' }, text: { field: 'label' } },
      });
  }
  layers.push({
    transform: [
      { filter: 'datum.inside' },
      { calculate: 'isValid(datum.low) ? datum.low : datum.value', as: 'end' },
    ],
    mark: {
      type: 'text',
      align: 'right',
      baseline: 'middle',
      dx: -10,
      fontSize: SIZES.valueLabel,
      fontWeight: 'bold',
      color: COLORS.background,
    },
    encoding: { y, x: { field: 'end', type: 'quantitative' }, text: { field: 'label' } },
  });
  return {
    facet: {
      column: {
        field: 'langName',
        type: 'nominal',
        sort: o.colOrder,
        title: null,
        header: { labelFontSize: SIZES.axisTitle, labelFontWeight: 'bold', labelPadding: 14 },
      },
    },
    spacing: 36,
    spec: { width: o.width, height: o.height, layer: layers },
  };
}

// ---------------------------------------------------------------- many languages: a sorted dot plot

export interface DotRow {
  /** The language (a row of the plot). */
  langName: string;
  /** The series (a tokenizer), one colour each. */
  series: string;
  value: number;
  low?: number;
  high?: number;
  faded?: boolean;
  /** The text-length floor of the row's language, when drawn. */
  floor?: number;
  [k: string]: unknown;
}

/**
 * Languages as rows (sorted by `yOrder`), one dot per series with its CI as a thin line, a shaded band and a
 * 0 rule across the plot, and each language's text-length floor as a grey tick on its row.
 */
export function dotPlot(o: {
  rows: DotRow[];
  yOrder: string[];
  series: string[];
  domain: [number, number];
  xTitle: string;
  band?: [number, number];
  zero?: boolean;
  floors?: boolean;
  width: number;
  height: number;
}): Record<string, unknown> {
  const y = {
    field: 'langName',
    type: 'nominal',
    sort: o.yOrder,
    axis: {
      title: null,
      labelFontSize: SIZES.label,
      ticks: false,
      domain: false,
      grid: true,
      gridDash: [2, 4],
    },
  };
  const x = {
    field: 'value',
    type: 'quantitative',
    title: o.xTitle,
    scale: { domain: o.domain, nice: false, zero: false },
    axis: { grid: true, values: linearTicks(o.domain[0], o.domain[1], 6), labelFlush: true },
  };
  const dodge = o.series.length > 1 && o.series.length <= 6;
  const yOffset = dodge
    ? { yOffset: { field: 'series', type: 'nominal', sort: o.series, scale: { paddingInner: 0.1 } } }
    : {};
  const color = {
    field: 'series',
    type: 'nominal',
    sort: o.series,
    scale: { domain: o.series, range: o.series.map((_, i) => SERIES_COLORS[i % SERIES_COLORS.length]) },
    legend: {
      title: null,
      orient: 'top',
      direction: 'horizontal',
      columns: Math.min(o.series.length, 6),
      symbolStrokeWidth: 4,
      symbolSize: 260,
    },
  };
  const shape = {
    field: 'series',
    type: 'nominal',
    sort: o.series,
    scale: {
      domain: o.series,
      range: o.series.map(
        (_, i) => SERIES_SHAPES[Math.floor(i / SERIES_COLORS.length) % SERIES_SHAPES.length],
      ),
    },
  };
  const onePerPlot = [{ aggregate: [{ op: 'count', as: 'n' }] }];
  const layers: Record<string, unknown>[] = [];
  if (o.band)
    layers.push({
      transform: onePerPlot,
      mark: { type: 'rect', color: REF.band, opacity: REF.bandOpacity },
      encoding: { x: { datum: o.band[0], type: 'quantitative', scale: x.scale }, x2: { datum: o.band[1] } },
    });
  if (o.zero)
    layers.push({
      transform: onePerPlot,
      mark: { type: 'rule', color: REF.zero, strokeWidth: 3 },
      encoding: { x: { datum: 0, type: 'quantitative', scale: x.scale } },
    });
  if (o.floors)
    layers.push({
      transform: [
        { filter: 'isValid(datum.floor)' },
        { aggregate: [{ op: 'max', field: 'floor', as: 'f' }], groupby: ['langName'] },
      ],
      mark: { type: 'tick', color: REF.floor, thickness: 5, orient: 'vertical', bandSize: 0.9 },
      encoding: { y, x: { field: 'f', type: 'quantitative', scale: x.scale, axis: x.axis, title: x.title } },
    });
  layers.push({
    transform: [{ filter: 'isValid(datum.low) && isValid(datum.high)' }],
    mark: { type: 'rule', strokeWidth: 2.5, color: COLORS.muted },
    encoding: {
      y,
      ...yOffset,
      x: { field: 'low', type: 'quantitative', scale: x.scale, axis: x.axis, title: x.title },
      x2: { field: 'high' },
    },
  });
  layers.push({
    mark: { type: 'point', size: 260, strokeWidth: 3 },
    encoding: {
      y,
      ...yOffset,
      x,
      color,
      shape,
      fill: {
        condition: { test: 'datum.faded', value: COLORS.background },
        field: 'series',
        type: 'nominal',
        scale: color.scale,
        legend: null,
      },
      opacity: { value: 1 },
    },
  });
  return { width: o.width, height: o.height, layer: layers };
}
