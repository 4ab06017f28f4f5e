// What the provider tests share: o200k_base as the stand-ins' tokenizer, and made-up keys.
import { loadTokenizer, resolveTokenizers } from '../../src/tokenizers/index.js';
import type { Tokenizer } from '../../src/types.js';

let o200k: Promise<Tokenizer> | undefined;
export function o200kBase(): Promise<Tokenizer> {
  o200k ??= resolveTokenizers(['o200k_base'], { explicit: true }).then((r) => loadTokenizer(r.resolved[0]));
  return o200k;
}

/** Made-up keys that look like no provider's real ones. */
export const KEYS = {
  anthropic: 'test-anthropic-key-0001',
  gemini: 'test-gemini-key-0002',
  openai: 'test-openai-key-0003',
  xai: 'test-xai-key-0004',
} as const;

export const MODELS = {
  anthropic: 'claude-standin-1',
  gemini: 'gemini-standin-1',
  openai: 'gpt-standin-1',
  xai: 'grok-standin-1',
} as const;
