// The tiktoken-style vocabularies on tiktoken's WebAssembly BPE (wasm-bpe.ts), one engine kind per file format:
//   tiktoken-wasm          a tiktoken encoder file {pat_str, special_tokens, bpe_ranks} (tiktoken/encoders/*.json)
//   anthropic-legacy-wasm  claude.json of @anthropic-ai/tokenizer (same format), input NFKC-normalised as the package does
//   tiktoken-ranks-wasm    Mistral's tekken.json (mistral-common's Tekkenizer recipe, as in tiktoken-ranks.ts)
//   tiktoken-file-wasm     a tiktoken ranks file ("<base64> <rank>" lines; Llama 4's tokenizer.model) with the
//                          pattern and special-token count its catalog entry gives (tiktokenFile)
//   llama3-wasm            llama3-tokenizer-js's byte-level vocabulary, ids as ranks, Meta's pattern
//   hf-bpe-wasm            a Hugging Face byte-level BPE tokenizer.json whose merges are tiktoken's rank order (Qwen)
// Each reads the same files as its JavaScript counterpart and gives the same ids on FLORES devtest (tested).
import { join } from 'node:path';
import type { LoadedFrom, Tokenizer, TokenizerInfo } from '../../types.js';
import { LLAMA3_N_RANKS, LLAMA3_PATTERN, llama3SpecialName, readLlama3Vocab } from './llama3-js.js';
import {
  corrupt,
  defaultLoadedFrom,
  pickFile,
  readAddedTokens,
  readHfBpeJson,
  readJson,
  readText,
  splitMerge,
} from './shared.js';
import { combinedSplitPattern } from './split-sequences.js';
import { findPackage } from '../../paths.js';
import { checkRanksFile } from './ranks-file.js';
import { readTekken } from './tiktoken-ranks.js';
import { byteLevelBfe, shiftCompressedRanks, wasmBpeTokenizer } from './wasm-bpe.js';

interface TiktokenJson {
  pat_str: string;
  special_tokens?: Record<string, number>;
  bpe_ranks: string;
}

function fromTiktokenJson(
  info: TokenizerInfo,
  files: string[],
  loadedFrom: LoadedFrom | undefined,
  name: string | RegExp,
  normalize?: (text: string) => string,
): Tokenizer {
  const file = pickFile(info, files, name);
  const data = readJson(info, file) as TiktokenJson;
  if (typeof data?.pat_str !== 'string' || typeof data.bpe_ranks !== 'string')
    throw corrupt(info, file, 'no pat_str or bpe_ranks');
  // Rewritten by us rather than passed as is: tiktoken reads a text as compressed only when it starts with "!".
  const ranks = shiftCompressedRanks(data.bpe_ranks);
  if (!ranks || ranks.ranks === 0)
    throw corrupt(info, file, "bpe_ranks is not in tiktoken's compressed format");
  const names = new Map(Object.entries(data.special_tokens ?? {}).map(([k, v]) => [v, k] as const));
  return wasmBpeTokenizer({
    info,
    loadedFrom: loadedFrom ?? defaultLoadedFrom(info, files),
    file,
    bfe: ranks.bfe,
    pattern: data.pat_str,
    normalize,
    specialName: (id) => names.get(id),
  });
}

/** OpenAI encodings from tiktoken's own encoder files (e.g. encoders/o200k_base.json). */
export async function createTiktokenWasmTokenizer(
  info: TokenizerInfo,
  files: string[],
  loadedFrom?: LoadedFrom,
): Promise<Tokenizer> {
  return tiktokenJsonTokenizer(info, files, loadedFrom);
}

/** The same, synchronously (the WASM module compiles synchronously): for an engine that loads it on first need. */
export function tiktokenJsonTokenizer(
  info: TokenizerInfo,
  files: string[],
  loadedFrom?: LoadedFrom,
): Tokenizer {
  return fromTiktokenJson(info, files, loadedFrom, /\.json$/);
}

/** The legacy Claude tokenizer: claude.json, NFKC first (so decode() returns the NFKC form of the text). */
export async function createAnthropicLegacyWasmTokenizer(
  info: TokenizerInfo,
  files: string[],
  loadedFrom?: LoadedFrom,
): Promise<Tokenizer> {
  return fromTiktokenJson(info, files, loadedFrom, 'claude.json', (text) => text.normalize('NFKC'));
}

/** tekken.json: the first default_vocab_size - default_num_special_tokens ranks, at ids rank + default_num_special_tokens. */
export async function createTekkenWasmTokenizer(
  info: TokenizerInfo,
  files: string[],
  loadedFrom?: LoadedFrom,
): Promise<Tokenizer> {
  const file = pickFile(info, files, /\.json$/);
  const t = readTekken(info, file);
  let bfe: string;
  let found: number;
  if (t.vocab) {
    const lines: string[] = [];
    for (const v of t.vocab)
      if (v.rank >= 0 && v.rank < t.nRanks) lines.push(`${v.token_bytes} ${v.rank + t.nSpecial}`);
    bfe = lines.join('\n');
    found = lines.length;
  } else {
    const r = shiftCompressedRanks(t.bpeRanks!, t.nSpecial, t.nRanks);
    if (!r) throw corrupt(info, file, "bpe_ranks is not in tiktoken's compressed format");
    ({ bfe, ranks: found } = r);
  }
  if (found !== t.nRanks) throw corrupt(info, file, `expected ${t.nRanks} ranks, found ${found}`);
  return wasmBpeTokenizer({
    info,
    loadedFrom: loadedFrom ?? defaultLoadedFrom(info, files),
    file,
    bfe,
    pattern: t.config.pattern,
    specialName: (id) => (id >= 0 && id < t.nSpecial ? t.specialName(id) : undefined),
  });
}

/**
 * A tiktoken ranks file, as Meta's Llama 4 tokenizer.py loads it: tiktoken.Encoding(pat_str, mergeable_ranks =
 * load_tiktoken_bpe(file), special_tokens after the last rank). The pattern is the `pat_str` of the tiktoken
 * encoding the entry names (Meta's O200K_PATTERN is o200k_base's, character for character), read from the
 * tiktoken package rather than copied here. Special tokens are never matched in text (text-only counts).
 */
export async function createTiktokenFileWasmTokenizer(
  info: TokenizerInfo,
  files: string[],
  loadedFrom?: LoadedFrom,
): Promise<Tokenizer> {
  const spec = info.tiktokenFile;
  const file = pickFile(info, files, /./);
  if (!spec)
    throw corrupt(
      info,
      file,
      'a tiktoken ranks file carries no pre-tokenizer pattern, and no catalog entry gives one for it',
    );
  const text = readText(info, file);
  const check = checkRanksFile(text);
  if ('bad' in check) throw corrupt(info, file, `not a tiktoken ranks file: ${check.bad}`);
  if (check.ranks !== spec.ranks)
    throw corrupt(info, file, `expected ${spec.ranks} ranks, found ${check.ranks}`);
  return wasmBpeTokenizer({
    info,
    loadedFrom: loadedFrom ?? defaultLoadedFrom(info, files),
    file,
    bfe: text,
    pattern: encodingPattern(info, spec.pattern),
    vocabSize: check.ranks + spec.specialTokens,
  });
}

/** The pre-tokenizer pattern of a tiktoken encoding, from the tiktoken package's encoder file. */
function encodingPattern(info: TokenizerInfo, encoding: string): string {
  const pkg = findPackage('tiktoken');
  const file = pkg ? join(pkg.dir, 'encoders', `${encoding}.json`) : `tiktoken/encoders/${encoding}.json`;
  const pat = (readJson(info, file) as { pat_str?: unknown })?.pat_str;
  if (typeof pat !== 'string') throw corrupt(info, file, 'no pat_str');
  return pat;
}

/** Llama 3: Meta's tokenizer is tiktoken with ranks = ids; the package holds them in GPT-2's byte-level alphabet. */
export async function createLlama3WasmTokenizer(
  info: TokenizerInfo,
  files: string[],
  loadedFrom?: LoadedFrom,
): Promise<Tokenizer> {
  const file = pickFile(info, files, /\.(c|m)?js$/);
  const vocab = await readLlama3Vocab(info, file);
  const ids = Array.from({ length: LLAMA3_N_RANKS }, (_, i) => i);
  const r = byteLevelBfe(vocab.slice(0, LLAMA3_N_RANKS), ids);
  if ('bad' in r) throw corrupt(info, file, `token ${r.bad} is not in the byte-level alphabet`);
  return wasmBpeTokenizer({
    info,
    loadedFrom: loadedFrom ?? defaultLoadedFrom(info, files),
    file,
    bfe: r.bfe,
    pattern: LLAMA3_PATTERN,
    specialName: (id) =>
      id >= LLAMA3_N_RANKS && id < LLAMA3_N_RANKS + 256 ? llama3SpecialName(id) : undefined,
  });
}

// ---------------------------------------------------------------- Hugging Face byte-level BPE

interface PreTokenizerJson {
  type?: string;
  pattern?: { Regex?: unknown };
  behavior?: string;
  invert?: boolean;
  use_regex?: boolean;
  add_prefix_space?: boolean;
}
interface HfJson {
  normalizer?: { type?: string; normalizers?: unknown[] } | null;
  pre_tokenizer?: { type?: string; pretokenizers?: PreTokenizerJson[] } | null;
  model?: Record<string, unknown> & { vocab?: unknown; merges?: unknown };
  added_tokens?: { id: number; content: string; special?: boolean }[];
}

const NORMALIZERS: Record<string, (text: string) => string> = {
  NFC: (t) => t.normalize('NFC'),
  NFKC: (t) => t.normalize('NFKC'),
  NFD: (t) => t.normalize('NFD'),
  NFKD: (t) => t.normalize('NFKD'),
};

/**
 * A byte-level BPE tokenizer.json (Qwen2/2.5/3 style: optional Unicode normaliser, one Split regex then
 * ByteLevel without its own regex; or several Splits that split-sequences.ts knows as one pattern, DeepSeek-V3)
 * on tiktoken's WASM BPE: ranks = vocabulary ids, bytes = the token strings mapped back from GPT-2's byte-level
 * alphabet. tiktoken merges the adjacent pair whose result has the lowest rank, Hugging Face the pair with the
 * lowest merge index; the two agree when merge i creates the i-th non-byte token and every rank is a byte or a
 * merge result, which is checked here (anything else is refused: use the hf-json engine). Special added tokens
 * that sit in the vocabulary without being a byte or a merge result (DeepSeek's "<｜begin▁of▁sentence｜>") are
 * left out of the ranks: no merge can produce them. Non-special added tokens are matched in the raw text first,
 * as the tokenizers library does; special ones are not matched (their text counts as ordinary characters).
 */
export async function createHfBpeWasmTokenizer(
  info: TokenizerInfo,
  files: string[],
  loadedFrom?: LoadedFrom,
): Promise<Tokenizer> {
  const { file, json, model, unsupported } = readHfBpeJson<HfJson>(info, files);
  if (
    model.dropout ||
    model.byte_fallback ||
    model.ignore_merges ||
    model.continuing_subword_prefix ||
    model.end_of_word_suffix
  ) {
    throw unsupported(
      "its BPE options (dropout, byte_fallback, ignore_merges or word affixes) are not tiktoken's",
    );
  }

  let normalize: ((text: string) => string) | undefined;
  // An empty Sequence (DeepSeek-V3) normalises nothing.
  const noNormalizer =
    json.normalizer?.type === 'Sequence' &&
    Array.isArray(json.normalizer.normalizers) &&
    json.normalizer.normalizers.length === 0;
  if (json.normalizer && !noNormalizer) {
    normalize = NORMALIZERS[json.normalizer.type ?? ''];
    if (!normalize)
      throw unsupported(`normalizer ${String(json.normalizer.type)} is not NFC, NFKC, NFD or NFKD`);
  }
  const pre = json.pre_tokenizer?.type === 'Sequence' ? (json.pre_tokenizer.pretokenizers ?? []) : [];
  const splits = pre.slice(0, -1);
  const byteLevel = pre.at(-1);
  if (
    !splits.length ||
    splits.some(
      (x) =>
        x?.type !== 'Split' || typeof x.pattern?.Regex !== 'string' || x.behavior !== 'Isolated' || x.invert,
    ) ||
    byteLevel?.type !== 'ByteLevel' ||
    byteLevel.use_regex ||
    byteLevel.add_prefix_space
  ) {
    throw unsupported(
      'its pre-tokenizer is not Split regexes (isolated) followed by ByteLevel without regex',
    );
  }
  const pattern = combinedSplitPattern(splits.map((x) => x.pattern!.Regex as string));
  if (pattern === undefined)
    throw unsupported(
      `its ${splits.length} Split regexes in sequence are not known to equal one pattern (split-sequences.ts)`,
    );

  // Ranks: vocabulary ids. Merge i must create the i-th token after the single bytes, in id order.
  const vocab = model.vocab as Record<string, number> | undefined;
  const merges = model.merges as (string | [string, string])[] | undefined;
  if (!vocab || typeof vocab !== 'object' || !Array.isArray(merges))
    throw corrupt(info, file, 'no BPE vocab or merges');
  const addedTokens = Array.isArray(json.added_tokens) ? json.added_tokens : [];
  const specialIds = new Map(addedTokens.filter((t) => t?.special).map((t) => [t.content, t.id] as const));
  const idOf = (t: string): number | undefined => (Object.hasOwn(vocab, t) ? vocab[t] : undefined);
  const mergeResults = new Set<string>();
  for (const m of merges) {
    const [a, b] = typeof m === 'string' ? splitMerge(m) : m;
    mergeResults.add(a + b);
  }
  const tokens: string[] = [];
  const ids: number[] = [];
  let singles = 0;
  for (const t in vocab) {
    const id = vocab[t];
    if (!Number.isInteger(id) || id < 0)
      throw corrupt(info, file, `the id of ${JSON.stringify(t)} is not a non-negative integer`);
    if (t.length !== 1 && !mergeResults.has(t) && specialIds.get(t) === id) continue;
    tokens.push(t);
    ids.push(id);
    if (t.length === 1) singles++;
  }
  if (singles !== 256 || tokens.length !== 256 + merges.length)
    throw unsupported(
      `its vocabulary (${tokens.length}) is not the 256 bytes plus one token per merge (${merges.length})`,
    );
  let last = -1;
  for (let i = 0; i < merges.length; i++) {
    const m = merges[i];
    const [a, b] = typeof m === 'string' ? splitMerge(m) : m;
    const id = idOf(a + b);
    if (id === undefined || id <= last || idOf(a) === undefined || idOf(b) === undefined) {
      throw unsupported(`merge ${i} (${JSON.stringify(m)}) does not create the next vocabulary id`);
    }
    last = id;
  }
  const r = byteLevelBfe(tokens, ids);
  if ('bad' in r)
    throw unsupported(`token ${JSON.stringify(tokens[r.bad])} is not in GPT-2's byte-level alphabet`);

  const { added, specials } = readAddedTokens(info, file, addedTokens, normalize !== undefined);
  return wasmBpeTokenizer({
    info,
    loadedFrom: loadedFrom ?? defaultLoadedFrom(info, files),
    file,
    bfe: r.bfe,
    pattern,
    normalize,
    added,
    specialName: (id) => specials.get(id),
  });
}
