// Locations inside the installed package. src/ and dist/ sit at the same depth, so one URL works for both.
import { homedir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

export const PROJECT_ROOT = fileURLToPath(new URL('../', import.meta.url));
export const DATA_DIR = join(PROJECT_ROOT, 'data');
export const CORPORA_DIR = join(PROJECT_ROOT, 'corpora');
export const REPORTS_DIR = join(PROJECT_ROOT, 'reports');

/** tokentax's user cache (counts, price data, url downloads): $TOKENTAX_CACHE, else $XDG_CACHE_HOME/tokentax. */
export function defaultCacheDir(): string {
  if (process.env.TOKENTAX_CACHE) return process.env.TOKENTAX_CACHE;
  return join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'tokentax');
}
