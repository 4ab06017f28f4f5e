// The stop before measuring (issue #20): a corpus in which the language check rejects more than a small share of
// some language's texts has a column (or file) that is swapped or mislabelled, and the segments that slip through
// would give figures about the wrong language. So the run stops, naming the columns and what they read as, unless
// the user says to go on (--allow-mislabelled), and then the report says so first.
import { UserError } from '../errors.js';
import type { Lang, LoadReport, MislabelledLanguage, ParallelCorpus } from '../types.js';
import { languageName } from '../vocabulary.js';

/** More than this share of a language's checked segments rejected stops the run. */
export const MAX_REJECTED_SHARE = 0.1;

/** The languages of a finished load report whose rejected share is above MAX_REJECTED_SHARE, in corpus order. */
export function mislabelledLanguages(report: LoadReport): MislabelledLanguage[] {
  const check = report.languageCheck;
  if (!check?.checked) return [];
  const out: MislabelledLanguage[] = [];
  for (const [lang, r] of Object.entries(check.rejected)) {
    if (r.count <= MAX_REJECTED_SHARE * check.checked) continue;
    const looksLike = Object.entries(r.looksLike).sort(
      (a, b) => b[1] - a[1] || a[0].localeCompare(b[0]),
    )[0][0];
    out.push({ lang, rejected: r.count, checked: check.checked, looksLike });
  }
  return out;
}

const unit = (format: string) =>
  format === 'csv' || format === 'tsv' ? 'column' : format === 'jsonl' ? 'field' : 'file';

/** "the fr column reads as German (94 of 100 texts rejected) and ...; fr and de look swapped". */
export function describeMislabelled(list: readonly MislabelledLanguage[], format: string): string {
  const parts = list.map(
    (m) =>
      `the ${m.lang} ${unit(format)} reads as ${languageName(m.looksLike)} (${m.rejected} of ${m.checked} texts rejected)`,
  );
  const byLang = new Map<Lang, string>(list.map((m) => [m.lang, m.looksLike]));
  const swapped = list.filter((m) => m.lang < m.looksLike && byLang.get(m.looksLike) === m.lang);
  const joined = parts.length > 1 ? `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)}` : parts[0];
  return joined + swapped.map((m) => `; ${m.lang} and ${m.looksLike} look swapped`).join('');
}

/**
 * Reads the corpus once (its load report is then complete, unless `read` is false because that was done) and
 * throws when a language is mostly rejected, unless `allow`; returns what was found either way.
 */
export async function checkLabels(
  corpus: ParallelCorpus,
  opts: { allow?: boolean; read?: boolean } = {},
): Promise<MislabelledLanguage[]> {
  if (opts.read !== false) for await (const seg of corpus.segments()) void seg;
  const bad = mislabelledLanguages(corpus.report);
  if (bad.length && !opts.allow) {
    throw new UserError(
      'input',
      `corpus "${corpus.id}": the language check rejected more than ${MAX_REJECTED_SHARE * 100} % of the texts of ${bad.map((m) => m.lang).join(', ')}: ${describeMislabelled(bad, corpus.provenance.format)}; nothing was measured`,
      `check that each ${unit(corpus.provenance.format)} holds the language its name says; --allow-mislabelled measures the segments that pass anyway (the report then says so first), --no-lang-id skips the check`,
    );
  }
  return bad;
}
