// The counts buffer of a chunk (src/measure/types.ts): tokens, continued words and fallback tokens of n texts at
// [0, n), [n, 2n), [2n, 3n) of one Int32Array, which the worker, the cache and the counters share.
import { describe, expect, it } from 'vitest';
import {
  copyCounts,
  countsBuffer,
  countsOf,
  countsView,
  pickCounts,
  tokensOnly,
} from '../../src/measure/types.js';
import { NOT_MEASURED } from '../../src/types.js';

const result = (tokens: number[], continued: number[], fallback: number[]) => ({
  tokens: Int32Array.from(tokens),
  continuedWords: Int32Array.from(continued),
  fallbackTokens: Int32Array.from(fallback),
});

describe('counts buffer', () => {
  it('views its three thirds without copying, and gives the same buffer back', () => {
    const buf = Int32Array.from([5, 6, 7, 1, 0, 2, 0, 0, 3]);
    const r = countsView(buf);
    expect([...r.tokens]).toEqual([5, 6, 7]);
    expect([...r.continuedWords]).toEqual([1, 0, 2]);
    expect([...r.fallbackTokens]).toEqual([0, 0, 3]);
    r.tokens[1] = 9;
    expect(buf[1]).toBe(9);
    expect(countsOf(r).buffer).toBe(buf.buffer);
  });

  it('packs three separate arrays, or a view of part of a buffer, into a new one', () => {
    expect([...countsOf(result([5, 6], [1, 0], [0, 2]))]).toEqual([5, 6, 1, 0, 0, 2]);
    const big = Int32Array.from([9, 9, 9, 5, 6, 1, 0, 0, 2]);
    const part = {
      tokens: big.subarray(3, 5),
      continuedWords: big.subarray(5, 7),
      fallbackTokens: big.subarray(7, 9),
    };
    const packed = countsOf(part);
    expect([...packed]).toEqual([5, 6, 1, 0, 0, 2]);
    expect(packed.buffer).not.toBe(big.buffer);
  });

  it('copies one text, picks texts, and marks a tokens-only result', () => {
    const r = result([5, 6, 7], [1, 0, 2], [0, 0, 3]);
    const out = countsBuffer(2);
    copyCounts(r, 2, out, 0, 2);
    expect([...out]).toEqual([7, 0, 2, 0, 3, 0]);
    const picked = pickCounts(r, [2, 0]);
    expect([...picked.tokens, ...picked.continuedWords, ...picked.fallbackTokens]).toEqual([
      7, 5, 2, 1, 3, 0,
    ]);
    expect(pickCounts(r, [0, 1, 2])).toBe(r);
    const only = tokensOnly(Int32Array.from([4, 8]));
    expect([...only.tokens]).toEqual([4, 8]);
    expect([...only.continuedWords, ...only.fallbackTokens]).toEqual(Array(4).fill(NOT_MEASURED));
  });
});
