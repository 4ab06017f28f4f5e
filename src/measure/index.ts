export { measureCorpus, type MeasureOptions, type MeasureProgress } from './measure.js';
export {
  InProcessRunner,
  countChunk,
  packWords,
  type ChunkRunner,
  type ChunkTask,
  type ChunkResult,
} from './chunk.js';
export { WordCounter } from './continued.js';
export { words, textStats, codePoints, utf8Bytes, type Word } from './text.js';
