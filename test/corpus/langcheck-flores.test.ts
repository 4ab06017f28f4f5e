// The language check on real text in the 27 languages of `--langs eu+` (FLORES-200 dev and devtest, from ../shared;
// skipped with a message when absent): it rejects no correctly labelled segment, and it still rejects a column, or a
// block of segments, holding another of these languages, for each of the 702 ordered pairs.
import { beforeAll, describe, expect, it } from 'vitest';
import { expandLangSets, openCorpus } from '../../src/corpus/index.js';
import {
  countLetters,
  LangChecker,
  type LangVerdict,
  MIN_LETTERS,
  SAMPLE,
  SampledLangCheck,
  WINDOW,
} from '../../src/corpus/langid.js';
import type { Lang } from '../../src/types.js';
import { FLORES_EU, hasFloresEu, NO_SHARED } from '../helpers.js';
import { fullLangCheck, readAll } from './util.js';

/** Lets the test runner's messages through during a long loop. */
const breathe = () => new Promise((r) => setImmediate(r));

if (!hasFloresEu)
  console.warn(`[tokentax tests] ${NO_SHARED} (FLORES-200 in the EU languages: ${FLORES_EU})`);

describe.skipIf(!hasFloresEu)('language check on FLORES-200 in the 27 languages of eu+', async () => {
  // A skipped describe still runs its body to collect the tests: without ../shared, nothing is read.
  const corpus = hasFloresEu
    ? await openCorpus(FLORES_EU, { langs: expandLangSets(['eu+']), noLangId: true })
    : undefined;
  const langs = corpus?.langs ?? [];
  const segs = corpus ? (await readAll(corpus)).map((s) => langs.map((l) => s.text[l])) : [];
  // franc-all is the slow part: each text is judged once under every label, then every pair reads the verdicts.
  const checker = new LangChecker(langs);
  const verdicts = new Map<string, Map<Lang, LangVerdict | undefined>>();
  beforeAll(async () => {
    for (const [k, texts] of segs.entries()) {
      if (k % 50 === 0) await breathe();
      for (const t of texts) {
        const ranked = checker.rank(t);
        checker.rank = () => ranked;
        verdicts.set(t, new Map(langs.map((l) => [l, checker.judge(l, t)])));
        delete (checker as Partial<LangChecker>).rank;
      }
    }
    checker.judge = (l, t) => verdicts.get(t)!.get(l);
  }, 600_000);

  it('reads 2,009 segments in 27 languages, and the check, judging every text, rejects none', () => {
    expect(langs.length).toBe(27);
    expect(segs.length).toBe(997 + 1012);
    expect([...fullLangCheck(checker, langs, segs)]).toEqual([]);
  });

  it('through the loader (the sampled check), with --langs eu+: no segment skipped for language mismatch', async () => {
    const c = await openCorpus(FLORES_EU, { langs: expandLangSets(['eu+']) });
    expect((await readAll(c)).length).toBe(2009);
    expect(c.report.skipped).toEqual([]);
    expect(c.report.languageCheck).toEqual({ checked: 2009, rejected: {} });
  });

  /** The sampled check on one column labelled `label` holding `texts`: rejected indices. */
  function sampled(label: Lang, texts: string[]): number[] {
    const check = new SampledLangCheck<number>(checker, [label]);
    const out: number[] = [];
    const take = (fs: { item: number; lang?: string }[]) => fs.forEach((f) => f.lang && out.push(f.item));
    texts.forEach((t, k) => take(check.push(k, [t])));
    take(check.finish());
    return out;
  }
  const full = (label: Lang, texts: string[]) => [
    ...fullLangCheck(
      checker,
      [label],
      texts.map((t) => [t]),
    ).keys(),
  ];
  const judgeable = (texts: string[]) => texts.filter((t) => countLetters(t) >= MIN_LETTERS).length;
  /** Texts of each language long enough to judge. */
  const judgeableIn = langs.map((_, b) => judgeable(segs.map((t) => t[b])));

  it('a column labelled A holding B: most of it rejected, as a full check rejects it, for every ordered pair', async () => {
    const weak: string[] = [];
    let pairs = 0;
    for (const [a, la] of langs.entries()) {
      await breathe();
      for (const [b, lb] of langs.entries()) {
        if (a === b) continue;
        pairs++;
        const texts = segs.map((t) => t[b]);
        const want = full(la, texts);
        expect(sampled(la, texts), `${lb} labelled ${la}`).toEqual(want);
        if (want.length < 0.8 * judgeableIn[b]) weak.push(`${lb} labelled ${la}: ${want.length}`);
      }
    }
    expect(pairs).toBe(702);
    expect(weak).toEqual([]);
  });

  it('a block of two periods holding B in the column of A: found as a full check finds it, for every ordered pair', async () => {
    const from = 600;
    const to = from + 2 * SAMPLE.period - 1;
    const weak: string[] = [];
    let swept = 0;
    const inBlockJudgeable = langs.map((_, b) => judgeable(segs.slice(from, to).map((t) => t[b])));
    for (const [a, la] of langs.entries()) {
      await breathe();
      for (const [b, lb] of langs.entries()) {
        if (a === b) continue;
        const texts = segs.map((t, k) => (k >= from && k < to ? t[b] : t[a]));
        const want = full(la, texts);
        // Outside the block: at most a text within WINDOW of it that is doubted itself (then swept in with it).
        const outside = want.filter((k) => k < from || k >= to);
        for (const k of outside) {
          expect(k >= from - WINDOW && k < to + WINDOW, `${lb} in ${la}: ${k}`).toBe(true);
          expect(checker.judge(la, texts[k])!.score, `${lb} in ${la}: ${k}`).toBeLessThan(1);
        }
        swept += outside.length;
        expect(sampled(la, texts), `${lb} in ${la}`).toEqual(want);
        const inBlock = want.length - outside.length;
        if (inBlock < 0.75 * inBlockJudgeable[b]) weak.push(`${lb} in ${la}: ${inBlock}`);
      }
    }
    expect(weak).toEqual([]);
    expect(swept / 702).toBeLessThan(1); // under one correct text per block, on average
  });
});
