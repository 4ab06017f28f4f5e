// Public API of the analysis stage.
export { analyze, tokensPerWordOf, type AnalysisContext } from './analyze.js';
export { computeCosts, costNotes, type CostOptions } from './costs.js';
export { buildHeadline, type HeadlineOptions } from './headline.js';
export { billCaveats, computeBill, inCurrency, tierFor } from './bill.js';
export {
  CLAIM_BASELINE,
  claimBandVerdict,
  claimFinding,
  claimSubjectSentences,
  claimHeadlineText,
  claimRows,
  MIN_SEGMENTS,
  tokenizerShareVerdict,
  type ClaimOptions,
} from './claim.js';
export { measuredModelRows, priceModelRows, type ModelRowOptions, type TokensPerWord } from './models.js';
export { precomputeBootstrap } from './bootstrap.js';
export * as stats from './stats.js';
