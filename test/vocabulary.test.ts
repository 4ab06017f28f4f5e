import { describe, expect, it } from 'vitest';
import { normalizeLang } from '../src/corpus/langs.js';
import {
  CATEGORY_LABELS,
  CATEGORY_ORDER,
  LANGUAGE_SETS,
  LANGUAGES,
  categoryRank,
  languageName,
  languageSet,
} from '../src/vocabulary.js';

describe('vocabulary: languages', () => {
  it('has one entry per code, each with a name that is not the code', () => {
    const codes = LANGUAGES.map((l) => l.code);
    expect(new Set(codes).size).toBe(codes.length);
    for (const l of LANGUAGES) {
      expect(l.name.length, l.code).toBeGreaterThan(2);
      expect(l.name).not.toBe(l.code);
    }
  });

  it('covers the 204 FLORES-200 codes, each read back to its entry by the loaders', () => {
    const flores = LANGUAGES.flatMap((l) => (l.flores ?? []).map((f) => [f, l.code] as const));
    expect(flores.length).toBe(204);
    expect(new Set(flores.map(([f]) => f)).size).toBe(204);
    for (const [f, code] of flores) {
      // The FLORES loader takes a code without an ISO 639-1 form by its three letters.
      expect(normalizeLang(f) ?? f.slice(0, 3), f).toBe(code);
    }
  });

  it('names the 24 official EU languages and the co-official ones by name, never by code', () => {
    const eu = 'bg cs da de el en es et fi fr ga hr hu it lt lv mt nl pl pt ro sk sl sv ca eu gl'.split(' ');
    const names = eu.map(languageName);
    expect(names).toContain('Maltese');
    expect(names).toContain('Irish');
    expect(languageName('lv')).toBe('Latvian');
    for (const [i, n] of names.entries()) expect(n, eu[i]).not.toBe(eu[i]);
  });

  it('falls back to Intl for a code outside the table, and to the code itself for nonsense', () => {
    expect(languageName('kw')).toBe('Cornish');
    expect(languageName('qqq')).toBe('qqq');
    expect(languageName('not a code')).toBe('not a code');
  });
});

describe('vocabulary: language sets', () => {
  it('eu is the 24 official EU languages, eu+ adds Catalan, Basque and Galician; each in FLORES-200, named', () => {
    const eu = languageSet('eu')!.codes;
    expect(eu.length).toBe(24);
    expect([...eu].sort().join(' ')).toBe(
      'bg cs da de el en es et fi fr ga hr hu it lt lv mt nl pl pt ro sk sl sv',
    );
    expect(languageSet('EU+')!.codes).toEqual([...eu, 'ca', 'eu', 'gl']);
    for (const set of LANGUAGE_SETS) {
      expect(set.source.length, set.id).toBeGreaterThan(40);
      for (const c of set.codes) {
        const entry = LANGUAGES.find((l) => l.code === c);
        expect(entry && 'flores' in entry, `${set.id}: ${c} has FLORES files`).toBe(true);
        expect(languageName(c)).not.toBe(c);
      }
    }
    expect(languageSet('fr')).toBeUndefined();
  });
});

describe('vocabulary: categories', () => {
  it('ranks categories in reading order, unknown ones last', () => {
    expect(CATEGORY_ORDER.map(categoryRank)).toEqual([0, 1, 2]);
    expect(categoryRank('other' as never)).toBe(3);
    expect(Object.keys(CATEGORY_LABELS).sort()).toEqual([...CATEGORY_ORDER].sort());
  });
});
