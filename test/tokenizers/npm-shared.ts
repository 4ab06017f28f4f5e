// Helpers for the npm-shipped tokenizer tests: the catalog's built-in entries, their installed files,
// FLORES-200 devtest lines, and the reference totals read from ../shared/tokenizers/REFERENCE_COUNTS.md.
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { join } from 'node:path';
import { catalog, npmSpec } from '../../src/tokenizers/catalog.js';
import { loadTokenizer } from '../../src/tokenizers/load.js';
import type { Tokenizer, TokenizerInfo } from '../../src/types.js';
import { FLORES, SHARED_TOKENIZERS } from '../helpers.js';

export const LANGS = { en: 'eng_Latn', fr: 'fra_Latn', de: 'deu_Latn', es: 'spa_Latn' } as const;
export type Lang4 = keyof typeof LANGS;

export function builtinEntries(): TokenizerInfo[] {
  const ids = new Set(
    (
      JSON.parse(readFileSync(new URL('../../data/tokenizers/builtin.json', import.meta.url), 'utf8')) as {
        id: string;
      }[]
    ).map((e) => e.id),
  );
  return catalog().filter((i) => ids.has(i.id));
}

/** Loads each installed built-in tokenizer once per test file. */
const loaded = new Map<string, Promise<Tokenizer>>();
export function load(info: TokenizerInfo): Promise<Tokenizer> {
  let p = loaded.get(info.id);
  if (!p) {
    const spec = npmSpec(info);
    if (!spec) throw new Error(`${info.id} is not installed`);
    p = loadTokenizer(spec);
    loaded.set(info.id, p);
  }
  return p;
}

export const installed = (info: TokenizerInfo): boolean => npmSpec(info) !== undefined;

const floresCache = new Map<string, string[]>();
/** Non-empty lines of a FLORES-200 devtest (or dev) file. */
export function flores(lang: Lang4, split: 'devtest' | 'dev' = 'devtest'): string[] {
  let l = floresCache.get(`${split}/${lang}`);
  if (!l) {
    l = readFileSync(join(FLORES, split, `${LANGS[lang]}.${split}`), 'utf8')
      .split('\n')
      .filter((x) => x.length > 0);
    floresCache.set(`${split}/${lang}`, l);
  }
  return l;
}

/** Rows of the table in REFERENCE_COUNTS.md: id -> {en, fr, de, es}. */
export function referenceCounts(): Map<string, Record<Lang4, number>> {
  const md = readFileSync(join(SHARED_TOKENIZERS, 'REFERENCE_COUNTS.md'), 'utf8');
  const rows = new Map<string, Record<Lang4, number>>();
  for (const line of md.split('\n')) {
    const m = /^\|\s*`([^`]+)`[^|]*\|\s*(\d+)\s*\|\s*(\d+)\s*\|\s*(\d+)\s*\|\s*(\d+)\s*\|/.exec(line);
    if (m) rows.set(m[1], { en: +m[2], fr: +m[3], de: +m[4], es: +m[5] });
  }
  return rows;
}

export const sameIds = (a: ArrayLike<number>, b: ArrayLike<number>) =>
  a.length === b.length && Array.prototype.every.call(a, (x: number, i: number) => x === b[i]);

// Whole code points from every plane, and strings built from pieces that stress pre-tokenizers: whitespace of
// every kind (U+0085 and U+FEFF among them), digits, apostrophes, case, combining marks, added-token text.
export const PIECES = [
  ' ',
  '  ',
  '\n',
  '\r\n',
  '\t',
  '\u000b',
  '\u0085',
  '\uFEFF',
  '\u00A0',
  '\u2028',
  '\u3000',
  '\u200B',
  "'",
  "'s",
  "'S",
  "'ll",
  '\u017F',
  '1',
  '23',
  '4567',
  '\u0663',
  '\u00B2',
  '.',
  '!',
  '/',
  '...',
  'a',
  'A',
  'é',
  'e\u0301',
  '\u0338',
  'Straße',
  '中文',
  '🦜',
  '<',
  '>',
  '<think>',
  '</think>',
  '<tool_call>',
  '<|endoftext|>',
  '<|im_start|>',
  '<|fim_prefix|>',
];

/** Generated text for comparing two engines: code points, graphemes, and PIECES (plus `extra`) strung together. */
export function arbitraryText(extra: readonly string[] = []): fc.Arbitrary<string> {
  return fc.oneof(
    fc.string({ unit: 'grapheme', maxLength: 40 }),
    fc.string({ unit: 'binary', maxLength: 40 }), // any code point but lone surrogates
    fc.array(fc.constantFrom(...PIECES, ...extra), { maxLength: 24 }).map((a) => a.join('')),
  );
}
