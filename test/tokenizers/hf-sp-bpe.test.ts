// hf-sp-bpe: a SentencePiece-style BPE tokenizer.json on tokentax's SentencePiece BPE, against hf-json
// (@huggingface/tokenizers) on made-up files of Gemma 3's shape (byte fallback, a piece joining ">" to a
// following "▁", added tokens matched in the raw text, a special token left as text), of Mistral's (dummy prefix)
// and of Lucie-7B's (NFC, regex Replaces, Prepend), what it refuses, the real Gemma 3 file on generated strings
// when its opt-in pack is installed, and the real Mistral v3 and Lucie-7B files from ../shared: every FLORES dev
// and devtest line, the reference devtest totals, and generated strings.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isUserError } from '../../src/errors.js';
import { createHfJsonTokenizer } from '../../src/tokenizers/engines/hf-json.js';
import { createHfSpBpeTokenizer } from '../../src/tokenizers/engines/hf-sp-bpe.js';
import type { TokenizerInfo } from '../../src/types.js';
import { hasShared, NO_SHARED, SHARED_TOKENIZERS, tmp } from '../helpers.js';
import {
  arbitraryText,
  builtinEntries,
  flores,
  installed,
  LANGS,
  load,
  referenceCounts,
  sameIds,
} from './npm-shared.js';

const info = (engine: TokenizerInfo['engine']): TokenizerInfo => ({
  id: 'tiny-sp',
  name: 'tiny-sp',
  category: 'multilingual',
  org: 'test',
  region: 'test',
  models: [],
  vocabSize: 1,
  engine,
  source: { kind: 'file', ref: 'tiny-sp' },
  licence: 'test',
  provenance: 'test',
});

function tinySpJson(change: (j: Record<string, any>) => void = () => {}): string[] {
  const vocab: Record<string, number> = { '<pad>': 0, '<eos>': 1, '<bos>': 2, '<unk>': 3 };
  for (let b = 0; b < 256; b++) vocab[`<0x${b.toString(16).toUpperCase().padStart(2, '0')}>`] = 4 + b;
  for (const ch of ['▁', 'a', 'b', '>', '<', '/', '\n', 'é', '<mask>', '\n\n'])
    vocab[ch] = Object.keys(vocab).length;
  // ">▁</" joins ">" to the next word, as Gemma 3's only such piece does.
  const merges = [
    ['▁', 'a'],
    ['a', 'b'],
    ['▁a', 'b'],
    ['<', '/'],
    ['▁', '</'],
    ['>', '▁</'],
    ['▁', '▁'],
    ['b', '>'],
  ];
  for (const [x, y] of merges) vocab[x + y] ??= Object.keys(vocab).length;
  const j: Record<string, any> = {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: [
      {
        id: 2,
        content: '<bos>',
        single_word: false,
        lstrip: false,
        rstrip: false,
        normalized: false,
        special: true,
      },
      {
        id: vocab['<mask>'],
        content: '<mask>',
        single_word: false,
        lstrip: false,
        rstrip: false,
        normalized: false,
        special: false,
      },
      {
        id: vocab['\n\n'],
        content: '\n\n',
        single_word: false,
        lstrip: false,
        rstrip: false,
        normalized: false,
        special: false,
      },
      {
        id: vocab['\n'],
        content: '\n',
        single_word: false,
        lstrip: false,
        rstrip: false,
        normalized: false,
        special: false,
      },
    ],
    normalizer: { type: 'Replace', pattern: { String: ' ' }, content: '▁' },
    pre_tokenizer: { type: 'Split', pattern: { String: ' ' }, behavior: 'MergedWithPrevious', invert: false },
    post_processor: null,
    decoder: {
      type: 'Sequence',
      decoders: [
        { type: 'Replace', pattern: { String: '▁' }, content: ' ' },
        { type: 'ByteFallback' },
        { type: 'Fuse' },
      ],
    },
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
      merges,
    },
  };
  change(j);
  const file = join(tmp('tokentax-hfsp-'), 'tokenizer.json');
  writeFileSync(file, JSON.stringify(j));
  return [file];
}

describe("hf-sp-bpe (a SentencePiece-style BPE tokenizer.json on tokentax's SentencePiece BPE)", () => {
  it("gives the ids of hf-json on a made-up file of Gemma 3's shape", async () => {
    const files = tinySpJson();
    const sp = await createHfSpBpeTokenizer(info('hf-sp-bpe'), files);
    const js = await createHfJsonTokenizer(info('hf-json'), files);
    for (const x of [
      'ab ab',
      ' ab',
      'ab> </b',
      'a>  </',
      'b> </ ab> </',
      '<mask>ab\n\n\nb',
      '<bos> é😀',
      '▁ab  ',
      '',
    ]) {
      expect(Array.from(sp.encode(x)), JSON.stringify(x)).toEqual(Array.from(js.encode(x)));
      expect(sp.count(x), JSON.stringify(x)).toBe(js.count(x));
    }
    expect(sp.decode!(sp.encode('ab> </b é😀'))).toBe('ab> </b é😀');
    const extra = ['a', 'b', 'ab', '>', '<', '/', '</', '> </', '▁', 'é', '😀', '<mask>', '<bos>', '\n\n'];
    fc.assert(
      fc.property(
        arbitraryText(extra),
        (x) => sameIds(sp.encode(x), js.encode(x)) && sp.count(x) === js.count(x),
      ),
      { seed: 20261124, numRuns: 1000 },
    );
  });

  // Text the normalisers below act on: lone \r and \0 (Lucie removes them, maybe down to nothing), accents in
  // NFD form, the punctuation Lucie spaces out, emoji, CJK, characters outside the vocabulary.
  const EURO_EXTRA = [
    '\r',
    '\0',
    '\r\r',
    '\0 ',
    'e\u0301',
    'a\u0300b',
    'n\u0303',
    '(',
    '[a',
    '{',
    '/b',
    '<a',
    "'",
    '’a',
    '"',
    '«',
    '“b',
    '—',
    '–a',
    '―',
    '\t',
    '\n ',
    '\u00A0',
    '😀',
    '語',
    '\u{10FFFF}',
    'ab',
    ' ab',
    '▁',
  ];

  it('gives the ids of hf-json on a made-up file of Mistral\'s shape (dummy prefix: Prepend "▁", Replace " " → "▁")', async () => {
    const files = tinySpJson((j) => {
      j.normalizer = { type: 'Sequence', normalizers: [{ type: 'Prepend', prepend: '▁' }, j.normalizer] };
      j.pre_tokenizer = null;
    });
    const sp = await createHfSpBpeTokenizer(info('hf-sp-bpe'), files);
    const js = await createHfJsonTokenizer(info('hf-json'), files);
    // Prepend acts on each non-empty piece between added tokens ("<mask>" here), never on an empty text.
    for (const x of ['', ' ', 'ab', 'ab<mask>', '<mask>ab', '<mask><mask>', 'a\n\nb', '\n\n', ' <mask> ']) {
      expect(Array.from(sp.encode(x)), JSON.stringify(x)).toEqual(Array.from(js.encode(x)));
      expect(sp.count(x), JSON.stringify(x)).toBe(js.count(x));
    }
    expect(sp.decode!(sp.encode('ab <mask> é😀'))).toBe(js.decode!(js.encode('ab <mask> é😀')));
    fc.assert(
      fc.property(
        arbitraryText([...EURO_EXTRA, '<mask>', '\n\n']),
        (x) => sameIds(sp.encode(x), js.encode(x)) && sp.count(x) === js.count(x),
      ),
      { seed: 20261125, numRuns: 1000 },
    );
  });

  it('gives the ids of hf-json on a made-up file of Lucie-7B\'s shape (NFC, regex Replaces, Prepend " ", Replace "[ \\u00A0]")', async () => {
    const files = tinySpJson((j) => {
      j.normalizer = {
        type: 'Sequence',
        normalizers: [
          { type: 'NFC' },
          { type: 'Replace', pattern: { Regex: '[\\r\\x00]' }, content: '' },
          { type: 'Replace', pattern: { Regex: '\\\n(?=[ \\w])' }, content: '\n ' },
          { type: 'Replace', pattern: { Regex: '\\((?=[ \\w])' }, content: '( ' },
          { type: 'Replace', pattern: { Regex: '’(?=[ \\w])' }, content: '’ ' },
          { type: 'Prepend', prepend: ' ' },
          { type: 'Replace', pattern: { Regex: '[ \\u00A0]' }, content: '▁' },
        ],
      };
      j.pre_tokenizer = null;
    });
    const sp = await createHfSpBpeTokenizer(info('hf-sp-bpe'), files);
    const js = await createHfJsonTokenizer(info('hf-json'), files);
    // "\r" alone: the library prepends after the Replace emptied it (one "▁"; the Rust library gives none).
    for (const x of ['', '\r', '\0\r', 'e\u0301', '(ab', '\nab', '\n\u00E9', '’ab', 'a\u00A0b', '<mask>\r']) {
      expect(Array.from(sp.encode(x)), JSON.stringify(x)).toEqual(Array.from(js.encode(x)));
      expect(sp.count(x), JSON.stringify(x)).toBe(js.count(x));
    }
    fc.assert(
      fc.property(
        arbitraryText([...EURO_EXTRA, '<mask>']),
        (x) => sameIds(sp.encode(x), js.encode(x)) && sp.count(x) === js.count(x),
      ),
      { seed: 20261126, numRuns: 1000 },
    );
  });

  it('refuses a file of another shape, pointing at hf-json', async () => {
    const cases: [string, (j: Record<string, any>) => void][] = [
      [
        'a Lowercase normaliser',
        (j) => (j.normalizer = { type: 'Sequence', normalizers: [{ type: 'Lowercase' }, j.normalizer] }),
      ],
      ['a split on " " after a normaliser that leaves spaces', (j) => (j.normalizer = { type: 'NFC' })],
      [
        'a Metaspace pre-tokenizer',
        (j) =>
          (j.pre_tokenizer = { type: 'Metaspace', replacement: '▁', prepend_scheme: 'first', split: true }),
      ],
      ['no byte fallback', (j) => (j.model.byte_fallback = false)],
      [
        'a byte piece missing',
        (j) => {
          j.model.vocab.zz = j.model.vocab['<0x41>'];
          delete j.model.vocab['<0x41>'];
        },
      ],
      ['an added token matched on normalised text', (j) => (j.added_tokens[1].normalized = true)],
      ['a byte-level model', (j) => (j.model.type = 'WordPiece')],
    ];
    for (const [what, change] of cases) {
      const err = await createHfSpBpeTokenizer(info('hf-sp-bpe'), tinySpJson(change)).catch(
        (e: unknown) => e,
      );
      expect(isUserError(err), what).toBe(true);
      expect((err as Error).message, what).toMatch(/hf-json engine reads it/);
    }
  });
});

const gemma = builtinEntries().find((e) => e.id === 'gemma-3')!;
describe.skipIf(!installed(gemma))(
  `gemma-3: hf-sp-bpe = hf-json on arbitrary text${installed(gemma) ? '' : ` (skipped: opt-in pack not installed, ${gemma.optIn})`}`,
  () => {
    it('gives identical ids on 3,000 generated strings (fixed seed)', async () => {
      const sp = await load(gemma);
      expect(sp.info.engine).toBe('hf-sp-bpe');
      const js = await createHfJsonTokenizer(
        { ...gemma, engine: 'hf-json' },
        sp.loadedFrom.files.map((f) => f.path),
      );
      const extra = [
        '▁',
        '▁▁',
        '\n\n\n',
        '\t\t',
        '<mask>',
        '<unused0>',
        '<start_of_turn>',
        '<bos>',
        '<div>',
        '</p>',
        '> </',
        '[multimodal]',
      ];
      fc.assert(
        fc.property(
          arbitraryText(extra),
          (x) => sameIds(sp.encode(x), js.encode(x)) && sp.count(x) === js.count(x),
        ),
        { seed: 20261124, numRuns: 3000 },
      );
    }, 120_000);
  },
);

// The real tokenizer.json files hf-sp-bpe counts (Lucie-7B; Mistral v3's and Mistral 7B v0.1's when no tokenizer.model is beside them).
const REAL: [dir: string, ref: string][] = [
  ['mistral-v3-spm', 'mistral-v1'],
  ['mistral-7b-v0.1', 'mistral-v1'],
  ['lucie-7b', 'lucie-7b'],
];
describe.skipIf(!hasShared)(
  `real files: hf-sp-bpe = hf-json${hasShared ? '' : ` (skipped: ${NO_SHARED})`}`,
  () => {
    const EXTRA = [
      '\r',
      '\0',
      '\r\n',
      'e\u0301',
      'a\u0300',
      '(',
      '[',
      '/',
      '<',
      "'",
      '’',
      '"',
      '«',
      '“',
      '—',
      '–',
      '\n ',
      '\u00A0',
      '😀',
      '語',
      '\u{10FFFF}',
      '<s>',
      '[INST]',
      '▁',
    ];
    for (const [dir, ref] of REAL) {
      it(`${dir}: identical ids on every FLORES dev+devtest line (en/fr/de/es), reference devtest totals, 3,000 generated strings`, async () => {
        const file = join(SHARED_TOKENIZERS, dir, 'tokenizer.json');
        const sp = await createHfSpBpeTokenizer(info('hf-sp-bpe'), [file]);
        const js = await createHfJsonTokenizer(info('hf-json'), [file]);
        const totals: Record<string, number> = {};
        let lines = 0;
        for (const split of ['dev', 'devtest'] as const) {
          for (const lang of Object.keys(LANGS) as (keyof typeof LANGS)[]) {
            for (const line of flores(lang, split)) {
              const ids = sp.encode(line);
              if (!sameIds(ids, js.encode(line)) || sp.count(line) !== ids.length)
                expect.fail(`${dir} ${split} ${lang}: ${JSON.stringify(line)}`);
              if (split === 'devtest') totals[lang] = (totals[lang] ?? 0) + ids.length;
              lines++;
            }
          }
        }
        expect(lines).toBe(8036);
        expect(totals).toEqual(referenceCounts().get(ref));
        fc.assert(
          fc.property(
            arbitraryText(EXTRA),
            (x) => sameIds(sp.encode(x), js.encode(x)) && sp.count(x) === js.count(x),
          ),
          { seed: 20261127, numRuns: 3000 },
        );
      }, 120_000);
    }
  },
);
