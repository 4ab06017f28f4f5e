// A SentencePiece model file (`tokenizer.model`) on the SentencePiece library itself, compiled to WebAssembly
// (@sctg/sentencepiece-js 1.3.3, Apache-2.0: Google's C++ sources built with emscripten). The library applies
// the model's own normaliser (nmt_nfkc, identity, custom rules), its dummy prefix and whitespace handling, and
// its own BPE or Unigram segmentation, so the ids are those of `spm_encode` and Python's sentencepiece.
// EncodeAsIds adds no BOS/EOS (that takes SetEncodeExtraOptions), so counts are text-only.
//
// The package's own wrapper is bypassed for encoding: its cleanText() lower-cases and squeezes whitespace, and
// its load() does not check the library's status, so a damaged file would encode everything to []. Pieces,
// types and model type come from sp-model.ts (the WASM build does not expose them).
import { readFileSync } from 'node:fs';
import { tokenizerError } from '../../errors.js';
import type { LoadedFrom, Tokenizer, TokenizerInfo } from '../../types.js';
import { corrupt, defaultLoadedFrom, pickFile } from './shared.js';
import { parseSpModel, PieceType, type SpModel } from './sp-model.js';

/** The parts of the emscripten module and processor used here (embind objects, freed with delete()). */
interface Deletable {
  delete(): void;
}
interface VectorInt extends Deletable {
  size(): number;
  get(i: number): number;
}
interface SpModule {
  StringView: new (s: string) => Deletable & { getView(): Deletable };
  vecFromJSArray(ids: ArrayLike<number>): Deletable;
}
interface SpProcessor {
  EncodeAsIds(view: Deletable): VectorInt;
  DecodeIds(ids: Deletable): string;
  status(): Deletable & { ToString(): string };
}
interface SppWrapper {
  load(path: string): Promise<void>;
  sentencepiece: SpModule;
  processor: SpProcessor;
}

/** The model files this engine reads: tokenizer.model, or any other *.model file given on its own. */
export function spModelFile(info: TokenizerInfo, files: readonly string[]): string {
  return pickFile(info, files, 'tokenizer.model', false) ?? pickFile(info, files, /\.model(\.v\d+)?$/);
}

/** Reads and checks a model file; the error names the file and says what is wrong. */
export function readSpModel(info: TokenizerInfo, file: string): SpModel {
  let buf: Buffer;
  try {
    buf = readFileSync(file);
  } catch (e) {
    throw tokenizerError(
      `tokenizer ${info.id}: cannot read ${file} (${(e as NodeJS.ErrnoException).code ?? String(e)})`,
      'check that the file exists and is readable',
    );
  }
  try {
    return parseSpModel(buf);
  } catch (e) {
    throw corrupt(info, file, `not a SentencePiece model: ${(e as Error).message}`);
  }
}

export async function createSentencePieceTokenizer(
  info: TokenizerInfo,
  files: string[],
  loadedFrom?: LoadedFrom,
): Promise<Tokenizer> {
  const file = spModelFile(info, files);
  const model = readSpModel(info, file);
  if (model.modelType !== 'bpe' && model.modelType !== 'unigram') {
    throw corrupt(
      info,
      file,
      `a ${model.modelType.toUpperCase()} model; tokentax reads BPE and Unigram SentencePiece models (the ones it was tested on)`,
    );
  }
  const { SentencePieceProcessor } = (await import('@sctg/sentencepiece-js')) as unknown as {
    SentencePieceProcessor: new () => SppWrapper;
  };
  const spp = new SentencePieceProcessor();
  await spp.load(file);
  const m = spp.sentencepiece;
  const proc = spp.processor;
  const st = proc.status();
  const status = st.ToString();
  st.delete();
  if (status !== 'OK') throw corrupt(info, file, `the SentencePiece library refused it: ${status}`);

  const withIds = <T>(text: string, use: (v: VectorInt) => T): T => {
    const sv = new m.StringView(text);
    const view = sv.getView();
    const vec = proc.EncodeAsIds(view);
    try {
      return use(vec);
    } finally {
      vec.delete();
      view.delete();
      sv.delete();
    }
  };
  const encode = (text: string): Int32Array =>
    withIds(text, (v) => {
      const n = v.size();
      const out = new Int32Array(n);
      for (let i = 0; i < n; i++) out[i] = v.get(i);
      return out;
    });
  const count = (text: string): number => withIds(text, (v) => v.size());

  // The model's own samples, when it has any, must encode to the pieces it lists.
  for (const s of model.selfTest) {
    const got = Array.from(encode(s.input), (id) => model.pieces[id]).join(' ');
    if (got !== s.expected)
      throw corrupt(
        info,
        file,
        `its self-test sample ${JSON.stringify(s.input.slice(0, 40))} gave "${got.slice(0, 60)}", expected "${s.expected.slice(0, 60)}"`,
      );
  }

  const fallback = new Uint8Array(model.pieces.length);
  model.types.forEach((t, id) => {
    if (t === PieceType.byte || t === PieceType.unknown) fallback[id] = 1;
  });
  const show = (id: number): string => {
    const piece = model.pieces[id];
    if (piece === undefined) return `<unknown id ${id}>`;
    // Byte pieces stay "<0xNN>" (explain joins them into characters); "▁" is SentencePiece's space.
    return model.types[id] === PieceType.byte ? piece : piece.replaceAll('\u2581', ' ');
  };
  return {
    info,
    loadedFrom: loadedFrom ?? defaultLoadedFrom(info, files),
    encode,
    count,
    decode: (ids) => {
      const vec = m.vecFromJSArray(Array.from(ids));
      try {
        return proc.DecodeIds(vec);
      } finally {
        vec.delete();
      }
    },
    tokenStrings: (ids) => Array.from(ids, show),
    isFallback: (id) => fallback[id] === 1,
    vocabSize: model.pieces.length,
  };
}
