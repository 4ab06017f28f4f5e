// Reads a SentencePiece model file (`tokenizer.model`, a serialised sentencepiece.ModelProto) without the
// library: the pieces with their types, the model type, byte fallback and the self-test samples (the library applies the normaliser itself). The WASM
// build of SentencePiece encodes but exposes neither the piece list nor the piece types, which tokentax needs
// for the vocabulary size, token strings (`explain`) and byte-fallback/unknown flags, and to tell a
// SentencePiece file from something else before handing it to the library.
//
// Wire format (protobuf 2, sentencepiece_model.proto), fields read here:
//   ModelProto       1 pieces (repeated SentencePiece), 2 trainer_spec, 4 self_test_data
//   SentencePiece    1 piece (string), 2 score (float), 3 type (enum; default NORMAL)
//   TrainerSpec      3 model_type (enum; default UNIGRAM), 4 vocab_size, 35 byte_fallback
//   SelfTestData     1 samples (repeated: 1 input, 2 expected)
// Other fields are skipped by wire type.

/** SentencePiece piece types (ModelProto.SentencePiece.Type). */
export const PieceType = { normal: 1, unknown: 2, control: 3, userDefined: 4, unused: 5, byte: 6 } as const;

export type SpModelType = 'unigram' | 'bpe' | 'word' | 'char';
const MODEL_TYPES: Record<number, SpModelType> = { 1: 'unigram', 2: 'bpe', 3: 'word', 4: 'char' };

export interface SpModel {
  /** Piece strings, indexed by id ("▁" for spaces, "<0xNN>" for byte pieces). */
  pieces: string[];
  /** PieceType of each id. */
  types: Uint8Array;
  modelType: SpModelType;
  byteFallback: boolean;
  /** The model's own test samples (input → expected pieces joined by spaces), when it carries any. */
  selfTest: { input: string; expected: string }[];
}

class Reader {
  pos: number;
  constructor(
    readonly buf: Uint8Array,
    start = 0,
    readonly end = buf.length,
  ) {
    this.pos = start;
  }

  varint(): number {
    let result = 0;
    let shift = 0;
    for (;;) {
      if (this.pos >= this.end) throw new Error('truncated varint');
      const b = this.buf[this.pos++];
      // Values above 2^53 do not occur in the fields read here; the low bits of larger ones are kept.
      if (shift < 49) result += (b & 0x7f) * 2 ** shift;
      if (b < 0x80) return result;
      shift += 7;
      if (shift > 63) throw new Error('varint too long');
    }
  }

  /** The byte range of a length-delimited field. */
  span(): [number, number] {
    const len = this.varint();
    const start = this.pos;
    if (start + len > this.end) throw new Error('length-delimited field runs past its message');
    this.pos = start + len;
    return [start, start + len];
  }

  /** A reader over an embedded message (a length-delimited field). */
  message(): Reader {
    const [s, e] = this.span();
    return new Reader(this.buf, s, e);
  }

  skip(wire: number): void {
    if (wire === 0) this.varint();
    else if (wire === 1) this.advance(8);
    else if (wire === 2) this.span();
    else if (wire === 5) this.advance(4);
    else throw new Error(`unsupported wire type ${wire}`); // groups (3, 4) are not used by sentencepiece
  }

  private advance(n: number): void {
    if (this.pos + n > this.end) throw new Error('truncated fixed-size field');
    this.pos += n;
  }

  /** Calls `field(number, wire)` for each field; the callback must consume the value or return false to skip it. */
  fields(field: (n: number, wire: number) => boolean): void {
    while (this.pos < this.end) {
      const key = this.varint();
      const n = Math.floor(key / 8);
      const wire = key & 7;
      if (n === 0) throw new Error('field number 0');
      if (!field(n, wire)) this.skip(wire);
    }
  }
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Parses a SentencePiece model; throws an Error saying what is wrong when the bytes are not one. */
export function parseSpModel(buf: Uint8Array): SpModel {
  const pieces: string[] = [];
  const types: number[] = [];
  let modelType: SpModelType = 'unigram';
  let byteFallback = false;
  const selfTest: SpModel['selfTest'] = [];
  const str = (r: Reader): string => {
    const [s, e] = r.span();
    return utf8.decode(buf.subarray(s, e));
  };
  const top = new Reader(buf);
  top.fields((n, wire) => {
    if (n === 1 && wire === 2) {
      const r = top.message();
      let piece: string | undefined;
      let type: number = PieceType.normal;
      r.fields((f, w) => {
        if (f === 1 && w === 2) piece = str(r);
        else if (f === 3 && w === 0) type = r.varint();
        else return false;
        return true;
      });
      if (piece === undefined) throw new Error(`piece ${pieces.length} has no text`);
      if (type < 1 || type > 6) throw new Error(`piece ${pieces.length} has unknown type ${type}`);
      pieces.push(piece);
      types.push(type);
      return true;
    }
    if (n === 2 && wire === 2) {
      const r = top.message();
      r.fields((f, w) => {
        if (f === 3 && w === 0) {
          const t = MODEL_TYPES[r.varint()];
          if (!t) throw new Error('unknown model_type');
          modelType = t;
        } else if (f === 35 && w === 0) byteFallback = r.varint() !== 0;
        else return false;
        return true;
      });
      return true;
    }
    if (n === 4 && wire === 2) {
      const r = top.message();
      r.fields((f, w) => {
        if (f !== 1 || w !== 2) return false;
        const sr = r.message();
        const sample = { input: '', expected: '' };
        sr.fields((g, gw) => {
          if (g === 1 && gw === 2) sample.input = str(sr);
          else if (g === 2 && gw === 2) sample.expected = str(sr);
          else return false;
          return true;
        });
        selfTest.push(sample);
        return true;
      });
      return true;
    }
    return false;
  });
  if (pieces.length === 0) throw new Error('no pieces');
  return { pieces, types: Uint8Array.from(types), modelType, byteFallback, selfTest };
}

/** The parsed model, or undefined when the bytes are not a SentencePiece model (for format detection). */
export function trySpModel(buf: Uint8Array): SpModel | undefined {
  try {
    return parseSpModel(buf);
  } catch {
    return undefined;
  }
}
