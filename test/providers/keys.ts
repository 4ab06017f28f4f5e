// Made-up API keys for the secret tests, and the check that none of a key's characters show in an output.
import fc from 'fast-check';
import { expect } from 'vitest';
import { keyRuns } from '../../src/providers/secrets.js';

const KEY_CHARS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
/** A key of 20-200 characters, in the alphabet providers use (base64url-like, with a prefix sometimes). */
export const arbKey = fc
  .tuple(
    fc.constantFrom('', 'sk-', 'sk-proj-', 'sk-ant-api03-', 'AIza'),
    fc.string({ unit: fc.constantFrom(...KEY_CHARS), minLength: 20, maxLength: 200 }),
  )
  .map(([p, body]) => (p + body).slice(0, 200))
  .filter((k) => k.length >= 20);

const WHITESPACE = [' ', '\n', '\r\n', '\t', '  \n  '];

/** The key with whitespace put in at some places (sorted, distinct cut points). */
export const arbSplitKey = (key: string) =>
  fc
    .tuple(
      fc.uniqueArray(fc.integer({ min: 1, max: key.length - 1 }), { maxLength: 4 }),
      fc.constantFrom(...WHITESPACE),
    )
    .map(([cuts, ws]) => {
      const at = [0, ...cuts.sort((a, b) => a - b), key.length];
      return at
        .slice(1)
        .map((end, i) => key.slice(at[i], end))
        .join(ws);
    });

/** A masked echo as providers print them: the first 4-8 and last 4 characters around stars or an ellipsis. */
export const masked = (key: string, head: number, mask: string) =>
  `${key.slice(0, head)}${mask}${key.slice(-4)}`;

/** Asserts that no run of KEY_RUN characters of the key is in `text`, nor in `text` without whitespace. */
export function expectNoKey(text: string, key: string, where = 'output'): void {
  expect(keyRuns(text, key), `${where} holds part of the key`).toEqual([]);
  expect(keyRuns(text.replace(/\s+/g, ''), key), `${where} without whitespace holds part of the key`).toEqual(
    [],
  );
}
