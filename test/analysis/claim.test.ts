// The claim check: verdicts on hand-made intervals at the band's edges, and the length × tokenizer split.
import { describe, expect, it } from 'vitest';
import { claimBandVerdict, claimRows } from '../../src/analysis/claim.js';
import { claimData } from '../../src/models/claim.js';
import { fixtureSummary, O200K, TOKENS } from '../report/fixture.js';

describe('claimBandVerdict (claim 30, margin 5: the band is [25, 35])', () => {
  it.each([
    [25, 35, 'matches'], // the whole band: edges included
    [25, 30, 'matches'],
    [30, 35, 'matches'],
    [24.99, 30, 'inconclusive'], // straddles the lower edge
    [30, 35.01, 'inconclusive'], // straddles the upper edge
    [20, 40, 'inconclusive'], // wider than the band
    [35, 40, 'inconclusive'], // touches the band at 35: not wholly outside
    [35.01, 40, 'above'],
    [15, 25, 'inconclusive'],
    [15, 24.99, 'below'],
  ] as const)('[%d, %d] → %s', (low, high, verdict) => {
    expect(claimBandVerdict(low, high, 30, 5)).toBe(verdict);
  });
  it('a margin of 0 matches only the claimed figure itself; a missing interval is not measured', () => {
    expect(claimBandVerdict(30, 30, 30, 0)).toBe('matches');
    expect(claimBandVerdict(29.9, 30, 30, 0)).toBe('inconclusive');
    expect(claimBandVerdict(NaN, 31, 30, 5)).toBe('not measured');
  });
  it('part 2 reads "removes the surcharge" as 0 ± margin', () => {
    expect(claimBandVerdict(-5, 5, 0, 5)).toBe('matches');
    expect(claimBandVerdict(21.4, 24.6, 0, 5)).toBe('above');
  });
});

describe('claimRows', () => {
  const summary = fixtureSummary('flores200', {
    cl100k_base: TOKENS.cl100k_base,
    o200k_base: O200K,
    'lucie-7b': TOKENS['lucie-7b'],
    'gemma-3': TOKENS['gemma-3'],
  });
  const info = (id: string) => ({
    category: (id === 'lucie-7b'
      ? 'european'
      : id === 'gemma-3'
        ? 'multilingual'
        : 'english-centric') as 'european',
    name: id,
  });
  const rows = claimRows(summary, claimData(), {
    baseline: 'en',
    claimPct: 30,
    marginPct: 5,
    isLegacy: () => false,
    info,
  });

  it('part 1 = cl100k_base (May 2024) and o200k_base (today); part 2 = lucie-7b; every non-baseline language', () => {
    expect([...new Set(rows.map((r) => `${r.part}/${r.subject}/${r.tokenizer}`))]).toEqual([
      '1/chatgpt-2024-05/cl100k_base',
      '1/chatgpt-today/o200k_base',
      '2/lucie-7b/lucie-7b',
    ]);
    expect(rows.filter((r) => r.subject === 'lucie-7b').map((r) => r.lang)).toEqual(['fr', 'de', 'es']);
    expect(rows.filter((r) => r.part === 2).every((r) => r.claimedPct === 0)).toBe(true);
  });

  it('(1 + overhead) = (1 + length) × (1 + tokenizer), with FLORES devtest totals', () => {
    const fr = rows.find((r) => r.tokenizer === 'cl100k_base' && r.lang === 'fr')!;
    // chars 157688 / 131966 − 1 = +19.49 %; overhead 43710 / 27182 − 1 = +60.80 %.
    expect(fr.lengthPct).toBeCloseTo(19.491, 2);
    for (const r of rows)
      expect(1 + r.overheadPct / 100).toBeCloseTo((1 + r.lengthPct / 100) * (1 + r.tokenizerPct / 100), 3);
  });

  it('a subject the run did not measure is listed as not measured, with how to add it', () => {
    const without = claimRows(
      summary.filter((r) => r.tokenizer !== 'lucie-7b'),
      claimData(),
      {
        baseline: 'en',
        claimPct: 30,
        marginPct: 5,
        isLegacy: () => false,
        info,
        howToAdd: (id) => `run with --tokenizers default,${id}`,
      },
    );
    const lucie = without.filter((r) => r.subject === 'lucie-7b');
    expect(lucie).toHaveLength(3);
    for (const r of lucie) {
      expect(r.verdict).toBe('not measured');
      expect(r.overheadPct).toBeNaN();
      expect(r.note).toBe('lucie-7b was not measured in this run: run with --tokenizers default,lucie-7b');
    }
  });

  it('part 2 takes every other European tokenizer measured, except legacy ones', () => {
    const eu = (id: string) => ({
      category: (['lucie-7b', 'mistral-tekken', 'mistral-v1'].includes(id)
        ? 'european'
        : 'english-centric') as 'european',
      name: id,
    });
    const s = [
      ...summary,
      ...fixtureSummary('flores200', {
        'mistral-tekken': { en: 27827, fr: 36748, de: 36297, es: 36657 },
        'mistral-v1': { en: 29997, fr: 47995, de: 47442, es: 47222 },
      }),
    ];
    const r = claimRows(s, claimData(), {
      baseline: 'en',
      claimPct: 30,
      marginPct: 5,
      isLegacy: (id) => id === 'mistral-v1',
      info: eu,
    });
    expect([...new Set(r.filter((x) => x.part === 2).map((x) => x.subject))]).toEqual([
      'lucie-7b',
      'mistral-tekken',
    ]);
  });
});
