// OpenAI encodings (r50k/gpt2, cl100k, o200k) counted piece by piece with a cache, on gpt-tokenizer's BPE where
// its pre-tokenizer is proven to split text as tiktoken's does, and on tiktoken's WASM build (tiktoken-wasm.ts,
// the reference) everywhere else.
//
// Why: on real text words recur, so a count is mostly the pre-tokenizer's regex and one cache lookup per piece.
// tiktoken's WASM build pays a JavaScript-to-WASM string copy per call and merges every piece again; here a
// text is split with gpt-tokenizer's JavaScript port of the encoding's pattern, each piece's token count comes
// from a cache looked up by its range of the text (range-map.ts: no substring is built for a hit), and only a
// new piece is merged (gpt-tokenizer's BytePairEncodingCore).
// tiktoken applies its BPE to each piece on its own too, so the sum over pieces is the text's count.
//
// Where the two regexes differ: JavaScript's \s matches U+FEFF and not U+0085, and \p{L}, \p{N}, ... follow this
// Node's Unicode version while tiktoken's tables are Unicode 16. So a text is split here only when every
// character is below U+3000 (Latin, Greek, Cyrillic and the other alphabets, Indic scripts, punctuation,
// symbols) and not one listed for this Node's Unicode version in JS_UNSAFE (U+0085 and, on Unicode 17, the
// characters Unicode 17 added there): on every other character below U+3000 the two give the same ids, which
// test/tokenizers/gpt-wasm.test.ts checks for each code point in 20 contexts and each of the three encodings
// (it fails when this Node classifies a character otherwise). Any other text — one holding CJK, Hangul,
// U+FEFF, an astral character or a lone surrogate, or any text on a Node whose Unicode version is not listed —
// goes whole to WASM, loaded on first need (most runs never load it); gpt-tokenizer is slow on such text anyway
// (a binary search per byte pair that is not UTF-8). Both give the same ids on FLORES and on random strings
// (tests), so counts do not depend on which one took a text.
//
// The entry's file is tiktoken's encoder file (encoders/<encoding>.json), which the WASM side reads; the
// JavaScript side imports gpt-tokenizer's encoding of the same name. gpt-tokenizer's internals are checked at
// load: if they are not what this was written against, the load is refused and tiktoken-wasm counts instead
// (FALLBACK_ENGINE in load.ts).
import { tokenizerError } from '../../errors.js';
import type { LoadedFrom, Tokenizer, TokenizerInfo } from '../../types.js';
import { createGptTokenizer, encodingOf, importEncoding } from './gpt-tokenizer.js';
import { RangeMap } from './range-map.js';
import { pickFile } from './shared.js';
import { tiktokenJsonTokenizer } from './tiktoken-wasm.js';

/** Texts with a character from here on go to WASM. */
export const JS_LIMIT = 0x3000;

/** Per Unicode version of the JavaScript engine: the characters below JS_LIMIT gpt-tokenizer splits unlike tiktoken. */
export const JS_UNSAFE: Readonly<Record<string, string>> = {
  '17.0': '\\u0085\\u088f\\u0c5c\\u0cdc\\u1acf-\\u1add\\u1ae0-\\u1aeb',
};

/** Matches a text that must go to WASM on this Node (every text when its Unicode version was not checked). */
export function wasmOnly(unicode = process.versions.unicode ?? ''): RegExp {
  const listed = JS_UNSAFE[unicode];
  return listed === undefined ? /[^]|^$/ : new RegExp(`[${listed}\\u3000-\\uffff]`);
}

/** The parts of gpt-tokenizer 4's BytePairEncodingCore used here. */
interface Core {
  tokenSplitRegex: RegExp;
  getBpeRankFromString(piece: string): number | undefined;
  bytePairEncode(piece: string): number[];
}

/** Pieces whose counts are kept (about 10 MB); the cache starts again when full. */
const MAX_PIECES = 200_000;

export async function createGptTokenizerWasm(
  info: TokenizerInfo,
  files: string[],
  loadedFrom?: LoadedFrom,
): Promise<Tokenizer> {
  const file = pickFile(info, files, /\.json$/);
  const js = await createGptTokenizer(info, [file], loadedFrom);
  const api = (await importEncoding(encodingOf(info, [file]))).default as unknown as {
    bytePairEncodingCoreProcessor?: Partial<Core>;
  };
  const core = api.bytePairEncodingCoreProcessor ?? {};
  if (
    !(core.tokenSplitRegex instanceof RegExp) ||
    !core.tokenSplitRegex.global ||
    typeof core.getBpeRankFromString !== 'function' ||
    typeof core.bytePairEncode !== 'function'
  ) {
    throw tokenizerError(
      `tokenizer ${info.id}: gpt-tokenizer's internals are not those tokentax was checked with (4.0.0)`,
      'install gpt-tokenizer 4.0.0 (npm ci)',
    );
  }
  const { getBpeRankFromString, bytePairEncode } = core as Core;
  // Sticky, so each piece is matched where the previous one ended without a match array; the patterns match
  // every character, so pieces tile the text (a gap, which would drop characters, sends the text to WASM).
  const split = new RegExp(core.tokenSplitRegex.source, core.tokenSplitRegex.flags.replace('g', '') + 'y');
  const pieces = new RangeMap(MAX_PIECES);
  /** The text's count, or -1 when its pieces do not tile it. */
  const countJs = (text: string): number => {
    let n = 0;
    for (let at = 0; at < text.length;) {
      split.lastIndex = at;
      if (!split.test(text)) return -1;
      const end = split.lastIndex;
      if (end <= at) return -1;
      const h = RangeMap.hash(text, at, end);
      let c = pieces.get(text, at, end, h);
      if (c < 0) {
        const piece = text.slice(at, end);
        c =
          getBpeRankFromString.call(core, piece) !== undefined ? 1 : bytePairEncode.call(core, piece).length;
        pieces.set(text, at, end, c, h);
      }
      n += c;
      at = end;
    }
    return n;
  };
  const unsafe = wasmOnly();
  let twin: Tokenizer | undefined;
  const wasm = (): Tokenizer => (twin ??= tiktokenJsonTokenizer(info, files, loadedFrom));
  return {
    info,
    loadedFrom: js.loadedFrom,
    encode: (text) => (unsafe.test(text) ? wasm().encode(text) : js.encode(text)),
    count: (text) => {
      const n = unsafe.test(text) ? -1 : countJs(text);
      return n >= 0 ? n : wasm().count(text);
    },
    decode: js.decode,
    tokenStrings: js.tokenStrings,
    isFallback: () => false,
    neverFallback: true,
    dispose: () => twin?.dispose?.(),
  };
}
