// --sample's allocation (largest remainder over domains) and seeded pick, worked by hand.
import { describe, expect, it } from 'vitest';
import { allocate, pick } from '../../src/corpus/sample.js';

describe('sample allocation and pick', () => {
  it('allocates by largest remainder, ties to the first domain, never more than a domain has', () => {
    expect(allocate([5, 3, 2], 5)).toEqual([3, 1, 1]); // exact 2.5, 1.5, 1: one left, to the first .5
    expect(allocate([44, 44, 44], 10)).toEqual([4, 3, 3]);
    expect(allocate([997, 2, 1], 10)).toEqual([10, 0, 0]); // 9.97, 0.02, 0.01
    expect(allocate([3, 3], 100)).toEqual([3, 3]);
    expect(allocate([10, 10], 20)).toEqual([10, 10]);
  });

  it('picks k distinct indices, sorted, the same for the same random sequence', () => {
    const rng = (seed: number) => () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const a = pick(100, 10, rng(1));
    expect(a).toHaveLength(10);
    expect(new Set(a).size).toBe(10);
    expect([...a].sort((x, y) => x - y)).toEqual(a);
    expect(pick(100, 10, rng(1))).toEqual(a);
    expect(pick(100, 10, rng(2))).not.toEqual(a);
    expect(pick(5, 5, rng(3))).toEqual([0, 1, 2, 3, 4]);
  });
});
