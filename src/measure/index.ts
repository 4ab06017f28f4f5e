export { measureCorpus, type MeasureOptions, type MeasureProgress } from './measure.js';
export { InProcessRunner, countChunk, packWords } from './chunk.js';
export type { ChunkRunner, ChunkTask, ChunkResult } from './types.js';
export { WordCounter } from './continued.js';
export { words, textStats, codePoints, utf8Bytes, type Word } from './text.js';
export {
  createRunner,
  type AsyncCounter,
  type RunnerHandle,
  type RunnerOptions,
  type RunnerStats,
} from './runner.js';
export { CountCache, type CountCacheOptions, type CountCacheStats } from './cache.js';
