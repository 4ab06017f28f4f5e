// The sampled language check (src/corpus/langid.ts SampledLangCheck, issue #16): what it catches and what it
// does not, against a full check (franc-min on every text, the check it replaces), on real parallel text: the
// built-in corpus, its segments repeated with a round number so the corpus is long enough to sample.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openCorpus } from '../../src/corpus/index.js';
import { LangChecker, MISMATCH_SCORE, SAMPLE, SampledLangCheck } from '../../src/corpus/langid.js';
import { readAll, tempDir } from './util.js';

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

const checker = new LangChecker(LANGS);

/** The full check: index → first mislabelled language, as the check before sampling judged every text. */
function fullCheck(segs: string[][]): Map<number, string> {
  const out = new Map<number, string>();
  segs.forEach((texts, k) => {
    for (let li = 0; li < LANGS.length; li++) {
      const v = checker.judge(LANGS[li], texts[li]);
      if (v && v.score < MISMATCH_SCORE) {
        out.set(k, LANGS[li]);
        break;
      }
    }
  });
  return out;
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
    // The first 16 segments in full, then about one text per language every 128 segments (some too short to judge).
    const texts = clean.length * LANGS.length;
    expect(judged).toBeLessThanOrEqual(
      SAMPLE.full * LANGS.length + Math.ceil(clean.length / SAMPLE.period) * LANGS.length,
    );
    expect(judged / texts).toBeLessThan(0.05);
  });

  it('a swapped column is caught as a full check catches it: the same segments skipped', () => {
    const bad = swap(clean, 1, 0, 0, clean.length); // the French column holds the English text
    const full = fullCheck(bad);
    expect(full.size).toBeGreaterThan(clean.length / 10); // franc-min calls ~20 % of these short texts mislabelled
    expect(sampled(bad).found).toEqual(full);
  });

  it('a block of segments in the wrong language (500 segments, mid-corpus) is found in full', () => {
    const bad = swap(clean, 2, 0, 700, 1200); // German texts 700-1199 are the English ones
    const full = fullCheck(bad);
    expect([...full.keys()].every((k) => k >= 700 && k < 1200)).toBe(true);
    expect(full.size).toBeGreaterThan(50);
    const { found, judged } = sampled(bad);
    expect(found).toEqual(full);
    // The block and a window around it are judged, not the whole corpus.
    expect(judged).toBeLessThan(sampled(clean).judged + (500 + 2 * SAMPLE.window) * 1.05);
  });

  it('finds any such block of two periods (255 segments) wherever it starts', () => {
    for (const from of [16, 333, 1000, 1650]) {
      const bad = swap(clean, 1, 3, from, from + 2 * SAMPLE.period - 1); // French texts are the Spanish ones
      expect(sampled(bad).found, `block at ${from}`).toEqual(fullCheck(bad));
    }
  });

  /** Segments k whose French text, replaced by the English one, a full check calls mislabelled. */
  const detectable = (from: number, to: number) => {
    const out: number[] = [];
    for (let k = from; k < to; k++) if (fullCheck([swap(clean, 1, 0, k, k + 1)[k]]).size) out.push(k);
    return out;
  };

  it('does not catch a single mislabelled segment that is neither among the first ones nor near a sample point', () => {
    // The French texts the sampled check judges on the clean corpus: a swap elsewhere goes unseen.
    const spy = new LangChecker(LANGS);
    const judge = spy.judge.bind(spy);
    const judgedFr: string[] = [];
    spy.judge = (l, t) => {
      if (l === 'fr') judgedFr.push(t);
      return judge(l, t);
    };
    const check = new SampledLangCheck<number>(spy, LANGS);
    clean.forEach((t, k) => check.push(k, t));
    const seen = new Set(judgedFr);
    const k = detectable(100, 400).find((i) => [i - 1, i, i + 1].every((j) => !seen.has(clean[j][1])))!;
    expect(k).toBeDefined();
    const bad = swap(clean, 1, 0, k, k + 1);
    expect(fullCheck(bad).get(k)).toBe('fr'); // a full check catches it
    expect(sampled(bad).found.has(k)).toBe(false); // the sampled one does not
  });

  it('catches a single mislabelled segment among the first 16', () => {
    const k = detectable(0, 16)[0];
    expect(k).toBeDefined();
    expect(sampled(swap(clean, 1, 0, k, k + 1)).found).toEqual(new Map([[k, 'fr']]));
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
  });
});
