// The bill, worked by hand: one model, one language, given words per request and requests per month.
import { describe, expect, it } from 'vitest';
import { computeBill, inCurrency, tierFor } from '../../src/analysis/bill.js';
import type { PriceRow } from '../../src/types.js';

const price: Pick<PriceRow, 'inputPerMTok' | 'outputPerMTok' | 'cachedInputPerMTok' | 'tiers'> = {
  inputPerMTok: 2,
  outputPerMTok: 8,
  cachedInputPerMTok: 0.5,
};

describe('computeBill', () => {
  // French on some tokenizer: 1.5 tokens per English-equivalent word, in and out.
  const tpw = { input: 1.5, output: 1.5 };
  const w = { requestsPerMonth: 10_000, inputWords: 1_000, outputWords: 200, cachedShare: 0 };

  it('one model, one language, by hand', () => {
    const b = computeBill(w, tpw, price);
    // 1,000 words × 1.5 = 1,500 input tokens a request; 200 × 1.5 = 300 output tokens.
    expect(b.inputTokensPerRequest).toBe(1500);
    expect(b.outputTokensPerRequest).toBe(300);
    // input: 10,000 × 1,500 × $2 / 1e6 = $30; output: 10,000 × 300 × $8 / 1e6 = $24; total $54.
    expect(b.inputUsd).toBeCloseTo(30, 12);
    expect(b.cachedInputUsd).toBe(0);
    expect(b.outputUsd).toBeCloseTo(24, 12);
    expect(b.totalUsd).toBeCloseTo(54, 12);
    expect(b.priceTier).toBe('base');
  });

  it('changing the output words changes the output part only', () => {
    const a = computeBill(w, tpw, price);
    const b = computeBill({ ...w, outputWords: 400 }, tpw, price);
    expect(b.inputUsd).toBe(a.inputUsd);
    expect(b.cachedInputUsd).toBe(a.cachedInputUsd);
    expect(b.inputTokensPerRequest).toBe(a.inputTokensPerRequest);
    // 400 × 1.5 = 600 tokens; 10,000 × 600 × $8 / 1e6 = $48.
    expect(b.outputUsd).toBeCloseTo(48, 12);
    expect(b.totalUsd - a.totalUsd).toBeCloseTo(24, 12);
  });

  it('cached input at the cache price, the rest at the input price', () => {
    // 40 % cached: 0.6 × 1,500 × $2 → $18; 0.4 × 1,500 × $0.50 → $3 (× 10,000 / 1e6).
    const b = computeBill({ ...w, cachedShare: 0.4 }, tpw, price);
    expect(b.inputUsd).toBeCloseTo(18, 12);
    expect(b.cachedInputUsd).toBeCloseTo(3, 12);
    expect(b.totalUsd).toBeCloseTo(45, 12);
    // A model without a cache price pays the input price for cached tokens too.
    const noCache = computeBill({ ...w, cachedShare: 0.4 }, tpw, { inputPerMTok: 2, outputPerMTok: 8 });
    expect(noCache.inputUsd + noCache.cachedInputUsd).toBeCloseTo(30, 12);
  });

  it("a request above a context tier pays the tier's prices for the whole request", () => {
    const tiered = {
      ...price,
      tiers: [{ aboveInputTokens: 200_000, inputPerMTok: 4, outputPerMTok: 12, cachedInputPerMTok: 1 }],
    };
    expect(tierFor(tiered, 200_000).tier).toBe('base'); // the library's rule: above the start, not at it
    expect(tierFor(tiered, 200_001)).toEqual({
      tier: '> 200,000 input tokens',
      input: 4,
      output: 12,
      cached: 1,
    });
    const b = computeBill(
      { requestsPerMonth: 10, inputWords: 200_000, outputWords: 1_000, cachedShare: 0 },
      { input: 1.5, output: 1.5 },
      tiered,
    );
    // 300,000 input tokens: 10 × 300,000 × $4 / 1e6 = $12; 1,500 output tokens: 10 × 1,500 × $12 / 1e6 = $0.18.
    expect(b.priceTier).toBe('> 200,000 input tokens');
    expect(b.inputUsd).toBeCloseTo(12, 12);
    expect(b.outputUsd).toBeCloseTo(0.18, 12);
  });

  it('currency: only at a given rate', () => {
    expect(inCurrency(54)).toEqual({ amount: 54, code: 'USD' });
    expect(inCurrency(54, { code: 'EUR', perUsd: 0.5 })).toEqual({ amount: 27, code: 'EUR' });
  });
});
