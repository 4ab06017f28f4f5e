// Parsers for option values: each turns a bad value into a one-line usage error with the fix.
import { expandLangSets, normalizeLang } from '../corpus/index.js';
import { usageError } from '../errors.js';
import type { Lang } from '../types.js';

export function list(value: string, previous: string[] = []): string[] {
  return [
    ...previous,
    ...value
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
  ];
}

export function int(name: string, min: number, max = Number.MAX_SAFE_INTEGER) {
  return (value: string): number => {
    const n = Number(value);
    if (!/^\s*-?\d+\s*$/.test(value) || !Number.isSafeInteger(n) || n < min || n > max) {
      throw usageError(
        `${name} ${JSON.stringify(value)} is not a whole number ${max === Number.MAX_SAFE_INTEGER ? `≥ ${min}` : `from ${min} to ${max}`}`,
        `give ${name} a whole number, e.g. ${name} ${Math.max(min, 1)}`,
      );
    }
    return n;
  };
}

export function num(name: string, min = -Infinity, example = '30') {
  return (value: string): number => {
    const n = Number(value.replace(/%$/, ''));
    if (value.trim() === '' || !Number.isFinite(n) || n < min) {
      throw usageError(
        `${name} ${JSON.stringify(value)} is not a number${min > -Infinity ? ` ≥ ${min}` : ''}`,
        `give ${name} a number, e.g. ${name} ${example}`,
      );
    }
    return n;
  };
}

/** Codes and named sets (`eu`, `eu+`), comma-separated. */
export function langs(value: string): Lang[] {
  return [...new Set(expandLangSets(list(value)).map(lang('--langs')))];
}

export function lang(name: string) {
  return (value: string): Lang => {
    const l = normalizeLang(value);
    if (!l)
      throw usageError(
        `${name}: "${value}" is not a language code tokentax knows`,
        'use ISO 639-1 codes such as en,fr,de,es (ISO 639-3 and FLORES codes like fra or fra_Latn work too)',
      );
    return l;
  };
}

export function seconds(name: string) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isFinite(n) || n <= 0)
      throw usageError(
        `${name} ${JSON.stringify(value)} is not a positive number of seconds`,
        `e.g. ${name} 15`,
      );
    return Math.round(n * 1000);
  };
}

/** An ISO 4217-style currency code: three letters, upper-cased. */
export function currency(value: string): string {
  const c = value.trim().toUpperCase();
  if (!/^[A-Z]{3}$/.test(c))
    throw usageError(
      `--currency ${JSON.stringify(value)} is not a three-letter currency code`,
      'e.g. --currency EUR --fx 0.86',
    );
  return c;
}

/** A day, YYYY-MM-DD (the day a model's lifecycle state is computed for). */
export function day(name: string) {
  return (value: string): string => {
    const v = value.trim();
    if (!/^\d{4}-\d{2}-\d{2}$/.test(v) || Number.isNaN(Date.parse(`${v}T00:00:00Z`)))
      throw usageError(
        `${name} ${JSON.stringify(value)} is not a day (YYYY-MM-DD)`,
        `e.g. ${name} 2026-12-06`,
      );
    return v;
  };
}
