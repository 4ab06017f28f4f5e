// Public API of the tokenizers stage.
export { catalog, DEFAULT_TOKENIZERS, LEGACY_TOKENIZERS } from './catalog.js';
export { loadTokenizer } from './load.js';
export {
  resolveTokenizers,
  listTokenizers,
  parseHfSpec,
  HUB_PROBE_MS,
  type DownloadEvent,
  type ResolveOptions,
  type ResolveResult,
} from './resolve.js';
export {
  downloadTo,
  hubCacheDir,
  hubEndpoint,
  ensureHubFiles,
  findCachedFiles,
  type HubOptions,
  type HubFiles,
} from './hub.js';
export { inspectLocal, scanTokenizerDir, resolveFileSpec, type LocalFiles } from './local.js';
export { ensureUrlFile, cachedUrlFile, urlCachePath, type UrlFile, type UrlOptions } from './url.js';
export type { ResolvedTokenizer, ResolvedLocal } from './types.js';
// The measure stage's continued-word counter keeps its word counts in the engines' own map.
export { RangeMap } from './engines/range-map.js';
