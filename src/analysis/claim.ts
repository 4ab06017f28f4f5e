// The claim checked as it was made, in its two halves (claim.csv and the headline):
//   part 1: an English-centric model such as ChatGPT costs about `pct` % more in Spanish, French or German
//           (ChatGPT in May 2024 on cl100k_base, and today on o200k_base);
//   part 2: a European tokenizer removes that surcharge (Lucie-7B, and every other European tokenizer measured).
// Each overhead is split into what the longer text costs and what the tokenizer adds:
//   1 + overhead = (1 + length) × (1 + tokenizer),  length = Σchars_L / Σchars_B − 1.
import type { ClaimData } from '../models/claim.js';
import type { ClaimRow, ClaimVerdict, Lang, SummaryRow, TokenizerCategory } from '../types.js';
import { languageName } from '../vocabulary.js';
import { joinAnd } from './headline.js';

export const DEFAULT_CLAIM_MARGIN = 5;

/**
 * Verdict of an interval [low, high] against a claimed figure c with margin m (all in percent):
 * `matches` when the interval lies within [c − m, c + m] (edges included); `above` when it lies wholly above
 * c + m, `below` when wholly below c − m (an interval touching the band is not wholly outside it);
 * `inconclusive` otherwise (it straddles an edge of the band).
 */
export function claimBandVerdict(low: number, high: number, claimed: number, margin: number): ClaimVerdict {
  if (!Number.isFinite(low) || !Number.isFinite(high)) return 'not measured';
  const lo = claimed - margin;
  const hi = claimed + margin;
  if (low >= lo && high <= hi) return 'matches';
  if (low > hi) return 'above';
  if (high < lo) return 'below';
  return 'inconclusive';
}

export interface ClaimOptions {
  baseline: Lang;
  /** The claim's percentage (--claim; default the claim data's). */
  claimPct: number;
  marginPct: number;
  /** Category and display name of a tokenizer of the run. */
  info: (id: string) => { category: TokenizerCategory; name: string } | undefined;
  /** Tokenizers whose models are all legacy: never a part-2 subject of their own. */
  isLegacy: (id: string) => boolean;
  /** How to add a tokenizer the run did not measure (for the "not measured" note). */
  howToAdd?: (id: string) => string;
}

const NOT_MEASURED = (id: string, how?: string) =>
  `${id} was not measured in this run${how ? `: ${how}` : ''}`;

/** Claim rows of every corpus (domain "all" rows of the summary). */
export function claimRows(summary: readonly SummaryRow[], claim: ClaimData, o: ClaimOptions): ClaimRow[] {
  const rows = summary.filter((r) => r.domain === 'all');
  const out: ClaimRow[] = [];
  for (const corpus of [...new Set(rows.map((r) => r.corpus))]) {
    const mine = rows.filter((r) => r.corpus === corpus);
    const langs = [...new Set(mine.map((r) => r.lang))].filter((l) => l !== o.baseline);
    const measured = new Set(mine.map((r) => r.tokenizer));
    for (const part of claim.parts) {
      const claimed = part.claimedPct === 'pct' ? o.claimPct : part.claimedPct;
      const subjects: { id: string; name: string; tokenizer: string }[] = part.subjects.map((s) => ({
        id: s.id,
        name: s.name,
        tokenizer: s.tokenizer,
      }));
      if (part.others) {
        const listed = new Set(subjects.map((s) => s.tokenizer));
        for (const t of measured) {
          const i = o.info(t);
          if (!listed.has(t) && i?.category === part.others && !o.isLegacy(t))
            subjects.push({ id: t, name: i.name, tokenizer: t });
        }
      }
      for (const s of subjects) {
        for (const lang of langs) {
          const r = mine.find((x) => x.tokenizer === s.tokenizer && x.lang === lang);
          const base = {
            corpus,
            part: part.part,
            subject: s.id,
            subjectName: s.name,
            tokenizer: s.tokenizer,
            lang,
            claimedPct: claimed,
            marginPct: o.marginPct,
          };
          if (!r) {
            out.push({
              ...base,
              overheadPct: NaN,
              ciLowPct: NaN,
              ciHighPct: NaN,
              lengthPct: NaN,
              tokenizerPct: NaN,
              verdict: 'not measured',
              note: NOT_MEASURED(s.tokenizer, o.howToAdd?.(s.tokenizer)),
            });
            continue;
          }
          out.push({
            ...base,
            overheadPct: r.overheadPct,
            ciLowPct: r.ciLowPct,
            ciHighPct: r.ciHighPct,
            lengthPct: r.baselineChars > 0 ? 100 * (r.chars / r.baselineChars - 1) : NaN,
            tokenizerPct: r.charNormOverheadPct,
            ...(r.charNormCiLowPct !== undefined
              ? { tokenizerCiLowPct: r.charNormCiLowPct, tokenizerCiHighPct: r.charNormCiHighPct }
              : {}),
            verdict: claimBandVerdict(r.ciLowPct, r.ciHighPct, claimed, o.marginPct),
          });
        }
      }
    }
  }
  return out;
}

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];
/** "May 2024" from "2024-05" (other strings unchanged). */
function monthYear(s: string): string {
  const m = /^(\d{4})-(\d{2})/.exec(s);
  return m ? `${MONTHS[Number(m[2]) - 1]} ${m[1]}` : s;
}

/** One decimal after rounding to the two that claim.csv stores, so the headline reads as the CSV and the report do. */
const one = (x: number) => Number(x.toFixed(2)).toFixed(1);

/** "+60.8 %" (one decimal, explicit sign, no "−0.0"). */
export function pct1(x: number): string {
  if (!Number.isFinite(x)) return 'n/a';
  const s = one(x);
  const v = Number(s);
  return `${v > 0 ? '+' : v < 0 ? '\u2212' : ''}${s.replace('-', '')} %`;
}

/** The headline: the claim's two halves, per subject and language, on the first corpus. */
export function claimHeadlineText(
  rows: readonly ClaimRow[],
  claim: ClaimData,
  o: {
    baseline: Lang;
    claimPct: number;
    marginPct: number;
    corpus?: string;
    segments?: number;
    confidence: number;
  },
): string {
  const corpus = o.corpus ?? rows[0]?.corpus;
  const mine = rows.filter((r) => r.corpus === corpus);
  const conf = Math.round(o.confidence * 100);
  const m = Number.isInteger(o.marginPct) ? String(o.marginPct) : o.marginPct.toFixed(1);
  const intro =
    `The claim (${claim.source}, ${claim.place}, ${monthYear(claim.said)}): an English-centric model such as ChatGPT costs about +${o.claimPct} % in Spanish, French or German, and a European tokenizer removes that surcharge.` +
    ` On "${corpus}"${o.segments ? ` (${o.segments} aligned segments)` : ''}, ${conf} % CIs; a verdict "matches" when the interval lies within the claimed figure ± ${m} points.`;
  const parts: string[] = [];
  for (const part of [1, 2] as const) {
    const pr = mine.filter((r) => r.part === part);
    if (!pr.length) continue;
    const claimed = pr[0].claimedPct;
    const subjects = [...new Set(pr.map((r) => r.subject))].map((s) => {
      const sr = pr.filter((r) => r.subject === s);
      const head = `${sr[0].subjectName}, ${sr[0].tokenizer}`;
      if (sr.every((r) => r.verdict === 'not measured')) return `${head}: ${sr[0].note ?? 'not measured'}`;
      const per = sr.map(
        (r) =>
          `${languageName(r.lang)} ${pct1(r.overheadPct)} [${one(r.ciLowPct)}, ${one(r.ciHighPct)}] ${r.verdict}`,
      );
      return `${head}: ${joinAnd(per)}`;
    });
    const label =
      part === 1
        ? `Part 1, an English-centric model costs about +${claimed} %`
        : `Part 2, a European tokenizer removes the surcharge (claimed ${claimed} %)`;
    parts.push(`${label}: ${subjects.join('; ')}.`);
  }
  const lengths = new Map<string, number>();
  for (const r of mine)
    if (Number.isFinite(r.lengthPct) && !lengths.has(r.lang)) lengths.set(r.lang, r.lengthPct);
  const lengthText = lengths.size
    ? ` Part of every overhead is the text itself: ${joinAnd([...lengths].map(([l, v]) => `${languageName(l)} is ${pct1(Math.abs(v)).replace(/^[+\u2212]/, '')} ${v < 0 ? 'shorter' : 'longer'}`))} in characters than ${languageName(o.baseline)}, which no tokenizer removes; claim.csv gives the tokenizer's own share (tokenizer_pct).`
    : '';
  return [intro, ...parts].join(' ') + lengthText;
}
