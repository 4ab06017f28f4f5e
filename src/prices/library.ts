// List prices from @pydantic/genai-prices: the package's bundled data, or the newer data `prices --update`
// fetched into the user cache (loaded into the library with its own updatePrices hook), and the price of each
// catalog model read back through calcPrice, so tokentax's figures are the library's.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  calcPrice,
  findProvider,
  updatePrices,
  type ModelPrice,
  type Provider,
} from '@pydantic/genai-prices';
import { UserError } from '../errors.js';
import { DATA_DIR } from '../paths.js';
import { findPackage } from '../tokenizers/catalog.js';
import type { ModelInfo, PriceRow, PriceSource, PriceTier } from '../types.js';

export const PRICE_PACKAGE = '@pydantic/genai-prices';
export const PRICE_DATA_FILE = join(DATA_DIR, 'price-data.json');

interface PriceDataFile {
  package: string;
  dates: Record<string, string>;
  basis: string;
}

/** The installed version of @pydantic/genai-prices. */
export function libraryVersion(): string {
  return findPackage(PRICE_PACKAGE)?.version ?? 'unknown';
}

function priceDataFile(): PriceDataFile {
  try {
    return JSON.parse(readFileSync(PRICE_DATA_FILE, 'utf8')) as PriceDataFile;
  } catch (e) {
    throw new UserError(
      'internal',
      `${PRICE_DATA_FILE} cannot be read (${(e as Error).message})`,
      'reinstall tokentax',
    );
  }
}

/**
 * The bundled data's date. The package states none, so it is the npm publish date of the installed version,
 * recorded in data/price-data.json; a version without a recorded date says so instead of guessing.
 */
let bundled: PriceSource | undefined;
export function bundledSource(): PriceSource {
  // Read once per process: libraryPrice asks for the active source for every model of the catalog.
  return (bundled ??= readBundledSource());
}

function readBundledSource(): PriceSource {
  const version = libraryVersion();
  const file = priceDataFile();
  const date = file.dates[version];
  return {
    name: `${PRICE_PACKAGE} ${version} (bundled data)`,
    kind: 'bundled',
    date: date ?? 'unknown',
    dateBasis: date
      ? `npm publish date of ${PRICE_PACKAGE} ${version}: the package carries no date for its data (data/price-data.json says how this was checked)`
      : `${PRICE_PACKAGE} ${version} is not the version this tokentax release recorded a date for (${Object.keys(file.dates).join(', ')}); run \`tokentax prices --update\` for dated data`,
  };
}

/** Checks that fetched data has the library's shape closely enough to be handed to it. */
export function checkProviderData(data: unknown): Provider[] {
  if (!Array.isArray(data) || data.length === 0)
    throw new Error('expected a non-empty JSON array of providers');
  data.forEach((p, i) => {
    const x = p as Partial<Provider>;
    if (!x || typeof x !== 'object' || typeof x.id !== 'string' || !Array.isArray(x.models)) {
      throw new Error(`provider ${i + 1} has no id or no models list`);
    }
  });
  return data as Provider[];
}

let active: PriceSource | undefined;
let activeData: Provider[] | undefined;

/**
 * Makes calcPrice use `providers` (fetched data) instead of the bundled data, through the library's
 * updatePrices hook; the library validates the data and throws on a malformed entry.
 */
export function useProviderData(providers: Provider[], source: PriceSource): void {
  updatePrices(({ setProviderData }) => {
    setProviderData(providers);
  });
  active = source;
  activeData = providers;
}

/** One provider of the data calcPrice uses right now (fetched data, else the bundled data), or undefined. */
export function activeProvider(id: string): Provider | undefined {
  return activeData ? activeData.find((p) => p.id === id) : findProvider({ providerId: id });
}

/** The data calcPrice uses right now. */
export function activeSource(): PriceSource {
  return active ?? bundledSource();
}

type Price = ModelPrice[string];
const base = (p: Price): number | undefined =>
  typeof p === 'number' ? p : p && typeof p === 'object' ? p.base : undefined;
const tierStarts = (p: Price): number[] => (p && typeof p === 'object' ? p.tiers.map((t) => t.start) : []);
/** The price that applies to a request of `inputTokens` input tokens: the library's rule, a tier applies above its start. */
function at(p: Price, inputTokens: number): number | undefined {
  if (typeof p === 'number' || p === undefined) return p;
  let v = p.base;
  for (const t of p.tiers) if (inputTokens > t.start) v = t.price;
  return v;
}

/** The per-1M-token prices of one model_price: input, output, cache read, and the context tiers above base. */
export function readModelPrice(
  mp: ModelPrice,
): Pick<PriceRow, 'inputPerMTok' | 'outputPerMTok' | 'cachedInputPerMTok' | 'tiers'> | undefined {
  const input = base(mp.input_mtok);
  const output = base(mp.output_mtok);
  if (input === undefined || output === undefined) return undefined;
  const cached = base(mp.cache_read_mtok);
  const starts = [
    ...new Set([
      ...tierStarts(mp.input_mtok),
      ...tierStarts(mp.output_mtok),
      ...tierStarts(mp.cache_read_mtok),
    ]),
  ].sort((a, b) => a - b);
  const tiers: PriceTier[] = starts.map((s) => {
    const n = s + 1;
    const c = at(mp.cache_read_mtok, n);
    return {
      aboveInputTokens: s,
      inputPerMTok: at(mp.input_mtok, n)!,
      outputPerMTok: at(mp.output_mtok, n)!,
      ...(c !== undefined ? { cachedInputPerMTok: c } : {}),
    };
  });
  return {
    inputPerMTok: input,
    outputPerMTok: output,
    ...(cached !== undefined ? { cachedInputPerMTok: cached } : {}),
    ...(tiers.length ? { tiers } : {}),
  };
}

export interface LibraryPrice {
  row?: PriceRow;
  /** Why there is no row (no price pointer, not in the data, no token prices). */
  missing?: string;
  /** The library's own model and provider ids that matched. */
  matched?: string;
}

/** One catalog model's prices from the active data, as in effect at `when`. */
export function libraryPrice(m: ModelInfo, when: Date = new Date()): LibraryPrice {
  if (!m.price) return { missing: 'open weights with no API list price' };
  const src = activeSource();
  const r = calcPrice({ input_tokens: 1e6, output_tokens: 1e6 }, m.price.model, {
    providerId: m.price.provider,
    timestamp: when,
  });
  if (!r) return { missing: `no price for ${m.price.provider}/${m.price.model} in ${src.name}` };
  const p = readModelPrice(r.model_price);
  if (!p)
    return { missing: `${src.name} has no input and output token prices for ${r.provider.id}/${r.model.id}` };
  const hosted = m.price.provider !== m.provider ? `, hosted by ${r.provider.name}` : '';
  return {
    matched: `${r.provider.id}/${r.model.id}`,
    row: {
      model: m.id,
      provider: m.provider,
      tokenizer: '',
      ...p,
      source: `${src.name}: ${r.provider.id}/${r.model.id}${hosted}`,
      dateChecked: src.date,
      ...(r.model.price_comments ? { note: r.model.price_comments } : {}),
    },
  };
}
