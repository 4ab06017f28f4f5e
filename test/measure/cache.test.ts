// The count cache (src/measure/cache.ts): a re-run answers from the cache without encoding, gives the same
// counts, encodes only what changed, survives damaged files and stays within its entry bound.
import { appendFileSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import fc from 'fast-check';
import { join } from 'node:path';
import { encode } from 'gpt-tokenizer/encoding/cl100k_base';
import { describe, expect, it } from 'vitest';
import {
  CachingRunner,
  chunkKeys,
  CountCache,
  CountMap,
  tokenizerIdentity,
} from '../../src/measure/cache.js';
import { InProcessRunner, measureCorpus } from '../../src/measure/index.js';
import { remoteSpec } from '../../src/providers/index.js';
import type { ResolvedTokenizer } from '../../src/tokenizers/types.js';
import type { CountTable, ParallelCorpus, Segment, Tokenizer, TokenizerInfo } from '../../src/types.js';
import { FLORES, hasShared, tmp } from '../helpers.js';
import { packWords } from '../../src/measure/chunk.js';
import { words } from '../../src/measure/text.js';

const LANGS = ['en', 'de'];
const info = { id: 'cl100k_base', engine: 'gpt-tokenizer' } as TokenizerInfo;
const spec: ResolvedTokenizer = {
  info,
  local: {
    kind: 'npm',
    ref: 'gpt-tokenizer',
    version: '4.0.0',
    dir: '/x',
    files: ['/x/esm/bpeRanks/cl100k_base.js'],
  },
};

/** cl100k_base through gpt-tokenizer, remembering every text it was asked to encode or count. */
function spyTokenizer(): { tok: Tokenizer; seen: string[] } {
  const seen: string[] = [];
  const tok = {
    info,
    encode: (t: string) => (seen.push(t), encode(t)),
    count: (t: string) => (seen.push(t), encode(t).length),
  } as unknown as Tokenizer;
  return { tok, seen };
}

function corpus(segs: Segment[]): ParallelCorpus {
  return {
    id: 'c',
    name: 'c',
    langs: LANGS,
    async *segments() {
      yield* segs;
    },
    report: { read: segs.length, used: segs.length, skipped: [], notes: [] },
    provenance: { sha256: '0', format: 'jsonl' },
  };
}

const SEGS: Segment[] = [
  {
    id: 'a',
    domain: 'x',
    text: { en: 'The tram stop is here.', de: 'Die Straßenbahnhaltestelle ist hier.' },
  },
  { id: 'b', domain: 'x', text: { en: 'hello world', de: 'Hallo Welt' } },
  { id: 'c', domain: 'y', text: { en: 'Yes', de: 'Ja' } },
];

async function measure(
  dir: string,
  segs: Segment[],
  opts: { maxEntries?: number } = {},
): Promise<{ table: CountTable; seen: string[]; cache: CountCache }> {
  const { tok, seen } = spyTokenizer();
  const cache = CountCache.open([spec], { dir, maxEntries: opts.maxEntries });
  const runner = new CachingRunner(new InProcessRunner(new Map([['cl100k_base', tok]])), cache);
  const table = await measureCorpus(corpus(segs), {
    langs: LANGS,
    tokenizers: ['cl100k_base'],
    runner,
    chunkSize: 2,
  });
  await runner.close();
  return { table, seen, cache };
}

describe('CachingRunner', () => {
  it('a second run gives identical counts without encoding anything', async () => {
    const dir = tmp();
    const first = await measure(dir, SEGS);
    expect(first.seen).toContain('Die Straßenbahnhaltestelle ist hier.');
    // cl100k_base: "Die| Stra|ßen|b|ahn|hal|test|elle| ist| hier|." 11, "Hallo| Welt" 2, "Ja" 1; only the compound is a continued word.
    expect([...first.table.counts.cl100k_base.de.tokens]).toEqual([11, 2, 1]);
    expect([...first.table.counts.cl100k_base.de.continuedWords]).toEqual([1, 0, 0]);
    expect(first.cache.stats).toMatchObject({ hits: 0, misses: 6, stored: 6 });

    const second = await measure(dir, SEGS);
    expect(second.seen).toEqual([]);
    expect(second.cache.stats).toMatchObject({ hits: 6, misses: 0, loaded: 6, stored: 0 });
    for (const l of LANGS) {
      expect([...second.table.counts.cl100k_base[l].tokens]).toEqual(
        SEGS.map((s) => encode(s.text[l]).length),
      );
      expect([...second.table.counts.cl100k_base[l].continuedWords]).toEqual([
        ...first.table.counts.cl100k_base[l].continuedWords,
      ]);
    }
  });

  it('encodes only the texts that changed', async () => {
    const dir = tmp();
    await measure(dir, SEGS);
    const changed = SEGS.map((s) =>
      s.id === 'b' ? { ...s, text: { ...s.text, de: 'Hallo schöne Welt' } } : s,
    );
    const again = await measure(dir, changed);
    // The changed text and its words; nothing of the unchanged texts.
    expect(again.seen).toContain('Hallo schöne Welt');
    expect(again.seen.filter((t) => SEGS.some((s) => s.text.en === t || s.text.de === t))).toEqual([]);
    expect(again.cache.stats).toMatchObject({ hits: 5, misses: 1, stored: 1 });
    expect(again.table.counts.cl100k_base.de.tokens[1]).toBe(encode('Hallo schöne Welt').length);
  });

  it('keys a text together with its words: the same text with other word spans is another entry', () => {
    const a = chunkKeys({
      texts: ['ab cd'],
      wordStart: Int32Array.of(0, 2),
      wordSpans: Int32Array.of(0, 2, 0, 3, 5, 1),
    });
    const b = chunkKeys({
      texts: ['ab cd'],
      wordStart: Int32Array.of(0, 1),
      wordSpans: Int32Array.of(0, 5, 0),
    });
    const c = chunkKeys({
      texts: ['ab cd'],
      wordStart: Int32Array.of(0, 2),
      wordSpans: Int32Array.of(0, 2, 0, 3, 5, 1),
    });
    expect([...a]).not.toEqual([...b]);
    expect([...a]).toEqual([...c]);
  });

  it.skipIf(!hasShared)(
    'keys differ for every FLORES-200 sentence and every pair of them (64-bit hash, no collision)',
    () => {
      const dirs = ['dev', 'devtest'].map((split) => join(FLORES, split));
      const lines = dirs.flatMap((d) =>
        readdirSync(d).flatMap((f) => readFileSync(join(d, f), 'utf8').split('\n').filter(Boolean)),
      );
      // Every sentence, and 200,000 sentence pairs as scripts/make-flores-pairs.js joins them.
      const texts = [...new Set(lines)];
      for (let k = 0; texts.length < lines.length + 200_000; k++)
        texts.push(`${lines[k % lines.length]} ${lines[(k * 7919 + 1) % lines.length]}`);
      const unique = [...new Set(texts)];
      const spans = unique.map((t) => words(t, 'en'));
      const keys = chunkKeys({ texts: unique, ...packWords(spans) });
      const seen = new Set<bigint>();
      for (let i = 0; i < unique.length; i++)
        seen.add((BigInt(keys[2 * i]) << 32n) | BigInt(keys[2 * i + 1]));
      expect(seen.size).toBe(unique.length);
    },
  );

  it('a key changes with any one character, and with any one word span', () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: 1, maxLength: 80, unit: 'binary' }),
        fc.nat(),
        fc.nat(),
        (t, at, d) => {
          const i = at % t.length;
          const c = t.charCodeAt(i);
          const u = t.slice(0, i) + String.fromCharCode(c ^ (1 << (d % 16))) + t.slice(i + 1);
          const w = packWords([words(t, 'en')]);
          const key = (text: string, spans = w) => [...chunkKeys({ texts: [text], ...spans })];
          expect(key(u)).not.toEqual(key(t));
          if (w.wordSpans.length) {
            const moved = { wordStart: w.wordStart, wordSpans: Int32Array.from(w.wordSpans) };
            moved.wordSpans[at % moved.wordSpans.length] += 1 + (d % 7);
            expect(key(t, moved)).not.toEqual(key(t));
          }
        },
      ),
      { numRuns: 3000, seed: 20261206 },
    );
  });

  it('skips damaged records and cuts a torn one off the end', async () => {
    const dir = tmp();
    await measure(dir, SEGS);
    const sub = join(dir, 'counts-v1');
    const file = join(sub, readdirSync(sub)[0]);
    expect(statSync(file).size).toBe(6 * 24);
    appendFileSync(file, Buffer.alloc(24, 7)); // a whole record with a wrong check
    appendFileSync(file, Buffer.alloc(10, 1)); // half a record, as after a crash
    const again = await measure(dir, SEGS);
    expect(again.cache.stats).toMatchObject({ loaded: 6, damaged: 1, hits: 6 });
    expect(statSync(file).size).toBe(7 * 24);
    expect(again.seen).toEqual([]);
  });

  it('holds at most maxEntries entries and still counts everything', async () => {
    const dir = tmp();
    const run = await measure(dir, SEGS, { maxEntries: 4 });
    expect(run.cache.stats).toMatchObject({ stored: 4, full: true });
    expect([...run.table.counts.cl100k_base.en.tokens]).toEqual(SEGS.map((s) => encode(s.text.en).length));
    const again = await measure(dir, SEGS, { maxEntries: 4 });
    expect(again.cache.stats).toMatchObject({ loaded: 4, hits: 4, misses: 2 });
  });

  it('turns itself off, without failing the run, when its folder cannot be created', async () => {
    const blocker = join(tmp(), 'file');
    writeFileSync(blocker, 'not a folder');
    const lines: string[] = [];
    const cache = CountCache.open([spec], { dir: join(blocker, 'sub'), log: (l) => lines.push(l) });
    expect(cache.has('cl100k_base')).toBe(false);
    expect(lines.join('\n')).toMatch(/count cache off: cannot create/);
  });
});

describe('tokenizerIdentity', () => {
  it('changes with the package version, and with the bytes of a local file', () => {
    const v2 = { ...spec, local: { ...spec.local, version: '4.0.1' } };
    expect(tokenizerIdentity(v2)).not.toBe(tokenizerIdentity(spec));
    const dir = tmp();
    const f = join(dir, 'tokenizer.json');
    writeFileSync(f, '{"a":1}');
    const local: ResolvedTokenizer = {
      info: { ...info, id: 'mine', engine: 'hf-json' },
      local: { kind: 'file', ref: f, dir, files: [f] },
    };
    const before = tokenizerIdentity(local);
    expect(tokenizerIdentity(local)).toBe(before);
    writeFileSync(f, '{"a":2}');
    expect(tokenizerIdentity(local)).not.toBe(before);
  });
});

describe('CountMap', () => {
  it('keeps 50,000 keys through its growth and finds each value', () => {
    const m = new CountMap(16);
    for (let i = 1; i <= 50_000; i++) m.set((i * 2654435761) >>> 0, i, i, 2 * i, 3 * i);
    expect(m.size).toBe(50_000);
    const out = new Int32Array(3);
    for (const i of [1, 777, 50_000]) {
      expect(m.get((i * 2654435761) >>> 0, i, out, 0, 1)).toBe(true);
      expect([...out]).toEqual([i, 2 * i, 3 * i]);
    }
    expect(m.get(12345, 0x7fffffff, out, 0, 1)).toBe(false);
  });
});

describe('count cache of provider counters (one count per text)', () => {
  it('stores each count at once, finds it again after reopening, per provider and model', () => {
    const dir = tmp('tt-api-cache-');
    const a = remoteSpec('anthropic:claude-x');
    const b = remoteSpec('anthropic:claude-y');
    const c1 = CountCache.open([a, b], { dir });
    c1.put(a.info.id, 'Bonjour', 9);
    // Written before close: a killed run keeps it.
    const file = readdirSync(join(dir, 'counts-v1')).find((f) => f.startsWith('anthropic_claude-x-'))!;
    expect(statSync(join(dir, 'counts-v1', file)).size).toBe(24);
    expect(c1.get(a.info.id, 'Bonjour')).toBe(9);
    expect(c1.get(b.info.id, 'Bonjour')).toBeUndefined();
    c1.close();
    const c2 = CountCache.open([a, b], { dir });
    expect(c2.get(a.info.id, 'Bonjour')).toBe(9);
    expect(c2.get(a.info.id, 'Bonjour ')).toBeUndefined();
    expect(c2.get(b.info.id, 'Bonjour')).toBeUndefined();
    c2.close();
  });
});
