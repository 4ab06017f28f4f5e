// Tokenizer files at a plain URL, pinned by their SHA-256 (catalog source kind `url`): downloaded once into
// tokentax's cache and reused offline, the way Google's genai SDK fetches Gemma 3's SentencePiece model to count
// Gemini tokens locally. A download whose SHA-256 differs from the pin is refused and nothing is kept; a cached
// copy that no longer matches is deleted and fetched again.
//
//   <cache>/files/<sha256>/<file name>      cache = $TOKENTAX_CACHE, else $XDG_CACHE_HOME/tokentax, else ~/.cache/tokentax
//
// The bytes go to a temporary file beside the target, are hashed on the way, and are renamed into place only
// when they match, so an interrupted or wrong transfer never leaves a file the cache would trust.
//
// A mirror ($TOKENTAX_URL_MIRROR, a folder or an http(s) URL) replaces the file's own URL, for machines without
// that host and for tests: the file is looked up as <mirror>/<sha256>/<name> (the cache's own layout, so a
// copied cache serves), then <mirror>/<name>, and checked against the same SHA-256.
import { randomBytes } from 'node:crypto';
import { copyFile, mkdir, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { DEFAULTS } from '../config.js';
import { UserError } from '../errors.js';
import { defaultCacheDir } from '../paths.js';
import { describeFetchError, hashFile, streamToFile, TimedRequest } from './hub.js';

export interface UrlOptions {
  /** Cache root (default: $TOKENTAX_CACHE, else $XDG_CACHE_HOME/tokentax, else ~/.cache/tokentax). */
  cacheDir?: string;
  /** Never touch the network (--offline, HF_HUB_OFFLINE=1). */
  offline?: boolean;
  /** Longest silence before giving up (ms; default DEFAULTS.tokenizers.hubTimeoutMs). */
  timeoutMs?: number;
  log?: (line: string) => void;
  onBytes?: (file: string, bytes: number, total?: number) => void;
  /** Injected fetch (tests). */
  fetch?: typeof fetch;
  /** A folder or http(s) base URL that serves the files instead of their URLs (default: $TOKENTAX_URL_MIRROR). */
  mirror?: string;
}

export const URL_MIRROR_ENV = 'TOKENTAX_URL_MIRROR';

/** The mirror in use, if any: the option, else the environment variable. */
export function urlMirror(opts: UrlOptions = {}): string | undefined {
  return (opts.mirror ?? process.env[URL_MIRROR_ENV])?.trim() || undefined;
}

const isHttp = (s: string) => /^https?:\/\//i.test(s);
/** Where a mirror may hold the file, in the order tried. */
const mirrorPlaces = (mirror: string, f: UrlFile) =>
  isHttp(mirror)
    ? [
        `${mirror.replace(/\/+$/, '')}/${f.sha256}/${encodeURIComponent(f.name)}`,
        `${mirror.replace(/\/+$/, '')}/${encodeURIComponent(f.name)}`,
      ]
    : [join(mirror, f.sha256, f.name), join(mirror, f.name)];

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
  `run once with network access, set ${URL_MIRROR_ENV} to a folder or server holding ${f.name}, or put the file (SHA-256 ${f.sha256}) in a --tokenizer-dir sub-folder`;

function refused(f: UrlFile, from: string, got: string, bytes?: number): UserError {
  return new UserError(
    'tokenizer',
    `the file at ${from} is not the one the catalog pins: sha256 ${got}, expected ${f.sha256}${bytes !== undefined ? ` (${bytes} bytes)` : ''}; nothing was kept in the cache`,
    'the URL now serves another file: do not use it for counts; if the new file is trusted, put it in a --tokenizer-dir sub-folder',
  );
}

/** From a mirror folder: copied beside the target, hashed, renamed into place when it matches. */
async function fromFolder(f: UrlFile, mirror: string, target: string, tmp: string): Promise<boolean> {
  for (const place of mirrorPlaces(mirror, f)) {
    try {
      await copyFile(place, tmp);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') continue;
      throw new UserError(
        'tokenizer',
        `cannot read ${place} from ${URL_MIRROR_ENV} (${(e as NodeJS.ErrnoException).code ?? String(e)})`,
        hint(f),
      );
    }
    const got = await sha256Of(tmp);
    if (got !== f.sha256) throw refused(f, place, got);
    await rename(tmp, target);
    return true;
  }
  return false;
}

/** The file on this machine: from the cache, else downloaded, checked against its SHA-256 and cached. */
export async function ensureUrlFile(
  f: UrlFile,
  opts: UrlOptions = {},
): Promise<{ path: string; downloaded: boolean }> {
  const cached = await cachedUrlFile(f, opts);
  if (cached) return { path: cached, downloaded: false };
  const mirror = urlMirror(opts);
  const target = urlCachePath(f, opts);
  const tmp = `${target}.${randomBytes(6).toString('hex')}.${process.pid}.incomplete`;
  if (mirror && !isHttp(mirror)) {
    await mkdir(join(target, '..'), { recursive: true });
    try {
      if (await fromFolder(f, mirror, target, tmp)) return { path: target, downloaded: true };
    } finally {
      await rm(tmp, { force: true }).catch(() => undefined);
    }
    throw new UserError(
      'network',
      `${f.name} is not in the mirror folder ${mirror} (${URL_MIRROR_ENV}): looked for ${mirrorPlaces(mirror, f).join(' and ')}`,
      hint(f),
    );
  }
  if (opts.offline)
    throw new UserError(
      'network',
      `${f.name} is not in tokentax's cache (${join(cacheRoot(opts), 'files')}) and offline mode is on`,
      hint(f),
    );
  await mkdir(join(target, '..'), { recursive: true });
  const timeoutMs = opts.timeoutMs ?? DEFAULTS.tokenizers.hubTimeoutMs;
  const req = new TimedRequest(timeoutMs, opts.fetch ?? fetch);
  try {
    // A mirror may hold the file at its second place: a 404 moves on, any other answer stands.
    const places = mirror ? mirrorPlaces(mirror, f) : [f.url];
    let url = places[0];
    const open = async (at: string) => {
      url = at;
      opts.log?.(`${f.name}: downloading ${url}${mirror ? ` (${URL_MIRROR_ENV})` : ''}`);
      try {
        return await req.get(url, undefined);
      } catch (e) {
        if (e instanceof UserError) throw e;
        throw new UserError(
          'network',
          `cannot download ${url} (${req.timedOut ? `no answer within ${timeoutMs} ms` : describeFetchError(e)})`,
          hint(f),
          { cause: e },
        );
      }
    };
    let res = await open(places[0]);
    for (const next of places.slice(1)) {
      if (res.status !== 404) break;
      await res.body?.cancel().catch(() => undefined);
      res = await open(next);
    }
    if (res.status !== 200 || !res.body) {
      await res.body?.cancel().catch(() => undefined);
      throw new UserError('network', `${url} answered HTTP ${res.status}`, hint(f));
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
        `the download of ${url} ${req.timedOut ? `stalled for ${timeoutMs} ms` : `broke off (${describeFetchError(e)})`} after ${progress.bytes} bytes; nothing was kept`,
        hint(f),
        { cause: e },
      );
    }
    if (got !== f.sha256) throw refused(f, url, got, progress.bytes);
    await rename(tmp, target);
    return { path: target, downloaded: true };
  } finally {
    req.abort();
    await rm(tmp, { force: true }).catch(() => undefined);
  }
}
