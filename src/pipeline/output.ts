// Atomic run folders: everything is written into `<out>.partial`, and renamed to `<out>` only once
// manifest.json (written last) is in place. An existing non-empty `<out>` is replaced only with force.
// One run per folder: `<out>.lock` (created exclusively, holding the run's pid) is taken before `<out>.partial`
// is touched, so a second run on the same --out stops at once instead of removing the first one's files.
import {
  existsSync,
  linkSync,
  readdirSync,
  readFileSync,
  renameSync,
  statSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { hostname } from 'node:os';
import { mkdir, rename, rm, symlink, unlink, lstat, access, constants } from 'node:fs/promises';
import { basename, dirname, join, resolve, relative } from 'node:path';
import { fileError, outputError } from '../errors.js';
import { REPORTS_DIR } from '../paths.js';

export interface RunFolder {
  /** Where the finished run will be. */
  final: string;
  /** Where it is being written. */
  work: string;
  /** `<out>.lock`, held from before `work` is touched until the folder is committed or given up. */
  lock: string;
}

interface LockInfo {
  pid: number;
  host: string;
  started: string;
}

/** Locks this process holds, removed at exit even when it leaves at once (a second Ctrl-C). */
const held = new Set<string>();
let exitHook = false;

function readLock(path: string): LockInfo | undefined {
  try {
    const x = JSON.parse(readFileSync(path, 'utf8')) as Partial<LockInfo>;
    return typeof x.pid === 'number' && typeof x.host === 'string' && typeof x.started === 'string'
      ? (x as LockInfo)
      : undefined;
  } catch {
    return undefined;
  }
}

/** Whether the run that wrote a lock may still be going (another host's cannot be checked: assumed so). */
function running(l: LockInfo): boolean {
  if (l.host !== hostname()) return true;
  try {
    process.kill(l.pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** A lock file younger than this with no readable content is being written by a run starting right now. */
const FRESH_MS = 10_000;

function busy(final: string, lock: string, other: LockInfo | undefined) {
  return outputError(
    other
      ? `another tokentax run (pid ${other.pid}${other.host !== hostname() ? ` on ${other.host}` : ''}, started ${other.started}) is writing --out ${final}`
      : `another tokentax run is starting in --out ${final} (${lock} is being written)`,
    `wait for it to end, or choose another --out; if no run is going, delete ${lock}`,
  );
}

/**
 * Takes `<final>.lock` for this process. A lock whose process is gone (a killed run) is taken over, said
 * through `log`; a live one is an error naming its pid, and nothing of that run is touched.
 */
function takeLock(final: string, log: (line: string) => void): string {
  const lock = `${final}.lock`;
  const mine: LockInfo = { pid: process.pid, host: hostname(), started: new Date().toISOString() };
  for (let attempt = 0; ; attempt++) {
    try {
      writeFileSync(lock, JSON.stringify(mine) + '\n', { flag: 'wx' });
      held.add(lock);
      if (!exitHook) {
        exitHook = true;
        process.on('exit', () => held.forEach(releaseLockSync));
      }
      return lock;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST' || attempt >= 2) {
        const f = fileError(e, lock);
        throw outputError(`--out ${final}: ${f.message}`, f.hint);
      }
    }
    const other = readLock(lock);
    if (other ? running(other) : Date.now() - mtime(lock) < FRESH_MS) throw busy(final, lock, other);
    // Stale: moved aside (atomic), then checked to be the lock judged stale, not one a new run just made.
    const aside = `${lock}.stale-${process.pid}`;
    try {
      renameSync(lock, aside);
    } catch {
      continue; // another run took it over first: try again
    }
    const moved = readLock(aside);
    if (moved && (moved.pid !== other?.pid || moved.started !== other?.started)) {
      try {
        linkSync(aside, lock);
      } catch {
        // the place was taken meanwhile: that run holds the folder
      }
      unlinkSync(aside);
      throw busy(final, lock, moved);
    }
    unlinkSync(aside);
    log(
      other
        ? `--out ${final}: took over the lock of run ${other.pid} (started ${other.started}), which is no longer running`
        : `--out ${final}: took over an unreadable lock left by a run that stopped while starting`,
    );
  }
}

function isDir(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

function mtime(path: string): number {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return 0;
  }
}

function releaseLockSync(lock: string): void {
  if (!held.delete(lock)) return;
  try {
    if (readLock(lock)?.pid === process.pid) unlinkSync(lock);
  } catch {
    // already gone
  }
}

/** Gives up the folder's lock (after commit or discard, or when an interrupted run keeps its .partial). */
export function releaseRunFolder(f: Pick<RunFolder, 'lock'>): void {
  releaseLockSync(f.lock);
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

/** Where a run will write, and its lock when it was taken before the run read its inputs. */
export interface FolderClaim {
  final: string;
  lock?: string;
}

/**
 * Locks the run folder before the run reads its inputs or sends a request, so that a second run on the same
 * --out stops at once; when the folder's parent does not exist yet, openRunFolder() creates it and locks then.
 */
export function claimRunFolder(out: string | undefined, log: (line: string) => void = () => {}): FolderClaim {
  const final = resolve(out ?? join(REPORTS_DIR, runId()));
  return isDir(dirname(final)) ? { final, lock: takeLock(final, log) } : { final };
}

export async function openRunFolder(
  out: string | FolderClaim | undefined,
  force: boolean,
  log: (line: string) => void = () => {},
): Promise<RunFolder> {
  const claim = typeof out === 'object' ? out : { final: resolve(out ?? join(REPORTS_DIR, runId())) };
  const final = claim.final;
  const parent = dirname(final);
  try {
    await mkdir(parent, { recursive: true });
    await access(parent, constants.W_OK);
  } catch (e) {
    if (claim.lock) releaseLockSync(claim.lock);
    throw outputError(
      `cannot write to ${parent} (${(e as NodeJS.ErrnoException).code ?? 'error'})`,
      'choose a writable --out folder',
    );
  }
  const lock = claim.lock ?? takeLock(final, log);
  try {
    if (existsSync(final) && !statSync(final).isDirectory()) {
      throw outputError(`--out ${final} exists and is not a folder`, 'choose another --out path');
    }
    if (nonEmptyDir(final) && !force) {
      throw outputError(
        `--out ${final} already holds files`,
        'choose another --out, or add --force to replace it',
      );
    }
    const work = `${final}.partial`;
    try {
      await rm(work, { recursive: true, force: true });
      await mkdir(work, { recursive: true });
    } catch (e) {
      throw outputError(
        `cannot create ${work} (${(e as NodeJS.ErrnoException).code ?? 'error'})`,
        'choose a writable --out folder',
      );
    }
    return { final, work, lock };
  } catch (e) {
    releaseLockSync(lock);
    throw e;
  }
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
  releaseRunFolder(f);
}

export async function discardRunFolder(f: RunFolder): Promise<void> {
  try {
    await rm(f.work, { recursive: true, force: true });
  } finally {
    releaseRunFolder(f);
  }
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
