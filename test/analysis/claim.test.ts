// The claim check: verdicts on hand-made intervals at the band's edges, the length × tokenizer split, the
// tokenizer's own share, no verdict from too few segments, the claim kept on English whatever the baseline, and the
// sentence every view uses.
import { describe, expect, it } from 'vitest';
import { analyze } from '../../src/analysis/analyze.js';
import {
  claimBandVerdict,
  claimFinding,
  claimHeadlineText,
  claimRows,
  dateText,
  MIN_SEGMENTS,
} from '../../src/analysis/claim.js';
import { claimData, factProblem } from '../../src/models/claim.js';
import type { ClaimRow, CountTable, SummaryRow } from '../../src/types.js';
import { fixtureSummary, O200K, TOKENS } from '../report/fixture.js';
import { info, options, table } from './fixtures.js';

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

  it('part 1 = ChatGPT before GPT-4o (cl100k_base), the week of the talk and today (o200k_base); part 2 = lucie-7b', () => {
    expect([...new Set(rows.map((r) => `${r.part}/${r.subject}/${r.tokenizer}`))]).toEqual([
      '1/chatgpt-before-gpt-4o/cl100k_base',
      '1/chatgpt-cpdp-2024/o200k_base',
      '1/chatgpt-today/o200k_base',
      '2/lucie-7b/lucie-7b',
    ]);
    // Dated labels, nothing looser than the sources say.
    expect([...new Set(rows.filter((r) => r.part === 1).map((r) => r.subjectName))]).toEqual([
      'ChatGPT before GPT-4o, until 13 May 2024 (GPT-4, GPT-3.5)',
      "ChatGPT the week of the talk, 22–24 May 2024 (GPT-4o; GPT-3.5 as free users' fallback)",
      'ChatGPT today, as read on 6 December 2026 (GPT-5.5)',
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

describe("the tokenizer's own share: a verdict against 0 ± margin beside the whole overhead", () => {
  const rows = claimRows(fixtureSummary('flores200', { 'lucie-7b': TOKENS['lucie-7b'] }), claimData(), {
    baseline: 'en',
    claimPct: 30,
    marginPct: 5,
    isLegacy: () => false,
    info: () => ({ category: 'european', name: 'Lucie-7B' }),
  });
  const lucie = (l: string) => rows.find((r) => r.subject === 'lucie-7b' && r.lang === l)!;
  it('Lucie-7B French: the tokenizer adds +2.95 % [2.25, 3.65] ⊂ [−5, 5] → matches; the whole +23.0 % → above', () => {
    // 35442/28810 / (157688/131966) − 1 = +2.95 % (fixture interval ± 0.7); 35442/28810 − 1 = +23.02 % ± 1.6
    expect(lucie('fr')).toMatchObject({ tokenizerPct: 2.95, verdict: 'above', tokenizerVerdict: 'matches' });
  });
  it('German: +14.8 % of its own, wholly above 5 → above', () => {
    expect(lucie('de')).toMatchObject({ verdict: 'above', tokenizerVerdict: 'above' });
    expect(lucie('de').tokenizerPct).toBeCloseTo(100 * (38548 / 28810 / (153809 / 131966) - 1), 1);
  });
  it('every measured row has both verdicts and the segments behind them', () => {
    for (const r of rows.filter((x) => x.verdict !== 'not measured')) {
      expect(r.segments).toBe(1012);
      expect(r.tokenizerVerdict).toBe(claimBandVerdict(r.tokenizerCiLowPct!, r.tokenizerCiHighPct!, 0, 5));
    }
  });
});

describe(`no verdict from too little data (fewer than ${MIN_SEGMENTS} segments, or a zero-width interval where the texts differ)`, () => {
  const one = (over: Partial<SummaryRow>): SummaryRow[] =>
    fixtureSummary('c', { 'lucie-7b': TOKENS['lucie-7b'] }).map((r) => ({ ...r, ...over }));
  const check = (summary: SummaryRow[]) =>
    claimRows(summary, claimData(), {
      baseline: 'en',
      claimPct: 30,
      marginPct: 5,
      isLegacy: () => false,
      info: () => ({ category: 'european', name: 'Lucie-7B' }),
    }).filter((r) => r.subject === 'lucie-7b');
  it(`${MIN_SEGMENTS - 1} segments: "too few segments" for both readings, with the reason`, () => {
    for (const r of check(one({ segments: MIN_SEGMENTS - 1 }))) {
      expect([r.verdict, r.tokenizerVerdict]).toEqual(['too few segments', 'too few segments']);
      expect(r.note).toBe(
        `${MIN_SEGMENTS - 1} aligned segments, fewer than the ${MIN_SEGMENTS} a verdict needs`,
      );
    }
  });
  it(`${MIN_SEGMENTS} segments: a verdict`, () => {
    expect(check(one({ segments: MIN_SEGMENTS })).map((r) => r.verdict)).toEqual(['above', 'above', 'above']);
  });
  it('a zero-width interval where the texts differ: "too few segments"; where they are the same text: a verdict', () => {
    const zero = check(one({ ciLowPct: 23.02, ciHighPct: 23.02 }));
    expect(zero.every((r) => r.verdict === 'too few segments')).toBe(true);
    expect(zero[0].note).toMatch(/zero width although the texts differ/);
    // The same text in both columns: 0 exactly, with a zero-width interval, is a finding (it matches 0 ± 5).
    const same = fixtureSummary('c', { 'lucie-7b': TOKENS['lucie-7b'] }).map((r) => ({
      ...r,
      tokens: r.baselineTokens,
      chars: r.baselineChars,
      overheadPct: 0,
      ciLowPct: 0,
      ciHighPct: 0,
      charNormOverheadPct: 0,
      charNormCiLowPct: 0,
      charNormCiHighPct: 0,
    }));
    expect(check(same).map((r) => [r.verdict, r.tokenizerVerdict])).toEqual([
      ['matches', 'matches'],
      ['matches', 'matches'],
      ['matches', 'matches'],
    ]);
  });

  it('analyze() on 2 segments: every claim row "too few segments", and a warning says why', () => {
    const two = table({
      corpus: 'two',
      text: { en: { chars: [50, 150], words: [10, 30] }, fr: { chars: [60, 180], words: [8, 24] } },
      counts: { 'lucie-7b': { en: { tokens: [12, 33] }, fr: { tokens: [13, 33] } } },
    });
    const res = analyze([two], { 'lucie-7b': info('lucie-7b', 'european') }, [], options(), {
      claim: claimData(),
    });
    const measured = res.claim!.filter((r) => r.verdict !== 'not measured');
    expect(measured.length).toBeGreaterThan(0);
    for (const r of measured)
      expect([r.verdict, r.tokenizerVerdict]).toEqual(['too few segments', 'too few segments']);
    expect(res.warnings).toEqual([
      `Too few segments on "two": 2 aligned segments, fewer than the ${MIN_SEGMENTS} a 95 % interval needs to carry a verdict, so every claim row says "too few segments" (measure more segments: a larger --sample, or the whole corpus).`,
    ]);
    expect(res.headline.text).toContain('too few segments for a verdict');
    expect(res.headline.text).not.toMatch(/\b(matches|above|below) \d/);
  });
});

describe('the claim is about English, whatever --baseline says', () => {
  // 40 segments, three languages; fr costs 1.3× en, de 1.2× fr.
  const n = 40;
  const seq = (f: (i: number) => number) => Array.from({ length: n }, (_, i) => f(i));
  const en = seq((i) => 20 + (i % 7));
  const tb = (langs: string[]): CountTable =>
    table({
      corpus: 'tri',
      text: Object.fromEntries(
        langs.map((l) => [
          l,
          { chars: seq((i) => (l === 'en' ? 100 : l === 'fr' ? 118 : 121) + (i % 5)), words: seq(() => 20) },
        ]),
      ),
      counts: {
        'lucie-7b': Object.fromEntries(
          langs.map((l) => [
            l,
            { tokens: en.map((t, i) => (l === 'en' ? t : l === 'fr' ? t + 6 + (i % 3) : t + 8 + (i % 4))) },
          ]),
        ),
      },
    });
  const infos = { 'lucie-7b': info('lucie-7b', 'european') };
  const ctx = { claim: claimData() };
  it('with --baseline fr and English present: the claim rows are those of --baseline en, and a note says so', () => {
    const asEn = analyze([tb(['en', 'fr', 'de'])], infos, [], options(), ctx);
    const asFr = analyze([tb(['en', 'fr', 'de'])], infos, [], options({ baseline: 'fr' }), ctx);
    expect(asFr.claim).toEqual(asEn.claim);
    expect(asFr.claim!.filter((r) => r.subject === 'lucie-7b').map((r) => r.lang)).toEqual(['fr', 'de']);
    // The summary itself is against French, as asked.
    expect(asFr.summary.find((r) => r.lang === 'en')!.overheadPct).toBeLessThan(0);
    expect(asFr.notes).toContain(
      'The claim is about English: claim.csv and the headline compare with English, the other tables with French (--baseline fr).',
    );
    expect(asFr.headline.text).toContain('overhead vs English');
    expect(asFr.headline.text).not.toContain('English \u2212');
  });
  it('without English: every row "not applicable", with the reason, and a warning', () => {
    const res = analyze([tb(['fr', 'de'])], infos, [], options({ baseline: 'fr' }), ctx);
    const lucie = res.claim!.filter((r) => r.subject === 'lucie-7b');
    expect(lucie.map((r) => [r.lang, r.verdict, r.tokenizerVerdict])).toEqual([
      ['de', 'not applicable', 'not applicable'],
    ]);
    expect(lucie[0].note).toBe('the claim compares with English, and corpus "tri" has no English text');
    expect(res.claim!.every((r) => ['not applicable', 'not measured'].includes(r.verdict))).toBe(true);
    expect(res.warnings).toEqual([
      'Claim check not applicable on "tri": the claim compares with English, and corpus "tri" has no English text (add English to --langs).',
    ]);
  });
});

describe('what was found, in one sentence per subject and language', () => {
  const row = (over: Partial<ClaimRow>): ClaimRow => ({
    corpus: 'flores200',
    part: 2,
    subject: 'lucie-7b',
    subjectName: 'Lucie-7B',
    tokenizer: 'lucie-7b',
    lang: 'fr',
    overheadPct: 23.02,
    ciLowPct: 21.84,
    ciHighPct: 24.11,
    lengthPct: 19.49,
    tokenizerPct: 2.95,
    tokenizerCiLowPct: 2.24,
    tokenizerCiHighPct: 3.64,
    verdict: 'above',
    tokenizerVerdict: 'matches',
    claimedPct: 0,
    marginPct: 5,
    segments: 1012,
    ...over,
  });
  it('part 2, Lucie-7B French (FLORES devtest): both readings', () => {
    expect(claimFinding(row({}))).toBe(
      "French: removes the tokenizer's own surcharge (tokenizer +3.0 % [2.2, 3.6], matches 0 ± 5) but not the +19.5 % the longer French text costs: +23.0 % [21.8, 24.1] in all, above 0 ± 5",
    );
  });
  it('part 2, German: the tokenizer adds a surcharge of its own', () => {
    expect(
      claimFinding(
        row({
          lang: 'de',
          overheadPct: 33.8,
          ciLowPct: 32.58,
          ciHighPct: 34.98,
          lengthPct: 16.55,
          tokenizerPct: 14.8,
          tokenizerCiLowPct: 13.96,
          tokenizerCiHighPct: 15.62,
          tokenizerVerdict: 'above',
        }),
      ),
    ).toBe(
      "German: does not remove the tokenizer's own surcharge (tokenizer +14.8 % [14.0, 15.6], above 0 ± 5); with the +16.6 % the longer German text costs, +33.8 % [32.6, 35.0] in all, above 0 ± 5",
    );
  });
  it('part 1: the overhead against the claimed figure, then the split', () => {
    expect(
      claimFinding(
        row({
          part: 1,
          claimedPct: 30,
          overheadPct: 31.08,
          ciLowPct: 29.96,
          ciHighPct: 32.17,
          verdict: 'matches',
          lengthPct: 16.55,
          tokenizerPct: 12.46,
        }),
      ),
    ).toBe(
      'French +31.1 % [30.0, 32.2], matches 30 ± 5 (+16.6 % for the longer text, then +12.5 % from the tokenizer)',
    );
  });
  it('no finding: says why', () => {
    expect(
      claimFinding(
        row({
          verdict: 'too few segments',
          tokenizerVerdict: 'too few segments',
          note: '5 aligned segments, fewer than the 30 a verdict needs',
        }),
      ),
    ).toBe(
      'French: +23.0 % [21.8, 24.1], too few segments for a verdict (5 aligned segments, fewer than the 30 a verdict needs)',
    );
    expect(
      claimFinding(row({ verdict: 'not measured', note: 'lucie-7b was not measured in this run.' })),
    ).toBe('French: not measured (lucie-7b was not measured in this run)');
  });
  it('the headline says the claim with its dates, and each subject once per tokenizer', () => {
    const rows = claimRows(
      fixtureSummary('flores200', {
        cl100k_base: TOKENS.cl100k_base,
        o200k_base: O200K,
        'lucie-7b': TOKENS['lucie-7b'],
      }),
      claimData(),
      {
        baseline: 'en',
        claimPct: 30,
        marginPct: 5,
        isLegacy: () => false,
        info: (id) => ({ category: id === 'lucie-7b' ? 'european' : 'english-centric', name: id }),
      },
    );
    const text = claimHeadlineText(rows, claimData(), {
      claimPct: 30,
      marginPct: 5,
      confidence: 0.95,
      segments: 1012,
    });
    expect(text).toMatch(/^The claim \(LINAGORA's CEO at CPDP 2024, Brussels, 22–24 May 2024\)/);
    expect(text).toContain(
      'ChatGPT before GPT-4o, until 13 May 2024 (GPT-4, GPT-3.5) on cl100k_base: French +60.8 %',
    );
    expect(text).toContain(
      "ChatGPT the week of the talk, 22–24 May 2024 (GPT-4o; GPT-3.5 as free users' fallback) and ChatGPT today, as read on 6 December 2026 (GPT-5.5) on o200k_base: French +37.0 %",
    );
    expect(text.match(/on o200k_base/g)).toHaveLength(1);
    expect(text).toContain(
      "Lucie-7B (OpenLLM-France / LINAGORA) on lucie-7b: French: removes the tokenizer's own surcharge",
    );
    expect(text).not.toContain('May 2024 (GPT-4, GPT-3.5),'); // the old, looser label
  });
  it('dates read as words', () => {
    expect(dateText('2024-05-22', '2024-05-24')).toBe('22–24 May 2024');
    expect(dateText('2024-05')).toBe('May 2024');
    expect(dateText('2026-12-06')).toBe('6 December 2026');
  });
});

describe('data/claim.json: every fact dated and sourced, or marked unchecked with the reason', () => {
  it('has the three dated ChatGPT subjects and CPDP 2024 on 22–24 May 2024', () => {
    const c = claimData();
    expect(c.event).toMatchObject({
      name: 'CPDP 2024',
      place: 'Brussels',
      from: '2024-05-22',
      to: '2024-05-24',
    });
    const [before, week, today] = c.parts[0].subjects;
    expect([before.until, week.from, today.from]).toEqual(['2024-05-13', '2024-05-13', '2026-12-06']);
    const facts = [...c.event!.facts, ...c.parts.flatMap((p) => p.subjects.flatMap((s) => s.facts ?? []))];
    expect(facts.length).toBeGreaterThan(8);
    for (const f of facts) expect(factProblem(f), f.fact).toBeUndefined();
    expect(facts.filter((f) => !f.checked).length).toBeGreaterThan(0); // what could not be checked says so
    for (const f of facts.filter((x) => x.checked)) expect(f.source).toMatch(/^https:\/\//);
  });
  it('refuses a checked fact without its source or date, and an unchecked one without its reason', () => {
    expect(factProblem({ fact: 'x', checked: true, source: 'https://a' })).toMatch(
      /without the day it was read/,
    );
    expect(factProblem({ fact: 'x', checked: true, read: '2026-12-06' })).toMatch(/names no source/);
    expect(factProblem({ fact: 'x', checked: false })).toMatch(/without saying why/);
  });
});

describe('the EU-wide row: the equal-weight mean over the official EU languages of the run', () => {
  const n = 40;
  const seq = (f: (i: number) => number) => Array.from({ length: n }, (_, i) => f(i));
  const en = seq((i) => 20 + (i % 7));
  // Seven EU languages (the least that gets an EU-wide row); language k needs k + 1 more tokens than English in
  // each segment, and 10·k more characters.
  const eu7 = ['fr', 'de', 'es', 'it', 'pt', 'nl', 'pl'];
  const build = (langs: string[], tokensOf: (l: string, i: number) => number) =>
    table({
      corpus: 'eu7',
      text: Object.fromEntries(
        ['en', ...langs].map((l) => [
          l,
          { chars: seq(() => 100 + 10 * langs.indexOf(l) + 10), words: seq(() => 20) },
        ]),
      ),
      counts: {
        'lucie-7b': Object.fromEntries(
          ['en', ...langs].map((l) => [l, { tokens: seq((i) => tokensOf(l, i)) }]),
        ),
      },
    });
  const infos = { 'lucie-7b': info('lucie-7b', 'european') };
  const ctx = { claim: claimData() };

  it('has the mean of the languages overheads, shares and lengths as its point, worked by hand', () => {
    const t = build(eu7, (l, i) => (l === 'en' ? en[i] : en[i] + eu7.indexOf(l) + 1));
    const res = analyze([t], infos, [], options(), ctx);
    const row = res.claim!.find((r) => r.lang === 'eu-mean')!;
    expect(row).toBeDefined();
    // Σen = 40 segments of 20..26 = 5 × (20+…+26) + (20+…+24) = 5 × 161 + 110 = 915; language k adds 40·(k+1).
    const sumEn = en.reduce((a, b) => a + b, 0);
    expect(sumEn).toBe(915);
    const ov = eu7.map((_, k) => 100 * ((sumEn + 40 * (k + 1)) / sumEn - 1));
    expect(row.overheadPct).toBeCloseTo(ov.reduce((a, b) => a + b, 0) / 7, 10); // 100·40·28/7/915 = 17.486 %
    expect(row.overheadPct).toBeCloseTo((100 * 40 * 4) / 915, 10);
    // English has 100 + 10·(−1) + 10 = 100 characters; language k 110 + 10·k: +10·(k+1) %, mean +40 %.
    expect(row.lengthPct).toBeCloseTo(40, 10);
    const share = eu7.map((_, k) => 100 * ((1 + ov[k] / 100) / (1 + (10 * (k + 1)) / 100) - 1));
    expect(row.tokenizerPct).toBeCloseTo(share.reduce((a, b) => a + b, 0) / 7, 10);
    expect(row.ciLowPct).toBeLessThan(row.overheadPct);
    expect(row.ciHighPct).toBeGreaterThan(row.overheadPct);
    expect(row.segments).toBe(n);
    expect(row.note).toContain('equal-weight mean over the 7 official EU languages');
    // Part 2 reads it against 0 ± 5: +17.5 % lies above; its own share (negative: the text is 40 % longer) below.
    expect(row.verdict).toBe('above');
    expect(row.tokenizerVerdict).toBe('below');
  });

  it('equals each language when all seven are the same, interval included (the resamples are paired)', () => {
    const t = build(eu7, (l, i) => (l === 'en' ? en[i] : en[i] + 3 + (i % 2)));
    const res = analyze([t], infos, [], options(), ctx);
    const fr = res.summary.find((r) => r.lang === 'fr' && r.domain === 'all')!;
    const row = res.claim!.find((r) => r.lang === 'eu-mean' && r.part === 2)!;
    expect(row.overheadPct).toBeCloseTo(fr.overheadPct, 10);
    expect(row.ciLowPct).toBeCloseTo(fr.ciLowPct, 10);
    expect(row.ciHighPct).toBeCloseTo(fr.ciHighPct, 10);
  });

  it('is not there with six EU languages or fewer (a mean of three languages is not Europe)', () => {
    const six = eu7.slice(0, 6);
    const t = build(six, (l, i) => (l === 'en' ? en[i] : en[i] + six.indexOf(l) + 1));
    const res = analyze([t], infos, [], options(), ctx);
    expect(res.claim!.some((r) => r.lang === 'eu-mean')).toBe(false);
  });
});
