// The FLORES loader on the real FLORES-200 copy in ../shared (skipped with a message when absent).
import { describe, expect, it } from 'vitest';
import { openCorpus } from '../../src/corpus/index.js';
import { FLORES, hasShared } from '../helpers.js';
import { readAll } from './util.js';

describe.skipIf(!hasShared)('FLORES-200 in ../shared/corpora/flores200', () => {
  it('devtest: 1012 aligned segments in en, fr, de, es, nothing skipped, wiki domains from the metadata', async () => {
    const c = await openCorpus(FLORES, {
      splits: ['devtest'],
      langs: ['en', 'fr', 'de', 'es'],
      baseline: 'en',
    });
    expect(c.langs).toEqual(['en', 'fr', 'de', 'es']);
    const segs = await readAll(c);
    expect(segs.length).toBe(1012);
    expect(c.report).toMatchObject({ read: 1012, used: 1012, skipped: [] });
    expect(segs[0].id).toBe('devtest-0001');
    expect(segs[1011].id).toBe('devtest-1012');
    // First line of the French devtest file, which uses no-break spaces (U+00A0) after « and in "4 mois".
    expect(segs[0].text.fr.startsWith('«\u00a0Nous avons à présent des souris de 4\u00a0mois')).toBe(true);
    expect(new Set(segs.map((s) => s.domain))).toEqual(new Set(['wikinews', 'wikibooks', 'wikivoyage']));
    // Code points per language, from REFERENCE_COUNTS.md ("for orientation"): en 131966, fr 157688, de 153809, es 157041.
    const cps = (l: string) => segs.reduce((a, s) => a + [...s.text[l]].length, 0);
    expect([cps('en'), cps('fr'), cps('de'), cps('es')]).toEqual([131966, 157688, 153809, 157041]);
  });

  it('all splits by default: dev (997) then devtest (1012), six languages, no language-mismatch skip', async () => {
    const c = await openCorpus(FLORES);
    expect(c.langs).toEqual(['en', 'fr', 'de', 'es', 'it', 'pt']);
    const segs = await readAll(c);
    expect(segs.length).toBe(997 + 1012);
    expect(segs[996].id).toBe('dev-0997');
    expect(segs[997].id).toBe('devtest-0001');
    expect(c.report.skipped).toEqual([]);
  });
});
