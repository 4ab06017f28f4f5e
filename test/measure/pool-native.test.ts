// The optional native engine for tokenizer.json files (the `tokenizers` package, used by the runners when it is
// installed): identical ids to @huggingface/tokenizers (tokentax's hf-json engine) on every FLORES devtest
// sentence for every tokenizer.json at hand, and identical CountTables through the chunk path. Skipped when the
// package is not installed (it is not a dependency: `npm i tokenizers` adds it).
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openCorpus } from '../../src/corpus/index.js';
import { measureCorpus } from '../../src/measure/index.js';
import { LazyInProcessRunner } from '../../src/measure/runner.js';
import { loadNativeHf } from '../../src/measure/worker.js';
import { loadTokenizer, resolveTokenizers } from '../../src/tokenizers/index.js';
import type { ResolvedTokenizer } from '../../src/tokenizers/types.js';
import { FLORES, hasShared, SHARED_TOKENIZERS } from '../helpers.js';

const hasNative = (() => {
  try {
    createRequire(import.meta.url)('tokenizers');
    return true;
  } catch {
    return false;
  }
})();
if (!hasNative)
  console.warn(
    '[tokentax tests] the optional `tokenizers` package is not installed: native-engine tests skipped (npm i tokenizers to run them)',
  );

const LANGS = { en: 'eng_Latn', fr: 'fra_Latn', de: 'deu_Latn', es: 'spa_Latn' } as const;

async function spec(id: string): Promise<ResolvedTokenizer> {
  const { resolved, skipped } = await resolveTokenizers([id], { explicit: true });
  expect(skipped, JSON.stringify(skipped)).toEqual([]);
  // qwen-3's catalog entry counts on tiktoken's WASM engine (hf-bpe-wasm), and Lucie's and Mistral v3's files,
  // bound to their catalog entries, on hf-sp-bpe; the native engine only takes hf-json entries, so the same
  // tokenizer.json is compared through hf-json here.
  const fast = ['hf-bpe-wasm', 'hf-sp-bpe'].includes(resolved[0].info.engine);
  const r = fast
    ? { ...resolved[0], info: { ...resolved[0].info, engine: 'hf-json' as const } }
    : resolved[0];
  expect(r.info.engine).toBe('hf-json');
  return r;
}

describe.skipIf(!hasNative)('native tokenizer.json engine', () => {
  afterEach(() => {
    delete process.env.TOKENTAX_NATIVE;
  });

  const ids = [
    'qwen-3',
    ...(hasShared
      ? ['lucie-7b', 'mistral-7b-v0.1', 'mistral-v3-spm', 'mistral-nemo-tekken'].map(
          (d) => `file:${join(SHARED_TOKENIZERS, d, 'tokenizer.json')}`,
        )
      : []),
  ];
  const lines = hasShared
    ? Object.values(LANGS).flatMap((code) =>
        readFileSync(join(FLORES, 'devtest', `${code}.devtest`), 'utf8')
          .split('\n')
          .filter((l) => l.length),
      )
    : [];

  for (const id of ids) {
    it.skipIf(!hasShared)(
      `${id}: the same ids as @huggingface/tokenizers on all ${lines.length || 4048} FLORES devtest sentences`,
      async () => {
        const s = await spec(id);
        const nat = await loadNativeHf(s);
        expect(nat, 'the native engine refused the file or its identity check').toBeDefined();
        const js = await loadTokenizer(s);
        const encs = await nat!.tok.encodeBatch(lines, { addSpecialTokens: false });
        let differing = 0;
        let tokens = 0;
        lines.forEach((l, i) => {
          const a = encs[i].getIds();
          const b = Array.from(js.encode(l));
          tokens += a.length;
          if (a.length !== b.length || a.some((x, j) => x !== b[j])) differing++;
        });
        expect(differing).toBe(0);
        expect(tokens).toBeGreaterThan(100_000);
      },
    );
  }

  it('qwen-3 through the chunk path: the same CountTable with and without the native engine', async () => {
    const s = await spec('qwen-3');
    const corpus = await openCorpus('llm-mix', {
      langs: ['en', 'fr', 'de', 'es'],
      baseline: 'en',
      noLangId: true,
    });
    const table = async (nativeOn: boolean) => {
      process.env.TOKENTAX_NATIVE = nativeOn ? '1' : '0';
      const runner = new LazyInProcessRunner([s]);
      const t = await measureCorpus(corpus, {
        langs: ['en', 'fr', 'de', 'es'],
        tokenizers: ['qwen-3'],
        runner,
        chunkSize: 100,
      });
      const engines = await runner.engines();
      await runner.close();
      return { t, engine: engines['qwen-3'] };
    };
    const nat = await table(true);
    const js = await table(false);
    expect(nat.engine).toBe('native');
    expect(js.engine).toBe('js');
    for (const l of ['en', 'fr', 'de', 'es']) {
      for (const k of ['tokens', 'continuedWords', 'fallbackTokens'] as const) {
        expect([...nat.t.counts['qwen-3'][l][k]], `${l} ${k}`).toEqual([...js.t.counts['qwen-3'][l][k]]);
      }
    }
    expect(nat.t.counts['qwen-3'].de.continuedWords.reduce((a, b) => a + b, 0)).toBeGreaterThan(100);
  });

  it('lucie-7b (byte fallback) through the chunk path: the same fallback and continued-word counts on FLORES', async () => {
    if (!hasShared) return;
    const s = await spec(`file:${join(SHARED_TOKENIZERS, 'lucie-7b', 'tokenizer.json')}`);
    const corpus = await openCorpus(FLORES, {
      splits: ['devtest'],
      langs: ['en', 'fr', 'de', 'es'],
      baseline: 'en',
      noLangId: true,
    });
    const run = async (nativeOn: boolean) => {
      process.env.TOKENTAX_NATIVE = nativeOn ? '1' : '0';
      const runner = new LazyInProcessRunner([s]);
      const t = await measureCorpus(corpus, {
        langs: ['en', 'fr', 'de', 'es'],
        tokenizers: [s.info.id],
        runner,
        chunkSize: 256,
      });
      await runner.close();
      return t;
    };
    const nat = await run(true);
    const js = await run(false);
    const sum = (a: Int32Array) => a.reduce((x, y) => x + y, 0);
    // REFERENCE_COUNTS.md: lucie-7b en 28810, fr 35442, de 38548, es 39286
    expect(
      Object.fromEntries(['en', 'fr', 'de', 'es'].map((l) => [l, sum(nat.counts[s.info.id][l].tokens)])),
    ).toEqual({ en: 28810, fr: 35442, de: 38548, es: 39286 });
    for (const l of ['en', 'fr', 'de', 'es']) {
      expect([...nat.counts[s.info.id][l].continuedWords]).toEqual([
        ...js.counts[s.info.id][l].continuedWords,
      ]);
      expect([...nat.counts[s.info.id][l].fallbackTokens]).toEqual([
        ...js.counts[s.info.id][l].fallbackTokens,
      ]);
    }
  });
});
