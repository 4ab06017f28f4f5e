// Hostile provider stand-ins through the real CLI: counts no text can hold, connections dropped mid-answer,
// retry-after: 0 on every answer, and a count cache shared by two endpoints. Loops are bounded by the stand-in
// (it answers normally after a fixed number of faults) or by --api-max-wait.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ExitCode } from '../../src/errors.js';
import { PROBE_TEXTS } from '../../src/providers/framing.js';
import { apiEnv, type ApiServer, type ApiServerOptions, type Provider } from '../fixtures/api-server.js';
import { runCli, tmp } from '../helpers.js';
import { apiRunArgs, MODELS, o200kBase, o200kStandIn, smallCorpus } from '../providers/shared.js';

let dir: string;
let corpus: string;
const servers: ApiServer[] = [];

const standIn = (provider: Provider, more: Partial<ApiServerOptions> = {}) =>
  o200kStandIn(servers, provider, 4, more);

beforeAll(() => {
  dir = tmp('tokentax-hostile-api-');
  corpus = smallCorpus(dir);
});
afterAll(async () => {
  for (const s of servers) await s.close();
});

const csv = (path: string) =>
  Papa.parse<Record<string, string>>(readFileSync(path, 'utf8'), { header: true, skipEmptyLines: true }).data;

const outDir = () => join(dir, `out-${Math.random().toString(36).slice(2)}`);

describe('a count of 2^31 + 5 never becomes a number in the results', () => {
  const HUGE = 2 ** 31 + 5;
  const ref = `anthropic:${MODELS.anthropic}`;

  for (const cache of ['with the count cache', 'with --no-cache']) {
    it(`${cache}: for one text mid-run, the counter is dropped with the reason; for every text, exit 15`, async () => {
      const env = () => ({ TOKENTAX_CACHE: tmp('tokentax-hostile-cache-') });
      const flags = cache === 'with --no-cache' ? ['--no-cache'] : [];
      const some = await standIn('anthropic', {
        fault: (_n, t) => (t === 'Where is the station?' ? { kind: 'count', tokens: HUGE } : undefined),
      });
      const out = outDir();
      const r = await runCli(
        apiRunArgs(corpus, `${ref},o200k_base`, out, '--no-charts', '--quiet', ...flags),
        {
          env: { ...env(), ...apiEnv('anthropic', some) },
        },
      );
      expect(r.code, r.stderr).toBe(0);
      expect(r.stderr).toMatch(
        /anthropic:claude-standin-1 failed on small and was dropped: .*counted 2,147,483,653 tokens for a text of 21 UTF-8 bytes, more than any text of that length can hold/,
      );
      for (const row of csv(join(out, 'segments.csv'))) {
        const n = Number(row.tokens);
        expect(Number.isSafeInteger(n) && n >= 0 && n < 1000, JSON.stringify(row)).toBe(true);
      }
      expect(new Set(csv(join(out, 'summary.csv')).map((x) => x.tokenizer))).toEqual(new Set(['o200k_base']));
      const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')) as {
        skippedTokenizers: { id: string; reason: string }[];
      };
      expect(manifest.skippedTokenizers.find((s) => s.id === ref)?.reason).toMatch(/2,147,483,653 tokens/);

      // Every answer 2^31 + 5 (probes too): nothing to measure with it, so exit 15 and no folder.
      const all = await standIn('anthropic', { fault: () => ({ kind: 'count', tokens: HUGE }) });
      const out2 = outDir();
      const r2 = await runCli(apiRunArgs(corpus, ref, out2, '--no-charts', '--quiet', ...flags), {
        env: { ...env(), ...apiEnv('anthropic', all) },
      });
      expect(r2.code, r2.stderr).toBe(ExitCode.apiAnswer);
      expect(r2.stderr).toMatch(/counted 2,147,483,653 tokens for a text of 1 UTF-8 byte,/);
      expect(r2.stderr).not.toMatch(/internal error/);
    });
  }
});

describe('the count cache knows the endpoint', () => {
  it('a changed ANTHROPIC_BASE_URL with the same cache sends its requests to the new endpoint', async () => {
    const ref = `anthropic:${MODELS.anthropic}`;
    const cache = tmp('tokentax-endpoint-cache-');
    const a = await standIn('anthropic');
    // Another endpoint that counts otherwise: another framing, and one token more for each corpus text.
    const tok = await o200kBase();
    const b = await standIn('anthropic', {
      framing: 9,
      count: (t) => tok.count(t) + (PROBE_TEXTS.includes(t) ? 0 : 1),
    });
    const runOn = (s: ApiServer, out: string) =>
      runCli(apiRunArgs(corpus, ref, out, '--no-charts', '--quiet'), {
        env: { TOKENTAX_CACHE: cache, ...apiEnv('anthropic', s) },
      });
    const first = outDir();
    expect((await runOn(a, first)).code).toBe(0);
    const sentToA = a.requests.length;
    expect(sentToA).toBeGreaterThan(0);
    // Same endpoint again: everything from the cache.
    expect((await runOn(a, outDir())).code).toBe(0);
    expect(a.requests.length).toBe(sentToA);

    const second = outDir();
    const r = await runOn(b, second);
    expect(r.code, r.stderr).toBe(0);
    expect(b.counted().length, 'the new endpoint was asked for every text and probe').toBe(sentToA);
    expect(a.requests.length).toBe(sentToA);
    const tokens = (out: string) => csv(join(out, 'segments.csv')).map((x) => Number(x.tokens));
    expect(tokens(second)).toEqual(tokens(first).map((n) => n + 1));
    const m = JSON.parse(readFileSync(join(second, 'manifest.json'), 'utf8')) as {
      apiCounters: { endpoint: string; framing: { tokens: number }; requests: { cached: number } }[];
    };
    expect(m.apiCounters[0].endpoint).toContain(b.url);
    expect(m.apiCounters[0].framing.tokens).toBe(9);
    expect(m.apiCounters[0].requests.cached).toBe(0);
  });
});
