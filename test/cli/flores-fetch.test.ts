// Issue #25, done when: `tokentax corpora fetch flores200`, served from a local mirror, makes
// `tokentax run --corpus flores200 --split devtest --langs eu` work, and its o200k_base counts for every EU
// language equal those of the same run on ../shared/corpora/flores200-eu. Through the real CLI; the mirror is a
// stand-in for GitHub's raw file host serving that folder (TOKENTAX_FLORES_MIRROR).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFloresMirror, type RawServer } from '../fixtures/raw-server.js';
import { FLORES_EU, hasFloresEu, NO_SHARED, quickRun, runCli, tmp } from '../helpers.js';

const EU = 'bg cs da de el en es et fi fr ga hr hu it lt lv mt nl pl pt ro sk sl sv'.split(' ');

/** Tokens per language of one tokenizer in a run folder's segments.csv. */
function totals(dir: string, tokenizer: string): Record<string, number> {
  const rows = Papa.parse<Record<string, string>>(readFileSync(join(dir, 'segments.csv'), 'utf8'), {
    header: true,
    skipEmptyLines: true,
  }).data;
  const out: Record<string, number> = {};
  for (const r of rows) if (r.tokenizer === tokenizer) out[r.lang] = (out[r.lang] ?? 0) + Number(r.tokens);
  return out;
}

describe.skipIf(!hasFloresEu)(
  `FLORES-200 fetched by one command${hasFloresEu ? '' : ` (skipped: ${NO_SHARED})`}`,
  () => {
    let raw: RawServer;
    let dir: string;
    let env: Record<string, string>;
    beforeAll(async () => {
      raw = await startFloresMirror(FLORES_EU);
      dir = tmp('tokentax-flores-fetch-');
      env = { TOKENTAX_CACHE: join(dir, 'cache'), TOKENTAX_FLORES_MIRROR: raw.base };
    });
    afterAll(() => raw.close());

    const run = (corpus: string, out: string) =>
      quickRun(corpus, join(dir, out), ['--split', 'devtest', '--langs', 'eu'], env);

    it('before the fetch, --corpus flores200 exits 3 naming the command that fetches it', async () => {
      const r = await run('flores200', 'before');
      expect(r.code, r.stderr).toBe(3);
      expect(r.stderr).toMatch(/FLORES-200 \(dev, devtest\) is not fetched yet/);
      expect(r.stderr).toMatch(/fix: run `tokentax corpora fetch flores200` once/);
    });

    it('fetches, then the run on flores200 gives the counts of the run on the folder, for all 24 languages', async () => {
      const f = await runCli(['corpora', 'fetch', 'flores200'], { env });
      expect(f.code, f.stderr).toBe(0);
      expect(f.stderr).toMatch(
        /Fetching FLORES-200 \(dev, devtest\): 56 files, 8\.5 MB, from http:\/\/127\.0\.0\.1/,
      );
      expect(f.stdout).toMatch(
        /27 languages in .*flores200-365c3f85bdb3 \(56 files fetched, 0 already there; CC BY-SA 4\.0\)/,
      );
      expect(raw.requests.length).toBe(56);

      const a = await run('flores200', 'fetched');
      expect(a.code, a.stderr).toBe(0);
      const b = await run(FLORES_EU, 'folder');
      expect(b.code, b.stderr).toBe(0);
      const fetched = totals(join(dir, 'fetched'), 'o200k_base');
      const folder = totals(join(dir, 'folder'), 'o200k_base');
      expect(Object.keys(fetched).sort()).toEqual([...EU].sort());
      expect(fetched).toEqual(folder);
      // The four of REFERENCE_COUNTS.md (o200k_base, FLORES devtest), as independent implementations count them.
      expect([fetched.en, fetched.fr, fetched.de, fetched.es]).toEqual([26873, 36808, 35224, 35415]);
      const manifest = JSON.parse(readFileSync(join(dir, 'fetched', 'manifest.json'), 'utf8'));
      expect(manifest.corpora[0]).toMatchObject({
        id: 'flores200',
        licence: expect.stringMatching(/^CC BY-SA 4\.0/),
      });
      expect(manifest.corpora[0].report.skipped).toEqual([]);
    });

    it('a second fetch downloads nothing; `tokentax corpora` lists it as fetched', async () => {
      raw.requests.length = 0;
      const f = await runCli(['corpora', 'fetch', 'flores200', '--json'], { env });
      expect(f.code, f.stderr).toBe(0);
      expect(JSON.parse(f.stdout)).toMatchObject({ id: 'flores200', fetched: [] });
      expect(raw.requests).toEqual([]);
      const list = await runCli(['corpora'], { env });
      expect(list.code, list.stderr).toBe(0);
      expect(list.stdout).toMatch(/flores200 .*fetched: 27 of 196 languages/);
    });

    it('--langs eu+ on the folder, dev and devtest: 27 languages, Basque among them, no segment skipped', async () => {
      const r = await quickRun(FLORES_EU, join(dir, 'euplus'), ['--langs', 'eu+'], env);
      expect(r.code, r.stderr).toBe(0);
      const manifest = JSON.parse(readFileSync(join(dir, 'euplus', 'manifest.json'), 'utf8'));
      expect(manifest.config.corpus.langs.length).toBe(27);
      expect(manifest.config.corpus.langs).toContain('eu');
      expect(manifest.corpora[0].report).toMatchObject({ read: 2009, used: 2009, skipped: [] });
      expect(manifest.corpora[0].report.languageCheck).toEqual({ checked: 2009, rejected: {} });
      expect(Object.keys(totals(join(dir, 'euplus'), 'o200k_base')).length).toBe(27);
    });

    it('an unknown corpus to fetch, or an unknown language, is a usage error', async () => {
      const r = await runCli(['corpora', 'fetch', 'flores300'], { env });
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/there is no corpus "flores300" to fetch/);
      const l = await runCli(['corpora', 'fetch', 'flores200', '--langs', 'br'], { env });
      expect(l.code).toBe(2);
      expect(l.stderr).toMatch(/Breton \(br\) is not in FLORES-200/);
    });
  },
);
