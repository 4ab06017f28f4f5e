// The charts of a run, as Vega-Lite specs: overhead, efficiency, the bill (or, for a run folder without
// models.csv, the input cost), fertility. Up to MANY_LANGS languages each gets a panel; with more, languages
// become rows. Specs only: chart-render.ts draws them, charts.ts writes them.
import { DEFAULTS } from '../config.js';
import type { CostRow, EfficiencyRow, ModelRow, SummaryRow, TokenizerCategory } from '../types.js';
import { CATEGORY_LABELS, CATEGORY_ORDER, languageName } from '../vocabulary.js';
import {
  assemble,
  barDomain,
  chromeHeight,
  dotPlot,
  facetBars,
  PAD,
  REF,
  textWidth,
  type BarRow,
  type DotRow,
  type KeyItem,
} from './chart-parts.js';
import { stamp } from './chart-stamp.js';
import { billSelection } from './findings.js';
import { fmtCorpus, fmtDate, fmtMoneyRounded, fmtNum, fmtPct } from './format.js';
import {
  corporaOf,
  isLegacyTokenizer,
  langOrder,
  MANY_LANGS,
  tokenizerCategories,
  tokenizerOrder,
  wholeCorpus,
} from './selection.js';
import { CATEGORY_COLORS, CHART_HEIGHT, CHART_WIDTH, COLORS, SIZES } from './theme.js';
import type { ChartCanvas, ChartName, ChartSpec, RunData } from './types.js';

export const DEFAULT_CANVAS: ChartCanvas = { width: CHART_WIDTH, height: CHART_HEIGHT, titled: true };

/** The text-length row of the overhead chart: what the longer text alone costs, which no tokenizer removes. */
export const FLOOR_ROW = 'text length alone';
const FLOOR_GROUP = 'Text length';
const FLOOR_COLOR = '#6e7781';

const mean = (xs: number[]) => {
  const f = xs.filter(Number.isFinite);
  return f.length ? f.reduce((s, x) => s + x, 0) / f.length : NaN;
};

/** "Corpus: …, 1,012 segments · run … · tokentax …", with the price data's date for charts of money. */
export function footerText(run: RunData, corpus: string, prices?: string): string {
  const c = run.manifest.corpora.find((x) => x.id === corpus);
  const segs = c?.report ? `, ${c.report.used.toLocaleString('en-US')} segments` : '';
  return [
    `Corpus: ${fmtCorpus(c?.name, corpus)}${segs}`,
    `run ${fmtDate(run.manifest.startedAt)}`,
    `${run.manifest.tool.name} ${run.manifest.tool.version}`,
    ...(prices ? [prices] : []),
  ].join('  ·  ');
}

function priceText(run: RunData, dates: string[]): string {
  const src = run.analysis.priceSource?.name;
  return `prices of ${dates.join(', ') || 'an unknown date'}${src ? ` (${src})` : ''}`;
}

/** Width of the row labels of a chart, in px. */
const labelRoom = (labels: string[]) => Math.max(80, ...labels.map((l) => textWidth(l, SIZES.label))) + 20;

/** A first guess at a panel's size; the fit pass corrects it. */
function panelGuess(
  canvas: ChartCanvas,
  labels: string[],
  cols: number,
  keyLines: number,
  subtitleLines = 1,
) {
  const spacing = 36;
  const width = (canvas.width - PAD.left - PAD.right - labelRoom(labels) - spacing * (cols - 1)) / cols;
  const height = canvas.height - chromeHeight(canvas, subtitleLines, keyLines) - 90;
  return { width: Math.max(80, Math.floor(width)), height: Math.max(80, Math.floor(height)) };
}

/** The longer text's share per language: 100 × (Σchars_L / Σchars_B − 1), the same for every tokenizer. */
function lengthPct(rows: readonly SummaryRow[], lang: string): number {
  const r = rows.find((x) => x.lang === lang && x.baselineChars > 0);
  return r ? 100 * (r.chars / r.baselineChars - 1) : NaN;
}

const legacyLabel = (t: string) => (isLegacyTokenizer(t) ? `${t} (legacy)` : t);

// ---------------------------------------------------------------- bars, or dots for many languages

interface SeriesInput {
  name: ChartName;
  title: string;
  subtitle: string;
  xTitle: string;
  /** Unit after the tick labels of the panels (which have no axis title). */
  unit?: string;
  rows: {
    tokenizer: string;
    category: SummaryRow['category'];
    lang: string;
    value: number;
    low?: number;
    high?: number;
  }[];
  format: (v: number) => string;
  band?: [number, number];
  zero?: boolean;
  floors?: Map<string, number>;
  key: KeyItem[];
  footer: string;
}

function seriesChart(inp: SeriesInput, canvas: ChartCanvas, baseline: string): Record<string, unknown> {
  const langs = langOrder(inp.rows, baseline);
  const done = (
    main: Record<string, unknown>,
    values: Record<string, unknown>[],
    yOrder: string[],
    columns: number,
  ) =>
    assemble({
      canvas,
      title: inp.title,
      subtitle: inp.subtitle,
      key,
      main,
      footer: inp.footer,
      values,
      columns,
      labels: yOrder,
    });
  const avg = (t: string) => mean(inp.rows.filter((r) => r.tokenizer === t).map((r) => r.value));
  const toks = tokenizerOrder(inp.rows, avg);
  // Legacy tokenizers last, so the current ones read first.
  const order = [...toks.filter((t) => !isLegacyTokenizer(t)), ...toks.filter(isLegacyTokenizer)];
  const extras = [
    ...(inp.band ?? []),
    ...(inp.zero ? [0] : []),
    ...(inp.floors ? [...inp.floors.values()] : []),
  ];
  const key = [...inp.key];
  if (order.some(isLegacyTokenizer))
    key.push(
      langs.length > MANY_LANGS
        ? { kind: 'dot', filled: false, color: COLORS.text, label: 'hollow: legacy tokenizer' }
        : {
            kind: 'faded',
            color: COLORS.text,
            label: 'faded: legacy tokenizer (its models are all retired)',
          },
    );
  if (langs.length > MANY_LANGS) {
    const rows: DotRow[] = inp.rows.map((r) => ({
      langName: languageName(r.lang),
      series: legacyLabel(r.tokenizer),
      value: r.value,
      low: r.low,
      high: r.high,
      faded: isLegacyTokenizer(r.tokenizer),
      floor: inp.floors?.get(r.lang),
      label: inp.format(r.value),
    }));
    const byLang = (l: string) =>
      mean(inp.rows.filter((r) => r.lang === l && !isLegacyTokenizer(r.tokenizer)).map((r) => r.value));
    const yOrder = [...langs].sort((a, b) => byLang(b) - byLang(a)).map(languageName);
    const vals = [...rows.flatMap((r) => [r.low ?? r.value, r.high ?? r.value]), ...extras].filter(
      Number.isFinite,
    );
    const lo = Math.min(0, ...vals);
    const hi = Math.max(...vals);
    const pad = (hi - lo) * 0.04;
    const size = panelGuess(canvas, yOrder, 1, 2, 1);
    const main = dotPlot({
      rows,
      yOrder,
      series: order.map(legacyLabel),
      domain: [lo < 0 ? lo - pad : 0, hi + pad],
      xTitle: inp.xTitle,
      band: inp.band,
      zero: inp.zero,
      floors: !!inp.floors,
      ...size,
    });
    return done(main, rows, yOrder, 1);
  }
  const colorDomain = CATEGORY_ORDER.filter((c) => inp.rows.some((r) => r.category === c));
  const rows: BarRow[] = inp.rows.map((r) => ({
    row: legacyLabel(r.tokenizer),
    tokenizer: r.tokenizer,
    langName: languageName(r.lang),
    group: CATEGORY_LABELS[r.category] ?? r.category,
    value: r.value,
    low: r.low,
    high: r.high,
    label: inp.format(r.value),
    faded: isLegacyTokenizer(r.tokenizer),
  }));
  const yOrder = order.map(legacyLabel);
  const colors = {
    domain: colorDomain.map((c) => CATEGORY_LABELS[c]),
    range: colorDomain.map((c) => CATEGORY_COLORS[c]),
  };
  if (inp.floors) {
    for (const l of langs) {
      const f = inp.floors.get(l);
      if (f !== undefined && Number.isFinite(f))
        rows.push({
          row: FLOOR_ROW,
          langName: languageName(l),
          group: FLOOR_GROUP,
          value: f,
          label: inp.format(f),
        });
    }
    yOrder.push(FLOOR_ROW);
    colors.domain.push(FLOOR_GROUP);
    colors.range.push(FLOOR_COLOR);
  }
  const size = panelGuess(canvas, yOrder, langs.length, 1);
  const domain = barDomain(rows, extras, size.width * 0.92, size.height / yOrder.length);
  const main = facetBars({
    rows,
    yOrder,
    colOrder: langs.map(languageName),
    colors,
    domain,
    unit: inp.unit,
    band: inp.band,
    zero: inp.zero,
    floorRow: inp.floors ? FLOOR_ROW : undefined,
    ...size,
  });
  return done(main, rows, yOrder, langs.length);
}

function overheadSpec(run: RunData, corpus: string, canvas: ChartCanvas): ChartSpec | undefined {
  const o = run.analysis.options;
  const all = wholeCorpus(run.analysis.summary, corpus);
  const rows = all.filter((r) => r.lang !== o.baseline);
  if (!rows.length) return undefined;
  const margin = o.claimMarginPct ?? run.analysis.headline.marginPct ?? DEFAULTS.analysis.claimMarginPct;
  const conf = Math.round(o.confidence * 100);
  const base = languageName(o.baseline);
  const floors = new Map(langOrder(rows, o.baseline).map((l) => [l, lengthPct(all, l)] as const));
  const title = `Extra tokens vs ${base}, by tokenizer and language`;
  return {
    name: 'overhead',
    corpus,
    file: 'overhead',
    title,
    description: `Token overhead of each language over ${base} per tokenizer, with ${conf} % confidence intervals; shaded: the claim's part 1 (+${o.claimPct} % ± ${margin}); solid line: its part 2 (0 %); dashed line or grey mark: what the longer text alone costs.`,
    spec: seriesChart(
      {
        name: 'overhead',
        title,
        subtitle: `The same content in each language; whiskers: ${conf} % bootstrap confidence intervals`,
        xTitle: `Extra tokens vs ${base} (%)`,
        unit: '\u00a0%',
        rows: rows.map((r) => ({
          tokenizer: r.tokenizer,
          category: r.category,
          lang: r.lang,
          value: r.overheadPct,
          low: r.ciLowPct,
          high: r.ciHighPct,
        })),
        format: (v) => fmtPct(v),
        band: [o.claimPct - margin, o.claimPct + margin],
        zero: true,
        floors,
        key: [
          { kind: 'band', label: `claim, part 1: +${o.claimPct} % ± ${margin}` },
          { kind: 'solid', label: 'claim, part 2: 0 %' },
          langOrder(rows, o.baseline).length > MANY_LANGS
            ? {
                kind: 'solid',
                color: REF.floor,
                label: 'grey mark: the longer text alone, which no tokenizer removes',
              }
            : {
                kind: 'dashed',
                color: REF.floor,
                label: 'the longer text alone, which no tokenizer removes',
              },
        ],
        footer: footerText(run, corpus),
      },
      canvas,
      o.baseline,
    ),
  };
}

function efficiencySpec(run: RunData, corpus: string, canvas: ChartCanvas): ChartSpec | undefined {
  const o = run.analysis.options;
  const rows: EfficiencyRow[] = wholeCorpus(run.analysis.efficiency, corpus);
  if (!rows.length) return undefined;
  const reference = rows[0].reference;
  const conf = Math.round(o.confidence * 100);
  const title = `Tokens relative to ${reference}, same text`;
  const many = langOrder(rows, o.baseline).length > MANY_LANGS;
  return {
    name: 'efficiency',
    corpus,
    file: 'efficiency',
    title,
    description: `Tokens each tokenizer needs for the same text relative to ${reference}, per language (negative = fewer tokens).`,
    spec: seriesChart(
      {
        name: 'efficiency',
        title,
        subtitle: `Below 0: fewer tokens than ${reference} for the same text; whiskers: ${conf} % bootstrap CI`,
        xTitle: `Tokens vs ${reference} (%)`,
        unit: '\u00a0%',
        rows: rows
          .filter((r) => !many || r.tokenizer !== reference)
          .map((r) => ({
            tokenizer: r.tokenizer,
            category: r.category,
            lang: r.lang,
            value: r.relativePct,
            ...(r.tokenizer === reference ? {} : { low: r.ciLowPct, high: r.ciHighPct }),
          })),
        format: (v) => fmtPct(v),
        zero: true,
        key: [{ kind: 'solid', label: `0: as many tokens as ${reference}` }],
        footer: footerText(run, corpus),
      },
      canvas,
      o.baseline,
    ),
  };
}

function fertilitySpec(run: RunData, corpus: string, canvas: ChartCanvas): ChartSpec | undefined {
  const o = run.analysis.options;
  const rows = wholeCorpus(run.analysis.summary, corpus).filter((r) => Number.isFinite(r.fertility));
  if (!rows.length) return undefined;
  const title = 'Fertility: tokens per word';
  return {
    name: 'fertility',
    corpus,
    file: 'fertility',
    title,
    description:
      'Average number of tokens per word (Intl.Segmenter word-like segments) per tokenizer and language; 1.0 would be one token per word.',
    spec: seriesChart(
      {
        name: 'fertility',
        title,
        subtitle:
          'Tokens divided by words (Intl.Segmenter word-like segments); lower is better, 1.0 = one token per word',
        xTitle: 'Tokens per word',
        rows: rows.map((r) => ({
          tokenizer: r.tokenizer,
          category: r.category,
          lang: r.lang,
          value: r.fertility,
        })),
        format: (v) => fmtNum(v, 2),
        key: [],
        footer: footerText(run, corpus),
      },
      canvas,
      o.baseline,
    ),
  };
}

// ---------------------------------------------------------------- money

interface MoneyInput {
  title: string;
  /** The workload (or basis), then how the models were chosen. */
  subtitle: [string, string?];
  /** One entry per model: its label, colour group, the baseline's amount and each other language's amount and extra. */
  models: {
    label: string;
    group: string;
    base: number;
    langs: { lang: string; value: number; extraPct?: number }[];
  }[];
  groups: { domain: string[]; range: string[] };
  langs: string[];
  baseName: string;
  money: (v: number, signed?: boolean) => string;
  /** What the amounts are ("a month", "per 1M words"). */
  per: string;
  footer: string;
}

/**
 * Money per model and language, each language on a panel (or a column) of its own so no two share a row. Up to
 * MANY_LANGS languages: bars of the extra over the baseline in %, labelled with the extra in money, beside each
 * model its baseline amount. More languages: a heatmap of the extra in %.
 */
function moneyChart(inp: MoneyInput, canvas: ChartCanvas): Record<string, unknown> {
  const rowOf = (m: MoneyInput['models'][number]) => `${m.label} · ${inp.money(m.base)}`;
  const sorted = [...inp.models].sort((a, b) => b.base - a.base);
  const yOrder = sorted.map(rowOf);
  const names = inp.langs.map(languageName);
  const explain = `beside each model, its ${inp.baseName} amount ${inp.per}`.replace(/^b/, 'b');
  if (inp.langs.length > MANY_LANGS) {
    const rows = inp.models.flatMap((m) =>
      m.langs.map((l) => ({
        row: rowOf(m),
        langName: languageName(l.lang),
        extraPct: l.extraPct ?? NaN,
        label: l.extraPct === undefined ? '–' : fmtNum(l.extraPct, 0).replace(/^(?!−)/, '+'),
      })),
    );
    const max = Math.max(1, ...rows.map((r) => r.extraPct).filter(Number.isFinite));
    const size = panelGuess(canvas, yOrder, 1, 0, 2);
    const main = {
      width: size.width,
      height: size.height,
      encoding: {
        y: {
          field: 'row',
          type: 'nominal',
          sort: yOrder,
          axis: { title: null, ticks: false, domain: false },
        },
        x: {
          field: 'langName',
          type: 'nominal',
          sort: names,
          axis: { title: null, orient: 'top', labelAngle: -50, ticks: false, domain: false },
        },
      },
      layer: [
        {
          mark: { type: 'rect', stroke: COLORS.background, strokeWidth: 2 },
          encoding: {
            color: {
              field: 'extraPct',
              type: 'quantitative',
              scale: { scheme: 'oranges', domain: [0, max] },
              // On top: a legend right of a concat is placed right of its widest row (the footer's text).
              legend: {
                title: `Extra over ${inp.baseName} (%)`,
                orient: 'top',
                direction: 'horizontal',
                gradientLength: 400,
                titleOrient: 'left',
                titleLimit: 0,
              },
            },
          },
        },
        {
          mark: { type: 'text', fontSize: SIZES.valueLabel },
          encoding: {
            text: { field: 'label' },
            color: {
              condition: { test: `datum.extraPct > ${max * 0.6}`, value: COLORS.background },
              value: COLORS.text,
            },
          },
        },
      ],
    };
    return assemble({
      canvas,
      title: inp.title,
      subtitle: [
        inp.subtitle[0],
        `Cells: the extra over ${inp.baseName} in %; ${explain}`,
        ...(inp.subtitle[1] ? [inp.subtitle[1]] : []),
      ],
      main,
      footer: inp.footer,
      values: rows,
      columns: 1,
      labels: yOrder,
    });
  }
  const few = inp.langs.length <= 3;
  const rows: BarRow[] = inp.models.flatMap((m) =>
    m.langs.map((l) => ({
      row: rowOf(m),
      langName: languageName(l.lang),
      group: m.group,
      value: l.extraPct ?? NaN,
      label:
        inp.money(l.value - m.base, true) +
        (few && l.extraPct !== undefined ? ` (${fmtPct(l.extraPct, 0)})` : ''),
    })),
  );
  const size = panelGuess(canvas, yOrder, inp.langs.length, 0, 2);
  const main = facetBars({
    rows,
    yOrder,
    colOrder: names,
    colors: inp.groups,
    domain: barDomain(rows, [0], size.width * 0.92, size.height / yOrder.length),
    unit: '\u00a0%',
    zero: true,
    ...size,
  });
  return assemble({
    canvas,
    title: inp.title,
    subtitle: [
      inp.subtitle[0],
      `Bars: the extra over ${inp.baseName} in %, labelled with the extra ${inp.per}; ${explain}`,
      ...(inp.subtitle[1] ? [inp.subtitle[1]] : []),
    ],
    main,
    footer: inp.footer,
    values: rows,
    columns: inp.langs.length,
    labels: yOrder,
  });
}

const OTHER = 'Provider API';
const categoryLabel = (c: TokenizerCategory | undefined) => (c ? CATEGORY_LABELS[c] : OTHER);

/** The colour scale of the categories present (a provider API ref has none: grey). */
function categoryColors(cats: (TokenizerCategory | undefined)[]): { domain: string[]; range: string[] } {
  const present = CATEGORY_ORDER.filter((c) => cats.includes(c));
  const other = cats.some((c) => !c);
  return {
    domain: [...present.map((c) => CATEGORY_LABELS[c]), ...(other ? [OTHER] : [])],
    range: [...present.map((c) => CATEGORY_COLORS[c]), ...(other ? [COLORS.muted] : [])],
  };
}

/** Model labels without the "org/" of hub-style ids when that keeps them unique; approximations marked. */
function modelLabels(groups: ModelRow[][]): Map<ModelRow[], string> {
  const short = (m: string) => m.slice(m.lastIndexOf('/') + 1);
  const unique = new Set(groups.map((g) => short(g[0].model))).size === groups.length;
  return new Map(
    groups.map((g) => [
      g,
      `${unique ? short(g[0].model) : g[0].model}${g[0].countedBy === 'approx' ? ' (approx.)' : ''}`,
    ]),
  );
}

/** The workload's monthly bill on the models of the bill chart (selection.ts: --bill-models or the default rule). */
function billSpec(run: RunData, corpus: string, canvas: ChartCanvas): ChartSpec | undefined {
  const { baseline, workload, currency } = run.analysis.options;
  if (!workload) return undefined;
  const sel = billSelection(run, corpus);
  if (!sel.rows.length) return undefined;
  const groups = [
    ...new Map(
      sel.rows.map((r) => [
        `${r.provider}/${r.model}`,
        sel.rows.filter((x) => x.provider === r.provider && x.model === r.model),
      ]),
    ).values(),
  ];
  const labels = modelLabels(groups);
  const langs = langOrder(sel.rows, baseline).filter((l) => l !== baseline);
  const cur = currency?.perUsd ?? 1;
  const code = currency?.code ?? 'USD';
  const dates = [...new Set(sel.rows.map((r) => r.priceDate).filter(Boolean))].sort();
  const approx = groups.some((g) => g[0].countedBy === 'approx');
  const title = `What the "${workload.name}" workload costs a month, per model and language`;
  const money = (v: number, signed = false) => fmtMoneyRounded(v / cur, currency, signed);
  const cats = tokenizerCategories(run);
  return {
    name: 'cost',
    corpus,
    file: 'cost',
    title,
    description: `Monthly ${code} bill of the ${workload.name} workload per model and language (input, cached input and output at list prices), on ${sel.rule}.`,
    spec: moneyChart(
      {
        title,
        subtitle: [
          `${workload.requestsPerMonth.toLocaleString('en-US')} requests a month, ${workload.inputWords.toLocaleString('en-US')} English-equivalent words in and ${workload.outputWords.toLocaleString('en-US')} out each, at list prices`,
          `Models: ${sel.rule}${approx ? '; (approx.): counted with a stand-in tokenizer' : ''}${sel.missing.length ? `; not shown: ${sel.missing.map((m) => `${m.id} (${m.why})`).join(', ')}` : ''}`,
        ],
        models: groups
          .map((g) => ({
            label: labels.get(g)!,
            group: categoryLabel(cats.get(g[0].tokenizer)),
            base: (g.find((r) => r.lang === baseline)?.bill?.totalUsd ?? NaN) * cur,
            langs: langs.flatMap((l) => {
              const r = g.find((x) => x.lang === l);
              return r?.bill ? [{ lang: l, value: r.bill.totalUsd * cur, extraPct: r.extraPct }] : [];
            }),
          }))
          .filter((m) => Number.isFinite(m.base) && m.base > 0),
        langs,
        baseName: languageName(baseline),
        groups: categoryColors(groups.map((g) => cats.get(g[0].tokenizer))),
        money,
        per: `a month (${code})`,
        footer: footerText(run, corpus, priceText(run, dates)),
      },
      canvas,
    ),
  };
}

/** Input cost per 1M baseline-equivalent words (run folders without models.csv, from tokentax 0.1). */
function costSpec(run: RunData, corpus: string, canvas: ChartCanvas): ChartSpec | undefined {
  const { baseline } = run.analysis.options;
  const rows: CostRow[] = run.analysis.costs.filter(
    (r) => r.corpus === corpus && Number.isFinite(r.costPerMEnglishWordsUsd) && r.costPerMEnglishWordsUsd > 0,
  );
  if (!rows.length) return undefined;
  const langs = langOrder(rows, baseline).filter((l) => l !== baseline);
  const models = [...new Set(rows.map((r) => r.model))];
  const short = (m: string) => m.slice(m.lastIndexOf('/') + 1);
  const unique = new Set(models.map(short)).size === models.length;
  const dates = [...new Set(rows.map((r) => r.priceDate).filter(Boolean))].sort();
  const base = languageName(baseline);
  const title = `Input cost per 1M ${base}-equivalent words`;
  const cats = tokenizerCategories(run);
  const catOf = (m: string) => cats.get(rows.find((r) => r.model === m)?.tokenizer ?? '');
  return {
    name: 'cost',
    corpus,
    file: 'cost',
    title,
    description: `USD for the input tokens of content worth 1 million ${base} words, per model and language, at list prices.`,
    spec: moneyChart(
      {
        title,
        subtitle: [
          'List prices for input tokens; the same content in every language, so the extra is the token tax in money',
        ],
        models: models
          .map((m) => ({
            label: unique ? short(m) : m,
            group: categoryLabel(catOf(m)),
            base: rows.find((r) => r.model === m && r.lang === baseline)?.costPerMEnglishWordsUsd ?? NaN,
            langs: langs.flatMap((l) => {
              const r = rows.find((x) => x.model === m && x.lang === l);
              return r ? [{ lang: l, value: r.costPerMEnglishWordsUsd, extraPct: r.extraPct }] : [];
            }),
          }))
          .filter((m) => Number.isFinite(m.base)),
        langs,
        baseName: base,
        groups: categoryColors(models.map(catOf)),
        money: (v, signed) => fmtMoneyRounded(v, undefined, signed),
        per: 'per 1M words of content (USD)',
        footer: footerText(run, corpus, priceText(run, dates)),
      },
      canvas,
    ),
  };
}

/** The chart specs of one corpus, on a canvas (default: 1920×1080 with titles). */
export function corpusChartSpecs(
  run: RunData,
  corpus: string,
  canvas: ChartCanvas = DEFAULT_CANVAS,
): ChartSpec[] {
  // The cost chart is the workload's bill on today's models; a run folder without models.csv keeps the old one.
  const cost = run.analysis.models ? billSpec : costSpec;
  return [overheadSpec, efficiencySpec, cost, fertilitySpec]
    .map((make) => make(run, corpus, canvas))
    .filter((c): c is ChartSpec => !!c);
}

/** The chart specs of a run: the four charts for each corpus (charts without data are left out). */
export function buildChartSpecs(run: RunData, canvas: ChartCanvas = DEFAULT_CANVAS): ChartSpec[] {
  const corpora = corporaOf([...run.analysis.summary, ...run.analysis.costs], run.analysis.headline.corpus);
  const out: ChartSpec[] = [];
  for (const corpus of corpora) {
    for (const c of corpusChartSpecs(run, corpus, canvas)) {
      if (corpora.length > 1) c.file = `${c.file}-${slug(corpus)}`;
      const meta = (c.spec.usermeta as { tokentax?: Record<string, unknown> } | undefined)?.tokentax ?? {};
      c.spec = stamp({ ...c.spec, usermeta: { tokentax: { chart: c.name, corpus, ...meta } } });
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
