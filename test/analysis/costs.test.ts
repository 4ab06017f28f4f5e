// Money: computeCosts formulas on hand-made rows, and the pricing table loader.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { computeCosts } from '../../src/analysis/costs.js';
import { DEFAULT_PRICES_FILE, loadPrices, mergePrices, pricesToCsv } from '../../src/analysis/prices.js';
import { UserError } from '../../src/errors.js';
import type { PriceRow, SummaryRow } from '../../src/types.js';
import { tmp } from '../helpers.js';

const sr = (tokenizer: string, lang: string, tokens: number, baselineTokens: number, words: number, corpus = 'c'): SummaryRow => ({
  corpus, domain: 'all', tokenizer, category: 'english-centric', lang, segments: 3, tokens, baselineTokens,
  overheadPct: 100 * (tokens / baselineTokens - 1), ciLowPct: 0, ciHighPct: 0, medianRatio: 1, charNormOverheadPct: 0,
  chars: 0, baselineChars: 0, bytes: 0, words, fertility: 0, continuedWordsPct: 0, charsPerToken: 0, bytesPerToken: 0,
  fallbackPct: 0, verdict: 'n/a',
});
const price = (model: string, tokenizer: string, input: number): PriceRow => ({
  model, provider: 'P', tokenizer, inputPerMTok: input, outputPerMTok: 4 * input, source: 'https://example.test', dateChecked: '2025-08',
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
  const prices = [price('gpt-4', 'cl100k_base', 30), price('gpt-4o', 'o200k_base', 2.5), price('llama', 'llama-3', 0.2)];

  it('one row per priced model whose tokenizer ran, per language; formulas by hand', () => {
    const rows = computeCosts(summary, prices, { baseline: 'en', monthlyWords: 2_000_000 });
    expect(rows.map((r) => `${r.model}/${r.lang}`)).toEqual(['gpt-4/en', 'gpt-4/fr', 'gpt-4o/en', 'gpt-4o/fr']);
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
    expect(rows[3]).toMatchObject({ priceInputPerMTok: 2.5, priceSource: 'https://example.test', priceDate: '2025-08', provider: 'P', tokens: 1_260_000 });
  });

  it('without monthlyWords, no monthly fields', () => {
    const rows = computeCosts(summary, prices, { baseline: 'en' });
    expect(rows[1].monthlyCostUsd).toBeUndefined();
    expect('monthlyWords' in rows[1]).toBe(false);
  });

  it('per corpus: each corpus uses its own English words', () => {
    const two = [...summary.slice(0, 2), sr('cl100k_base', 'en', 10, 10, 20, 'd'), sr('cl100k_base', 'fr', 15, 10, 20, 'd')];
    const rows = computeCosts(two, [prices[0]], { baseline: 'en' });
    const d = rows.filter((r) => r.corpus === 'd');
    // corpus d: fr 15 tokens / 20 English words × $30 = $22.50 per 1M English words
    expect(d.find((r) => r.lang === 'fr')!.costPerMEnglishWordsUsd).toBeCloseTo(22.5, 9);
  });
});

describe('loadPrices', () => {
  it('the shipped table loads, covers the required families, and names known tokenizer ids', async () => {
    const p = await loadPrices();
    expect(p.file).toBe(DEFAULT_PRICES_FILE);
    expect(p.sha256).toMatch(/^[0-9a-f]{64}$/);
    const byTok = (t: string) => p.rows.filter((r) => r.tokenizer === t).map((r) => r.model);
    expect(byTok('o200k_base')).toEqual(expect.arrayContaining(['gpt-4o', 'gpt-4o-mini', 'gpt-4.1', 'gpt-4.1-mini', 'gpt-5', 'gpt-5-mini']));
    expect(byTok('cl100k_base')).toEqual(expect.arrayContaining(['gpt-4-turbo', 'gpt-3.5-turbo']));
    expect(byTok('mistral-tekken')).toContain('open-mistral-nemo');
    expect(byTok('mistral-v1')).toEqual(expect.arrayContaining(['open-mistral-7b', 'open-mixtral-8x7b']));
    for (const t of ['llama-3', 'qwen-3', 'deepseek-v3']) expect(byTok(t).length).toBeGreaterThan(0);
    // tokenizer ids must be ones the project measures (REFERENCE_COUNTS.md ids)
    const known = ['cl100k_base', 'o200k_base', 'llama-2', 'llama-3', 'mistral-v1', 'mistral-tekken', 'lucie-7b', 'gemma-3', 'gemma-1-2', 'qwen-3', 'deepseek-v3', 'claude-legacy'];
    for (const r of p.rows) {
      expect(known).toContain(r.tokenizer);
      expect(r.inputPerMTok).toBeGreaterThan(0);
      expect(r.outputPerMTok).toBeGreaterThanOrEqual(r.inputPerMTok); // output is never cheaper in this table
      expect(r.source).toMatch(/^https:\/\//);
      expect(r.dateChecked).toMatch(/^\d{4}-\d{2}/);
    }
    // a value checked by hand against the file
    expect(p.rows.find((r) => r.model === 'gpt-4o')).toMatchObject({ inputPerMTok: 2.5, outputPerMTok: 10, provider: 'OpenAI' });
  });

  it('a user file overrides by model name (case-insensitive) and extends the table', async () => {
    const dir = tmp();
    const f = join(dir, 'mine.csv');
    writeFileSync(f, 'model,provider,tokenizer,input_usd_per_mtok,output_usd_per_mtok,source,date_checked\n' +
      'GPT-4o,OpenAI,o200k_base,1.5,6,https://example.test/a,2026-01-02\n' +
      'my-lucie,Acme,lucie-7b,0.3,0.9,https://example.test/b,2026-01\n');
    const base = await loadPrices();
    const p = await loadPrices(f);
    expect(p.file).toBe(f);
    expect(p.files.map((x) => x.path)).toEqual([DEFAULT_PRICES_FILE, f]);
    expect(p.rows).toHaveLength(base.rows.length + 1);
    const idx = base.rows.findIndex((r) => r.model === 'gpt-4o');
    expect(p.rows[idx]).toMatchObject({ model: 'GPT-4o', inputPerMTok: 1.5, dateChecked: '2026-01-02' });
    expect(p.rows[p.rows.length - 1]).toMatchObject({ model: 'my-lucie', tokenizer: 'lucie-7b', inputPerMTok: 0.3 });
  });

  const bad = async (content: string) => {
    const f = join(tmp(), 'bad.csv');
    writeFileSync(f, content);
    try { await loadPrices(f); } catch (e) { return { e: e as UserError, f }; }
    throw new Error('expected an error');
  };
  const HEAD = 'model,provider,tokenizer,input_usd_per_mtok,output_usd_per_mtok,source,date_checked\n';

  it('errors name the file, the line and the column', async () => {
    let r = await bad('model,provider,tokenizer,source,date_checked\nx,y,z,s,2025-01\n');
    expect(r.e).toBeInstanceOf(UserError);
    expect(r.e.exit).toBe('input');
    expect(r.e.message).toBe(`${r.f}: missing columns input_usd_per_mtok, output_usd_per_mtok`);
    expect(r.e.hint).toContain('model,provider,tokenizer');
    r = await bad(`${HEAD}a,P,o200k_base,1,2,s,2025-01\nb,P,o200k_base,$3,2,s,2025-01\n`);
    expect(r.e.message).toBe(`${r.f}: line 3, column input_usd_per_mtok: "$3" is not a non-negative number of USD per million tokens`);
    r = await bad(`${HEAD}a,P,o200k_base,1,-2,s,2025-01\n`);
    expect(r.e.message).toContain('line 2, column output_usd_per_mtok');
    r = await bad(`${HEAD}a,P,o200k_base,1,2,s,last week\n`);
    expect(r.e.message).toContain('line 2, column date_checked: "last week" is not a date');
    r = await bad(`${HEAD}a,P,,1,2,s,2025-01\n`);
    expect(r.e.message).toBe(`${r.f}: line 2, column tokenizer is empty`);
    r = await bad(`${HEAD}a,P,o200k_base,1,2,s,2025-01\nA,P,o200k_base,1,2,s,2025-01\n`);
    expect(r.e.message).toBe(`${r.f}: model "A" appears twice (lines 2 and 3)`);
    r = await bad(HEAD);
    expect(r.e.message).toBe(`${r.f}: no price rows`);
    await expect(loadPrices(join(tmp(), 'nope.csv'))).rejects.toThrow(/prices file not found: .*nope\.csv/);
  });

  it('pricesToCsv round-trips through the loader', async () => {
    const p = await loadPrices();
    const f = join(tmp(), 'round.csv');
    writeFileSync(f, pricesToCsv(p.rows));
    const again = await loadPrices(f);
    expect(again.rows).toEqual(p.rows);
    expect(mergePrices(p.rows, [])).toEqual(p.rows);
  });
});
