// The claim under test, as data (data/claim.json): its percentage, who said it where and when, and the
// subjects of its two halves. The claim check (analysis/claim.ts) reads it; nothing here is computed.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { UserError } from '../errors.js';
import { DATA_DIR } from '../paths.js';

export const CLAIM_FILE = join(DATA_DIR, 'claim.json');

export interface ClaimSubject {
  id: string;
  name: string;
  tokenizer: string;
  models: string[];
  /** Listed (as "not measured") even when the run did not measure it. */
  required?: boolean;
  provenance: string;
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
  source: string;
  said: string;
  place: string;
  statement: string;
  provenance: string;
  parts: ClaimPart[];
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
  if (!Number.isFinite(d.pct) || typeof d.source !== 'string' || !Array.isArray(d.parts))
    throw bad('needs pct, source and parts');
  for (const p of d.parts) {
    if (p.part !== 1 && p.part !== 2) throw bad(`part ${String(p.part)} is not 1 or 2`);
    if (p.claimedPct !== 'pct' && !Number.isFinite(p.claimedPct))
      throw bad(`part ${p.part}: claimedPct must be "pct" or a number`);
    for (const s of p.subjects)
      if (!s.id || !s.tokenizer || !s.name)
        throw bad(`part ${p.part}: a subject needs id, name and tokenizer`);
  }
  if (file === CLAIM_FILE) cached = d;
  return d;
}
