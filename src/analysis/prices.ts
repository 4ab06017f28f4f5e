// The pricing table: data/prices.csv, optionally overridden/extended by a user CSV (--prices <file>).
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import Papa from 'papaparse';
import { inputError } from '../errors.js';
import { DATA_DIR } from '../paths.js';
import type { PriceRow } from '../types.js';

export const DEFAULT_PRICES_FILE = join(DATA_DIR, 'prices.csv');

export const PRICE_COLUMNS = [
  'model', 'provider', 'tokenizer', 'input_usd_per_mtok', 'output_usd_per_mtok', 'source', 'date_checked',
] as const;
/** Optional columns the loader reads when present. */
export const PRICE_OPTIONAL_COLUMNS = ['note'] as const;

export interface LoadedPrices {
  rows: PriceRow[];
  /** The user file when one was given (merged over the default table), else the default table. */
  file: string;
  /** SHA-256 (hex) of `file`'s bytes. */
  sha256: string;
  /** Every file read, in merge order (default first), with its hash. */
  files: { path: string; sha256: string }[];
}

const HINT = `A prices CSV needs the header ${PRICE_COLUMNS.join(',')} (optional: note); see data/prices.csv.`;
const DATE_RE = /^\d{4}-\d{2}(-\d{2})?$/;

async function readPriceFile(path: string): Promise<{ rows: PriceRow[]; sha256: string }> {
  let buf: Buffer;
  try {
    buf = await readFile(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw inputError(
      code === 'ENOENT' ? `prices file not found: ${path}` : `cannot read prices file ${path} (${code ?? String(e)})`,
      HINT,
    );
  }
  const sha256 = createHash('sha256').update(buf).digest('hex');
  // BOM off, line endings unified (mixed CRLF/LF files otherwise confuse Papa's newline detection).
  const text = buf.toString('utf8').replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  const parsed = Papa.parse<Record<string, string>>(text, {
    header: true,
    skipEmptyLines: 'greedy',
    transformHeader: (h) => h.trim().toLowerCase(),
  });
  const fields = parsed.meta.fields ?? [];
  const missing = PRICE_COLUMNS.filter((c) => !fields.includes(c));
  if (missing.length) throw inputError(`${path}: missing column${missing.length > 1 ? 's' : ''} ${missing.join(', ')}`, HINT);
  const fatal = parsed.errors.find((e) => e.type !== 'Delimiter');
  if (fatal) {
    // Papa's row index counts data rows from 0; the header is line 1.
    const line = fatal.row !== undefined ? ` line ${fatal.row + 2}` : '';
    throw inputError(`${path}:${line} malformed CSV (${fatal.message})`, HINT);
  }
  const rows: PriceRow[] = [];
  const seen = new Map<string, number>();
  parsed.data.forEach((rec, i) => {
    const line = i + 2;
    const cell = (col: string) => (rec[col] ?? '').trim();
    const where = (col: string) => `${path}: line ${line}, column ${col}`;
    for (const col of ['model', 'provider', 'tokenizer', 'source', 'date_checked']) {
      if (!cell(col)) throw inputError(`${where(col)} is empty`, HINT);
    }
    const num = (col: string) => {
      const raw = cell(col);
      const v = raw === '' ? NaN : Number(raw);
      if (!Number.isFinite(v) || v < 0) {
        throw inputError(`${where(col)}: "${raw}" is not a non-negative number of USD per million tokens`, 'Write plain numbers such as 2.5 (no currency sign, "." as decimal point).');
      }
      return v;
    };
    const date = cell('date_checked');
    if (!DATE_RE.test(date)) throw inputError(`${where('date_checked')}: "${date}" is not a date`, 'Write dates as YYYY-MM-DD or YYYY-MM.');
    const model = cell('model');
    const key = model.toLowerCase();
    if (seen.has(key)) throw inputError(`${path}: model "${model}" appears twice (lines ${seen.get(key)} and ${line})`, 'Keep one row per model.');
    seen.set(key, line);
    const note = cell('note');
    rows.push({
      model,
      provider: cell('provider'),
      tokenizer: cell('tokenizer'),
      inputPerMTok: num('input_usd_per_mtok'),
      outputPerMTok: num('output_usd_per_mtok'),
      source: cell('source'),
      dateChecked: date,
      ...(note ? { note } : {}),
    });
  });
  if (rows.length === 0) throw inputError(`${path}: no price rows`, HINT);
  return { rows, sha256 };
}

/** Reads data/prices.csv and, when `file` is given, merges that CSV over it: a user row replaces the default row
 *  of the same model (case-insensitive), other user rows are appended. Validates columns, numbers and dates. */
export async function loadPrices(file?: string): Promise<LoadedPrices> {
  const base = await readPriceFile(DEFAULT_PRICES_FILE);
  const files = [{ path: DEFAULT_PRICES_FILE, sha256: base.sha256 }];
  if (!file) return { rows: base.rows, file: DEFAULT_PRICES_FILE, sha256: base.sha256, files };
  const path = resolve(file);
  const user = await readPriceFile(path);
  files.push({ path, sha256: user.sha256 });
  return { rows: mergePrices(base.rows, user.rows), file: path, sha256: user.sha256, files };
}

/** Default rows with user rows of the same model (case-insensitive) replaced in place, new models appended. */
export function mergePrices(base: PriceRow[], override: PriceRow[]): PriceRow[] {
  const byModel = new Map(override.map((r) => [r.model.toLowerCase(), r]));
  const out = base.map((r) => byModel.get(r.model.toLowerCase()) ?? r);
  const baseModels = new Set(base.map((r) => r.model.toLowerCase()));
  for (const r of override) if (!baseModels.has(r.model.toLowerCase())) out.push(r);
  return out;
}

/** The table as CSV text (for the run folder's prices.csv), same columns as data/prices.csv. */
export function pricesToCsv(rows: PriceRow[]): string {
  return Papa.unparse({
    fields: [...PRICE_COLUMNS, ...PRICE_OPTIONAL_COLUMNS],
    data: rows.map((r) => [r.model, r.provider, r.tokenizer, r.inputPerMTok, r.outputPerMTok, r.source, r.dateChecked, r.note ?? '']),
  }, { newline: '\n' }) + '\n';
}
