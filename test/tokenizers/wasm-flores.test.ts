// The built-in entries moved to tiktoken's WASM BPE give, on every FLORES-200 devtest line (en, fr, de, es),
// the ids of the JavaScript engine each used before (gpt-tokenizer's core, llama3-js, tiktoken-ranks,
// anthropic-legacy, hf-json), and the WASM Tekken engine reads the original tekken.json with the exact totals.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { npmSpec } from '../../src/tokenizers/catalog.js';
import { loadTokenizer } from '../../src/tokenizers/load.js';
import { createTiktokenRanksTokenizer } from '../../src/tokenizers/engines/tiktoken-ranks.js';
import { createTekkenWasmTokenizer } from '../../src/tokenizers/engines/tiktoken-wasm.js';
import type { EngineKind, TokenizerInfo } from '../../src/types.js';
import { hasShared, NO_SHARED, SHARED_TOKENIZERS } from '../helpers.js';
import { builtinEntries, flores, installed, LANGS, type Lang4, load, referenceCounts } from './npm-shared.js';

/** The engine (and, for the OpenAI encodings, the package files) each entry used before the WASM engines. */
const PREVIOUS: Record<string, { engine: EngineKind; source?: TokenizerInfo['source'] }> = {
  gpt2: {
    engine: 'gpt-tokenizer',
    source: { kind: 'npm', ref: 'gpt-tokenizer', version: '4.0.0', files: ['esm/bpeRanks/r50k_base.js'] },
  },
  cl100k_base: {
    engine: 'gpt-tokenizer',
    source: { kind: 'npm', ref: 'gpt-tokenizer', version: '4.0.0', files: ['esm/bpeRanks/cl100k_base.js'] },
  },
  o200k_base: {
    engine: 'gpt-tokenizer',
    source: { kind: 'npm', ref: 'gpt-tokenizer', version: '4.0.0', files: ['esm/bpeRanks/o200k_base.js'] },
  },
  'llama-3': { engine: 'llama3-js' },
  'mistral-tekken': { engine: 'tiktoken-ranks' },
  'claude-legacy': { engine: 'anthropic-legacy' },
  'qwen-3': { engine: 'hf-json' },
  'deepseek-v3': { engine: 'hf-json' }, // opt-in pack: its test is skipped unless installed
};
// gpt-tokenizer-wasm: the OpenAI encodings, counted piece by piece on gpt-tokenizer's BPE where its pattern splits as
// tiktoken's, on tiktoken's WASM build elsewhere (test/tokenizers/gpt-wasm.test.ts).
const WASM_KINDS: EngineKind[] = [
  'gpt-tokenizer-wasm',
  'tiktoken-wasm',
  'tiktoken-ranks-wasm',
  'llama3-wasm',
  'anthropic-legacy-wasm',
  'hf-bpe-wasm',
];
const langs = Object.keys(LANGS) as Lang4[];

describe('built-in entries on the WASM engines', () => {
  it('are the tiktoken-style vocabularies (the seven default ones and DeepSeek-V3)', () => {
    const onWasm = builtinEntries()
      .filter((e) => WASM_KINDS.includes(e.engine))
      .map((e) => e.id);
    expect(onWasm.sort()).toEqual(Object.keys(PREVIOUS).sort());
  });
});

describe.skipIf(!hasShared)(
  `WASM engine = previous JavaScript engine on FLORES devtest${hasShared ? '' : ` (skipped: ${NO_SHARED})`}`,
  () => {
    for (const e of builtinEntries().filter((x) => PREVIOUS[x.id])) {
      it.skipIf(!installed(e))(`${e.id}: ${e.engine} = ${PREVIOUS[e.id].engine}, line by line`, async () => {
        const wasm = await load(e);
        const prev = PREVIOUS[e.id];
        const oldSpec = npmSpec({ ...e, engine: prev.engine, source: prev.source ?? e.source });
        expect(oldSpec, `${e.id}'s previous package is installed`).toBeDefined();
        const old = await loadTokenizer(oldSpec!);
        try {
          const totals = {} as Record<Lang4, number>;
          for (const lang of langs) {
            totals[lang] = 0;
            for (const line of flores(lang)) {
              const a = wasm.encode(line);
              const b = old.encode(line);
              if (
                a.length !== b.length ||
                Array.prototype.some.call(a, (x: number, i: number) => x !== b[i])
              ) {
                expect(Array.from(a), `${e.id} ${lang}: ${line}`).toEqual(Array.from(b));
              }
              if (wasm.count(line) !== b.length)
                expect(wasm.count(line), `${e.id} ${lang} count: ${line}`).toBe(b.length);
              totals[lang] += a.length;
            }
          }
          if (e.reference) expect(totals).toEqual(e.reference);
        } finally {
          old.dispose?.();
        }
      });
    }

    // Local tekken.json folders (--tokenizer-dir, file:) count on this engine (local.ts).
    it("tiktoken-ranks-wasm reads the original tekken.json (vocab list format): the JavaScript engine's ids on every dev+devtest line, the exact totals", async () => {
      const file = join(SHARED_TOKENIZERS, 'mistral-nemo-tekken', 'tekken.json');
      const info: TokenizerInfo = {
        id: 'mistral-nemo-tekken',
        name: 'tekken',
        category: 'european',
        org: 'test',
        region: 'test',
        models: [],
        vocabSize: 1,
        engine: 'tiktoken-ranks-wasm',
        source: { kind: 'file', ref: file },
        licence: 'test',
        provenance: 'test',
      };
      const tok = await createTekkenWasmTokenizer(info, [file]);
      const js = await createTiktokenRanksTokenizer({ ...info, engine: 'tiktoken-ranks' }, [file]);
      try {
        let lines = 0;
        for (const split of ['dev', 'devtest'] as const) {
          for (const lang of langs) {
            for (const line of flores(lang, split)) {
              const a = tok.encode(line);
              const b = js.encode(line);
              if (a.length !== b.length || Array.prototype.some.call(a, (x: number, i: number) => x !== b[i]))
                expect(Array.from(a), `${split} ${lang}: ${line}`).toEqual(Array.from(b));
              lines++;
            }
          }
        }
        expect(lines).toBe(8036);
        const totals = {} as Record<Lang4, number>;
        for (const lang of langs) totals[lang] = flores(lang).reduce((n, line) => n + tok.count(line), 0);
        expect(totals).toEqual(referenceCounts().get('mistral-tekken'));
        expect(Array.from(tok.encode('Hello world!'))).toEqual([22177, 4304, 1033]);
      } finally {
        tok.dispose?.();
      }
    });
  },
);
