// The claim checked as it was made, in its two halves (claim.csv and the headline):
//   part 1: an English-centric model such as ChatGPT costs about `pct` % more in Spanish, French or German
//           (ChatGPT before GPT-4o on cl100k_base, the week of the talk and today on o200k_base);
//   part 2: a European tokenizer removes that surcharge (Lucie-7B, and every other European tokenizer measured).
// Each overhead is split into what the longer text costs and what the tokenizer adds:
//   1 + overhead = (1 + length) × (1 + tokenizer),  length = Σchars_L / Σchars_B − 1,
// and each row gets two verdicts: the whole overhead against the claimed figure ± margin, and the tokenizer's own
// share against 0 ± margin. The claim is about English, so the check always compares with English.
import type { ClaimData } from '../models/index.js';
import type {
  ClaimRow,
  ClaimVerdict,
  Lang,
  LanguageMeanRow,
  SummaryRow,
  TokenizerCategory,
} from '../types.js';
import { FINDING_VERDICTS, fmtCi, fmtPctPlain, languageName } from '../vocabulary.js';
import { joinAnd } from './headline.js';

/** The language the claim compares with, when data/claim.json does not say. */
export const CLAIM_BASELINE: Lang = 'en';
/**
 * Below this many aligned segments no verdict is given ("too few segments"). On FLORES devtest the 95 % paired
 * percentile bootstrap of a sample of n segments covers the whole devtest's overhead in 83 % of samples at n = 5,
 * 90 % at n = 10 and 94 % from n = 30 on (`node scripts/bootstrap-coverage.js <run>/segments.csv`; README).
 */
export const MIN_SEGMENTS = 30;

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

/** The tokenizer's own share against 0 ± margin; a row without a finding keeps its reason. */
export function tokenizerShareVerdict(
  low: number | undefined,
  high: number | undefined,
  r: Pick<ClaimRow, 'verdict' | 'marginPct'>,
): ClaimVerdict {
  if (!FINDING_VERDICTS.has(r.verdict)) return r.verdict;
  return claimBandVerdict(low ?? NaN, high ?? NaN, 0, r.marginPct);
}

/** Why a measured row gets no verdict: fewer than `min` segments, or an interval of zero width although the
 *  texts differ (every resample gave the same ratio: the data cannot show any uncertainty). */
export function tooFewSegments(
  r: Pick<SummaryRow, 'segments' | 'tokens' | 'baselineTokens' | 'chars' | 'baselineChars'>,
  intervals: [number | undefined, number | undefined][],
  min = MIN_SEGMENTS,
): boolean {
  if (r.segments < min) return true;
  const differ = r.tokens !== r.baselineTokens || r.chars !== r.baselineChars;
  return differ && intervals.some(([lo, hi]) => lo !== undefined && hi !== undefined && hi - lo === 0);
}

export interface ClaimOptions {
  /** The claim's language (English): `summary` holds overheads against it. */
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
  /** Corpora the claim cannot be checked on (no English text), with their languages and the reason. */
  notApplicable?: { corpus: string; langs: Lang[]; tokenizers: string[]; reason: string }[];
  /** Segments below which no verdict is given (default MIN_SEGMENTS). */
  minSegments?: number;
  /** EU-wide means against the claim's language, per corpus and tokenizer: one more row per subject. */
  means?: readonly LanguageMeanRow[];
}

const notMeasuredNote = (id: string, how?: string) =>
  `${id} was not measured in this run${how ? `: ${how}` : ''}`;

const EMPTY = { overheadPct: NaN, ciLowPct: NaN, ciHighPct: NaN, lengthPct: NaN, tokenizerPct: NaN };

/** Claim rows of every corpus (domain "all" rows of a summary against the claim's language). */
export function claimRows(summary: readonly SummaryRow[], claim: ClaimData, o: ClaimOptions): ClaimRow[] {
  const rows = summary.filter((r) => r.domain === 'all');
  const out: ClaimRow[] = [];
  const corpora = [
    ...[...new Set(rows.map((r) => r.corpus))].map((corpus) => {
      const mine = rows.filter((r) => r.corpus === corpus);
      return {
        corpus,
        mine,
        langs: [...new Set(mine.map((r) => r.lang))].filter((l) => l !== o.baseline),
        measured: new Set(mine.map((r) => r.tokenizer)),
        reason: undefined as string | undefined,
      };
    }),
    ...(o.notApplicable ?? []).map((n) => ({
      corpus: n.corpus,
      mine: [] as SummaryRow[],
      langs: n.langs,
      measured: new Set(n.tokenizers),
      reason: n.reason,
    })),
  ];
  for (const { corpus, mine, langs, measured, reason } of corpora) {
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
          if (!measured.has(s.tokenizer)) {
            out.push({
              ...base,
              ...EMPTY,
              verdict: 'not measured',
              tokenizerVerdict: 'not measured',
              note: notMeasuredNote(s.tokenizer, o.howToAdd?.(s.tokenizer)),
            });
            continue;
          }
          if (reason) {
            out.push({
              ...base,
              ...EMPTY,
              verdict: 'not applicable',
              tokenizerVerdict: 'not applicable',
              note: reason,
            });
            continue;
          }
          const r = mine.find((x) => x.tokenizer === s.tokenizer && x.lang === lang);
          if (!r) continue;
          const tokLow = r.charNormCiLowPct;
          const tokHigh = r.charNormCiHighPct;
          const few = tooFewSegments(
            r,
            [
              [r.ciLowPct, r.ciHighPct],
              [tokLow, tokHigh],
            ],
            o.minSegments,
          );
          const verdict = few
            ? 'too few segments'
            : claimBandVerdict(r.ciLowPct, r.ciHighPct, claimed, o.marginPct);
          out.push({
            ...base,
            overheadPct: r.overheadPct,
            ciLowPct: r.ciLowPct,
            ciHighPct: r.ciHighPct,
            lengthPct: r.baselineChars > 0 ? 100 * (r.chars / r.baselineChars - 1) : NaN,
            tokenizerPct: r.charNormOverheadPct,
            ...(tokLow !== undefined ? { tokenizerCiLowPct: tokLow, tokenizerCiHighPct: tokHigh } : {}),
            verdict,
            tokenizerVerdict: tokenizerShareVerdict(tokLow, tokHigh, { verdict, marginPct: o.marginPct }),
            segments: r.segments,
            ...(few
              ? {
                  note:
                    r.segments < (o.minSegments ?? MIN_SEGMENTS)
                      ? `${r.segments} aligned segments, fewer than the ${o.minSegments ?? MIN_SEGMENTS} a verdict needs`
                      : 'the interval has zero width although the texts differ: every resample gave the same ratio',
                }
              : {}),
          });
        }
        const m = o.means?.find((x) => x.corpus === corpus && x.tokenizer === s.tokenizer);
        if (m && measured.has(s.tokenizer) && !reason) out.push(meanRow(m, s, part.part, claimed, o));
      }
    }
  }
  return out;
}

/** The EU-wide row of a subject: the mean over the languages with its paired interval, judged like a language. */
function meanRow(
  m: LanguageMeanRow,
  s: { id: string; name: string; tokenizer: string },
  part: 1 | 2,
  claimed: number,
  o: ClaimOptions,
): ClaimRow {
  const min = o.minSegments ?? MIN_SEGMENTS;
  const few = m.segments < min || m.ciHighPct - m.ciLowPct === 0;
  const verdict: ClaimVerdict = few
    ? 'too few segments'
    : claimBandVerdict(m.ciLowPct, m.ciHighPct, claimed, o.marginPct);
  return {
    corpus: m.corpus,
    part,
    subject: s.id,
    subjectName: s.name,
    tokenizer: s.tokenizer,
    lang: m.lang,
    overheadPct: m.overheadPct,
    ciLowPct: m.ciLowPct,
    ciHighPct: m.ciHighPct,
    lengthPct: m.lengthPct,
    tokenizerPct: m.tokenizerPct,
    tokenizerCiLowPct: m.tokenizerCiLowPct,
    tokenizerCiHighPct: m.tokenizerCiHighPct,
    verdict,
    tokenizerVerdict: tokenizerShareVerdict(m.tokenizerCiLowPct, m.tokenizerCiHighPct, {
      verdict,
      marginPct: o.marginPct,
    }),
    claimedPct: claimed,
    marginPct: o.marginPct,
    segments: m.segments,
    note: `equal-weight mean over the ${m.langs.length} official EU languages of the run besides ${languageName(o.baseline)} (${m.langs.join(', ')}); its interval comes from the same resamples as theirs`,
  };
}

// ---------------------------------------------------------------- words

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

/** "May 2024" from "2024-05"; "22–24 May 2024" from two days of one month; other strings unchanged. */
export function dateText(from: string, to?: string): string {
  const a = /^(\d{4})-(\d{2})(?:-(\d{2}))?$/.exec(from);
  if (!a) return from;
  const month = `${MONTHS[Number(a[2]) - 1]} ${a[1]}`;
  if (!a[3]) return month;
  const b = to ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(to) : null;
  if (b && b[1] === a[1] && b[2] === a[2] && b[3] !== a[3]) return `${Number(a[3])}–${Number(b[3])} ${month}`;
  return `${Number(a[3])} ${month}`;
}

const band = (c: number, m: number) => `${c} ± ${m}`;

/** "above 0 ± 5", "matches 30 ± 5", "inconclusive against 30 ± 5": the verdict word, then the band. */
function bandPhrase(v: ClaimVerdict, claimed: number, margin: number): string {
  const b = band(claimed, margin);
  return v === 'inconclusive' ? `inconclusive against ${b}` : `${v} ${b}`;
}

/** What the text's length costs, in words: "the +19.5 % the longer French text costs". */
function lengthPhrase(r: ClaimRow): string {
  const l = languageName(r.lang);
  if (!Number.isFinite(r.lengthPct)) return `the ${l} text's length`;
  return r.lengthPct >= 0
    ? `the ${fmtPctPlain(r.lengthPct)} the longer ${l} text costs`
    : `the ${fmtPctPlain(-r.lengthPct).replace('+', '')} the shorter ${l} text saves`;
}

/**
 * What was found for one subject in one language, in one plain sentence (the headline, the report, the terminal
 * and the deck say it in these words). Part 2 states both readings: whether the tokenizer removes its own
 * surcharge, and what the whole overhead is once the longer text is counted.
 */
export function claimFinding(r: ClaimRow): string {
  const l = languageName(r.lang);
  if (r.verdict === 'not measured' || r.verdict === 'not applicable')
    return `${l}: ${r.verdict}${r.note ? ` (${r.note.replace(/\.$/, '')})` : ''}`;
  if (r.verdict === 'too few segments')
    return `${l}: ${fmtPctPlain(r.overheadPct)} ${fmtCi(r.ciLowPct, r.ciHighPct)}, too few segments for a verdict${r.note ? ` (${r.note})` : ''}`;
  const whole = `${fmtPctPlain(r.overheadPct)} ${fmtCi(r.ciLowPct, r.ciHighPct)}`;
  const tok = `${fmtPctPlain(r.tokenizerPct)} ${fmtCi(r.tokenizerCiLowPct, r.tokenizerCiHighPct)}`;
  const share = `tokenizer ${tok}, ${bandPhrase(r.tokenizerVerdict, 0, r.marginPct)}`;
  if (r.part === 1)
    return `${l} ${whole}, ${bandPhrase(r.verdict, r.claimedPct, r.marginPct)} (${fmtPctPlain(r.lengthPct)} for the longer text, then ${fmtPctPlain(r.tokenizerPct)} from the tokenizer)`;
  const all = `${whole} in all, ${bandPhrase(r.verdict, r.claimedPct, r.marginPct)}`;
  if (r.verdict === 'matches') return `${l}: removes the surcharge, ${all} (${share})`;
  switch (r.tokenizerVerdict) {
    case 'matches':
      return `${l}: removes the tokenizer's own surcharge (${share}) but not ${lengthPhrase(r)}: ${all}`;
    case 'above':
      return `${l}: does not remove the tokenizer's own surcharge (${share}); with ${lengthPhrase(r)}, ${all}`;
    case 'below':
      return `${l}: the tokenizer needs fewer tokens per character than for English (${share}); with ${lengthPhrase(r)}, ${all}`;
    default:
      return `${l}: the tokenizer's own share is ${r.tokenizerVerdict} (${share}); with ${lengthPhrase(r)}, ${all}`;
  }
}

/**
 * One sentence per subject: what was found per language (claimFinding). Subjects counted with the same tokenizer
 * have the same figures, so they are said once, under both names. The headline, the terminal and the report use it.
 */
export function claimSubjectSentences(rows: readonly ClaimRow[]): string[] {
  const byTok = new Map<string, ClaimRow[]>();
  for (const r of rows)
    byTok.set(`${r.part}\0${r.tokenizer}`, [...(byTok.get(`${r.part}\0${r.tokenizer}`) ?? []), r]);
  return [...byTok.values()].map((tr) => {
    const names = [...new Set(tr.map((r) => r.subjectName))];
    const first = tr.filter((r) => r.subject === tr[0].subject);
    const head = `${joinAnd(names)} on ${tr[0].tokenizer}`;
    if (first.every((r) => r.verdict === 'not measured' || r.verdict === 'not applicable'))
      return `${head}: ${first[0].verdict} (${(first[0].note ?? '').replace(/\.$/, '')})`;
    return `${head}: ${first.map(claimFinding).join('; ')}`;
  });
}

/** The headline: the claim's two halves, per subject and language, on the first corpus. */
export function claimHeadlineText(
  rows: readonly ClaimRow[],
  claim: ClaimData,
  o: {
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
  const when = claim.event ? dateText(claim.event.from, claim.event.to) : dateText(claim.said);
  const vs = languageName(claim.baseline ?? CLAIM_BASELINE);
  const intro =
    `The claim (${claim.source}, ${claim.place}, ${when}): an English-centric model such as ChatGPT costs about +${o.claimPct} % in Spanish, French or German, and a European tokenizer removes that surcharge.` +
    ` On "${corpus}"${o.segments ? ` (${o.segments} aligned segments)` : ''}, overhead vs ${vs} with ${conf} % CIs; a verdict "matches" when the interval lies within the claimed figure ± ${m} points, and each overhead is the longer text times the tokenizer's own share.`;
  const parts: string[] = [];
  for (const part of [1, 2] as const) {
    const pr = mine.filter((r) => r.part === part);
    if (!pr.length) continue;
    const claimed = pr[0].claimedPct;
    const label =
      part === 1
        ? `Part 1, an English-centric model costs about +${claimed} %`
        : `Part 2, a European tokenizer removes the surcharge (claimed ${claimed} %)`;
    parts.push(`${label}: ${claimSubjectSentences(pr).join('. ')}.`);
  }
  return [intro, ...parts].join(' ');
}
