// The bill: what a workload costs a month on one model in one language, input, cached input and output apart.
// Pure arithmetic; the token ratios come from the measured corpus (see models.ts), the prices from prices/.
import type { Bill, PriceRow, PriceTier, Workload } from '../types.js';

/** Prices in effect for a request with this many input tokens: the highest tier it exceeds, else the base. */
export function tierFor(
  price: Pick<PriceRow, 'inputPerMTok' | 'outputPerMTok' | 'cachedInputPerMTok' | 'tiers'>,
  inputTokens: number,
): { tier: string; input: number; output: number; cached?: number } {
  let t: PriceTier | undefined;
  for (const x of price.tiers ?? []) if (inputTokens > x.aboveInputTokens) t = x;
  if (!t)
    return {
      tier: 'base',
      input: price.inputPerMTok,
      output: price.outputPerMTok,
      cached: price.cachedInputPerMTok,
    };
  return {
    tier: `> ${t.aboveInputTokens.toLocaleString('en-US')} input tokens`,
    input: t.inputPerMTok,
    output: t.outputPerMTok,
    cached: t.cachedInputPerMTok,
  };
}

/**
 * The monthly bill. With w_in, w_out the English-equivalent words per request, r_in, r_out the tokens per
 * English word of the input and output text (measured), c the cached share of the input, R requests a month
 * and p_in, p_cached, p_out USD per 1M tokens of the tier the request's input falls in:
 *   I = r_in × w_in,  O = r_out × w_out                        (tokens per request)
 *   input  = R × (1 − c) × I × p_in / 1e6
 *   cached = R × c × I × p_cached / 1e6                        (p_cached = p_in when the model has no cache price)
 *   output = R × O × p_out / 1e6
 * The output term depends on the output words and r_out only, so changing w_out changes nothing else.
 */
export function computeBill(
  w: Pick<Workload, 'requestsPerMonth' | 'inputWords' | 'outputWords' | 'cachedShare'>,
  tokensPerWord: { input: number; output: number },
  price: Pick<PriceRow, 'inputPerMTok' | 'outputPerMTok' | 'cachedInputPerMTok' | 'tiers'>,
): Bill {
  const I = tokensPerWord.input * w.inputWords;
  const O = tokensPerWord.output * w.outputWords;
  const p = tierFor(price, I);
  const R = w.requestsPerMonth;
  const inputUsd = (R * (1 - w.cachedShare) * I * p.input) / 1e6;
  const cachedInputUsd = (R * w.cachedShare * I * (p.cached ?? p.input)) / 1e6;
  const outputUsd = (R * O * p.output) / 1e6;
  return {
    inputTokensPerRequest: I,
    outputTokensPerRequest: O,
    priceTier: p.tier,
    inputUsd,
    cachedInputUsd,
    outputUsd,
    totalUsd: inputUsd + cachedInputUsd + outputUsd,
  };
}

/** An amount in the currency of the run: USD unless a rate (units per USD) is given; no rate is ever guessed. */
export function inCurrency(
  usd: number,
  currency?: { code: string; perUsd: number },
): { amount: number; code: string } {
  return currency ? { amount: usd * currency.perUsd, code: currency.code } : { amount: usd, code: 'USD' };
}

/**
 * What every bill of a run assumes, in plain sentences: the report, the bill slide and manifest.json
 * (`billCaveats`) state them where the money is.
 */
export function billCaveats(
  w: Workload,
  o: { baselineName: string; priceSource?: string; currency?: { code: string; perUsd: number } },
): string[] {
  const domains = [...new Set([w.inputDomain, w.outputDomain].filter(Boolean))];
  const where = domains.length
    ? ` (over the ${domains.join(' and ')} domain when the corpus has it, else the whole corpus)`
    : '';
  return [
    `The workload (${w.name}: requests a month, ${o.baselineName}-equivalent words in and out, cached share) is a declared assumption, not a measurement.`,
    w.inputLang === 'baseline'
      ? `The input is ${o.baselineName} text whatever the language; the output written in a language carries that language's token premium as measured on this corpus${where}.`
      : `Input and output written in a language carry that language's token premium as measured on this corpus${where}.`,
    "Reasoning models' hidden reasoning tokens are billed as output but are not counted here: their bills are lower bounds, and their extra for a language may differ.",
    `List prices${o.priceSource ? ` of ${o.priceSource}` : ''}, before any discount, batch rate or tax; a request whose input passes a context tier pays that tier's prices for the whole request.`,
    o.currency
      ? `Money in ${o.currency.code} at ${o.currency.perUsd} per USD (--fx), a rate given by the user.`
      : 'Money in USD (no exchange rate is guessed).',
  ];
}
