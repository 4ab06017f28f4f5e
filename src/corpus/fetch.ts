// Public corpora fetched by one command (`tokentax corpora fetch flores200`) into tokentax's cache, and opened by id
// afterwards (`--corpus flores200`). A corpus is a list of files pinned in data/corpora/<id>.json by their size and
// git blob id at a fixed commit of a public Git repository; each file is fetched on its own, written to a temporary
// file, and renamed into place only when both match, so an interrupted fetch leaves only verified files and the
// next one fetches what is missing. Nothing here is ever downloaded by a run.
//
//   <cache>/corpora/<id>-<commit, 12 hex>/<split>/<code>.<split>, metadata_<split>.tsv, SOURCE.json
//
// TOKENTAX_FLORES_MIRROR replaces the source URL: any server holding the same files under the same paths (a copy
// of the folder behind a web server, an institutional mirror); the pins apply to whatever it serves.
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { UserError } from '../errors.js';
import { DATA_DIR, defaultCacheDir } from '../paths.js';
import type { Lang } from '../types.js';
import { LANGUAGES, languageName } from '../vocabulary.js';
import { expandLangSets, normalizeLang } from './langs.js';

export const FETCHABLE = ['flores200'] as const;
export type FetchableId = (typeof FETCHABLE)[number];
export const MIRROR_ENV: Record<FetchableId, string> = { flores200: 'TOKENTAX_FLORES_MIRROR' };
/** What `tokentax corpora fetch flores200` fetches when no --langs is given. */
export const DEFAULT_FETCH_LANGS = ['eu+'];

export interface PinnedFile {
  path: string;
  /** git blob id: sha1 of "blob <size>\0" + the bytes. */
  blob: string;
  bytes: number;
}

export interface FetchSpec {
  id: FetchableId;
  name: string;
  description: string;
  licence: string;
  source: { kind: 'git'; repository: string; commit: string; folder: string; url: string };
  provenance: string;
  unverified: string[];
  alternatives: { name: string; url: string; note: string; bytes?: number; sha256?: string }[];
  files: PinnedFile[];
}

const specs = new Map<string, FetchSpec>();

export function isFetchable(id: string): id is FetchableId {
  return (FETCHABLE as readonly string[]).includes(id);
}

/** The pinned description of a fetchable corpus (data/corpora/<id>.json), read once. */
export function fetchSpec(id: FetchableId): FetchSpec {
  let s = specs.get(id);
  if (!s) {
    const raw = JSON.parse(readFileSync(join(DATA_DIR, 'corpora', `${id}.json`), 'utf8')) as Omit<
      FetchSpec,
      'files'
    > & { files: [string, string, number][] };
    s = { ...raw, files: raw.files.map(([path, blob, bytes]) => ({ path, blob, bytes })) };
    specs.set(id, s);
  }
  return s;
}

/** Where a fetched corpus lives: one folder per pinned commit, so a new pin never mixes with an old copy. */
export function fetchedDir(spec: FetchSpec, cacheDir = defaultCacheDir()): string {
  return join(cacheDir, 'corpora', `${spec.id}-${spec.source.commit.slice(0, 12)}`);
}

/** The FLORES code in a pinned file's name ("dev/fra_Latn.dev" → "fra_Latn"); undefined for metadata files. */
function fileCode(path: string): string | undefined {
  return /^[^/]+\/([a-z]{3}_[A-Z][a-z]{3})\.[^/]+$/.exec(path)?.[1];
}

/** The language a FLORES code stands for (ISO 639-1 when it has one, as the loader reads it). */
function codeLang(code: string): Lang {
  return normalizeLang(code) ?? code.slice(0, 3);
}

/** The languages of the spec's files, in the order of the vocabulary's table. */
export function fetchableLangs(spec: FetchSpec): Lang[] {
  const have = new Set(
    spec.files
      .map((f) => fileCode(f.path))
      .filter((c) => c !== undefined)
      .map(codeLang),
  );
  return LANGUAGES.map((l) => l.code as Lang).filter((l) => have.has(l));
}

/**
 * The files to fetch for languages given as codes or sets (`eu+`), or `all`: every split of each language (all
 * its FLORES codes, e.g. both scripts), and the metadata files. Unknown codes are a usage error.
 */
export function filesFor(spec: FetchSpec, langs: readonly string[]): { langs: Lang[]; files: PinnedFile[] } {
  const all = langs.some((l) => l.trim().toLowerCase() === 'all');
  const available = fetchableLangs(spec);
  const wanted = all
    ? available
    : [
        ...new Set(
          expandLangSets(langs).map((c) => {
            const l = normalizeLang(c) ?? (available.includes(c) ? c : undefined);
            if (!l || !available.includes(l))
              throw new UserError(
                'usage',
                `--langs: ${l ? `${languageName(l)} (${l}) is not in ${spec.name}` : `"${c}" is not a language code tokentax knows`}`,
                `choose among the ${available.length} languages it has (codes such as fr, mt, ast; sets eu, eu+; or all)`,
              );
            return l;
          }),
        ),
      ];
  const set = new Set(wanted);
  const files = spec.files.filter((f) => {
    const code = fileCode(f.path);
    return code === undefined || set.has(codeLang(code));
  });
  return { langs: wanted, files };
}

/**
 * GETs a URL into a new file, calling onBytes with the bytes so far; throws a UserError naming what broke, with
 * `hint` as the fix (tokentax passes the tokenizers stage's downloadTo: the same timeouts and wording as hub files).
 */
export type Downloader = (
  url: string,
  path: string,
  opts: { hint: string; timeoutMs?: number; onBytes?: (bytes: number) => void },
) => Promise<unknown>;

export interface FetchOptions {
  download: Downloader;
  /** Codes, sets or `all` (default DEFAULT_FETCH_LANGS). */
  langs?: string[];
  cacheDir?: string;
  /** Base URL replacing the spec's (default: the environment variable MIRROR_ENV[id], else the spec's). */
  mirror?: string;
  /** Longest silence of the server before giving up on a file (the downloader's default when unset). */
  timeoutMs?: number;
  /** Files in flight (default 4). */
  concurrency?: number;
  env?: Record<string, string | undefined>;
  onEvent?: (e: FetchEvent) => void;
}

export type FetchEvent =
  | { kind: 'start'; dir: string; from: string; files: number; bytes: number; present: number }
  | { kind: 'progress'; bytes: number; total: number; files: number; of: number }
  | { kind: 'done'; fetched: number; kept: number; bytes: number };

export interface FetchResult {
  dir: string;
  langs: Lang[];
  /** Files downloaded now, and files already there and sound. */
  fetched: string[];
  kept: string[];
}

/** Problem with a file on disk against its pin; undefined when it is the pinned file. */
async function checkFile(path: string, f: PinnedFile): Promise<string | undefined> {
  let size: number;
  try {
    size = (await stat(path)).size;
  } catch {
    return 'missing';
  }
  if (size !== f.bytes) return `${size} bytes, pinned ${f.bytes}`;
  const h = createHash('sha1').update(`blob ${size}\0`);
  for await (const chunk of createReadStream(path)) h.update(chunk as Buffer);
  const blob = h.digest('hex');
  return blob === f.blob ? undefined : `git blob id ${blob.slice(0, 12)}…, pinned ${f.blob.slice(0, 12)}…`;
}

function sourceUrl(spec: FetchSpec, opts: FetchOptions): { base: string; mirror: boolean } {
  const env = opts.env ?? process.env;
  const mirror = opts.mirror ?? env[MIRROR_ENV[spec.id]];
  if (!mirror) return { base: spec.source.url, mirror: false };
  let u: URL;
  try {
    u = new URL(mirror);
  } catch {
    u = new URL('invalid:');
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:')
    throw new UserError(
      'usage',
      `${MIRROR_ENV[spec.id]}=${mirror} is not an http(s) URL`,
      `set it to the URL of a folder served like ${spec.source.url} (its <split>/<code>.<split> files under it), or unset it`,
    );
  return { base: mirror.replace(/\/+$/, ''), mirror: true };
}

/** Fetches the files of `langs` that are not in the cache yet (or not sound), checking each against its pin. */
export async function fetchCorpus(id: FetchableId, opts: FetchOptions): Promise<FetchResult> {
  const spec = fetchSpec(id);
  const { langs, files } = filesFor(spec, opts.langs?.length ? opts.langs : DEFAULT_FETCH_LANGS);
  const { base, mirror } = sourceUrl(spec, opts);
  const dir = fetchedDir(spec, opts.cacheDir);
  await mkdir(dir, { recursive: true });
  await removeStale(dir, files);

  const todo: PinnedFile[] = [];
  const kept: string[] = [];
  for (const f of files) {
    const problem = await checkFile(join(dir, f.path), f);
    if (problem) todo.push(f);
    else kept.push(f.path);
  }
  const total = todo.reduce((n, f) => n + f.bytes, 0);
  opts.onEvent?.({ kind: 'start', dir, from: base, files: todo.length, bytes: total, present: kept.length });
  let bytes = 0;
  let done = 0;
  const fetched: string[] = [];
  const hint = mirror
    ? `check that ${MIRROR_ENV[id]}=${base} serves ${spec.name}'s files under their paths (e.g. ${base}/${files[0].path}), or unset it to fetch from ${spec.source.url}`
    : `run it again when ${new URL(base).host} answers (the files fetched so far are kept), or set ${MIRROR_ENV[id]} to a mirror`;

  const one = async (f: PinnedFile): Promise<void> => {
    const url = `${base}/${f.path.split('/').map(encodeURIComponent).join('/')}`;
    const target = join(dir, f.path);
    await mkdir(dirname(target), { recursive: true });
    const tmp = `${target}.${randomBytes(6).toString('hex')}.${process.pid}.incomplete`;
    let counted = 0;
    try {
      await opts.download(url, tmp, {
        hint,
        timeoutMs: opts.timeoutMs,
        onBytes: (n) => {
          bytes += n - counted;
          counted = n;
          opts.onEvent?.({ kind: 'progress', bytes, total, files: done, of: todo.length });
        },
      });
      const problem = await checkFile(tmp, f);
      if (problem) {
        throw new UserError(
          'input',
          `${url} is not the file ${spec.name} pins for ${f.path} (${problem}); it was not kept`,
          mirror
            ? `the mirror serves other bytes: fix ${MIRROR_ENV[id]} or unset it`
            : `the source changed or the transfer was damaged: run the fetch again; if it persists, the pin in data/corpora/${id}.json no longer matches ${spec.source.repository}`,
        );
      }
      await rename(tmp, target);
      fetched.push(f.path);
      done++;
      opts.onEvent?.({ kind: 'progress', bytes, total, files: done, of: todo.length });
    } catch (e) {
      bytes -= counted; // the progress does not count what was thrown away
      throw e;
    } finally {
      await rm(tmp, { force: true }).catch(() => undefined);
    }
  };

  // A few files in flight; the first failure stops new ones, and is thrown once those in flight settle.
  const queue = [...todo];
  let failure: unknown;
  const worker = async () => {
    for (let f = queue.shift(); f && failure === undefined; f = queue.shift()) {
      try {
        await one(f);
      } catch (e) {
        failure ??= e;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, opts.concurrency ?? 4) }, worker));
  await writeSource(spec, dir, base);
  if (failure !== undefined) {
    if (failure instanceof UserError && fetched.length + kept.length) {
      throw new UserError(
        failure.exit,
        `${failure.message} (${fetched.length + kept.length} of ${files.length} files are in place and kept)`,
        failure.hint,
        { cause: failure },
      );
    }
    throw failure;
  }
  opts.onEvent?.({ kind: 'done', fetched: fetched.length, kept: kept.length, bytes: total });
  return { dir, langs, fetched: fetched.sort(), kept };
}

/** Temporary files of a fetch that was killed (they never count as files). */
async function removeStale(dir: string, files: readonly PinnedFile[]): Promise<void> {
  for (const sub of new Set(files.map((f) => dirname(f.path)))) {
    const entries = await readdir(join(dir, sub)).catch(() => [] as string[]);
    for (const name of entries)
      if (name.endsWith('.incomplete')) await rm(join(dir, sub, name), { force: true });
  }
}

/** SOURCE.json beside the files: where they come from, under which licence, and what is there. */
async function writeSource(spec: FetchSpec, dir: string, from: string): Promise<void> {
  const present: string[] = [];
  for (const f of spec.files) if (!(await checkFile(join(dir, f.path), f))) present.push(f.path);
  const body = {
    id: spec.id,
    name: spec.name,
    licence: spec.licence,
    source: spec.source,
    fetchedFrom: from,
    updated: new Date().toISOString(),
    provenance: spec.provenance,
    files: present,
  };
  const tmp = join(dir, `SOURCE.json.${process.pid}.incomplete`);
  await writeFile(tmp, JSON.stringify(body, null, 2) + '\n');
  await rename(tmp, join(dir, 'SOURCE.json'));
}

/** The shortest fetch command for these languages: none named when the default set covers them. */
function fetchCommand(id: FetchableId, langs: readonly Lang[]): string {
  const byDefault = new Set(expandLangSets(DEFAULT_FETCH_LANGS).map((c) => normalizeLang(c) ?? c));
  // In --langs, "eu" is the EU set: Basque is named eus there.
  return langs.every((l) => byDefault.has(l))
    ? `tokentax corpora fetch ${id}`
    : `tokentax corpora fetch ${id} --langs ${langs.map((l) => (l === 'eu' ? 'eus' : l)).join(',')}`;
}

/**
 * The fetched copy of `id` for a run: its folder, after checking that every file of the languages asked for (all
 * fetched ones when none is) is there and is the pinned file. Not fetched, or not these languages: an error that
 * names the command fetching them.
 */
export async function fetchedCorpus(
  id: FetchableId,
  langs: Lang[] | undefined,
  opts: { cacheDir?: string } = {},
): Promise<{ dir: string; spec: FetchSpec }> {
  const spec = fetchSpec(id);
  const dir = fetchedDir(spec, opts.cacheDir);
  const byLang = new Map<Lang, PinnedFile[]>();
  for (const f of spec.files) {
    const code = fileCode(f.path);
    if (code) byLang.set(codeLang(code), [...(byLang.get(codeLang(code)) ?? []), f]);
  }
  const present = async (l: Lang) => {
    for (const f of byLang.get(l) ?? [])
      if ((await stat(join(dir, f.path)).catch(() => undefined))?.size !== f.bytes) return false;
    return true;
  };
  const fetchedLangs: Lang[] = [];
  for (const l of byLang.keys()) if (await present(l)) fetchedLangs.push(l);
  const wanted = langs ?? fetchedLangs;
  const missing = langs ? langs.filter((l) => !fetchedLangs.includes(l)) : [];
  if (!fetchedLangs.length || missing.length) {
    const unknown = missing.filter((l) => !byLang.has(l));
    if (unknown.length)
      throw new UserError(
        'input',
        `${spec.name} has no ${unknown.map((l) => `${languageName(l)} (${l})`).join(', ')} text`,
        `choose among its languages (\`tokentax corpora fetch ${id} --langs all\` fetches all ${byLang.size})`,
      );
    const what = fetchedLangs.length ? missing : (langs ?? []);
    throw new UserError(
      'input',
      fetchedLangs.length
        ? `${spec.name} is fetched without ${missing.map((l) => `${languageName(l)} (${l})`).join(', ')} (in ${dir})`
        : `${spec.name} is not fetched yet (nothing in ${dir})`,
      `run \`${fetchCommand(id, what)}\` once (it needs network access, or ${MIRROR_ENV[id]} pointing at a mirror)`,
    );
  }
  const needed = spec.files.filter((f) => {
    const code = fileCode(f.path);
    return code === undefined || wanted.includes(codeLang(code));
  });
  for (const f of needed) {
    const problem = await checkFile(join(dir, f.path), f);
    if (problem)
      throw new UserError(
        'input',
        `the fetched ${spec.name} file ${join(dir, f.path)} is damaged (${problem})`,
        `run \`${fetchCommand(id, wanted)}\`: it fetches that file again`,
      );
  }
  return { dir, spec };
}
