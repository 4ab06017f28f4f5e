// `tokentax models --check`: the model catalog against the price data in use (the bundled @pydantic/genai-prices
// data, or what `prices --update` fetched). The price data is maintained by many hands and moves with every
// release; the catalog is written by hand. This lists where they part:
//   missing    a model of a tracked provider that the catalog neither has nor leaves out with a reason
//   unknown    a catalog model whose price pointer the price data no longer knows
//   lifecycle  the price data marks a model deprecated, or says it was retired on a day, while the catalog
//              shows it as still served on the day checked
//   host id    the price data took the catalog model's id and price from a host (OpenRouter), so the id may not
//              be one the provider's API serves (a note, not a conflict)
// The first three are conflicts: the command exits non-zero on any of them.
import { calcPrice, type ModelInfo as PriceModel, type Provider } from '@pydantic/genai-prices';
import { dayOf, isServed, modelState, type CatalogMeta } from '../models/index.js';
import type { ModelInfo, PriceSource } from '../types.js';
import { activeProvider, activeSource } from './library.js';

export type DriftKind = 'missing' | 'unknown' | 'lifecycle' | 'host id';

export interface DriftItem {
  kind: DriftKind;
  /** The catalog model's id, or (missing) the price data's. */
  model: string;
  /** Catalog provider id. */
  provider: string;
  detail: string;
  /** Missing ones: a flagship by name (no mini, nano, lite, flash, small, ... in it), listed first. */
  flagship?: boolean;
  conflict: boolean;
}

export interface DriftReport {
  /** The day checked (lifecycle states are computed for it). */
  on: string;
  source: PriceSource;
  catalogAsOf?: string;
  catalogModels: number;
  /** Per tracked provider: the price data's models, how many the catalog prices with, how many it leaves out. */
  providers: {
    provider: string;
    priceProvider: string;
    models: number;
    inCatalog: number;
    leftOut: number;
  }[];
  items: DriftItem[];
  conflicts: number;
}

const SMALL = /mini|nano|lite|small|tiny|haiku|flash|fast|instant|\d+b\b|:free|preview|latest/i;
const HOST_IMPORT = /imported from openrouter|trusting open ?router/i;
// A sentence of the price comment that starts "Retired on <day>" (the model's, not a feature's: "the 1M context beta was retired").
const RETIRED_ON = /(?:^|[.;]\s+)Retired on (\d{4}-\d{2}-\d{2})/;

/** The price data's entry a catalog model is priced with (the library's own matching), if any. */
function matchedEntry(m: ModelInfo, when: Date): { provider: Provider; model: PriceModel } | undefined {
  if (!m.price) return undefined;
  const r = calcPrice({ input_tokens: 1, output_tokens: 1 }, m.price.model, {
    providerId: m.price.provider,
    timestamp: when,
  });
  return r ? { provider: r.provider, model: r.model } : undefined;
}

export function checkDrift(
  models: readonly ModelInfo[],
  meta: CatalogMeta,
  when: Date | string = new Date(),
): DriftReport {
  const on = dayOf(when);
  const at = new Date(`${on}T12:00:00Z`);
  const items: DriftItem[] = [];
  const providers: DriftReport['providers'] = [];
  const matched = new Map<string, { m: ModelInfo; entry: { provider: Provider; model: PriceModel } }>();

  for (const m of models) {
    if (!m.price) continue;
    const e = matchedEntry(m, at);
    const served = isServed(modelState(m, on, meta).status);
    if (!e) {
      items.push({
        kind: 'unknown',
        model: m.id,
        provider: m.provider,
        detail: `its price pointer ${m.price.provider}/${m.price.model} matches nothing in the price data`,
        conflict: true,
      });
      continue;
    }
    matched.set(`${e.provider.id}/${e.model.id}`, { m, entry: e });
    const state = modelState(m, on, meta);
    if (served && e.model.deprecated)
      items.push({
        kind: 'lifecycle',
        model: m.id,
        provider: m.provider,
        detail: `the price data marks ${e.provider.id}/${e.model.id} deprecated; the catalog shows it ${state.status} on ${on}`,
        conflict: true,
      });
    const retired = RETIRED_ON.exec(e.model.price_comments ?? '');
    if (served && retired && retired[1] <= on)
      items.push({
        kind: 'lifecycle',
        model: m.id,
        provider: m.provider,
        detail: `the price data says ${e.model.id} was retired on ${retired[1]}; the catalog shows it ${state.status} on ${on}`,
        conflict: true,
      });
    if (HOST_IMPORT.test(e.model.price_comments ?? ''))
      items.push({
        kind: 'host id',
        model: m.id,
        provider: m.provider,
        detail: `the price data took ${e.provider.id}/${e.model.id} from OpenRouter ("${e.model.price_comments}"): the id and price are a host's, not necessarily the provider's API`,
        conflict: false,
      });
  }

  const everywhere = (meta.tracked?.['*']?.leftOut ?? []).map((l) => ({
    re: new RegExp(l.match, 'i'),
    ...l,
  }));
  for (const [provider, t] of Object.entries(meta.tracked ?? {})) {
    if (provider === '*') continue;
    const p = activeProvider(t.priceProvider);
    if (!p) {
      items.push({
        kind: 'unknown',
        model: '*',
        provider,
        detail: `the price data has no provider ${t.priceProvider}`,
        conflict: true,
      });
      continue;
    }
    const rules = [...t.leftOut.map((l) => ({ re: new RegExp(l.match, 'i'), ...l })), ...everywhere];
    let inCatalog = 0;
    let leftOut = 0;
    const missing: DriftItem[] = [];
    for (const pm of p.models) {
      if (matched.has(`${p.id}/${pm.id}`)) {
        inCatalog++;
        continue;
      }
      if (pm.deprecated || rules.some((r) => r.re.test(pm.id))) {
        leftOut++;
        continue;
      }
      missing.push({
        kind: 'missing',
        model: pm.id,
        provider,
        detail: `${p.id}/${pm.id}${pm.name ? ` (${pm.name})` : ''} is in the price data; the catalog neither has it nor leaves it out with a reason`,
        flagship: !SMALL.test(pm.id),
        conflict: true,
      });
    }
    missing.sort((a, b) => Number(b.flagship) - Number(a.flagship));
    items.push(...missing);
    providers.push({ provider, priceProvider: p.id, models: p.models.length, inCatalog, leftOut });
  }
  const order: DriftKind[] = ['missing', 'unknown', 'lifecycle', 'host id'];
  items.sort((a, b) => order.indexOf(a.kind) - order.indexOf(b.kind));
  return {
    on,
    source: activeSource(),
    ...(meta.asOf ? { catalogAsOf: meta.asOf } : {}),
    catalogModels: models.length,
    providers,
    items,
    conflicts: items.filter((i) => i.conflict).length,
  };
}
