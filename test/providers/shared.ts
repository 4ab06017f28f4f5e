// What the provider tests share: o200k_base as the stand-ins' tokenizer, and made-up keys.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  startApiServer,
  type ApiServer,
  type ApiServerOptions,
  type Provider,
} from '../fixtures/api-server.js';
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

/** A four-segment en/fr JSONL corpus in `dir` (no ../shared needed), for CLI runs against the stand-ins. */
export function smallCorpus(dir: string): string {
  const path = join(dir, 'small.jsonl');
  const rows = [
    ['Hello there, friend.', 'Bonjour, mon ami.'],
    ['The train leaves at nine.', 'Le train part à neuf heures.'],
    ['Please close the door.', 'Merci de fermer la porte.'],
    ['Where is the station?', 'Où est la gare ?'],
  ];
  writeFileSync(
    path,
    rows.map(([en, fr], i) => JSON.stringify({ id: String(i + 1), en, fr })).join('\n') + '\n',
  );
  return path;
}

/** `tokentax run` on an en/fr corpus with these tokenizers into `out`, with no rate limit to wait for. */
export const apiRunArgs = (corpus: string, tokenizers: string, out: string, ...more: string[]) => [
  'run',
  '--corpus',
  corpus,
  '--langs',
  'en,fr',
  '--tokenizers',
  tokenizers,
  '--out',
  out,
  '--api-rpm',
  '60000',
  ...more,
];

/**
 * A stand-in for `provider` that counts with o200k_base plus `framing` tokens, accepts KEYS[provider] and serves
 * MODELS[provider]; it is pushed onto `servers`, which the test file closes when it ends.
 */
export async function o200kStandIn(
  servers: ApiServer[],
  provider: Provider,
  framing: number,
  more: Partial<ApiServerOptions> = {},
): Promise<ApiServer> {
  const tok = await o200kBase();
  const s = await startApiServer({
    provider,
    framing,
    count: (t) => tok.count(t),
    key: KEYS[provider],
    models: [MODELS[provider]],
    ...more,
  });
  servers.push(s);
  return s;
}
