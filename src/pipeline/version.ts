import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../paths.js';

let cached: { name: string; version: string; gitCommit?: string } | undefined;

/** The tool's name, version and git commit (when run from a checkout). */
export function toolInfo(): { name: string; version: string; gitCommit?: string } {
  if (cached) return cached;
  const pkg = JSON.parse(readFileSync(join(PROJECT_ROOT, 'package.json'), 'utf8')) as {
    name: string;
    version: string;
  };
  let gitCommit: string | undefined;
  try {
    gitCommit =
      execFileSync('git', ['rev-parse', 'HEAD'], {
        cwd: PROJECT_ROOT,
        stdio: ['ignore', 'pipe', 'ignore'],
        timeout: 2000,
      })
        .toString()
        .trim() || undefined;
  } catch {
    gitCommit = undefined;
  }
  cached = { name: pkg.name, version: pkg.version, gitCommit };
  return cached;
}
