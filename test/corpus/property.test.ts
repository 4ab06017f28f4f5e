// Issue 8: every loader, given arbitrary bytes, either yields aligned segments (every segment has every
// language of the corpus, non-empty) or throws a UserError — never another exception, never a hang.
import fc from 'fast-check';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openCorpus } from '../../src/corpus/index.js';
import { UserError } from '../../src/errors.js';
import type { CorpusOptions } from '../../src/types.js';
import { tempDir } from './util.js';

const SEED = 20240611;
const RUNS = 60;
const PER_RUN_MS = 5000;

const utf8 = (s: string) => new TextEncoder().encode(s);

// Bytes that exercise the parsers: raw noise, and text built from the characters that matter to them
// (delimiters, quotes, braces, line ends, BOM, multi-byte letters), optionally after a valid header.
const pieces = [
  'a',
  'é',
  'ß',
  ' ',
  ',',
  ';',
  '\t',
  '"',
  "'",
  '\n',
  '\r\n',
  '\r',
  '\uFEFF',
  '{',
  '}',
  ':',
  '[',
  ']',
  'en',
  'fr',
  'id',
  'null',
  '\\',
  'Bonjour tout le monde, ',
  'Hello world and everyone, ',
];
const structured = fc.array(fc.constantFrom(...pieces), { maxLength: 60 }).map((a) => a.join(''));
const bytesOf = (header: string) =>
  fc.oneof(
    fc.uint8Array({ maxLength: 300 }),
    structured.map(utf8),
    structured.map((s) => utf8(header + s)),
    fc
      .tuple(structured, fc.uint8Array({ maxLength: 8 }))
      .map(([s, b]) => new Uint8Array([...utf8(header + s), ...b])),
  );
// Near-valid delimited files: a header, then rows of three fields made of the same pieces.
const delimited = (d: string) =>
  fc
    .array(
      fc.array(structured, { minLength: 3, maxLength: 3 }).map((r) => r.join(d)),
      { maxLength: 6 },
    )
    .map((rows) => utf8([`id${d}en${d}fr`, ...rows].join('\n')));
const jsonLine = fc
  .record(
    {
      id: fc.oneof(fc.string({ maxLength: 3 }), fc.integer(), fc.constant(null)),
      en: fc.oneof(fc.string({ maxLength: 20 }), fc.constant(1)),
      fr: fc.string({ maxLength: 20 }),
    },
    { requiredKeys: [] },
  )
  .map((o) => JSON.stringify(o));
const jsonlBytes = fc.oneof(
  bytesOf('{"en":"a","fr":"b"}\n'),
  fc.array(fc.oneof(jsonLine, structured), { maxLength: 8 }).map((ls) => utf8(ls.join('\n'))),
);

/** Outcomes per test, to show the generators reach both sides (segments read, UserError). */
type Outcome = { read: number; errors: number };

/** Opens and reads the corpus; fails the property on a non-UserError or a misaligned segment. */
async function check(ref: string, opts: CorpusOptions, out: Outcome): Promise<void> {
  const work = (async () => {
    try {
      const c = await openCorpus(ref, opts);
      let n = 0;
      for await (const s of c.segments()) {
        expect(Object.keys(s.text).sort()).toEqual([...c.langs].sort());
        for (const l of c.langs) expect(s.text[l].trim()).not.toBe('');
        n++;
      }
      if (n > 0) out.read++;
      const skipped = c.report.skipped.reduce((a, x) => a + x.count, 0);
      expect(c.report.read).toBe(c.report.used + skipped);
    } catch (e) {
      if (!(e instanceof UserError)) throw e;
      out.errors++;
      expect(e.exit).toMatch(/^(input|usage)$/);
      expect(e.message.length).toBeGreaterThan(0);
    }
  })();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>(
    (_, reject) =>
      (timer = setTimeout(() => reject(new Error(`hang: ${ref} took over ${PER_RUN_MS} ms`)), PER_RUN_MS)),
  );
  try {
    await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

describe('loaders on arbitrary bytes (fast-check, fixed seed)', () => {
  const root = tempDir('tokentax-prop-');
  let n = 0;
  const fresh = () => {
    const d = join(root, String(n++));
    mkdirSync(d, { recursive: true });
    return d;
  };
  const noLangId = fc.boolean();

  it('CSV and TSV', async () => {
    const out: Outcome = { read: 0, errors: 0 };
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          bytesOf('id,en,fr\n'),
          delimited(',').map((b) => ['c.csv', b] as const),
          delimited('\t').map((b) => ['t.tsv', b] as const),
        ),
        fc.constantFrom('c.csv', 't.tsv'),
        noLangId,
        async (gen, ext, nl) => {
          const [name, b] = Array.isArray(gen) ? gen : [ext, gen];
          const f = join(fresh(), name);
          writeFileSync(f, b);
          await check(f, { noLangId: nl }, out);
        },
      ),
      { seed: SEED, numRuns: RUNS },
    );
    expect(out.read, 'some inputs yield segments').toBeGreaterThan(0);
    expect(out.errors, 'some inputs are rejected').toBeGreaterThan(0);
  });

  it('JSONL', async () => {
    const out: Outcome = { read: 0, errors: 0 };
    await fc.assert(
      fc.asyncProperty(jsonlBytes, noLangId, async (b, nl) => {
        const f = join(fresh(), 'j.jsonl');
        writeFileSync(f, b);
        await check(f, { noLangId: nl }, out);
      }),
      { seed: SEED, numRuns: RUNS },
    );
    expect(out.read, 'some inputs yield segments').toBeGreaterThan(0);
    expect(out.errors, 'some inputs are rejected').toBeGreaterThan(0);
  });

  it('Moses', async () => {
    const out: Outcome = { read: 0, errors: 0 };
    await fc.assert(
      fc.asyncProperty(bytesOf(''), bytesOf(''), noLangId, async (en, fr, nl) => {
        const d = fresh();
        writeFileSync(join(d, 'm.en'), en);
        writeFileSync(join(d, 'm.fr'), fr);
        await check(join(d, 'm'), { noLangId: nl, baseline: 'en' }, out);
      }),
      { seed: SEED, numRuns: RUNS },
    );
    expect(out.read, 'some inputs yield segments').toBeGreaterThan(0);
    expect(out.errors, 'some inputs are rejected').toBeGreaterThan(0);
  });

  it('FLORES', async () => {
    const out: Outcome = { read: 0, errors: 0 };
    await fc.assert(
      fc.asyncProperty(
        bytesOf(''),
        bytesOf(''),
        bytesOf('URL\tdomain\n'),
        noLangId,
        async (en, fr, meta, nl) => {
          const d = fresh();
          mkdirSync(join(d, 'dev'));
          writeFileSync(join(d, 'dev', 'eng_Latn.dev'), en);
          writeFileSync(join(d, 'dev', 'fra_Latn.dev'), fr);
          writeFileSync(join(d, 'metadata_dev.tsv'), meta);
          await check(d, { noLangId: nl, splits: ['dev'] }, out);
        },
      ),
      { seed: SEED, numRuns: RUNS },
    );
    expect(out.read, 'some inputs yield segments').toBeGreaterThan(0);
    expect(out.errors, 'some inputs are rejected').toBeGreaterThan(0);
  });

  it('aligned input is read in full: generated parallel lines round-trip through every format', async () => {
    // The positive side: when the input is well-formed, nothing is lost or reordered.
    const text = fc
      .string({ minLength: 1, maxLength: 30 })
      .filter((s) => s.trim() !== '' && !/[\r\n\uFEFF]/.test(s));
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(text, text), { minLength: 1, maxLength: 12 }), async (pairs) => {
        const d = fresh();
        writeFileSync(join(d, 'p.en'), pairs.map((p) => p[0]).join('\n') + '\n');
        writeFileSync(join(d, 'p.fr'), pairs.map((p) => p[1]).join('\n') + '\n');
        writeFileSync(
          join(d, 'p.jsonl'),
          pairs.map(([en, fr], i) => JSON.stringify({ id: `s${i}`, en, fr })).join('\n'),
        );
        const Papa = (await import('papaparse')).default;
        writeFileSync(join(d, 'p.csv'), Papa.unparse([['en', 'fr'], ...pairs]));
        for (const ref of [join(d, 'p'), join(d, 'p.jsonl'), join(d, 'p.csv')]) {
          const c = await openCorpus(ref, {
            noLangId: true,
            format: ref.endsWith('p') ? 'moses' : undefined,
          });
          const got: [string, string][] = [];
          for await (const s of c.segments()) got.push([s.text.en, s.text.fr]);
          expect(got, ref).toEqual(pairs);
        }
      }),
      { seed: SEED, numRuns: 40 },
    );
  });
});
