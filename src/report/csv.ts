// The run folder's CSV files: exact column orders, fixed number formats, and readers that give back the same
// figures. Reports are rendered from the rounded values (roundAnalysis), so a report re-rendered from the CSVs
// shows exactly what the original run showed.
import Papa from 'papaparse';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { inputError } from '../errors.js';
import {
  type AnalysisResult, type CostRow, type EfficiencyRow, type Measurement, NOT_MEASURED, type PriceRow, type SummaryRow,
  type TokenizerCategory, type Verdict,
} from '../types.js';

/** int: counts; pct: percentages (2 decimals); ratio: 4 decimals; usd: money (6 decimals); price: as given. */
type Kind = 'str' | 'int' | 'pct' | 'ratio' | 'usd' | 'price' | 'category' | 'verdict';

interface Column<T> { name: string; key: keyof T & string; kind: Kind; optional?: boolean }

const NEWLINE = '\n';
const CATEGORIES: readonly TokenizerCategory[] = ['english-centric', 'multilingual', 'european'];
const VERDICTS: readonly Verdict[] = ['above claim', 'below claim', 'consistent', 'n/a'];
const DECIMALS: Partial<Record<Kind, number>> = { pct: 2, ratio: 4, usd: 6 };

const SUMMARY: Column<SummaryRow>[] = [
  // contract columns
  { name: 'corpus', key: 'corpus', kind: 'str' },
  { name: 'tokenizer', key: 'tokenizer', kind: 'str' },
  { name: 'lang', key: 'lang', kind: 'str' },
  { name: 'segments', key: 'segments', kind: 'int' },
  { name: 'tokens', key: 'tokens', kind: 'int' },
  { name: 'baseline_tokens', key: 'baselineTokens', kind: 'int' },
  { name: 'overhead_pct', key: 'overheadPct', kind: 'pct' },
  { name: 'ci_low_pct', key: 'ciLowPct', kind: 'pct' },
  { name: 'ci_high_pct', key: 'ciHighPct', kind: 'pct' },
  { name: 'chars', key: 'chars', kind: 'int' },
  { name: 'words', key: 'words', kind: 'int' },
  { name: 'fertility', key: 'fertility', kind: 'ratio' },
  { name: 'chars_per_token', key: 'charsPerToken', kind: 'ratio' },
  // extras
  { name: 'domain', key: 'domain', kind: 'str' },
  { name: 'category', key: 'category', kind: 'category' },
  { name: 'median_ratio', key: 'medianRatio', kind: 'ratio' },
  { name: 'char_norm_overhead_pct', key: 'charNormOverheadPct', kind: 'pct' },
  { name: 'baseline_chars', key: 'baselineChars', kind: 'int' },
  { name: 'bytes', key: 'bytes', kind: 'int' },
  { name: 'continued_words_pct', key: 'continuedWordsPct', kind: 'pct' },
  { name: 'bytes_per_token', key: 'bytesPerToken', kind: 'ratio' },
  { name: 'fallback_pct', key: 'fallbackPct', kind: 'pct' },
  { name: 'verdict', key: 'verdict', kind: 'verdict' },
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
  { name: 'relative_pct', key: 'relativePct', kind: 'pct' },
  { name: 'ci_low_pct', key: 'ciLowPct', kind: 'pct' },
  { name: 'ci_high_pct', key: 'ciHighPct', kind: 'pct' },
];

const COSTS: Column<CostRow>[] = [
  { name: 'corpus', key: 'corpus', kind: 'str' },
  { name: 'model', key: 'model', kind: 'str' },
  { name: 'provider', key: 'provider', kind: 'str' },
  { name: 'tokenizer', key: 'tokenizer', kind: 'str' },
  { name: 'lang', key: 'lang', kind: 'str' },
  { name: 'tokens', key: 'tokens', kind: 'int' },
  { name: 'input_cost_usd', key: 'inputCostUsd', kind: 'usd' },
  { name: 'cost_per_m_english_words_usd', key: 'costPerMEnglishWordsUsd', kind: 'usd' },
  { name: 'extra_pct', key: 'extraPct', kind: 'pct' },
  { name: 'extra_per_m_english_words_usd', key: 'extraPerMEnglishWordsUsd', kind: 'usd' },
  { name: 'monthly_words', key: 'monthlyWords', kind: 'int', optional: true },
  { name: 'monthly_cost_usd', key: 'monthlyCostUsd', kind: 'usd', optional: true },
  { name: 'monthly_extra_usd', key: 'monthlyExtraUsd', kind: 'usd', optional: true },
  { name: 'price_input_usd_per_mtok', key: 'priceInputPerMTok', kind: 'price' },
  { name: 'price_source', key: 'priceSource', kind: 'str' },
  { name: 'price_date', key: 'priceDate', kind: 'str' },
];

const PRICES: Column<PriceRow>[] = [
  { name: 'model', key: 'model', kind: 'str' },
  { name: 'provider', key: 'provider', kind: 'str' },
  { name: 'tokenizer', key: 'tokenizer', kind: 'str' },
  { name: 'input_usd_per_mtok', key: 'inputPerMTok', kind: 'price' },
  { name: 'output_usd_per_mtok', key: 'outputPerMTok', kind: 'price' },
  { name: 'source', key: 'source', kind: 'str' },
  { name: 'date_checked', key: 'dateChecked', kind: 'str' },
  // Extra: the caveat data/prices.csv may carry (deprecated model, inferred tokenizer, ...).
  { name: 'note', key: 'note', kind: 'str', optional: true },
];

export const SUMMARY_COLUMNS: readonly string[] = SUMMARY.map((c) => c.name);
export const EFFICIENCY_COLUMNS: readonly string[] = EFFICIENCY.map((c) => c.name);
export const COSTS_COLUMNS: readonly string[] = COSTS.map((c) => c.name);
export const PRICES_COLUMNS: readonly string[] = PRICES.map((c) => c.name);
export const SEGMENT_COLUMNS: readonly string[] = [
  'corpus', 'segment_id', 'domain', 'lang', 'tokenizer', 'tokens', 'chars', 'bytes', 'words', 'continued_words', 'fallback_tokens',
];

// ---------------------------------------------------------------- cells

function formatCell(kind: Kind, v: unknown): string {
  if (v === undefined || v === null) return '';
  if (kind === 'str' || kind === 'category' || kind === 'verdict') return String(v);
  const x = Number(v);
  if (!Number.isFinite(x)) return '';
  if (kind === 'int') return String(Math.round(x));
  if (kind === 'price') return String(x);
  const s = x.toFixed(DECIMALS[kind]!);
  return Number(s) === 0 ? (0).toFixed(DECIMALS[kind]!) : s; // no "-0.00"
}

function parseCell(kind: Kind, raw: string | undefined, where: () => string, optional: boolean): unknown {
  const s = (raw ?? '').trim();
  if (kind === 'str') return optional && !raw ? undefined : (raw ?? '');
  if (kind === 'category') {
    if (!CATEGORIES.includes(s as TokenizerCategory)) {
      throw inputError(`${where()}: unknown category "${s}"`, `use one of ${CATEGORIES.join(', ')}`);
    }
    return s;
  }
  if (kind === 'verdict') {
    if (!VERDICTS.includes(s as Verdict)) throw inputError(`${where()}: unknown verdict "${s}"`, `use one of ${VERDICTS.join(', ')}`);
    return s;
  }
  if (s === '') {
    if (optional) return undefined;
    if (kind === 'int') throw inputError(`${where()}: the count is empty`, 'restore the value from the original run or rerun tokentax run');
    return Number.NaN;
  }
  const x = Number(s);
  if (!Number.isFinite(x) || (kind === 'int' && !Number.isInteger(x))) {
    throw inputError(`${where()}: "${s}" is not ${kind === 'int' ? 'a whole number' : 'a number'}`, 'fix the value (plain digits, "." as decimal point)');
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
    header: true, skipEmptyLines: 'greedy', transformHeader: (h) => h.trim(),
  });
  // A one-column file has no delimiter to detect: not an error for us.
  const fatal = res.errors.find((e) => e.code !== 'UndetectableDelimiter');
  if (fatal) {
    throw inputError(`${name}: ${fatal.message}${fatal.row !== undefined ? ` (data row ${fatal.row + 1})` : ''}`, 'fix the CSV syntax (quotes, separators) or restore the file from the original run');
  }
  const fields = res.meta.fields ?? [];
  const missing = cols.filter((c) => !c.optional && !fields.includes(c.name)).map((c) => c.name);
  if (missing.length) {
    throw inputError(`${name}: missing column${missing.length > 1 ? 's' : ''} ${missing.join(', ')}`, `the header must contain: ${cols.map((c) => c.name).join(',')}`);
  }
  return res.data.map((rec, i) => {
    const out: Record<string, unknown> = {};
    for (const c of cols) {
      // Line numbers count the header as line 1.
      const v = parseCell(c.kind, rec[c.name], () => `${name}: line ${i + 2}, column ${c.name}`, !!c.optional);
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
    throw inputError(`cannot read ${file}: ${code === 'ENOENT' ? 'no such file' : (e as Error).message}`, 'point to the folder of a finished `tokentax run` (it holds summary.csv, efficiency.csv, costs.csv, prices.csv and manifest.json)');
  }
}

export const formatSummaryCsv = (rows: readonly SummaryRow[]): string => format(SUMMARY, rows);
export const formatEfficiencyCsv = (rows: readonly EfficiencyRow[]): string => format(EFFICIENCY, rows);
export const formatCostsCsv = (rows: readonly CostRow[]): string => format(COSTS, rows);
export const formatPricesCsv = (rows: readonly PriceRow[]): string => format(PRICES, rows);

export const parseSummaryCsv = (text: string, name = 'summary.csv'): SummaryRow[] => parse(SUMMARY, text, name);
export const parseEfficiencyCsv = (text: string, name = 'efficiency.csv'): EfficiencyRow[] => parse(EFFICIENCY, text, name);
export const parseCostsCsv = (text: string, name = 'costs.csv'): CostRow[] => parse(COSTS, text, name);
export const parsePricesCsv = (text: string, name = 'prices.csv'): PriceRow[] => parse(PRICES, text, name);

export const writeSummaryCsv = (file: string, rows: readonly SummaryRow[]) => writeFile(file, formatSummaryCsv(rows));
export const writeEfficiencyCsv = (file: string, rows: readonly EfficiencyRow[]) => writeFile(file, formatEfficiencyCsv(rows));
export const writeCostsCsv = (file: string, rows: readonly CostRow[]) => writeFile(file, formatCostsCsv(rows));
export const writePricesCsv = (file: string, rows: readonly PriceRow[]) => writeFile(file, formatPricesCsv(rows));

export const readSummaryCsv = async (file: string) => parseSummaryCsv(await readText(file), file);
export const readEfficiencyCsv = async (file: string) => parseEfficiencyCsv(await readText(file), file);
export const readCostsCsv = async (file: string) => parseCostsCsv(await readText(file), file);
export const readPricesCsv = async (file: string) => parsePricesCsv(await readText(file), file);

/** File names of the analysis CSVs inside a run folder. */
export const RUN_CSV = {
  segments: 'segments.csv', summary: 'summary.csv', efficiency: 'efficiency.csv', costs: 'costs.csv', prices: 'prices.csv',
} as const;

/** Writes summary.csv, efficiency.csv, costs.csv and prices.csv into `dir`; returns their paths. */
export async function writeRunCsvs(dir: string, a: AnalysisResult): Promise<string[]> {
  const files = [
    [RUN_CSV.summary, formatSummaryCsv(a.summary)],
    [RUN_CSV.efficiency, formatEfficiencyCsv(a.efficiency)],
    [RUN_CSV.costs, formatCostsCsv(a.costs)],
    [RUN_CSV.prices, formatPricesCsv(a.prices)],
  ] as const;
  const out: string[] = [];
  for (const [name, text] of files) {
    const file = join(dir, name);
    await writeFile(file, text);
    out.push(file);
  }
  return out;
}

// ---------------------------------------------------------------- rounding

function roundRows<T>(cols: Column<T>[], rows: readonly T[]): T[] {
  return rows.map((r) => {
    const out = { ...r } as Record<string, unknown>;
    for (const c of cols) {
      if (!(c.kind in DECIMALS)) continue;
      const v = out[c.key];
      if (typeof v === 'number' && Number.isFinite(v)) out[c.key] = Number(formatCell(c.kind, v));
    }
    return out as T;
  });
}

/** The analysis with every figure rounded as its CSV stores it, so reports from memory and from files agree. */
export function roundAnalysis(a: AnalysisResult): AnalysisResult {
  return {
    ...a,
    summary: roundRows(SUMMARY, a.summary),
    efficiency: roundRows(EFFICIENCY, a.efficiency),
    costs: roundRows(COSTS, a.costs),
  };
}

// ---------------------------------------------------------------- segments.csv (streamed by the measure stage)

/** A figure the counter could not give is an empty cell, never 0. */
const measured = (x: number): number | string => (x === NOT_MEASURED ? '' : x);

/** One segments.csv row in SEGMENT_COLUMNS order. */
export function segmentRow(m: Measurement): (string | number)[] {
  return [m.corpus, m.segmentId, m.domain, m.lang, m.tokenizer, m.tokens, m.chars, m.bytes, m.words, measured(m.continuedWords), measured(m.fallbackTokens)];
}

/**
 * A chunk of segments.csv text ending in a newline; pass header=true for the first chunk only, so appended
 * chunks form one CSV file.
 */
export function formatSegmentsChunk(rows: readonly Measurement[], header: boolean): string {
  if (rows.length === 0) return header ? Papa.unparse({ fields: [...SEGMENT_COLUMNS], data: [] }, { newline: NEWLINE }) + NEWLINE : '';
  return Papa.unparse({ fields: [...SEGMENT_COLUMNS], data: rows.map(segmentRow) }, { header, newline: NEWLINE }) + NEWLINE;
}
