// OpenAI encodings (r50k/gpt2, p50k, cl100k, o200k, o200k_harmony) through gpt-tokenizer: the fastest exact
// engine for them measured here, with a counting path that builds no array.
import { basename } from 'node:path';
import { tokenizerError } from '../../errors.js';
import type { LoadedFrom, Tokenizer, TokenizerInfo } from '../../types.js';
import { bytesForDisplay, decodeRanks, defaultLoadedFrom, fixBomLookup, type RankTable } from './shared.js';

const ENCODINGS = ['r50k_base', 'p50k_base', 'cl100k_base', 'o200k_base', 'o200k_harmony'] as const;
type Encoding = (typeof ENCODINGS)[number];

type EncodingModule = { default: import('gpt-tokenizer/GptEncoding').GptEncoding };

// Literal specifiers so each encoding's ranks are loaded only when asked for.
export async function importEncoding(name: Encoding): Promise<EncodingModule> {
  switch (name) {
    case 'r50k_base':
      return import('gpt-tokenizer/encoding/r50k_base');
    case 'p50k_base':
      return import('gpt-tokenizer/encoding/p50k_base');
    case 'cl100k_base':
      return import('gpt-tokenizer/encoding/cl100k_base');
    case 'o200k_base':
      return import('gpt-tokenizer/encoding/o200k_base');
    case 'o200k_harmony':
      return import('gpt-tokenizer/encoding/o200k_harmony');
  }
}

async function importRanks(name: Encoding): Promise<RankTable> {
  switch (name) {
    case 'r50k_base':
      return (await import('gpt-tokenizer/bpeRanks/r50k_base')).default as RankTable;
    case 'p50k_base':
      return (await import('gpt-tokenizer/bpeRanks/p50k_base')).default as RankTable;
    case 'cl100k_base':
      return (await import('gpt-tokenizer/bpeRanks/cl100k_base')).default as RankTable;
    // o200k_harmony uses o200k_base's ranks (it only adds special tokens).
    case 'o200k_base':
    case 'o200k_harmony':
      return (await import('gpt-tokenizer/bpeRanks/o200k_base')).default as RankTable;
  }
}

/** The encoding an entry names: the basename of its first file (e.g. esm/bpeRanks/o200k_base.js), else its id. */
export function encodingOf(info: TokenizerInfo, files: readonly string[]): Encoding {
  const candidates = [...files.map((f) => basename(f).replace(/\.((c|m)?js|json)$/, '')), info.id];
  for (const c of candidates) {
    if (c === 'gpt2') return 'r50k_base';
    if ((ENCODINGS as readonly string[]).includes(c)) return c as Encoding;
  }
  throw tokenizerError(
    `tokenizer ${info.id}: the gpt-tokenizer engine cannot tell which encoding to use`,
    `name one of ${ENCODINGS.join(', ')} as the entry's file (e.g. esm/bpeRanks/o200k_base.js)`,
  );
}

// Special tokens disallowed-as-special yet not rejected: "<|endoftext|>" in the input is plain text,
// as in tiktoken's encode_ordinary.
const PLAIN_TEXT = { disallowedSpecial: new Set<string>() };

export async function createGptTokenizer(
  info: TokenizerInfo,
  files: string[],
  loadedFrom?: LoadedFrom,
): Promise<Tokenizer> {
  const name = encodingOf(info, files);
  const [mod, ranks] = await Promise.all([importEncoding(name), importRanks(name)]);
  const api = mod.default;
  fixBomLookup((api as unknown as { bytePairEncodingCoreProcessor: unknown }).bytePairEncodingCoreProcessor);
  // Special ids (never produced by encode here) are shown by their name.
  const special = (id: number): string => {
    try {
      return api.decode([id]);
    } catch {
      return `<special ${id}>`;
    }
  };
  return {
    info,
    loadedFrom: loadedFrom ?? defaultLoadedFrom(info, files),
    encode: (text) => api.encode(text, PLAIN_TEXT),
    count: (text) => api.countTokens(text, PLAIN_TEXT),
    decode: (ids) => decodeRanks(ranks, ids, special),
    tokenStrings: (ids) =>
      Array.from(ids, (id) => {
        const r = ranks[id];
        if (typeof r === 'string') return r;
        if (r !== undefined) return bytesForDisplay(r);
        return special(id);
      }),
    isFallback: () => false,
  };
}

export default createGptTokenizer;
