// `tokentax models`: the model catalog with each model's state on a day (current, deprecated, retired, legacy),
// the date behind it and its source; `--check` compares the catalog with the price data in use.
import { UserError } from '../errors.js';
import type { ModelInfo, ModelState, PriceRow } from '../types.js';
import { err, out, say, table } from './io.js';

export interface ModelListing {
  model: string;
  provider: string;
  name: string;
  status: ModelState['status'];
  /** The day the state began (released for a current model, when known). */
  statusSince?: string;
  /** An announced shutdown still ahead. */
  statusUntil?: string;
  statusSource: string;
  countedWith: string;
  price?: PriceRow;
}

/** Each model with its state on `on` (today's models only, unless `all`) and how it is counted. */
export async function listModels(
  o: { all?: boolean; on?: string; prices?: string; update?: boolean; catalog?: string },
  quietRemark = false,
): Promise<{
  list: ModelListing[];
  asOf?: string;
  on: string;
  prices: Awaited<ReturnType<typeof import('../prices/index.js').loadPrices>>;
}> {
  const { catalogMeta, countingId, dayOf, isServed, models, modelState } = await import('../models/index.js');
  const { loadPriceData, loadPrices, updatePriceData } = await import('../prices/index.js');
  const line = o.update ? (await updatePriceData()).message : loadPriceData().remark;
  if (line && !quietRemark) err(line);
  const on = o.on ?? dayOf(new Date());
  const meta = catalogMeta(o.catalog);
  const catalog = models(o.catalog);
  const p = await loadPrices(catalog, { file: o.prices, when: new Date(`${on}T12:00:00Z`) });
  const byKey = new Map(p.rows.map((r) => [`${r.provider}/${r.model}`.toLowerCase(), r]));
  const list = [...catalog, ...p.added]
    .map((m: ModelInfo) => ({ m, st: modelState(m, on, meta) }))
    .filter(({ st }) => o.all || isServed(st.status))
    .map(({ m, st }): ModelListing => {
      const price = byKey.get(`${m.provider}/${m.id}`.toLowerCase());
      return {
        model: m.id,
        provider: m.provider,
        name: m.name,
        status: st.status,
        ...(st.since ? { statusSince: st.since } : {}),
        ...(st.until ? { statusUntil: st.until } : {}),
        statusSource: st.source,
        countedWith: m.counting
          .map((c) => `${countingId(c) ?? 'not measurable'}${c.kind === 'approx' ? ' (approx.)' : ''}`)
          .join(', '),
        ...(price ? { price } : {}),
      };
    });
  return { list, asOf: meta.asOf, on, prices: p };
}

/** "retired 2026-03-09", "deprecated 2026-11-23 → 2027-01-22", "current" */
export const stateCell = (m: Pick<ModelListing, 'status' | 'statusSince' | 'statusUntil'>) =>
  `${m.status}${m.status !== 'current' && m.statusSince ? ` ${m.statusSince}` : ''}${m.statusUntil ? ` → ${m.statusUntil}` : ''}`;

export async function modelsCommand(o: {
  all?: boolean;
  json?: boolean;
  check?: boolean;
  on?: string;
  update?: boolean;
  catalog?: string;
}): Promise<void> {
  if (o.check) return checkCommand(o);
  const { list, asOf, on } = await listModels(o);
  if (o.json)
    return out(
      JSON.stringify({ catalogAsOf: asOf, on, models: list.map(({ price: _p, ...m }) => m) }, null, 2),
    );
  say(
    `Model catalog (data/models.json), lifecycle facts as of ${asOf ?? 'no date'}; states on ${on}${o.all ? '' : " (today's models: current and deprecated; --all adds legacy and retired)"}.`,
  );
  out(
    table(
      ['provider', 'model', 'state', 'counted with'],
      list.map((m) => [m.provider, m.model, stateCell(m), m.countedWith]),
    ),
  );
  const dated = list.filter((m) => m.status !== 'current' || m.statusUntil);
  if (dated.length) say('\n' + dated.map((m) => `${m.model}: ${stateCell(m)}: ${m.statusSource}`).join('\n'));
}

async function checkCommand(o: {
  json?: boolean;
  on?: string;
  update?: boolean;
  catalog?: string;
}): Promise<void> {
  const { catalogMeta, dayOf, models } = await import('../models/index.js');
  const { loadPriceData, updatePriceData } = await import('../prices/index.js');
  const { checkDrift } = await import('../prices/index.js');
  const line = o.update ? (await updatePriceData()).message : loadPriceData().remark;
  if (line) err(line);
  const meta = catalogMeta(o.catalog);
  if (!meta.tracked)
    throw new UserError(
      'internal',
      `the model catalog ${o.catalog ?? 'data/models.json'} names no tracked providers to check against the price data`,
      'give it a "tracked" section (see data/models.json and the README, "Refreshing the model catalog")',
    );
  const r = checkDrift(models(o.catalog), meta, o.on ?? dayOf(new Date()));
  if (o.json) out(JSON.stringify(r, null, 2));
  else {
    say(
      `Compared ${r.catalogModels} catalog models (lifecycle facts as of ${r.catalogAsOf ?? 'no date'}) with ${r.source.name}, data of ${r.source.date}, on ${r.on}:`,
    );
    out(
      table(
        ['provider', 'price data', 'models there', 'in the catalog', 'left out (reason in data/models.json)'],
        r.providers.map((p) => [p.provider, p.priceProvider, p.models, p.inCatalog, p.leftOut]),
      ),
    );
    const groups: [string, typeof r.items][] = [
      ['Missing from the catalog (flagships first)', r.items.filter((i) => i.kind === 'missing')],
      ['Catalog models the price data no longer knows', r.items.filter((i) => i.kind === 'unknown')],
      ['Lifecycle conflicts', r.items.filter((i) => i.kind === 'lifecycle')],
      ["Ids from a host's catalog (notes)", r.items.filter((i) => i.kind === 'host id')],
    ];
    for (const [title, items] of groups) {
      out(`\n${title}: ${items.length ? '' : 'none'}`);
      for (const i of items)
        say(
          `  ${i.provider}/${i.model}${i.kind === 'missing' && i.flagship ? ' (flagship)' : ''}: ${i.detail}`,
        );
    }
  }
  if (r.conflicts)
    throw new UserError(
      'drift',
      `the model catalog is out of step with ${r.source.name}: ${r.conflicts} conflict${r.conflicts === 1 ? '' : 's'} listed above`,
      'update data/models.json as the README says ("Refreshing the model catalog"), then run tokentax models --check again',
    );
}
