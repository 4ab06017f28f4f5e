// Provider token-counting APIs (Anthropic count_tokens, Gemini countTokens, OpenAI responses/input_tokens, xAI tokenize-text) as
// counters behind the same ChunkRunner interface as local tokenizers (see src/measure/runner.ts).
export { PROTOCOLS, type ProviderProtocol } from './protocol.js';
export { RateLimiter, requestCount, showUrl, type Endpoint } from './http.js';
export { measureFraming, PROBES, PROBE_TEXTS, type Framing } from './framing.js';
export { RemoteCounters, fmtDuration, type RawCountStore, type RemoteOptions } from './counters.js';
export {
  parseApiRef,
  apiKey,
  apiUnusable,
  cacheEndpoint,
  mappedLine,
  splitIdsForCommand,
  remoteSpec,
  splitTokenizerIds,
  resolveRemote,
  defaultApiRefs,
  apiCountedModels,
  listRemote,
  COUNT_ONLY,
  type Env,
  type SplitIds,
} from './refs.js';
