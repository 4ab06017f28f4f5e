// NOT_MEASURED: the per-word figures a count-only counter cannot give travel as a sentinel that the writers show
// as an empty cell and the analysis as NaN, never as 0; a measured 0 stays 0.
import { describe, expect, it } from 'vitest';
import { analyze } from '../../src/analysis/index.js';
import { formatSegmentsChunk, formatSummaryCsv } from '../../src/report/csv.js';
import { NOT_MEASURED, type Measurement } from '../../src/types.js';
import { info, options, table } from '../analysis/fixtures.js';

const X = NOT_MEASURED;

describe('NOT_MEASURED', () => {
  it('is an empty cell in segments.csv, where a measured 0 is 0', () => {
    const base = {
      corpus: 'c',
      segmentId: '1',
      domain: 'd',
      lang: 'en',
      tokens: 5,
      chars: 20,
      bytes: 20,
      words: 4,
    };
    const rows: Measurement[] = [
      { ...base, tokenizer: 'api', continuedWords: X, fallbackTokens: X },
      { ...base, tokenizer: 'local', continuedWords: 0, fallbackTokens: 0 },
    ];
    const lines = formatSegmentsChunk(rows, false).trim().split('\n');
    expect(lines).toEqual(['c,1,d,en,api,5,20,20,4,,', 'c,1,d,en,local,5,20,20,4,0,0']);
  });

  it('gives NaN shares in the summary (empty cells), whatever the other segments hold', () => {
    const t = table({
      text: { en: { chars: [10, 12], words: [2, 3] }, fr: { chars: [12, 14], words: [2, 3] } },
      counts: {
        api: {
          en: { tokens: [3, 4], continued: [X, X], fallback: [X, X] },
          fr: { tokens: [4, 5], continued: [X, 7], fallback: [X, 0] },
        },
        local: { en: { tokens: [3, 4] }, fr: { tokens: [4, 5] } },
      },
    });
    const a = analyze(
      [t],
      { api: info('api', 'english-centric'), local: info('local', 'european') },
      [],
      options({ reference: 'local' }),
    );
    const row = (tok: string, lang: string) => a.summary.find((r) => r.tokenizer === tok && r.lang === lang)!;
    expect(row('api', 'fr').continuedWordsPct).toBeNaN();
    expect(row('api', 'fr').fallbackPct).toBeNaN();
    expect(row('api', 'fr').overheadPct).toBeCloseTo(100 * (9 / 7 - 1), 10);
    expect(row('local', 'fr').continuedWordsPct).toBe(0);
    const csv = formatSummaryCsv([row('api', 'fr'), row('local', 'fr')])
      .trim()
      .split('\n');
    const header = csv[0].split(',');
    const cell = (line: string, col: string) => line.split(',')[header.indexOf(col)];
    expect([cell(csv[1], 'continued_words_pct'), cell(csv[1], 'fallback_pct')]).toEqual(['', '']);
    expect([cell(csv[2], 'continued_words_pct'), cell(csv[2], 'fallback_pct')]).toEqual(['0', '0']); // measured zero: a 0, at full precision
  });
});
