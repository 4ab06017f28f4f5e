// Property-based tests (issue #8 point 4) with a fixed fast-check seed and bounded runs.
//
// What is guaranteed and what is tested:
// - The percentile interval of a ratio of sums is not guaranteed to contain the point estimate in general.
//   The reported interval is widened to contain it (stats.percentileInterval), so containment holds by
//   construction; the first property checks that, and the second checks the stronger, empirical fact that
//   the *unwidened* percentile interval already contains it on these integer inputs (if fast-check ever finds
//   a counterexample, that property — not the reported interval — is what breaks).
// - Exact guarantees: every resampled ratio and the point estimate lie within [min_i num_i/den_i, max_i num_i/den_i]
//   (a ratio of sums is a mediant of the per-segment ratios); a column against itself gives exactly 0 overhead
//   and a zero-width interval; sign(overhead) = sign(Σnum − Σden).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { analyze } from '../../src/analysis/analyze.js';
import { computeCosts } from '../../src/analysis/costs.js';
import { bootstrapRatio, percentileInterval, ratioOfSums } from '../../src/analysis/stats.js';
import type { PriceRow } from '../../src/types.js';
import { info, options, table } from './fixtures.js';

const SEED = 20240601;
const params = (numRuns: number) => ({ seed: SEED, numRuns });

/** n aligned segments of positive integer counts for two columns. */
const pairs = fc
  .integer({ min: 1, max: 25 })
  .chain((n) =>
    fc.tuple(
      fc.array(fc.integer({ min: 1, max: 400 }), { minLength: n, maxLength: n }),
      fc.array(fc.integer({ min: 1, max: 400 }), { minLength: n, maxLength: n }),
    ),
  );

describe('bootstrap properties', () => {
  it('the reported interval contains the point estimate', () => {
    fc.assert(
      fc.property(pairs, fc.integer({ min: 0, max: 1e6 }), ([num, den], seed) => {
        const r = bootstrapRatio(num, den, { resamples: 300, confidence: 0.95, seed });
        return r.low <= r.estimate && r.estimate <= r.high;
      }),
      params(200),
    );
  });

  it('the unwidened percentile interval contains it too (empirical, see header)', () => {
    fc.assert(
      fc.property(pairs, fc.integer({ min: 0, max: 1e6 }), ([num, den], seed) => {
        const r = bootstrapRatio(num, den, { resamples: 300, confidence: 0.95, seed });
        const raw = percentileInterval(r.samples, 0.95);
        return raw.low <= r.estimate && r.estimate <= raw.high && !r.widened;
      }),
      params(200),
    );
  });

  it('estimate and every resampled ratio lie within the range of per-segment ratios', () => {
    fc.assert(
      fc.property(pairs, ([num, den]) => {
        const ratios = num.map((x, i) => x / den[i]);
        const lo = Math.min(...ratios) * (1 - 1e-12);
        const hi = Math.max(...ratios) * (1 + 1e-12);
        const r = bootstrapRatio(num, den, { resamples: 100, confidence: 0.95, seed: 1 });
        return r.estimate >= lo && r.estimate <= hi && r.samples.every((x) => x >= lo && x <= hi);
      }),
      params(200),
    );
  });

  it('point estimate is invariant under permuting the segments', () => {
    fc.assert(
      fc.property(pairs, ([num, den]) => {
        const order = num.map((_, i) => i).reverse();
        return (
          ratioOfSums(num, den) ===
          ratioOfSums(
            order.map((i) => num[i]),
            order.map((i) => den[i]),
          )
        );
      }),
      params(100),
    );
  });
});

/** A random two-language corpus for one tokenizer; optionally fr identical to en. */
const corpus = (sameText: boolean) =>
  fc
    .integer({ min: 1, max: 20 })
    .chain((n) => {
      const col = fc.array(fc.integer({ min: 1, max: 300 }), { minLength: n, maxLength: n });
      return fc.record({ en: col, fr: col, enChars: col, frChars: col, words: col });
    })
    .map((c) =>
      table({
        text: {
          en: { chars: c.enChars, words: c.words },
          fr: { chars: sameText ? c.enChars : c.frChars, words: c.words },
        },
        counts: { t: { en: { tokens: c.en }, fr: { tokens: sameText ? c.en : c.fr } } },
      }),
    );
const INFOS = { t: info('t', 'multilingual') };

describe('analyze properties', () => {
  it('a language against itself: overhead 0, zero-width interval, median ratio 1, char-normalised 0', () => {
    fc.assert(
      fc.property(corpus(true), (tb) => {
        const res = analyze([tb], INFOS, [], options({ resamples: 200, reference: 't' }));
        const fr = res.summary.find((r) => r.lang === 'fr')!;
        const eff = res.efficiency.find((r) => r.lang === 'fr')!;
        return (
          fr.overheadPct === 0 &&
          fr.ciLowPct === 0 &&
          fr.ciHighPct === 0 &&
          fr.medianRatio === 1 &&
          fr.charNormOverheadPct === 0 &&
          fr.charNormCiLowPct === 0 &&
          fr.charNormCiHighPct === 0 &&
          eff.relativePct === 0 &&
          eff.ciLowPct === 0 &&
          eff.ciHighPct === 0
        );
      }),
      params(60),
    );
  });

  it('overhead sign matches the comparison of the token sums, and the interval contains the estimate', () => {
    fc.assert(
      fc.property(corpus(false), (tb) => {
        const res = analyze([tb], INFOS, [], options({ resamples: 200, reference: 't' }));
        const fr = res.summary.find((r) => r.lang === 'fr')!;
        const sfr = tb.counts.t.fr.tokens.reduce((a, b) => a + b, 0);
        const sen = tb.counts.t.en.tokens.reduce((a, b) => a + b, 0);
        return (
          Math.sign(fr.overheadPct) === Math.sign(sfr - sen) &&
          fr.tokens === sfr &&
          fr.baselineTokens === sen &&
          fr.ciLowPct <= fr.overheadPct &&
          fr.overheadPct <= fr.ciHighPct
        );
      }),
      params(60),
    );
  });

  it('costs follow the formulas: per-word costs differ by the extra, scale with the price and the workload', () => {
    fc.assert(
      fc.property(
        corpus(false),
        fc.double({ min: 0.01, max: 100, noNaN: true }),
        fc.integer({ min: 1, max: 1e9 }),
        (tb, p, monthly) => {
          const res = analyze([tb], INFOS, [], options({ resamples: 10, reference: 't' }));
          const price: PriceRow = {
            model: 'm',
            provider: 'P',
            tokenizer: 't',
            inputPerMTok: p,
            outputPerMTok: p,
            source: 's',
            dateChecked: '2025-01',
          };
          const [en, fr] = ['en', 'fr'].map((l) =>
            computeCosts(res.summary, [price], { baseline: 'en', monthlyWords: monthly }).find(
              (r) => r.lang === l,
            )!,
          );
          const double = computeCosts(res.summary, [{ ...price, inputPerMTok: 2 * p }], {
            baseline: 'en',
          }).find((r) => r.lang === 'fr')!;
          const summaryFr = res.summary.find((r) => r.lang === 'fr')!;
          const close = (a: number, b: number) =>
            Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));
          return (
            close(fr.costPerMEnglishWordsUsd - en.costPerMEnglishWordsUsd, fr.extraPerMEnglishWordsUsd) &&
            close(fr.inputCostUsd / en.inputCostUsd, fr.tokens / en.tokens) &&
            close(fr.extraPct, summaryFr.overheadPct) &&
            close(double.costPerMEnglishWordsUsd, 2 * fr.costPerMEnglishWordsUsd) &&
            close(fr.monthlyCostUsd!, (monthly / 1e6) * fr.costPerMEnglishWordsUsd) &&
            close(fr.monthlyExtraUsd!, (monthly / 1e6) * fr.extraPerMEnglishWordsUsd) &&
            en.extraPct === 0 &&
            en.extraPerMEnglishWordsUsd === 0
          );
        },
      ),
      params(60),
    );
  });
});
