// Helpers for the corpus tests: temp files, reading a corpus to the end, asserting UserErrors.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, expect } from 'vitest';
import { judgedOf, rejects, WINDOW, type LangChecker } from '../../src/corpus/langid.js';
import { UserError } from '../../src/errors.js';
import type { Lang, ParallelCorpus, Segment } from '../../src/types.js';
import { tmp } from '../helpers.js';

const made: string[] = [];
/** Temp dirs made by a test file are removed when it ends. */
afterAll(() => {
  for (const d of made.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** A fresh temp dir, removed when the test file ends. */
export function tempDir(prefix = 'tokentax-corpus-'): string {
  const d = tmp(prefix);
  made.push(d);
  return d;
}

/** Writes files (string = UTF-8, Uint8Array = raw bytes) under a fresh temp dir; returns the dir. */
export function files(spec: Record<string, string | Uint8Array>): string {
  const dir = tempDir();
  for (const [name, content] of Object.entries(spec)) {
    const p = join(dir, name);
    mkdirSync(dirname(p), { recursive: true });
    writeFileSync(p, content);
  }
  return dir;
}

export async function readAll(c: ParallelCorpus): Promise<Segment[]> {
  const out: Segment[] = [];
  for await (const s of c.segments()) out.push(s);
  return out;
}

/** Awaits `p`, expects a UserError with exit category `exit` whose message matches every pattern. */
export async function expectUserError(
  p: Promise<unknown>,
  patterns: (string | RegExp)[],
  exit = 'input',
): Promise<UserError> {
  let err: unknown;
  try {
    await p;
  } catch (e) {
    err = e;
  }
  expect(err, 'expected a UserError').toBeInstanceOf(UserError);
  const u = err as UserError;
  expect(u.exit).toBe(exit);
  for (const pat of patterns) {
    if (typeof pat === 'string') expect(u.message).toContain(pat);
    else expect(u.message).toMatch(pat);
  }
  expect(u.hint, 'a UserError carries a hint naming the fix').toBeTruthy();
  return u;
}

export function skipOf(c: ParallelCorpus, reason: string) {
  return c.report.skipped.find((s) => s.reason === reason);
}

/** read = used + skipped, always. */
export function expectBalanced(c: ParallelCorpus): void {
  const skipped = c.report.skipped.reduce((a, s) => a + s.count, 0);
  expect(c.report.read).toBe(c.report.used + skipped);
}

/**
 * The language check on every text, the reference the sampled check is held to: segment index → its rejected
 * languages, in corpus order (segments with none are left out).
 */
export function fullLangCheck(checker: LangChecker, langs: Lang[], segs: string[][]): Map<number, Lang[]> {
  const texts = langs.map((l, li) => segs.map((t) => judgedOf(checker.judge(l, t[li]))));
  const out = new Map<number, Lang[]>();
  segs.forEach((_, k) => {
    const bad = langs.filter((_, li) =>
      rejects(texts[li][k], texts[li].slice(Math.max(0, k - WINDOW), k + WINDOW + 1)),
    );
    if (bad.length) out.set(k, bad);
  });
  return out;
}
