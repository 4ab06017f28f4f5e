// hf-sp-bpe: a SentencePiece-style BPE tokenizer.json (Gemma 3's shape) on tokentax's SentencePiece BPE, against
// hf-json (@huggingface/tokenizers) on a made-up file of that shape (byte fallback, a piece joining ">" to a
// following "▁", added tokens matched in the raw text, a special token left as text), what it refuses, and the
// real Gemma 3 file on generated strings when its opt-in pack is installed.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isUserError } from '../../src/errors.js';
import { createHfJsonTokenizer } from '../../src/tokenizers/engines/hf-json.js';
import { createHfSpBpeTokenizer } from '../../src/tokenizers/engines/hf-sp-bpe.js';
import type { TokenizerInfo } from '../../src/types.js';
import { tmp } from '../helpers.js';
import { arbitraryText, builtinEntries, installed, load, sameIds } from './npm-shared.js';

const info = (engine: TokenizerInfo['engine']): TokenizerInfo => ({
  id: 'tiny-sp', name: 'tiny-sp', category: 'multilingual', org: 'test', region: 'test', models: [], vocabSize: 1, engine,
  source: { kind: 'file', ref: 'tiny-sp' }, licence: 'test', provenance: 'test',
});

function tinySpJson(change: (j: Record<string, any>) => void = () => {}): string[] {
  const vocab: Record<string, number> = { '<pad>': 0, '<eos>': 1, '<bos>': 2, '<unk>': 3 };
  for (let b = 0; b < 256; b++) vocab[`<0x${b.toString(16).toUpperCase().padStart(2, '0')}>`] = 4 + b;
  for (const ch of ['▁', 'a', 'b', '>', '<', '/', '\n', 'é', '<mask>', '\n\n']) vocab[ch] = Object.keys(vocab).length;
  // ">▁</" joins ">" to the next word, as Gemma 3's only such piece does.
  const merges = [['▁', 'a'], ['a', 'b'], ['▁a', 'b'], ['<', '/'], ['▁', '</'], ['>', '▁</'], ['▁', '▁'], ['b', '>']];
  for (const [x, y] of merges) vocab[x + y] ??= Object.keys(vocab).length;
  const j: Record<string, any> = {
    version: '1.0', truncation: null, padding: null,
    added_tokens: [
      { id: 2, content: '<bos>', single_word: false, lstrip: false, rstrip: false, normalized: false, special: true },
      { id: vocab['<mask>'], content: '<mask>', single_word: false, lstrip: false, rstrip: false, normalized: false, special: false },
      { id: vocab['\n\n'], content: '\n\n', single_word: false, lstrip: false, rstrip: false, normalized: false, special: false },
      { id: vocab['\n'], content: '\n', single_word: false, lstrip: false, rstrip: false, normalized: false, special: false },
    ],
    normalizer: { type: 'Replace', pattern: { String: ' ' }, content: '▁' },
    pre_tokenizer: { type: 'Split', pattern: { String: ' ' }, behavior: 'MergedWithPrevious', invert: false },
    post_processor: null,
    decoder: { type: 'Sequence', decoders: [{ type: 'Replace', pattern: { String: '▁' }, content: ' ' }, { type: 'ByteFallback' }, { type: 'Fuse' }] },
    model: { type: 'BPE', dropout: null, unk_token: '<unk>', continuing_subword_prefix: null, end_of_word_suffix: null, fuse_unk: true, byte_fallback: true, ignore_merges: false, vocab, merges },
  };
  change(j);
  const file = join(tmp('tokentax-hfsp-'), 'tokenizer.json');
  writeFileSync(file, JSON.stringify(j));
  return [file];
}

describe('hf-sp-bpe (a SentencePiece-style BPE tokenizer.json on tokentax\'s SentencePiece BPE)', () => {
  it('gives the ids of hf-json on a made-up file of Gemma 3\'s shape', async () => {
    const files = tinySpJson();
    const sp = await createHfSpBpeTokenizer(info('hf-sp-bpe'), files);
    const js = await createHfJsonTokenizer(info('hf-json'), files);
    for (const x of ['ab ab', ' ab', 'ab> </b', 'a>  </', 'b> </ ab> </', '<mask>ab\n\n\nb', '<bos> é😀', '▁ab  ', '']) {
      expect(Array.from(sp.encode(x)), JSON.stringify(x)).toEqual(Array.from(js.encode(x)));
      expect(sp.count(x), JSON.stringify(x)).toBe(js.count(x));
    }
    expect(sp.decode!(sp.encode('ab> </b é😀'))).toBe('ab> </b é😀');
    const extra = ['a', 'b', 'ab', '>', '<', '/', '</', '> </', '▁', 'é', '😀', '<mask>', '<bos>', '\n\n'];
    fc.assert(fc.property(arbitraryText(extra), (x) => sameIds(sp.encode(x), js.encode(x)) && sp.count(x) === js.count(x)), { seed: 20261124, numRuns: 1000 });
  });

  it('refuses a file of another shape, pointing at hf-json', async () => {
    const cases: [string, (j: Record<string, any>) => void][] = [
      ['a dummy prefix (Prepend normaliser)', (j) => (j.normalizer = { type: 'Sequence', normalizers: [{ type: 'Prepend', prepend: '▁' }, j.normalizer] })],
      ['a Metaspace pre-tokenizer', (j) => (j.pre_tokenizer = { type: 'Metaspace', replacement: '▁', prepend_scheme: 'first', split: true })],
      ['no byte fallback', (j) => (j.model.byte_fallback = false)],
      ['a byte piece missing', (j) => {
        j.model.vocab.zz = j.model.vocab['<0x41>'];
        delete j.model.vocab['<0x41>'];
      }],
      ['an added token matched on normalised text', (j) => (j.added_tokens[1].normalized = true)],
      ['a byte-level model', (j) => (j.model.type = 'WordPiece')],
    ];
    for (const [what, change] of cases) {
      const err = await createHfSpBpeTokenizer(info('hf-sp-bpe'), tinySpJson(change)).catch((e: unknown) => e);
      expect(isUserError(err), what).toBe(true);
      expect((err as Error).message, what).toMatch(/hf-json engine reads it/);
    }
  });
});

const gemma = builtinEntries().find((e) => e.id === 'gemma-3')!;
describe.skipIf(!installed(gemma))(`gemma-3: hf-sp-bpe = hf-json on arbitrary text${installed(gemma) ? '' : ` (skipped: opt-in pack not installed, ${gemma.optIn})`}`, () => {
  it('gives identical ids on 3,000 generated strings (fixed seed)', async () => {
    const sp = await load(gemma);
    expect(sp.info.engine).toBe('hf-sp-bpe');
    const js = await createHfJsonTokenizer({ ...gemma, engine: 'hf-json' }, sp.loadedFrom.files.map((f) => f.path));
    const extra = ['▁', '▁▁', '\n\n\n', '\t\t', '<mask>', '<unused0>', '<start_of_turn>', '<bos>', '<div>', '</p>', '> </', '[multimodal]'];
    fc.assert(fc.property(arbitraryText(extra), (x) => sameIds(sp.encode(x), js.encode(x)) && sp.count(x) === js.count(x)), { seed: 20261124, numRuns: 3000 });
  }, 120_000);
});
