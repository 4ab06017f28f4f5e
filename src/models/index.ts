// Public API of the model catalog.
export {
  models,
  catalogMeta,
  findModel,
  apiRef,
  validateModel,
  MODELS_FILE,
  API_PROVIDERS,
  API_REF,
  API_REF_HINT,
  type ApiProvider,
  countingId,
  localTokenizers,
  tokenizerStatus,
  chooseCounting,
  notMeasuredReason,
  type TokenizerModelStatus,
} from './catalog.js';
export { dayOf, isServed, modelState, stateText, type CatalogMeta } from './lifecycle.js';
export {
  claimData,
  CLAIM_FILE,
  factProblem,
  type ClaimData,
  type ClaimFact,
  type ClaimPart,
  type ClaimSubject,
} from './claim.js';
export {
  resolveWorkload,
  workloadPresets,
  defaultWorkloadName,
  workloadsNote,
  WORKLOADS_FILE,
  type WorkloadFlags,
} from './workloads.js';
