// The library API: everything the CLI does, importable from a script or notebook.
export * from './types.js';
export { UserError, ExitCode, isUserError } from './errors.js';
export { openCorpus, listCorpora, normalizeLang, BUILTIN_CORPUS } from './corpus/index.js';
export { catalog, listTokenizers, resolveTokenizers, loadTokenizer } from './tokenizers/index.js';
export {
  models,
  findModel,
  apiRef,
  API_PROVIDERS,
  tokenizerStatus,
  catalogMeta,
  modelState,
  claimData,
  resolveWorkload,
  workloadPresets,
} from './models/index.js';
export type { ResolvedTokenizer } from './tokenizers/index.js';
export { measureCorpus, InProcessRunner, WordCounter, words, textStats } from './measure/index.js';
export { createRunner } from './measure/index.js';
export { analyze, computeCosts, buildHeadline, computeBill, claimBandVerdict } from './analysis/index.js';
export { loadPrices, loadPriceData, updatePriceData } from './prices/index.js';
export { checkDrift, type DriftReport } from './prices/index.js';
export { writeReports, readRun } from './report/index.js';
export { DEFAULTS, LIMITS, resolveConfig, type RunSettings } from './config.js';
export {
  runTokenTax,
  resolveRunConfig,
  CLAIM,
  openTokenizers,
  type RunHooks,
  type RunResult,
  type OpenTokenizersOptions,
  type OpenedTokenizers,
} from './pipeline/index.js';
