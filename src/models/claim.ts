// The claim under test, as data (data/claim.json): its percentage, who said it where and when, and the
// subjects of its two halves. The claim check (analysis/claim.ts) reads it; nothing here is computed.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { UserError } from '../errors.js';
import { DATA_DIR } from '../paths.js';

export const CLAIM_FILE = join(DATA_DIR, 'claim.json');

/**
 * One fact the claim check states (a date, which model ChatGPT ran, which tokenizer a model uses), with where it was
 * read and when. `checked: false` marks a fact that could not be confirmed at its source, and `why`.
 */
export interface ClaimFact {
  fact: string;
  source?: string;
  title?: string;
  /** The day the source was read (YYYY-MM-DD). */
  read?: string;
  checked: boolean;
  why?: string;
}

export interface ClaimSubject {
  id: string;
  /** The label every view shows: what it is, with its dates. */
  name: string;
  tokenizer: string;
  models: string[];
  /** The period the subject stands for (YYYY-MM-DD), when it has one. */
  from?: string;
  until?: string;
  /** Listed (as "not measured") even when the run did not measure it. */
  required?: boolean;
  provenance: string;
  facts?: ClaimFact[];
}

export interface ClaimPart {
  part: 1 | 2;
  statement: string;
  /** The overhead this half states: "pct" (the claim's percentage) or a number. */
  claimedPct: 'pct' | number;
  subjects: ClaimSubject[];
  /** Part 2 also takes every other measured tokenizer of this category. */
  others?: 'european';
  note?: string;
}

export interface ClaimData {
  pct: number;
  /** Half-width of the band read as "about pct", in percentage points (the default of --claim-margin). */
  marginPct: number;
  /** Why the band is that wide. */
  margin?: string;
  source: string;
  said: string;
  place: string;
  /** The language the claim compares with (English). */
  baseline?: string;
  statement: string;
  provenance: string;
  /** Where and when the claim was made, with its sources. */
  event?: { name: string; place: string; from: string; to: string; facts: ClaimFact[] };
  parts: ClaimPart[];
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** Why a fact's record is incomplete, or undefined: a checked fact names its source and the day it was read; an
 *  unchecked one says why. */
export function factProblem(f: ClaimFact): string | undefined {
  if (!f.fact) return 'a fact without its statement';
  if (f.checked) {
    if (!f.source) return `"${f.fact}" is marked checked but names no source`;
    if (!f.read || !DAY.test(f.read)) return `"${f.fact}" is marked checked without the day it was read`;
  } else if (!f.why) return `"${f.fact}" is unchecked without saying why`;
  return undefined;
}

let cached: ClaimData | undefined;

/** data/claim.json, checked. */
export function claimData(file = CLAIM_FILE): ClaimData {
  if (cached && file === CLAIM_FILE) return cached;
  let d: ClaimData;
  try {
    d = JSON.parse(readFileSync(file, 'utf8')) as ClaimData;
  } catch (e) {
    throw new UserError(
      'internal',
      `claim data ${file} cannot be read (${(e as Error).message})`,
      'reinstall tokentax',
    );
  }
  const bad = (why: string) =>
    new UserError('internal', `claim data ${file}: ${why}`, 'reinstall tokentax, or fix the file by hand');
  if (
    !Number.isFinite(d.pct) ||
    !(Number.isFinite(d.marginPct) && d.marginPct >= 0) ||
    typeof d.source !== 'string' ||
    !Array.isArray(d.parts)
  )
    throw bad('needs pct, marginPct (≥ 0), source and parts');
  for (const p of d.parts) {
    if (p.part !== 1 && p.part !== 2) throw bad(`part ${String(p.part)} is not 1 or 2`);
    if (p.claimedPct !== 'pct' && !Number.isFinite(p.claimedPct))
      throw bad(`part ${p.part}: claimedPct must be "pct" or a number`);
    for (const s of p.subjects) {
      if (!s.id || !s.tokenizer || !s.name)
        throw bad(`part ${p.part}: a subject needs id, name and tokenizer`);
      for (const d of [s.from, s.until])
        if (d !== undefined && !DAY.test(d)) throw bad(`subject ${s.id}: date "${d}" is not YYYY-MM-DD`);
      for (const f of s.facts ?? []) {
        const why = factProblem(f);
        if (why) throw bad(`subject ${s.id}: ${why}`);
      }
    }
  }
  for (const f of d.event?.facts ?? []) {
    const why = factProblem(f);
    if (why) throw bad(`event: ${why}`);
  }
  if (file === CLAIM_FILE) cached = d;
  return d;
}
