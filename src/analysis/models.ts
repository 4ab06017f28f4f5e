// models.csv: every model of the catalog on every corpus and language — how it was counted, its overhead,
// its prices and the workload's bill. Measured figures come from the summary (the model's counting tokenizer);
// prices and the bill are applied in a second step, so a re-render with an edited prices.csv redoes only that.
import { chooseCounting, notMeasuredReason } from '../models/index.js';
import { modelState, type CatalogMeta } from '../models/index.js';
import type { Lang, ModelInfo, ModelRow, PriceRow, SummaryRow, Workload } from '../types.js';
import { computeBill } from './bill.js';

/** Tokens per English-equivalent word of a tokenizer in a language, on a corpus or one of its domains. */
export type TokensPerWord = (
  corpus: string,
  tokenizer: string,
  lang: Lang,
  domain?: string,
) => { value: number; basis: string } | undefined;

export interface ModelRowOptions {
  baseline: Lang;
  workload?: Workload;
  tokensPerWord: TokensPerWord;
  /** The run's day: each model's state (current, deprecated, retired, legacy) is computed for it. */
  when: Date | string;
  /** The catalog's as-of date and lifecycle sources. */
  catalog?: CatalogMeta;
}

/** The measured part of models.csv (no prices yet): one row per corpus × model × language. */
export function measuredModelRows(
  summary: readonly SummaryRow[],
  models: readonly ModelInfo[],
  o: ModelRowOptions,
): ModelRow[] {
  const rows = summary.filter((r) => r.domain === 'all');
  const out: ModelRow[] = [];
  for (const corpus of [...new Set(rows.map((r) => r.corpus))]) {
    const mine = rows.filter((r) => r.corpus === corpus);
    const langs = [...new Set(mine.map((r) => r.lang))];
    const ordered = [...langs.filter((l) => l === o.baseline), ...langs.filter((l) => l !== o.baseline)];
    const measured = new Set(mine.map((r) => r.tokenizer));
    for (const m of models) {
      const c = chooseCounting(m, (id) => measured.has(id));
      const st = modelState(m, o.when, o.catalog);
      for (const lang of ordered) {
        const base: ModelRow = {
          corpus,
          model: m.id,
          provider: m.provider,
          status: st.status,
          ...(st.since ? { statusSince: st.since } : {}),
          ...(st.until ? { statusUntil: st.until } : {}),
          statusSource: st.source,
          ...(o.catalog?.asOf ? { catalogAsOf: o.catalog.asOf } : {}),
          tokenizer: '',
          countedBy: 'not measured',
          lang,
          priceSource: '',
          priceDate: '',
        };
        if (!c) {
          out.push({ ...base, note: notMeasuredReason(m) });
          continue;
        }
        const r = mine.find((x) => x.tokenizer === c.id && x.lang === lang);
        if (!r) {
          out.push({ ...base, note: `${c.id} has no ${lang} row on ${corpus}` });
          continue;
        }
        const w = o.workload;
        const inLang = w?.inputLang === 'baseline' ? o.baseline : lang;
        const tin = o.tokensPerWord(corpus, c.id, inLang, w?.inputDomain);
        const tout = o.tokensPerWord(corpus, c.id, lang, w?.outputDomain);
        out.push({
          ...base,
          tokenizer: c.id,
          countedBy: c.entry.kind === 'api' ? 'api' : c.entry.kind === 'approx' ? 'approx' : 'tokenizer',
          tokens: r.tokens,
          baselineTokens: r.baselineTokens,
          overheadPct: r.overheadPct,
          ciLowPct: r.ciLowPct,
          ciHighPct: r.ciHighPct,
          ...(tin ? { inputTokensPerWord: tin.value, inputBasis: tin.basis } : {}),
          ...(tout ? { outputTokensPerWord: tout.value, outputBasis: tout.basis } : {}),
          ...(c.entry.kind === 'approx' ? { note: `approximation: ${c.entry.reason}` } : {}),
        });
      }
    }
  }
  return out;
}

/**
 * Prices and the bill on measured rows: each row gets its model's prices (or the reason it has none) and,
 * with a workload, the monthly bill and its extra over the baseline language's bill for the same model.
 */
export function priceModelRows(
  rows: readonly ModelRow[],
  prices: readonly PriceRow[],
  o: { baseline: Lang; workload?: Workload; missing?: Map<string, string>; sourceName: string },
): ModelRow[] {
  const key = (provider: string, model: string) => `${provider}/${model}`.toLowerCase();
  const byKey = new Map(prices.map((p) => [key(p.provider, p.model), p]));
  const priced = rows.map((r): ModelRow => {
    const p = byKey.get(key(r.provider, r.model));
    const {
      bill: _b,
      extraUsd: _e,
      extraPct: _x,
      inputPerMTok: _i,
      outputPerMTok: _o,
      cachedInputPerMTok: _c,
      priceUntil: _u,
      ...rest
    } = r;
    if (!p) {
      // A reason read back from models.csv (a re-render) stands; a priced row that lost its price says so.
      const why =
        o.missing?.get(key(r.provider, r.model)) ??
        (r.priceSource && !r.priceDate ? r.priceSource : `no price in ${o.sourceName}`);
      return { ...rest, priceSource: why, priceDate: '' };
    }
    const out: ModelRow = {
      ...rest,
      inputPerMTok: p.inputPerMTok,
      outputPerMTok: p.outputPerMTok,
      ...(p.cachedInputPerMTok !== undefined ? { cachedInputPerMTok: p.cachedInputPerMTok } : {}),
      priceSource: p.source,
      priceDate: p.dateChecked,
      ...(p.validUntil ? { priceUntil: p.validUntil } : {}),
    };
    if (o.workload && r.inputTokensPerWord !== undefined && r.outputTokensPerWord !== undefined) {
      out.bill = computeBill(o.workload, { input: r.inputTokensPerWord, output: r.outputTokensPerWord }, p);
    }
    return out;
  });
  // The extra over the baseline language: same corpus and model.
  const baseBill = new Map(
    priced
      .filter((r) => r.lang === o.baseline && r.bill)
      .map((r) => [`${r.corpus}\0${r.provider}\0${r.model}`, r.bill!.totalUsd]),
  );
  return priced.map((r) => {
    const b = baseBill.get(`${r.corpus}\0${r.provider}\0${r.model}`);
    if (!r.bill || b === undefined) return r;
    return { ...r, extraUsd: r.bill.totalUsd - b, extraPct: b > 0 ? 100 * (r.bill.totalUsd / b - 1) : NaN };
  });
}
