// Prices come from @pydantic/genai-prices: the same figures as its calcPrice, dated by the data, and a CSV that
// overrides or adds models.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { calcPrice } from '@pydantic/genai-prices';
import { describe, expect, it } from 'vitest';
import { computeBill } from '../../src/analysis/bill.js';
import { UserError } from '../../src/errors.js';
import { findModel, models } from '../../src/models/index.js';
import {
  bundledSource,
  formatPricesCsv,
  libraryPrice,
  libraryVersion,
  loadPrices,
  parsePricesCsv,
  PRICE_PACKAGE,
} from '../../src/prices/index.js';
import { ROOT, tmp } from '../helpers.js';

const WHEN = new Date('2026-12-01T00:00:00Z');

describe('prices from @pydantic/genai-prices', () => {
  it('every catalog model with a price pointer is priced as calcPrice prices it (input, output, cache read)', () => {
    // 1,000 tokens: below every context tier, so these are the base prices (× 1,000 gives USD per 1M).
    for (const m of models()) {
      if (!m.price || /peak rate/.test(libraryPrice(m, WHEN).row?.source ?? '')) continue; // time-of-day: below
      const p = libraryPrice(m, WHEN);
      expect(p.row, `${m.id}: ${p.missing}`).toBeDefined();
      const lib = (usage: Record<string, number>) =>
        calcPrice(usage, m.price!.model, { providerId: m.price!.provider, timestamp: WHEN })!;
      expect(p.row!.inputPerMTok, m.id).toBeCloseTo(lib({ input_tokens: 1000 }).input_price * 1000, 9);
      expect(p.row!.outputPerMTok, m.id).toBeCloseTo(lib({ output_tokens: 1000 }).output_price * 1000, 9);
      if (p.row!.cachedInputPerMTok !== undefined) {
        expect(p.row!.cachedInputPerMTok, m.id).toBeCloseTo(
          lib({ input_tokens: 1000, cache_read_tokens: 1000 }).input_price * 1000,
          9,
        );
      }
    }
  });

  it('checked by hand: gpt-5 1.25 / 10 (cache 0.125), claude-sonnet-4-5 3 / 15, as the issue quotes them', () => {
    expect(libraryPrice(findModel('gpt-5')!, WHEN).row).toMatchObject({
      inputPerMTok: 1.25,
      outputPerMTok: 10,
      cachedInputPerMTok: 0.125,
    });
    expect(
      calcPrice({ input_tokens: 1e6, output_tokens: 1e6 }, 'gpt-5', { providerId: 'openai' })!.total_price,
    ).toBe(11.25);
    expect(libraryPrice(findModel('claude-sonnet-4-5')!, WHEN).row).toMatchObject({
      inputPerMTok: 3,
      outputPerMTok: 15,
    });
  });

  it('a price that depends on the time of day is the peak rate of the day, whatever the hour (checked by hand)', () => {
    // deepseek-chat in the data: 0.135 / 0.55 (cache 0.035) off-peak, 0.27 / 1.1 (cache 0.07) from 00:30 to 16:30 UTC.
    const chat = findModel('deepseek-chat')!;
    for (const t of ['2026-06-01T00:00:00Z', '2026-06-01T12:00:00Z', '2026-06-01T20:00:00Z']) {
      const r = libraryPrice(chat, new Date(t)).row!;
      expect([r.inputPerMTok, r.outputPerMTok, r.cachedInputPerMTok], t).toEqual([0.27, 1.1, 0.07]);
      expect(r.source).toMatch(/deepseek\/deepseek-chat, peak rate of the day \(off-peak hours cost less\)$/);
    }
    // The library itself gives the off-peak rate at 20:00: the run's hour no longer changes the bill.
    expect(
      calcPrice({ input_tokens: 1e6 }, 'deepseek-chat', {
        providerId: 'deepseek',
        timestamp: new Date('2026-06-01T20:00:00Z'),
      })!.input_price,
    ).toBe(0.135);
    // deepseek-v4-pro from 2026-08-17: off-peak 0.66 / 1.98, peak (01:00-04:00, 06:00-10:00 UTC) 1.32 / 3.96.
    const pro = libraryPrice(findModel('deepseek-v4-pro')!, new Date('2026-12-06T12:00:00Z')).row!;
    expect([pro.inputPerMTok, pro.outputPerMTok, pro.cachedInputPerMTok]).toEqual([1.32, 3.96, 0.044]);
    // A model without time windows is priced as calcPrice prices it at that moment.
    expect(libraryPrice(findModel('gpt-5')!, WHEN).row!.source).not.toMatch(/peak/);
  });

  it("a price the data already replaces says until when it applies; a host's price says so", () => {
    // gemini-3.6-flash: an introductory rate, then a start_date price from 2027-01-01.
    const g = findModel('gemini-3.6-flash')!;
    expect(libraryPrice(g, new Date('2026-12-06T12:00:00Z')).row!.validUntil).toBe('2026-12-31');
    expect(libraryPrice(g, new Date('2027-01-02T12:00:00Z')).row!.validUntil).toBeUndefined();
    expect(libraryPrice(findModel('gpt-5')!, WHEN).row!.validUntil).toBeUndefined();
    // The price data imported these from OpenRouter (its own comment): price_source says it is a host's price.
    for (const id of ['gpt-oss-120b', 'mistral-small-2506'])
      expect(libraryPrice(findModel(id)!, WHEN).row!.source, id).toMatch(
        /a host's price \(OpenRouter's, as the price data says\), not the provider's own list price$/,
      );
    // A catalog model priced at another provider than its own says which host.
    expect(libraryPrice(findModel('qwen3-max')!, WHEN).row!.source).toMatch(
      /openrouter\/qwen\/qwen3-max, hosted by OpenRouter$/,
    );
    expect(libraryPrice(findModel('gpt-5')!, WHEN).row!.source).not.toMatch(/host/);
  });

  it('is dated by the library data: the npm publish date of the installed version, recorded in data/price-data.json', () => {
    const recorded = JSON.parse(readFileSync(join(ROOT, 'data', 'price-data.json'), 'utf8')) as {
      dates: Record<string, string>;
    };
    const version = libraryVersion();
    // A version bump without a recorded date fails here: record its publish date (npm view @pydantic/genai-prices time).
    expect(recorded.dates[version], `no date recorded for ${PRICE_PACKAGE} ${version}`).toMatch(
      /^\d{4}-\d{2}-\d{2}$/,
    );
    expect(bundledSource()).toMatchObject({
      kind: 'bundled',
      date: recorded.dates[version],
      name: `${PRICE_PACKAGE} ${version} (bundled data)`,
    });
    expect(libraryPrice(findModel('gpt-5')!, WHEN).row!.dateChecked).toBe(recorded.dates[version]);
    expect(libraryPrice(findModel('gpt-5')!, WHEN).row!.source).toBe(
      `${PRICE_PACKAGE} ${version} (bundled data): openai/gpt-5`,
    );
  });

  it("reads context tiers, and the bill of a long request equals calcPrice's for the same usage", () => {
    const row = libraryPrice(findModel('gpt-5.4')!, WHEN).row!;
    expect(row.tiers).toEqual([
      { aboveInputTokens: 271999, inputPerMTok: 5, outputPerMTok: 22.5, cachedInputPerMTok: 0.5 },
    ]);
    for (const inputTokens of [100_000, 300_000]) {
      const bill = computeBill(
        { requestsPerMonth: 1, inputWords: inputTokens, outputWords: 2_000, cachedShare: 0.25 },
        { input: 1, output: 1 },
        row,
      );
      const lib = calcPrice(
        { input_tokens: inputTokens, cache_read_tokens: inputTokens * 0.25, output_tokens: 2_000 },
        'gpt-5.4',
        { providerId: 'openai', timestamp: WHEN },
      )!;
      expect(bill.totalUsd).toBeCloseTo(lib.total_price, 12);
      expect(bill.priceTier).toBe(inputTokens > 271999 ? '> 271,999 input tokens' : 'base');
    }
  });

  it('says why a model has no price', () => {
    expect(libraryPrice(findModel('OpenLLM-France/Lucie-7B')!).missing).toBe(
      'open weights with no API list price',
    );
    expect(
      libraryPrice({ ...findModel('gpt-5')!, price: { provider: 'openai', model: 'gpt-99' } }).missing,
    ).toMatch(/^no price for openai\/gpt-99 in @pydantic\/genai-prices/);
  });
});

describe('--prices <file>: the override format', () => {
  const HEAD =
    'model,provider,input_usd_per_mtok,output_usd_per_mtok,cached_input_usd_per_mtok,source,date,tokenizer\n';
  const file = (text: string) => {
    const f = join(tmp(), 'prices.csv');
    writeFileSync(f, text);
    return f;
  };

  it('overrides a model of the catalog, prices an open-weights one, and adds a new one', async () => {
    const f = file(
      HEAD +
        'gpt-5,openai,2,16,,https://example.test/a,2026-12-01,\n' +
        'OpenLLM-France/Lucie-7B,OpenLLM-France,0.1,0.1,,https://example.test/b,2026-12,\n' +
        'my-model,Acme,0.3,0.9,0.03,https://example.test/c,2026-11,o200k_base\n',
    );
    const p = await loadPrices(models(), { file: f, when: WHEN });
    expect(p.file).toBe(f);
    expect(p.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(p.source.override).toBe(f);
    expect(p.rows.find((r) => r.model === 'gpt-5')).toMatchObject({
      provider: 'openai',
      inputPerMTok: 2,
      outputPerMTok: 16,
      source: 'https://example.test/a',
      dateChecked: '2026-12-01',
    });
    expect(p.rows.find((r) => r.model === 'gpt-5')!.cachedInputPerMTok).toBeUndefined();
    expect(p.rows.find((r) => r.model === 'OpenLLM-France/Lucie-7B')).toMatchObject({
      provider: 'openllm-france',
      inputPerMTok: 0.1,
    });
    expect(p.missing.has('openllm-france/openllm-france/lucie-7b')).toBe(false);
    expect(p.added).toEqual([
      expect.objectContaining({
        id: 'my-model',
        provider: 'acme',
        counting: [{ kind: 'tokenizer', tokenizer: 'o200k_base' }],
      }),
    ]);
    // Every other model keeps the library's price.
    expect(p.rows.find((r) => r.model === 'gpt-4.1')).toMatchObject({ inputPerMTok: 2, outputPerMTok: 8 });
  });

  it('reads a file of tokentax 0.1 (date_checked, no cached column)', () => {
    const rows = parsePricesCsv(
      'model,provider,tokenizer,input_usd_per_mtok,output_usd_per_mtok,source,date_checked,note\ngpt-4o,OpenAI,o200k_base,2.5,10,https://openai.com/api/pricing/,2025-08,old\n',
      'old.csv',
    );
    expect(rows).toEqual([
      {
        model: 'gpt-4o',
        provider: 'OpenAI',
        tokenizer: 'o200k_base',
        inputPerMTok: 2.5,
        outputPerMTok: 10,
        source: 'https://openai.com/api/pricing/',
        dateChecked: '2025-08',
        note: 'old',
      },
    ]);
  });

  it('round-trips, tiers included', () => {
    const rows = [
      libraryPrice(findModel('gpt-5.4')!, WHEN).row!,
      libraryPrice(findModel('gpt-4')!, WHEN).row!,
      libraryPrice(findModel('gemini-3.6-flash')!, WHEN).row!,
    ];
    expect(rows[2].validUntil).toBe('2026-12-31');
    expect(parsePricesCsv(formatPricesCsv(rows), 'x.csv')).toEqual(rows);
  });

  it('errors name the file, the line and the column', async () => {
    const bad = async (content: string) => {
      const f = file(content);
      const e = await loadPrices(models(), { file: f }).catch((x: unknown) => x);
      expect(e).toBeInstanceOf(UserError);
      expect((e as UserError).exit).toBe('input');
      return { m: (e as UserError).message, f };
    };
    let r = await bad('model,provider,source,date\nx,y,s,2025-01\n');
    expect(r.m).toBe(`${r.f}: missing columns input_usd_per_mtok, output_usd_per_mtok`);
    r = await bad(`${HEAD}a,P,1,2,,s,2025-01,\nb,P,$3,2,,s,2025-01,\n`);
    expect(r.m).toBe(
      `${r.f}: line 3, column input_usd_per_mtok: "$3" is not a non-negative number of USD per million tokens`,
    );
    r = await bad(`${HEAD}a,P,1,2,-1,s,2025-01,\n`);
    expect(r.m).toContain('line 2, column cached_input_usd_per_mtok');
    r = await bad(`${HEAD}a,P,1,2,,s,last week,\n`);
    expect(r.m).toContain('line 2, column date: "last week" is not a date');
    r = await bad(`${HEAD}a,P,1,2,,s,2025-01,\nA,p,1,2,,s,2025-01,\n`);
    expect(r.m).toBe(`${r.f}: model "p/A" appears twice (lines 2 and 3)`);
    r = await bad(HEAD);
    expect(r.m).toBe(`${r.f}: no price rows`);
    await expect(loadPrices(models(), { file: join(tmp(), 'nope.csv') })).rejects.toThrow(
      /prices file not found: .*nope\.csv/,
    );
  });
});
