// The run folder's CSV files: exact column orders, and readers that give back the same figures. Numbers are
// written at full precision (the shortest decimal that reads back as the same double), so a report re-rendered
// from the CSVs rounds the same values once, as the run's own report and terminal did.
import Papa from 'papaparse';
import { readFile } from 'node:fs/promises';
import { inputError } from '../errors.js';
import { CATEGORY_ORDER, CLAIM_VERDICTS, isCategory } from '../vocabulary.js';
import { tokenizerShareVerdict } from '../analysis/index.js';
import { formatPricesCsv as formatPrices, parsePricesCsv as parsePrices } from '../prices/index.js';
import {
  type AnalysisResult,
  type ClaimRow,
  type CostRow,
  type EfficiencyRow,
  type Measurement,
  type ModelRow,
  type ModelStatus,
  NOT_MEASURED,
  type PriceRow,
  type SummaryRow,
} from '../types.js';

/** int: counts; num: any other figure (percentages, ratios, money, prices), at full precision;
 *  enum: one of the column's `values`. */
type Kind = 'str' | 'int' | 'num' | 'category' | 'enum';

interface Column<T> {
  name: string;
  key: keyof T & string;
  kind: Kind;
  optional?: boolean;
  values?: readonly string[];
}

const NEWLINE = '\n';

const SUMMARY: Column<SummaryRow>[] = [
  // contract columns
  { name: 'corpus', key: 'corpus', kind: 'str' },
  { name: 'tokenizer', key: 'tokenizer', kind: 'str' },
  { name: 'lang', key: 'lang', kind: 'str' },
  { name: 'segments', key: 'segments', kind: 'int' },
  { name: 'tokens', key: 'tokens', kind: 'int' },
  { name: 'baseline_tokens', key: 'baselineTokens', kind: 'int' },
  { name: 'overhead_pct', key: 'overheadPct', kind: 'num' },
  { name: 'ci_low_pct', key: 'ciLowPct', kind: 'num' },
  { name: 'ci_high_pct', key: 'ciHighPct', kind: 'num' },
  { name: 'chars', key: 'chars', kind: 'int' },
  { name: 'words', key: 'words', kind: 'int' },
  { name: 'fertility', key: 'fertility', kind: 'num' },
  { name: 'chars_per_token', key: 'charsPerToken', kind: 'num' },
  // extras
  { name: 'domain', key: 'domain', kind: 'str' },
  { name: 'category', key: 'category', kind: 'category' },
  { name: 'median_ratio', key: 'medianRatio', kind: 'num' },
  { name: 'char_norm_overhead_pct', key: 'charNormOverheadPct', kind: 'num' },
  { name: 'baseline_chars', key: 'baselineChars', kind: 'int' },
  { name: 'bytes', key: 'bytes', kind: 'int' },
  { name: 'continued_words_pct', key: 'continuedWordsPct', kind: 'num' },
  { name: 'bytes_per_token', key: 'bytesPerToken', kind: 'num' },
  { name: 'fallback_pct', key: 'fallbackPct', kind: 'num' },
  // The interval of char_norm_overhead_pct (the tokenizer's own share); optional on reading older files.
  { name: 'char_norm_ci_low_pct', key: 'charNormCiLowPct', kind: 'num', optional: true },
  { name: 'char_norm_ci_high_pct', key: 'charNormCiHighPct', kind: 'num', optional: true },
];

const EFFICIENCY: Column<EfficiencyRow>[] = [
  { name: 'corpus', key: 'corpus', kind: 'str' },
  { name: 'domain', key: 'domain', kind: 'str' },
  { name: 'tokenizer', key: 'tokenizer', kind: 'str' },
  { name: 'category', key: 'category', kind: 'category' },
  { name: 'reference', key: 'reference', kind: 'str' },
  { name: 'lang', key: 'lang', kind: 'str' },
  { name: 'tokens', key: 'tokens', kind: 'int' },
  { name: 'reference_tokens', key: 'referenceTokens', kind: 'int' },
  { name: 'relative_pct', key: 'relativePct', kind: 'num' },
  { name: 'ci_low_pct', key: 'ciLowPct', kind: 'num' },
  { name: 'ci_high_pct', key: 'ciHighPct', kind: 'num' },
];

const COSTS: Column<CostRow>[] = [
  { name: 'corpus', key: 'corpus', kind: 'str' },
  { name: 'model', key: 'model', kind: 'str' },
  { name: 'provider', key: 'provider', kind: 'str' },
  { name: 'tokenizer', key: 'tokenizer', kind: 'str' },
  { name: 'lang', key: 'lang', kind: 'str' },
  { name: 'tokens', key: 'tokens', kind: 'int' },
  { name: 'input_cost_usd', key: 'inputCostUsd', kind: 'num' },
  { name: 'cost_per_m_english_words_usd', key: 'costPerMEnglishWordsUsd', kind: 'num' },
  { name: 'extra_pct', key: 'extraPct', kind: 'num' },
  { name: 'extra_per_m_english_words_usd', key: 'extraPerMEnglishWordsUsd', kind: 'num' },
  { name: 'monthly_words', key: 'monthlyWords', kind: 'int', optional: true },
  { name: 'monthly_cost_usd', key: 'monthlyCostUsd', kind: 'num', optional: true },
  { name: 'monthly_extra_usd', key: 'monthlyExtraUsd', kind: 'num', optional: true },
  { name: 'price_input_usd_per_mtok', key: 'priceInputPerMTok', kind: 'num' },
  { name: 'price_source', key: 'priceSource', kind: 'str' },
  { name: 'price_date', key: 'priceDate', kind: 'str' },
];

export { PRICE_COLUMNS as PRICES_COLUMNS } from '../prices/index.js';

/** claim.csv: the contract columns first (issue #15), then the claimed figure, margin and the tokenizer factor's CI. */
const CLAIM: Column<ClaimRow>[] = [
  { name: 'corpus', key: 'corpus', kind: 'str' },
  { name: 'part', key: 'part', kind: 'int' },
  { name: 'subject', key: 'subject', kind: 'str' },
  { name: 'tokenizer', key: 'tokenizer', kind: 'str' },
  { name: 'lang', key: 'lang', kind: 'str' },
  { name: 'overhead_pct', key: 'overheadPct', kind: 'num' },
  { name: 'ci_low_pct', key: 'ciLowPct', kind: 'num' },
  { name: 'ci_high_pct', key: 'ciHighPct', kind: 'num' },
  { name: 'length_pct', key: 'lengthPct', kind: 'num' },
  { name: 'tokenizer_pct', key: 'tokenizerPct', kind: 'num' },
  { name: 'verdict', key: 'verdict', kind: 'enum', values: CLAIM_VERDICTS },
  // extras
  { name: 'claimed_pct', key: 'claimedPct', kind: 'num' },
  { name: 'margin_pct', key: 'marginPct', kind: 'num' },
  { name: 'tokenizer_ci_low_pct', key: 'tokenizerCiLowPct', kind: 'num', optional: true },
  { name: 'tokenizer_ci_high_pct', key: 'tokenizerCiHighPct', kind: 'num', optional: true },
  { name: 'subject_name', key: 'subjectName', kind: 'str' },
  { name: 'note', key: 'note', kind: 'str', optional: true },
  // Optional on reading: claim.csv files written before these columns existed still read.
  {
    name: 'tokenizer_verdict',
    key: 'tokenizerVerdict',
    kind: 'enum',
    values: CLAIM_VERDICTS,
    optional: true,
  },
  { name: 'segments', key: 'segments', kind: 'int', optional: true },
];

/** A models.csv row as the file holds it: the bill's fields flattened. */
export interface ModelCsvRow extends Omit<ModelRow, 'bill'> {
  workload?: string;
  requestsPerMonth?: number;
  inputWords?: number;
  outputWords?: number;
  cachedShare?: number;
  inputTokensPerRequest?: number;
  outputTokensPerRequest?: number;
  priceTier?: string;
  monthlyInputUsd?: number;
  monthlyCachedInputUsd?: number;
  monthlyOutputUsd?: number;
  monthlyTotalUsd?: number;
  currency?: string;
  fxPerUsd?: number;
  monthlyTotalInCurrency?: number;
  monthlyExtraInCurrency?: number;
}

const STATUSES: readonly ModelStatus[] = ['current', 'deprecated', 'retired', 'legacy'];
const COUNTED_BY: readonly ModelRow['countedBy'][] = ['tokenizer', 'api', 'approx', 'not measured'];

/** models.csv: the contract columns first (issue #15), then the bill's. */
const MODELS: Column<ModelCsvRow>[] = [
  { name: 'corpus', key: 'corpus', kind: 'str' },
  { name: 'model', key: 'model', kind: 'str' },
  { name: 'provider', key: 'provider', kind: 'str' },
  { name: 'status', key: 'status', kind: 'enum', values: STATUSES },
  { name: 'tokenizer', key: 'tokenizer', kind: 'str' },
  { name: 'counted_by', key: 'countedBy', kind: 'enum', values: COUNTED_BY },
  { name: 'lang', key: 'lang', kind: 'str' },
  { name: 'tokens', key: 'tokens', kind: 'int', optional: true },
  { name: 'baseline_tokens', key: 'baselineTokens', kind: 'int', optional: true },
  { name: 'overhead_pct', key: 'overheadPct', kind: 'num', optional: true },
  { name: 'ci_low_pct', key: 'ciLowPct', kind: 'num', optional: true },
  { name: 'ci_high_pct', key: 'ciHighPct', kind: 'num', optional: true },
  { name: 'input_usd_per_mtok', key: 'inputPerMTok', kind: 'num', optional: true },
  { name: 'output_usd_per_mtok', key: 'outputPerMTok', kind: 'num', optional: true },
  { name: 'cached_input_usd_per_mtok', key: 'cachedInputPerMTok', kind: 'num', optional: true },
  { name: 'price_source', key: 'priceSource', kind: 'str' },
  { name: 'price_date', key: 'priceDate', kind: 'str' },
  // the bill
  { name: 'workload', key: 'workload', kind: 'str', optional: true },
  { name: 'requests_per_month', key: 'requestsPerMonth', kind: 'num', optional: true },
  { name: 'input_words', key: 'inputWords', kind: 'num', optional: true },
  { name: 'output_words', key: 'outputWords', kind: 'num', optional: true },
  { name: 'cached_share', key: 'cachedShare', kind: 'num', optional: true },
  // Full precision: `tokentax report` recomputes the bill from these with edited prices.
  { name: 'input_tokens_per_word', key: 'inputTokensPerWord', kind: 'num', optional: true },
  { name: 'output_tokens_per_word', key: 'outputTokensPerWord', kind: 'num', optional: true },
  { name: 'input_basis', key: 'inputBasis', kind: 'str', optional: true },
  { name: 'output_basis', key: 'outputBasis', kind: 'str', optional: true },
  { name: 'input_tokens_per_request', key: 'inputTokensPerRequest', kind: 'num', optional: true },
  { name: 'output_tokens_per_request', key: 'outputTokensPerRequest', kind: 'num', optional: true },
  { name: 'price_tier', key: 'priceTier', kind: 'str', optional: true },
  { name: 'monthly_input_usd', key: 'monthlyInputUsd', kind: 'num', optional: true },
  { name: 'monthly_cached_input_usd', key: 'monthlyCachedInputUsd', kind: 'num', optional: true },
  { name: 'monthly_output_usd', key: 'monthlyOutputUsd', kind: 'num', optional: true },
  { name: 'monthly_total_usd', key: 'monthlyTotalUsd', kind: 'num', optional: true },
  { name: 'monthly_extra_usd', key: 'extraUsd', kind: 'num', optional: true },
  { name: 'extra_pct', key: 'extraPct', kind: 'num', optional: true },
  { name: 'currency', key: 'currency', kind: 'str', optional: true },
  { name: 'fx_per_usd', key: 'fxPerUsd', kind: 'num', optional: true },
  { name: 'monthly_total_in_currency', key: 'monthlyTotalInCurrency', kind: 'num', optional: true },
  { name: 'monthly_extra_in_currency', key: 'monthlyExtraInCurrency', kind: 'num', optional: true },
  { name: 'note', key: 'note', kind: 'str', optional: true },
  // the model's lifecycle on the run's day (status above), and the catalog's as-of date
  { name: 'status_since', key: 'statusSince', kind: 'str', optional: true },
  { name: 'status_until', key: 'statusUntil', kind: 'str', optional: true },
  { name: 'status_source', key: 'statusSource', kind: 'str', optional: true },
  { name: 'catalog_as_of', key: 'catalogAsOf', kind: 'str', optional: true },
  { name: 'price_until', key: 'priceUntil', kind: 'str', optional: true },
];

/** A models.csv row from a ModelRow and the run's workload and currency. */
export function modelCsvRow(
  r: ModelRow,
  a: Pick<AnalysisResult['options'], 'workload' | 'currency'>,
): ModelCsvRow {
  const { bill, ...rest } = r;
  const w = a.workload;
  const cur = a.currency;
  return {
    ...rest,
    ...(w && bill
      ? {
          workload: w.name,
          requestsPerMonth: w.requestsPerMonth,
          inputWords: w.inputWords,
          outputWords: w.outputWords,
          cachedShare: w.cachedShare,
        }
      : {}),
    ...(bill
      ? {
          inputTokensPerRequest: bill.inputTokensPerRequest,
          outputTokensPerRequest: bill.outputTokensPerRequest,
          priceTier: bill.priceTier,
          monthlyInputUsd: bill.inputUsd,
          monthlyCachedInputUsd: bill.cachedInputUsd,
          monthlyOutputUsd: bill.outputUsd,
          monthlyTotalUsd: bill.totalUsd,
          ...(cur
            ? {
                currency: cur.code,
                fxPerUsd: cur.perUsd,
                monthlyTotalInCurrency: bill.totalUsd * cur.perUsd,
                ...(r.extraUsd !== undefined ? { monthlyExtraInCurrency: r.extraUsd * cur.perUsd } : {}),
              }
            : {}),
        }
      : {}),
  };
}
export const SEGMENT_COLUMNS: readonly string[] = [
  'corpus',
  'segment_id',
  'domain',
  'lang',
  'tokenizer',
  'tokens',
  'chars',
  'bytes',
  'words',
  'continued_words',
  'fallback_tokens',
];

// ---------------------------------------------------------------- cells

function formatCell(kind: Kind, v: unknown): string {
  if (v === undefined || v === null) return '';
  if (kind === 'str' || kind === 'category' || kind === 'enum') return String(v);
  const x = Number(v);
  if (!Number.isFinite(x)) return '';
  if (kind === 'int') return String(Math.round(x));
  return String(x); // shortest round-trip form; String(-0) is "0"
}

function parseCell(
  kind: Kind,
  raw: string | undefined,
  where: () => string,
  optional: boolean,
  values?: readonly string[],
): unknown {
  const s = (raw ?? '').trim();
  if (kind === 'str') return optional && !raw ? undefined : (raw ?? '');
  if (kind === 'category') {
    if (!isCategory(s)) {
      throw inputError(`${where()}: unknown category "${s}"`, `use one of ${CATEGORY_ORDER.join(', ')}`);
    }
    return s;
  }
  if (kind === 'enum') {
    if (optional && s === '') return undefined;
    if (!values?.includes(s))
      throw inputError(`${where()}: unknown value "${s}"`, `use one of ${values?.join(', ')}`);
    return s;
  }
  if (s === '') {
    if (optional) return undefined;
    if (kind === 'int')
      throw inputError(
        `${where()}: the count is empty`,
        'restore the value from the original run or rerun tokentax run',
      );
    return Number.NaN;
  }
  const x = Number(s);
  if (!Number.isFinite(x) || (kind === 'int' && !Number.isInteger(x))) {
    throw inputError(
      `${where()}: "${s}" is not ${kind === 'int' ? 'a whole number' : 'a number'}`,
      'fix the value (plain digits, "." as decimal point)',
    );
  }
  return x;
}

// ---------------------------------------------------------------- tables

function format<T>(cols: Column<T>[], rows: readonly T[]): string {
  const data = rows.map((r) => cols.map((c) => formatCell(c.kind, r[c.key])));
  return Papa.unparse({ fields: cols.map((c) => c.name), data }, { newline: NEWLINE }) + NEWLINE;
}

function parse<T>(cols: Column<T>[], text: string, name: string): T[] {
  const res = Papa.parse<Record<string, string>>(text.replace(/^\uFEFF/, ''), {
    header: true,
    skipEmptyLines: 'greedy',
    transformHeader: (h) => h.trim(),
  });
  // A one-column file has no delimiter to detect: not an error for us.
  const fatal = res.errors.find((e) => e.code !== 'UndetectableDelimiter');
  if (fatal) {
    throw inputError(
      `${name}: ${fatal.message}${fatal.row !== undefined ? ` (data row ${fatal.row + 1})` : ''}`,
      'fix the CSV syntax (quotes, separators) or restore the file from the original run',
    );
  }
  const fields = res.meta.fields ?? [];
  const missing = cols.filter((c) => !c.optional && !fields.includes(c.name)).map((c) => c.name);
  if (missing.length) {
    throw inputError(
      `${name}: missing column${missing.length > 1 ? 's' : ''} ${missing.join(', ')}`,
      `the header must contain: ${cols.map((c) => c.name).join(',')}`,
    );
  }
  return res.data.map((rec, i) => {
    const out: Record<string, unknown> = {};
    for (const c of cols) {
      // Line numbers count the header as line 1.
      const v = parseCell(
        c.kind,
        rec[c.name],
        () => `${name}: line ${i + 2}, column ${c.name}`,
        !!c.optional,
        c.values,
      );
      if (v !== undefined) out[c.key] = v;
    }
    return out as T;
  });
}

async function readText(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw inputError(
      `cannot read ${file}: ${code === 'ENOENT' ? 'no such file' : (e as Error).message}`,
      'point to the folder of a finished `tokentax run` (it holds summary.csv, efficiency.csv, costs.csv, prices.csv and manifest.json)',
    );
  }
}

export const formatSummaryCsv = (rows: readonly SummaryRow[]): string => format(SUMMARY, rows);
export const formatEfficiencyCsv = (rows: readonly EfficiencyRow[]): string => format(EFFICIENCY, rows);
export const formatCostsCsv = (rows: readonly CostRow[]): string => format(COSTS, rows);
export const formatPricesCsv = (rows: readonly PriceRow[]): string => formatPrices(rows);
export const formatClaimCsv = (rows: readonly ClaimRow[]): string => format(CLAIM, rows);
export const formatModelsCsv = (rows: readonly ModelCsvRow[]): string => format(MODELS, rows);

export const parseSummaryCsv = (text: string, name = 'summary.csv'): SummaryRow[] =>
  parse(SUMMARY, text, name);
export const parseEfficiencyCsv = (text: string, name = 'efficiency.csv'): EfficiencyRow[] =>
  parse(EFFICIENCY, text, name);
export const parseCostsCsv = (text: string, name = 'costs.csv'): CostRow[] => parse(COSTS, text, name);
export const parsePricesCsv = (text: string, name = 'prices.csv'): PriceRow[] => parsePrices(text, name);
/** claim.csv rows; a file from before `tokenizer_verdict` gets it from its tokenizer interval, by the same rule. */
export const parseClaimCsv = (text: string, name = 'claim.csv'): ClaimRow[] =>
  parse(CLAIM, text, name).map((r) =>
    r.tokenizerVerdict
      ? r
      : { ...r, tokenizerVerdict: tokenizerShareVerdict(r.tokenizerCiLowPct, r.tokenizerCiHighPct, r) },
  );
export const parseModelsCsv = (text: string, name = 'models.csv'): ModelCsvRow[] => parse(MODELS, text, name);

export const readSummaryCsv = async (file: string) => parseSummaryCsv(await readText(file), file);
export const readEfficiencyCsv = async (file: string) => parseEfficiencyCsv(await readText(file), file);
export const readCostsCsv = async (file: string) => parseCostsCsv(await readText(file), file);
export const readPricesCsv = async (file: string) => parsePricesCsv(await readText(file), file);
export const readClaimCsv = async (file: string) => parseClaimCsv(await readText(file), file);
export const readModelsCsv = async (file: string) => parseModelsCsv(await readText(file), file);

/** A ModelRow back from a models.csv row. */
export function modelFromCsv(r: ModelCsvRow): ModelRow {
  const {
    workload: _w,
    requestsPerMonth: _r,
    inputWords: _i,
    outputWords: _o,
    cachedShare: _c,
    inputTokensPerRequest,
    outputTokensPerRequest,
    priceTier,
    monthlyInputUsd,
    monthlyCachedInputUsd,
    monthlyOutputUsd,
    monthlyTotalUsd,
    currency: _cu,
    fxPerUsd: _fx,
    monthlyTotalInCurrency: _t,
    monthlyExtraInCurrency: _e,
    ...rest
  } = r;
  return {
    ...rest,
    ...(monthlyTotalUsd !== undefined
      ? {
          bill: {
            inputTokensPerRequest: inputTokensPerRequest ?? NaN,
            outputTokensPerRequest: outputTokensPerRequest ?? NaN,
            priceTier: priceTier ?? 'base',
            inputUsd: monthlyInputUsd ?? NaN,
            cachedInputUsd: monthlyCachedInputUsd ?? NaN,
            outputUsd: monthlyOutputUsd ?? NaN,
            totalUsd: monthlyTotalUsd,
          },
        }
      : {}),
  };
}

// ---------------------------------------------------------------- segments.csv (streamed by the measure stage)

/** A figure the counter could not give is an empty cell, never 0. */
const measured = (x: number): number | string => (x === NOT_MEASURED ? '' : x);

/** A field as papaparse's unparse writes it (default quoting): quoted when it holds , " CR LF or a BOM, or starts or ends with a space. */
function csvField(s: string): string {
  const quote = s.includes('"');
  if (
    quote ||
    s.includes(',') ||
    s.includes('\n') ||
    s.includes('\r') ||
    s.includes('\ufeff') ||
    s.charCodeAt(0) === 32 ||
    s.charCodeAt(s.length - 1) === 32
  ) {
    return `"${quote ? s.replace(/"/g, '""') : s}"`;
  }
  return s;
}

/**
 * A chunk of segments.csv text ending in a newline; pass header=true for the first chunk only, so appended
 * chunks form one CSV file. Formatted here rather than by papaparse, which cost the run about 0.25 s of the
 * main thread for 40,000 rows; the bytes are papaparse's (test/pipeline/segments-csv.test.ts).
 */
export function formatSegmentsChunk(rows: readonly Measurement[], header: boolean): string {
  let out = header ? SEGMENT_COLUMNS.map(csvField).join(',') + NEWLINE : '';
  // The corpus, domain and tokenizer of consecutive rows repeat: their fields are formatted once.
  let lastCorpus = '',
    corpusF = '',
    lastDomain = '',
    domainF = '',
    lastTok = '',
    tokF = '';
  for (const m of rows) {
    if (m.corpus !== lastCorpus) corpusF = csvField((lastCorpus = m.corpus));
    if (m.domain !== lastDomain) domainF = csvField((lastDomain = m.domain));
    if (m.tokenizer !== lastTok) tokF = csvField((lastTok = m.tokenizer));
    out += `${corpusF},${csvField(m.segmentId)},${domainF},${csvField(m.lang)},${tokF},${m.tokens},${m.chars},${m.bytes},${m.words},${measured(m.continuedWords)},${measured(m.fallbackTokens)}${NEWLINE}`;
  }
  return out;
}
