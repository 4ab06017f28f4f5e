// Money: what the measured token counts cost at each model's list price for input tokens.
import type { CostRow, Lang, PriceRow, SummaryRow } from '../types.js';

export interface CostOptions {
  baseline: Lang;
  /** Monthly workload in English-equivalent words (the baseline-language words of the same content). */
  monthlyWords?: number;
}

/** One CostRow per (corpus, price row whose tokenizer is in the summary, language), from the domain 'all' rows.
 *  With T_L = tokens of language L, T_B = baseline tokens, W_B = baseline (English) words on the same segments,
 *  p = USD per 1M input tokens:
 *    inputCostUsd             = T_L × p / 1e6                       (the corpus content as model input)
 *    costPerMEnglishWordsUsd  = (T_L / W_B) × 1e6 × p / 1e6 = T_L / W_B × p
 *    extraPct                 = 100 × (T_L / T_B − 1)               (= overheadPct of the summary)
 *    extraPerMEnglishWordsUsd = (T_L − T_B) / W_B × p
 *    monthlyCostUsd           = M / 1e6 × costPerMEnglishWordsUsd   (M = monthlyWords)
 *    monthlyExtraUsd          = M / 1e6 × extraPerMEnglishWordsUsd */
export function computeCosts(summary: SummaryRow[], prices: PriceRow[], opts: CostOptions): CostRow[] {
  const rows = summary.filter((r) => r.domain === 'all');
  const out: CostRow[] = [];
  const corpora = [...new Set(rows.map((r) => r.corpus))];
  for (const corpus of corpora) {
    const corpusRows = rows.filter((r) => r.corpus === corpus);
    for (const price of prices) {
      const tokRows = corpusRows.filter((r) => r.tokenizer === price.tokenizer);
      if (tokRows.length === 0) continue;
      const base = tokRows.find((r) => r.lang === opts.baseline);
      const baselineWords = base?.words ?? NaN;
      const p = price.inputPerMTok;
      for (const r of tokRows) {
        const perWord = baselineWords > 0 ? r.tokens / baselineWords : NaN;
        const extraPerWord = baselineWords > 0 ? (r.tokens - r.baselineTokens) / baselineWords : NaN;
        const costPerM = perWord * p;
        const extraPerM = extraPerWord * p;
        const row: CostRow = {
          corpus,
          model: price.model,
          provider: price.provider,
          tokenizer: price.tokenizer,
          lang: r.lang,
          tokens: r.tokens,
          inputCostUsd: (r.tokens * p) / 1e6,
          costPerMEnglishWordsUsd: costPerM,
          extraPct: r.baselineTokens > 0 ? 100 * (r.tokens / r.baselineTokens - 1) : NaN,
          extraPerMEnglishWordsUsd: extraPerM,
          priceInputPerMTok: p,
          priceSource: price.source,
          priceDate: price.dateChecked,
        };
        if (opts.monthlyWords !== undefined) {
          row.monthlyWords = opts.monthlyWords;
          row.monthlyCostUsd = (opts.monthlyWords / 1e6) * costPerM;
          row.monthlyExtraUsd = (opts.monthlyWords / 1e6) * extraPerM;
        }
        out.push(row);
      }
    }
  }
  return out;
}

/**
 * The "Costs:" notes of a run: price rows whose tokenizer the run lacks (only for a price file that names
 * tokenizers, i.e. without the model catalog), and tokenizers of the run that no priced model is counted with.
 * Shared by the analysis and `tokentax report`, which recomputes them after a price edit.
 */
export function costNotes(
  summary: readonly SummaryRow[],
  prices: readonly PriceRow[],
  withModels: boolean,
): string[] {
  const inRun = new Set(summary.map((r) => r.tokenizer));
  const notes: string[] = [];
  const unpriced = withModels
    ? []
    : [...new Set(prices.filter((p) => !inRun.has(p.tokenizer)).map((p) => p.tokenizer))];
  if (unpriced.length)
    notes.push(`Costs: price rows for tokenizers not in this run are skipped (${unpriced.join(', ')}).`);
  const noPrice = [...inRun].filter((t) => !prices.some((p) => p.tokenizer === t));
  if (noPrice.length) notes.push(`Costs: no priced model is counted with ${noPrice.join(', ')} in this run.`);
  return notes;
}
