// The gpt-tokenizer-wasm engine (src/tokenizers/engines/gpt-tokenizer-wasm.ts): texts whose characters
// gpt-tokenizer's JavaScript pattern splits as tiktoken's Rust one are counted piece by piece with a cache,
// the others by tiktoken's WASM build. Pinned here: which characters below U+3000 the two split differently on
// this Node (exactly JS_UNSAFE for its Unicode version), and that count() and encode() give tiktoken's ids on
// FLORES and on random strings.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { JS_LIMIT, JS_UNSAFE, wasmOnly } from '../../src/tokenizers/engines/gpt-tokenizer-wasm.js';
import { createTiktokenWasmTokenizer } from '../../src/tokenizers/engines/tiktoken-wasm.js';
import type { Tokenizer } from '../../src/types.js';
import { hasShared, NO_SHARED } from '../helpers.js';
import { builtinEntries, flores, LANGS, type Lang4, load, referenceCounts } from './npm-shared.js';

const IDS = ['gpt2', 'cl100k_base', 'o200k_base'] as const;
const entry = (id: string) => builtinEntries().find((e) => e.id === id)!;

/** gpt-tokenizer's own encode (the pattern and BPE the engine uses) and tiktoken's WASM encoder, same ranks. */
async function pair(id: string): Promise<{ js: (s: string) => number[]; wasm: Tokenizer }> {
  const e = entry(id);
  const name = id === 'gpt2' ? 'r50k_base' : id;
  const m = (await import(`gpt-tokenizer/encoding/${name}`)) as {
    encode: (s: string, o: unknown) => number[];
  };
  const tok = await load(e);
  const wasm = await createTiktokenWasmTokenizer(
    { ...e, engine: 'tiktoken-wasm' },
    tok.loadedFrom.files.map((f) => f.path),
  );
  return { js: (s) => m.encode(s, { disallowedSpecial: new Set() }), wasm };
}

const contexts = (c: string) => [
  c,
  `a${c}`,
  `${c}a`,
  ` ${c}`,
  `${c} `,
  `A${c}a`,
  `a${c}A`,
  `1${c}2`,
  `x'${c}`,
  `${c}${c}${c}`,
  `\n${c}`,
  `${c}\n`,
  ` ${c}x`,
  `.${c}.`,
  `${c}  x`,
  `  ${c}`,
  `${c}'s`,
  `é${c}é`,
  `${c}\r\n`,
  `\t${c}\t`,
];
const same = (a: ArrayLike<number>, b: ArrayLike<number>) =>
  a.length === b.length && Array.prototype.every.call(a, (x: number, i: number) => x === b[i]);

const listed = JS_UNSAFE[process.versions.unicode ?? ''];

describe('gpt-tokenizer-wasm: where gpt-tokenizer splits as tiktoken', () => {
  it.skipIf(listed === undefined)(
    `below U+3000, the characters gpt-tokenizer splits unlike tiktoken are exactly JS_UNSAFE['${process.versions.unicode}'] (each code point in 20 contexts, three encodings)`,
    async () => {
      const unsafe = wasmOnly();
      for (const id of IDS) {
        const { js, wasm } = await pair(id);
        const differ: string[] = [];
        const expected: string[] = [];
        for (let cp = 0; cp < JS_LIMIT; cp++) {
          const c = String.fromCharCode(cp);
          if (contexts(c).some((s) => !same(js(s), wasm.encode(s)))) differ.push(cp.toString(16));
          if (unsafe.test(c)) expected.push(cp.toString(16));
        }
        // Each character that splits differently is listed; for o200k_base (whose pattern uses the most classes)
        // each listed one does split differently.
        expect(
          differ.filter((cp) => !expected.includes(cp)),
          id,
        ).toEqual([]);
        if (id === 'o200k_base') expect(differ).toEqual(expected);
        wasm.dispose?.();
      }
    },
    300_000,
  );
  if (listed === undefined)
    it.skip(`this Node's Unicode ${process.versions.unicode} is not in JS_UNSAFE: every text goes to WASM`, () => {});

  it('sends every text to WASM on a Node whose Unicode version was not checked', () => {
    const re = wasmOnly('99.0');
    for (const s of ['', 'hello', 'é']) expect(re.test(s)).toBe(true);
    const here = wasmOnly('17.0');
    expect(['hello', 'Ça va', ''].some((s) => here.test(s))).toBe(false);
    for (const s of ['a\u0085b', '\uFEFFx', 'emoji 😀', 'lone \ud800', '東京', 'a\u3000b'])
      expect(here.test(s), JSON.stringify(s)).toBe(true);
  });
});

describe('gpt-tokenizer-wasm counts as tiktoken', () => {
  const text = fc
    .array(
      fc.oneof(
        fc.constantFrom(
          'hello',
          ' world',
          "'s",
          "'LL",
          ' ',
          '  ',
          '\n',
          '\r\n',
          '\t',
          '123',
          '4567',
          'é',
          'ß',
          'Ω',
          'жд',
          '東京',
          '😀',
          '\u0085',
          '\uFEFF',
          '\u00a0',
          '...',
          '!?',
          "l'été",
          'ſ',
        ),
        fc.integer({ min: 0, max: 0x2fff }).map((cp) => String.fromCharCode(cp)),
      ),
      { maxLength: 24 },
    )
    .map((xs) => xs.join(''));

  for (const id of IDS) {
    it(`${id}: count() and encode() equal tiktoken WASM on 3,000 random strings (fixed seed)`, async () => {
      const tok = await load(entry(id));
      expect(tok.info.engine).toBe('gpt-tokenizer-wasm');
      const { wasm } = await pair(id);
      fc.assert(
        fc.property(text, (x) => tok.count(x) === wasm.count(x) && same(tok.encode(x), wasm.encode(x))),
        { seed: 20261202, numRuns: 3000 },
      );
      wasm.dispose?.();
    });
  }

  it.skipIf(!hasShared)(
    `count() equals tiktoken WASM on every FLORES dev+devtest line, and the devtest totals the reference${hasShared ? '' : ` (skipped: ${NO_SHARED})`}`,
    async () => {
      const ref = referenceCounts();
      for (const id of IDS) {
        const tok = await load(entry(id));
        const { wasm } = await pair(id);
        const totals = {} as Record<Lang4, number>;
        for (const lang of Object.keys(LANGS) as Lang4[]) {
          totals[lang] = 0;
          for (const split of ['dev', 'devtest'] as const) {
            for (const line of flores(lang, split)) {
              const n = tok.count(line);
              if (n !== wasm.count(line)) expect(n, `${id} ${lang}: ${line}`).toBe(wasm.count(line));
              if (split === 'devtest') totals[lang] += n;
            }
          }
        }
        if (ref.get(id)) expect(totals).toEqual(ref.get(id));
        wasm.dispose?.();
      }
    },
    120_000,
  );
});
