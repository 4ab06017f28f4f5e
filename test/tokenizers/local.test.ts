// --tokenizer-dir and file:<path> on the real tokenizer files in ../shared/tokenizers: engine choice,
// catalog matching, and exact FLORES-200 devtest totals per language (REFERENCE_COUNTS.md).
import { mkdirSync, readFileSync, writeFileSync, copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { countTekkenVocab, inspectLocal } from '../../src/tokenizers/local.js';
import { loadTokenizer } from '../../src/tokenizers/load.js';
import { catalog } from '../../src/tokenizers/catalog.js';
import { listTokenizers, resolveTokenizers } from '../../src/tokenizers/resolve.js';
import type { ResolvedTokenizer } from '../../src/tokenizers/types.js';
import { FLORES, hasShared, NO_SHARED, SHARED_TOKENIZERS, tmp, catchErr } from '../helpers.js';

const LANGS = { en: 'eng_Latn', fr: 'fra_Latn', de: 'deu_Latn', es: 'spa_Latn' } as const;
type Totals = Record<keyof typeof LANGS, number>;
// ../shared/tokenizers/REFERENCE_COUNTS.md
const REF: Record<string, Totals> = {
  'lucie-7b': { en: 28810, fr: 35442, de: 38548, es: 39286 },
  'mistral-tekken': { en: 27827, fr: 36748, de: 36297, es: 36657 },
  'mistral-v1': { en: 29997, fr: 47995, de: 47442, es: 47222 },
};

const lines = new Map<string, string[]>();
function floresLines(code: string): string[] {
  let l = lines.get(code);
  if (!l) {
    l = readFileSync(join(FLORES, 'devtest', `${code}.devtest`), 'utf8')
      .split('\n')
      .filter((x) => x.length > 0);
    lines.set(code, l);
  }
  return l;
}

async function totals(spec: ResolvedTokenizer): Promise<Totals> {
  const tok = await loadTokenizer(spec);
  const out = {} as Totals;
  for (const [lang, code] of Object.entries(LANGS) as [keyof typeof LANGS, string][]) {
    let t = 0;
    for (const line of floresLines(code)) t += tok.count(line);
    out[lang] = t;
  }
  tok.dispose?.();
  return out;
}

describe.skipIf(!hasShared)(
  `--tokenizer-dir on ../shared/tokenizers${hasShared ? '' : ` (skipped: ${NO_SHARED})`}`,
  () => {
    let byDir: Map<string, ResolvedTokenizer>;

    it('finds one tokenizer per sub-folder, with the right engine and files', async () => {
      const { resolved, skipped } = await resolveTokenizers(['all'], {
        explicit: true,
        tokenizerDir: SHARED_TOKENIZERS,
        offline: true,
        hub: { cacheDir: tmp() },
      });
      byDir = new Map(
        resolved.filter((r) => r.local.kind === 'file').map((r) => [r.local.dir?.split('/').pop() ?? '', r]),
      );
      expect([...byDir.keys()].sort()).toEqual([
        'lucie-7b',
        'mistral-7b-v0.1',
        'mistral-nemo-tekken',
        'mistral-v3-spm',
      ]);
      // tokenizer.json wins over tekken.json in a folder. Read by hf-json, unless the catalog entry whose content
      // the folder holds has a faster engine that falls back to hf-json (Lucie-7B: hf-sp-bpe). Beside a
      // tokenizer.model, the entry's inference file counts: tokenizer.model for Mistral v1 and v3 (sentencepiece).
      const want: Record<string, string> = {
        'lucie-7b': 'hf-sp-bpe',
        'mistral-v3-spm': 'sentencepiece',
        'mistral-7b-v0.1': 'sentencepiece',
        'mistral-nemo-tekken': 'hf-json',
      };
      for (const [dir, r] of byDir) {
        expect(r.info.engine, dir).toBe(want[dir]);
        expect(r.local.files, dir).toEqual(
          want[dir] === 'sentencepiece'
            ? [join(SHARED_TOKENIZERS, dir, 'tokenizer.model')]
            : [
                join(SHARED_TOKENIZERS, dir, 'tokenizer.json'),
                join(SHARED_TOKENIZERS, dir, 'tokenizer_config.json'),
              ],
        );
      }
      // hub entries not in the dir are skipped (offline), never errors, with "all"
      expect(skipped.some((s) => s.id === 'eurollm-9b')).toBe(true);
      expect(skipped.some((s) => s.id === 'lucie-7b')).toBe(false);
    });

    it('binds folders to catalog ids by content; unknown content keeps the folder name', async () => {
      expect(byDir.get('lucie-7b')?.info.id).toBe('lucie-7b');
      expect(byDir.get('lucie-7b')?.info.category).toBe('european');
      expect(byDir.get('lucie-7b')?.info.reference).toEqual(REF['lucie-7b']);
      // identity "Hello world!" -> 22557, 1526, 28808 (REFERENCE_COUNTS.md) and 32,000 ids: the catalog's mistral-v1
      expect(byDir.get('mistral-7b-v0.1')?.info.id).toBe('mistral-v1');
      expect(byDir.get('mistral-nemo-tekken')?.info.id).toBe('mistral-tekken');
      // v3 ids are v1 ids + 768 (SOURCE.md): not mistral-v1, but the catalog's mistral-v3 (23325, 2294, 29576)
      expect(byDir.get('mistral-v3-spm')?.info.id).toBe('mistral-v3');
      expect(byDir.get('mistral-v3-spm')?.info.vocabSize).toBe(32768);
      expect(byDir.get('mistral-v3-spm')?.info.category).toBe('european');
      expect(byDir.get('mistral-7b-v0.1')?.info.vocabSize).toBe(32000);
      expect(byDir.get('mistral-nemo-tekken')?.info.vocabSize).toBe(131072);
    });

    it('lucie-7b: exact FLORES devtest totals', async () => {
      expect(await totals(byDir.get('lucie-7b')!)).toEqual(REF['lucie-7b']);
    });

    it('mistral-7b-v0.1 and mistral-v3-spm: exact FLORES devtest totals (same counts, different ids)', async () => {
      expect(await totals(byDir.get('mistral-7b-v0.1')!)).toEqual(REF['mistral-v1']);
      expect(await totals(byDir.get('mistral-v3-spm')!)).toEqual(REF['mistral-v1']);
    });

    it('mistral-nemo-tekken: tokenizer.json (hf-json) and tekken.json (tiktoken-ranks-wasm) give the exact totals', async () => {
      expect(await totals(byDir.get('mistral-nemo-tekken')!)).toEqual(REF['mistral-tekken']);
      const { resolved } = await resolveTokenizers(
        [`file:${join(SHARED_TOKENIZERS, 'mistral-nemo-tekken', 'tekken.json')}`],
        { explicit: true },
      );
      expect(resolved).toHaveLength(1);
      expect(resolved[0].info.engine).toBe('tiktoken-ranks-wasm');
      expect(resolved[0].local.files).toEqual([
        join(SHARED_TOKENIZERS, 'mistral-nemo-tekken', 'tekken.json'),
      ]);
      expect(resolved[0].info.vocabSize).toBe(131072);
      expect(resolved[0].info.id).toBe('mistral-tekken');
      expect(await totals(resolved[0])).toEqual(REF['mistral-tekken']);
    });

    it('file:<folder> and a named --tokenizer-dir id resolve the same files', async () => {
      const a = await resolveTokenizers([`file:${join(SHARED_TOKENIZERS, 'mistral-v3-spm')}`], {
        explicit: true,
      });
      const b = await resolveTokenizers(['mistral-v3'], { explicit: true, tokenizerDir: SHARED_TOKENIZERS });
      expect(a.resolved[0].info.id).toBe('mistral-v3');
      expect(b.resolved[0].local.files).toEqual(a.resolved[0].local.files);
    });

    it('content the catalog does not know keeps the folder name and the multilingual default', async () => {
      const known = catalog().filter((e) => e.id !== 'mistral-v3');
      const { resolved } = await resolveTokenizers([`file:${join(SHARED_TOKENIZERS, 'mistral-v3-spm')}`], {
        explicit: true,
        catalog: known,
      });
      expect(resolved[0].info.id).toBe('mistral-v3-spm');
      expect(resolved[0].info.vocabSize).toBe(32768);
      expect(resolved[0].info.category).toBe('multilingual');
    });

    it('--tokenizer-dir comes before the hub for a catalog id (no cache, offline: still resolved)', async () => {
      const { resolved } = await resolveTokenizers(['lucie-7b'], {
        explicit: true,
        offline: true,
        tokenizerDir: SHARED_TOKENIZERS,
        hub: { cacheDir: tmp() },
      });
      expect(resolved[0].local.kind).toBe('file');
      expect(resolved[0].local.dir).toBe(join(SHARED_TOKENIZERS, 'lucie-7b'));
    });

    it('tokentax tokenizers lists dir tokenizers as ready', async () => {
      const listing = await listTokenizers({ tokenizerDir: SHARED_TOKENIZERS, hub: { cacheDir: tmp() } });
      expect(listing.find((l) => l.id === 'lucie-7b')?.status).toBe('ready');
      expect(listing.find((l) => l.id === 'mistral-v3')?.status).toBe('ready');
      expect(listing.find((l) => l.id === 'salamandra-7b')?.status).toBe('downloadable');
    });
  },
);

describe('local tokenizer files: format and errors (no ../shared needed)', () => {
  it('counts a tekken.json vocabulary as specials + ranks within default_vocab_size', () => {
    // 5 ranks, 2 specials, default size 6 -> 4 ranks used + 2 specials
    expect(
      countTekkenVocab({
        config: { pattern: 'x', default_vocab_size: 6, default_num_special_tokens: 2 },
        vocab: [1, 2, 3, 4, 5],
      }),
    ).toBe(6);
    expect(
      countTekkenVocab({
        config: { pattern: 'x', default_vocab_size: 100, default_num_special_tokens: 2 },
        vocab: [1, 2, 3],
      }),
    ).toBe(5);
  });

  it('a truncated tokenizer.json is a tokenizer error naming the file', async () => {
    const d = tmp();
    mkdirSync(join(d, 'broken'));
    writeFileSync(join(d, 'broken', 'tokenizer.json'), '{"model": {"type": "BPE", "vocab": {"a": 0');
    const e = await catchErr(resolveTokenizers(['all'], { explicit: false, tokenizerDir: d, catalog: [] }));
    expect(e.exit).toBe('tokenizer');
    expect(e.message).toContain(join(d, 'broken', 'tokenizer.json'));
    expect(e.message).toMatch(/not valid JSON/);
  });

  it('a JSON file that is no tokenizer is refused', async () => {
    const d = tmp();
    writeFileSync(join(d, 'x.json'), '{"hello": 1}');
    const e = await catchErr(
      resolveTokenizers([`file:${join(d, 'x.json')}`], { explicit: true, catalog: [] }),
    );
    expect(e.exit).toBe('tokenizer');
    expect(e.message).toMatch(/not a tokenizer file/);
  });

  it('a missing --tokenizer-dir is a usage error', async () => {
    const e = await catchErr(
      resolveTokenizers(['all'], { explicit: true, tokenizerDir: join(tmp(), 'nope'), catalog: [] }),
    );
    expect(e.exit).toBe('usage');
  });

  it('synthesises an entry for an unknown tokenizer, with tokentax.json overrides', async () => {
    const d = tmp();
    mkdirSync(join(d, 'my-tok'));
    const vocab = { a: 0, b: 1, c: 2, '[UNK]': 3 };
    writeFileSync(
      join(d, 'my-tok', 'tokenizer.json'),
      JSON.stringify({
        model: { type: 'WordLevel', vocab, unk_token: '[UNK]' },
        added_tokens: [
          { id: 3, content: '[UNK]' },
          { id: 4, content: '<x>' },
        ],
      }),
    );
    const lf = await inspectLocal(join(d, 'my-tok'));
    expect(lf.vocabSize).toBe(5); // ids 0..3 in the vocabulary + added id 4
    const plain = await resolveTokenizers(['all'], { explicit: true, tokenizerDir: d, catalog: [] });
    expect(plain.resolved[0].info).toMatchObject({
      id: 'my-tok',
      category: 'multilingual',
      vocabSize: 5,
      engine: 'hf-json',
      org: 'unknown',
    });
    const cat = await resolveTokenizers(['my-tok'], {
      explicit: true,
      tokenizerDir: d,
      catalog: [],
      localCategory: 'european',
    });
    expect(cat.resolved[0].info.category).toBe('european');
    writeFileSync(
      join(d, 'my-tok', 'tokentax.json'),
      JSON.stringify({ name: 'My tokenizer', category: 'english-centric', org: 'Me' }),
    );
    const side = await resolveTokenizers(['my-tok'], { explicit: true, tokenizerDir: d, catalog: [] });
    expect(side.resolved[0].info).toMatchObject({
      name: 'My tokenizer',
      category: 'english-centric',
      org: 'Me',
    });
  });

  it('a folder named like a catalog id whose content differs is not given that id', async () => {
    const d = tmp();
    mkdirSync(join(d, 'lucie-7b'));
    writeFileSync(
      join(d, 'lucie-7b', 'tokenizer.json'),
      JSON.stringify({ model: { type: 'WordLevel', vocab: { a: 0 }, unk_token: 'a' } }),
    );
    const lucie = JSON.parse(
      readFileSync(new URL('../../data/tokenizers/hub.json', import.meta.url), 'utf8'),
    ).find((e: { id: string }) => e.id === 'lucie-7b');
    const lines: string[] = [];
    const { resolved } = await resolveTokenizers(['all'], {
      explicit: true,
      tokenizerDir: d,
      catalog: [lucie],
      offline: true,
      hub: { cacheDir: tmp() },
      log: (l) => lines.push(l),
    });
    const local = resolved.find((r) => r.local.kind === 'file');
    expect(local?.info.id).toBe('lucie-7b-local');
    expect(lines.join('\n')).toMatch(/does not match/);
  });

  it('two files claiming one id in a run are kept apart', async () => {
    const d = tmp();
    mkdirSync(join(d, 'a'));
    const j = JSON.stringify({ model: { type: 'WordLevel', vocab: { a: 0 }, unk_token: 'a' } });
    writeFileSync(join(d, 'a', 'tokenizer.json'), j);
    mkdirSync(join(d, 'b'));
    mkdirSync(join(d, 'b', 'a'));
    copyFileSync(join(d, 'a', 'tokenizer.json'), join(d, 'b', 'a', 'tokenizer.json'));
    const { resolved } = await resolveTokenizers([`file:${join(d, 'a')}`, `file:${join(d, 'b', 'a')}`], {
      explicit: true,
      catalog: [],
    });
    expect(resolved.map((r) => r.info.id)).toEqual(['a', 'a-hf-json']);
  });
});
