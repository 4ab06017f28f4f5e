// The prices CSV: what `--prices <file>` reads to override or add models, and what a run folder's prices.csv
// holds (every price the run used, so an edited copy re-renders with `tokentax report`). One row per model:
//   model,provider,tokenizer,input_usd_per_mtok,output_usd_per_mtok,cached_input_usd_per_mtok,source,date,note,tiers,valid_until
// Required: model, provider, input_usd_per_mtok, output_usd_per_mtok, source, date (`date_checked` is read as
// date, the name of tokentax 0.1). tokenizer is needed only for a model the catalog does not have (the tokenizer
// id, or provider API ref, that counts it). tiers: JSON [{"above":200000,"input":6,"output":22.5,"cached":0.6}].
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import Papa from 'papaparse';
import { inputError } from '../errors.js';
import type { PriceRow, PriceTier } from '../types.js';

export const PRICE_COLUMNS = [
  'model',
  'provider',
  'tokenizer',
  'input_usd_per_mtok',
  'output_usd_per_mtok',
  'cached_input_usd_per_mtok',
  'source',
  'date',
  'note',
  'tiers',
  'valid_until',
] as const;
export const PRICE_REQUIRED = [
  'model',
  'provider',
  'input_usd_per_mtok',
  'output_usd_per_mtok',
  'source',
  'date',
] as const;

const HINT = `A prices CSV needs the columns ${PRICE_REQUIRED.join(',')} (optional: tokenizer, cached_input_usd_per_mtok, note, tiers, valid_until); see the README, "Prices".`;
const DATE_RE = /^\d{4}-\d{2}(-\d{2})?$/;

function parseTiers(raw: string, where: string): PriceTier[] | undefined {
  if (!raw) return undefined;
  let v: unknown;
  try {
    v = JSON.parse(raw);
  } catch {
    throw inputError(
      `${where}: tiers is not JSON`,
      'Write tiers as [{"above":200000,"input":6,"output":22.5,"cached":0.6}], or leave it empty.',
    );
  }
  const ok = (x: unknown) => typeof x === 'number' && Number.isFinite(x) && x >= 0;
  if (
    !Array.isArray(v) ||
    !v.every(
      (t) => t && ok(t.above) && ok(t.input) && ok(t.output) && (t.cached === undefined || ok(t.cached)),
    )
  ) {
    throw inputError(
      `${where}: tiers must be a list of {above, input, output, cached?} with non-negative numbers`,
      'Fix the tiers cell, or leave it empty.',
    );
  }
  return (v as { above: number; input: number; output: number; cached?: number }[])
    .map((t) => ({
      aboveInputTokens: t.above,
      inputPerMTok: t.input,
      outputPerMTok: t.output,
      ...(t.cached !== undefined ? { cachedInputPerMTok: t.cached } : {}),
    }))
    .sort((a, b) => a.aboveInputTokens - b.aboveInputTokens);
}

/** Parses prices CSV text; errors name the file, line and column. */
export function parsePricesCsv(text: string, name: string): PriceRow[] {
  // BOM off, line endings unified (mixed CRLF/LF files otherwise confuse Papa's newline detection).
  const clean = text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  const parsed = Papa.parse<Record<string, string>>(clean, {
    header: true,
    skipEmptyLines: 'greedy',
    transformHeader: (h) => h.trim().toLowerCase(),
  });
  const fields = (parsed.meta.fields ?? []).map((f) => (f === 'date_checked' ? 'date' : f));
  const missing = PRICE_REQUIRED.filter((c) => !fields.includes(c));
  if (missing.length)
    throw inputError(`${name}: missing column${missing.length > 1 ? 's' : ''} ${missing.join(', ')}`, HINT);
  const fatal = parsed.errors.find((e) => e.type !== 'Delimiter');
  if (fatal)
    throw inputError(
      `${name}:${fatal.row !== undefined ? ` line ${fatal.row + 2}` : ''} malformed CSV (${fatal.message})`,
      HINT,
    );
  const rows: PriceRow[] = [];
  const seen = new Map<string, number>();
  parsed.data.forEach((rec, i) => {
    const line = i + 2;
    const cell = (col: string) => (rec[col] ?? (col === 'date' ? rec.date_checked : undefined) ?? '').trim();
    const where = (col: string) => `${name}: line ${line}, column ${col}`;
    for (const col of ['model', 'provider', 'source', 'date'])
      if (!cell(col)) throw inputError(`${where(col)} is empty`, HINT);
    const num = (col: string, optional = false) => {
      const raw = cell(col);
      if (raw === '' && optional) return undefined;
      const v = raw === '' ? NaN : Number(raw);
      if (!Number.isFinite(v) || v < 0)
        throw inputError(
          `${where(col)}: "${raw}" is not a non-negative number of USD per million tokens`,
          'Write plain numbers such as 2.5 (no currency sign, "." as decimal point).',
        );
      return v;
    };
    const date = cell('date');
    if (!DATE_RE.test(date))
      throw inputError(`${where('date')}: "${date}" is not a date`, 'Write dates as YYYY-MM-DD or YYYY-MM.');
    const model = cell('model');
    const provider = cell('provider');
    const key = `${provider}/${model}`.toLowerCase();
    if (seen.has(key))
      throw inputError(
        `${name}: model "${provider}/${model}" appears twice (lines ${seen.get(key)} and ${line})`,
        'Keep one row per model.',
      );
    seen.set(key, line);
    const cached = num('cached_input_usd_per_mtok', true);
    const tiers = parseTiers(cell('tiers'), where('tiers'));
    const note = cell('note');
    const until = cell('valid_until');
    if (until && !/^\d{4}-\d{2}-\d{2}$/.test(until))
      throw inputError(
        `${where('valid_until')}: "${until}" is not a day`,
        'Write it as YYYY-MM-DD, or leave it empty.',
      );
    rows.push({
      model,
      provider,
      tokenizer: cell('tokenizer'),
      inputPerMTok: num('input_usd_per_mtok')!,
      outputPerMTok: num('output_usd_per_mtok')!,
      ...(cached !== undefined ? { cachedInputPerMTok: cached } : {}),
      ...(tiers ? { tiers } : {}),
      source: cell('source'),
      dateChecked: date,
      ...(note ? { note } : {}),
      ...(until ? { validUntil: until } : {}),
    });
  });
  if (!rows.length) throw inputError(`${name}: no price rows`, HINT);
  return rows;
}

/** Reads a prices CSV file (with the SHA-256 of its bytes, for the manifest). */
export async function readPricesFile(path: string): Promise<{ rows: PriceRow[]; sha256: string }> {
  let buf: Buffer;
  try {
    buf = await readFile(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw inputError(
      code === 'ENOENT'
        ? `prices file not found: ${path}`
        : `cannot read prices file ${path} (${code ?? String(e)})`,
      HINT,
    );
  }
  return {
    rows: parsePricesCsv(buf.toString('utf8'), path),
    sha256: createHash('sha256').update(buf).digest('hex'),
  };
}

/** The rows as prices CSV text, every column. */
export function formatPricesCsv(rows: readonly PriceRow[]): string {
  const tiers = (r: PriceRow) =>
    r.tiers?.length
      ? JSON.stringify(
          r.tiers.map((t) => ({
            above: t.aboveInputTokens,
            input: t.inputPerMTok,
            output: t.outputPerMTok,
            ...(t.cachedInputPerMTok !== undefined ? { cached: t.cachedInputPerMTok } : {}),
          })),
        )
      : '';
  return (
    Papa.unparse(
      {
        fields: [...PRICE_COLUMNS],
        data: rows.map((r) => [
          r.model,
          r.provider,
          r.tokenizer,
          r.inputPerMTok,
          r.outputPerMTok,
          r.cachedInputPerMTok ?? '',
          r.source,
          r.dateChecked,
          r.note ?? '',
          tiers(r),
          r.validUntil ?? '',
        ]),
      },
      { newline: '\n' },
    ) + '\n'
  );
}

const keyOf = (r: { provider: string; model: string }) => `${r.provider}/${r.model}`.toLowerCase();

/**
 * Override rows over the library's: a row replaces the price of the model with the same provider and id
 * (case-insensitive; the id alone when only one model has it), other rows add models. Returns the merged
 * rows and which override rows added a model.
 */
export function mergePrices(
  base: readonly PriceRow[],
  override: readonly PriceRow[],
): { rows: PriceRow[]; added: PriceRow[] } {
  const rows = [...base];
  const added: PriceRow[] = [];
  for (const o of override) {
    let i = rows.findIndex((r) => keyOf(r) === keyOf(o));
    if (i < 0) {
      const same = rows
        .map((r, k) => [r, k] as const)
        .filter(([r]) => r.model.toLowerCase() === o.model.toLowerCase());
      if (same.length === 1) i = same[0][1];
    }
    if (i >= 0)
      rows[i] = {
        ...o,
        model: rows[i].model,
        provider: rows[i].provider,
        tokenizer: o.tokenizer || rows[i].tokenizer,
      };
    else {
      rows.push(o);
      added.push(o);
    }
  }
  return { rows, added };
}
