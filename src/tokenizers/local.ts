// Tokenizers from local files: `--tokenizer-dir <dir>` (one sub-folder per tokenizer) and `file:<path>`.
//
// A folder holds a Hugging Face `tokenizer.json` (+ `tokenizer_config.json` when present; engine hf-json), a
// SentencePiece `tokenizer.model` (engine sentencepiece, the SentencePiece library in WASM), or a tiktoken-style
// `tekken.json` (engine tiktoken-ranks-wasm, 1.4x the JavaScript tiktoken-ranks, which load.ts falls back to
// when the WASM engine refuses a file). A `tokenizer.model` is read by its content: a SentencePiece model, or a
// tiktoken ranks file ("<base64> <rank>" lines: Meta's Llama 3 and 4 name theirs tokenizer.model), which counts
// only when it is a catalog entry's (engine tiktoken-file-wasm: the file holds no pre-tokenizer pattern). When a folder has tokenizer.json and tokenizer.model, a matching
// catalog entry's `inferenceFile` decides which one counts (the file the model's own code tokenizes with);
// an unknown folder counts tokenizer.json, as Hugging Face's AutoTokenizer would, and says so. When a folder
// has tokenizer.json and tekken.json, tokenizer.json is used. Name another file with file:<dir>/<file>.
//
// Ids: a folder whose content matches a catalog entry takes that entry's id and labels (so reference
// counts and categories stay attached); otherwise the sub-folder name is the id. "Matches" means: same
// vocabulary size AND the same ids for the entry's identity string. A folder named after a catalog entry
// that has no identity ids is accepted on its vocabulary size alone (the user named it; the size agrees).
// Such a folder also keeps the entry's engine when that engine falls back to the file's own (a Lucie-7B or
// Mistral v3 tokenizer.json counts on hf-sp-bpe, hf-json only if hf-sp-bpe refuses it).
// An unknown tokenizer gets a synthesised entry: category from the caller (default 'multilingual', the one
// label that claims neither English-centrism nor a European origin), org/region "unknown", vocabulary
// counted from the file. A `tokentax.json` next to the files may supply name, category, org, region,
// models, licence, provenance and notes for it.
import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, dirname, join, resolve as resolvePath } from 'node:path';
import { UserError } from '../errors.js';
import { CATEGORY_ORDER, isCategory } from '../vocabulary.js';
import type { EngineKind, TokenizerCategory, TokenizerInfo } from '../types.js';
import type { ResolvedTokenizer } from './types.js';
import { FALLBACK_ENGINE } from './load.js';
import { trySpModel } from './engines/sp-model.js';
import { countHfVocab } from './engines/shared.js';
import { checkRanksFile, looksLikeRanksFile } from './engines/ranks-file.js';

export interface LocalOptions {
  /** Category given to tokenizers the catalog does not know (default 'multilingual'). */
  localCategory?: TokenizerCategory;
  log?: (line: string) => void;
  /** Loads a tokenizer to compare identity ids (loadTokenizer from load.ts; injected to keep this file light). */
  load?: (spec: ResolvedTokenizer) => Promise<{ encode(text: string): ArrayLike<number>; dispose?(): void }>;
}

/** What a local path holds, before any catalog matching. */
export interface LocalFiles {
  engine: Extract<EngineKind, 'hf-json' | 'tiktoken-ranks-wasm' | 'sentencepiece' | 'tiktoken-file-wasm'>;
  /** Folder of the files. */
  dir: string;
  /** Absolute paths: the main file (the one counted) first. */
  files: string[];
  /** Distinct token ids the file defines (a ranks file: its ranks, without the special tokens its loader adds). */
  vocabSize: number;
  /** The folder's other tokenizer file (its tokenizer.model beside tokenizer.json), read the same way. */
  other?: LocalFiles;
}

async function isFile(p: string): Promise<boolean> {
  try {
    return (await stat(p)).isFile();
  } catch {
    return false;
  }
}

async function readJson(path: string): Promise<unknown> {
  let raw: Buffer;
  try {
    raw = await readFile(path);
  } catch (e) {
    throw new UserError(
      'tokenizer',
      `cannot read ${path} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`,
      'check the path and its permissions',
    );
  }
  return parseJson(path, raw);
}

function parseJson(path: string, raw: Buffer): unknown {
  try {
    return JSON.parse(raw.toString('utf8'));
  } catch (e) {
    throw new UserError(
      'tokenizer',
      `${path} is not valid JSON (${(e as Error).message.slice(0, 100)}): corrupted or truncated?`,
      'replace it with a complete copy of the file',
    );
  }
}

type Json = Record<string, unknown>;
const isObj = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** hf-json when the object looks like a Hugging Face tokenizer.json, tiktoken-ranks-wasm for a tekken.json. */
function detectFormat(j: unknown): LocalFiles['engine'] | undefined {
  if (!isObj(j)) return undefined;
  if (isObj(j.model) && ('vocab' in j.model || 'type' in j.model)) return 'hf-json';
  if (isObj(j.config) && typeof j.config.pattern === 'string' && Array.isArray(j.vocab))
    return 'tiktoken-ranks-wasm';
  return undefined;
}

/** tekken.json: special tokens + the ranks that fit in default_vocab_size (as mistral-common's Tekkenizer uses them). */
export function countTekkenVocab(j: unknown): number {
  const o = j as {
    config: { default_vocab_size?: number; default_num_special_tokens?: number };
    vocab: unknown[];
    special_tokens?: unknown[];
  };
  const specials = o.config.default_num_special_tokens ?? o.special_tokens?.length ?? 0;
  const total = o.config.default_vocab_size ?? o.vocab.length + specials;
  return Math.min(o.vocab.length, total - specials) + specials;
}

/** Reads a tokenizer file or folder: which engine, which files, how many ids. */
export async function inspectLocal(path: string): Promise<LocalFiles> {
  const abs = resolvePath(path);
  let st;
  try {
    st = await stat(abs);
  } catch {
    throw new UserError(
      'tokenizer',
      `tokenizer path not found: ${abs}`,
      'give a tokenizer.json, tokenizer.model or tekken.json file, or a folder holding one',
    );
  }
  if (!st.isDirectory()) return inspectFile(abs);
  const json = join(abs, 'tokenizer.json');
  const model = join(abs, 'tokenizer.model');
  if (await isFile(json)) {
    const lf = await inspectFile(json);
    return (await isFile(model)) ? { ...lf, other: await inspectFile(model) } : lf;
  }
  if (await isFile(model)) return inspectFile(model);
  if (await isFile(join(abs, 'tekken.json'))) return inspectFile(join(abs, 'tekken.json'));
  throw new UserError(
    'tokenizer',
    `no tokenizer.json, tokenizer.model or tekken.json in ${abs}`,
    'a tokenizer folder holds tokenizer.json (+ tokenizer_config.json), a SentencePiece tokenizer.model, or tekken.json',
  );
}

/** One tokenizer file: a SentencePiece model (by content), else a tokenizer.json or tekken.json. */
async function inspectFile(main: string): Promise<LocalFiles> {
  const dir = dirname(main);
  const raw = await readFile(main).catch((e: NodeJS.ErrnoException) => {
    throw new UserError(
      'tokenizer',
      `cannot read ${main} (${e.code ?? e.message})`,
      'check the path and its permissions',
    );
  });
  // A JSON file starts with "{" (or white space), which is no valid first protobuf field: no ambiguity.
  if (!/\.json$/i.test(main) && looksLikeRanksFile(raw)) {
    const check = checkRanksFile(raw.toString('utf8'));
    if ('bad' in check)
      throw new UserError(
        'tokenizer',
        `${main} starts like a tiktoken ranks file but ${check.bad} (corrupted or truncated?)`,
        'replace it with a complete copy of the file',
      );
    return { engine: 'tiktoken-file-wasm', dir, files: [main], vocabSize: check.ranks };
  }
  const sp = raw[0] !== 0x7b && !/\.json$/i.test(main) ? trySpModel(raw) : undefined;
  if (sp) return { engine: 'sentencepiece', dir, files: [main], vocabSize: sp.pieces.length };
  if (/\.model$/i.test(main)) {
    throw new UserError(
      'tokenizer',
      `${main} is not a SentencePiece model tokentax can read (corrupted or truncated?)`,
      'replace it with a complete copy of the file',
    );
  }
  // Not a SentencePiece model and not JSON at all (a README, a CSV): not a damaged tokenizer, no tokenizer.
  if (!/\.json$/i.test(main) && !/^\s*\{/.test(raw.subarray(0, 256).toString('utf8'))) {
    throw new UserError(
      'tokenizer',
      `${main} is not a tokenizer file: neither a SentencePiece model nor JSON`,
      'give a tokenizer.json, tokenizer.model or tekken.json file, or a folder holding one',
    );
  }
  const j = parseJson(main, raw);
  const engine = detectFormat(j);
  if (!engine) {
    throw new UserError(
      'tokenizer',
      `${main} is not a tokenizer file tokentax can read`,
      'expected a Hugging Face tokenizer.json (with a "model" section), a SentencePiece tokenizer.model, or a tiktoken-style tekken.json (with "config" and "vocab")',
    );
  }
  const files = [main];
  if (engine === 'hf-json' && (await isFile(join(dir, 'tokenizer_config.json'))))
    files.push(join(dir, 'tokenizer_config.json'));
  const vocabSize = engine === 'hf-json' ? countHfVocab(j) : countTekkenVocab(j);
  if (vocabSize === 0)
    throw new UserError(
      'tokenizer',
      `${main} defines no tokens`,
      'the file is empty or corrupted: replace it with a complete copy',
    );
  return { engine, dir, files, vocabSize };
}

function sameIds(a: ArrayLike<number>, b: readonly number[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < b.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function bindInfo(catalogInfo: TokenizerInfo, lf: LocalFiles, ref: string, note: string): ResolvedTokenizer {
  // The local files are readable by `lf.engine`: an `unsupported` mark of the catalog entry no longer applies.
  const { unsupported, ...info } = catalogInfo;
  if (unsupported)
    note += ' The catalog marks the hub files as unsupported; these local files were used instead.';
  // Files with the entry's content keep its faster engine when `lf.engine` is that engine's fallback (Lucie's
  // tokenizer.json: hf-sp-bpe, else hf-json), so a local copy counts as fast as the download would.
  const engine = FALLBACK_ENGINE[info.engine] === lf.engine ? info.engine : lf.engine;
  return {
    info: {
      ...info,
      engine,
      source: { kind: 'file', ref, files: lf.files.map((f) => basename(f)) },
      notes: [info.notes, note].filter(Boolean).join(' '),
    },
    local: { kind: 'file', ref, dir: lf.dir, files: lf.files },
  };
}

/**
 * The catalog entry whose content these files are, if any: same vocabulary size and same identity ids.
 * `preferId` (a folder name) is tried first and, for entries without identity ids, accepted on size alone.
 */
export async function matchCatalog(
  lf: LocalFiles,
  entries: TokenizerInfo[],
  opts: LocalOptions & { preferId?: string } = {},
): Promise<{ info: TokenizerInfo; how: string } | undefined> {
  // Unsupported entries are candidates too: converted files in a folder named after them make them usable.
  // A ranks file counts its ranks; its entry's vocabulary adds the special tokens the loader appends.
  const sameSize = (e: TokenizerInfo) =>
    lf.engine === 'tiktoken-file-wasm'
      ? e.tiktokenFile?.ranks === lf.vocabSize
      : e.vocabSize === lf.vocabSize;
  const candidates = entries.filter((e) => sameSize(e) && (!e.unsupported || e.id === opts.preferId));
  candidates.sort((a, b) => Number(b.id === opts.preferId) - Number(a.id === opts.preferId));
  if (candidates.length === 0) return undefined;
  let loaded: { encode(text: string): ArrayLike<number>; dispose?(): void } | undefined;
  try {
    for (const c of candidates) {
      if (!c.identity) {
        if (c.id === opts.preferId) return { info: c, how: 'folder name and vocabulary size' };
        continue;
      }
      if (!opts.load) continue;
      if (!loaded) {
        // Loaded as a neutral entry: no identity check inside the loader (we compare here), no unsupported mark.
        const { identity: _i, unsupported: _u, ...plain } = c;
        const probe: TokenizerInfo = {
          ...plain,
          id: `probe-${basename(lf.dir)}`,
          engine: lf.engine,
          source: { kind: 'file', ref: lf.dir },
        };
        loaded = await opts.load({
          info: probe,
          local: { kind: 'file', ref: lf.dir, dir: lf.dir, files: lf.files },
        });
      }
      if (sameIds(loaded.encode(c.identity.text), c.identity.ids))
        return { info: c, how: 'vocabulary size and identity ids' };
    }
  } finally {
    loaded?.dispose?.();
  }
  return undefined;
}

interface Sidecar {
  name?: string;
  category?: TokenizerCategory;
  org?: string;
  region?: string;
  models?: string[];
  licence?: string;
  provenance?: string;
  notes?: string;
}

async function readSidecar(dir: string): Promise<Sidecar> {
  const p = join(dir, 'tokentax.json');
  if (!(await isFile(p))) return {};
  const j = await readJson(p);
  if (!isObj(j))
    throw new UserError(
      'tokenizer',
      `${p} must hold a JSON object`,
      'see the README: tokentax.json may set name, category, org, region, models, licence, provenance, notes',
    );
  if (j.category !== undefined && !isCategory(j.category)) {
    throw new UserError(
      'tokenizer',
      `${p}: unknown category "${String(j.category)}"`,
      `use one of ${CATEGORY_ORDER.join(', ')}`,
    );
  }
  return j as Sidecar;
}

/** An entry for a tokenizer the catalog does not know. */
export async function synthesiseInfo(
  id: string,
  lf: LocalFiles,
  ref: string,
  opts: LocalOptions = {},
): Promise<TokenizerInfo> {
  const side = await readSidecar(lf.dir);
  const category = side.category ?? opts.localCategory ?? 'multilingual';
  return {
    id,
    name: side.name ?? `${id} (local)`,
    category,
    org: side.org ?? 'unknown',
    region: side.region ?? 'unknown',
    models: side.models ?? [],
    vocabSize: lf.vocabSize,
    engine: lf.engine,
    source: { kind: 'file', ref, files: lf.files.map((f) => basename(f)) },
    licence: side.licence ?? 'unknown (local file)',
    provenance:
      side.provenance ?? `local files in ${lf.dir}; vocabulary size counted from ${basename(lf.files[0])}`,
    notes:
      side.notes ??
      (side.category
        ? undefined
        : `Not in the catalog: category "${category}" is an assumption (set it with a tokentax.json next to the files).`),
  };
}

/** Makes `id` safe for file names and CSV columns. */
function cleanId(s: string): string {
  return s.replace(/[^\w.@+-]+/g, '-').replace(/^-+|-+$/g, '') || 'local';
}

/**
 * Binds local files to an id: a matching catalog entry's, else `fallbackId`. A fallback id that collides
 * with a catalog id whose content does not match gets a "-local" suffix (never mislabel a file).
 */
export async function bindLocal(
  lf: LocalFiles,
  ref: string,
  fallbackId: string,
  entries: TokenizerInfo[],
  opts: LocalOptions = {},
): Promise<ResolvedTokenizer> {
  const id = cleanId(fallbackId);
  const { other, ...main } = lf;
  let m = await matchCatalog(main, entries, { ...opts, preferId: id });
  let chosen: LocalFiles = main;
  if (other) {
    // tokenizer.json and tokenizer.model side by side: the entry's inference file counts, if it is this model's too.
    const mo =
      m?.info.inferenceFile === basename(other.files[0]) || !m
        ? await matchCatalog(other, entries, { ...opts, preferId: id })
        : undefined;
    if (mo && (!m || mo.info.id === m.info.id)) {
      m = mo;
      chosen = other;
    }
    const counted = basename(chosen.files[0]);
    const wanted = m?.info.inferenceFile;
    const note = !m
      ? `${counted} counted, as Hugging Face's AutoTokenizer would; name the other file with file:${other.files[0]}`
      : wanted && wanted !== counted
        ? `${counted} counted: ${wanted}, the file ${m.info.name} tokenizes with at inference, does not match the catalog entry`
        : `${counted} counted (${wanted ? `${m.info.name} tokenizes with ${wanted} at inference` : 'the catalog entry names no inference file'})`;
    opts.log?.(`${ref}: holds tokenizer.json and tokenizer.model; ${note}`);
  }
  if (m) {
    if (m.info.id !== id)
      opts.log?.(`${ref}: content matches catalog entry ${m.info.id} (${m.how}); using that id`);
    return bindInfo(m.info, chosen, ref, `Loaded from local files in ${chosen.dir} (matched by ${m.how}).`);
  }
  if (chosen.engine === 'tiktoken-file-wasm')
    throw new UserError(
      'tokenizer',
      `${ref}: ${basename(chosen.files[0])} is a tiktoken ranks file (${chosen.vocabSize} ranks) that matches no catalog entry, so its pre-tokenizer pattern is unknown`,
      'tokentax counts a ranks file only as a catalog tokenizer (llama-4); for another model, use its tokenizer.json',
    );
  let own = id;
  if (entries.some((e) => e.id === own)) {
    own = `${id}-local`;
    opts.log?.(
      `${ref}: named like catalog entry ${id} but its content does not match it (vocabulary ${chosen.vocabSize}); using id ${own}`,
    );
  }
  const info = await synthesiseInfo(own, chosen, ref, opts);
  return { info, local: { kind: 'file', ref, dir: chosen.dir, files: chosen.files } };
}

/** `file:<path>`: a tokenizer.json / tekken.json file or a folder holding one. */
export async function resolveFileSpec(
  path: string,
  entries: TokenizerInfo[],
  opts: LocalOptions = {},
): Promise<ResolvedTokenizer> {
  const lf = await inspectLocal(path);
  const main = lf.files[0];
  const stem = basename(main).replace(/\.(json|model)$/i, '');
  // tokenizer.json is named after its folder; another file name (tekken.json) after folder + file.
  const fallback = stem === 'tokenizer' ? basename(lf.dir) : `${basename(lf.dir)}-${stem}`;
  return bindLocal(lf, resolvePath(path), fallback, entries, opts);
}

// Scans are memoised per process (matching can load tokenizers): reused while the folder's files are unchanged.
const scans = new Map<string, { signature: string; result: ResolvedTokenizer[] }>();

async function dirSignature(abs: string, names: string[]): Promise<string> {
  const parts: string[] = [];
  for (const name of names) {
    for (const f of [
      'tokenizer.json',
      'tokenizer_config.json',
      'tokenizer.model',
      'tekken.json',
      'tokentax.json',
    ]) {
      try {
        const st = await stat(join(abs, name, f));
        parts.push(`${name}/${f}:${st.size}:${st.mtimeMs}`);
      } catch {
        // absent
      }
    }
  }
  return parts.join('|');
}

/** Every tokenizer sub-folder of `dir`, bound to ids. Sub-folders without tokenizer files are skipped (logged). */
export async function scanTokenizerDir(
  dir: string,
  entries: TokenizerInfo[],
  opts: LocalOptions = {},
): Promise<ResolvedTokenizer[]> {
  const abs = resolvePath(dir);
  let names: string[];
  try {
    names = (await readdir(abs, { withFileTypes: true }))
      .filter((d) => d.isDirectory() || d.isSymbolicLink())
      .map((d) => d.name)
      .sort();
  } catch (e) {
    throw new UserError(
      'usage',
      `--tokenizer-dir ${dir}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such folder' : (e as Error).message}`,
      'give a folder with one sub-folder per tokenizer (tokenizer.json + tokenizer_config.json, tokenizer.model, or tekken.json)',
    );
  }
  const key = [
    abs,
    opts.localCategory ?? '',
    ...entries.map((e) => `${e.id}:${e.vocabSize}:${e.identity?.ids.join(',') ?? ''}`),
  ].join('\0');
  const signature = await dirSignature(abs, names);
  const memo = scans.get(key);
  if (memo && memo.signature === signature && opts.load) return [...memo.result];
  const out: ResolvedTokenizer[] = [];
  for (const name of names) {
    const sub = join(abs, name);
    if (
      !(await isFile(join(sub, 'tokenizer.json'))) &&
      !(await isFile(join(sub, 'tokenizer.model'))) &&
      !(await isFile(join(sub, 'tekken.json')))
    ) {
      opts.log?.(`--tokenizer-dir: ${name}/ has no tokenizer.json, tokenizer.model or tekken.json; skipped`);
      continue;
    }
    const lf = await inspectLocal(sub);
    const r = await bindLocal(lf, sub, name, entries, opts);
    const dup = out.find((o) => o.info.id === r.info.id);
    if (dup) {
      opts.log?.(
        `--tokenizer-dir: ${name}/ and ${basename(dup.local.dir ?? '')}/ are both ${r.info.id}; using ${basename(dup.local.dir ?? '')}/`,
      );
      continue;
    }
    out.push(r);
  }
  if (opts.load) scans.set(key, { signature, result: out });
  return [...out];
}
