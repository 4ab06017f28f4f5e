// Public API of the pipeline stage: one run, from the inputs to the written run folder.
export {
  runTokenTax,
  checkRunOptions,
  describeSkipped,
  CLAIM,
  DEFAULT_LANGS,
  type RunOptions,
  type RunResult,
} from './run.js';
