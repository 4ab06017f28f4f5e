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
  roundAnalysis,
} from '../../src/report/csv.js';
import { isUserError } from '../../src/errors.js';
import type { Measurement, SummaryRow } from '../../src/types.js';
import { fixtureEfficiency, fixtureModelRun, fixtureRun, fixtureSummary, PRICES } from './fixture.js';

const header = (csv: string) => csv.split('\n')[0];

describe('CSV column orders', () => {
  it('summary.csv: contract columns first, then the extras', () => {
    expect(header(formatSummaryCsv([]))).toBe(
      'corpus,tokenizer,lang,segments,tokens,baseline_tokens,overhead_pct,ci_low_pct,ci_high_pct,chars,words,fertility,chars_per_token,' +
        'domain,category,median_ratio,char_norm_overhead_pct,baseline_chars,bytes,continued_words_pct,bytes_per_token,fallback_pct,verdict',
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
    ciLowPct: -0.0001, // rounds to zero: must not print "-0.00"
    fallbackPct: Number.NaN,
  };
  const cells = Papa.parse<Record<string, string>>(formatSummaryCsv([row]), { header: true }).data[0];
  it('percentages with 2 decimals, ratios with 4, counts as integers, no negative zero, NaN as empty', () => {
    expect(cells.overhead_pct).toBe('60.80');
    expect(cells.fertility).toBe('1.7554');
    expect(cells.tokens).toBe('43710');
    expect(cells.ci_low_pct).toBe('0.00');
    expect(cells.fallback_pct).toBe('');
    expect(parseSummaryCsv(formatSummaryCsv([row]))[0].fallbackPct).toBeNaN();
  });
  it('money with 6 decimals; prices as given', () => {
    // gpt-4 on French: 43710 tokens × $30 / 1e6 = $1.3113; per 1M English words: 43710 / 21500 × 30 = 60.990697...
    const gpt4fr = fixtureRun().analysis.costs.find((c) => c.model === 'gpt-4' && c.lang === 'fr')!;
    const c = Papa.parse<Record<string, string>>(formatCostsCsv([gpt4fr]), { header: true }).data[0];
    expect(c.input_cost_usd).toBe('1.311300');
    expect(c.cost_per_m_english_words_usd).toBe('60.990698');
    expect(c.extra_pct).toBe('60.80');
    expect(c.price_input_usd_per_mtok).toBe('30');
    expect(c.monthly_words).toBe('');
  });
});

describe('round trip: write → read gives the same figures', () => {
  it('summary.csv', () => {
    const rows = fixtureSummary();
    expect(parseSummaryCsv(formatSummaryCsv(rows))).toEqual(rows);
  });
  it('efficiency.csv', () => {
    const rows = fixtureEfficiency();
    expect(parseEfficiencyCsv(formatEfficiencyCsv(rows))).toEqual(rows);
  });
  it('prices.csv (with a note and text that needs quoting)', () => {
    const rows = [...PRICES, { ...PRICES[0], model: 'odd, "quoted" model', note: 'deprecated; line\nbreak' }];
    expect(parsePricesCsv(formatPricesCsv(rows))).toEqual(rows);
  });
  it('costs.csv equals the costs rounded as stored, with and without monthly figures', () => {
    const costs = fixtureRun().analysis.costs;
    const monthly = costs.map((c) => ({
      ...c,
      monthlyWords: 10_000_000,
      monthlyCostUsd: c.costPerMEnglishWordsUsd * 10,
      monthlyExtraUsd: c.extraPerMEnglishWordsUsd * 10,
    }));
    for (const rows of [costs, monthly]) {
      const back = parseCostsCsv(formatCostsCsv(rows));
      expect(back).toEqual(roundAnalysis({ ...fixtureRun().analysis, costs: rows }).costs);
      back.forEach((b, i) =>
        expect(b.costPerMEnglishWordsUsd).toBeCloseTo(rows[i].costPerMEnglishWordsUsd, 6),
      );
    }
  });
  it('prices.csv with cached-input prices and context tiers', () => {
    const rows = fixtureModelRun().analysis.prices;
    expect(rows.some((r) => r.tiers?.length)).toBe(true);
    expect(parsePricesCsv(formatPricesCsv(rows))).toEqual(rows);
  });
  it('claim.csv and models.csv equal the rows rounded as stored (not-measured rows keep empty cells)', () => {
    const a = fixtureModelRun().analysis;
    const r = roundAnalysis(a);
    const claim = parseClaimCsv(formatClaimCsv(a.claim!));
    expect(claim.length).toBe(a.claim!.length);
    claim.forEach((c, i) => {
      const want = r.claim![i];
      for (const k of ['overheadPct', 'ciLowPct', 'ciHighPct', 'lengthPct', 'tokenizerPct'] as const) {
        if (Number.isNaN(want[k])) expect(c[k]).toBeNaN();
        else expect(c[k]).toBe(want[k]);
      }
      expect({ ...c, overheadPct: 0, ciLowPct: 0, ciHighPct: 0, lengthPct: 0, tokenizerPct: 0 }).toEqual({
        ...want,
        overheadPct: 0,
        ciLowPct: 0,
        ciHighPct: 0,
        lengthPct: 0,
        tokenizerPct: 0,
      });
    });
    const models = parseModelsCsv(formatModelsCsv(a.models!.map((m) => modelCsvRow(m, a.options)))).map(
      modelFromCsv,
    );
    expect(models).toEqual(r.models);
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
  it('roundAnalysis is what a read-back gives (so reports from memory and from files agree)', () => {
    const a = fixtureRun().analysis;
    const noisy = a.summary.map((r) => ({
      ...r,
      overheadPct: r.overheadPct + 0.0012345,
      medianRatio: r.medianRatio + 0.0000321,
    }));
    const rounded = roundAnalysis({ ...a, summary: noisy }).summary;
    expect(parseSummaryCsv(formatSummaryCsv(noisy))).toEqual(rounded);
    expect(rounded[1].overheadPct).toBe(60.8);
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
