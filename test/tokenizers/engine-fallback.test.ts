// load.ts falls back from a fast engine to its reference engine when the fast one refuses a file: hf-sp-bpe to
// hf-json (a normaliser it does not read), tiktoken-ranks-wasm to tiktoken-ranks (a pattern tiktoken's Rust regex
// cannot compile). The tokenizer, and the counter the runners report to the manifest, then name the engine that
// counted. The WASM refusal is a trapped panic, so it comes last in this file.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openCorpus } from '../../src/corpus/index.js';
import { measureCorpus } from '../../src/measure/index.js';
import { createRunner } from '../../src/measure/runner.js';
import { loadCounter } from '../../src/measure/chunk.js';
import { loadTokenizer } from '../../src/tokenizers/index.js';
import type { ResolvedTokenizer } from '../../src/tokenizers/types.js';
import type { EngineKind, TokenizerInfo } from '../../src/types.js';
import { tmp } from '../helpers.js';

function spec(engine: EngineKind, file: string, identity?: TokenizerInfo['identity']): ResolvedTokenizer {
  return {
    info: {
      // 263: the ids of lowercasingSpJson() (<unk>, 256 byte pieces, 6 pieces), which the identity check compares.
      id: 'tiny',
      name: 'tiny',
      category: 'multilingual',
      org: 'test',
      region: 'test',
      models: [],
      vocabSize: 263,
      engine,
      source: { kind: 'file', ref: file },
      licence: 'test',
      provenance: 'test',
      identity,
    },
    local: { kind: 'file', ref: file, files: [file] },
  };
}

/** A SentencePiece-style tokenizer.json with a Lowercase step hf-sp-bpe does not read. */
function lowercasingSpJson(): string {
  const vocab: Record<string, number> = { '<unk>': 0 };
  for (let b = 0; b < 256; b++) vocab[`<0x${b.toString(16).toUpperCase().padStart(2, '0')}>`] = 1 + b;
  for (const t of ['▁', 'a', 'b', '▁a', 'ab', '▁ab']) vocab[t] = Object.keys(vocab).length;
  const file = join(tmp('tokentax-fallback-'), 'tokenizer.json');
  writeFileSync(
    file,
    JSON.stringify({
      version: '1.0',
      added_tokens: [],
      normalizer: {
        type: 'Sequence',
        normalizers: [
          { type: 'Lowercase' },
          { type: 'Prepend', prepend: '▁' },
          { type: 'Replace', pattern: { String: ' ' }, content: '▁' },
        ],
      },
      pre_tokenizer: null,
      post_processor: null,
      decoder: null,
      model: {
        type: 'BPE',
        dropout: null,
        unk_token: '<unk>',
        continuing_subword_prefix: null,
        end_of_word_suffix: null,
        fuse_unk: true,
        byte_fallback: true,
        ignore_merges: false,
        vocab,
        merges: [
          ['▁', 'a'],
          ['a', 'b'],
          ['▁a', 'b'],
        ],
      },
    }),
  );
  return file;
}

/** A tekken.json whose pattern JavaScript compiles and tiktoken's WASM build refuses ("[^]", any character). */
function tekkenWithJsOnlyPattern(): string {
  const vocab = Array.from({ length: 256 }, (_, b) => ({
    rank: b,
    token_bytes: Buffer.from([b]).toString('base64'),
  }));
  vocab.push({ rank: 256, token_bytes: Buffer.from('ab').toString('base64') });
  const file = join(tmp('tokentax-fallback-'), 'tekken.json');
  writeFileSync(
    file,
    JSON.stringify({
      config: {
        pattern: '\\p{L}+|[^]',
        default_vocab_size: 260,
        default_num_special_tokens: 3,
        version: 'v-test',
      },
      vocab,
    }),
  );
  return file;
}

describe('engine fallback (load.ts)', () => {
  it('hf-sp-bpe refuses a Lowercase normaliser: hf-json loads the file, and the tokenizer says so', async () => {
    const file = lowercasingSpJson();
    const s = spec('hf-sp-bpe', file, { text: 'AB ab', ids: [262, 262] });
    const tok = await loadTokenizer(s);
    expect(tok.info.engine).toBe('hf-json');
    expect(tok.info.notes).toMatch(
      /Counted with hf-json: hf-sp-bpe refused the files \(.*normalizer Lowercase/,
    );
    expect(Array.from(tok.encode('AB ab'))).toEqual([262, 262]);
    expect((await loadCounter(s)).counted).toBe('hf-json');
  });

  // What pipeline/run.ts writes into manifest.json as the tokenizer's engine.
  for (const workers of [1, 2]) {
    it(`the runner reports the engine that counted (--workers ${workers})`, async () => {
      const s = spec('hf-sp-bpe', lowercasingSpJson());
      const corpus = await openCorpus('llm-mix', { langs: ['en', 'fr'], baseline: 'en', noLangId: true });
      const handle = await createRunner([s], { workers, cache: false });
      try {
        await measureCorpus(corpus, {
          langs: ['en', 'fr'],
          tokenizers: ['tiny'],
          runner: handle.runner,
          chunkSize: 100,
        });
        expect(await handle.countedBy()).toEqual({ tiny: 'hf-json' });
      } finally {
        await handle.close();
      }
    });
  }

  it('a missing file is an error, not a fallback', async () => {
    await expect(loadTokenizer(spec('hf-sp-bpe', join(tmp(), 'tokenizer.json')))).rejects.toThrow(
      /cannot read its files/,
    );
  });

  it('tiktoken-ranks-wasm refuses a pattern tiktoken cannot compile: tiktoken-ranks (JavaScript) counts', async () => {
    const s = spec('tiktoken-ranks-wasm', tekkenWithJsOnlyPattern(), {
      text: 'ab ab!',
      ids: [259, 35, 259, 36],
    });
    const tok = await loadTokenizer(s);
    expect(tok.info.engine).toBe('tiktoken-ranks');
    expect(tok.info.notes).toMatch(/tiktoken-ranks-wasm refused the files/);
    expect((await loadCounter(s)).counted).toBe('tiktoken-ranks');
  });
});
