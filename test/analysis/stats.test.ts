// Unit tests of the pure statistics, each against values worked out by hand in the comments.
import { describe, expect, it } from 'vitest';
import {
  bootstrapColumnSums,
  bootstrapRatio,
  bytesPerToken,
  charNormOverheadPct,
  charsPerToken,
  continuedWordsPct,
  fallbackPct,
  fertility,
  median,
  medianRatio,
  overheadPct,
  percentileInterval,
  premium,
  quantileSorted,
  randomIndex,
  ratioOfSums,
  resampledRatios,
  seededRng,
  xoshiro128ss,
} from '../../src/analysis/stats.js';

// Two segments. en tokens (10, 30), fr tokens (14, 36).
const EN = [10, 30];
const FR = [14, 36];

describe('point statistics', () => {
  it('premium / overhead is the ratio of sums (Petrov et al. 2023)', () => {
    // Σfr / Σen = 50 / 40 = 1.25 → +25 %
    expect(premium(FR, EN)).toBe(1.25);
    expect(overheadPct(premium(FR, EN))).toBeCloseTo(25, 12);
    // on the subset {segment 1} only: 36 / 30 = 1.2
    expect(ratioOfSums(FR, EN, [1])).toBeCloseTo(1.2, 12);
    expect(ratioOfSums([1], [0])).toBeNaN();
  });

  it('median of per-segment ratios', () => {
    // ratios 14/10 = 1.4 and 36/30 = 1.2 → median (1.4 + 1.2) / 2 = 1.3
    expect(medianRatio(FR, EN)).toBeCloseTo(1.3, 12);
    // three segments: ratios 2, 0.5, 1 → median 1; a zero denominator is left out
    expect(medianRatio([4, 1, 3, 9], [2, 2, 3, 0])).toBe(1);
    expect(median([5, 1, 3])).toBe(3);
    expect(median([])).toBeNaN();
  });

  it('character-normalised overhead', () => {
    // tokens 50/40 = 1.25, chars 240/200 = 1.2 → 1.25 / 1.2 − 1 = 0.041666… → 4.1667 %
    expect(charNormOverheadPct(50, 40, 240, 200)).toBeCloseTo(4.16667, 4);
    // FLORES cl100k fr: (43710/27182) / (157688/131966) − 1 = 1.60805 / 1.19491 − 1 = +34.57 %
    expect(charNormOverheadPct(43710, 27182, 157688, 131966)).toBeCloseTo(34.57, 1);
    // a tokenizer whose token ratio equals the char ratio is "fair": 0
    expect(charNormOverheadPct(120, 100, 600, 500)).toBeCloseTo(0, 12);
  });

  it('fertility, continued words, chars/bytes per token, fallback share', () => {
    expect(fertility(50, 32)).toBe(1.5625); // 50 tokens / 32 words
    expect(continuedWordsPct(8, 32)).toBe(25); // 8 of 32 words take ≥ 2 tokens
    expect(charsPerToken(240, 50)).toBe(4.8);
    expect(bytesPerToken(248, 50)).toBe(4.96);
    expect(fallbackPct(5, 50)).toBe(10);
    expect(fertility(3, 0)).toBeNaN();
  });
});

describe('seeded random numbers', () => {
  it('xoshiro128** matches the sequence worked out by hand from state (1, 2, 3, 4)', () => {
    // out = rotl(s1·5, 7)·9: s1 = 2 → 11520; next states (7,0,1026,12288) → 0;
    // (12295,1029,1029,25165824) → rotl(5145,7)·9 = 5927040; then s1 = 12295 → rotl(61475,7)·9 = 70819200.
    const next = xoshiro128ss(1, 2, 3, 4);
    expect([next(), next(), next(), next()]).toEqual([11520, 0, 5927040, 70819200]);
  });

  it('same seed and label → same stream; different label → different stream', () => {
    const a = seededRng(42, 'x');
    const b = seededRng(42, 'x');
    const c = seededRng(42, 'y');
    const sa = Array.from({ length: 5 }, a);
    expect(Array.from({ length: 5 }, b)).toEqual(sa);
    expect(Array.from({ length: 5 }, c)).not.toEqual(sa);
  });

  it('randomIndex is uniform enough over [0, n)', () => {
    const next = seededRng(1);
    const counts = new Array(7).fill(0);
    for (let i = 0; i < 70000; i++) counts[randomIndex(next, 7)]++;
    // expected 10000 each, sd ≈ 93: allow ±5 sd
    for (const c of counts) expect(Math.abs(c - 10000)).toBeLessThan(465);
  });
});

describe('quantiles', () => {
  it('type 7 (R default) on hand values', () => {
    const s = [1, 2, 3, 4];
    expect(quantileSorted(s, 0.5)).toBe(2.5); // h = 1.5
    expect(quantileSorted(s, 0.25)).toBe(1.75); // h = 0.75
    expect(quantileSorted(s, 0)).toBe(1);
    expect(quantileSorted(s, 1)).toBe(4);
    expect(quantileSorted([7], 0.3)).toBe(7);
  });

  it('percentile interval at 90 % of 0..100 is [5, 95]; NaN resamples are left out', () => {
    const xs = Array.from({ length: 101 }, (_, i) => i);
    expect(percentileInterval(xs, 0.9)).toEqual({ low: 5, high: 95, widened: false });
    expect(percentileInterval([NaN, ...xs], 0.9)).toEqual({ low: 5, high: 95, widened: false });
  });

  it('the interval is widened to the point estimate only when it falls outside', () => {
    const xs = Array.from({ length: 101 }, (_, i) => i);
    expect(percentileInterval(xs, 0.9, 50)).toEqual({ low: 5, high: 95, widened: false });
    expect(percentileInterval(xs, 0.9, 2)).toEqual({ low: 2, high: 95, widened: true });
  });
});

describe('paired bootstrap of a ratio of sums', () => {
  it('two segments: only 3 resample multisets, so the 95 % bounds are known exactly', () => {
    // Resamples of 2 segments: {1,1} (p = 1/4): 28/20 = 1.4; {1,2} (p = 1/2): 50/40 = 1.25; {2,2} (p = 1/4): 72/60 = 1.2.
    // With B = 2000 about 500 resamples sit on each extreme, far more than the 50 below the 2.5 % order
    // statistic (h = 1999 × 0.025 = 49.975), so Q(0.025) = 1.2 and Q(0.975) = 1.4 exactly.
    const r = bootstrapRatio(FR, EN, { resamples: 2000, confidence: 0.95, seed: 7 });
    expect(r.estimate).toBe(1.25);
    expect(r.low).toBeCloseTo(1.2, 12);
    expect(r.high).toBeCloseTo(1.4, 12);
    const distinct = [...new Set(Array.from(r.samples, (x) => x.toFixed(9)))].sort();
    expect(distinct).toEqual(['1.200000000', '1.250000000', '1.400000000']);
    // frequencies ≈ 1/4, 1/2, 1/4 (sd of a count ≈ 19–22): ±5 sd
    const freq = (v: number) => Array.from(r.samples).filter((x) => Math.abs(x - v) < 1e-9).length;
    expect(Math.abs(freq(1.2) - 500)).toBeLessThan(100);
    expect(Math.abs(freq(1.25) - 1000)).toBeLessThan(112);
    expect(Math.abs(freq(1.4) - 500)).toBeLessThan(100);
  });

  it('three segments: 10 multisets; each extreme has p = 1/27 > 2.5 %, so the bounds are the extremes', () => {
    // en (10, 20, 30), fr (12, 30, 33): per-segment ratios 1.2, 1.5, 1.1. Point: 75 / 60 = 1.25.
    // The 10 multisets: 111 → 1.2, 222 → 1.5, 333 → 1.1, 112 → 54/40 = 1.35, 113 → 57/50 = 1.14,
    // 122 → 72/50 = 1.44, 223 → 93/70 = 1.3286, 133 → 78/70 = 1.1143, 233 → 96/80 = 1.2, 123 → 1.25:
    // 9 distinct values (111 and 233 both give 1.2).
    // The lowest resample ratio is {3,3,3} = 1.1 and the highest {2,2,2} = 1.5 (a mediant lies between its parts),
    // each with probability 1/27 ≈ 3.7 % > 2.5 %: about 74 of 2000 resamples, over the 50 needed.
    const r = bootstrapRatio([12, 30, 33], [10, 20, 30], { resamples: 2000, confidence: 0.95, seed: 3 });
    expect(r.estimate).toBe(1.25);
    expect(r.low).toBeCloseTo(1.1, 12);
    expect(r.high).toBeCloseTo(1.5, 12);
    expect(new Set(Array.from(r.samples, (x) => x.toFixed(9))).size).toBe(9);
    // exact probability of the point estimate's multiset {1,2,3}: 3!/27 = 6/27 ≈ 444 of 2000 (sd ≈ 19)
    const atPoint = Array.from(r.samples).filter((x) => Math.abs(x - 1.25) < 1e-12).length;
    expect(Math.abs(atPoint - 444)).toBeLessThan(95);
  });

  it('fixed seed → identical intervals; another seed → other resamples', () => {
    const num = [5, 9, 14, 3, 8, 21, 7, 6, 12, 10];
    const den = [4, 7, 10, 3, 6, 15, 6, 4, 9, 8];
    const a = bootstrapRatio(num, den, { resamples: 2000, confidence: 0.95, seed: 123 });
    const b = bootstrapRatio(num, den, { resamples: 2000, confidence: 0.95, seed: 123 });
    const c = bootstrapRatio(num, den, { resamples: 2000, confidence: 0.95, seed: 124 });
    expect([b.low, b.high]).toEqual([a.low, a.high]);
    expect(Array.from(b.samples)).toEqual(Array.from(a.samples));
    expect(Array.from(c.samples)).not.toEqual(Array.from(a.samples));
    // point 95/72 = 1.3194; the interval contains it and lies within the per-segment ratio range [1, 1.5]
    // (3/3 = 1 and 6/4 = 1.5): a resampled ratio is a mediant of per-segment ratios.
    expect(a.estimate).toBeCloseTo(95 / 72, 12);
    expect(a.low).toBeLessThanOrEqual(a.estimate);
    expect(a.high).toBeGreaterThanOrEqual(a.estimate);
    expect(a.low).toBeGreaterThanOrEqual(1);
    expect(a.high).toBeLessThanOrEqual(1.5);
  });

  it('a column against itself gives exactly 1 in every resample (zero-width interval)', () => {
    const x = [3, 8, 1, 40, 7];
    const r = bootstrapRatio(x, x, { resamples: 2000, confidence: 0.95, seed: 9 });
    expect(r.estimate).toBe(1);
    expect(r.low).toBe(1);
    expect(r.high).toBe(1);
    expect(Array.from(r.samples).every((v) => v === 1)).toBe(true);
  });

  it('column sums: resample draws do not depend on the columns passed (paired across rows)', () => {
    const a = [1, 2, 3, 4, 5];
    const b = [10, 20, 30, 40, 50];
    const c = [7, 0, 7, 0, 7];
    const one = bootstrapColumnSums([a], { resamples: 50, seed: 5 });
    const three = bootstrapColumnSums([c, a, b], { resamples: 50, seed: 5 });
    for (let k = 0; k < 50; k++) {
      expect(three[k * 3 + 1]).toBe(one[k]);
      // b = 10·a on every segment, so its resampled sum is 10× a's: same segments were drawn for both
      expect(three[k * 3 + 2]).toBe(10 * three[k * 3 + 1]);
    }
    // each resample has 5 draws: Σ over a resample of the constant column 1 would be 5; here check the total weight
    const ones = bootstrapColumnSums([[1, 1, 1, 1, 1]], { resamples: 20, seed: 5 });
    expect(Array.from(ones).every((v) => v === 5)).toBe(true);
    expect(resampledRatios(three, 3, 2, 1).every((v) => v === 10)).toBe(true);
  });

  it('a subset resamples only its own segments', () => {
    // segments 1 and 3 only; the values at 0, 2, 4 must never appear in a sum
    const col = [1000, 1, 100000, 10, 1000000];
    const s = bootstrapColumnSums([col], { resamples: 200, seed: 8, subset: [1, 3] });
    // possible sums of 2 draws from {1, 10}: 2, 11, 20
    expect(new Set(s)).toEqual(new Set([2, 11, 20]));
  });
});
