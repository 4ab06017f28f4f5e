// Public API of the pipeline stage: one run, from the inputs to the written run folder.
export {
  runTokenTax,
  resolveRunConfig,
  describeSkipped,
  CLAIM,
  type RunHooks,
  type RunResult,
} from './run.js';
export {
  openTokenizers,
  listAllTokenizers,
  type OpenTokenizersOptions,
  type OpenedTokenizers,
} from './tokenizers.js';
