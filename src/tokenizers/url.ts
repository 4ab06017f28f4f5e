// Tokenizer files at a plain URL, pinned by their SHA-256 (catalog source kind `url`): downloaded once into
// tokentax's cache and reused offline, the way Google's genai SDK fetches Gemma 3's SentencePiece model to count
// Gemini tokens locally. A download whose SHA-256 differs from the pin is refused and nothing is kept; a cached
// copy that no longer matches is deleted and fetched again.
//
//   <cache>/files/<sha256>/<file name>      cache = $TOKENTAX_CACHE, else $XDG_CACHE_HOME/tokentax, else ~/.cache/tokentax
//
// The bytes go to a temporary file beside the target, are hashed on the way, and are renamed into place only
// when they match, so an interrupted or wrong transfer never leaves a file the cache would trust.
import { randomBytes } from 'node:crypto';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { UserError } from '../errors.js';
import { defaultCacheDir } from '../paths.js';
import { DEFAULT_HUB_TIMEOUT_MS, describeFetchError, hashFile, streamToFile, TimedRequest } from './hub.js';

export interface UrlOptions {
  /** Cache root (default: $TOKENTAX_CACHE, else $XDG_CACHE_HOME/tokentax, else ~/.cache/tokentax). */
  cacheDir?: string;
  /** Never touch the network (--offline, HF_HUB_OFFLINE=1). */
  offline?: boolean;
  /** Longest silence before giving up (default 15000 ms). */
  timeoutMs?: number;
  log?: (line: string) => void;
  onBytes?: (file: string, bytes: number, total?: number) => void;
  /** Injected fetch (tests). */
  fetch?: typeof fetch;
}

export interface UrlFile {
  url: string;
  sha256: string;
  /** The file name it is cached under (the catalog's source.files[0]). */
  name: string;
}

function cacheRoot(opts: UrlOptions): string {
  return opts.cacheDir ?? defaultCacheDir();
}

/** Where the file is (or would be) cached. */
export function urlCachePath(f: UrlFile, opts: UrlOptions = {}): string {
  return join(cacheRoot(opts), 'files', f.sha256, f.name);
}

const sha256Of = (path: string) => hashFile(path, 'sha256');

/** The cached copy when it is there and sound; a damaged copy is deleted. */
export async function cachedUrlFile(f: UrlFile, opts: UrlOptions = {}): Promise<string | undefined> {
  const path = urlCachePath(f, opts);
  try {
    await stat(path);
  } catch {
    return undefined;
  }
  const got = await sha256Of(path);
  if (got === f.sha256) return path;
  opts.log?.(
    `${f.name}: the cached copy has sha256 ${got.slice(0, 12)}…, not ${f.sha256.slice(0, 12)}…; deleted`,
  );
  await rm(path, { force: true });
  return undefined;
}

const hint = (f: UrlFile) =>
  `run once with network access, or put the file (SHA-256 ${f.sha256}) in a --tokenizer-dir sub-folder`;

/** The file on this machine: from the cache, else downloaded, checked against its SHA-256 and cached. */
export async function ensureUrlFile(
  f: UrlFile,
  opts: UrlOptions = {},
): Promise<{ path: string; downloaded: boolean }> {
  const cached = await cachedUrlFile(f, opts);
  if (cached) return { path: cached, downloaded: false };
  if (opts.offline)
    throw new UserError(
      'network',
      `${f.name} is not in tokentax's cache (${join(cacheRoot(opts), 'files')}) and offline mode is on`,
      hint(f),
    );
  const target = urlCachePath(f, opts);
  await mkdir(join(target, '..'), { recursive: true });
  const tmp = `${target}.${randomBytes(6).toString('hex')}.${process.pid}.incomplete`;
  const timeoutMs = opts.timeoutMs ?? DEFAULT_HUB_TIMEOUT_MS;
  const req = new TimedRequest(timeoutMs, opts.fetch ?? fetch);
  try {
    opts.log?.(`${f.name}: downloading ${f.url}`);
    let res;
    try {
      res = await req.get(f.url, undefined);
    } catch (e) {
      if (e instanceof UserError) throw e;
      throw new UserError(
        'network',
        `cannot download ${f.url} (${req.timedOut ? `no answer within ${timeoutMs} ms` : describeFetchError(e)})`,
        hint(f),
        { cause: e },
      );
    }
    if (res.status !== 200 || !res.body) {
      await res.body?.cancel().catch(() => undefined);
      throw new UserError('network', `${f.url} answered HTTP ${res.status}`, hint(f));
    }
    const len = res.headers.get('content-length');
    const total = len && /^\d+$/.test(len) && !res.headers.get('content-encoding') ? Number(len) : undefined;
    const progress = { bytes: 0 };
    let got: string;
    try {
      got = await streamToFile(req, res.body, tmp, progress, (n) => opts.onBytes?.(f.name, n, total));
    } catch (e) {
      throw new UserError(
        'network',
        `the download of ${f.url} ${req.timedOut ? `stalled for ${timeoutMs} ms` : `broke off (${describeFetchError(e)})`} after ${progress.bytes} bytes; nothing was kept`,
        hint(f),
        { cause: e },
      );
    }
    const bytes = progress.bytes;
    if (got !== f.sha256) {
      throw new UserError(
        'tokenizer',
        `the file at ${f.url} is not the one the catalog pins: sha256 ${got}, expected ${f.sha256} (${bytes} bytes); nothing was kept in the cache`,
        'the URL now serves another file: do not use it for counts; if the new file is trusted, put it in a --tokenizer-dir sub-folder',
      );
    }
    await rename(tmp, target);
    return { path: target, downloaded: true };
  } finally {
    req.abort();
    await rm(tmp, { force: true }).catch(() => undefined);
  }
}
