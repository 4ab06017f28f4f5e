// Any Hugging Face tokenizer.json (+ tokenizer_config.json) through @huggingface/tokenizers, the tokenizer
// engine of transformers.js: pure JavaScript, and it gives the reference ids for every file tried here.
// Encoding never adds special tokens (add_special_tokens: false), and added tokens marked "special" are not
// matched in the input, so "<s>" or "<|endoftext|>" written in a text count as the characters they are.
// Non-special added tokens (e.g. Qwen's "<think>", Gemma's HTML tags and whitespace runs) stay: they are
// ordinary vocabulary, matched before the model runs as in the Rust library.
import { tokenizerError } from '../../errors.js';
import type { LoadedFrom, Tokenizer, TokenizerInfo } from '../../types.js';
import {
  byteLevelToBytes,
  bytesForDisplay,
  corrupt,
  countHfVocab,
  defaultLoadedFrom,
  pickFile,
  readJson,
} from './shared.js';
import { MergeBpe } from './sp-bpe.js';

interface AddedTokenJson {
  id: number;
  content: string;
  special?: boolean;
}
interface TokenizerJson {
  model?: { type?: string; unk_token?: string | null; byte_fallback?: boolean; vocab?: unknown };
  added_tokens?: AddedTokenJson[];
  decoder?: unknown;
  pre_tokenizer?: unknown;
}

const BYTE_PIECE = /^<0x([0-9A-Fa-f]{2})>$/;

/**
 * Loads a tokenizer.json. `files` are absolute paths; the one named tokenizer.json is required,
 * tokenizer_config.json is used when present. `loadedFrom` defaults to a description of those files.
 */
export async function createHfJsonTokenizer(
  info: TokenizerInfo,
  files: string[],
  loadedFrom?: LoadedFrom,
): Promise<Tokenizer> {
  const jsonFile = pickFile(info, files, 'tokenizer.json');
  const configFile = pickFile(info, files, 'tokenizer_config.json', false);
  const json = readJson(info, jsonFile) as TokenizerJson;
  if (!json || typeof json !== 'object' || !json.model || typeof json.model !== 'object')
    throw corrupt(info, jsonFile, 'no model section');
  const config = configFile ? (readJson(info, configFile) as Record<string, unknown>) : {};
  const added = Array.isArray(json.added_tokens) ? json.added_tokens : [];
  const specials = added.filter((t) => t.special);

  const { Tokenizer: HfTokenizer } = await import('@huggingface/tokenizers');
  let tok: InstanceType<typeof HfTokenizer>;
  try {
    tok = new HfTokenizer({ ...json, added_tokens: added.filter((t) => !t.special) }, config ?? {});
  } catch (e) {
    throw tokenizerError(
      `tokenizer ${info.id}: @huggingface/tokenizers cannot read ${jsonFile} (${(e as Error).message})`,
      'the file uses a feature this engine lacks or is damaged; try another copy of the tokenizer',
    );
  }

  useFastBpe(tok.model as unknown as BpeModel | null, json);

  // Pieces for decode/display, including the special tokens left out of the encoder.
  const specialById = new Map(specials.map((t) => [t.id, t.content] as const));
  const piece = (id: number): string | undefined => specialById.get(id) ?? tok.id_to_token(id);

  const byteLevel =
    /"ByteLevel"/.test(JSON.stringify(json.decoder ?? null)) ||
    /"ByteLevel"/.test(JSON.stringify(json.pre_tokenizer ?? null));
  const unk = typeof json.model.unk_token === 'string' ? tok.token_to_id(json.model.unk_token) : undefined;
  const fallbackIds = new Set<number>();
  if (unk !== undefined) fallbackIds.add(unk);
  if (json.model.byte_fallback) {
    for (let b = 0; b < 256; b++) {
      const id = tok.token_to_id(`<0x${b.toString(16).toUpperCase().padStart(2, '0')}>`);
      if (id !== undefined) fallbackIds.add(id);
    }
  }

  const encode = (text: string): number[] =>
    text.length === 0 ? [] : tok.encode(text, { add_special_tokens: false }).ids;
  const display = (id: number): string => {
    const p = piece(id);
    if (p === undefined) return `<unknown id ${id}>`;
    if (specialById.has(id) || BYTE_PIECE.test(p)) return p;
    if (byteLevel) {
      const bytes = byteLevelToBytes(p);
      return bytes ? bytesForDisplay(bytes) : p;
    }
    return p.replaceAll('\u2581', ' ');
  };
  return {
    info,
    loadedFrom: loadedFrom ?? defaultLoadedFrom(info, files),
    encode,
    count: (text) => encode(text).length,
    decode: (ids) => {
      const list = Array.from(ids);
      return list.length === 0
        ? ''
        : tok.decode(list, { skip_special_tokens: false, clean_up_tokenization_spaces: false });
    },
    tokenStrings: (ids) => Array.from(ids, display),
    isFallback: (id) => fallbackIds.has(id),
    vocabSize: countHfVocab(json),
  };
}

export default createHfJsonTokenizer;

/** The parts of @huggingface/tokenizers' BPE model that the fast path reads or replaces. */
interface BpeModel {
  tokens_to_ids: Map<string, number>;
  vocab: (string | undefined)[];
  merges: [string, string][];
  end_of_word_suffix?: string | null;
  continuing_subword_suffix?: string | null;
  bpe(token: string): string[];
}

const FAST_CACHE_LIMIT = 100_000; // pieces; bounded memory (cleared when full)

/**
 * Replaces the BPE model's merge loop (string-keyed merges looked up through JSON.stringify, a 10,000-entry
 * LRU cache) with MergeBpe on integer ids and a larger cache. The rule is the same: lowest merge index first,
 * leftmost among equals, merge results looked up in the vocabulary. Used only when every merge joins two
 * vocabulary pieces into a vocabulary piece and no word suffixes are configured; a word holding a character
 * outside the vocabulary still goes through the library's own loop. Returns whether the fast path is on.
 */
function useFastBpe(model: BpeModel | null, json: TokenizerJson): boolean {
  const cfg = json.model as Record<string, unknown>;
  if (!model || cfg.type !== 'BPE' || cfg.dropout || cfg.end_of_word_suffix || cfg.continuing_subword_prefix)
    return false;
  if (model.end_of_word_suffix || model.continuing_subword_suffix || typeof model.bpe !== 'function')
    return false;
  if (!(model.tokens_to_ids instanceof Map) || !Array.isArray(model.merges) || !Array.isArray(model.vocab))
    return false;
  const t2i = model.tokens_to_ids;
  const pairs = new Int32Array(model.merges.length * 2);
  for (let i = 0; i < model.merges.length; i++) {
    const m = model.merges[i];
    const l = t2i.get(m?.[0]);
    const r = t2i.get(m?.[1]);
    if (l === undefined || r === undefined || !t2i.has(m[0] + m[1])) return false;
    pairs[2 * i] = l;
    pairs[2 * i + 1] = r;
  }
  const vocab = model.vocab;
  const bpe = new MergeBpe(vocab.length, pairs, (l, r) => t2i.get((vocab[l] ?? '') + (vocab[r] ?? '')));
  const original = model.bpe.bind(model);
  const cache = new Map<string, string[]>();
  let sym = new Int32Array(64);
  model.bpe = (token: string): string[] => {
    if (token.length === 0) return [];
    const hit = cache.get(token);
    if (hit) return hit;
    if (sym.length < token.length) sym = new Int32Array(token.length * 2);
    let n = 0;
    for (const ch of token) {
      const id = t2i.get(ch);
      if (id === undefined) return original(token);
      sym[n++] = id;
    }
    const ids = bpe.merge(sym, n);
    const out = Array.from(ids, (id) => vocab[id] as string);
    if (cache.size >= FAST_CACHE_LIMIT) cache.clear();
    cache.set(token, out);
    return out;
  };
  return true;
}
