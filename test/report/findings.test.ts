// The findings (takeaways, slide titles, the report's list, the terminal) computed from a run's rows: each checked
// against figures worked out by hand from the fixture's token totals.
import { describe, expect, it } from 'vitest';
import {
  corpusNote,
  efficiencyTitle,
  findings,
  listWords,
  overheadTitle,
  shortSubject,
} from '../../src/report/findings.js';
import { tokenizerShareVerdict } from '../../src/analysis/index.js';
import type { RunData } from '../../src/report/types.js';
import type { ClaimRow } from '../../src/types.js';
import { fixtureModelRun } from './fixture.js';
import { EU24, shapeRun } from './shapes.js';

const rounded = (r: RunData): RunData => r;
const plain = (s: string) => s.replace(/\u00a0/g, ' ');

describe('findings of the fixture run (FLORES devtest totals)', () => {
  const list = findings(rounded(fixtureModelRun()));
  const byId = new Map(list.map((f) => [f.id, f]));

  it('are three to five, in the order part 1, part 2, models, bill', () => {
    expect(list.map((f) => f.id)).toEqual(['part1', 'part2', 'models', 'bill']);
  });

  it('part 1: today first, with its range and its verdict per language', () => {
    // o200k_base: 36808/26873 − 1 = +36.97 %, 35224/26873 − 1 = +31.08 %, 35415/26873 − 1 = +31.79 %; intervals
    // ±1.6: French [35.4, 38.6] lies above 30 ± 5, German and Spanish within it. cl100k_base: +54.42 to +60.80 %.
    const f = byId.get('part1')!;
    expect(plain(f.sentence)).toBe(
      'Part 1, about +30 % for ChatGPT: ChatGPT today and the week of the talk (o200k_base) cost +31.1 to +37.0 % more tokens in French, German and Spanish, above +30 % ± 5 for French and within it for German and Spanish; ChatGPT before GPT-4o (cl100k_base) +54.4 to +60.8 %, above it in every language.',
    );
    expect(plain(f.title)).toBe(
      'ChatGPT today costs +31 to +37 % more tokens in French, German and Spanish; ChatGPT before GPT-4o, +54 to +61 %',
    );
  });

  it("part 2 on both readings: Lucie-7B removes the tokenizer's own surcharge for French, not the longer text", () => {
    // lucie-7b French: 35442/28810 − 1 = +23.02 %, the text +19.49 % longer, its own share +2.95 % with the
    // fixture's interval ±0.7 → [2.3, 3.7] within 0 ± 5; German +33.80 %, share +14.8 % → above.
    expect(plain(byId.get('part2')!.sentence)).toContain(
      "Lucie-7B removes the tokenizer's own surcharge for French (+3.0 %) but not the +19.5 % the longer text costs (+23.0 % in all); for German and Spanish it removes neither (+33.8 to +36.4 %, tokenizer's share +14.6 to +14.8 %)",
    );
  });

  it('part 2 without a tokenizer-share interval says only what the whole overhead shows', () => {
    // lucie-7b: 35442/28810 − 1 = +23.02 %, 39286/28810 − 1 = +36.36 %; its own share 3.0 to 14.8 % (char-normalised).
    // A claim.csv of an old run folder has no interval for the share, so no verdict on it.
    const old = fixtureModelRun();
    old.analysis = {
      ...old.analysis,
      claim: old.analysis.claim!.map((r) => ({
        ...r,
        tokenizerCiLowPct: undefined,
        tokenizerCiHighPct: undefined,
        tokenizerVerdict: r.verdict === 'not measured' ? r.verdict : 'not measured',
      })),
    };
    const f = findings(old).find((x) => x.id === 'part2')!;
    expect(plain(f.sentence)).toContain(
      "Lucie-7B does not remove the surcharge (+23.0 to +36.4 %, tokenizer's share +3.0 to +14.8 %, no interval)",
    );
    expect(plain(f.title)).toBe('Lucie-7B does not remove the surcharge: +23 to +36 % more tokens');
  });

  it("today's models and the bill, with their figures", () => {
    // gemma-3 French 38279/27114 − 1 = +41.18 %; the bill's largest extra: gpt-5 French $55.64 − $40.62 = $15.02.
    expect(plain(byId.get('models')!.title)).toBe(
      "Today's models cost +23 to +41 % more tokens in French, German and Spanish",
    );
    expect(plain(byId.get('models')!.sentence)).toContain('1 of the 4 was not measured');
    const bill = plain(byId.get('bill')!.sentence);
    expect(bill).toContain('the largest extra is +$15.0 a month (gpt-5, French, +37 %)');
    // Extra over English on the bill: gemma-3 Spanish +29.70 % … gemma-3 French +41.18 %.
    expect(bill).toContain('costs +30 to +41 % more a month');
    expect(bill).toContain('list prices of 2026-09-23');
  });

  it('chart titles state what the chart shows, with figures', () => {
    const run = rounded(fixtureModelRun());
    // Over today's tokenizers (cl100k_base is legacy): lucie-7b French +23.0 % … gemma-3 French +41.2 %; the
    // longer text: German 153809/131966 − 1 = +16.55 %, French +19.49 %.
    expect(plain(overheadTitle(run)!)).toBe(
      '+23 to +41 % more tokens on every tokenizer and language; the longer text alone costs +17 to +19 %',
    );
    // gemma-3 vs cl100k_base: 38279/43710 − 1 = −12.43 %, 36020/43103 − 1 = −16.43 %, 35167/41974 − 1 = −16.22 %.
    expect(plain(efficiencyTitle(run)!)).toBe(
      'gemma-3 needs the fewest tokens: −16 to −12 % against cl100k_base in French, German and Spanish',
    );
    expect(corpusNote(run)).toBeUndefined();
  });
});

describe('part 2 on both of its readings', () => {
  const row = (lang: string, o: Partial<ClaimRow>): ClaimRow =>
    withShareVerdict({
      corpus: 'c',
      part: 2,
      subject: 'lucie-7b',
      subjectName: 'Lucie-7B (OpenLLM-France / LINAGORA)',
      tokenizer: 'lucie-7b',
      lang,
      overheadPct: 0,
      ciLowPct: 0,
      ciHighPct: 0,
      lengthPct: 0,
      tokenizerPct: 0,
      verdict: 'above',
      tokenizerVerdict: 'not measured',
      claimedPct: 0,
      marginPct: 5,
      ...o,
    });
  // The claim check's own verdict on the tokenizer's share, from its interval (analysis/claim.ts).
  const withShareVerdict = (r: ClaimRow): ClaimRow => ({
    ...r,
    tokenizerVerdict: tokenizerShareVerdict(r.tokenizerCiLowPct, r.tokenizerCiHighPct, r),
  });
  // FLORES devtest, as measured: French +23.0 % [21.8, 24.1] = +19.5 % longer text × +3.0 % [2.3, 3.7] tokenizer.
  const fr = row('fr', {
    overheadPct: 23.0,
    ciLowPct: 21.8,
    ciHighPct: 24.1,
    lengthPct: 19.5,
    tokenizerPct: 3.0,
    tokenizerCiLowPct: 2.3,
    tokenizerCiHighPct: 3.7,
  });
  const de = row('de', {
    overheadPct: 33.8,
    ciLowPct: 32.6,
    ciHighPct: 35.0,
    lengthPct: 16.6,
    tokenizerPct: 14.8,
    tokenizerCiLowPct: 13.9,
    tokenizerCiHighPct: 15.7,
  });

  it("the tokenizer's share gets its own verdict against 0 ± margin", () => {
    expect(fr.tokenizerVerdict).toBe('matches'); // [2.3, 3.7] ⊂ [−5, 5]
    expect(de.tokenizerVerdict).toBe('above'); // 13.9 > 5
    expect(withShareVerdict({ ...fr, tokenizerCiHighPct: 5.5 }).tokenizerVerdict).toBe('inconclusive');
    expect(withShareVerdict({ ...fr, tokenizerCiLowPct: undefined }).tokenizerVerdict).toBe('not measured');
  });

  it('says the tokenizer removes its own surcharge for French but not the longer text, and neither for German', () => {
    const run = rounded(fixtureModelRun());
    run.analysis = { ...run.analysis, claim: [fr, de].map((r) => ({ ...r, corpus: 'flores200' })) };
    const f = findings(run).find((x) => x.id === 'part2')!;
    expect(plain(f.title)).toBe(
      "Lucie-7B removes the tokenizer's surcharge for French (+3.0 %), not the longer text's (+19.5 %)",
    );
    expect(plain(f.sentence)).toBe(
      "Part 2, a European tokenizer removes the surcharge (read as 0 % ± 5): Lucie-7B removes the tokenizer's own surcharge for French (+3.0 %) but not the +19.5 % the longer text costs (+23.0 % in all); for German it removes neither (+33.8 %, tokenizer's share +14.8 %).",
    );
  });
});

describe('findings with many languages and corpora', () => {
  it('name the languages that pay most and the cheapest tokenizer per language', () => {
    const run = shapeRun({ corpora: 2, langs: EU24, tokenizers: 4 });
    const list = findings(run);
    expect(list.map((f) => f.id)).toEqual(['part1', 'part2', 'languages', 'models', 'bill']);
    const f = list.find((x) => x.id === 'languages')!;
    // Recompute: the three languages with the highest o200k_base overhead, and each language's cheapest tokenizer.
    const rows = run.analysis.summary.filter((r) => r.corpus === 'flores200' && r.lang !== 'en');
    const o200k = rows
      .filter((r) => r.tokenizer === 'o200k_base')
      .sort((a, b) => b.overheadPct - a.overheadPct);
    const names = new Intl.DisplayNames(['en'], { type: 'language' });
    expect(f.title.startsWith(listWords(o200k.slice(0, 3).map((r) => names.of(r.lang)!)))).toBe(true);
    expect(f.sentence).toContain('Of the 23 languages');
    expect(f.sentence).toMatch(/the cheapest tokenizer is \S+ for/);
    // No bare language code in any sentence ("it" is also an English word).
    for (const x of list)
      for (const code of EU24.filter((c) => c !== 'en' && c !== 'it'))
        expect(x.sentence).not.toMatch(new RegExp(`\\b${code}\\b(?![-_])`));
    expect(corpusNote(run)).toContain(
      "Figures on FLORES-200 devtest (flores200), the run's first corpus; llm-mix is compared",
    );
  });

  it('short subject names drop their parenthesis', () => {
    expect(shortSubject('ChatGPT today (GPT-5.x, GPT-4o, o-series)')).toBe('ChatGPT today');
    expect(listWords(['a', 'b', 'c', 'd', 'e'], 3)).toBe('a, b and 3 more');
  });
});
