// Public API of the analysis stage.
export {
  analyze,
  DEFAULT_CONFIDENCE,
  DEFAULT_REFERENCE,
  DEFAULT_RESAMPLES,
  tokensPerWordOf,
  type AnalysisContext,
} from './analyze.js';
export { computeCosts, costNotes, type CostOptions } from './costs.js';
export { buildHeadline, CLAIM_SOURCE, DEFAULT_CLAIM_PCT, type HeadlineOptions } from './headline.js';
export { billCaveats, computeBill, inCurrency, tierFor } from './bill.js';
export {
  CLAIM_BASELINE,
  claimBandVerdict,
  claimFinding,
  claimSubjectSentences,
  claimHeadlineText,
  claimRows,
  DEFAULT_CLAIM_MARGIN,
  MIN_SEGMENTS,
  tokenizerShareVerdict,
  type ClaimOptions,
} from './claim.js';
export { measuredModelRows, priceModelRows, type ModelRowOptions, type TokensPerWord } from './models.js';
export { precomputeBootstrap } from './bootstrap.js';
export * as stats from './stats.js';
