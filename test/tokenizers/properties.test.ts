// Issue #8 point 4, for tokenizers: on arbitrary Unicode strings (fast-check, fixed seed, bounded runs),
// counts are non-negative and equal the number of ids, and byte-level tokenizers decode back to the input
// (the NFKC-normalising legacy Claude tokenizer back to NFKC(input)).
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadTokenizer, resolveTokenizers } from '../../src/tokenizers/index.js';
import type { Tokenizer } from '../../src/types.js';

const BYTE_LEVEL = ['gpt2', 'cl100k_base', 'o200k_base', 'llama-3', 'mistral-tekken', 'qwen-3'];
/** The normalisation each tokenizer applies before encoding (qwen-3's tokenizer.json has an NFC normalizer). */
const NORMALISE: Record<string, (x: string) => string> = { 'qwen-3': (x) => x.normalize('NFC') };
const ALL = [...BYTE_LEVEL, 'claude-legacy', 'llama-2', 'mistral-v1'];
const tokenizers = new Map<string, Tokenizer>();

// Whole code points from every plane (lone surrogates excluded: they are not Unicode text), plus strings
// built from pieces that stress pre-tokenizers: runs of spaces, newlines, digits, apostrophes, specials.
const text = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }), // any code point but lone surrogates
  fc
    .array(
      fc.constantFrom(
        ' ',
        '  ',
        '\n',
        '\t',
        "'s",
        '123',
        '4567',
        '<|endoftext|>',
        '<s>',
        'é',
        'e\u0301',
        '🦜',
        '中文',
        'Straße',
        '\u00a0',
      ),
      { maxLength: 20 },
    )
    .map((a) => a.join('')),
);
const params = { seed: 20261124, numRuns: 150 };

beforeAll(async () => {
  const { resolved } = await resolveTokenizers(ALL, { explicit: true });
  for (const r of resolved) tokenizers.set(r.info.id, await loadTokenizer(r));
}, 120_000);

describe('tokenizer properties on arbitrary Unicode text', () => {
  it.each(ALL)('%s: count(x) = encode(x).length ≥ 0', (id) => {
    const t = tokenizers.get(id)!;
    fc.assert(
      fc.property(text, (x) => {
        const n = t.count(x);
        return Number.isInteger(n) && n >= 0 && n === t.encode(x).length && (x.length > 0 || n === 0);
      }),
      params,
    );
  });

  it.each(BYTE_LEVEL)('%s: decode(encode(x)) = x (normalised where the tokenizer normalises)', (id) => {
    const t = tokenizers.get(id)!;
    const norm = NORMALISE[id] ?? ((x: string) => x);
    expect(t.decode).toBeDefined();
    fc.assert(
      fc.property(text, (x) => t.decode!(t.encode(x)) === norm(x)),
      params,
    );
  });

  it('claude-legacy: decode(encode(x)) = NFKC(x)', () => {
    const t = tokenizers.get('claude-legacy')!;
    fc.assert(
      fc.property(text, (x) => t.decode!(t.encode(x)) === x.normalize('NFKC')),
      params,
    );
  });
});
