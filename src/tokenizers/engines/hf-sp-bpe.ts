// A SentencePiece-style BPE tokenizer.json (byte fallback, spaces written as "▁", no pre-tokenizer split) on
// tokentax's SentencePiece BPE (sp-bpe.ts) instead of @huggingface/tokenizers: the same merge rule (lowest merge
// index first, leftmost among equals; a character outside the vocabulary becomes its <0xNN> byte pieces), on
// integer ids and with a per-word cache. Without a pre-tokenizer the library runs BPE over each whole text, so
// no word is ever found in its cache. Shapes read (each tested against hf-json on FLORES and generated text):
//   Gemma 3      Replace(" " → "▁") alone, no dummy prefix
//   Mistral v1/3 Sequence[Prepend("▁"), Replace(" " → "▁")]: SentencePiece's dummy prefix
//   Lucie-7B     Sequence[NFC, Replace(regex) × 19, Prepend(" "), Replace(regex "[ \u00A0]" → "▁")]
// The normaliser is the library's own (its Sequence, NFC/NFD/NFKC/NFKD, Replace and Prepend classes built from
// the file), so regexes are translated and applied exactly as hf-json applies them. Like hf-json it normalises
// each non-empty piece between added tokens, and prepends even when the earlier steps emptied the piece (Lucie
// on "\r": "▁"; the Rust library's Prepend skips empty text and gives no token there).
//
// Anything else (another normaliser, a real pre-tokenizer split, dropout, word affixes, a missing byte piece,
// added tokens with options) is refused with a pointer to hf-json, which reads every tokenizer.json (load.ts
// falls back to it). As in hf-json, special added tokens are not matched in the input; non-special ones
// (Gemma's HTML tags, "\n" and "▁" runs) are matched in the raw text first, leftmost-longest.
import type { LoadedFrom, Tokenizer, TokenizerInfo } from '../../types.js';
import {
  addedTokenSplitter,
  corrupt,
  countHfVocab,
  defaultLoadedFrom,
  readAddedTokens,
  readHfBpeJson,
  splitMerge,
} from './shared.js';
import { SentencePieceBpe } from './sp-bpe.js';

interface NormalizerJson {
  type?: string;
  normalizers?: NormalizerJson[];
  pattern?: { String?: unknown; Regex?: unknown };
  content?: unknown;
  prepend?: unknown;
}
interface HfJson {
  normalizer?: NormalizerJson | null;
  pre_tokenizer?: { type?: string; pattern?: { String?: unknown }; invert?: boolean } | null;
  decoder?: { type?: string } | null;
  model?: Record<string, unknown> & { vocab?: unknown; merges?: unknown; unk_token?: unknown };
  added_tokens?: unknown;
}

/** A normaliser or decoder class of @huggingface/tokenizers, built from its tokenizer.json section. */
type LibClass = new (config: unknown) => {
  normalize(text: string): string;
  decode(tokens: string[]): string;
};

/** Why the library's normaliser would not be one of the steps read here, or undefined when it is. */
function normalizerProblem(n: NormalizerJson): string | undefined {
  switch (n?.type) {
    case 'Sequence':
      if (!Array.isArray(n.normalizers)) return 'a Sequence without normalizers';
      for (const x of n.normalizers) {
        const p = normalizerProblem(x);
        if (p) return p;
      }
      return undefined;
    case 'NFC':
    case 'NFD':
    case 'NFKC':
    case 'NFKD':
      return undefined;
    case 'Replace':
      return typeof n.content === 'string' &&
        (typeof n.pattern?.String === 'string' || typeof n.pattern?.Regex === 'string')
        ? undefined
        : 'a Replace without pattern or content';
    case 'Prepend':
      return typeof n.prepend === 'string' ? undefined : 'a Prepend without text';
    default:
      return `normalizer ${String(n?.type)}`;
  }
}

/** The last step of a normaliser, Sequences flattened. */
function lastStep(n: NormalizerJson): NormalizerJson | undefined {
  return n.type === 'Sequence' ? (n.normalizers ?? []).map(lastStep).filter(Boolean).at(-1) : n;
}

/** Gemma 3's tokenizer.json (and any of the same shape) on SentencePieceBpe. */
export async function createHfSpBpeTokenizer(
  info: TokenizerInfo,
  files: string[],
  loadedFrom?: LoadedFrom,
): Promise<Tokenizer> {
  const { file, json, model, unsupported } = readHfBpeJson<HfJson>(info, files);
  if (
    model.byte_fallback !== true ||
    model.dropout ||
    model.ignore_merges ||
    model.continuing_subword_prefix ||
    model.end_of_word_suffix
  ) {
    throw unsupported(
      "its BPE options are not SentencePiece's (byte_fallback on; no dropout, ignore_merges or word affixes)",
    );
  }
  const n = json.normalizer ?? undefined;
  const problem = n && normalizerProblem(n);
  if (problem)
    throw unsupported(`its ${problem} is not one read here (Sequence, NFC/NFD/NFKC/NFKD, Replace, Prepend)`);
  // A split on " " finds nothing when the normaliser ends by writing every space as something else (Gemma 3):
  // the whole text is then one word, as SentencePiece sees it.
  const last = n && lastStep(n);
  const spacesGone =
    last?.type === 'Replace' && last.pattern?.String === ' ' && !String(last.content).includes(' ');
  const p = json.pre_tokenizer;
  if (p && (!spacesGone || p.type !== 'Split' || p.pattern?.String !== ' ' || p.invert))
    throw unsupported(
      'its pre-tokenizer splits the text (only none, or a split on " " after a normaliser that leaves no space)',
    );
  // The package exports these classes, but its type declarations do not show them to TypeScript here.
  const lib = (await import('@huggingface/tokenizers')) as unknown as Record<string, LibClass | undefined>;
  let normalize = (text: string) => text;
  if (n) {
    try {
      const classes = {
        Sequence: lib.SequenceNormalizer,
        NFC: lib.NFCNormalizer,
        NFD: lib.NFDNormalizer,
        NFKC: lib.NFKCNormalizer,
        NFKD: lib.NFKDNormalizer,
        Replace: lib.ReplaceNormalizer,
        Prepend: lib.PrependNormalizer,
      };
      const norm = new classes[n.type as keyof typeof classes]!(n);
      normalize = (text) => norm.normalize(text);
    } catch (e) {
      throw unsupported(`the tokenizers library cannot build its normaliser (${(e as Error).message})`);
    }
  }

  const vocabJson = model.vocab as Record<string, number> | undefined;
  const mergesJson = model.merges as (string | [string, string])[] | undefined;
  if (!vocabJson || typeof vocabJson !== 'object' || Array.isArray(vocabJson) || !Array.isArray(mergesJson))
    throw corrupt(info, file, 'no BPE vocab or merges');
  const vocab: string[] = [];
  for (const t in vocabJson) {
    const id = vocabJson[t];
    if (!Number.isInteger(id) || id < 0 || vocab[id] !== undefined)
      throw corrupt(info, file, `the id of ${JSON.stringify(t)} is not a new non-negative integer`);
    vocab[id] = t;
  }
  for (let id = 0; id < vocab.length; id++)
    if (vocab[id] === undefined) throw corrupt(info, file, `no token has id ${id}`);
  for (let b = 0; b < 256; b++) {
    if (!Object.hasOwn(vocabJson, `<0x${b.toString(16).toUpperCase().padStart(2, '0')}>`))
      throw unsupported(`byte piece ${b} is missing (the library would fall back to the unknown token)`);
  }
  const idOf = (t: string): number | undefined => (Object.hasOwn(vocabJson, t) ? vocabJson[t] : undefined);
  const merges = new Int32Array(mergesJson.length * 2);
  for (let i = 0; i < mergesJson.length; i++) {
    const m = mergesJson[i];
    const [a, b] = typeof m === 'string' ? splitMerge(m) : m;
    const l = idOf(a);
    const r = idOf(b);
    // The library refuses such a file; SentencePieceBpe would drop the merge silently.
    if (l === undefined || r === undefined || idOf(a + b) === undefined)
      throw corrupt(
        info,
        file,
        `merge ${i} (${JSON.stringify(m)}) joins or creates a token outside the vocabulary`,
      );
    merges[2 * i] = l;
    merges[2 * i + 1] = r;
  }
  const unkId = typeof model.unk_token === 'string' ? (idOf(model.unk_token) ?? -1) : -1;
  const sp = new SentencePieceBpe({ vocab, merges, unkId, dummyPrefix: false, spaceToMeta: false });

  // The normaliser runs on the text between added tokens only; one marked "normalized" is refused.
  const { added, specials: names } = readAddedTokens(info, file, json.added_tokens, true);
  const splitter = added.size ? addedTokenSplitter(added) : undefined;
  // The library skips empty pieces before normalising (so an empty text gets no Prepend) and after.
  const spEncode = (part: string, out: number[]) => {
    if (!part) return;
    for (const id of sp.encode(normalize(part))) out.push(id);
  };
  const encode = (text: string): number[] => {
    const out: number[] = [];
    if (!splitter?.mayHold(text)) spEncode(text, out);
    else
      splitter.split(
        text,
        (part) => spEncode(part, out),
        (id) => out.push(id),
      );
    return out;
  };
  // Decoded by the library's decoder from the file (Mistral's strips the dummy prefix, Lucie's undoes the
  // spaces its normaliser inserts), as hf-json decodes; SentencePiece's own decoding when the library cannot build it.
  let decoder: InstanceType<LibClass> | undefined;
  try {
    const Decoder = json.decoder?.type ? lib[`${json.decoder.type}Decoder`] : undefined;
    decoder = Decoder && new Decoder(json.decoder);
  } catch {
    decoder = undefined;
  }
  // Ids outside the vocabulary (Gemma's <image_soft_token>) are special tokens, shown by name.
  const show = (ids: ArrayLike<number>) =>
    Array.from(ids, (id) =>
      id < vocab.length ? sp.tokenStrings([id])[0] : (names.get(id) ?? `<unknown id ${id}>`),
    );
  return {
    info,
    loadedFrom: loadedFrom ?? defaultLoadedFrom(info, files),
    encode,
    count: (text) => (splitter?.mayHold(text) || !text ? encode(text).length : sp.count(normalize(text))),
    decode: (ids) => {
      const pieces = Array.from(ids, (id) => (id < vocab.length ? vocab[id] : (names.get(id) ?? '')));
      return decoder ? decoder.decode(pieces) : sp.decode(ids);
    },
    tokenStrings: show,
    isFallback: (id) => sp.fallback[id] === 1,
    vocabSize: countHfVocab(json),
  };
}
