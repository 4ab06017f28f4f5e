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
import { DATA_DIR, findPackage } from '../paths.js';
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

/**
 * The convention for prices that depend on the time of day (DeepSeek's off-peak discounts): the day's highest
 * rate, whatever the hour a run starts, so the same run gives the same bill at 08:00 and at 20:00 UTC. Said once
 * in the README; price_source says "peak rate" on such rows.
 */
export const TIME_OF_DAY_CONVENTION =
  "a price that depends on the time of day is taken at the day's highest (peak) rate, whatever the hour: off-peak hours cost less";

const UTC_DAY = (d: Date) => d.toISOString().slice(0, 10);

type Calc = NonNullable<ReturnType<typeof calcPrice>>;
const conditional = (r: Calc) => (Array.isArray(r.model.prices) ? r.model.prices : []);

/** The same request priced at every quarter hour of `when`'s UTC day (and each window's start): the highest. */
function peakOfDay(m: NonNullable<ModelInfo['price']>, when: Date, first: Calc): Calc {
  const day = UTC_DAY(when);
  const times = new Set<string>();
  for (let q = 0; q < 96; q++)
    times.add(`${String(Math.floor(q / 4)).padStart(2, '0')}:${String((q % 4) * 15).padStart(2, '0')}:00`);
  for (const c of conditional(first))
    if (c.constraint?.type === 'time_of_date') times.add(c.constraint.start_time.replace(/Z$/, ''));
  let best = first;
  for (const t of times) {
    const r = calcPrice({ input_tokens: 1e6, output_tokens: 1e6 }, m.model, {
      providerId: m.provider,
      timestamp: new Date(`${day}T${t}Z`),
    });
    if (r && r.total_price > best.total_price) best = r;
  }
  return best;
}

/** The day before the first price change after `when` that the data already holds (a start_date constraint). */
function validUntil(r: Calc, when: Date): string | undefined {
  const day = UTC_DAY(when);
  const next = conditional(r)
    .flatMap((c) => (c.constraint?.type === 'start_date' ? [c.constraint.start_date.slice(0, 10)] : []))
    .filter((d) => d > day)
    .sort()[0];
  if (!next) return undefined;
  const d = new Date(`${next}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - 1);
  return UTC_DAY(d);
}

const HOST_IMPORT = /imported from openrouter|trusting open ?router/i;

/** One catalog model's prices from the active data, as in effect on `when`'s day (see TIME_OF_DAY_CONVENTION). */
export function libraryPrice(m: ModelInfo, when: Date = new Date()): LibraryPrice {
  if (!m.price) return { missing: 'open weights with no API list price' };
  const src = activeSource();
  const at = calcPrice({ input_tokens: 1e6, output_tokens: 1e6 }, m.price.model, {
    providerId: m.price.provider,
    timestamp: when,
  });
  if (!at) return { missing: `no price for ${m.price.provider}/${m.price.model} in ${src.name}` };
  const timed = conditional(at).some((c) => c.constraint?.type === 'time_of_date');
  const r = timed ? peakOfDay(m.price, when, at) : at;
  const p = readModelPrice(r.model_price);
  if (!p)
    return { missing: `${src.name} has no input and output token prices for ${r.provider.id}/${r.model.id}` };
  const hosted =
    m.price.provider !== m.provider
      ? `, hosted by ${r.provider.name}`
      : HOST_IMPORT.test(r.model.price_comments ?? '')
        ? ", a host's price (OpenRouter's, as the price data says), not the provider's own list price"
        : '';
  const until = validUntil(r, when);
  return {
    matched: `${r.provider.id}/${r.model.id}`,
    row: {
      model: m.id,
      provider: m.provider,
      tokenizer: '',
      ...p,
      source: `${src.name}: ${r.provider.id}/${r.model.id}${hosted}${timed ? ', peak rate of the day (off-peak hours cost less)' : ''}`,
      dateChecked: src.date,
      ...(r.model.price_comments ? { note: r.model.price_comments } : {}),
      ...(until ? { validUntil: until } : {}),
    },
  };
}
