// Prices for the model catalog: @pydantic/genai-prices (bundled or updated data), then a --prices override file.
import { resolve } from 'node:path';
import { API_REF } from '../models/index.js';
import type { ModelInfo, PriceRow, PriceSource } from '../types.js';
import { mergePrices, readPricesFile } from './csv.js';
import { activeSource, libraryPrice } from './library.js';

export {
  formatPricesCsv,
  mergePrices,
  parsePricesCsv,
  PRICE_COLUMNS,
  PRICE_REQUIRED,
  readPricesFile,
} from './csv.js';
export {
  activeSource,
  bundledSource,
  libraryPrice,
  libraryVersion,
  PRICE_PACKAGE,
  readModelPrice,
  TIME_OF_DAY_CONVENTION,
} from './library.js';
export { checkDrift, type DriftItem, type DriftKind, type DriftReport } from './drift.js';
export {
  dataUrl,
  loadPriceData,
  PRICES_URL_ENV,
  priceCacheDir,
  updatePriceData,
  type UpdateOptions,
  type UpdateResult,
} from './update.js';

export interface LoadedPrices {
  /** One row per priced model: the catalog's (from the library, or overridden) and those an override file adds. */
  rows: PriceRow[];
  /** Catalog models without a price, keyed provider/id, with the reason. */
  missing: Map<string, string>;
  /** Models an override file adds to the catalog (counted with the tokenizer its row names). */
  added: ModelInfo[];
  source: PriceSource;
  /** The override file, else the library's name (manifest.json). */
  file: string;
  sha256: string;
}

export const modelKey = (m: { provider: string; id?: string; model?: string }) =>
  `${m.provider}/${m.id ?? m.model}`.toLowerCase();

/** A model added by an override row: counted with the row's tokenizer (an id or a provider API ref). */
function addedModel(r: PriceRow, file: string): ModelInfo {
  const counting: ModelInfo['counting'] = !r.tokenizer
    ? [{ kind: 'unavailable', reason: `its row in ${file} names no tokenizer to count it with` }]
    : API_REF.test(r.tokenizer)
      ? [{ kind: 'api', ref: r.tokenizer }]
      : [{ kind: 'tokenizer', tokenizer: r.tokenizer }];
  return {
    id: r.model,
    name: r.model,
    provider: r.provider.toLowerCase().replace(/[^a-z0-9-]+/g, '-'),
    family: 'added by --prices',
    lifecycle: {},
    counting,
    provenance: `added by ${file}`,
  };
}

/** The catalog's prices as in effect at `when`, with the override file (if any) applied on top. */
export async function loadPrices(
  models: readonly ModelInfo[],
  opts: { file?: string; when?: Date } = {},
): Promise<LoadedPrices> {
  const source = activeSource();
  const base: PriceRow[] = [];
  const missing = new Map<string, string>();
  for (const m of models) {
    const p = libraryPrice(m, opts.when);
    if (p.row) base.push(p.row);
    else missing.set(modelKey(m), p.missing!);
  }
  if (!opts.file) return { rows: base, missing, added: [], source, file: source.name, sha256: '' };
  const path = resolve(opts.file);
  const user = await readPricesFile(path);
  const byKey = new Map(models.map((m) => [modelKey(m), m]));
  const byId = (id: string) => models.filter((m) => m.id.toLowerCase() === id.toLowerCase());
  // A row for a catalog model the library does not price (open weights) prices it instead of adding a model.
  const forCatalog = user.rows.map((r) => {
    const m = byKey.get(modelKey(r)) ?? (byId(r.model).length === 1 ? byId(r.model)[0] : undefined);
    return m ? { ...r, model: m.id, provider: m.provider } : r;
  });
  const { rows, added } = mergePrices(base, forCatalog);
  for (const r of rows) missing.delete(modelKey(r));
  const addedModels = added.filter((r) => !byKey.has(modelKey(r))).map((r) => addedModel(r, path));
  return {
    rows,
    missing,
    added: addedModels,
    source: { ...source, override: path },
    file: path,
    sha256: user.sha256,
  };
}
