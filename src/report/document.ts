// The report's content, once, as a small document model; markdown.ts and html.ts only differ in syntax, so the
// two reports always say the same thing.
import { DEFAULTS } from '../config.js';
import type {
  CategoryHeadline,
  CostRow,
  EfficiencyRow,
  RunManifest,
  SummaryRow,
  TokenizerCategory,
  TokenizerInfo,
} from '../types.js';
import type { ChartFile, ChartName } from './charts.js';
import type { Block, Cell, Column, Inline, ReportDocument } from './document-model.js';
import {
  fmtCi,
  fmtDate,
  fmtInt,
  fmtNum,
  fmtPct,
  fmtPrice,
  fmtShare,
  fmtUsd,
  fmtUsdSigned,
} from './format.js';
import {
  claimNotes,
  claimTable,
  headlineClaim,
  legacySections,
  MODEL_TABLE_IDS,
  modelSections,
  priceSourceText,
} from './model-view.js';
import { CATEGORY_LABELS, categoryRank, languageName } from '../vocabulary.js';
import { claimSubjectSentences, MIN_SEGMENTS } from '../analysis/index.js';
import { corpusNote, findings } from './findings.js';
import { listedFiles, RUN_FILES } from './run-files.js';
import { corpusLabel, langOrder, MANY_LANGS, tokenizerOrder, wholeCorpus } from './selection.js';
import type { RunData } from './types.js';

/** Ids of the tables every report has (tests and the browser check look for them). */
export const TABLE_IDS = {
  headline: 'table-headline',
  overhead: 'table-overhead',
  efficiency: 'table-efficiency',
  text: 'table-text-stats',
  costs: 'table-costs',
  monthly: 'table-monthly',
  domains: 'table-domains',
  corpus: 'table-corpus',
  segmentsSkipped: 'table-segments-skipped',
  tokenizers: 'table-tokenizers',
  tokenizersSkipped: 'table-tokenizers-skipped',
  prices: 'table-prices',
  models: MODEL_TABLE_IDS.models,
  bill: MODEL_TABLE_IDS.bill,
  legacyModels: MODEL_TABLE_IDS.legacyModels,
  legacyBill: MODEL_TABLE_IDS.legacyBill,
} as const;

const cell = (text: string, sort?: number | string, extra: Partial<Cell> = {}): Cell => ({
  text,
  sort,
  ...extra,
});
const catCell = (c: TokenizerCategory): Cell => ({
  text: CATEGORY_LABELS[c] ?? c,
  sort: categoryRank(c),
  category: c,
});

function chartBlocks(charts: ChartFile[], name: ChartName): Block[] {
  return charts.filter((c) => c.name === name).map((chart) => ({ kind: 'chart' as const, chart }));
}

// ---------------------------------------------------------------- sections

/** Per-category means, for a run without the claim check (the claim table replaces it otherwise). */
function headlineTable(cats: CategoryHeadline[], confidence: number): Block {
  const conf = Math.round(confidence * 100);
  return {
    kind: 'table',
    id: TABLE_IDS.headline,
    caption: 'Mean overhead per tokenizer category',
    columns: [
      { label: 'Category' },
      { label: 'Tokenizers' },
      { label: 'Mean overhead', numeric: true },
      { label: `${conf} % CI of the mean`, numeric: true },
      { label: 'Range', numeric: true },
      { label: 'Char-normalised (mean)', numeric: true },
    ],
    rows: cats.map((c) => [
      catCell(c.category),
      cell(c.tokenizers.join(', ')),
      cell(fmtPct(c.meanOverheadPct), c.meanOverheadPct),
      cell(
        c.ciLowPct !== undefined && c.ciHighPct !== undefined ? fmtCi(c.ciLowPct, c.ciHighPct) : '–',
        c.ciLowPct,
      ),
      cell(
        Number.isFinite(c.minOverheadPct)
          ? `${fmtPct(c.minOverheadPct)} to ${fmtPct(c.maxOverheadPct)}`
          : '–',
        c.minOverheadPct,
      ),
      cell(fmtPct(c.meanCharNormOverheadPct), c.meanCharNormOverheadPct),
    ]),
  };
}

function overheadTable(rows: SummaryRow[], baseline: string, multiCorpus: boolean, run: RunData): Block {
  const conf = Math.round(run.analysis.options.confidence * 100);
  const langs = langOrder(rows, baseline).filter((l) => l !== baseline);
  const order = tokenizerOrder(rows);
  const sorted = rows
    .filter((r) => r.lang !== baseline)
    .sort(
      (a, b) =>
        a.corpus.localeCompare(b.corpus) ||
        order.indexOf(a.tokenizer) - order.indexOf(b.tokenizer) ||
        langs.indexOf(a.lang) - langs.indexOf(b.lang),
    );
  const base = languageName(baseline);
  return {
    kind: 'table',
    id: TABLE_IDS.overhead,
    caption: `Token overhead vs ${base}, with ${conf} % bootstrap confidence intervals and the character-normalised overhead beside it`,
    columns: [
      ...(multiCorpus ? [{ label: 'Corpus' }] : []),
      { label: 'Category' },
      { label: 'Tokenizer' },
      { label: 'Language' },
      { label: 'Tokens', numeric: true },
      { label: `${base} tokens`, numeric: true },
      { label: 'Overhead', numeric: true },
      { label: `${conf} % CI`, numeric: true },
      { label: 'Median ratio', numeric: true },
      { label: 'Char-normalised overhead', numeric: true },
    ],
    rows: sorted.map((r) => [
      ...(multiCorpus ? [cell(r.corpus)] : []),
      catCell(r.category),
      cell(r.tokenizer, r.tokenizer, { code: true }),
      cell(languageName(r.lang), r.lang),
      cell(fmtInt(r.tokens), r.tokens),
      cell(fmtInt(r.baselineTokens), r.baselineTokens),
      cell(fmtPct(r.overheadPct), r.overheadPct),
      cell(fmtCi(r.ciLowPct, r.ciHighPct), r.ciLowPct),
      cell(fmtNum(r.medianRatio, 3), r.medianRatio),
      cell(fmtPct(r.charNormOverheadPct), r.charNormOverheadPct),
    ]),
  };
}

function domainTable(rows: SummaryRow[], baseline: string, multiCorpus: boolean): Block | undefined {
  const dom = rows.filter((r) => r.domain !== 'all' && r.lang !== baseline);
  if (!dom.length) return undefined;
  const order = tokenizerOrder(dom);
  dom.sort(
    (a, b) =>
      a.corpus.localeCompare(b.corpus) ||
      a.domain.localeCompare(b.domain) ||
      order.indexOf(a.tokenizer) - order.indexOf(b.tokenizer) ||
      a.lang.localeCompare(b.lang),
  );
  return {
    kind: 'table',
    id: TABLE_IDS.domains,
    caption: 'Overhead per domain (--by-domain)',
    columns: [
      ...(multiCorpus ? [{ label: 'Corpus' }] : []),
      { label: 'Domain' },
      { label: 'Tokenizer' },
      { label: 'Language' },
      { label: 'Segments', numeric: true },
      { label: 'Overhead', numeric: true },
      { label: 'CI', numeric: true },
      { label: 'Char-normalised', numeric: true },
    ],
    rows: dom.map((r) => [
      ...(multiCorpus ? [cell(r.corpus)] : []),
      cell(r.domain),
      cell(r.tokenizer, r.tokenizer, { code: true }),
      cell(languageName(r.lang), r.lang),
      cell(fmtInt(r.segments), r.segments),
      cell(fmtPct(r.overheadPct), r.overheadPct),
      cell(fmtCi(r.ciLowPct, r.ciHighPct), r.ciLowPct),
      cell(fmtPct(r.charNormOverheadPct), r.charNormOverheadPct),
    ]),
  };
}

function efficiencyTable(rows: EfficiencyRow[], baseline: string, multiCorpus: boolean): Block {
  const langs = langOrder(rows, baseline);
  const order = tokenizerOrder(rows);
  const keys = [...new Set(rows.map((r) => `${r.corpus}\0${r.tokenizer}`))].sort((a, b) => {
    const [ca, ta] = a.split('\0');
    const [cb, tb] = b.split('\0');
    return ca.localeCompare(cb) || order.indexOf(ta) - order.indexOf(tb);
  });
  const reference = rows[0]?.reference ?? '';
  return {
    kind: 'table',
    id: TABLE_IDS.efficiency,
    caption: `Tokens relative to ${reference} on the same text, per language (negative: fewer tokens than ${reference}), with CI`,
    columns: [
      ...(multiCorpus ? [{ label: 'Corpus' }] : []),
      { label: 'Category' },
      { label: 'Tokenizer' },
      ...langs.map((l) => ({ label: languageName(l), numeric: true, lang: true })),
    ],
    rows: keys.map((k) => {
      const [corpus, tok] = k.split('\0');
      const mine = rows.filter((r) => r.corpus === corpus && r.tokenizer === tok);
      return [
        ...(multiCorpus ? [cell(corpus)] : []),
        catCell(mine[0].category),
        cell(tok, tok, { code: true }),
        ...langs.map((l) => {
          const r = mine.find((x) => x.lang === l);
          if (!r) return cell('–');
          const ci = r.tokenizer === r.reference ? '' : ` ${fmtCi(r.ciLowPct, r.ciHighPct)}`;
          return cell(`${fmtPct(r.relativePct)}${ci}`, r.relativePct);
        }),
      ];
    }),
  };
}

function textStatsTable(rows: SummaryRow[], baseline: string, multiCorpus: boolean): Block {
  const langs = langOrder(rows, baseline);
  const order = tokenizerOrder(rows);
  const sorted = [...rows].sort(
    (a, b) =>
      a.corpus.localeCompare(b.corpus) ||
      order.indexOf(a.tokenizer) - order.indexOf(b.tokenizer) ||
      langs.indexOf(a.lang) - langs.indexOf(b.lang),
  );
  return {
    kind: 'table',
    id: TABLE_IDS.text,
    caption:
      'Fertility (tokens per word), continued words (words split into two or more tokens), characters and UTF-8 bytes per token, byte-fallback tokens',
    columns: [
      ...(multiCorpus ? [{ label: 'Corpus' }] : []),
      { label: 'Category' },
      { label: 'Tokenizer' },
      { label: 'Language' },
      { label: 'Words', numeric: true },
      { label: 'Tokens', numeric: true },
      { label: 'Fertility', numeric: true },
      { label: 'Continued words', numeric: true },
      { label: 'Chars / token', numeric: true },
      { label: 'Bytes / token', numeric: true },
      { label: 'Byte fallback', numeric: true },
    ],
    rows: sorted.map((r) => [
      ...(multiCorpus ? [cell(r.corpus)] : []),
      catCell(r.category),
      cell(r.tokenizer, r.tokenizer, { code: true }),
      cell(languageName(r.lang), r.lang),
      cell(fmtInt(r.words), r.words),
      cell(fmtInt(r.tokens), r.tokens),
      cell(fmtNum(r.fertility, 3), r.fertility),
      cell(fmtShare(r.continuedWordsPct), r.continuedWordsPct),
      cell(fmtNum(r.charsPerToken, 2), r.charsPerToken),
      cell(fmtNum(r.bytesPerToken, 2), r.bytesPerToken),
      cell(fmtShare(r.fallbackPct, 2), r.fallbackPct),
    ]),
  };
}

function costTables(costs: CostRow[], baseline: string, multiCorpus: boolean): Block[] {
  if (!costs.length) return [];
  const langs = langOrder(costs, baseline);
  const keys = [...new Set(costs.map((r) => `${r.corpus}\0${r.model}`))];
  const baseCost = (k: string) =>
    costs.find((r) => `${r.corpus}\0${r.model}` === k && r.lang === baseline)?.costPerMEnglishWordsUsd ?? 0;
  keys.sort(
    (a, b) =>
      a.split('\0')[0].localeCompare(b.split('\0')[0]) || baseCost(b) - baseCost(a) || a.localeCompare(b),
  );
  const lead = (r: CostRow): Cell[] => [
    ...(multiCorpus ? [cell(r.corpus)] : []),
    cell(r.model, r.model),
    cell(r.provider),
    cell(r.tokenizer, r.tokenizer, { code: true }),
    cell(fmtPrice(r.priceInputPerMTok), r.priceInputPerMTok),
  ];
  const leadCols: Column[] = [
    ...(multiCorpus ? [{ label: 'Corpus' }] : []),
    { label: 'Model' },
    { label: 'Provider' },
    { label: 'Tokenizer' },
    { label: 'USD / 1M input tokens', numeric: true },
  ];
  const base = languageName(baseline);
  // One row per (corpus, model), one column per language: the baseline's figure alone, the others with their extra.
  const table = (
    id: string,
    caption: string,
    show: (r: CostRow, isBase: boolean) => Cell | undefined,
  ): Block => ({
    kind: 'table',
    id,
    caption,
    columns: [...leadCols, ...langs.map((l) => ({ label: languageName(l), numeric: true, lang: true }))],
    rows: keys.map((k) => {
      const mine = costs.filter((r) => `${r.corpus}\0${r.model}` === k);
      return [
        ...lead(mine[0]),
        ...langs.map((l) => {
          const r = mine.find((x) => x.lang === l);
          return (r && show(r, l === baseline)) ?? cell('–');
        }),
      ];
    }),
  });
  const blocks: Block[] = [
    table(
      TABLE_IDS.costs,
      `Input cost per 1M ${base}-equivalent words (USD), per language; in brackets the extra cost vs ${base}`,
      (r, isBase) =>
        cell(
          isBase
            ? fmtUsd(r.costPerMEnglishWordsUsd)
            : `${fmtUsd(r.costPerMEnglishWordsUsd)} (${fmtPct(r.extraPct, 0)})`,
          r.costPerMEnglishWordsUsd,
        ),
    ),
  ];
  const monthly = costs.find((r) => r.monthlyWords !== undefined)?.monthlyWords;
  if (monthly !== undefined) {
    blocks.push(
      table(
        TABLE_IDS.monthly,
        `Monthly input bill for ${fmtInt(monthly)} ${base}-equivalent words (USD); in brackets the extra vs ${base}`,
        (r, isBase) =>
          r.monthlyCostUsd === undefined
            ? undefined
            : cell(
                isBase
                  ? fmtUsd(r.monthlyCostUsd)
                  : `${fmtUsd(r.monthlyCostUsd)} (${fmtUsdSigned(r.monthlyExtraUsd)})`,
                r.monthlyCostUsd,
              ),
      ),
    );
  }
  return blocks;
}

function corpusBlocks(m: RunManifest): Block[] {
  const blocks: Block[] = [
    {
      kind: 'table',
      id: TABLE_IDS.corpus,
      caption: 'Corpora measured',
      columns: [
        { label: 'Corpus' },
        { label: 'Name' },
        { label: 'Format' },
        { label: 'Segments read', numeric: true },
        { label: 'Used', numeric: true },
        { label: 'Skipped', numeric: true },
        { label: 'Licence' },
        { label: 'SHA-256' },
      ],
      rows: m.corpora.map((c) => [
        cell(c.id, c.id, { code: true }),
        cell(c.name),
        cell(c.format),
        cell(fmtInt(c.report.read), c.report.read),
        cell(fmtInt(c.report.used), c.report.used),
        cell(fmtInt(c.report.read - c.report.used), c.report.read - c.report.used),
        cell(c.licence ?? '–'),
        cell(c.sha256.slice(0, 16), c.sha256, { code: true }),
      ]),
    },
  ];
  const skipped = m.corpora.flatMap((c) => c.report.skipped.map((s) => ({ corpus: c.id, ...s })));
  if (skipped.length) {
    blocks.push({
      kind: 'table',
      id: TABLE_IDS.segmentsSkipped,
      caption: 'Segments left out, and why',
      columns: [
        { label: 'Corpus' },
        { label: 'Reason' },
        { label: 'Count', numeric: true },
        { label: 'Examples' },
      ],
      rows: skipped.map((s) => [
        cell(s.corpus, s.corpus, { code: true }),
        cell(s.reason),
        cell(fmtInt(s.count), s.count),
        cell(s.examples.join(', ') || '–'),
      ]),
    });
  } else {
    blocks.push({ kind: 'para', content: ['No segment was left out.'] });
  }
  const notes = m.corpora.flatMap((c) => c.report.notes.map((n) => `${c.id}: ${n}`));
  if (notes.length) blocks.push({ kind: 'list', items: notes.map((n) => [n]) });
  return blocks;
}

function tokenizerBlocks(run: RunData): Block[] {
  const ids = [
    ...new Set([
      ...run.manifest.tokenizers.map((t) => t.id),
      ...run.analysis.summary.map((r) => r.tokenizer),
    ]),
  ];
  const info = new Map<string, TokenizerInfo>(run.tokenizers.map((t) => [t.id, t]));
  const loaded = new Map(run.manifest.tokenizers.map((t) => [t.id, t]));
  const cat = (id: string): TokenizerCategory =>
    info.get(id)?.category ??
    loaded.get(id)?.category ??
    run.analysis.summary.find((r) => r.tokenizer === id)?.category ??
    'multilingual';
  ids.sort((a, b) => categoryRank(cat(a)) - categoryRank(cat(b)) || a.localeCompare(b));
  const blocks: Block[] = [
    {
      kind: 'table',
      id: TABLE_IDS.tokenizers,
      caption: 'Tokenizers measured, with where each was loaded from',
      columns: [
        { label: 'Tokenizer' },
        { label: 'Name' },
        { label: 'Category' },
        { label: 'Models' },
        { label: 'Vocabulary', numeric: true },
        { label: 'Loaded from' },
        { label: 'Version / revision' },
        { label: 'Files (SHA-256)' },
      ],
      rows: ids.map((id) => {
        const i = info.get(id);
        const l = loaded.get(id)?.loadedFrom;
        const version = l?.version ?? i?.source.version ?? '';
        const revision = l?.revision ?? i?.source.revision ?? '';
        // The file the engine counted is marked (a folder or repository may hold tokenizer.model and tokenizer.json).
        const files =
          l?.files
            .map((f) => {
              const name = f.path.split('/').pop();
              return `${name} ${f.sha256.slice(0, 12)}${l.files.length > 1 && l.counted === name ? ' (counted)' : ''}`;
            })
            .join('; ') ?? '';
        return [
          cell(id, id, { code: true }),
          cell(i?.name ?? loaded.get(id)?.name ?? id),
          catCell(cat(id)),
          cell(i?.models.join(', ') || '–'),
          cell(i ? fmtInt(i.vocabSize) : '–', i?.vocabSize),
          cell(l ? `${l.kind}: ${l.ref}` : i ? `${i.source.kind}: ${i.source.ref}` : '–'),
          cell([version, revision ? revision.slice(0, 12) : ''].filter(Boolean).join(' / ') || '–'),
          cell(files || '–'),
        ];
      }),
    },
  ];
  return blocks;
}

function skippedTokenizerBlocks(run: RunData): Block[] {
  if (!run.skipped.length) return [{ kind: 'para', content: ['No tokenizer was skipped.'] }];
  return [
    {
      kind: 'table',
      id: TABLE_IDS.tokenizersSkipped,
      caption: 'Tokenizers asked for but not measured',
      columns: [{ label: 'Tokenizer' }, { label: 'Why' }, { label: 'How to include it' }],
      rows: run.skipped.map((s) => [cell(s.id, s.id, { code: true }), cell(s.reason), cell(s.hint)]),
    },
  ];
}

function priceBlocks(run: RunData): Block[] {
  const a = run.analysis;
  const measured = new Set(
    (a.models ?? []).filter((r) => r.countedBy !== 'not measured').map((r) => `${r.provider}/${r.model}`),
  );
  const rows = a.models
    ? a.prices.filter((p) => measured.has(`${p.provider}/${p.model}`))
    : a.prices.filter((p) => a.costs.some((c) => c.model === p.model));
  const dates = [...new Set(a.prices.map((p) => p.dateChecked))].sort();
  const blocks: Block[] = [
    {
      kind: 'para',
      content: [
        `Prices: ${a.priceSource ? priceSourceText(a.priceSource) : `checked ${dates.join(', ') || 'n/a'}`}. `,
        `${rows.length} of the ${a.prices.length} priced models were counted in this run. Table used: `,
        { code: RUN_FILES.prices.name },
        ' in this folder. ',
        'Edit it and run ',
        { code: 'tokentax report <this folder>' },
        ' to recompute the bill and the costs; ',
        { code: 'tokentax prices --update' },
        ' fetches newer data.',
      ],
    },
  ];
  if (rows.length) {
    blocks.push({
      kind: 'table',
      id: TABLE_IDS.prices,
      caption: 'List prices used (USD per 1M tokens)',
      columns: [
        { label: 'Model' },
        { label: 'Provider' },
        { label: 'Counted with' },
        { label: 'Input', numeric: true },
        { label: 'Cached input', numeric: true },
        { label: 'Output', numeric: true },
        { label: 'Context tiers' },
        { label: 'Date' },
        { label: 'Source' },
      ],
      rows: rows.map((p) => [
        cell(p.model),
        cell(p.provider),
        cell(p.tokenizer, p.tokenizer, { code: true }),
        cell(fmtPrice(p.inputPerMTok), p.inputPerMTok),
        cell(fmtPrice(p.cachedInputPerMTok), p.cachedInputPerMTok),
        cell(fmtPrice(p.outputPerMTok), p.outputPerMTok),
        cell(
          p.tiers
            ?.map(
              (t) =>
                `above ${fmtInt(t.aboveInputTokens)} input tokens: ${fmtPrice(t.inputPerMTok)} / ${fmtPrice(t.outputPerMTok)}`,
            )
            .join('; ') || '–',
        ),
        cell(p.dateChecked),
        cell(p.source),
      ]),
    });
  }
  return blocks;
}

function methodBlocks(run: RunData, charts: ChartFile[]): Block[] {
  const o = run.analysis.options;
  const m = run.manifest;
  const base = languageName(o.baseline);
  const items: Inline[][] = [
    [
      { strong: 'Overhead' },
      `: 100 × (Σ tokens in the language / Σ ${base} tokens − 1), summed over the same aligned segments.`,
    ],
    [
      { strong: 'Confidence interval' },
      `: paired percentile bootstrap over segments (${fmtInt(o.resamples)} resamples, seed ${m.seed}, ${Math.round(o.confidence * 100)} %).`,
    ],
    [
      { strong: 'Verdicts' },
      `: in the claim table only (claim.csv), against the claimed figure ± ${o.claimMarginPct ?? DEFAULTS.analysis.claimMarginPct} points; no verdict below ${MIN_SEGMENTS} aligned segments ("too few segments").`,
    ],
    [
      { strong: 'Character-normalised overhead' },
      `: the overhead left after dividing the token ratio by the character ratio, i.e. the tokenizer's share rather than the language simply being longer.`,
    ],
    [
      { strong: 'Cross-tokenizer efficiency' },
      `: tokens of a tokenizer / tokens of ${o.reference} on the same text − 1.`,
    ],
    [
      { strong: 'Fertility' },
      ': tokens per word (Intl.Segmenter word-like segments); ',
      { strong: 'continued words' },
      ': share of words that take two or more tokens.',
    ],
    [
      { strong: 'Cost per 1M ' + base + '-equivalent words' },
      `: tokens / ${base} words × USD per 1M input tokens, i.e. the input price of content that is 1M words long in ${base}.`,
    ],
    ...(o.workload
      ? [
          [
            { strong: 'Bill' },
            `: requests × (input tokens × (1 − cached share) × input price + input tokens × cached share × cached-input price + output tokens × output price) / 1M, with the tokens of a request = its ${base}-equivalent words × the tokens per ${base} word measured for the language (models.csv).`,
          ] as Inline[],
        ]
      : []),
  ];
  const repro: Inline[][] = [
    ['Command: ', { code: m.command.join(' ') || '–' }],
    [
      `Tool: ${m.tool.name} ${m.tool.version}${m.tool.gitCommit ? ` (commit ${m.tool.gitCommit.slice(0, 12)})` : ''}; Node ${m.node}; ${m.platform}.`,
    ],
    [`Run: ${m.startedAt}${m.finishedAt ? ` to ${m.finishedAt}` : ''}.`],
    [
      'Data: ',
      ...listedFiles(run.analysis).flatMap((f, i, all): Inline[] => [
        { code: f.name },
        ...(f.note ? [` (${f.note})`] : []),
        i < all.length - 1 ? ', ' : '.',
      ]),
    ],
  ];
  if (charts.length) {
    repro.push([
      'Charts: each ',
      { code: 'charts/<name>.png' },
      ' and ',
      { code: '.svg' },
      ' is drawn from ',
      { code: 'charts/<name>.vl.json' },
      ' (Vega-Lite). To restyle a chart, edit its spec and run ',
      { code: 'tokentax report <this folder>' },
      '; an edited spec is kept, with its data refreshed.',
    ]);
  }
  return [
    { kind: 'list', items },
    { kind: 'heading', level: 3, text: 'Reproducibility', id: 'reproducibility' },
    { kind: 'list', items: repro },
  ];
}

type TableBlock = Extract<Block, { kind: 'table' }>;

/**
 * A table with more than MANY_LANGS language columns, as several tables of at most MANY_LANGS of them, each with
 * the table's other columns, so every table fits a page and no column is cut off.
 */
export function splitWide(b: Block): Block[] {
  if (b.kind !== 'table') return [b];
  const langCols = b.columns.flatMap((c, i) => (c.lang ? [i] : []));
  if (langCols.length <= MANY_LANGS) return [b];
  const parts = Math.ceil(langCols.length / MANY_LANGS);
  const size = Math.ceil(langCols.length / parts);
  const out: TableBlock[] = [];
  for (let k = 0; k < parts; k++) {
    const mine = new Set(langCols.slice(k * size, (k + 1) * size));
    const keep = b.columns.map((c, i) => !c.lang || mine.has(i));
    const first = b.columns[[...mine][0]].label;
    const last = b.columns[[...mine][mine.size - 1]].label;
    out.push({
      ...b,
      id: k ? `${b.id}-${k + 1}` : b.id,
      caption: `${b.caption} (${first} to ${last}, ${k + 1} of ${parts})`,
      columns: b.columns.filter((_, i) => keep[i]),
      rows: b.rows.map((r) => r.filter((_, i) => keep[i])),
    });
  }
  return out;
}

/** Builds the report's content from a run (figures as rounded in the CSVs) and its charts. */
export function buildDocument(run: RunData, charts: ChartFile[]): ReportDocument {
  const a = run.analysis;
  const o = a.options;
  const m = run.manifest;
  const corpora = [...new Set(a.summary.map((r) => r.corpus))];
  const multi = corpora.length > 1;
  const summaryAll = corpora.flatMap((c) => wholeCorpus(a.summary, c));
  const effAll = corpora.flatMap((c) => wholeCorpus(a.efficiency, c));
  const tokCount = new Set(a.summary.map((r) => r.tokenizer)).size;
  const langs = langOrder(a.summary, o.baseline);
  const base = languageName(o.baseline);

  const blocks: Block[] = [];
  // A run that went on past a mostly rejected language (--allow-mislabelled) says so before anything else.
  for (const w of m.mislabelled?.warnings ?? [])
    blocks.push({ kind: 'para', content: [{ strong: `Warning: ${w}` }] });
  // The headline: the run's findings, the same sentences as the deck's takeaways (findings.ts).
  const found = findings(run);
  blocks.push({ kind: 'heading', level: 2, text: 'Headline', id: 'headline' });
  if (found.length) blocks.push({ kind: 'list', items: found.map((f) => [f.sentence]) });
  else blocks.push({ kind: 'para', content: [a.headline.text] });
  // The claim per subject and language in words (both readings of part 2), where the languages are few.
  const claimRowsShown = headlineClaim(run);
  if (
    found.length &&
    claimRowsShown.length &&
    new Set(claimRowsShown.map((r) => r.lang)).size <= MANY_LANGS
  ) {
    blocks.push({ kind: 'para', content: [{ strong: 'The claim, per subject and language' }, ':'] });
    blocks.push({ kind: 'list', items: claimSubjectSentences(claimRowsShown).map((t) => [t]) });
  }
  const note = corpusNote(run);
  if (note) blocks.push({ kind: 'para', content: [note] });
  const claim = headlineClaim(run);
  if (claim.length) {
    blocks.push(claimTable(claim, o.confidence));
    blocks.push(...claimNotes(run, claim));
  } else if (a.headline.categories.length) {
    blocks.push(headlineTable(a.headline.categories, o.confidence));
    blocks.push({
      kind: 'para',
      content: [
        `The claim under test: about +${a.headline.claimPct} % more tokens in Spanish, French or German than in English (${a.headline.claimSource}); this run has no claim check (claim.csv), so no verdict is given.`,
      ],
    });
  }
  if (a.notes?.length) blocks.push({ kind: 'list', items: a.notes.map((n) => [n]) });

  const modelView = modelSections(run, chartBlocks(charts, 'cost'));
  blocks.push(...modelView);

  blocks.push({ kind: 'heading', level: 2, text: `Overhead vs ${base}, per tokenizer`, id: 'overhead' });
  blocks.push({
    kind: 'para',
    content: [
      `How many more tokens each language needs than ${base} for the same content. The character-normalised column removes the part due to the language using more characters, leaving the tokenizer's share.`,
    ],
  });
  blocks.push(overheadTable(summaryAll, o.baseline, multi, run));
  blocks.push(...chartBlocks(charts, 'overhead'));
  const dom = domainTable(a.summary, o.baseline, multi);
  if (dom) blocks.push(dom);

  blocks.push({ kind: 'heading', level: 2, text: 'Cross-tokenizer efficiency', id: 'efficiency' });
  if (effAll.length) {
    const ref = effAll[0].reference;
    blocks.push({
      kind: 'para',
      content: [
        `Tokens each tokenizer needs for the same text, relative to `,
        { code: ref },
        `. A small overhead can come from a tokenizer that is less efficient in ${base} too; this table shows both sides.`,
      ],
    });
    blocks.push(efficiencyTable(effAll, o.baseline, multi));
    blocks.push(...chartBlocks(charts, 'efficiency'));
  } else {
    blocks.push({
      kind: 'para',
      content: [
        `The reference tokenizer `,
        { code: o.reference },
        ` is not in this run, so there is no cross-tokenizer comparison.`,
      ],
    });
  }

  blocks.push({ kind: 'heading', level: 2, text: 'Fertility and other text statistics', id: 'fertility' });
  blocks.push(textStatsTable(summaryAll, o.baseline, multi));
  blocks.push(...chartBlocks(charts, 'fertility'));

  blocks.push({ kind: 'heading', level: 2, text: 'Appendix', id: 'appendix' });
  blocks.push(...legacySections(run));
  blocks.push({ kind: 'heading', level: 3, text: `Input cost per 1M ${base}-equivalent words`, id: 'costs' });
  if (a.costs.length) {
    blocks.push({
      kind: 'para',
      content: [
        `What the same content costs as model input at list prices, per 1M ${base}-equivalent words (the ${base} word count of the content), for every priced model counted in this run, current or legacy (`,
        { code: RUN_FILES.costs.name },
        `). Formula: tokens / ${base} words × USD per 1M input tokens.`,
      ],
    });
    blocks.push(...costTables(a.costs, o.baseline, multi));
    if (!modelView.length) blocks.push(...chartBlocks(charts, 'cost'));
  } else {
    blocks.push({ kind: 'para', content: ['No priced model is counted with a tokenizer of this run.'] });
  }

  blocks.push({ kind: 'heading', level: 3, text: 'Corpus', id: 'corpus' });
  blocks.push(...corpusBlocks(m));
  blocks.push({ kind: 'heading', level: 3, text: 'Tokenizers', id: 'tokenizers' });
  blocks.push(...tokenizerBlocks(run));
  blocks.push({ kind: 'heading', level: 3, text: 'Skipped tokenizers', id: 'skipped' });
  blocks.push(...skippedTokenizerBlocks(run));
  blocks.push({ kind: 'heading', level: 3, text: 'Prices', id: 'prices' });
  blocks.push(...priceBlocks(run));
  blocks.push({ kind: 'heading', level: 3, text: 'Method', id: 'method' });
  blocks.push(...methodBlocks(run, charts));

  const corpusNames = corpora.map((c) => corpusLabel(m, c)).join(', ');
  return {
    findings: found.map((f) => f.sentence),
    title: 'Token tax report',
    subtitle: [
      `Corpus ${corpusNames} · ${tokCount} tokenizer${tokCount === 1 ? '' : 's'} · ${langs.map(languageName).join(', ')} (baseline ${base}) · run ${fmtDate(m.startedAt)} · ${m.tool.name} ${m.tool.version}`,
    ],
    headline: a.headline.text,
    blocks: blocks.flatMap(splitWide),
  };
}
