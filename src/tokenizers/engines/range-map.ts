// A cache from strings to small counts, looked up by a range of a text (text, start, end) without building the
// substring: the counting loops look up every piece or word of every text, and most are hits, so a hit must
// cost a hash over the characters and a comparison, not an allocation. Open addressing with linear probing;
// a key is compared character by character (same length, same UTF-16 units), so a hash collision never
// returns another key's value. Bounded: when full, it starts again empty.
//
// Layout: a slot is four int32 (hash, value, offset, length) in one typed array, and the keys' characters sit
// back to back in one Uint16Array, so a hit reads one slot and one run of characters. With the keys as strings
// in a separate array a hit touched about four places in memory (hash, key pointer, the string, value): 30 %
// more time on the words of 96 MB of FLORES pairs (issue #26).
export class RangeMap {
  private slots = new Int32Array(0);
  private chars = new Uint16Array(0);
  private used = 0;
  private mask = 0;
  size = 0;

  constructor(private readonly maxSize = 200_000) {
    this.reset(1024);
  }

  private reset(capacity: number): void {
    this.slots = new Int32Array(4 * capacity);
    for (let i = 3; i < this.slots.length; i += 4) this.slots[i] = -1; // length −1: empty
    this.mask = capacity - 1;
    this.size = 0;
    if (this.chars.length !== 8 * capacity) this.chars = new Uint16Array(8 * capacity);
    this.used = 0;
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
    const slots = this.slots;
    const chars = this.chars;
    for (let i = h & this.mask; ; i = (i + 1) & this.mask) {
      const o = 4 * i;
      const l = slots[o + 3];
      if (l < 0) return -1;
      if (slots[o] !== h || l !== len) continue;
      const at = slots[o + 2];
      let k = 0;
      while (k < len && chars[at + k] === text.charCodeAt(start + k)) k++;
      if (k === len) return slots[o + 1];
    }
  }

  /** Stores text[start, end) → value (a non-negative int); the range must not be stored yet. */
  set(text: string, start: number, end: number, value: number, h = RangeMap.hash(text, start, end)): void {
    const capacity = this.mask + 1;
    if (this.size >= this.maxSize) this.reset(capacity);
    else if ((this.size + 1) * 2 > capacity) this.grow();
    const len = end - start;
    if (this.used + len > this.chars.length) {
      const more = new Uint16Array(Math.max(2 * this.chars.length, this.used + len));
      more.set(this.chars.subarray(0, this.used));
      this.chars = more;
    }
    const at = this.used;
    for (let k = 0; k < len; k++) this.chars[at + k] = text.charCodeAt(start + k);
    this.used += len;
    let i = h & this.mask;
    while (this.slots[4 * i + 3] >= 0) i = (i + 1) & this.mask;
    const o = 4 * i;
    this.slots[o] = h;
    this.slots[o + 1] = value;
    this.slots[o + 2] = at;
    this.slots[o + 3] = len;
    this.size++;
  }

  /** Twice the slots; the characters stay where they are. */
  private grow(): void {
    const old = this.slots;
    const capacity = 2 * (this.mask + 1);
    this.slots = new Int32Array(4 * capacity);
    for (let i = 3; i < this.slots.length; i += 4) this.slots[i] = -1;
    this.mask = capacity - 1;
    for (let j = 0; j < old.length; j += 4) {
      if (old[j + 3] < 0) continue;
      let i = old[j] & this.mask;
      while (this.slots[4 * i + 3] >= 0) i = (i + 1) & this.mask;
      this.slots.set(old.subarray(j, j + 4), 4 * i);
    }
  }
}
