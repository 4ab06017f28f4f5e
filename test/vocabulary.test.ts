import { readdirSync, readFileSync } from 'node:fs';
import { join, sep } from 'node:path';
import { describe, expect, it } from 'vitest';
import { normalizeLang } from '../src/corpus/langs.js';
import {
  CATEGORY_LABELS,
  CATEGORY_ORDER,
  CLAIM_VERDICTS,
  LANGUAGE_SETS,
  LANGUAGES,
  categoryRank,
  fmtCi,
  fmtPct,
  fmtShare,
  languageName,
  languageSet,
  signedNumber,
} from '../src/vocabulary.js';

const SRC = join(import.meta.dirname, '..', 'src');

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

describe('vocabulary: figures, rounded once from full precision', () => {
  it('percentages: sign, one decimal, no "−0.0", a chosen space', () => {
    expect(fmtPct(60.80494)).toBe('+60.8\u00a0%');
    expect(fmtPct(60.80494, 1, ' ')).toBe('+60.8 %');
    expect(fmtPct(-1.25, 1, ' ')).toBe('\u22121.3 %'); // 1.25 is exact in binary: toFixed takes the larger
    expect(fmtPct(-0.04, 1, ' ')).toBe('0.0 %');
    expect(fmtPct(37.4, 0, ' ')).toBe('+37 %');
    expect(fmtPct(NaN)).toBe('–');
    expect(fmtPct(undefined)).toBe('–');
  });
  it("once, not twice: 12.2496 is +12.2 % (rounding the CSV's old 12.25 again gave +12.3 %)", () => {
    expect(fmtPct(12.2496, 1, ' ')).toBe('+12.2 %');
    expect(fmtPct(Number((12.2496).toFixed(2)), 1, ' ')).toBe('+12.3 %'); // what two roundings did
    expect(fmtCi(12.2496, 13.04999)).toBe('[12.2, 13.0]');
  });
  it('intervals and shares', () => {
    expect(fmtCi(-0.5, 1.2)).toBe('[\u22120.5, 1.2]');
    expect(fmtCi(-0.04, 0)).toBe('[0.0, 0.0]');
    expect(fmtCi(NaN, 1)).toBe('–');
    expect(fmtShare(12.34)).toBe('12.3\u00a0%');
    expect(signedNumber(0)).toBe('0.0');
  });
  it('the claim verdicts: one list, which claim.csv and every view use; the old summary words are not in it', () => {
    expect(new Set(CLAIM_VERDICTS).size).toBe(7);
    for (const w of ['matches', 'too few segments', 'not applicable']) expect(CLAIM_VERDICTS).toContain(w);
    for (const w of ['above claim', 'below claim', 'consistent']) expect(CLAIM_VERDICTS).not.toContain(w);
  });
});

describe('vocabulary: one definition of each word in src/', () => {
  // Each concept several stages name is defined in one module; a second definition anywhere in src/ fails here.
  const files = readdirSync(SRC, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts'))
    .map((f) => ({ path: `src/${f.split(sep).join('/')}`, text: readFileSync(join(SRC, f), 'utf8') }));
  const definitions: [concept: string, pattern: RegExp, home: string][] = [
    [
      'a language-name lookup',
      /\b(function|const|let)\s+(languageName|langName)\b|new Intl\.DisplayNames/,
      'src/vocabulary.ts',
    ],
    [
      'a percent formatter',
      /\b(function|const|let)\s+(fmtPct\w*|pct|pctText|percent|fmtPercent|fmtCi)\b\s*[=(<]/,
      'src/vocabulary.ts',
    ],
    [
      'the category list',
      /\[\s*'english-centric',\s*'multilingual',\s*'european',?\s*\]/,
      'src/vocabulary.ts',
    ],
    [
      'the category order',
      /\b(function|const|let)\s+(catRank|categoryRank|CATEGORY_ORDER)\b/,
      'src/vocabulary.ts',
    ],
    ['the verdict vocabulary', /\b(const|let)\s+\w*VERDICTS\b\s*[=:]/, 'src/vocabulary.ts'],
    [
      'the whole-corpus rows',
      /\bfunction\s+whole(Corpus)?\s*<|\b(const|let)\s+wholeCorpus\b/,
      'src/report/selection.ts',
    ],
    ['the language order', /\b(function|const|let)\s+langOrder\b/, 'src/report/selection.ts'],
    ['the tokenizer order', /\b(function|const|let)\s+tokenizerOrder\b/, 'src/report/selection.ts'],
  ];
  it.each(definitions)('%s is defined in one module only', (_concept, pattern, home) => {
    const where = files.filter((f) => pattern.test(f.text)).map((f) => f.path);
    expect(where).toEqual([home]);
  });
  it('the check sees a second definition (a copy of vocabulary.ts would fail it)', () => {
    const copy = files.find((f) => f.path === 'src/vocabulary.ts')!.text;
    for (const [, pattern, home] of definitions.filter(([, , h]) => h === 'src/vocabulary.ts'))
      expect(pattern.test(copy), String(pattern)).toBe(true);
    const selection = files.find((f) => f.path === 'src/report/selection.ts')!.text;
    for (const [, pattern] of definitions.filter(([, , h]) => h === 'src/report/selection.ts'))
      expect(pattern.test(selection), String(pattern)).toBe(true);
  });
});
