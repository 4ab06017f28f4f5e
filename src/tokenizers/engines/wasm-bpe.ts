// tiktoken's BPE compiled to WebAssembly (the `tiktoken` npm package, its `lite` build: no ranks bundled),
// with one long-lived encoder per tokenizer. Measured faster than every JavaScript BPE here on unseen text
// (FLORES devtest after FLORES dev), so the tiktoken-style vocabularies run on it (see tiktoken-wasm.ts).
//
// Counting is `encode_ordinary(text).length`: the input is split with the pre-tokenizer regex and every piece
// is BPE-encoded; no special-token scan, so "<|endoftext|>" in a text is ordinary characters. The regex runs in
// Rust (fancy_regex), whose \s is Unicode White_Space, as in Python tiktoken and Hugging Face tokenizers;
// JavaScript's \s also matches U+FEFF and misses U+0085, so JS ports of these patterns can split such text
// differently. Ids that are not ranks (special and added tokens) are known only on the JavaScript side, for
// decode() and tokenStrings().
//
// The WASM module is loaded synchronously (the package's Node build compiles tiktoken_bg.wasm with
// `new WebAssembly.Module` when required); each thread that loads a tokenizer gets its own instance.
import { createRequire } from 'node:module';
import type { Tiktoken } from 'tiktoken/lite';
import { tokenizerError } from '../../errors.js';
import type { LoadedFrom, Tokenizer, TokenizerInfo } from '../../types.js';
import {
  addedTokenSplitter,
  BYTE_LEVEL_CHAR_TO_BYTE,
  bytesForDisplay,
  corrupt,
  decodeBytes,
} from './shared.js';

type TiktokenClass = new (bfe: string, specialTokens: Record<string, number>, pattern: string) => Tiktoken;

let tiktokenClass: TiktokenClass | undefined;

/** tiktoken/lite's Tiktoken class (requiring it instantiates the WASM module once per thread). */
export function tiktokenLite(info?: TokenizerInfo): TiktokenClass {
  if (!tiktokenClass) {
    try {
      tiktokenClass = (createRequire(import.meta.url)('tiktoken/lite') as { Tiktoken: TiktokenClass })
        .Tiktoken;
    } catch (e) {
      throw tokenizerError(
        `${info ? `tokenizer ${info.id}: ` : ''}cannot load tiktoken's WebAssembly build (${(e as Error).message.split('\n')[0]})`,
        "reinstall tokentax's dependencies (npm i tiktoken)",
      );
    }
  }
  return tiktokenClass;
}

export interface WasmBpeOptions {
  info: TokenizerInfo;
  loadedFrom: LoadedFrom;
  /** file the ranks come from, for error messages */
  file: string;
  /**
   * Ranks in tiktoken's text format: "! <first rank> <b64> <b64> ..." lines (consecutive ranks), or one
   * "<b64> <rank>" per line. Ranks are the ids encode() returns.
   */
  bfe: string;
  /** Pre-tokenizer regex, in the Rust regex syntax tiktoken uses (fancy_regex). */
  pattern: string;
  /** Applied to each text (each part between added tokens) before encoding, e.g. NFC or NFKC. */
  normalize?: (text: string) => string;
  /**
   * Tokens matched in the raw input before normalisation and BPE, leftmost-longest, each one id (Hugging Face's
   * non-special added tokens, e.g. Qwen's "<think>"). The text between them is encoded part by part.
   */
  added?: ReadonlyMap<string, number>;
  /** Display text of ids that are not ranks (special tokens), or undefined for an unknown id. */
  specialName?: (id: number) => string | undefined;
  /** Distinct ids the files define, for the identity check at load, when the engine counted them. */
  vocabSize?: number;
}

const utf8 = new TextEncoder();

/** A Tokenizer over one long-lived tiktoken WASM encoder; dispose() frees it. */
export function wasmBpeTokenizer(o: WasmBpeOptions): Tokenizer {
  const { info } = o;
  if (!o.bfe) throw corrupt(info, o.file, 'no ranks');
  const Tiktoken = tiktokenLite(info);
  let enc: Tiktoken;
  try {
    enc = new Tiktoken(o.bfe, {}, o.pattern);
  } catch (e) {
    // tiktoken panics (a WebAssembly trap) on a rank line or pattern it cannot read.
    throw corrupt(info, o.file, `tiktoken cannot read its ranks or pattern: ${(e as Error).message}`);
  }
  let freed = false;
  const live = (): Tiktoken => {
    if (freed) throw new Error(`tokenizer ${info.id} was disposed`);
    return enc;
  };
  const norm = o.normalize;

  let encode: (text: string) => ArrayLike<number>;
  let count: (text: string) => number;
  const added = o.added && o.added.size ? o.added : undefined;
  if (added) {
    const splitter = addedTokenSplitter(added);
    const whole = (text: string) => live().encode_ordinary(norm ? norm(text) : text);
    encode = (text) => {
      if (text.length === 0) return [];
      if (!splitter.mayHold(text)) return whole(text);
      const out: number[] = [];
      splitter.split(
        text,
        (part) => {
          const p = norm ? norm(part) : part;
          if (p.length) for (const id of live().encode_ordinary(p)) out.push(id);
        },
        (id) => out.push(id),
      );
      return out;
    };
    count = (text) =>
      text.length === 0 ? 0 : splitter.mayHold(text) ? encode(text).length : whole(text).length;
  } else if (norm) {
    encode = (text) => (text.length ? live().encode_ordinary(norm(text)) : []);
    count = (text) => (text.length ? live().encode_ordinary(norm(text)).length : 0);
  } else {
    encode = (text) => (text.length ? live().encode_ordinary(text) : []);
    count = (text) => (text.length ? live().encode_ordinary(text).length : 0);
  }

  const addedName = new Map<number, string>();
  if (added) for (const [content, id] of added) addedName.set(id, content);
  const nameOf = (id: number): string | undefined => addedName.get(id) ?? o.specialName?.(id);
  /** Bytes of a rank, or undefined when the id is not one. */
  const rankBytes = (id: number): Uint8Array | undefined => {
    if (!Number.isInteger(id) || id < 0 || id > 0xffffffff) return undefined;
    try {
      return live().decode_single_token_bytes(id);
    } catch (e) {
      if (freed) throw e;
      return undefined; // not a rank (tiktoken throws for an unknown id)
    }
  };
  const show = (id: number): string => {
    const name = nameOf(id);
    if (name !== undefined) return name;
    const bytes = rankBytes(id);
    return bytes ? bytesForDisplay(bytes) : `<unknown id ${id}>`;
  };

  return {
    info,
    loadedFrom: o.loadedFrom,
    encode,
    count,
    decode: (ids) =>
      decodeBytes(ids, (id) => {
        const name = nameOf(id);
        return name !== undefined ? utf8.encode(name) : (rankBytes(id) ?? new Uint8Array(0));
      }),
    tokenStrings: (ids) => Array.from(ids, show),
    // Byte-level BPE: every byte has a rank, so there is no fallback or unknown token.
    isFallback: () => false,
    ...(o.vocabSize !== undefined ? { vocabSize: o.vocabSize } : {}),
    dispose: () => {
      if (freed) return;
      freed = true;
      enc.free();
    },
  };
}

// ---------------------------------------------------------------- building tiktoken's rank format

/**
 * tiktoken's compressed rank lines ("! <first> <b64> ..."), as in tiktoken's encoder files, js-tiktoken's and
 * claude.json: keeps ranks below `limit` and adds `shift` to each (e.g. Tekken's ids = ranks + 1,000).
 * Returns the rewritten text and the number of ranks kept; undefined when a line is not in that format.
 */
export function shiftCompressedRanks(
  text: string,
  shift = 0,
  limit = Infinity,
): { bfe: string; ranks: number } | undefined {
  const out: string[] = [];
  let ranks = 0;
  for (const line of text.split('\n')) {
    if (!line) continue;
    const first = line.indexOf(' ');
    const second = line.indexOf(' ', first + 1);
    if (first < 0 || second < 0) return undefined;
    const offset = Number(line.slice(first + 1, second));
    if (!Number.isInteger(offset) || offset < 0) return undefined;
    let tokens = line.slice(second + 1);
    let n = tokens.length ? countChar(tokens, ' ') + 1 : 0;
    if (offset + n > limit) {
      n = Math.max(0, limit - offset);
      tokens = tokens.split(' ').slice(0, n).join(' ');
    }
    if (n > 0) out.push(`! ${offset + shift} ${tokens}`);
    ranks += n;
  }
  return { bfe: out.join('\n'), ranks };
}

function countChar(s: string, ch: string): number {
  let n = 0;
  for (let i = s.indexOf(ch); i >= 0; i = s.indexOf(ch, i + 1)) n++;
  return n;
}

/** GPT-2's byte-level alphabet as a table: char code → byte, -1 outside the alphabet. */
const BYTE_OF_CHAR: Int16Array = (() => {
  let max = 0;
  for (const ch of BYTE_LEVEL_CHAR_TO_BYTE.keys()) max = Math.max(max, ch.charCodeAt(0));
  const t = new Int16Array(max + 1).fill(-1);
  for (const [ch, b] of BYTE_LEVEL_CHAR_TO_BYTE) t[ch.charCodeAt(0)] = b;
  return t;
})();

const B64 = new TextEncoder().encode('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/');
const SPACE = 0x20;
const NEWLINE = 0x0a;
const EQ = 0x3d;

/**
 * Rank lines for a vocabulary written in GPT-2's byte-level alphabet (Hugging Face byte-level BPE, the Llama 3
 * package): "<b64 of the bytes> <id>" per token, written straight into one buffer. Returns the index of the
 * first token outside the alphabet (or empty) instead when there is one.
 */
export function byteLevelBfe(
  tokens: readonly string[],
  ids: readonly number[],
): { bfe: string } | { bad: number } {
  let size = 0;
  for (const t of tokens) size += 4 * Math.ceil(t.length / 3) + 12; // base64, space, id (≤ 10 digits), newline
  const out = new Uint8Array(size);
  let bytes = new Uint8Array(256);
  let at = 0;
  for (let k = 0; k < tokens.length; k++) {
    const t = tokens[k];
    const n = t.length;
    if (n === 0) return { bad: k };
    if (n > bytes.length) bytes = new Uint8Array(2 * n);
    for (let i = 0; i < n; i++) {
      const c = t.charCodeAt(i);
      const b = c < BYTE_OF_CHAR.length ? BYTE_OF_CHAR[c] : -1;
      if (b < 0) return { bad: k };
      bytes[i] = b;
    }
    let i = 0;
    for (; i + 2 < n; i += 3) {
      const v = (bytes[i] << 16) | (bytes[i + 1] << 8) | bytes[i + 2];
      out[at++] = B64[v >> 18];
      out[at++] = B64[(v >> 12) & 63];
      out[at++] = B64[(v >> 6) & 63];
      out[at++] = B64[v & 63];
    }
    if (i + 1 === n) {
      const v = bytes[i] << 16;
      out[at++] = B64[v >> 18];
      out[at++] = B64[(v >> 12) & 63];
      out[at++] = EQ;
      out[at++] = EQ;
    } else if (i + 2 === n) {
      const v = (bytes[i] << 16) | (bytes[i + 1] << 8);
      out[at++] = B64[v >> 18];
      out[at++] = B64[(v >> 12) & 63];
      out[at++] = B64[(v >> 6) & 63];
      out[at++] = EQ;
    }
    out[at++] = SPACE;
    const digits = String(ids[k]);
    for (let d = 0; d < digits.length; d++) out[at++] = digits.charCodeAt(d);
    out[at++] = NEWLINE;
  }
  return { bfe: Buffer.from(out.buffer, 0, Math.max(0, at - 1)).toString('latin1') };
}
