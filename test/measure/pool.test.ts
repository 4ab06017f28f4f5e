// The worker-pool runner (src/measure/pool.ts, worker threads running dist/measure/worker.js): the same
// counts as counting in this thread, exact FLORES totals, lazy loading with replicas by the ski-rental rule,
// and failures confined to the tokenizer that caused them.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { encode as cl100kEncode } from 'gpt-tokenizer/encoding/cl100k_base';
import { beforeAll, describe, expect, it } from 'vitest';
import { openCorpus } from '../../src/corpus/index.js';
import { isUserError } from '../../src/errors.js';
import { measureCorpus } from '../../src/measure/index.js';
import { WORKER_FILE, WorkerPoolRunner } from '../../src/measure/pool.js';
import { createRunner } from '../../src/measure/runner.js';
import { resolveTokenizers } from '../../src/tokenizers/index.js';
import type { ResolvedTokenizer } from '../../src/tokenizers/types.js';
import type { CountTable, ParallelCorpus, Segment } from '../../src/types.js';
import { FLORES, hasShared, NO_SHARED, tmp } from '../helpers.js';

const LANGS = ['en', 'fr', 'de', 'es'];
let specs: ResolvedTokenizer[];
let cl100k: ResolvedTokenizer;

beforeAll(async () => {
  const r = await resolveTokenizers(['cl100k_base', 'mistral-v1'], { explicit: true });
  expect(r.skipped).toEqual([]);
  specs = r.resolved;
  cl100k = specs.find((s) => s.info.id === 'cl100k_base')!;
});

async function measureWith(
  corpus: ParallelCorpus,
  ids: string[],
  workers: number,
  extra: { chunkSize?: number } = {},
): Promise<{ table: CountTable; failed: string[] }> {
  const h = await createRunner(
    specs.filter((s) => ids.includes(s.info.id)),
    { workers, cache: false },
  );
  const failed: string[] = [];
  try {
    const table = await measureCorpus(corpus, {
      langs: LANGS,
      tokenizers: ids,
      runner: h.runner,
      inFlight: h.inFlight,
      chunkSize: extra.chunkSize,
      onTokenizerError: (t) => failed.push(t),
    });
    return { table, failed };
  } finally {
    await h.close();
  }
}

function listCorpus(segs: Segment[]): ParallelCorpus {
  return {
    id: 'list',
    name: 'list',
    langs: LANGS,
    async *segments() {
      yield* segs;
    },
    report: { read: segs.length, used: segs.length, skipped: [], notes: [] },
    provenance: { sha256: '0', format: 'jsonl' },
  };
}

describe('worker pool vs in-process on the built-in corpus', () => {
  it("gives identical CountTables for cl100k_base and mistral-v1, and cl100k counts equal gpt-tokenizer's own", async () => {
    const corpus = await openCorpus('llm-mix', { langs: LANGS, baseline: 'en' });
    const ids = ['cl100k_base', 'mistral-v1'];
    const one = await measureWith(corpus, ids, 1, { chunkSize: 64 });
    const pool = await measureWith(corpus, ids, 2, { chunkSize: 64 });
    expect(one.failed).toEqual([]);
    expect(pool.failed).toEqual([]);
    expect(pool.table.n).toBe(one.table.n);
    expect(pool.table.n).toBeGreaterThan(300);
    expect(pool.table.tokenizers).toEqual(ids);
    for (const t of ids) {
      for (const l of LANGS) {
        for (const k of ['tokens', 'continuedWords', 'fallbackTokens'] as const) {
          expect([...pool.table.counts[t][l][k]], `${t} ${l} ${k}`).toEqual([...one.table.counts[t][l][k]]);
        }
      }
    }
    // The raw library on the same texts, read independently of the measure stage.
    const texts: Record<string, string[]> = Object.fromEntries(LANGS.map((l) => [l, []]));
    for await (const s of corpus.segments()) for (const l of LANGS) texts[l].push(s.text[l]);
    for (const l of LANGS)
      expect([...pool.table.counts.cl100k_base[l].tokens]).toEqual(
        texts[l].map((x) => cl100kEncode(x).length),
      );
    // German compounds take several SentencePiece pieces: mistral-v1 must show continued words.
    expect(pool.table.counts['mistral-v1'].de.continuedWords.reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
  });
});

describe.skipIf(!hasShared)('worker pool on FLORES-200 devtest', () => {
  it('reproduces the reference totals of cl100k_base and mistral-v1 (REFERENCE_COUNTS.md)', async () => {
    const corpus = await openCorpus(FLORES, {
      splits: ['devtest'],
      langs: LANGS,
      baseline: 'en',
      noLangId: true,
    });
    const { table, failed } = await measureWith(corpus, ['cl100k_base', 'mistral-v1'], 2);
    expect(failed).toEqual([]);
    const sum = (a: Int32Array) => a.reduce((x, y) => x + y, 0);
    const totals = (t: string) => Object.fromEntries(LANGS.map((l) => [l, sum(table.counts[t][l].tokens)]));
    expect(totals('cl100k_base')).toEqual({ en: 27182, fr: 43710, de: 43103, es: 41974 });
    expect(totals('mistral-v1')).toEqual({ en: 29997, fr: 47995, de: 47442, es: 47222 });
  });
});
if (!hasShared) it.skip(NO_SHARED, () => {});

describe('scheduling', () => {
  const segs: Segment[] = Array.from({ length: 48 }, (_, i) => ({
    id: `s${i}`,
    domain: 'd',
    text: {
      en: `Segment number ${i} of the test.`,
      fr: `Segment numéro ${i} du test.`,
      de: `Segment Nummer ${i} des Tests.`,
      es: `Segmento número ${i} de la prueba.`,
    },
  }));

  async function loads(replicateAfter: number): Promise<number> {
    const pool = new WorkerPoolRunner([cl100k], { workers: 2, replicateAfter });
    try {
      const table = await measureCorpus(listCorpus(segs), {
        langs: LANGS,
        tokenizers: ['cl100k_base'],
        runner: pool,
        inFlight: 4,
        chunkSize: 2,
      });
      expect([...table.counts.cl100k_base.en.tokens]).toEqual(
        segs.map((s) => cl100kEncode(s.text.en).length),
      );
      return pool.stats()[0].workers;
    } finally {
      await pool.close();
    }
  }

  it('loads a tokenizer in one worker when replicas never pay (replicateAfter = Infinity)', async () => {
    expect(await loads(Infinity)).toBe(1);
  });

  it('loads it in the second worker too once replicas pay at once (replicateAfter = 0)', async () => {
    expect(await loads(0)).toBe(2);
  });

  it('spreads the first loads of several tokenizers over the workers', async () => {
    const pool = new WorkerPoolRunner(specs, { workers: 2, replicateAfter: Infinity });
    try {
      await measureCorpus(listCorpus(segs.slice(0, 4)), {
        langs: LANGS,
        tokenizers: specs.map((s) => s.info.id),
        runner: pool,
        inFlight: 4,
        chunkSize: 4,
      });
      // Each tokenizer loaded exactly once, and both workers had one: neither loaded the other's.
      expect(pool.stats().map((s) => s.workers)).toEqual([1, 1]);
    } finally {
      await pool.close();
    }
  });

  it('refuses to start without the compiled worker module', () => {
    expect(() => new WorkerPoolRunner(specs, { workers: 2, workerFile: join(tmp(), 'missing.js') })).toThrow(
      /worker module .* is missing/,
    );
  });
});

describe('failures stay with their tokenizer', () => {
  const segs: Segment[] = Array.from({ length: 12 }, (_, i) => ({
    id: `s${i}`,
    domain: 'd',
    text: {
      en: `Hello number ${i}.`,
      fr: `Bonjour numéro ${i}.`,
      de: `Hallo Nummer ${i}.`,
      es: `Hola número ${i}.`,
    },
  }));
  const expected = () => segs.map((s) => cl100kEncode(s.text.fr).length);

  it('a tokenizer whose file is damaged fails with its UserError; the other tokenizer is complete', async () => {
    const dir = tmp();
    const file = join(dir, 'tokenizer.json');
    writeFileSync(file, '{"model": not json');
    const broken: ResolvedTokenizer = {
      info: {
        ...cl100k.info,
        id: 'broken',
        engine: 'hf-json',
        identity: undefined,
        source: { kind: 'file', ref: file },
      },
      local: { kind: 'file', ref: file, dir, files: [file] },
    };
    const pool = new WorkerPoolRunner([broken, cl100k], { workers: 2 });
    const errors: unknown[] = [];
    try {
      const table = await measureCorpus(listCorpus(segs), {
        langs: LANGS,
        tokenizers: ['broken', 'cl100k_base'],
        runner: pool,
        inFlight: 4,
        chunkSize: 3,
        onTokenizerError: (_t, e) => errors.push(e),
      });
      expect(table.tokenizers).toEqual(['cl100k_base']);
      expect([...table.counts.cl100k_base.fr.tokens]).toEqual(expected());
    } finally {
      await pool.close();
    }
    expect(errors).toHaveLength(1);
    expect(isUserError(errors[0])).toBe(true);
    expect((errors[0] as { exit: string }).exit).toBe('tokenizer');
    expect(String((errors[0] as Error).message)).toContain('broken');
  });

  // A stand-in worker module: the real one, except for tokenizers named to misbehave.
  function fakeWorker(): string {
    const file = join(tmp(), 'worker.mjs');
    writeFileSync(
      file,
      [
        `import real from ${JSON.stringify(pathToFileURL(WORKER_FILE).href)};`,
        'export default async function (req) {',
        "  if (req.spec?.info.id === 'exits') process.exit(3);",
        "  if (req.spec?.info.id === 'crashes') { setTimeout(() => { throw new Error('uncaught in worker'); }); await new Promise((r) => setTimeout(r, 5000)); }",
        '  return real(req);',
        '}',
      ].join('\n'),
    );
    return file;
  }

  for (const bad of ['exits', 'crashes']) {
    it(`a worker thread that ${bad === 'exits' ? 'exits (process.exit)' : 'dies of an uncaught error'} fails that tokenizer only`, async () => {
      const evil: ResolvedTokenizer = { ...cl100k, info: { ...cl100k.info, id: bad } };
      const pool = new WorkerPoolRunner([evil, cl100k], { workers: 2, workerFile: fakeWorker() });
      const failed: string[] = [];
      try {
        const table = await measureCorpus(listCorpus(segs), {
          langs: LANGS,
          tokenizers: [bad, 'cl100k_base'],
          runner: pool,
          inFlight: 4,
          chunkSize: 3,
          onTokenizerError: (t) => failed.push(t),
        });
        expect(table.tokenizers).toEqual(['cl100k_base']);
        expect([...table.counts.cl100k_base.fr.tokens]).toEqual(expected());
      } finally {
        await pool.close();
      }
      expect(failed).toEqual([bad]);
    });
  }
});
