// Atomic run folders: everything is written into `<out>.partial`, and renamed to `<out>` only once
// manifest.json (written last) is in place. An existing non-empty `<out>` is replaced only with force.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { mkdir, rename, rm, symlink, unlink, lstat, access, constants } from 'node:fs/promises';
import { basename, dirname, join, resolve, relative } from 'node:path';
import { outputError } from '../errors.js';
import { REPORTS_DIR } from '../paths.js';

export interface RunFolder {
  /** Where the finished run will be. */
  final: string;
  /** Where it is being written. */
  work: string;
}

/** UTC timestamp usable as a folder name: 2026-11-24T06-30-00Z. */
export function runId(d = new Date()): string {
  return d
    .toISOString()
    .replace(/\.\d+Z$/, 'Z')
    .replace(/:/g, '-');
}

function nonEmptyDir(p: string): boolean {
  try {
    return statSync(p).isDirectory() ? readdirSync(p).length > 0 : true;
  } catch {
    return false;
  }
}

export async function openRunFolder(out: string | undefined, force: boolean): Promise<RunFolder> {
  const final = resolve(out ?? join(REPORTS_DIR, runId()));
  if (existsSync(final) && !statSync(final).isDirectory()) {
    throw outputError(`--out ${final} exists and is not a folder`, 'choose another --out path');
  }
  if (nonEmptyDir(final) && !force) {
    throw outputError(
      `--out ${final} already holds files`,
      'choose another --out, or add --force to replace it',
    );
  }
  const parent = dirname(final);
  try {
    await mkdir(parent, { recursive: true });
    await access(parent, constants.W_OK);
  } catch (e) {
    throw outputError(
      `cannot write to ${parent} (${(e as NodeJS.ErrnoException).code ?? 'error'})`,
      'choose a writable --out folder',
    );
  }
  const work = `${final}.partial`;
  await rm(work, { recursive: true, force: true });
  try {
    await mkdir(work, { recursive: true });
  } catch (e) {
    throw outputError(
      `cannot create ${work} (${(e as NodeJS.ErrnoException).code ?? 'error'})`,
      'choose a writable --out folder',
    );
  }
  return { final, work };
}

/** Moves the finished work folder into place; the old run (with force) is removed only after. */
export async function commitRunFolder(f: RunFolder): Promise<void> {
  let old: string | undefined;
  if (existsSync(f.final)) {
    old = `${f.final}.old-${process.pid}`;
    await rename(f.final, old);
  }
  await rename(f.work, f.final);
  if (old) await rm(old, { recursive: true, force: true });
  await pointLatest(f.final);
}

export async function discardRunFolder(f: RunFolder): Promise<void> {
  await rm(f.work, { recursive: true, force: true });
}

/** reports/latest → the newest run, when the run lives directly under reports/. */
async function pointLatest(final: string): Promise<void> {
  const parent = dirname(final);
  if (resolve(parent) !== resolve(REPORTS_DIR)) return;
  const link = join(parent, 'latest');
  try {
    const st = await lstat(link).catch(() => undefined);
    if (st?.isSymbolicLink()) await unlink(link);
    else if (st) return; // a real file or folder named latest: leave it alone
    await symlink(relative(parent, final) || basename(final), link, 'dir');
  } catch {
    // a missing symlink is not worth failing a finished run for
  }
}
