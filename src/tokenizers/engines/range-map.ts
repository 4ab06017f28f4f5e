// A cache from strings to small counts, looked up by a range of a text (text, start, end) without building the
// substring: the counting loops look up every piece or word of every text, and most are hits, so a hit must
// cost a hash over the characters and a comparison, not an allocation. Open addressing with linear probing;
// a key is compared character by character (startsWith at the range's start, same length), so a hash collision
// never returns another key's value. Bounded: when full, it starts again empty.
export class RangeMap {
  private keys: (string | undefined)[] = [];
  private hashes = new Int32Array(0);
  private vals = new Int32Array(0);
  private mask = 0;
  size = 0;

  constructor(private readonly maxSize = 200_000) {
    this.reset(1024);
  }

  private reset(capacity: number): void {
    this.keys = new Array<string | undefined>(capacity);
    this.hashes = new Int32Array(capacity);
    this.vals = new Int32Array(capacity);
    this.mask = capacity - 1;
    this.size = 0;
  }

  /** FNV-1a over the UTF-16 units of text[start, end). */
  static hash(text: string, start: number, end: number): number {
    let h = 0x811c9dc5 | 0;
    for (let i = start; i < end; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
    return h;
  }

  /** The value of text[start, end), or -1. */
  get(text: string, start: number, end: number, h = RangeMap.hash(text, start, end)): number {
    const len = end - start;
    for (let i = h & this.mask; ; i = (i + 1) & this.mask) {
      const k = this.keys[i];
      if (k === undefined) return -1;
      if (this.hashes[i] === h && k.length === len && text.startsWith(k, start)) return this.vals[i];
    }
  }

  /** Stores text[start, end) → value (a non-negative int); the range must not be stored yet. */
  set(text: string, start: number, end: number, value: number, h = RangeMap.hash(text, start, end)): void {
    if (this.size >= this.maxSize) this.reset(this.keys.length);
    else if ((this.size + 1) * 2 > this.keys.length) this.grow();
    let i = h & this.mask;
    while (this.keys[i] !== undefined) i = (i + 1) & this.mask;
    this.keys[i] = text.slice(start, end);
    this.hashes[i] = h;
    this.vals[i] = value;
    this.size++;
  }

  private grow(): void {
    const { keys, hashes, vals } = this;
    this.reset(keys.length * 2);
    for (let j = 0; j < keys.length; j++) {
      const k = keys[j];
      if (k === undefined) continue;
      let i = hashes[j] & this.mask;
      while (this.keys[i] !== undefined) i = (i + 1) & this.mask;
      this.keys[i] = k;
      this.hashes[i] = hashes[j];
      this.vals[i] = vals[j];
      this.size++;
    }
  }
}
