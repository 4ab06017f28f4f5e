// Helpers shared by the engine modules: reading files with clear errors, describing where a tokenizer was
// loaded from, showing byte-level tokens honestly, and the tiktoken-style BPE core most engines run on.
import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import { tokenizerError } from '../../errors.js';
import type { LoadedFrom, Tokenizer, TokenizerInfo } from '../../types.js';
import type { ResolvedLocal } from '../types.js';

/** Signature every engine module exports (files are absolute paths). */
export type EngineFactory = (
  info: TokenizerInfo,
  files: string[],
  loadedFrom?: LoadedFrom,
) => Promise<Tokenizer>;

/** The file among `files` whose name is `name` (or ends with it); throws a UserError naming what is missing. */
export function pickFile(
  info: TokenizerInfo,
  files: readonly string[],
  name: string | RegExp,
  required: false,
): string | undefined;
export function pickFile(
  info: TokenizerInfo,
  files: readonly string[],
  name: string | RegExp,
  required?: true,
): string;
export function pickFile(
  info: TokenizerInfo,
  files: readonly string[],
  name: string | RegExp,
  required = true,
): string | undefined {
  const hit = files.find((f) =>
    typeof name === 'string' ? basename(f) === name || f.endsWith(name) : name.test(basename(f)),
  );
  if (!hit && required) {
    throw tokenizerError(
      `tokenizer ${info.id}: no ${String(name)} among its files (${files.map((f) => basename(f)).join(', ') || 'none'})`,
      `supply the ${String(name)} file the ${info.engine} engine reads`,
    );
  }
  return hit;
}

export function readText(info: TokenizerInfo, file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (e) {
    throw tokenizerError(
      `tokenizer ${info.id}: cannot read ${file} (${(e as NodeJS.ErrnoException).code ?? String(e)})`,
      'check that the file exists and is readable, or reinstall the package that ships it',
    );
  }
}

export function readJson(info: TokenizerInfo, file: string): unknown {
  const text = readText(info, file);
  try {
    return JSON.parse(text);
  } catch (e) {
    throw tokenizerError(
      `tokenizer ${info.id}: ${file} is not valid JSON (${(e as Error).message})`,
      'the file is damaged or truncated: download or reinstall it',
    );
  }
}

/** A corrupted-file error with the usual hint. */
export function corrupt(info: TokenizerInfo, file: string, what: string) {
  return tokenizerError(
    `tokenizer ${info.id}: ${basename(file)} is not a usable ${info.engine} file (${what})`,
    'the file is damaged or of another format: download or reinstall it',
  );
}

/** SHA-256 and size of each file (for manifest.json). */
export function describeFiles(files: readonly string[]): LoadedFrom['files'] {
  return files.map((path) => {
    const buf = readFileSync(path);
    return { path, sha256: createHash('sha256').update(buf).digest('hex'), bytes: buf.length };
  });
}

export function loadedFromLocal(local: ResolvedLocal): LoadedFrom {
  return {
    kind: local.kind,
    ref: local.ref,
    version: local.version,
    revision: local.revision,
    files: describeFiles(local.files),
  };
}

/** When an engine is called without a LoadedFrom (e.g. tok-hub calling createHfJsonTokenizer directly). */
export function defaultLoadedFrom(info: TokenizerInfo, files: readonly string[]): LoadedFrom {
  const kind = info.source.kind === 'npm' ? 'npm' : 'file';
  return {
    kind,
    ref: info.source.ref,
    version: info.source.version,
    revision: info.source.revision,
    files: describeFiles(files),
  };
}

export function fileExists(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/** Distinct ids of a tokenizer.json: model vocabulary ∪ added tokens. */
export function countHfVocab(j: unknown): number {
  const ids = new Set<number>();
  const isObj = (v: unknown): v is Record<string, unknown> =>
    typeof v === 'object' && v !== null && !Array.isArray(v);
  const model = isObj(j) && isObj(j.model) ? j.model : undefined;
  const vocab = model?.vocab;
  if (Array.isArray(vocab))
    for (let i = 0; i < vocab.length; i++) ids.add(i); // Unigram: [[piece, score], ...]
  else if (isObj(vocab)) for (const v of Object.values(vocab)) if (typeof v === 'number') ids.add(v);
  const added = isObj(j) && Array.isArray(j.added_tokens) ? j.added_tokens : [];
  for (const a of added) if (isObj(a) && typeof a.id === 'number') ids.add(a.id);
  return ids.size;
}

// ---------------------------------------------------------------- added tokens

const escapeRegExp = (s: string) => s.replace(/[\\^$.*+?()[\]{}|/-]/g, '\\$&');

/**
 * The tokenizer.json (and tokenizer_config.json, when given) of an engine that reads some BPE files only: the
 * JSON, its model section, and an error that points at hf-json, which reads them all. Refuses a model that is
 * not BPE and a config asking for remove_space or lower-casing.
 */
export function readHfBpeJson<T extends { model?: Record<string, unknown> }>(
  info: TokenizerInfo,
  files: readonly string[],
) {
  const file = pickFile(info, files, 'tokenizer.json');
  const configFile = pickFile(info, files, 'tokenizer_config.json', false);
  const json = readJson(info, file) as T;
  const unsupported = (what: string) => corrupt(info, file, `${what}; the hf-json engine reads it`);
  const model = json?.model;
  if (!model || typeof model !== 'object') throw corrupt(info, file, 'no model section');
  if (model.type !== 'BPE') throw unsupported(`model type ${String(model.type)} is not BPE`);
  if (configFile) {
    const cfg = readJson(info, configFile) as Record<string, unknown>;
    if (cfg?.remove_space || cfg?.do_lowercase_and_remove_accent)
      throw unsupported('tokenizer_config.json asks for remove_space or lower-casing');
  }
  return { file, json, model: model as NonNullable<T['model']>, unsupported };
}

export interface AddedTokenJson {
  id: number;
  content: string;
  special?: boolean;
  normalized?: boolean;
  lstrip?: boolean;
  rstrip?: boolean;
  single_word?: boolean;
}

/**
 * A tokenizer.json's added tokens: the non-special ones an engine matches in the raw text (content → id) and the
 * special ones it leaves as text (id → content). Options the engines lack are refused (hf-json reads them);
 * "normalized" only matters when the engine normalises (`normalizes`): the token would be matched on normalised text.
 */
export function readAddedTokens(
  info: TokenizerInfo,
  file: string,
  tokens: unknown,
  normalizes: boolean,
): { added: Map<string, number>; specials: Map<number, string> } {
  const added = new Map<string, number>();
  const specials = new Map<number, string>();
  for (const t of (Array.isArray(tokens) ? tokens : []) as AddedTokenJson[]) {
    if (!Number.isInteger(t?.id) || typeof t.content !== 'string')
      throw corrupt(info, file, 'bad added token');
    if (t.special) {
      specials.set(t.id, t.content);
      continue;
    }
    if ((t.normalized && normalizes) || t.lstrip || t.rstrip || t.single_word || !t.content) {
      throw corrupt(
        info,
        file,
        `added token ${JSON.stringify(t.content)} has options (normalized, lstrip, rstrip, single_word) this engine lacks; the hf-json engine reads it`,
      );
    }
    added.set(t.content, t.id);
  }
  return { added, specials };
}

/** Splits texts on added tokens; see addedTokenSplitter. */
export interface AddedTokenSplitter {
  /** False when the text cannot hold an added token (a quick test on their first characters). */
  mayHold(text: string): boolean;
  /** Calls part() for each stretch of text between added tokens and token() for each added token, in order. */
  split(text: string, part: (text: string) => void, token: (id: number) => void): void;
}

/**
 * Hugging Face's non-special added tokens (Qwen's "<think>", Gemma's HTML tags and whitespace runs), matched in
 * the raw input before normalisation and the model, leftmost-longest as the tokenizers library does: at each
 * position the longest added token wins. The text between them is encoded part by part.
 */
export function addedTokenSplitter(added: ReadonlyMap<string, number>): AddedTokenSplitter {
  const contents = [...added.keys()].sort((a, b) => b.length - a.length);
  const splitter = new RegExp(contents.map(escapeRegExp).join('|'), 'g');
  // Most texts hold no added token (Qwen's all start with "<").
  const firsts = [...new Set(contents.map((c) => c[0]))];
  return {
    mayHold: (text) => firsts.some((c) => text.includes(c)),
    split(text, part, token) {
      let last = 0;
      for (const m of text.matchAll(splitter)) {
        if (m.index > last) part(text.slice(last, m.index));
        token(added.get(m[0])!);
        last = m.index + m[0].length;
      }
      if (last < text.length) part(text.slice(last));
    },
  };
}

/** A merge in tokenizer.json's older format, "a b" → ["a", "b"] (byte-level and "▁" tokens hold no spaces). */
export function splitMerge(m: string): [string, string] {
  const i = m.indexOf(' ');
  return i < 0 ? [m, ''] : [m.slice(0, i), m.slice(i + 1)];
}

// ---------------------------------------------------------------- showing tokens

const hex2 = (b: number) => `<0x${b.toString(16).toUpperCase().padStart(2, '0')}>`;

/**
 * Bytes of one token as display text: complete UTF-8 characters as themselves, any byte that is not part
 * of a complete character (a token that splits a character) as <0xNN>.
 */
export function bytesForDisplay(bytes: ArrayLike<number>): string {
  let out = '';
  let i = 0;
  const n = bytes.length;
  while (i < n) {
    const b = bytes[i];
    const len =
      b < 0x80 ? 1 : b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0;
    if (len === 1) {
      out += String.fromCharCode(b);
      i++;
      continue;
    }
    let ok = len > 0 && i + len <= n;
    for (let k = 1; ok && k < len; k++) ok = (bytes[i + k] & 0xc0) === 0x80;
    if (ok) {
      let cp = b & (len === 2 ? 0x1f : len === 3 ? 0x0f : 0x07);
      for (let k = 1; k < len; k++) cp = (cp << 6) | (bytes[i + k] & 0x3f);
      const minimal = len === 2 ? 0x80 : len === 3 ? 0x800 : 0x10000;
      if (cp >= minimal && cp <= 0x10ffff && !(cp >= 0xd800 && cp <= 0xdfff)) {
        out += String.fromCodePoint(cp);
        i += len;
        continue;
      }
    }
    out += hex2(b);
    i++;
  }
  return out;
}

/** GPT-2's byte-level alphabet: each byte is shown as a printable character; this maps the character back. */
export const BYTE_LEVEL_CHAR_TO_BYTE: ReadonlyMap<string, number> = (() => {
  const printable: number[] = [];
  for (let b = 0x21; b <= 0x7e; b++) printable.push(b);
  for (let b = 0xa1; b <= 0xac; b++) printable.push(b);
  for (let b = 0xae; b <= 0xff; b++) printable.push(b);
  const map = new Map<string, number>();
  for (const b of printable) map.set(String.fromCharCode(b), b);
  let extra = 0;
  for (let b = 0; b < 256; b++) if (!printable.includes(b)) map.set(String.fromCharCode(256 + extra++), b);
  return map;
})();

/** The bytes of a byte-level token string, or undefined when it holds a character outside the alphabet. */
export function byteLevelToBytes(token: string): number[] | undefined {
  const out: number[] = [];
  for (const ch of token) {
    const b = BYTE_LEVEL_CHAR_TO_BYTE.get(ch);
    if (b === undefined) return undefined;
    out.push(b);
  }
  return out;
}

// ignoreBOM: a token that starts with EF BB BF must keep it (the default decoder drops it, merging it with another token).
const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** gpt-tokenizer's rank format: the token as a string when its bytes are valid UTF-8, else the byte list. */
export function rankEntry(bytes: Uint8Array): string | number[] {
  try {
    return strictUtf8.decode(bytes);
  } catch {
    return Array.from(bytes);
  }
}

// ---------------------------------------------------------------- tiktoken-style BPE on gpt-tokenizer's core

/** Ranks indexed by token id (holes where ids are special tokens), as gpt-tokenizer's BytePairEncodingCore takes them. */
export type RankTable = (string | number[])[];

export interface TiktokenCoreOptions {
  info: TokenizerInfo;
  loadedFrom: LoadedFrom;
  ranks: RankTable;
  /** Pre-tokenizer regex (global + unicode flags). */
  split: RegExp;
  /** Applied to the input before encoding (e.g. NFKC for the legacy Claude tokenizer). */
  normalize?: (text: string) => string;
  /** Display names of ids that are not ranks (special tokens), for tokenStrings(). */
  specialName?: (id: number) => string;
}

/** The private parts of gpt-tokenizer's BytePairEncodingCore that fixBomLookup() touches. */
interface CoreInternals {
  getBpeRankFromBytes(key: Uint8Array): number | undefined;
  bytePairStringRankEncoder: Map<string, number>;
  bytePairNonUtfSortedEncoder: readonly [Uint8Array, number][];
  binarySearch(key: Uint8Array): number;
  clearMergeCache?(): void;
  bomFixed?: boolean;
}

/**
 * gpt-tokenizer (4.0.0) turns byte keys into strings with a TextDecoder that drops a leading byte order mark,
 * so a piece starting with U+FEFF ("\uFEFF" + word) never merges and gets other ids than tiktoken's.
 * This routes keys that start with EF BB BF (only those) to an exact lookup: as a BOM-keeping string, else
 * among the byte-array ranks. Checked against js-tiktoken in the tests.
 */
export function fixBomLookup(coreObject: unknown): void {
  const core = coreObject as CoreInternals;
  if (
    !core ||
    typeof core.getBpeRankFromBytes !== 'function' ||
    !(core.bytePairStringRankEncoder instanceof Map) ||
    typeof core.binarySearch !== 'function'
  ) {
    throw new Error(
      'gpt-tokenizer internals changed: BytePairEncodingCore.getBpeRankFromBytes not found (tokentax was checked with gpt-tokenizer 4.0.0)',
    );
  }
  if (core.bomFixed) return;
  const original = core.getBpeRankFromBytes;
  core.getBpeRankFromBytes = function (this: CoreInternals, key: Uint8Array): number | undefined {
    if (key.length >= 3 && key[0] === 0xef && key[1] === 0xbb && key[2] === 0xbf) {
      const entry = rankEntry(key);
      if (typeof entry === 'string') {
        const rank = this.bytePairStringRankEncoder.get(entry);
        if (rank !== undefined) return rank;
      }
      const i = this.binarySearch(key);
      return i === -1 ? undefined : this.bytePairNonUtfSortedEncoder[i][1];
    }
    return original.call(this, key);
  };
  core.bomFixed = true;
  core.clearMergeCache?.();
}

const lenientUtf8 = new TextDecoder('utf-8', { fatal: false, ignoreBOM: true });
const utf8 = new TextEncoder();

/** Text of a sequence of token ids given each one's bytes (concatenated, then decoded; a BOM is kept, broken bytes become U+FFFD). */
export function decodeBytes(ids: ArrayLike<number>, bytesOf: (id: number) => Uint8Array): string {
  const parts: Uint8Array[] = [];
  let size = 0;
  for (let i = 0; i < ids.length; i++) {
    const bytes = bytesOf(ids[i]);
    parts.push(bytes);
    size += bytes.length;
  }
  const all = new Uint8Array(size);
  let at = 0;
  for (const p of parts) {
    all.set(p, at);
    at += p.length;
  }
  return lenientUtf8.decode(all);
}

/** Text of a sequence of ranks; ids without a rank are special tokens, shown by `special`. */
export function decodeRanks(
  ranks: RankTable,
  ids: ArrayLike<number>,
  special?: (id: number) => string | undefined,
): string {
  return decodeBytes(ids, (id) => {
    const r = ranks[id];
    return typeof r === 'string'
      ? utf8.encode(r)
      : r !== undefined
        ? Uint8Array.from(r)
        : utf8.encode(special?.(id) ?? '');
  });
}

/**
 * A Tokenizer over gpt-tokenizer's BytePairEncodingCore, the fastest exact tiktoken-style BPE measured here
 * (same merge rule as tiktoken: repeatedly merge the adjacent pair whose bytes have the lowest rank).
 * No special tokens are registered, so text such as "<|endoftext|>" is always ordinary text.
 */
export async function tiktokenCoreTokenizer(o: TiktokenCoreOptions): Promise<Tokenizer> {
  const { BytePairEncodingCore } = await import('gpt-tokenizer/BytePairEncodingCore');
  const core = new BytePairEncodingCore({ bytePairRankDecoder: o.ranks, tokenSplitRegex: o.split });
  fixBomLookup(core);
  const norm = o.normalize;
  const ranks = o.ranks;
  const show = (id: number): string => {
    const r = ranks[id];
    if (typeof r === 'string') return r;
    if (r !== undefined) return bytesForDisplay(r);
    return o.specialName ? o.specialName(id) : `<special ${id}>`;
  };
  return {
    info: o.info,
    loadedFrom: o.loadedFrom,
    encode: norm ? (text) => core.encodeNative(norm(text)) : (text) => core.encodeNative(text),
    count: norm ? (text) => core.countNative(norm(text)) : (text) => core.countNative(text),
    decode: (ids) => decodeRanks(ranks, ids, o.specialName),
    tokenStrings: (ids) => Array.from(ids, show),
    // Byte-level BPE: every byte has a token, so there is no fallback or unknown token.
    isFallback: () => false,
  };
}

/** tiktoken's compressed rank format ("<name> <offset> <b64> <b64> ..."), as in js-tiktoken and claude.json. */
export function parseCompressedRanks(
  info: TokenizerInfo,
  file: string,
  text: string,
  limit = Infinity,
): RankTable {
  const ranks: RankTable = [];
  for (const line of text.split('\n')) {
    if (!line) continue;
    const parts = line.split(' ');
    const offset = Number(parts[1]);
    if (parts.length < 3 || !Number.isInteger(offset) || offset < 0)
      throw corrupt(info, file, 'bad bpe_ranks line');
    for (let i = 2; i < parts.length && offset + i - 2 < limit; i++) {
      ranks[offset + i - 2] = rankEntry(Buffer.from(parts[i], 'base64'));
    }
  }
  return ranks;
}

/** Number of ranks present in a RankTable (holes excluded). */
export function rankCount(ranks: RankTable): number {
  let n = 0;
  for (let i = 0; i < ranks.length; i++) if (ranks[i] !== undefined) n++;
  return n;
}

/** Extracts `const <name> = "<...>"` from a JavaScript bundle without running it (its data literal). */
export function jsStringConstant(source: string, name: string): string | undefined {
  const start = source.indexOf(`const ${name} = "`);
  if (start < 0) return undefined;
  const from = start + name.length + 10;
  const end = source.indexOf('"', from);
  return end < 0 ? undefined : source.slice(from, end);
}
