import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import {
  formatClaimCsv,
  formatCostsCsv,
  formatEfficiencyCsv,
  formatModelsCsv,
  formatPricesCsv,
  formatSegmentsChunk,
  formatSummaryCsv,
  modelCsvRow,
  modelFromCsv,
  parseClaimCsv,
  parseCostsCsv,
  parseEfficiencyCsv,
  parseModelsCsv,
  parsePricesCsv,
  parseSummaryCsv,
} from '../../src/report/csv.js';
import { isUserError } from '../../src/errors.js';
import type { Measurement, SummaryRow } from '../../src/types.js';
import { fixtureEfficiency, fixtureModelRun, fixtureRun, fixtureSummary, PRICES } from './fixture.js';

const header = (csv: string) => csv.split('\n')[0];

describe('CSV column orders', () => {
  it('summary.csv: contract columns first, then the extras', () => {
    expect(header(formatSummaryCsv([]))).toBe(
      'corpus,tokenizer,lang,segments,tokens,baseline_tokens,overhead_pct,ci_low_pct,ci_high_pct,chars,words,fertility,chars_per_token,' +
        'domain,category,median_ratio,char_norm_overhead_pct,baseline_chars,bytes,continued_words_pct,bytes_per_token,fallback_pct,' +
        'char_norm_ci_low_pct,char_norm_ci_high_pct',
    );
  });
  it('efficiency.csv, costs.csv, prices.csv', () => {
    expect(header(formatEfficiencyCsv([]))).toBe(
      'corpus,domain,tokenizer,category,reference,lang,tokens,reference_tokens,relative_pct,ci_low_pct,ci_high_pct',
    );
    expect(header(formatCostsCsv([]))).toBe(
      'corpus,model,provider,tokenizer,lang,tokens,input_cost_usd,cost_per_m_english_words_usd,extra_pct,extra_per_m_english_words_usd,' +
        'monthly_words,monthly_cost_usd,monthly_extra_usd,price_input_usd_per_mtok,price_source,price_date',
    );
    expect(header(formatPricesCsv([]))).toBe(
      'model,provider,tokenizer,input_usd_per_mtok,output_usd_per_mtok,cached_input_usd_per_mtok,source,date,note,tiers,valid_until',
    );
  });
  it('claim.csv and models.csv: the contract columns of issue #15 first', () => {
    expect(header(formatClaimCsv([]))).toMatch(
      /^corpus,part,subject,tokenizer,lang,overhead_pct,ci_low_pct,ci_high_pct,length_pct,tokenizer_pct,verdict(,|$)/,
    );
    expect(header(formatModelsCsv([]))).toMatch(
      new RegExp(
        '^corpus,model,provider,status,tokenizer,counted_by,lang,tokens,baseline_tokens,overhead_pct,ci_low_pct,ci_high_pct,' +
          'input_usd_per_mtok,output_usd_per_mtok,cached_input_usd_per_mtok,price_source,price_date,workload,',
      ),
    );
  });
});

describe('number formats', () => {
  const row: SummaryRow = {
    ...fixtureSummary()[1], // cl100k_base, fr
    overheadPct: 100 * (43710 / 27182 - 1), // 60.80494...
    fertility: 43710 / 24900, // 1.755421...
    ciLowPct: -0.0001,
    ciHighPct: -0, // negative zero: written "0"
    fallbackPct: Number.NaN,
  };
  const cells = Papa.parse<Record<string, string>>(formatSummaryCsv([row]), { header: true }).data[0];
  it('figures at full precision (the shortest decimal that reads back as the same double), counts as integers, NaN as empty', () => {
    expect(cells.overhead_pct).toBe(String(100 * (43710 / 27182 - 1)));
    expect(Number(cells.overhead_pct)).toBe(row.overheadPct);
    expect(cells.fertility).toBe(String(43710 / 24900));
    expect(cells.tokens).toBe('43710');
    expect(cells.ci_low_pct).toBe('-0.0001');
    expect(cells.ci_high_pct).toBe('0');
    expect(cells.fallback_pct).toBe('');
    expect(parseSummaryCsv(formatSummaryCsv([row]))[0].fallbackPct).toBeNaN();
    // summary.csv has no verdict column: the claim check (claim.csv) is the only place a verdict is given.
    expect(Object.keys(cells)).not.toContain('verdict');
  });
  it('money and prices at full precision', () => {
    // gpt-4 on French: 43710 tokens × $30 / 1e6 = $1.3113; per 1M English words: 43710 / 21500 × 30 = 60.990697...
    const gpt4fr = fixtureRun().analysis.costs.find((c) => c.model === 'gpt-4' && c.lang === 'fr')!;
    const c = Papa.parse<Record<string, string>>(formatCostsCsv([gpt4fr]), { header: true }).data[0];
    expect(Number(c.input_cost_usd)).toBe((43710 * 30) / 1e6);
    expect(Number(c.cost_per_m_english_words_usd)).toBe(gpt4fr.costPerMEnglishWordsUsd);
    expect(c.cost_per_m_english_words_usd).toMatch(/^60\.99069767/);
    expect(c.extra_pct).toBe(String(gpt4fr.extraPct));
    expect(c.price_input_usd_per_mtok).toBe('30');
    expect(c.monthly_words).toBe('');
  });
});

describe('round trip: write → read gives the same doubles, so reports from memory and from files agree', () => {
  it('summary.csv', () => {
    const rows = fixtureSummary();
    expect(parseSummaryCsv(formatSummaryCsv(rows))).toEqual(rows);
    const noisy = rows.map((r) => ({ ...r, overheadPct: r.overheadPct + 0.0012345, medianRatio: 1 / 3 }));
    expect(parseSummaryCsv(formatSummaryCsv(noisy))).toEqual(noisy);
  });
  it('efficiency.csv', () => {
    const rows = fixtureEfficiency();
    expect(parseEfficiencyCsv(formatEfficiencyCsv(rows))).toEqual(rows);
  });
  it('prices.csv (with a note and text that needs quoting)', () => {
    const rows = [...PRICES, { ...PRICES[0], model: 'odd, "quoted" model', note: 'deprecated; line\nbreak' }];
    expect(parsePricesCsv(formatPricesCsv(rows))).toEqual(rows);
  });
  it('costs.csv, with and without monthly figures', () => {
    const costs = fixtureRun().analysis.costs;
    const monthly = costs.map((c) => ({
      ...c,
      monthlyWords: 10_000_000,
      monthlyCostUsd: c.costPerMEnglishWordsUsd * 10,
      monthlyExtraUsd: c.extraPerMEnglishWordsUsd * 10,
    }));
    for (const rows of [costs, monthly]) expect(parseCostsCsv(formatCostsCsv(rows))).toEqual(rows);
  });
  it('prices.csv with cached-input prices and context tiers', () => {
    const rows = fixtureModelRun().analysis.prices;
    expect(rows.some((r) => r.tiers?.length)).toBe(true);
    expect(parsePricesCsv(formatPricesCsv(rows))).toEqual(rows);
  });
  it('claim.csv and models.csv (not-measured rows keep empty cells)', () => {
    const a = fixtureModelRun().analysis;
    expect(parseClaimCsv(formatClaimCsv(a.claim!))).toEqual(a.claim);
    const models = parseModelsCsv(formatModelsCsv(a.models!.map((m) => modelCsvRow(m, a.options)))).map(
      modelFromCsv,
    );
    expect(models).toEqual(a.models);
    // A model nobody could count keeps its price but no token figure: empty cells, never 0.
    const claude = Papa.parse<Record<string, string>>(
      formatModelsCsv(a.models!.map((m) => modelCsvRow(m, a.options))),
      { header: true },
    ).data.find((x) => x.model === 'claude-sonnet-4-5')!;
    expect(claude).toMatchObject({
      counted_by: 'not measured',
      tokens: '',
      overhead_pct: '',
      input_usd_per_mtok: '3',
      monthly_total_usd: '',
    });
  });
  it('a claim.csv written before tokenizer_verdict and segments existed still reads, the verdict derived by the same rule', () => {
    const a = fixtureModelRun().analysis;
    const text = formatClaimCsv(a.claim!);
    const lines = text.trimEnd().split('\n');
    const cols = lines[0].split(',');
    const keep = cols.length - 2; // the two last columns are the new ones
    const old = lines.map((l) => Papa.parse<string[]>(l).data[0].slice(0, keep));
    const back = parseClaimCsv(Papa.unparse(old) + '\n');
    expect(back.map((r) => r.tokenizerVerdict)).toEqual(a.claim!.map((r) => r.tokenizerVerdict));
    expect(back.every((r) => r.segments === undefined)).toBe(true);
  });
});

describe('readers reject broken files with a located message', () => {
  const good = formatSummaryCsv(fixtureSummary());
  function userError(fn: () => unknown): { message: string; hint?: string; exit: string } {
    try {
      fn();
    } catch (e) {
      if (isUserError(e)) return e;
      throw e;
    }
    throw new Error('no error thrown');
  }
  it('a missing column', () => {
    const broken = good.replace('overhead_pct,', 'overhead,');
    const e = userError(() => parseSummaryCsv(broken));
    expect(e.exit).toBe('input');
    expect(e.message).toMatch(/summary\.csv: missing column overhead_pct/);
  });
  it('a count that is not a number, with its line', () => {
    const lines = good.split('\n');
    // lines[2] is the third line of the file: cl100k_base, fr (43710 tokens).
    expect(lines[2]).toContain(',43710,');
    lines[2] = lines[2].replace(',43710,', ',43x10,');
    const e = userError(() => parseSummaryCsv(lines.join('\n')));
    expect(e.message).toMatch(/line 3, column tokens: "43x10"/);
  });
  it('an unknown category', () => {
    const e = userError(() =>
      parseEfficiencyCsv(formatEfficiencyCsv(fixtureEfficiency()).replace('english-centric', 'martian')),
    );
    expect(e.message).toMatch(/unknown category "martian"/);
  });
});

describe('segments.csv chunks', () => {
  const m = (id: string, lang: string, tokens: number): Measurement => ({
    corpus: 'c',
    segmentId: id,
    domain: 'chat',
    lang,
    tokenizer: 'cl100k_base',
    tokens,
    chars: 10,
    bytes: 11,
    words: 2,
    continuedWords: 1,
    fallbackTokens: 0,
  });
  it('the header comes once, chunks append into one valid CSV, ids with commas and quotes survive', () => {
    const text =
      formatSegmentsChunk([m('a,1', 'en', 3), m('b"2', 'fr', 4)], true) +
      formatSegmentsChunk([m('c3', 'de', 5)], false);
    const lines = text.trimEnd().split('\n');
    expect(lines[0]).toBe(
      'corpus,segment_id,domain,lang,tokenizer,tokens,chars,bytes,words,continued_words,fallback_tokens',
    );
    expect(lines).toHaveLength(4);
    const rows = Papa.parse<Record<string, string>>(text, { header: true, skipEmptyLines: true }).data;
    expect(rows.map((r) => r.segment_id)).toEqual(['a,1', 'b"2', 'c3']);
    expect(rows.map((r) => r.tokens)).toEqual(['3', '4', '5']);
    expect(formatSegmentsChunk([], false)).toBe('');
  });
});
