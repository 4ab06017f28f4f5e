// Locations inside the installed package. src/ and dist/ sit at the same depth, so one URL works for both.
import { readFileSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { dirname, join, resolve } from 'node:path';

export const PROJECT_ROOT = fileURLToPath(new URL('../', import.meta.url));
export const DATA_DIR = join(PROJECT_ROOT, 'data');
export const CORPORA_DIR = join(PROJECT_ROOT, 'corpora');
export const REPORTS_DIR = join(PROJECT_ROOT, 'reports');

/** tokentax's user cache (counts, price data, url downloads): $TOKENTAX_CACHE, else $XDG_CACHE_HOME/tokentax. */
export function defaultCacheDir(): string {
  if (process.env.TOKENTAX_CACHE) return process.env.TOKENTAX_CACHE;
  return join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'tokentax');
}

export interface InstalledPackage {
  dir: string;
  version?: string;
}

/**
 * Where an npm package is installed, looking in node_modules folders above tokentax itself and then above
 * the working directory (so `npm i <pack>` in the user's project is found too). Tokenizer engines and the price
 * library both ask, so it lives here rather than in one stage.
 */
export function findPackage(name: string): InstalledPackage | undefined {
  const tried = new Set<string>();
  for (const start of [PROJECT_ROOT, process.cwd()]) {
    let dir = resolve(start);
    for (;;) {
      if (!tried.has(dir)) {
        tried.add(dir);
        const pkgDir = join(dir, 'node_modules', name);
        const pj = join(pkgDir, 'package.json');
        if (isFile(pj)) {
          let version: string | undefined;
          try {
            version = (JSON.parse(readFileSync(pj, 'utf8')) as { version?: string }).version;
          } catch {
            version = undefined;
          }
          return { dir: pkgDir, version };
        }
      }
      const up = dirname(dir);
      if (up === dir) break;
      dir = up;
    }
  }
  return undefined;
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}
