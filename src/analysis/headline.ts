// The headline: per tokenizer category, how the measured surcharge compares with the claim, in one sentence.
import type {
  CategoryHeadline,
  Headline,
  Interval,
  Lang,
  SummaryRow,
  TokenizerCategory,
  Verdict,
} from '../types.js';
import { CATEGORY_LABELS, CATEGORY_ORDER, languageName } from '../vocabulary.js';
import { claimVerdict } from './stats.js';

/** The claim under test: LINAGORA's CEO at CPDP 2024 ("about 30 % more" for French, German, Spanish on ChatGPT). */
export const DEFAULT_CLAIM_PCT = 30;
export const CLAIM_SOURCE = "LINAGORA's CEO at CPDP 2024";

export interface HeadlineOptions {
  baseline: Lang;
  claimPct: number;
  claimSource?: string;
  /** Corpus to summarise (default: the corpus of the first summary row). */
  corpus?: string;
  /** Bootstrap interval of each category's mean overhead, in percent (analyze() computes them from the
   *  shared resamples). Without it the category verdict falls back to the per-row rule below. */
  categoryIntervals?: Partial<Record<TokenizerCategory, Interval>>;
  confidence?: number;
}

/** "+37 %", "−4 %", "0 %": integer percent with an explicit sign (rounded first, so never "−0 %"). */
export function fmtPct(x: number): string {
  if (!Number.isFinite(x)) return 'n/a';
  const r = Math.round(x);
  if (r === 0) return '0 %';
  return `${r > 0 ? '+' : '\u2212'}${Math.abs(r)} %`;
}

/** Like fmtPct for an interval bound, but with one decimal when rounding to an integer would land on the claim
 *  (so "+29.6 %" is not shown as "+30 %" beside "below the 30 % claim"). */
export function fmtBound(x: number, claimPct: number): string {
  if (!Number.isFinite(x) || x === claimPct || Math.round(x) !== Math.round(claimPct)) return fmtPct(x);
  const r = Math.round(x * 10) / 10;
  return `${r > 0 ? '+' : r < 0 ? '\u2212' : ''}${Math.abs(r).toFixed(1)} %`;
}

/** "a", "a and b", "a, b and c". */
export function joinAnd(items: string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

/** Category verdict without an interval for the mean: every row 'above claim' → 'above claim'; every row
 *  'below claim' → 'below claim'; otherwise 'consistent' (mixed rows do not support either direction). */
export function categoryVerdictFromRows(verdicts: Verdict[]): Verdict {
  const v = verdicts.filter((x) => x !== 'n/a');
  if (v.length === 0) return 'n/a';
  if (v.every((x) => x === 'above claim')) return 'above claim';
  if (v.every((x) => x === 'below claim')) return 'below claim';
  return 'consistent';
}

function verdictPhrase(v: Verdict, claimPct: number): string {
  const c = `${Math.round(claimPct) === claimPct ? claimPct : claimPct.toFixed(1)} % claim`;
  if (v === 'above claim') return `above the ${c}`;
  if (v === 'below claim') return `below the ${c}`;
  if (v === 'consistent') return `consistent with the ${c}`;
  return `not comparable with the ${c}`;
}

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
    const span = lo === hi ? fmtPct(lo) : `${fmtPct(lo)} to ${fmtPct(hi)}`;
    return `${langsText} ${verb} ${span} more tokens than ${baselineName}`;
  }
  if (hi <= 0) {
    const span = lo === hi ? `${Math.abs(lo)} %` : `${Math.abs(hi)} % to ${Math.abs(lo)} %`;
    return `${langsText} ${needVerb} ${span} fewer tokens than ${baselineName}`;
  }
  return `${langsText} ${needVerb} between ${fmtPct(lo)} and ${fmtPct(hi)} tokens relative to ${baselineName}`;
}

/** Builds the per-category headline on one corpus (domain 'all' rows only).
 *  meanOverheadPct = mean over (tokenizer, non-baseline language) rows of overheadPct; min/max over the same rows.
 *  Verdict: from the bootstrap interval of that mean when `categoryIntervals` has it (claimVerdict rule),
 *  else categoryVerdictFromRows. */
export function buildHeadline(summary: SummaryRow[], opts: HeadlineOptions): Headline {
  const claimSource = opts.claimSource ?? CLAIM_SOURCE;
  const corpus = opts.corpus ?? summary[0]?.corpus;
  const rows = summary.filter((r) => r.corpus === corpus && r.domain === 'all');
  const baselineName = languageName(opts.baseline);
  const confPct = Math.round((opts.confidence ?? 0.95) * 100);
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
        verdict: 'n/a',
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
    const verdict: Verdict =
      ci && Number.isFinite(ci.low) && Number.isFinite(ci.high)
        ? claimVerdict(ci.low, ci.high, opts.claimPct)
        : categoryVerdictFromRows(other.map((r) => r.verdict));

    const langsText = joinAnd(langs.map(languageName));
    let sentence = `${head}: ${rangePhrase(minOv, maxOv, langsText, langs.length > 1, baselineName)}`;
    const ciText =
      ci && Number.isFinite(ci.low)
        ? `${confPct} % CI ${fmtBound(ci.low, opts.claimPct)} to ${fmtBound(ci.high, opts.claimPct)}`
        : '';
    const meanText = ciText ? `mean ${fmtPct(meanOv)}, ${ciText}` : `mean ${fmtPct(meanOv)}`;
    sentence += other.length > 1 ? ` (${meanText}), ` : ciText ? ` (${ciText}), ` : ', ';
    sentence += `${verdictPhrase(verdict, opts.claimPct)}.`;
    if (other.length > 1) {
      const count = (v: Verdict) => other.filter((r) => r.verdict === v).length;
      const parts: string[] = [];
      if (count('above claim')) parts.push(`${count('above claim')} above`);
      if (count('consistent')) parts.push(`${count('consistent')} consistent with it`);
      if (count('below claim')) parts.push(`${count('below claim')} below`);
      if (parts.length > 1) sentence += ` Per tokenizer and language, ${joinAnd(parts)}.`;
    }
    if (Number.isFinite(meanCharNorm)) {
      sentence += ` Corrected for text length in characters, the ${other.length > 1 ? 'mean ' : ''}overhead is ${fmtPct(meanCharNorm)}.`;
    }
    if (category === 'european') {
      // The second half of the claim: a European tokenizer removes the surcharge.
      const lo = ci ? ci.low : minOv;
      const hi = ci ? ci.high : maxOv;
      const ec = categories.find(
        (c) => c.category === 'english-centric' && Number.isFinite(c.meanOverheadPct),
      );
      const vsEc =
        ec && Math.round(meanOv) < Math.round(ec.meanOverheadPct)
          ? ` smaller than the English-centric mean (${fmtPct(ec.meanOverheadPct)}) but`
          : '';
      if (lo > 0)
        sentence += ` The surcharge is${vsEc} not removed${ci ? ' (the interval excludes 0)' : ''}.`;
      else if (hi < 0) sentence += ` These languages need fewer tokens than ${baselineName} on average.`;
      else sentence += ` No surcharge is measurable${ci ? ' (the interval includes 0)' : ''}.`;
    }
    categories.push({
      category,
      tokenizers,
      lang: 'all',
      meanOverheadPct: meanOv,
      minOverheadPct: minOv,
      maxOverheadPct: maxOv,
      verdict,
      sentence,
      ...(ci ? { ciLowPct: ci.low, ciHighPct: ci.high } : {}),
      ...(Number.isFinite(meanCharNorm) ? { meanCharNormOverheadPct: meanCharNorm } : {}),
    });
  }

  const segs = rows.find((r) => r.lang === opts.baseline)?.segments ?? rows[0]?.segments ?? 0;
  const intro =
    corpus === undefined
      ? 'No measurements.'
      : `On corpus "${corpus}" (${segs} aligned segments), against ${baselineName} and the claim of about ${fmtPct(opts.claimPct)} (${claimSource}):`;
  const text =
    categories.length === 0
      ? `${intro} no tokenizer rows to summarise.`
      : `${intro} ${categories.map((c) => c.sentence).join(' ')}`;
  return { claimPct: opts.claimPct, claimSource, baseline: opts.baseline, categories, corpus, text };
}
