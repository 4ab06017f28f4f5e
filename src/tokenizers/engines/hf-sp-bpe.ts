// A SentencePiece-style BPE tokenizer.json (Gemma 3: byte fallback, spaces written as "▁", no dummy prefix, no
// pre-tokenizer split) on tokentax's SentencePiece BPE (sp-bpe.ts) instead of @huggingface/tokenizers: the same
// merge rule (lowest merge index first, leftmost among equals; a character outside the vocabulary becomes its
// <0xNN> byte pieces), on integer ids and with a per-word cache. Without a pre-tokenizer the library runs BPE
// over each whole text, so no word is ever found in its cache.
//
// Only the shape read here is accepted; anything else (another normaliser, a real pre-tokenizer split, dropout,
// word affixes, a missing byte piece, added tokens with options) is refused with a pointer to hf-json, which
// reads every tokenizer.json. As in hf-json, special added tokens are not matched in the input; non-special ones
// (Gemma's HTML tags, "\n" and "▁" runs) are matched in the raw text first, leftmost-longest.
import type { LoadedFrom, Tokenizer, TokenizerInfo } from '../../types.js';
import { addedTokenSplitter, corrupt, defaultLoadedFrom, readAddedTokens, readHfBpeJson, splitMerge } from './shared.js';
import { SentencePieceBpe } from './sp-bpe.js';

interface HfJson {
  normalizer?: { type?: string; pattern?: { String?: unknown }; content?: unknown } | null;
  pre_tokenizer?: { type?: string; pattern?: { String?: unknown }; invert?: boolean } | null;
  model?: Record<string, unknown> & { vocab?: unknown; merges?: unknown; unk_token?: unknown };
  added_tokens?: unknown;
}

const SPACE = '\u2581';

/** Gemma 3's tokenizer.json (and any of the same shape) on SentencePieceBpe. */
export async function createHfSpBpeTokenizer(info: TokenizerInfo, files: string[], loadedFrom?: LoadedFrom): Promise<Tokenizer> {
  const { file, json, model, unsupported } = readHfBpeJson<HfJson>(info, files);
  if (model.byte_fallback !== true || model.dropout || model.ignore_merges || model.continuing_subword_prefix || model.end_of_word_suffix) {
    throw unsupported('its BPE options are not SentencePiece\'s (byte_fallback on; no dropout, ignore_merges or word affixes)');
  }
  const n = json.normalizer;
  if (n?.type !== 'Replace' || n.pattern?.String !== ' ' || n.content !== SPACE) throw unsupported('its normalizer is not Replace(" " → "▁") alone');
  // Splitting on " " after that normaliser finds no space: the whole text is one word, as SentencePiece sees it.
  const p = json.pre_tokenizer;
  if (p && (p.type !== 'Split' || p.pattern?.String !== ' ' || p.invert)) throw unsupported('its pre-tokenizer splits the text (only none, or a split on " ", which the normaliser leaves nothing to split on)');

  const vocabJson = model.vocab as Record<string, number> | undefined;
  const mergesJson = model.merges as (string | [string, string])[] | undefined;
  if (!vocabJson || typeof vocabJson !== 'object' || Array.isArray(vocabJson) || !Array.isArray(mergesJson)) throw corrupt(info, file, 'no BPE vocab or merges');
  const vocab: string[] = [];
  for (const t in vocabJson) {
    const id = vocabJson[t];
    if (!Number.isInteger(id) || id < 0 || vocab[id] !== undefined) throw corrupt(info, file, `the id of ${JSON.stringify(t)} is not a new non-negative integer`);
    vocab[id] = t;
  }
  for (let id = 0; id < vocab.length; id++) if (vocab[id] === undefined) throw corrupt(info, file, `no token has id ${id}`);
  for (let b = 0; b < 256; b++) {
    if (!Object.hasOwn(vocabJson, `<0x${b.toString(16).toUpperCase().padStart(2, '0')}>`)) throw unsupported(`byte piece ${b} is missing (the library would fall back to the unknown token)`);
  }
  const idOf = (t: string): number | undefined => (Object.hasOwn(vocabJson, t) ? vocabJson[t] : undefined);
  const merges = new Int32Array(mergesJson.length * 2);
  for (let i = 0; i < mergesJson.length; i++) {
    const m = mergesJson[i];
    const [a, b] = typeof m === 'string' ? splitMerge(m) : m;
    const l = idOf(a);
    const r = idOf(b);
    // The library refuses such a file; SentencePieceBpe would drop the merge silently.
    if (l === undefined || r === undefined || idOf(a + b) === undefined) throw corrupt(info, file, `merge ${i} (${JSON.stringify(m)}) joins or creates a token outside the vocabulary`);
    merges[2 * i] = l;
    merges[2 * i + 1] = r;
  }
  const unkId = typeof model.unk_token === 'string' ? idOf(model.unk_token) ?? -1 : -1;
  const sp = new SentencePieceBpe({ vocab, merges, unkId, dummyPrefix: false });

  // The normaliser runs on the text between added tokens only; one marked "normalized" is refused.
  const { added, specials: names } = readAddedTokens(info, file, json.added_tokens, true);
  const splitter = added.size ? addedTokenSplitter(added) : undefined;
  const encode = (text: string): number[] => {
    if (!splitter?.mayHold(text)) return sp.encode(text);
    const out: number[] = [];
    splitter.split(text, (part) => {
      for (const id of sp.encode(part)) out.push(id);
    }, (id) => out.push(id));
    return out;
  };
  // Ids outside the vocabulary (Gemma's <image_soft_token>) are special tokens, shown by name.
  const show = (ids: ArrayLike<number>) => Array.from(ids, (id) => (id < vocab.length ? sp.tokenStrings([id])[0] : names.get(id) ?? `<unknown id ${id}>`));
  return {
    info,
    loadedFrom: loadedFrom ?? defaultLoadedFrom(info, files),
    encode,
    count: (text) => (splitter?.mayHold(text) ? encode(text).length : sp.count(text)),
    decode: (ids) => {
      let out = '';
      let run: number[] = [];
      for (const id of Array.from(ids)) {
        const name = id < vocab.length ? undefined : names.get(id);
        if (name === undefined) {
          run.push(id);
          continue;
        }
        out += sp.decode(run) + name;
        run = [];
      }
      return out + sp.decode(run);
    },
    tokenStrings: show,
    isFallback: (id) => sp.fallback[id] === 1,
  };
}
