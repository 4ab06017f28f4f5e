// The per-category figures (manifest.json, headline.categories): the mean overhead of each tokenizer category with
// its bootstrap interval, in one sentence each. No verdict here: the claim check (claim.ts) is the only place one is
// given, in the claim's own words.
import { DEFAULTS } from '../config.js';
import { claimData } from '../models/index.js';
import type { CategoryHeadline, Headline, Interval, Lang, SummaryRow, TokenizerCategory } from '../types.js';
import { CATEGORY_LABELS, CATEGORY_ORDER, fmtCi, fmtPctPlain, languageName } from '../vocabulary.js';

/** The claim under test: LINAGORA's CEO at CPDP 2024 ("about 30 % more" for French, German, Spanish on ChatGPT). */

export interface HeadlineOptions {
  baseline: Lang;
  claimPct: number;
  claimSource?: string;
  /** Corpus to summarise (default: the corpus of the first summary row). */
  corpus?: string;
  /** Bootstrap interval of each category's mean overhead, in percent (analyze() computes them from the
   *  shared resamples). */
  categoryIntervals?: Partial<Record<TokenizerCategory, Interval>>;
  confidence?: number;
}

/** "a", "a and b", "a, b and c". */
export function joinAnd(items: string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

/** How the range of overheads reads in prose, depending on its signs. */
function rangePhrase(
  min: number,
  max: number,
  langsText: string,
  plural: boolean,
  baselineName: string,
): string {
  const lo = Math.round(min);
  const hi = Math.round(max);
  const verb = plural ? 'cost' : 'costs';
  const needVerb = plural ? 'need' : 'needs';
  if (lo >= 0) {
    const span = lo === hi ? fmtPctPlain(lo, 0) : `${fmtPctPlain(lo, 0)} to ${fmtPctPlain(hi, 0)}`;
    return `${langsText} ${verb} ${span} more tokens than ${baselineName}`;
  }
  if (hi <= 0) {
    const span = lo === hi ? `${Math.abs(lo)} %` : `${Math.abs(hi)} % to ${Math.abs(lo)} %`;
    return `${langsText} ${needVerb} ${span} fewer tokens than ${baselineName}`;
  }
  return `${langsText} ${needVerb} between ${fmtPctPlain(lo, 0)} and ${fmtPctPlain(hi, 0)} tokens relative to ${baselineName}`;
}

/** Builds the per-category headline on one corpus (domain 'all' rows only).
 *  meanOverheadPct = mean over (tokenizer, non-baseline language) rows of overheadPct; min/max over the same rows;
 *  the interval of the mean when `categoryIntervals` has it. */
export function buildHeadline(summary: SummaryRow[], opts: HeadlineOptions): Headline {
  const claimSource = opts.claimSource ?? claimData().source;
  const corpus = opts.corpus ?? summary[0]?.corpus;
  const rows = summary.filter((r) => r.corpus === corpus && r.domain === 'all');
  const baselineName = languageName(opts.baseline);
  const confPct = Math.round((opts.confidence ?? DEFAULTS.analysis.confidence) * 100);
  const categories: CategoryHeadline[] = [];

  for (const category of CATEGORY_ORDER) {
    const catRows = rows.filter((r) => r.category === category);
    if (catRows.length === 0) continue;
    const tokenizers = [...new Set(catRows.map((r) => r.tokenizer))];
    const other = catRows.filter((r) => r.lang !== opts.baseline);
    const label = CATEGORY_LABELS[category];
    const tokNoun = tokenizers.length === 1 ? 'tokenizer' : 'tokenizers';
    const head = `${label} ${tokNoun} (${tokenizers.join(', ')})`;
    if (other.length === 0) {
      categories.push({
        category,
        tokenizers,
        lang: 'all',
        meanOverheadPct: NaN,
        minOverheadPct: NaN,
        maxOverheadPct: NaN,
        sentence: `${head}: only ${baselineName} was measured, so there is no overhead to report.`,
      });
      continue;
    }
    const langs = [...new Set(other.map((r) => r.lang))];
    const ov = other.map((r) => r.overheadPct);
    const meanOv = mean(ov);
    const minOv = Math.min(...ov);
    const maxOv = Math.max(...ov);
    const cn = other.map((r) => r.charNormOverheadPct).filter(Number.isFinite);
    const meanCharNorm = cn.length ? mean(cn) : NaN;
    const ci = opts.categoryIntervals?.[category];

    const langsText = joinAnd(langs.map(languageName));
    let sentence = `${head}: ${rangePhrase(minOv, maxOv, langsText, langs.length > 1, baselineName)}`;
    const ciText = ci && Number.isFinite(ci.low) ? `${confPct} % CI ${fmtCi(ci.low, ci.high, 0)}` : '';
    const meanText = ciText ? `mean ${fmtPctPlain(meanOv, 0)}, ${ciText}` : `mean ${fmtPctPlain(meanOv, 0)}`;
    sentence += other.length > 1 ? ` (${meanText}).` : ciText ? ` (${ciText}).` : '.';
    if (Number.isFinite(meanCharNorm)) {
      sentence += ` Corrected for text length in characters, the ${other.length > 1 ? 'mean ' : ''}overhead is ${fmtPctPlain(meanCharNorm, 0)}.`;
    }
    categories.push({
      category,
      tokenizers,
      lang: 'all',
      meanOverheadPct: meanOv,
      minOverheadPct: minOv,
      maxOverheadPct: maxOv,
      sentence,
      ...(ci ? { ciLowPct: ci.low, ciHighPct: ci.high } : {}),
      ...(Number.isFinite(meanCharNorm) ? { meanCharNormOverheadPct: meanCharNorm } : {}),
    });
  }

  const segs = rows.find((r) => r.lang === opts.baseline)?.segments ?? rows[0]?.segments ?? 0;
  const intro =
    corpus === undefined
      ? 'No measurements.'
      : `On corpus "${corpus}" (${segs} aligned segments), against ${baselineName}:`;
  const text =
    categories.length === 0
      ? `${intro} no tokenizer rows to summarise.`
      : `${intro} ${categories.map((c) => c.sentence).join(' ')}`;
  return { claimPct: opts.claimPct, claimSource, baseline: opts.baseline, categories, corpus, text };
}
