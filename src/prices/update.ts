// `tokentax prices --update` and `run --update-prices`: fetch the newest published @pydantic/genai-prices data,
// keep it in the user cache, and use the cached copy on later runs when it is newer than the bundled data.
// A failed fetch is never fatal: it says so in one line and the run keeps the data it had.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { REMOTE_DATA_JSON_URL } from '@pydantic/genai-prices';
import { defaultCacheDir } from '../paths.js';
import type { PriceSource } from '../types.js';
import { bundledSource, checkProviderData, PRICE_PACKAGE, useProviderData } from './library.js';

/** Environment variable that points the update at another URL (a mirror, or a test's stand-in server). */
export const PRICES_URL_ENV = 'TOKENTAX_PRICES_URL';
const DATA_FILE = 'genai-prices-data.json';
const META_FILE = 'genai-prices-meta.json';

export interface PriceCacheMeta {
  url: string;
  fetchedAt: string;
  lastModified?: string;
  sha256: string;
  bytes: number;
}

export interface UpdateOptions {
  /** Cache root (default $TOKENTAX_CACHE, else ~/.cache/tokentax). */
  cacheDir?: string;
  url?: string;
  /** Per attempt, default 15 s. */
  timeoutMs?: number;
  attempts?: number;
}

export const priceCacheDir = (root = defaultCacheDir()) => join(root, 'prices');
export const dataUrl = (o: UpdateOptions = {}) =>
  o.url ?? process.env[PRICES_URL_ENV] ?? REMOTE_DATA_JSON_URL;

const day = (iso: string) => iso.slice(0, 10);

function sourceOf(meta: PriceCacheMeta): PriceSource {
  const lm = meta.lastModified ? new Date(meta.lastModified) : undefined;
  const dated = lm && !Number.isNaN(lm.getTime());
  return {
    name: `${PRICE_PACKAGE} data fetched ${day(meta.fetchedAt)}`,
    kind: 'fetched',
    url: meta.url,
    date: dated ? day(lm.toISOString()) : day(meta.fetchedAt),
    dateBasis: dated
      ? `Last-Modified of ${meta.url}`
      : `the day it was fetched from ${meta.url} (the server sent no Last-Modified date)`,
  };
}

/** The cached data and its source, or undefined (none, or unreadable: then the bundled data is used). */
function readCache(
  root?: string,
): { providers: ReturnType<typeof checkProviderData>; source: PriceSource } | undefined {
  const dir = priceCacheDir(root);
  if (!existsSync(join(dir, DATA_FILE)) || !existsSync(join(dir, META_FILE))) return undefined;
  try {
    const meta = JSON.parse(readFileSync(join(dir, META_FILE), 'utf8')) as PriceCacheMeta;
    const bytes = readFileSync(join(dir, DATA_FILE));
    if (createHash('sha256').update(bytes).digest('hex') !== meta.sha256) return undefined;
    return { providers: checkProviderData(JSON.parse(bytes.toString('utf8'))), source: sourceOf(meta) };
  } catch {
    return undefined;
  }
}

/**
 * Loads the price data a run should use: the cached update when there is one at least as new as the bundled
 * data, else the bundled data. Returns the source now active, and a remark when the cache was set aside.
 */
export function loadPriceData(o: UpdateOptions = {}): { source: PriceSource; remark?: string } {
  const bundled = bundledSource();
  const cached = readCache(o.cacheDir);
  if (!cached) return { source: bundled };
  if (bundled.date !== 'unknown' && cached.source.date < bundled.date) {
    return {
      source: bundled,
      remark: `prices: the cached update (${cached.source.date}) is older than the bundled data (${bundled.date}); using the bundled data`,
    };
  }
  try {
    useProviderData(cached.providers, cached.source);
    return { source: cached.source };
  } catch (e) {
    return {
      source: bundled,
      remark: `prices: the cached update in ${priceCacheDir(o.cacheDir)} was refused by ${PRICE_PACKAGE} (${(e as Error).message}); using the bundled data`,
    };
  }
}

async function fetchOnce(url: string, timeoutMs: number): Promise<{ body: Buffer; lastModified?: string }> {
  const res = await fetch(url, {
    signal: AbortSignal.timeout(timeoutMs),
    headers: { accept: 'application/json' },
  });
  if (!res.ok)
    throw Object.assign(new Error(`HTTP ${res.status} ${res.statusText}`.trim()), { status: res.status });
  return {
    body: Buffer.from(await res.arrayBuffer()),
    lastModified: res.headers.get('last-modified') ?? undefined,
  };
}

function reason(e: unknown): string {
  const err = e as Error & { cause?: { code?: string; message?: string } };
  if (err?.name === 'TimeoutError') return 'timed out';
  return err?.cause?.code ?? err?.cause?.message ?? err?.message ?? String(e);
}

export interface UpdateResult {
  ok: boolean;
  source: PriceSource;
  /** One line for the user: what was fetched, or why not and what is used instead. */
  message: string;
}

/**
 * Fetches the newest data (retrying a failed connection or a 5xx once), checks it, makes it the active data
 * and writes it to the cache (written then renamed). On any failure the active data stays as it was.
 */
export async function updatePriceData(o: UpdateOptions = {}): Promise<UpdateResult> {
  const url = dataUrl(o);
  const attempts = Math.max(1, o.attempts ?? 2);
  let last: unknown;
  for (let i = 0; i < attempts; i++) {
    try {
      const { body, lastModified } = await fetchOnce(url, o.timeoutMs ?? 15_000);
      let providers;
      try {
        providers = checkProviderData(JSON.parse(body.toString('utf8')));
      } catch (e) {
        throw Object.assign(new Error(`not price data (${(e as Error).message})`), {
          status: 0,
          final: true,
        });
      }
      const meta: PriceCacheMeta = {
        url,
        fetchedAt: new Date().toISOString(),
        lastModified,
        sha256: createHash('sha256').update(body).digest('hex'),
        bytes: body.length,
      };
      const source = sourceOf(meta);
      useProviderData(providers, source);
      const dir = priceCacheDir(o.cacheDir);
      await mkdir(dir, { recursive: true });
      for (const [name, bytes] of [
        [DATA_FILE, body],
        [META_FILE, JSON.stringify(meta, null, 2) + '\n'],
      ] as const) {
        const tmp = join(dir, `${name}.${process.pid}.tmp`);
        await writeFile(tmp, bytes);
        await rename(tmp, join(dir, name));
      }
      return {
        ok: true,
        source,
        message: `prices: fetched ${PRICE_PACKAGE} data of ${source.date} (${(body.length / 1e6).toFixed(1)} MB) from ${url} into ${dir}`,
      };
    } catch (e) {
      last = e;
      const status = (e as { status?: number }).status;
      if ((e as { final?: boolean }).final || (status !== undefined && status > 0 && status < 500)) break;
    }
  }
  const fallback = loadPriceData(o).source;
  return {
    ok: false,
    source: fallback,
    message: `prices: could not fetch the latest price data from ${url} (${reason(last)}); using ${fallback.name} of ${fallback.date}`,
  };
}
