// RangeMap (the piece and word caches of the counting loops) against a Map of substrings: the same answers for
// any ranges, also when every key has the same hash (a collision must never return another key's value) and
// across the start-again when full.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RangeMap } from '../../src/tokenizers/engines/range-map.js';

type Op = { text: string; a: number; b: number };

function check(ops: Op[], max: number, hash?: (t: string, a: number, b: number) => number): void {
  const m = new RangeMap(max);
  const oracle = new Map<string, number>();
  let n = 0;
  for (const { text, a, b } of ops) {
    const s = Math.min(a, b, text.length);
    const e = Math.min(Math.max(a, b), text.length);
    const key = text.slice(s, e);
    const h = hash ? hash(text, s, e) : RangeMap.hash(text, s, e);
    const got = m.get(text, s, e, h);
    expect(got).toBe(oracle.get(key) ?? -1);
    if (got < 0) {
      if (oracle.size >= max) oracle.clear(); // starts again empty when full, as the map does
      const v = n++ % 1000;
      m.set(text, s, e, v, h);
      oracle.set(key, v);
      expect(m.get(text, s, e, h)).toBe(v);
    }
  }
  expect(m.size).toBe(oracle.size);
}

const op = fc.record({
  text: fc.string({ maxLength: 12, unit: fc.constantFrom('a', 'b', 'é', ' ', '\u{1F600}', 'x') }),
  a: fc.nat(12),
  b: fc.nat(12),
});

describe('RangeMap', () => {
  it('answers as a Map of the substrings', () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 400 }), (ops) => check(ops, 200_000)),
      { numRuns: 300, seed: 20261206 },
    );
  });

  it('with every key on one hash (collisions), and when full', () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 300 }), fc.integer({ min: 1, max: 40 }), (ops, max) =>
        check(ops, max, () => 7),
      ),
      { numRuns: 300, seed: 20261207 },
    );
  });

  it('keeps tens of thousands of keys (slots and characters grow)', () => {
    let x = 1;
    const text = Array.from({ length: 5000 }, () => {
      x = (Math.imul(x, 1103515245) + 12345) >>> 0;
      return String.fromCharCode(0x61 + ((x >>> 16) % 26));
    }).join('');
    const m = new RangeMap();
    for (let len = 1; len <= 40; len++)
      for (let s = 0; s + len <= text.length; s += 3)
        if (m.get(text, s, s + len) < 0) m.set(text, s, s + len, len);
    expect(m.size).toBeGreaterThan(50_000);
    for (let s = 0; s + 40 <= text.length; s += 3) {
      expect(m.get(text, s, s + 12)).toBe(12);
      expect(m.get(text, s + 1, s + 40)).toBe(-1);
    }
  });
});
