// The sampled language check (src/corpus/langid.ts SampledLangCheck, issues #16 and #25): what it catches and what
// it does not, against a full check (the same rule on every text), on real parallel text: the built-in corpus, its
// segments repeated with a round number so the corpus is long enough to sample.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { openCorpus } from '../../src/corpus/index.js';
import { countLetters, LangChecker, MIN_LETTERS, SAMPLE, SampledLangCheck } from '../../src/corpus/langid.js';
import { fullLangCheck, readAll, tempDir } from './util.js';

const LANGS = ['en', 'fr', 'de', 'es'];

async function llmMix(): Promise<string[][]> {
  const c = await openCorpus('llm-mix', { langs: LANGS, noLangId: true });
  return (await readAll(c)).map((s) => LANGS.map((l) => s.text[l]));
}

/** n segments from the built-in ones, in order, round after round (each text ends with its round number). */
function repeated(base: string[][], n: number): string[][] {
  return Array.from({ length: n }, (_, k) =>
    base[k % base.length].map((t) => `${t} (${Math.floor(k / base.length)})`),
  );
}

/** franc-all's ranking is the slow part: remembered per text, as every test judges the same texts many times. */
function memoChecker(): LangChecker {
  const c = new LangChecker(LANGS);
  const rank = c.rank.bind(c);
  const seen = new Map<string, [string, number][]>();
  c.rank = (t) => seen.get(t) ?? (seen.set(t, rank(t)), seen.get(t)!);
  return c;
}
const checker = memoChecker();

/** The full check: index → first rejected language. */
function fullCheck(segs: string[][]): Map<number, string> {
  return new Map([...fullLangCheck(checker, LANGS, segs)].map(([k, ls]) => [k, ls[0]]));
}

function sampled(
  segs: string[][],
  opts = SAMPLE,
): { found: Map<number, string>; judged: number; order: number[] } {
  const check = new SampledLangCheck<number>(checker, LANGS, opts);
  const found = new Map<number, string>();
  const order: number[] = [];
  const take = (fs: { item: number; lang?: string }[]) => {
    for (const f of fs) {
      order.push(f.item);
      if (f.lang) found.set(f.item, f.lang);
    }
  };
  segs.forEach((texts, k) => take(check.push(k, texts)));
  take(check.finish());
  return { found, judged: check.judged, order };
}

/** segs with language li's text replaced, in segments [from, to), by language `by`'s text of the same segment. */
function swap(segs: string[][], li: number, by: number, from: number, to: number): string[][] {
  return segs.map((t, k) => (k >= from && k < to ? t.map((x, j) => (j === li ? t[by] : x)) : t));
}

describe('sampled language check', async () => {
  const base = await llmMix();
  const clean = repeated(base, 2000);

  it('passes every segment through once, in order, and judges a small share of a clean corpus', () => {
    const { found, judged, order } = sampled(clean);
    expect(order).toEqual(clean.map((_, k) => k));
    expect(found.size).toBe(fullCheck(clean).size); // 0 on the built-in texts
    // The first 16 segments in full, about one text per language every 128 segments (some too short to judge),
    // and the windows of the few texts whose label is not ranked first.
    const texts = clean.length * LANGS.length;
    expect(judged).toBeGreaterThanOrEqual(Math.ceil(clean.length / SAMPLE.period) * LANGS.length);
    expect(judged / texts).toBeLessThan(0.05);
  });

  /** Texts of column li in segments [from, to) long enough to judge. */
  const judgeable = (segs: string[][], li: number, from = 0, to = segs.length) =>
    segs.slice(from, to).filter((t) => countLetters(t[li]) >= MIN_LETTERS).length;

  it('a swapped column is caught as a full check catches it: the same segments skipped', () => {
    const bad = swap(clean, 1, 0, 0, clean.length); // the French column holds the English text
    const full = fullCheck(bad);
    // French is ranked first on few English texts, so nearly every one long enough to judge is rejected.
    expect(full.size).toBeGreaterThan(0.9 * judgeable(bad, 1));
    expect(sampled(bad).found).toEqual(full);
  });

  it('a block of segments in the wrong language (500 segments, mid-corpus) is found in full', () => {
    const bad = swap(clean, 2, 0, 700, 1200); // German texts 700-1199 are the English ones
    const full = fullCheck(bad);
    expect([...full.keys()].every((k) => k >= 700 && k < 1200)).toBe(true);
    expect(full.size).toBeGreaterThan(0.9 * judgeable(bad, 2, 700, 1200));
    const { found, judged } = sampled(bad);
    expect(found).toEqual(full);
    // The block and a window around it are judged, not the whole corpus.
    expect(judged).toBeLessThan(sampled(clean).judged + (500 + 2 * SAMPLE.window) * 1.05);
  });

  it('finds any such block of two periods (255 segments) wherever it starts', () => {
    for (const from of [16, 333, 1000, 1650]) {
      const bad = swap(clean, 1, 3, from, from + 2 * SAMPLE.period - 1); // French texts are the Spanish ones
      const full = fullCheck(bad);
      expect(full.size, `block at ${from}`).toBeGreaterThan(0.8 * judgeable(bad, 1, from, from + 255));
      expect(sampled(bad).found, `block at ${from}`).toEqual(full);
    }
  });

  it('does not reject a single text in another language of the same script: a text is judged with its neighbours', () => {
    const tried = clean.map((_, k) => k).filter((k) => k < 40 && countLetters(clean[k][0]) >= MIN_LETTERS);
    expect(tried.length).toBeGreaterThan(10);
    for (const k of tried) {
      const bad = swap(clean, 1, 0, k, k + 1); // one French text is the English one
      expect(checker.judge('fr', bad[k][1])!.score, `segment ${k}`).toBeLessThan(1); // it is doubted ...
      expect(fullCheck(bad).has(k), `segment ${k}`).toBe(false); // ... but its neighbours vouch for the column
      expect(sampled(bad).found.has(k), `segment ${k}`).toBe(false);
    }
  });

  // A text in a script French does not use is rejected alone, when it is judged.
  const GREEK =
    'Η δημοτική βιβλιοθήκη θα μείνει κλειστή την Πέμπτη, επειδή γίνονται εργασίες συντήρησης στο κτίριο.';
  const withGreek = (k: number) => clean.map((t, j) => (j === k ? [t[0], GREEK, t[2], t[3]] : t));

  it('catches a single text in another script among the first 16 segments', () => {
    expect(countLetters(GREEK)).toBeGreaterThanOrEqual(MIN_LETTERS);
    expect(sampled(withGreek(9)).found).toEqual(new Map([[9, 'fr']]));
    expect(fullCheck(withGreek(9))).toEqual(new Map([[9, 'fr']]));
  });

  it('does not catch such a text further on when it is neither near a sample point nor near a doubted text', () => {
    // The French texts the sampled check judges on the clean corpus: a text elsewhere goes unseen.
    const spy = new LangChecker(LANGS);
    const judge = spy.judge.bind(spy);
    const judgedFr = new Set<string>();
    spy.judge = (l, t) => {
      if (l === 'fr') judgedFr.add(t);
      return judge(l, t);
    };
    const check = new SampledLangCheck<number>(spy, LANGS);
    clean.forEach((t, k) => check.push(k, t));
    check.finish();
    const k = clean.findIndex((t, i) => i > 100 && !judgedFr.has(t[1]));
    expect(k).toBeGreaterThan(100);
    expect(fullCheck(withGreek(k)).get(k)).toBe('fr'); // a full check catches it
    expect(sampled(withGreek(k)).found.has(k)).toBe(false); // the sampled one does not
  });

  it('is deterministic: the same corpus gives the same sample', () => {
    const bad = swap(clean, 3, 0, 900, 1300);
    expect(sampled(bad)).toEqual(sampled(bad));
  });

  it('through openCorpus: skips, counts and notes the block, in corpus order', async () => {
    const bad = swap(clean, 1, 0, 700, 1100);
    const dir = tempDir();
    LANGS.forEach((l, li) =>
      writeFileSync(join(dir, `m.${l}`), bad.map((t) => t[li].replace(/\s+/g, ' ')).join('\n') + '\n'),
    );
    const c = await openCorpus(join(dir, 'm'));
    const segs = await readAll(c);
    const full = fullCheck(bad);
    const skip = c.report.skipped.find((s) => s.reason === 'language-mismatch')!;
    expect(skip.count).toBe(full.size);
    expect(segs.length).toBe(bad.length - full.size);
    expect(c.report.used).toBe(segs.length);
    const first = [...full.keys()].sort((a, b) => a - b)[0];
    expect(skip.examples[0]).toBe(`line-${String(first + 1).padStart(4, '0')} (fr)`);
    expect(c.report.notes.join('\n')).toMatch(/the French \(fr\) text looks like English \(en\)/);
    // Per language: every rejected French text looked English; the other columns had none rejected.
    const check = c.report.languageCheck!;
    expect(check.checked).toBe(bad.length);
    expect(Object.keys(check.rejected)).toEqual(['fr']);
    expect(check.rejected.fr.count).toBe(full.size);
    const looks = Object.entries(check.rejected.fr.looksLike).sort((a, b) => b[1] - a[1]);
    expect(looks.reduce((n, [, x]) => n + x, 0)).toBe(full.size);
    expect(looks[0][0]).toBe('en'); // mostly: a few English texts look Dutch or Danish to franc
    expect(looks[0][1]).toBeGreaterThan(0.9 * full.size);

    // A second pass (a run reads a corpus twice) replays the decisions: the same segments, nothing judged again.
    const rank = vi.spyOn(LangChecker.prototype, 'rank');
    try {
      const again = await readAll(c);
      expect(again.map((x) => x.id)).toEqual(segs.map((x) => x.id));
      expect(c.report.languageCheck).toEqual(check);
      expect(rank).not.toHaveBeenCalled();
    } finally {
      rank.mockRestore();
    }
  });
});
