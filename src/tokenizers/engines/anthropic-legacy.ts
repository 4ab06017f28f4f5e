// The legacy (pre-Claude-3) Claude tokenizer from @anthropic-ai/tokenizer: a tiktoken BPE over claude.json.
// The package NFKC-normalises its input before encoding, so this engine does the same; decode() therefore
// returns the NFKC form of the text. The package's own encoder (tiktoken WASM) gives the same ids; this one
// runs on gpt-tokenizer's core, which was faster here, and treats "<EOT>" etc. in the input as plain text.
import type { LoadedFrom, Tokenizer, TokenizerInfo } from '../../types.js';
import {
  corrupt,
  defaultLoadedFrom,
  parseCompressedRanks,
  pickFile,
  readJson,
  tiktokenCoreTokenizer,
} from './shared.js';

interface ClaudeJson {
  pat_str: string;
  special_tokens: Record<string, number>;
  bpe_ranks: string;
}

export async function createAnthropicLegacyTokenizer(
  info: TokenizerInfo,
  files: string[],
  loadedFrom?: LoadedFrom,
): Promise<Tokenizer> {
  const file = pickFile(info, files, 'claude.json');
  const data = readJson(info, file) as ClaudeJson;
  if (typeof data?.pat_str !== 'string' || typeof data.bpe_ranks !== 'string')
    throw corrupt(info, file, 'no pat_str or bpe_ranks');
  let split: RegExp;
  try {
    split = new RegExp(data.pat_str, 'gu');
  } catch (e) {
    throw corrupt(info, file, `its pat_str is not a JavaScript regex: ${(e as Error).message}`);
  }
  const ranks = parseCompressedRanks(info, file, data.bpe_ranks);
  const names = new Map(Object.entries(data.special_tokens ?? {}).map(([k, v]) => [v, k] as const));
  return tiktokenCoreTokenizer({
    info,
    loadedFrom: loadedFrom ?? defaultLoadedFrom(info, files),
    ranks,
    split,
    normalize: (text) => text.normalize('NFKC'),
    specialName: (id) => names.get(id) ?? `<special ${id}>`,
  });
}

export default createAnthropicLegacyTokenizer;
