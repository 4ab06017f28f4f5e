// Hugging Face hub files in the standard cache layout, with bounded waits and verified, atomic writes.
//
// Layout (the same as huggingface_hub in Python and @huggingface/hub, so caches are shared both ways):
//   <cache>/models--<org>--<repo>/blobs/<etag>                   file bytes, named by the hub's etag
//   <cache>/models--<org>--<repo>/snapshots/<commit>/<file>      relative symlink -> ../../blobs/<etag>
//   <cache>/models--<org>--<repo>/refs/<branch>                  the commit hash the branch pointed to
//   <cache>/models--<org>--<repo>/.no_exist/<commit>/<file>      empty marker: the file is absent upstream
//
// Why not @huggingface/hub's downloadFileToCacheDir: it asks the /api/models/.../paths-info endpoint first
// (a mirror or stand-in serving only /resolve/ cannot answer it), has no timeout, does not check size or
// hash, and logs with console.debug. We keep its cache-path and folder-name helpers and fetch the hub's
// own resolve URL, `${endpoint}/${org}/${repo}/resolve/${revision}/${file}`, ourselves.
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import {
  lstat,
  mkdir,
  readFile,
  readlink,
  rename,
  rm,
  stat,
  symlink,
  writeFile,
  copyFile,
  realpath,
} from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import { createRequire } from 'node:module';
import { DEFAULTS } from '../config.js';
import { UserError } from '../errors.js';
import type { FilePin } from '../types.js';

/** The hub did not answer at all (refused, unknown host, timeout): later requests in the same run would fail too. */
/** A required file is not in the repository at that revision (the caller may try another file set). */
export class HubFileMissingError extends UserError {
  constructor(
    readonly repo: string,
    readonly file: string,
    revision: string,
  ) {
    super(
      'tokenizer',
      `${repo} has no ${file} at revision ${revision}`,
      'the repository does not hold the file the catalog expects: pass its tokenizer files with --tokenizer-dir',
    );
    this.name = 'HubFileMissingError';
  }
}

export class HubUnreachableError extends UserError {
  constructor(message: string, hint: string, options?: { cause?: unknown }) {
    super('network', message, hint, options);
    this.name = 'HubUnreachableError';
  }
}

export interface HubOptions {
  /** Hub base URL; default $HF_ENDPOINT, else https://huggingface.co. */
  endpoint?: string;
  /** Cache root; default $HF_HUB_CACHE, else $HF_HOME/hub, else ~/.cache/huggingface/hub. */
  cacheDir?: string;
  /** Access token for gated repositories; default $HF_TOKEN (or the legacy $HUGGING_FACE_HUB_TOKEN). */
  token?: string;
  /** Longest wait for the hub to answer, and for each next chunk of a download (ms; default DEFAULTS.tokenizers.hubTimeoutMs). */
  timeoutMs?: number;
  /** Never touch the network (also set by HF_HUB_OFFLINE=1). */
  offline?: boolean;
  log?: (line: string) => void;
  /** Injected fetch (tests). */
  fetch?: typeof fetch;
  /** Published size and SHA-256 per file (the catalog's source.pins): a download or cached copy that differs is refused. */
  pins?: Record<string, FilePin>;
  /** Bytes received so far for a file being downloaded (progress bars). */
  onBytes?: (file: string, bytes: number, total?: number) => void;
}

/** Files of one repository revision on this machine. */
export interface HubFiles {
  repo: string;
  /** The revision asked for (branch, tag or commit). */
  revision: string;
  /** The commit the files belong to (from X-Repo-Commit, or the revision when it is a commit hash). */
  commit: string;
  /** snapshots/<commit> folder. */
  dir: string;
  /** Absolute paths of the files present, in the order asked. */
  files: string[];
  /** Asked-for files the repository does not have (optional ones only). */
  missing: string[];
  /** Whether anything had to be downloaded in this call. */
  downloaded: boolean;
}

// @huggingface/hub takes about 50 ms to import. Its path helpers are read on first use (its CommonJS build,
// so they stay synchronous), so a process that never looks at the hub, such as a counting worker thread that
// imports this folder's index, does not pay for it.
type HfHub = typeof import('@huggingface/hub');
let hfHub: HfHub | undefined;
const hf = (): HfHub => (hfHub ??= createRequire(import.meta.url)('@huggingface/hub') as HfHub);

const COMMIT_RE = /^[0-9a-f]{40}$/;
const SHA256_RE = /^[0-9a-f]{64}$/;

export function hubEndpoint(opts: Pick<HubOptions, 'endpoint'> = {}): string {
  return (opts.endpoint ?? process.env.HF_ENDPOINT ?? hf().HUB_URL).replace(/\/+$/, '');
}

export function hubCacheDir(opts: Pick<HubOptions, 'cacheDir'> = {}): string {
  // getHFHubCachePath reads HF_HUB_CACHE, HUGGINGFACE_HUB_CACHE, HF_HOME, XDG_CACHE_HOME at call time.
  return opts.cacheDir ?? hf().getHFHubCachePath();
}

export function hubToken(opts: Pick<HubOptions, 'token'> = {}): string | undefined {
  const t = opts.token ?? process.env.HF_TOKEN ?? process.env.HUGGING_FACE_HUB_TOKEN;
  return t && t.trim() ? t.trim() : undefined;
}

export function hubOffline(opts: Pick<HubOptions, 'offline'> = {}): boolean {
  if (opts.offline !== undefined) return opts.offline;
  const v = (process.env.HF_HUB_OFFLINE ?? '').toLowerCase();
  return v === '1' || v === 'true' || v === 'yes' || v === 'on';
}

/** models--org--repo folder of a repository inside the cache. */
export function repoCacheFolder(repo: string, opts: Pick<HubOptions, 'cacheDir'> = {}): string {
  return join(hubCacheDir(opts), hf().getRepoFolderName({ type: 'model', name: repo }));
}

/** The resolve URL of one file: `${endpoint}/${org}/${repo}/resolve/${revision}/${file}`. */
export function resolveUrl(
  repo: string,
  revision: string,
  file: string,
  opts: Pick<HubOptions, 'endpoint'> = {},
): string {
  const path = file.split('/').map(encodeURIComponent).join('/');
  return `${hubEndpoint(opts)}/${repo}/resolve/${encodeURIComponent(revision)}/${path}`;
}

export function validateRepo(repo: string): void {
  if (!/^[A-Za-z0-9][\w.-]*\/[\w.-]+$/.test(repo) || repo.includes('..')) {
    throw new UserError(
      'tokenizer',
      `invalid hub repository "${repo}"`,
      'write it as <org>/<repo>, e.g. hf:OpenLLM-France/Lucie-7B',
    );
  }
}

function validateFile(file: string): void {
  if (!file || file.startsWith('/') || file.split(/[\\/]/).some((p) => p === '..' || p === '')) {
    throw new UserError(
      'tokenizer',
      `invalid file name "${file}" in a hub source`,
      'file names are relative to the repository root',
    );
  }
}

function networkHint(): string {
  return 'run once with network access, point HF_ENDPOINT at a reachable mirror, or pass the files with --tokenizer-dir <dir>';
}

// ---------------------------------------------------------------- cache reading

async function exists(p: string): Promise<boolean> {
  try {
    await stat(p);
    return true;
  } catch {
    return false;
  }
}

/** The commit a revision points to in the cache, when known there. */
export async function cachedCommit(
  repo: string,
  revision: string,
  opts: Pick<HubOptions, 'cacheDir'> = {},
): Promise<string | undefined> {
  if (COMMIT_RE.test(revision)) return revision;
  try {
    const c = (await readFile(join(repoCacheFolder(repo, opts), 'refs', revision), 'utf8')).trim();
    return c || undefined;
  } catch {
    return undefined;
  }
}

export type CacheCheck =
  | { state: 'ok'; path: string }
  | { state: 'absent-upstream' }
  | { state: 'not-cached' }
  | { state: 'corrupted'; path: string; blob?: string; problem: string };

/**
 * Looks at one cached file. With `verify`, checks its bytes against the blob's name (the hub's etag:
 * a sha256 for LFS files, a git blob sha1 otherwise) and that a .json file parses.
 */
export async function checkCachedFile(
  repo: string,
  commit: string,
  file: string,
  opts: Pick<HubOptions, 'cacheDir' | 'pins'> & { verify?: boolean } = {},
): Promise<CacheCheck> {
  const folder = repoCacheFolder(repo, opts);
  const pointer = join(folder, 'snapshots', commit, file);
  let isLink = false;
  try {
    isLink = (await lstat(pointer)).isSymbolicLink();
  } catch {
    return (await exists(join(folder, '.no_exist', commit, file)))
      ? { state: 'absent-upstream' }
      : { state: 'not-cached' };
  }
  let target = pointer;
  try {
    target = await realpath(pointer);
  } catch {
    return {
      state: 'corrupted',
      path: pointer,
      problem: `dangling link to ${await readlink(pointer).catch(() => '?')}`,
    };
  }
  if (!opts.verify) return { state: 'ok', path: pointer };
  const etag = isLink ? (target.split(sep).pop() ?? '') : '';
  const problem = await verifyFile(target, etag, file, opts.pins?.[file]);
  return problem
    ? { state: 'corrupted', path: pointer, blob: isLink ? target : undefined, problem }
    : { state: 'ok', path: pointer };
}

/** Why a file does not match its etag or its catalog pin (or does not parse), or undefined when it is sound. */
async function verifyFile(
  path: string,
  etag: string,
  file: string,
  pin?: FilePin,
): Promise<string | undefined> {
  const size = (await stat(path)).size;
  if (pin?.bytes !== undefined && size !== pin.bytes) return `${size} bytes, the catalog pins ${pin.bytes}`;
  if (pin?.sha256) {
    const got = SHA256_RE.test(etag) && etag === pin.sha256 ? etag : await hashFile(path, 'sha256');
    if (got !== pin.sha256)
      return `sha256 ${got.slice(0, 12)}…, the catalog pins ${pin.sha256.slice(0, 12)}…`;
  }
  if (SHA256_RE.test(etag)) {
    const got = await hashFile(path, 'sha256');
    if (got !== etag) return `sha256 ${got.slice(0, 12)}…, expected ${etag.slice(0, 12)}…`;
    return undefined;
  }
  if (COMMIT_RE.test(etag)) {
    const got = await gitBlobSha1(path, size);
    if (got !== etag) return `git blob id ${got.slice(0, 12)}…, expected ${etag.slice(0, 12)}…`;
    return undefined;
  }
  // No usable etag (e.g. a copied file where symlinks are not supported): at least the JSON must parse.
  if (file.endsWith('.json')) {
    try {
      JSON.parse(await readFile(path, 'utf8'));
    } catch (e) {
      return `not valid JSON (${(e as Error).message.slice(0, 80)})`;
    }
  }
  return undefined;
}

export async function hashFile(path: string, algo: 'sha256' | 'sha1', prefix?: string): Promise<string> {
  const h = createHash(algo);
  if (prefix !== undefined) h.update(prefix);
  for await (const chunk of createReadStream(path)) h.update(chunk as Buffer);
  return h.digest('hex');
}

/** git hash-object: sha1("blob <size>\0" + bytes), the ETag the hub gives for files not stored in LFS. */
function gitBlobSha1(path: string, size: number): Promise<string> {
  return hashFile(path, 'sha1', `blob ${size}\0`);
}

/**
 * The cached files of `repo@revision`, without any network access, or undefined when the first
 * (required) file is not in the cache. Optional files (the others) that are neither cached nor known
 * to be absent upstream are listed in `unknown`.
 */
export async function findCachedFiles(
  repo: string,
  revision: string,
  files: string[],
  opts: Pick<HubOptions, 'cacheDir' | 'pins'> & { verify?: boolean } = {},
): Promise<
  | (HubFiles & {
      unknown: string[];
      corrupted: { file: string; path: string; blob?: string; problem: string }[];
    })
  | undefined
> {
  const commit = await cachedCommit(repo, revision, opts);
  if (!commit) return undefined;
  const present: string[] = [];
  const missing: string[] = [];
  const unknown: string[] = [];
  const corrupted: { file: string; path: string; blob?: string; problem: string }[] = [];
  for (const [i, file] of files.entries()) {
    const c = await checkCachedFile(repo, commit, file, opts);
    if (c.state === 'ok') present.push(c.path);
    else if (c.state === 'corrupted')
      corrupted.push({ file, path: c.path, blob: c.blob, problem: c.problem });
    else if (c.state === 'absent-upstream' && i > 0) missing.push(file);
    else if (i === 0) return undefined;
    else unknown.push(file);
  }
  return {
    repo,
    revision,
    commit,
    dir: join(repoCacheFolder(repo, opts), 'snapshots', commit),
    files: present,
    missing,
    unknown,
    corrupted,
    downloaded: false,
  };
}

// ---------------------------------------------------------------- network

interface FetchedHead {
  status: number;
  headers: Headers;
  /** Headers of the first hop: X-Repo-Commit, X-Linked-Etag and X-Linked-Size live there on the real hub. */
  first: Headers;
  url: string;
  body: ReadableStream<Uint8Array> | null;
}

/**
 * GET with a timer that fires when the hub is silent for `timeoutMs` (before the answer or between two
 * chunks). Follows redirects by hand so the first hop's headers stay visible; the token is sent to the
 * endpoint's origin only, never to a CDN it redirects to.
 */
export class TimedRequest {
  private readonly controller = new AbortController();
  private timer: NodeJS.Timeout | undefined;
  timedOut = false;

  constructor(
    private readonly timeoutMs: number,
    private readonly doFetch: typeof fetch,
  ) {}

  arm(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timedOut = true;
      this.controller.abort(new Error(`no answer within ${this.timeoutMs} ms`));
    }, this.timeoutMs);
    this.timer.unref?.();
  }

  disarm(): void {
    clearTimeout(this.timer);
  }

  abort(): void {
    this.disarm();
    this.controller.abort();
  }

  async get(url: string, token: string | undefined, method: 'GET' | 'HEAD' = 'GET'): Promise<FetchedHead> {
    const origin = new URL(url).origin;
    let current = url;
    let first: Headers | undefined;
    for (let hop = 0; hop < 10; hop++) {
      const sameOrigin = new URL(current).origin === origin;
      const headers: Record<string, string> = { 'Accept-Encoding': 'identity', 'User-Agent': 'tokentax' };
      if (token && sameOrigin) headers.Authorization = `Bearer ${token}`;
      this.arm();
      const res = await this.doFetch(current, {
        method,
        headers,
        redirect: 'manual',
        signal: this.controller.signal,
      });
      first ??= res.headers;
      if (res.status >= 300 && res.status < 400 && res.headers.get('location')) {
        await res.body?.cancel().catch(() => undefined);
        current = new URL(res.headers.get('location') as string, current).toString();
        continue;
      }
      return { status: res.status, headers: res.headers, first, url: current, body: res.body };
    }
    throw new UserError('network', `too many redirects fetching ${url}`, networkHint());
  }
}

function stripEtag(v: string | null): string | undefined {
  if (!v) return undefined;
  return v.replace(/^W\//, '').replace(/^"|"$/g, '').trim() || undefined;
}

export function describeFetchError(e: unknown): string {
  const err = e as { message?: string; cause?: { code?: string; message?: string } };
  return err?.cause?.code ?? err?.cause?.message ?? err?.message ?? String(e);
}

/**
 * Downloads one file into the cache: the bytes go to a temporary file next to the blob, are checked
 * (size, then sha256 or git blob id when the hub gives them, then JSON syntax for .json files) and only
 * then renamed into place, so an interrupted or corrupted transfer never leaves a file the cache trusts.
 * Returns undefined when the repository has no such file.
 */
export async function downloadToCache(
  repo: string,
  revision: string,
  file: string,
  opts: HubOptions = {},
): Promise<{ path: string; commit: string } | undefined> {
  validateRepo(repo);
  validateFile(file);
  const url = resolveUrl(repo, revision, file, opts);
  const timeoutMs = opts.timeoutMs ?? DEFAULTS.tokenizers.hubTimeoutMs;
  if (!Number.isFinite(timeoutMs) || timeoutMs <= 0)
    throw new UserError(
      'usage',
      `invalid hub timeout ${timeoutMs} ms`,
      // The flag takes seconds (the library takes milliseconds): the example is the default, in seconds.
      `give --hub-timeout a positive number of seconds, e.g. --hub-timeout ${DEFAULTS.tokenizers.hubTimeoutMs / 1000}`,
    );
  const req = new TimedRequest(timeoutMs, opts.fetch ?? fetch);
  const folder = repoCacheFolder(repo, opts);
  let tmp: string | undefined;
  try {
    let res: FetchedHead;
    try {
      res = await req.get(url, hubToken(opts));
    } catch (e) {
      if (e instanceof UserError) throw e;
      if (req.timedOut)
        throw new HubUnreachableError(
          `the hub at ${hubEndpoint(opts)} did not answer within ${timeoutMs} ms (${repo}/${file})`,
          `${networkHint()}; or raise --hub-timeout`,
          { cause: e },
        );
      throw new HubUnreachableError(
        `cannot reach the hub at ${hubEndpoint(opts)} (${describeFetchError(e)}) for ${repo}/${file}`,
        networkHint(),
        { cause: e },
      );
    }
    const code = res.first.get('x-error-code') ?? res.headers.get('x-error-code') ?? '';
    if (res.status === 404 && code === 'EntryNotFound') {
      await res.body?.cancel().catch(() => undefined);
      const commit = res.first.get('x-repo-commit') ?? (COMMIT_RE.test(revision) ? revision : undefined);
      if (commit) await markAbsent(folder, commit, file);
      return undefined;
    }
    if (res.status === 401 || res.status === 403) {
      await res.body?.cancel().catch(() => undefined);
      const gated = code === 'GatedRepo' || res.status === 403;
      throw new UserError(
        'network',
        `the hub refused ${repo}/${file} (HTTP ${res.status}${code ? ` ${code}` : ''})`,
        hubToken(opts)
          ? "your HF_TOKEN has no access: accept the model's conditions on its hub page with that account"
          : gated
            ? 'this repository is gated: accept its conditions on the hub, then set HF_TOKEN to an access token'
            : 'the repository is private, gated or does not exist: check the name, or set HF_TOKEN to an access token',
      );
    }
    if (res.status === 404) {
      await res.body?.cancel().catch(() => undefined);
      throw new UserError(
        'tokenizer',
        `the hub has no ${code === 'RevisionNotFound' ? `revision "${revision}" of` : 'repository'} ${repo} (HTTP 404${code ? ` ${code}` : ''})`,
        'check the repository name and revision',
      );
    }
    if (res.status !== 200 || !res.body) {
      await res.body?.cancel().catch(() => undefined);
      throw new UserError(
        'network',
        `the hub answered HTTP ${res.status} for ${repo}/${file}`,
        networkHint(),
      );
    }

    const commit =
      res.first.get('x-repo-commit') ??
      res.headers.get('x-repo-commit') ??
      (COMMIT_RE.test(revision) ? revision : undefined);
    let etag =
      stripEtag(res.first.get('x-linked-etag')) ??
      stripEtag(res.first.get('etag')) ??
      stripEtag(res.headers.get('etag'));
    // Should a hub ever announce a Xet content hash as the etag, it is not a sha256 of the bytes: do not check
    // against it (size still is) and name the blob by the sha256 we compute.
    if (etag && etag === stripEtag(res.first.get('x-xet-hash'))) etag = undefined;
    // Content-Length counts encoded bytes: usable only when the body is not compressed in transit.
    const encoded =
      !!res.headers.get('content-encoding') && res.headers.get('content-encoding') !== 'identity';
    const sizeHeader = res.first.get('x-linked-size') ?? (encoded ? null : res.headers.get('content-length'));
    const expectedSize = sizeHeader !== null && /^\d+$/.test(sizeHeader) ? Number(sizeHeader) : undefined;

    await mkdir(join(folder, 'blobs'), { recursive: true });
    tmp = join(folder, 'blobs', `.${randomBytes(6).toString('hex')}.${process.pid}.incomplete`);
    const got = { bytes: 0 };
    let sha256: string;
    try {
      sha256 = await streamToFile(req, res.body, tmp, got, (n) => opts.onBytes?.(file, n, expectedSize));
    } catch (e) {
      if (req.timedOut)
        throw new UserError(
          'network',
          `the download of ${repo}/${file} stalled for ${timeoutMs} ms after ${got.bytes} bytes`,
          `${networkHint()}; or raise --hub-timeout`,
          { cause: e },
        );
      throw new UserError(
        'network',
        `the download of ${repo}/${file} broke off after ${got.bytes} bytes (${describeFetchError(e)})`,
        `${networkHint()}; nothing was written to the cache`,
        { cause: e },
      );
    }
    const bytes = got.bytes;
    if (expectedSize !== undefined && bytes !== expectedSize) {
      throw new UserError(
        'network',
        `the download of ${repo}/${file} is incomplete: ${bytes} of ${expectedSize} bytes`,
        `${networkHint()}; nothing was written to the cache`,
      );
    }
    if (etag && SHA256_RE.test(etag) && etag !== sha256) {
      throw new UserError(
        'network',
        `the download of ${repo}/${file} is corrupted: sha256 ${sha256.slice(0, 12)}…, the hub announced ${etag.slice(0, 12)}…`,
        `${networkHint()}; nothing was written to the cache`,
      );
    }
    const pin = opts.pins?.[file];
    if ((pin?.bytes !== undefined && bytes !== pin.bytes) || (pin?.sha256 && sha256 !== pin.sha256)) {
      const what =
        pin.sha256 && sha256 !== pin.sha256
          ? `sha256 ${sha256}, the catalog pins ${pin.sha256}`
          : `${bytes} bytes, the catalog pins ${pin.bytes}`;
      throw new UserError(
        'tokenizer',
        `${repo}/${file} from ${hubEndpoint(opts)} is not the file the catalog pins (${what}); nothing was written to the cache`,
        'the repository changed or a mirror serves another file: pass the files you trust with --tokenizer-dir, or report the new file so its entry can be checked again',
      );
    }
    if (etag && COMMIT_RE.test(etag)) {
      const git = await gitBlobSha1(tmp, bytes);
      if (git !== etag)
        throw new UserError(
          'network',
          `the download of ${repo}/${file} is corrupted: git blob id ${git.slice(0, 12)}…, the hub announced ${etag.slice(0, 12)}…`,
          `${networkHint()}; nothing was written to the cache`,
        );
    }
    if (file.endsWith('.json')) {
      try {
        JSON.parse(await readFile(tmp, 'utf8'));
      } catch (e) {
        throw new UserError(
          'tokenizer',
          `${repo}/${file} from ${hubEndpoint(opts)} is not valid JSON (${(e as Error).message.slice(0, 80)})`,
          'check HF_ENDPOINT: a proxy or mirror may have answered with an error page',
        );
      }
    }
    // A blob is named by the hub's etag when there is one (so Python's huggingface_hub finds it), else by its sha256.
    const blobName = etag && /^[0-9a-f]{40}([0-9a-f]{24})?$/.test(etag) ? etag : sha256;
    const blob = join(folder, 'blobs', blobName);
    await rename(tmp, blob);
    tmp = undefined;

    let snapshotId = commit;
    if (!snapshotId) {
      // A bare mirror without X-Repo-Commit: the snapshot is named by the revision (documented limitation).
      snapshotId = revision;
      opts.log?.(`${repo}: the hub gave no commit id; cached under snapshots/${revision}`);
    }
    const pointer = join(folder, 'snapshots', snapshotId, file);
    await placePointer(blob, pointer);
    if (!COMMIT_RE.test(revision)) await writeAtomic(join(folder, 'refs', revision), snapshotId);
    return { path: pointer, commit: snapshotId };
  } finally {
    req.abort();
    if (tmp) await rm(tmp, { force: true }).catch(() => undefined);
  }
}

async function writeAtomic(path: string, content: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const tmp = `${path}.${randomBytes(6).toString('hex')}.tmp`;
  await writeFile(tmp, content);
  await rename(tmp, path);
}

async function markAbsent(folder: string, commit: string, file: string): Promise<void> {
  await writeAtomic(join(folder, '.no_exist', commit, file), '').catch(() => undefined);
}

/** snapshots/<commit>/<file> -> ../../blobs/<etag>, replaced atomically; a copy where symlinks fail. */
async function placePointer(blob: string, pointer: string): Promise<void> {
  await mkdir(dirname(pointer), { recursive: true });
  const tmp = `${pointer}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    await symlink(relative(dirname(pointer), blob), tmp);
  } catch {
    await copyFile(blob, tmp);
  }
  await rename(tmp, pointer);
}

/** Deletes a corrupted cached file (its blob and its snapshot pointer), so the next fetch starts clean. */
async function evict(path: string, blob?: string): Promise<void> {
  await rm(path, { force: true }).catch(() => undefined);
  if (blob) await rm(blob, { force: true }).catch(() => undefined);
}

/**
 * The files of `repo@revision` on this machine: from the cache when the first (required) file is there
 * and sound (no network at all), else downloaded into the cache. The first file is required; the others
 * are fetched when the repository has them. A corrupted cached file is deleted and fetched again; when
 * that is not possible (offline, hub unreachable) the error names the file and the fix.
 */
export async function ensureHubFiles(
  repo: string,
  revision: string,
  files: string[],
  opts: HubOptions = {},
): Promise<HubFiles> {
  validateRepo(repo);
  if (files.length === 0)
    throw new UserError(
      'tokenizer',
      `no files listed for ${repo}`,
      'list the files the engine reads in the catalog entry',
    );
  for (const f of files) validateFile(f);
  const offline = hubOffline(opts);
  const cached = await findCachedFiles(repo, revision, files, { ...opts, verify: true });
  if (cached && cached.corrupted.length === 0 && cached.unknown.length === 0) return cached;

  const corruptNote = cached?.corrupted.map((c) => `${c.path}: ${c.problem}`).join('; ');
  if (cached && cached.corrupted.length === 0 && offline) return cached; // optional files unknown: do without them offline
  if (offline) {
    if (corruptNote)
      throw new UserError(
        'tokenizer',
        `the cached copy of ${repo} is corrupted (${corruptNote})`,
        `delete ${repoCacheFolder(repo, opts)} and run again with network access, or pass the files with --tokenizer-dir`,
      );
    throw new UserError(
      'network',
      `${repo} is not in the Hugging Face cache (${hubCacheDir(opts)}) and offline mode is on`,
      'run once with network access (without --offline / HF_HUB_OFFLINE), or pass the files with --tokenizer-dir <dir>',
    );
  }
  for (const c of cached?.corrupted ?? []) {
    opts.log?.(`${repo}: cached ${c.file} is corrupted (${c.problem}); fetching it again`);
    await evict(c.path, c.blob);
  }

  const need = cached ? [...cached.unknown, ...cached.corrupted.map((c) => c.file)] : files;
  const paths = new Map<string, string>();
  const missing: string[] = cached ? [...cached.missing] : [];
  let commit = cached?.commit;
  let downloaded = false;
  for (const file of files) {
    if (!need.includes(file)) continue;
    const required = file === files[0];
    let got: { path: string; commit: string } | undefined;
    try {
      if (required) opts.log?.(`${repo}: downloading ${file} from ${hubEndpoint(opts)}`);
      // Later files are asked at the commit the first one came from, so all belong to one snapshot.
      got = await downloadToCache(repo, commit ?? revision, file, opts);
    } catch (e) {
      // An optional file that cannot be fetched while the required one is at hand: go on without it.
      if (
        !required &&
        cached &&
        cached.corrupted.every((c) => c.file !== file) &&
        e instanceof UserError &&
        e.exit === 'network'
      ) {
        opts.log?.(`${repo}: could not fetch optional ${file} (${e.message}); going on without it`);
        missing.push(file);
        continue;
      }
      if (corruptNote && e instanceof UserError) {
        const msg = `the cached copy of ${repo} was corrupted (${corruptNote}) and fetching it again failed: ${e.message}`;
        throw e instanceof HubUnreachableError
          ? new HubUnreachableError(msg, e.hint ?? networkHint(), { cause: e })
          : new UserError(e.exit, msg, e.hint, { cause: e });
      }
      throw e;
    }
    if (!got) {
      if (required) throw new HubFileMissingError(repo, file, revision);
      missing.push(file);
      continue;
    }
    downloaded = true;
    commit ??= got.commit;
    if (commit !== got.commit) {
      // The branch moved between two requests: the refs file now names the newer commit; keep the pair consistent.
      opts.log?.(`${repo}: ${file} came from commit ${got.commit.slice(0, 8)}, not ${commit.slice(0, 8)}`);
    }
    paths.set(file, got.path);
  }
  if (!commit)
    throw new UserError('network', `could not determine the commit of ${repo}@${revision}`, networkHint());
  const dir = join(repoCacheFolder(repo, opts), 'snapshots', commit);
  const present = files.filter((f) => !missing.includes(f)).map((f) => paths.get(f) ?? join(dir, f));
  return { repo, revision, commit, dir, files: present, missing, downloaded };
}

/**
 * Streams a response body into a new file (`path` must not exist), re-arming the silence timer before each chunk,
 * and returns the SHA-256 of what was written; `got.bytes` counts the bytes so far (for the caller's messages).
 * Read and write errors are thrown as they come: the caller words them.
 */
export async function streamToFile(
  req: TimedRequest,
  body: ReadableStream<Uint8Array>,
  path: string,
  got: { bytes: number },
  onBytes?: (bytes: number) => void,
): Promise<string> {
  const sha = createHash('sha256');
  const out = createWriteStream(path, { flags: 'wx' });
  try {
    const reader = body.getReader();
    for (;;) {
      req.arm();
      const { done, value } = await reader.read();
      if (done) break;
      sha.update(value);
      got.bytes += value.byteLength;
      onBytes?.(got.bytes);
      if (!out.write(value)) await new Promise<void>((r) => out.once('drain', () => r()));
    }
    req.disarm();
  } catch (e) {
    out.destroy();
    throw e;
  }
  await new Promise<void>((resolve, reject) =>
    out.end((err?: Error | null) => (err ? reject(err) : resolve())),
  );
  return sha.digest('hex');
}

/**
 * GETs a plain URL into a new file `path` (`path` must not exist), for downloads outside the hub (a pinned corpus
 * file): redirects followed, a silence timer per chunk, `onBytes` with the bytes so far. A failure is a UserError
 * ('network') saying what broke, with `hint` as the fix; the caller removes a partial file and checks the bytes.
 */
export async function downloadTo(
  url: string,
  path: string,
  opts: { hint: string; timeoutMs?: number; fetch?: typeof fetch; onBytes?: (bytes: number) => void },
): Promise<{ bytes: number; sha256: string }> {
  const timeoutMs = opts.timeoutMs ?? DEFAULTS.tokenizers.hubTimeoutMs;
  const req = new TimedRequest(timeoutMs, opts.fetch ?? fetch);
  const got = { bytes: 0 };
  try {
    let res;
    try {
      res = await req.get(url, undefined);
    } catch (e) {
      if (e instanceof UserError) throw e;
      const why = req.timedOut ? `no answer within ${timeoutMs} ms` : describeFetchError(e);
      throw new UserError('network', `cannot download ${url} (${why})`, opts.hint, { cause: e });
    }
    if (res.status !== 200 || !res.body) {
      await res.body?.cancel().catch(() => undefined);
      throw new UserError('network', `${url} answered HTTP ${res.status}`, opts.hint);
    }
    try {
      const sha256 = await streamToFile(req, res.body, path, got, opts.onBytes);
      return { bytes: got.bytes, sha256 };
    } catch (e) {
      const why = req.timedOut ? `stalled for ${timeoutMs} ms` : `broke off (${describeFetchError(e)})`;
      throw new UserError('network', `the download of ${url} ${why} after ${got.bytes} bytes`, opts.hint, {
        cause: e,
      });
    }
  } finally {
    req.abort();
  }
}

// ---------------------------------------------------------------- probing (the default run's downloads)

export type HeadResult =
  | { status: 'ok'; bytes?: number }
  | { status: 'gated' | 'missing' | 'error'; message: string }
  | { status: 'unreachable'; message: string };

/**
 * What the hub says of one file without downloading it (a HEAD request): its size (X-Linked-Size for LFS files,
 * else Content-Length), or why it cannot be had. `unreachable` means no HTTP answer at all within the timeout.
 */
export async function headHubFile(
  repo: string,
  revision: string,
  file: string,
  opts: HubOptions = {},
): Promise<HeadResult> {
  const timeoutMs = opts.timeoutMs ?? DEFAULTS.tokenizers.hubTimeoutMs;
  const req = new TimedRequest(timeoutMs, opts.fetch ?? fetch);
  try {
    const res = await req.get(resolveUrl(repo, revision, file, opts), hubToken(opts), 'HEAD');
    await res.body?.cancel().catch(() => undefined);
    const code = res.first.get('x-error-code') ?? res.headers.get('x-error-code') ?? '';
    if (res.status === 401 || res.status === 403)
      return {
        status: 'gated',
        message: `the hub refused ${repo} (HTTP ${res.status}${code ? ` ${code}` : ''})`,
      };
    if (res.status === 404)
      return {
        status: 'missing',
        message: `the hub has no ${file} in ${repo} at ${revision} (HTTP 404${code ? ` ${code}` : ''})`,
      };
    if (res.status !== 200)
      return { status: 'error', message: `the hub answered HTTP ${res.status} for ${repo}/${file}` };
    const size = res.first.get('x-linked-size') ?? res.headers.get('content-length');
    return { status: 'ok', bytes: size && /^\d+$/.test(size) ? Number(size) : undefined };
  } catch (e) {
    if (e instanceof UserError) return { status: 'error', message: e.message };
    const why = req.timedOut ? `no answer within ${timeoutMs} ms` : describeFetchError(e);
    return { status: 'unreachable', message: `the hub at ${hubEndpoint(opts)} did not answer (${why})` };
  } finally {
    req.abort();
  }
}
