import { describe, expect, it } from 'vitest';
import { expandLangSets, normalizeLang } from '../../src/corpus/index.js';

describe('normalizeLang', () => {
  it.each([
    ['en', 'en'],
    ['EN', 'en'],
    ['eng', 'en'],
    ['ENG', 'en'],
    ['eng_Latn', 'en'],
    ['en-GB', 'en'],
    ['fr', 'fr'],
    ['fra', 'fr'],
    ['fre', 'fr'],
    ['fra_Latn', 'fr'],
    ['FRA_LATN', 'fr'],
    ['de', 'de'],
    ['deu', 'de'],
    ['ger', 'de'],
    ['deu_Latn', 'de'],
    ['de-1996', 'de'],
    ['es', 'es'],
    ['spa', 'es'],
    ['spa_Latn', 'es'],
    ['es-419', 'es'],
    ['ita', 'it'],
    ['por', 'pt'],
    ['pt-BR', 'pt'],
    ['nld', 'nl'],
    ['dut', 'nl'],
    ['pol', 'pl'],
    ['ron', 'ro'],
    ['rum', 'ro'],
    ['ell', 'el'],
    ['gre', 'el'],
    ['ces', 'cs'],
    ['cze', 'cs'],
    ['zho_Hans', 'zh'],
    ['arb_Arab', 'ar'],
    ['lvs_Latn', 'lv'],
    ['ast', 'ast'],
    ['ast_Latn', 'ast'],
    ['szl', 'szl'],
    [' en ', 'en'],
  ])('%s → %s', (code, want) => {
    expect(normalizeLang(code)).toBe(want);
  });

  it.each([
    '',
    'xx',
    'english',
    'id_col',
    'text',
    'url',
    'src',
    'constructor',
    '__proto__',
    'toString',
    'e n',
    'en_',
    'qqq',
  ])('rejects %j', (code) => {
    expect(normalizeLang(code)).toBeUndefined();
  });
});

describe('expandLangSets', () => {
  it('replaces a set by its languages, keeps codes, drops repeats; "eu" is the set, Basque is eus', () => {
    expect(expandLangSets(['en', 'fr'])).toEqual(['en', 'fr']);
    const eu = expandLangSets(['eu']);
    expect(eu.length).toBe(24);
    expect(eu).not.toContain('eu');
    expect(expandLangSets(['fr', 'eu', 'de']).slice(0, 2)).toEqual(['fr', 'bg']);
    expect(expandLangSets(['fr', 'eu', 'de']).length).toBe(24);
    expect(expandLangSets(['eu+']).length).toBe(27);
    expect(expandLangSets(['eu', 'eus']).map((c) => normalizeLang(c))).toContain('eu');
    expect(normalizeLang('eus')).toBe('eu');
  });
});
