// `tokentax corpora fetch flores200` as a library call, against a stand-in for GitHub's raw file host serving
// ../shared/corpora/flores200-eu (the 27 languages of eu+, byte for byte the pinned commit's files): every file
// checked against its pin, a second fetch downloading nothing, a failed fetch keeping what it verified and the next
// one fetching only the rest, corrupted or cut transfers refused, and the copy opened by id.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DEFAULT_FETCH_LANGS,
  fetchCorpus,
  fetchedDir,
  fetchSpec,
  filesFor,
  type FetchOptions,
} from '../../src/corpus/fetch.js';
import { listCorpora, openCorpus } from '../../src/corpus/index.js';
import { downloadTo } from '../../src/tokenizers/index.js';
import { startFloresMirror, type RawServer } from '../fixtures/raw-server.js';
import { catchErr, FLORES_EU, hasFloresEu, NO_SHARED, tmp } from '../helpers.js';
import { readAll } from './util.js';

const spec = fetchSpec('flores200');
const blob = (b: Buffer) => createHash('sha1').update(`blob ${b.length}\0`).update(b).digest('hex');

describe('the pinned FLORES-200 files', () => {
  it('are the 204 FLORES codes (196 languages) × dev, devtest, and the two metadata files, each with a git blob id and a size', () => {
    expect(spec.source.commit).toMatch(/^[0-9a-f]{40}$/);
    expect(spec.files.length).toBe(410);
    for (const f of spec.files) {
      expect(f.blob, f.path).toMatch(/^[0-9a-f]{40}$/);
      expect(f.bytes, f.path).toBeGreaterThan(50_000);
    }
    expect(spec.source.url).toBe(
      `https://raw.githubusercontent.com/${spec.source.repository}/${spec.source.commit}/${spec.source.folder}`,
    );
  });

  it('eu+ by default: 27 languages, 56 files; all: every file; a code FLORES lacks is a usage error', () => {
    const eu = filesFor(spec, DEFAULT_FETCH_LANGS);
    expect(eu.langs.length).toBe(27);
    expect(eu.files.length).toBe(27 * 2 + 2);
    expect(filesFor(spec, ['all']).files.length).toBe(410);
    expect(filesFor(spec, ['zh']).files.map((f) => f.path)).toEqual([
      'dev/zho_Hans.dev',
      'dev/zho_Hant.dev',
      'devtest/zho_Hans.devtest',
      'devtest/zho_Hant.devtest',
      'metadata_dev.tsv',
      'metadata_devtest.tsv',
    ]);
    expect(filesFor(spec, ['ast', 'eus']).langs).toEqual(['ast', 'eu']);
    expect(() => filesFor(spec, ['br'])).toThrow(/Breton \(br\) is not in FLORES-200/);
    expect(() => filesFor(spec, ['xx'])).toThrow(/"xx" is not a language code/);
  });

  it.skipIf(!hasFloresEu)('are the files of ../shared/corpora/flores200-eu, byte for byte', () => {
    for (const f of filesFor(spec, DEFAULT_FETCH_LANGS).files)
      expect(blob(readFileSync(join(FLORES_EU, f.path))), f.path).toBe(f.blob);
  });
});

describe.skipIf(!hasFloresEu)(
  `fetch from a stand-in raw host${hasFloresEu ? '' : ` (skipped: ${NO_SHARED})`}`,
  () => {
    let raw: RawServer;
    beforeAll(async () => {
      raw = await startFloresMirror(FLORES_EU);
    });
    afterAll(() => raw.close());
    const reset = () => {
      raw.requests.length = 0;
      raw.options.fail = raw.options.corrupt = raw.options.cut = undefined;
    };
    const opts = (cacheDir: string, more: Partial<FetchOptions> = {}): FetchOptions => ({
      download: downloadTo,
      cacheDir,
      env: { TOKENTAX_FLORES_MIRROR: raw.base },
      timeoutMs: 5000,
      ...more,
    });
    const incomplete = (dir: string) =>
      ['', 'dev', 'devtest'].flatMap((d) =>
        existsSync(join(dir, d)) ? readdirSync(join(dir, d)).filter((n) => n.endsWith('.incomplete')) : [],
      );

    it('fetches the 56 files of eu+, each checked, then a second fetch downloads nothing', async () => {
      reset();
      const cache = tmp('tokentax-fetch-');
      const events: string[] = [];
      const r = await fetchCorpus('flores200', opts(cache, { onEvent: (e) => events.push(e.kind) }));
      expect(r.dir).toBe(fetchedDir(spec, cache));
      expect(r.langs.length).toBe(27);
      expect(r.fetched.length).toBe(56);
      expect(r.kept).toEqual([]);
      expect(raw.requests.length).toBe(56);
      expect(events[0]).toBe('start');
      expect(events.at(-1)).toBe('done');
      expect(events.filter((e) => e === 'progress').length).toBeGreaterThan(56);
      for (const f of filesFor(spec, DEFAULT_FETCH_LANGS).files)
        expect(blob(readFileSync(join(r.dir, f.path))), f.path).toBe(f.blob);
      const source = JSON.parse(readFileSync(join(r.dir, 'SOURCE.json'), 'utf8'));
      expect(source).toMatchObject({ id: 'flores200', fetchedFrom: raw.base, source: spec.source });
      expect(source.files.length).toBe(56);

      reset();
      const again = await fetchCorpus('flores200', opts(cache));
      expect(again.fetched).toEqual([]);
      expect(again.kept.length).toBe(56);
      expect(raw.requests).toEqual([]);
    });

    it('a failed fetch keeps the files it verified, says so, and the next fetch gets only the rest', async () => {
      reset();
      const cache = tmp('tokentax-fetch-');
      raw.options.fail = (p) => (p === 'devtest/mlt_Latn.devtest' ? 503 : undefined);
      const e = await catchErr(fetchCorpus('flores200', opts(cache, { concurrency: 1 })));
      expect(e.exit).toBe('network');
      expect(e.message).toMatch(
        /devtest\/mlt_Latn\.devtest answered HTTP 503 \(\d+ of 56 files are in place and kept\)/,
      );
      expect(e.hint).toMatch(/TOKENTAX_FLORES_MIRROR=/);
      const firstRound = raw.requests.length;
      expect(firstRound).toBeLessThan(56); // the first failure stops new downloads
      reset();
      const r = await fetchCorpus('flores200', opts(cache));
      expect(r.fetched.length + r.kept.length).toBe(56);
      expect(r.fetched).toContain('devtest/mlt_Latn.devtest');
      expect(raw.requests.length).toBe(56 - (firstRound - 1)); // the ones verified before are not asked again
      expect(incomplete(r.dir)).toEqual([]);
    });

    it('refuses a file whose bytes differ from the pin (same size), and a transfer cut half-way; keeps neither', async () => {
      reset();
      const cache = tmp('tokentax-fetch-');
      raw.options.corrupt = (p, b) =>
        p === 'dev/fra_Latn.dev' ? Buffer.from(b.toString('latin1').replace('a', 'b'), 'latin1') : b;
      const e = await catchErr(fetchCorpus('flores200', opts(cache, { langs: ['en', 'fr'] })));
      expect(e.exit).toBe('input');
      expect(e.message).toMatch(
        /dev\/fra_Latn\.dev is not the file FLORES-200 \(dev, devtest\) pins for dev\/fra_Latn\.dev \(git blob id [0-9a-f]{12}…, pinned [0-9a-f]{12}…\); it was not kept/,
      );
      const dir = fetchedDir(spec, cache);
      expect(existsSync(join(dir, 'dev', 'fra_Latn.dev'))).toBe(false);
      // Files still in flight when the refusal stopped the fetch were not kept either (how many is a race).
      const kept = filesFor(spec, ['en', 'fr']).files.filter((f) => existsSync(join(dir, f.path)));

      reset();
      raw.options.cut = (p) => p === 'dev/fra_Latn.dev';
      const cut = await catchErr(fetchCorpus('flores200', opts(cache, { langs: ['en', 'fr'] })));
      expect(cut.exit).toBe('network');
      expect(cut.message).toMatch(/dev\/fra_Latn\.dev broke off .* after \d+ bytes/);
      // Only what the first fetch did not keep is asked for again: the files it verified are not.
      expect(raw.requests).toContain('dev/fra_Latn.dev');
      for (const f of kept) expect(raw.requests).not.toContain(f.path);
      expect(existsSync(join(dir, 'dev', 'fra_Latn.dev'))).toBe(false);
      expect(incomplete(dir)).toEqual([]);

      reset();
      const ok = await fetchCorpus('flores200', opts(cache, { langs: ['en', 'fr'] }));
      expect(ok.fetched).toContain('dev/fra_Latn.dev');
      for (const f of kept) expect(ok.fetched).not.toContain(f.path);
      for (const f of filesFor(spec, ['en', 'fr']).files)
        expect(existsSync(join(dir, f.path)), f.path).toBe(true);
    });

    it('removes what a killed fetch left (temporary files) and never counts it', async () => {
      reset();
      const cache = tmp('tokentax-fetch-');
      await fetchCorpus('flores200', opts(cache, { langs: ['en'] }));
      const dir = fetchedDir(spec, cache);
      writeFileSync(join(dir, 'dev', 'fra_Latn.dev.abc.123.incomplete'), 'half');
      await fetchCorpus('flores200', opts(cache, { langs: ['en'] }));
      expect(incomplete(dir)).toEqual([]);
    });

    it('a mirror that is not an http(s) URL, or a host that does not answer, is a clear error', async () => {
      const cache = tmp('tokentax-fetch-');
      const bad = await catchErr(
        fetchCorpus('flores200', { ...opts(cache), env: { TOKENTAX_FLORES_MIRROR: '/some/folder' } }),
      );
      expect(bad.exit).toBe('usage');
      expect(bad.message).toMatch(/TOKENTAX_FLORES_MIRROR=\/some\/folder is not an http\(s\) URL/);
      reset();
      raw.options.hang = true;
      try {
        const silent = await catchErr(
          fetchCorpus('flores200', opts(cache, { langs: ['en'], timeoutMs: 300 })),
        );
        expect(silent.exit).toBe('network');
        expect(silent.message).toMatch(/no answer within 300 ms/);
      } finally {
        raw.options.hang = false;
      }
    });

    it('opened by id: the fetched languages, named FLORES-200, licence and source said; not fetched: the command', async () => {
      reset();
      const cache = tmp('tokentax-fetch-');
      const prev = process.env.TOKENTAX_CACHE;
      process.env.TOKENTAX_CACHE = cache;
      try {
        const none = await catchErr(openCorpus('flores200', { langs: ['en', 'fr'] }));
        expect(none.exit).toBe('input');
        expect(none.message).toMatch(/FLORES-200 \(dev, devtest\) is not fetched yet/);
        expect(none.hint).toMatch(/run `tokentax corpora fetch flores200` once/);
        expect((await listCorpora()).find((c) => c.id === 'flores200')?.status).toBe(
          'not fetched: tokentax corpora fetch flores200',
        );

        await fetchCorpus('flores200', opts(cache, { langs: ['en', 'fr', 'de'] }));
        const c = await openCorpus('flores200', { langs: ['en', 'fr'], splits: ['devtest'] });
        expect(c.id).toBe('flores200');
        expect(c.name).toBe('FLORES-200 (dev, devtest) (devtest)');
        expect(c.provenance.licence).toMatch(/^CC BY-SA 4\.0/);
        expect(c.provenance.description).toMatch(/AleksandarPetrov\/tokenization-fairness@365c3f85bdb3/);
        expect((await readAll(c)).length).toBe(1012);
        expect((await openCorpus('flores200')).langs).toEqual(['en', 'fr', 'de']);

        const more = await catchErr(openCorpus('flores200', { langs: ['en', 'mt'] }));
        expect(more.message).toMatch(/is fetched without Maltese \(mt\)/);
        expect(more.hint).toMatch(/`tokentax corpora fetch flores200`/);
        const ast = await catchErr(openCorpus('flores200', { langs: ['en', 'ast'] }));
        expect(ast.hint).toMatch(/`tokentax corpora fetch flores200 --langs ast`/);
        const unknown = await catchErr(openCorpus('flores200', { langs: ['en', 'br'] }));
        expect(unknown.message).toMatch(/has no Breton \(br\) text/);

        // A damaged file is named, and fetching again repairs only it.
        const file = join(fetchedDir(spec, cache), 'devtest', 'deu_Latn.devtest');
        writeFileSync(file, readFileSync(file, 'utf8').replace('der', 'die'));
        const damaged = await catchErr(openCorpus('flores200', { langs: ['en', 'de'] }));
        expect(damaged.message).toMatch(/deu_Latn\.devtest is damaged \(git blob id/);
        expect(damaged.hint).toMatch(/`tokentax corpora fetch flores200`: it fetches that file again/);
        reset();
        const fixed = await fetchCorpus('flores200', opts(cache, { langs: ['en', 'de'] }));
        expect(fixed.fetched).toEqual(['devtest/deu_Latn.devtest']);
        expect(raw.requests).toEqual(['devtest/deu_Latn.devtest']);
        expect((await listCorpora()).find((x) => x.id === 'flores200')?.status).toBe(
          'fetched: 3 of 196 languages',
        );
      } finally {
        if (prev === undefined) delete process.env.TOKENTAX_CACHE;
        else process.env.TOKENTAX_CACHE = prev;
      }
    });
  },
);
