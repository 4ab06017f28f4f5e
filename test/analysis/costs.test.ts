// Money: computeCosts formulas (costs.csv) on hand-made rows. Prices themselves: test/prices/.
import { describe, expect, it } from 'vitest';
import { computeCosts } from '../../src/analysis/costs.js';
import type { PriceRow, SummaryRow } from '../../src/types.js';

const sr = (
  tokenizer: string,
  lang: string,
  tokens: number,
  baselineTokens: number,
  words: number,
  corpus = 'c',
): SummaryRow => ({
  corpus,
  domain: 'all',
  tokenizer,
  category: 'english-centric',
  lang,
  segments: 3,
  tokens,
  baselineTokens,
  overheadPct: 100 * (tokens / baselineTokens - 1),
  ciLowPct: 0,
  ciHighPct: 0,
  medianRatio: 1,
  charNormOverheadPct: 0,
  chars: 0,
  baselineChars: 0,
  bytes: 0,
  words,
  fertility: 0,
  continuedWordsPct: 0,
  charsPerToken: 0,
  bytesPerToken: 0,
  fallbackPct: 0,
});
const price = (model: string, tokenizer: string, input: number): PriceRow => ({
  model,
  provider: 'P',
  tokenizer,
  inputPerMTok: input,
  outputPerMTok: 4 * input,
  source: 'https://example.test',
  dateChecked: '2025-08',
});

describe('computeCosts', () => {
  // cl100k: en 1,000,000 tokens over 800,000 English words; fr 1,600,000 tokens (+60 %).
  const summary = [
    sr('cl100k_base', 'en', 1_000_000, 1_000_000, 800_000),
    sr('cl100k_base', 'fr', 1_600_000, 1_000_000, 900_000),
    sr('o200k_base', 'en', 900_000, 900_000, 800_000),
    sr('o200k_base', 'fr', 1_260_000, 900_000, 900_000),
    { ...sr('cl100k_base', 'fr', 1, 1, 1), domain: 'news' }, // per-domain rows are not priced
  ];
  const prices = [
    price('gpt-4', 'cl100k_base', 30),
    price('gpt-4o', 'o200k_base', 2.5),
    price('llama', 'llama-3', 0.2),
  ];

  it('one row per priced model whose tokenizer ran, per language; formulas by hand', () => {
    const rows = computeCosts(summary, prices, { baseline: 'en', monthlyWords: 2_000_000 });
    expect(rows.map((r) => `${r.model}/${r.lang}`)).toEqual([
      'gpt-4/en',
      'gpt-4/fr',
      'gpt-4o/en',
      'gpt-4o/fr',
    ]);
    const g4fr = rows[1];
    // input cost: 1.6M tokens × $30 / 1M = $48
    expect(g4fr.inputCostUsd).toBeCloseTo(48, 9);
    // per 1M English words: 1.6M / 0.8M × $30 = $60; English: 1.0 / 0.8 × 30 = $37.50
    expect(g4fr.costPerMEnglishWordsUsd).toBeCloseTo(60, 9);
    expect(rows[0].costPerMEnglishWordsUsd).toBeCloseTo(37.5, 9);
    expect(g4fr.extraPct).toBeCloseTo(60, 9);
    // extra per 1M English words: (1.6M − 1.0M) / 0.8M × 30 = $22.50 = 60 − 37.50
    expect(g4fr.extraPerMEnglishWordsUsd).toBeCloseTo(22.5, 9);
    // 2M words a month: $120 bill, $45 extra
    expect(g4fr.monthlyWords).toBe(2_000_000);
    expect(g4fr.monthlyCostUsd).toBeCloseTo(120, 9);
    expect(g4fr.monthlyExtraUsd).toBeCloseTo(45, 9);
    // gpt-4o fr: 1.26M / 0.8M × 2.5 = $3.9375; extra (0.36M / 0.8M) × 2.5 = $1.125; +40 %
    expect(rows[3].costPerMEnglishWordsUsd).toBeCloseTo(3.9375, 9);
    expect(rows[3].extraPerMEnglishWordsUsd).toBeCloseTo(1.125, 9);
    expect(rows[3].extraPct).toBeCloseTo(40, 9);
    expect(rows[3]).toMatchObject({
      priceInputPerMTok: 2.5,
      priceSource: 'https://example.test',
      priceDate: '2025-08',
      provider: 'P',
      tokens: 1_260_000,
    });
  });

  it('without monthlyWords, no monthly fields', () => {
    const rows = computeCosts(summary, prices, { baseline: 'en' });
    expect(rows[1].monthlyCostUsd).toBeUndefined();
    expect('monthlyWords' in rows[1]).toBe(false);
  });

  it('per corpus: each corpus uses its own English words', () => {
    const two = [
      ...summary.slice(0, 2),
      sr('cl100k_base', 'en', 10, 10, 20, 'd'),
      sr('cl100k_base', 'fr', 15, 10, 20, 'd'),
    ];
    const rows = computeCosts(two, [prices[0]], { baseline: 'en' });
    const d = rows.filter((r) => r.corpus === 'd');
    // corpus d: fr 15 tokens / 20 English words × $30 = $22.50 per 1M English words
    expect(d.find((r) => r.lang === 'fr')!.costPerMEnglishWordsUsd).toBeCloseTo(22.5, 9);
  });
});
