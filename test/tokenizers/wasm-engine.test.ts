// The engines on tiktoken's WASM BPE (src/tokenizers/engines/wasm-bpe.ts, tiktoken-wasm.ts): the core on a
// made-up vocabulary (encode = count, special-token text counted as text, added tokens, decode, dispose,
// damaged input), the rank-format helpers, the Hugging Face byte-level BPE reader against hf-json, and the
// pre-tokenizer's \s, which is Unicode White_Space (as in Python tiktoken) rather than JavaScript's \s.
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { isUserError } from '../../src/errors.js';
import { createHfJsonTokenizer } from '../../src/tokenizers/engines/hf-json.js';
import { BYTE_LEVEL_CHAR_TO_BYTE, byteLevelToBytes } from '../../src/tokenizers/engines/shared.js';
import { createHfBpeWasmTokenizer } from '../../src/tokenizers/engines/tiktoken-wasm.js';
import type { Tiktoken } from 'tiktoken/lite';
import {
  byteLevelBfe,
  shiftCompressedRanks,
  tiktokenLite,
  wasmBpeTokenizer,
  type WasmBpeOptions,
} from '../../src/tokenizers/engines/wasm-bpe.js';
import { DEEPSEEK_V3_SPLITS } from '../../src/tokenizers/engines/split-sequences.js';
import type { LoadedFrom, TokenizerInfo } from '../../src/types.js';
import { tmp } from '../helpers.js';
import { arbitraryText, builtinEntries, installed, load, sameIds } from './npm-shared.js';

const require = createRequire(import.meta.url);
const info = (id: string, engine: TokenizerInfo['engine'] = 'tiktoken-wasm'): TokenizerInfo => ({
  id,
  name: id,
  category: 'multilingual',
  org: 'test',
  region: 'test',
  models: [],
  vocabSize: 1,
  engine,
  source: { kind: 'file', ref: id },
  licence: 'test',
  provenance: 'test',
});
const loadedFrom: LoadedFrom = { kind: 'file', ref: 'test', files: [] };
const b64 = (s: string | number[]) =>
  Buffer.from(typeof s === 'string' ? Buffer.from(s, 'utf8') : Uint8Array.from(s)).toString('base64');

/** A made-up vocabulary: the 256 bytes at ranks 0-255, "ab" 256, "abc" 257, "é" 258; split on whitespace runs. */
function tiny(extra: Partial<WasmBpeOptions> = {}) {
  const lines = [
    ...Array.from({ length: 256 }, (_, b) => `${b64([b])} ${b}`),
    `${b64('ab')} 256`,
    `${b64('abc')} 257`,
    `${b64('é')} 258`,
  ];
  return wasmBpeTokenizer({
    info: info('tiny'),
    loadedFrom,
    file: 'tiny.tiktoken',
    bfe: lines.join('\n'),
    pattern: '\\s+|\\S+',
    specialName: (id) => (id === 300 ? '<|end|>' : undefined),
    ...extra,
  });
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('the WASM BPE core on a made-up vocabulary', () => {
  it('encodes with the lowest-rank merges and counts what it encodes', () => {
    const t = tiny();
    expect(Array.from(t.encode('abc abd'))).toEqual([257, 32, 256, 100]);
    for (const x of ['', 'a', 'abc abd', '  \n\n x', 'été', '😀 ab'])
      expect(t.count(x), x).toBe(t.encode(x).length);
    expect(t.count('')).toBe(0);
  });

  it('counts special-token text as the characters it is', () => {
    const t = tiny();
    const ids = Array.from(t.encode('<|end|>'));
    expect(ids).toEqual(Array.from(Buffer.from('<|end|>')));
    expect(t.decode!(ids)).toBe('<|end|>');
  });

  it('decodes back to the text, names special and unknown ids, shows split characters as bytes', () => {
    const t = tiny();
    for (const x of ['abc abd', 'été 😀', '\uFEFFbom', ' ']) expect(t.decode!(t.encode(x)), x).toBe(x);
    expect(t.decode!([257, 300])).toBe('abc<|end|>');
    expect(t.tokenStrings!([257, 300, 99999, 258, 0xf0])).toEqual([
      'abc',
      '<|end|>',
      '<unknown id 99999>',
      'é',
      '<0xF0>',
    ]);
    expect(t.isFallback!(0)).toBe(false);
  });

  it('dispose() frees the WASM encoder once; the tokenizer refuses to count afterwards', () => {
    const free = vi.spyOn(tiktokenLite().prototype, 'free');
    const t = tiny();
    t.dispose!();
    t.dispose!();
    expect(free).toHaveBeenCalledTimes(1);
    expect(() => t.count('abc')).toThrow(/tiny was disposed/);
  });

  it('matches added tokens in the raw text, longest first, and normalises the text between them', () => {
    const t = tiny({
      added: new Map([
        ['<x>', 400],
        ['<x>>', 401],
      ]),
      normalize: (s) => s.normalize('NFC'),
    });
    expect(Array.from(t.encode('e\u0301<x>abc'))).toEqual([258, 400, 257]);
    expect(Array.from(t.encode('<x>><x>'))).toEqual([401, 400]);
    expect(Array.from(t.encode('<x'))).toEqual([60, 120]);
    expect(t.count('ab<x>ab<x>')).toBe(4);
    expect(t.decode!(t.encode('e\u0301<x>abc'))).toBe('é<x>abc');
    expect(t.tokenStrings!([401])).toEqual(['<x>>']);
  });

  it('refuses ranks or a pattern tiktoken cannot read, with a UserError, and keeps working afterwards', () => {
    for (const bad of [{ pattern: '(unclosed' }, { bfe: 'not base64! 3' }, { bfe: '' }]) {
      let err: unknown;
      try {
        tiny(bad);
      } catch (e) {
        err = e;
      }
      expect(isUserError(err), JSON.stringify(bad)).toBe(true);
      expect((err as Error).message).toMatch(/tiny/);
    }
    expect(tiny().count('abc abd')).toBe(4);
  });
});

describe('rank-format helpers', () => {
  it('shiftCompressedRanks shifts and truncates compressed lines, and refuses other formats', () => {
    const text = '! 0 QQ== Qg== Qw==\n! 3 RA== RQ==\n';
    expect(shiftCompressedRanks(text)).toEqual({ bfe: '! 0 QQ== Qg== Qw==\n! 3 RA== RQ==', ranks: 5 });
    expect(shiftCompressedRanks(text, 1000, 4)).toEqual({
      bfe: '! 1000 QQ== Qg== Qw==\n! 1003 RA==',
      ranks: 4,
    });
    expect(shiftCompressedRanks('QQ== 0')).toBeUndefined();
  });

  it('byteLevelBfe writes the bytes of byte-level tokens as base64 rank lines', () => {
    const tokens = [
      'Ġthe',
      'Ċ',
      'Ã©',
      'a'.repeat(300),
      'ĠĠĠĠĠĠĠĠĠĠĠĠĠĠĠĠĠĠĠĠĠĠĠĠĠĠĠĠĠĠĠĠĠĠĠĠĠĠĠĠĠĠĠĠĠĠĠĠĠĠĠĠĠĠĠĠĠĠĠĠĠĠĠĠĠĠĠĠĠĠ',
    ];
    const ids = [5, 17, 1234567, 3, 42];
    const want = tokens
      .map((t, i) => `${Buffer.from(byteLevelToBytes(t)!).toString('base64')} ${ids[i]}`)
      .join('\n');
    expect(byteLevelBfe(tokens, ids)).toEqual({ bfe: want });
    expect(byteLevelBfe(['a', 'b€', 'c'], [0, 1, 2])).toEqual({ bad: 1 });
    expect(byteLevelBfe(['a', ''], [0, 1])).toEqual({ bad: 1 });
  });
});

// ---------------------------------------------------------------- hf-bpe-wasm on a made-up tokenizer.json

const BYTE_CHAR = new Map([...BYTE_LEVEL_CHAR_TO_BYTE].map(([ch, b]) => [b, ch]));
const bl = (s: string) => Array.from(Buffer.from(s, 'utf8'), (b) => BYTE_CHAR.get(b)!).join('');

function tinyHfJson(change: (j: Record<string, any>) => void = () => {}): string[] {
  const vocab: Record<string, number> = {};
  for (let b = 0; b < 256; b++) vocab[BYTE_CHAR.get(b)!] = b;
  // " a" 256, "ab" 257, "bc" 258, "abc" 259, " abc" 260, "é" 261 (bytes C3 A9).
  const merges = [
    [bl(' '), bl('a')],
    [bl('a'), bl('b')],
    [bl('b'), bl('c')],
    [bl('ab'), bl('c')],
    [bl(' a'), bl('bc')],
    [BYTE_CHAR.get(0xc3)!, BYTE_CHAR.get(0xa9)!],
  ];
  merges.forEach(([x, y], i) => (vocab[x + y] = 256 + i));
  const j: Record<string, any> = {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: [
      {
        id: 262,
        content: '<|endoftext|>',
        single_word: false,
        lstrip: false,
        rstrip: false,
        normalized: false,
        special: true,
      },
      {
        id: 263,
        content: '<think>',
        single_word: false,
        lstrip: false,
        rstrip: false,
        normalized: false,
        special: false,
      },
    ],
    normalizer: { type: 'NFC' },
    pre_tokenizer: {
      type: 'Sequence',
      pretokenizers: [
        {
          type: 'Split',
          pattern: {
            Regex:
              "(?i:'s|'t)|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+",
          },
          behavior: 'Isolated',
          invert: false,
        },
        { type: 'ByteLevel', add_prefix_space: false, trim_offsets: false, use_regex: false },
      ],
    },
    post_processor: null,
    decoder: { type: 'ByteLevel', add_prefix_space: false, trim_offsets: false, use_regex: false },
    model: {
      type: 'BPE',
      dropout: null,
      unk_token: null,
      continuing_subword_prefix: '',
      end_of_word_suffix: '',
      fuse_unk: false,
      byte_fallback: false,
      ignore_merges: false,
      vocab,
      merges,
    },
  };
  change(j);
  const dir = tmp('tokentax-hfbpe-');
  const file = join(dir, 'tokenizer.json');
  writeFileSync(file, JSON.stringify(j));
  return [file];
}

describe('hf-bpe-wasm (a byte-level BPE tokenizer.json on tiktoken)', () => {
  it('gives the ids of hf-json on a made-up tokenizer.json, added tokens included', async () => {
    const files = tinyHfJson();
    const wasm = await createHfBpeWasmTokenizer(info('tiny-hf', 'hf-bpe-wasm'), files);
    const js = await createHfJsonTokenizer(info('tiny-hf', 'hf-json'), files);
    for (const x of [
      'abc abc',
      ' abcab',
      "l'abc's",
      'e\u0301té <think>abc</think>',
      '<|endoftext|> x',
      '  \n\t 12 ab\u0085\u0085 c',
      '😀 é',
    ]) {
      expect(Array.from(wasm.encode(x)), x).toEqual(Array.from(js.encode(x)));
      expect(wasm.count(x), x).toBe(js.count(x));
      expect(wasm.decode!(wasm.encode(x)), x).toBe(x.normalize('NFC'));
    }
    expect(Array.from(wasm.encode(' abc'))).toEqual([260]);
    expect(Array.from(wasm.encode('é<think>'))).toEqual([261, 263]);
    expect(wasm.tokenStrings!([260, 263, 262, 261])).toEqual([' abc', '<think>', '<|endoftext|>', 'é']);
  });

  it('reads an empty normaliser Sequence as none, and leaves special tokens no merge creates out of the ranks', async () => {
    const files = tinyHfJson((j) => {
      j.normalizer = { type: 'Sequence', normalizers: [] };
      j.model.vocab['<|endoftext|>'] = 262; // as DeepSeek's "<｜begin▁of▁sentence｜>" (id 0)
    });
    const wasm = await createHfBpeWasmTokenizer(info('tiny-hf', 'hf-bpe-wasm'), files);
    const js = await createHfJsonTokenizer(info('tiny-hf', 'hf-json'), files);
    for (const x of ['abc <|endoftext|>', 'e\u0301 abc', '<think>'])
      expect(Array.from(wasm.encode(x)), x).toEqual(Array.from(js.encode(x)));
    expect(wasm.tokenStrings!([262])).toEqual(['<|endoftext|>']);
  });

  it("refuses a tokenizer.json whose BPE would not be tiktoken's, pointing at hf-json", async () => {
    const cases: [string, (j: Record<string, any>) => void][] = [
      [
        'merges out of id order',
        (j) => ([j.model.merges[1], j.model.merges[2]] = [j.model.merges[2], j.model.merges[1]]),
      ],
      ['a token no merge creates', (j) => (j.model.vocab[bl('xyz')] = 300)],
      [
        'ByteLevel with its own regex',
        (j) => (j.pre_tokenizer = { type: 'ByteLevel', add_prefix_space: false, use_regex: true }),
      ],
      ['byte fallback', (j) => (j.model.byte_fallback = true)],
      ['a Lowercase normaliser', (j) => (j.normalizer = { type: 'Lowercase' })],
      ['an added token with lstrip', (j) => (j.added_tokens[1].lstrip = true)],
      [
        'two Splits in sequence it does not know as one pattern',
        (j) =>
          j.pre_tokenizer.pretokenizers.unshift({
            type: 'Split',
            pattern: { Regex: '\\p{N}' },
            behavior: 'Isolated',
            invert: false,
          }),
      ],
    ];
    for (const [what, change] of cases) {
      const err = await createHfBpeWasmTokenizer(info('tiny-hf', 'hf-bpe-wasm'), tinyHfJson(change)).catch(
        (e: unknown) => e,
      );
      expect(isUserError(err), what).toBe(true);
      expect((err as Error).message, what).toMatch(/hf-json engine reads it/);
    }
  });
});

// ---------------------------------------------------------------- the built-in entries

const entries = builtinEntries();
const byId = (id: string) => entries.find((e) => e.id === id)!;
const same = sameIds;
const text = arbitraryText();

describe.skipIf(!installed(byId('qwen-3')))('qwen-3: hf-bpe-wasm = hf-json on arbitrary text', () => {
  it('gives identical ids on 3,000 generated strings (fixed seed)', async () => {
    const wasm = await load(byId('qwen-3'));
    expect(wasm.info.engine).toBe('hf-bpe-wasm');
    const spec = { ...byId('qwen-3'), engine: 'hf-json' as const };
    const files = wasm.loadedFrom.files.map((f) => f.path);
    const js = await createHfJsonTokenizer(spec, files);
    fc.assert(
      fc.property(text, (x) => same(wasm.encode(x), js.encode(x)) && wasm.count(x) === js.count(x)),
      { seed: 20261124, numRuns: 3000 },
    );
  });
});

// ---------------------------------------------------------------- several Splits as one pattern (DeepSeek-V3)

// DeepSeek-V3's pre-tokenizer in tokenizer.json's form: its three Splits (the list split-sequences.ts recognises;
// optin-flores.test.ts checks the real file carries exactly these) then ByteLevel without regex.
const DEEPSEEK_PRE = {
  type: 'Sequence',
  pretokenizers: [
    ...DEEPSEEK_V3_SPLITS.map((r) => ({
      type: 'Split',
      pattern: { Regex: r },
      behavior: 'Isolated',
      invert: false,
    })),
    { type: 'ByteLevel', add_prefix_space: false, trim_offsets: true, use_regex: false },
  ],
};

/**
 * The 256 bytes plus every pair of bytes as a merge: any two adjacent bytes of one piece can merge, so a text
 * cut into pieces differently is (almost always) encoded differently, whatever its characters.
 */
function everyBytePair(j: Record<string, any>): void {
  const vocab: Record<string, number> = {};
  const merges: [string, string][] = [];
  for (let b = 0; b < 256; b++) vocab[BYTE_CHAR.get(b)!] = b;
  for (let a = 0; a < 256; a++) {
    for (let b = 0; b < 256; b++) {
      merges.push([BYTE_CHAR.get(a)!, BYTE_CHAR.get(b)!]);
      vocab[BYTE_CHAR.get(a)! + BYTE_CHAR.get(b)!] = 255 + merges.length;
    }
  }
  Object.assign(j.model, { vocab, merges });
  j.added_tokens = [];
  j.normalizer = { type: 'Sequence', normalizers: [] };
  j.pre_tokenizer = DEEPSEEK_PRE;
}

// Characters at the edges of the three Splits' classes: digits of other scripts, the CJK ranges' ends and
// neighbours, Katakana punctuation and Hiragana marks inside them, unassigned code points of the Hiragana
// block, format and control characters (in no class the third Split starts with), ASCII punctuation + letters.
const DEEPSEEK_PIECES = [
  '日本',
  '一',
  '龥',
  '\u9fa6',
  '〇',
  'ぁ',
  'ア',
  'ヿ',
  '・',
  '゠',
  'ー',
  '゛',
  '\u3099',
  '\u3040',
  '\u3097',
  '\u3000',
  '1234567',
  '٣',
  '½',
  '\u200D',
  '\u00AD',
  '\u0001',
  '\u{E0001}',
  '.com',
  '-x',
  '$US',
  '\r',
  'ǅ',
  'ß',
  '\u0301',
];

/**
 * Whether tiktoken's Rust regex and this Node's RegExp put every character of x in the same classes (those the
 * patterns use). tiktoken 1.0.22's tables are Unicode 16; Node's are its ICU's (Unicode 17 on Node 20.20), so
 * the code points assigned in Unicode 17 (CJK Extension J, ...) are letters for hf-json and unassigned for the
 * WASM engines, which then cut such text differently: a known limit of every WASM engine, not tested here.
 */
const PROBE_CLASSES = ['\\p{L}', '\\p{M}', '\\p{N}', '\\p{P}', '\\p{S}', '\\p{White_Space}'];
let probes: { rust: Tiktoken; js: RegExp }[] | undefined;
function sameUnicode(x: string): boolean {
  const Tiktoken = tiktokenLite();
  probes ??= PROBE_CLASSES.map((c) => ({
    rust: new Tiktoken(Array.from({ length: 256 }, (_, b) => `${b64([b])} ${b}`).join('\n'), {}, c),
    js: new RegExp(c, 'u'),
  }));
  for (const ch of x)
    for (const p of probes) if (p.rust.encode_ordinary(ch).length > 0 !== p.js.test(ch)) return false;
  return true;
}

describe("hf-bpe-wasm on DeepSeek-V3's three Splits in sequence (one combined pattern, split-sequences.ts)", () => {
  it('gives the ids of hf-json on 3,000 generated strings (fixed seed), every byte pair a merge', async () => {
    const files = tinyHfJson(everyBytePair);
    const wasm = await createHfBpeWasmTokenizer(info('pairs', 'hf-bpe-wasm'), files);
    const js = await createHfJsonTokenizer(info('pairs', 'hf-json'), files);
    for (const x of [
      'a  1',
      '日本語 テキスト・カタカナ',
      'x\u200B\u200By \u200B',
      '\u3040ぁ\u3097',
      'ab12345 6',
      ' \r\n\r\n .,!a',
    ]) {
      expect(Array.from(wasm.encode(x)), JSON.stringify(x)).toEqual(Array.from(js.encode(x)));
    }
    fc.assert(
      fc.property(arbitraryText(DEEPSEEK_PIECES), (x) => {
        fc.pre(sameUnicode(x));
        return same(wasm.encode(x), js.encode(x));
      }),
      { seed: 20261124, numRuns: 3000 },
    );
    expect(sameUnicode('\u{323C0}'), 'U+323C0 (Unicode 17) is classed alike: drop the precondition').toBe(
      false,
    );
    wasm.dispose?.();
  }, 60_000);
});

const deepseek = byId('deepseek-v3');
describe.skipIf(!installed(deepseek))(
  `deepseek-v3: hf-bpe-wasm = hf-json on arbitrary text${installed(deepseek) ? '' : ` (skipped: opt-in pack not installed, ${deepseek.optIn})`}`,
  () => {
    it('gives identical ids on 3,000 generated strings (fixed seed)', async () => {
      const wasm = await load(deepseek);
      expect(wasm.info.engine).toBe('hf-bpe-wasm');
      const js = await createHfJsonTokenizer(
        { ...deepseek, engine: 'hf-json' },
        wasm.loadedFrom.files.map((f) => f.path),
      );
      fc.assert(
        fc.property(arbitraryText(DEEPSEEK_PIECES), (x) => {
          fc.pre(sameUnicode(x));
          return same(wasm.encode(x), js.encode(x)) && wasm.count(x) === js.count(x);
        }),
        { seed: 20261124, numRuns: 3000 },
      );
    }, 120_000);
  },
);

describe("OpenAI encodings (gpt-tokenizer-wasm: such text goes to WASM): the pre-tokenizer's \\s is Unicode White_Space, as in Python tiktoken", () => {
  // js-tiktoken runs OpenAI's patterns as JavaScript regexes, whose \s also matches U+FEFF and misses U+0085.
  // With \s and \S written as White_Space classes it gives the WASM engine's ids; as is, it differs on such text.
  it.each(['gpt2', 'cl100k_base', 'o200k_base'])('%s', async (id) => {
    const { Tiktoken } = await import('js-tiktoken/lite');
    const ranks = require(`js-tiktoken/ranks/${id === 'gpt2' ? 'r50k_base' : id}`) as {
      pat_str: string;
      bpe_ranks: string;
      special_tokens: Record<string, number>;
    };
    const whiteSpace = new Tiktoken({
      ...ranks,
      pat_str: ranks.pat_str.replaceAll('\\s', '\\p{White_Space}').replaceAll('\\S', '\\P{White_Space}'),
    });
    const plain = new Tiktoken(ranks);
    const tok = await load(byId(id));
    expect(tok.info.engine).toBe('gpt-tokenizer-wasm');
    fc.assert(
      fc.property(
        text,
        (x) =>
          same(tok.encode(x), whiteSpace.encode(x, [], [])) &&
          tok.count(x) === whiteSpace.encode(x, [], []).length,
      ),
      { seed: 20261124, numRuns: 1000 },
    );
    for (const x of ["\uFEFF's", '\u0085 \u0085a']) {
      expect(Array.from(tok.encode(x)), JSON.stringify(x)).toEqual(whiteSpace.encode(x, [], []));
      expect(tok.count(x), JSON.stringify(x)).toBe(whiteSpace.encode(x, [], []).length);
      expect(Array.from(tok.encode(x)), JSON.stringify(x)).not.toEqual(plain.encode(x, [], []));
    }
  });
});
