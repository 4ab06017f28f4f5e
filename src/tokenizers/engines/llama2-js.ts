// Llama 2 (and LLaMA 1) SentencePiece BPE, 32,000 pieces, from llama-tokenizer-js's data (vocabulary and
// ranked merges baked into llama-tokenizer.js), encoded by tokentax's port of its merge rule (sp-bpe.ts),
// which gives the package's ids and runs faster. No BOS; the input is plain text ("<s>" is three characters).
import type { LoadedFrom, Tokenizer, TokenizerInfo } from '../../types.js';
import { corrupt, defaultLoadedFrom, jsStringConstant, pickFile, readText } from './shared.js';
import { spBpeTokenizer } from './sp-bpe.js';

/** Merges as uint16 little-endian id pairs (the packages' format). */
export function mergesFromBase64(b64: string): Uint16Array {
  const buf = Buffer.from(b64, 'base64');
  const out = new Uint16Array(buf.length >> 1);
  for (let i = 0; i < out.length; i++) out[i] = buf[2 * i] | (buf[2 * i + 1] << 8);
  return out;
}

export function vocabFromBase64(b64: string): string[] {
  return Buffer.from(b64, 'base64').toString('utf8').split('\n');
}

export async function createLlama2Tokenizer(
  info: TokenizerInfo,
  files: string[],
  loadedFrom?: LoadedFrom,
): Promise<Tokenizer> {
  const file = pickFile(info, files, /\.(c|m)?js$/);
  const source = readText(info, file);
  let vocab: string[];
  let merges: ArrayLike<number>;
  const v64 = jsStringConstant(source, 'llama_vocab_base64');
  const m64 = jsStringConstant(source, 'llama_merges_binary');
  if (v64 !== undefined && m64 !== undefined) {
    vocab = vocabFromBase64(v64);
    merges = mergesFromBase64(m64);
  } else {
    // Layout changed: take the data from the running package instead.
    const mod = (await import('llama-tokenizer-js')) as unknown as {
      default: { vocabById: string[]; merges: Map<string, number> };
    };
    vocab = mod.default.vocabById;
    const index = new Map(vocab.map((p, i) => [p, i] as const));
    const pairs: number[] = [];
    for (const key of mod.default.merges.keys()) {
      const [l, r] = key.split(' ');
      pairs.push(index.get(l) ?? -1, index.get(r) ?? -1);
    }
    merges = pairs;
  }
  if (vocab.length !== 32000)
    throw corrupt(info, file, `vocabulary has ${vocab.length} pieces, expected 32000`);
  return spBpeTokenizer(info, loadedFrom ?? defaultLoadedFrom(info, files), {
    vocab,
    merges,
    unkId: vocab.indexOf('<unk>'),
  });
}

export default createLlama2Tokenizer;
