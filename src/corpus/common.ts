// Helpers the loaders share: choosing the languages to read, notes about file encodings, corpus ids.
import { basename, relative } from 'node:path';
import { UserError } from '../errors.js';
import type { CorpusOptions, Lang } from '../types.js';
import type { FileScan } from './text.js';
import { languageName } from '../vocabulary.js';
import { normalizeLang } from './langs.js';

/** Output order: the four languages of the project first, then the others alphabetically. */
const PREFERRED = ['en', 'fr', 'de', 'es', 'it', 'pt', 'nl'];

export function sortLangs(langs: Iterable<Lang>, baseline?: Lang): Lang[] {
  const rank = (l: Lang) =>
    l === baseline ? -1 : PREFERRED.includes(l) ? PREFERRED.indexOf(l) : PREFERRED.length;
  return [...new Set(langs)].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
}

/** Requested languages, normalised; throws a usage error for codes that are not languages. */
export function requestedLangs(opts: CorpusOptions): { langs?: Lang[]; baseline?: Lang } {
  const norm = (code: string, what: string): Lang => {
    const l = normalizeLang(code);
    if (!l)
      throw new UserError(
        'usage',
        `${what}: "${code}" is not a language code tokentax knows`,
        'use ISO 639-1 codes such as en,fr,de,es (ISO 639-3 and FLORES codes like fra or fra_Latn work too)',
      );
    return l;
  };
  return {
    langs: opts.langs?.length ? [...new Set(opts.langs.map((l) => norm(l, '--langs')))] : undefined,
    baseline: opts.baseline ? norm(opts.baseline, '--baseline') : undefined,
  };
}

/**
 * The languages to read: the requested ones (plus the baseline), or all available ones. `where` tells,
 * per available language, which file or column holds it (for messages); `kind` is "file" or "column".
 */
export function selectLangs(
  corpus: string,
  available: Map<Lang, string>,
  opts: CorpusOptions,
  kind: string,
): Lang[] {
  const { langs, baseline } = requestedLangs(opts);
  const have = sortLangs(available.keys(), baseline);
  const present = have.map((l) => `${l} (${available.get(l)})`).join(', ') || 'none';
  if (baseline && !available.has(baseline)) {
    throw new UserError(
      'input',
      `corpus "${corpus}" has no text in the baseline language ${languageName(baseline)} (${baseline}); its ${kind}s hold: ${present}`,
      have.length
        ? `use a baseline it has, e.g. --baseline ${have[0]}, or add a ${baseline} ${kind}`
        : `add a ${kind} per language named with its code (en, eng or eng_Latn)`,
    );
  }
  if (langs) {
    const missing = langs.filter((l) => !available.has(l));
    if (missing.length) {
      throw new UserError(
        'input',
        `corpus "${corpus}" has no ${missing.map((l) => `${languageName(l)} (${l})`).join(', ')} text; its ${kind}s hold: ${present}`,
        `choose among the languages it has, e.g. --langs ${have.join(',')}, or add a ${kind} for ${missing.join(', ')}`,
      );
    }
    return sortLangs(baseline ? [baseline, ...langs] : langs, baseline);
  }
  if (!have.length) {
    throw new UserError(
      'input',
      `corpus "${corpus}" has no ${kind} named with a language code`,
      `name each ${kind} with a language code: en, eng or eng_Latn`,
    );
  }
  return have;
}

/** Notes for the BOMs and CRLF line ends found by the first pass. */
export function encodingNotes(scans: FileScan[], root?: string): string[] {
  const show = (p: string) => (root ? relative(root, p) || basename(p) : basename(p));
  const notes: string[] = [];
  const bom = scans.filter((s) => s.bom).map((s) => show(s.path));
  const crlf = scans.filter((s) => s.crlf).map((s) => show(s.path));
  if (bom.length) notes.push(`byte order mark (BOM) removed at the start of ${bom.join(', ')}`);
  if (crlf.length) notes.push(`CRLF line ends normalised to LF in ${crlf.join(', ')}`);
  return notes;
}

/** A corpus id from a path: the file or folder name without extension, in the characters ids use. */
export function idFromPath(p: string): string {
  const base = basename(p.replace(/[\\/]+$/, '')).replace(/\.(csv|tsv|tab|jsonl|ndjson|txt)$/i, '');
  return base.replace(/[^\w.-]+/g, '-').replace(/^-+|-+$/g, '') || 'corpus';
}

export const DEFAULT_DOMAIN = 'general';

/** Zero-padded line number, for ids that sort. */
export function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}
