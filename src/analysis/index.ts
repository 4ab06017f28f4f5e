// Public API of the analysis stage.
export { analyze, DEFAULT_CONFIDENCE, DEFAULT_REFERENCE, DEFAULT_RESAMPLES } from './analyze.js';
export { computeCosts, type CostOptions } from './costs.js';
export {
  buildHeadline, CLAIM_SOURCE, DEFAULT_CLAIM_PCT, fmtPct, languageName, type HeadlineOptions,
} from './headline.js';
export { DEFAULT_PRICES_FILE, loadPrices, mergePrices, PRICE_COLUMNS, pricesToCsv, type LoadedPrices } from './prices.js';
export * as stats from './stats.js';
