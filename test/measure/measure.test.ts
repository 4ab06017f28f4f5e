// The measure stage on a tiny corpus with the real cl100k_base tokenizer (gpt-tokenizer), whose
// splits of these words were checked by hand (see the comments).
import { encode } from 'gpt-tokenizer/encoding/cl100k_base';
import { describe, expect, it } from 'vitest';
import { InProcessRunner, measureCorpus, WordCounter } from '../../src/measure/index.js';
import type { Measurement, ParallelCorpus, Segment, Tokenizer } from '../../src/types.js';

const cl100k = {
  info: { id: 'cl100k_base' },
  encode: (t: string) => encode(t),
  count: (t: string) => encode(t).length,
} as unknown as Tokenizer;

function corpus(segments: Segment[]): ParallelCorpus {
  return {
    id: 'tiny',
    name: 'tiny',
    langs: ['en', 'de'],
    async *segments() {
      yield* segments;
    },
    report: { read: segments.length, used: segments.length, skipped: [], notes: [] },
    provenance: { sha256: '0', format: 'jsonl' },
  };
}

describe('WordCounter (continued words)', () => {
  const wc = new WordCounter(cl100k);
  it('encodes a spaced word with its leading space: " hello" is one token', () => {
    expect(wc.tokensOf('hello', true)).toBe(1);
  });
  it('counts the pieces of a long compound: " Stra|ßen|b|ahn|hal|test|elle" is 7 tokens', () => {
    expect(wc.tokensOf('Straßenbahnhaltestelle', true)).toBe(7);
    expect(
      wc.continued([
        { text: 'Die', start: 0, spaced: false },
        { text: 'Straßenbahnhaltestelle', start: 4, spaced: true },
      ]),
    ).toBe(1);
  });
});

describe('measureCorpus', () => {
  const segs: Segment[] = [
    { id: 's1', domain: 'a', text: { en: 'hello world', de: 'Hallo Welt' } },
    {
      id: 's2',
      domain: 'b',
      text: { en: 'The tram stop is here.', de: 'Die Straßenbahnhaltestelle ist hier.' },
    },
    { id: 's3', domain: 'a', text: { en: 'Yes', de: 'Ja' } },
  ];

  it('fills one aligned column per tokenizer × language and streams rows in corpus order', async () => {
    const rows: Measurement[] = [];
    const table = await measureCorpus(corpus(segs), {
      langs: ['en', 'de'],
      tokenizers: ['cl100k_base'],
      chunkSize: 2,
      runner: new InProcessRunner(new Map([['cl100k_base', cl100k]])),
      onRows: (r) => void rows.push(...r),
    });
    expect(table.n).toBe(3);
    expect(table.domains).toEqual(['a', 'b']);
    expect([...table.domainOf]).toEqual([0, 1, 0]);
    // "Die| Stra|ßen|b|ahn|hal|test|elle| ist| hier|." is 11 tokens in cl100k_base
    expect([...table.counts.cl100k_base.de.tokens]).toEqual(segs.map((s) => encode(s.text.de).length));
    expect(table.counts.cl100k_base.de.tokens[1]).toBe(11);
    expect([...table.counts.cl100k_base.de.continuedWords]).toEqual([0, 1, 0]);
    expect([...table.text.de.words]).toEqual([2, 4, 1]);
    expect([...table.text.de.chars]).toEqual([10, 36, 2]);
    expect(rows.map((r) => `${r.segmentId}/${r.lang}`)).toEqual([
      's1/en',
      's1/de',
      's2/en',
      's2/de',
      's3/en',
      's3/de',
    ]);
    expect(rows[3]).toMatchObject({
      corpus: 'tiny',
      domain: 'b',
      tokenizer: 'cl100k_base',
      tokens: 11,
      chars: 36,
      bytes: 37,
      words: 4,
      continuedWords: 1,
    });
  });

  it('drops a tokenizer that throws, names it, and keeps the others', async () => {
    const broken = {
      ...cl100k,
      info: { id: 'broken' },
      count: () => {
        throw new Error('boom');
      },
      encode: () => {
        throw new Error('boom');
      },
    } as unknown as Tokenizer;
    const failures: string[] = [];
    const table = await measureCorpus(corpus(segs), {
      langs: ['en', 'de'],
      tokenizers: ['broken', 'cl100k_base'],
      chunkSize: 1,
      runner: new InProcessRunner(
        new Map([
          ['cl100k_base', cl100k],
          ['broken', broken],
        ]),
      ),
      onTokenizerError: (t) => failures.push(t),
    });
    expect(failures).toEqual(['broken']);
    expect(table.tokenizers).toEqual(['cl100k_base']);
    expect(table.counts.cl100k_base.en.tokens.length).toBe(3);
  });

  it('stops when the signal is aborted', async () => {
    const ac = new AbortController();
    ac.abort(new Error('stop'));
    await expect(
      measureCorpus(corpus(segs), {
        langs: ['en', 'de'],
        tokenizers: ['cl100k_base'],
        runner: new InProcessRunner(new Map([['cl100k_base', cl100k]])),
        signal: ac.signal,
      }),
    ).rejects.toThrow('stop');
  });
});
