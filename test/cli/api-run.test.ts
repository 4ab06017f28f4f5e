// Issue #14's "done when", through the real CLI on FLORES-200 devtest: a provider ref counted by a stand-in that
// counts with o200k_base plus a fixed framing of N tokens gives o200k_base's per-segment counts, for two values
// of N and for each provider; 429s on a third of the texts change nothing; a second identical run sends no
// request; a run killed half-way and started again sends only the requests still missing.
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROBE_TEXTS } from '../../src/providers/index.js';
import { apiEnv, type ApiServer, type ApiServerOptions, type Provider } from '../fixtures/api-server.js';
import { FLORES, hasShared, NO_SHARED, ROOT, runCli, tmp } from '../helpers.js';
import { KEYS, MODELS, o200kStandIn } from '../providers/shared.js';

type Row = Record<string, string>;
const csv = (p: string): Row[] =>
  Papa.parse<Row>(readFileSync(p, 'utf8'), { header: true, skipEmptyLines: true }).data;
const TOTALS = { en: 26873, fr: 36808, de: 35224, es: 35415 };
const FAST = ['--api-rpm', '600000', '--api-concurrency', '16'];
const CONCURRENCY = 16;

/** Every FLORES devtest line of the four languages (what a run asks the API to count). */
function floresTexts(): Set<string> {
  const out = new Set<string>();
  for (const f of ['eng_Latn', 'fra_Latn', 'deu_Latn', 'spa_Latn']) {
    for (const line of readFileSync(join(FLORES, 'devtest', `${f}.devtest`), 'utf8').split('\n'))
      if (line) out.add(line);
  }
  return out;
}

const servers: ApiServer[] = [];
const standIn = (provider: Provider, framing: number, more: Partial<ApiServerOptions> = {}) =>
  o200kStandIn(servers, provider, framing, more);
afterAll(async () => {
  for (const s of servers) await s.close();
});

function runArgs(ref: string, out: string, ...more: string[]): string[] {
  return [
    'run',
    '--corpus',
    FLORES,
    '--split',
    'devtest',
    '--tokenizers',
    `${ref},o200k_base`,
    '--out',
    out,
    '--no-charts',
    '--quiet',
    '--workers',
    '1',
    ...FAST,
    ...more,
  ];
}

/** The run's per-segment counts agree with o200k_base's, its totals are the reference ones, its per-word cells empty. */
function expectSameAsO200k(out: string, ref: string): void {
  const rows = csv(join(out, 'segments.csv'));
  const o200k = new Map(
    rows.filter((r) => r.tokenizer === 'o200k_base').map((r) => [`${r.segment_id}/${r.lang}`, r.tokens]),
  );
  const api = rows.filter((r) => r.tokenizer === ref);
  expect(api.length).toBe(1012 * 4);
  expect(o200k.size).toBe(1012 * 4);
  const differ = api.filter((r) => r.tokens !== o200k.get(`${r.segment_id}/${r.lang}`));
  expect(differ.slice(0, 3), `${differ.length} segments differ`).toEqual([]);
  for (const r of api) expect([r.continued_words, r.fallback_tokens]).toEqual(['', '']);
  expect(rows.find((r) => r.tokenizer === 'o200k_base')!.continued_words).toMatch(/^\d+$/);
  const summary = csv(join(out, 'summary.csv')).filter((r) => r.tokenizer === ref && r.domain === 'all');
  for (const [lang, n] of Object.entries(TOTALS)) {
    const s = summary.find((r) => r.lang === lang)!;
    expect(Number(s.tokens), `${ref} ${lang}`).toBe(n);
    expect([s.continued_words_pct, s.fallback_pct]).toEqual(['', '']);
  }
}

/** Every file below a folder. */
const filesUnder = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? filesUnder(join(dir, e.name)) : [join(dir, e.name)],
  );
const manifest = (out: string) => JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8'));

describe.skipIf(!hasShared)(
  `provider refs on FLORES devtest through the CLI${hasShared ? '' : ` — skipped: ${NO_SHARED}`}`,
  () => {
    let texts: Set<string>;
    beforeAll(() => {
      texts = floresTexts();
    });

    describe.each(['anthropic', 'gemini', 'openai'] as const)('%s stand-in', (provider) => {
      const ref = `${provider}:${MODELS[provider]}`;
      it.each([3, 9])(
        `${ref},o200k_base gives identical per-segment counts (framing %i)`,
        async (framing) => {
          const s = await standIn(provider, framing);
          const out = join(tmp('tokentax-api-'), 'run');
          const cache = tmp('tokentax-api-cache-');
          const r = await runCli(runArgs(ref, out), {
            env: { ...apiEnv(provider, s), TOKENTAX_CACHE: cache },
          });
          expect(r.code, r.stderr).toBe(0);
          expectSameAsO200k(out, ref);
          const m = manifest(out);
          expect(m.apiCounters).toHaveLength(1);
          expect(m.apiCounters[0].framing.tokens).toBe(framing);
          expect(m.apiCounters[0].requests.sent).toBe(s.requests.length);
          // Each distinct text once, the probes once, nothing else.
          const asked = s.requests.map((q) => q.text!);
          expect(asked.length).toBe(new Set(asked).size);
          expect(new Set(asked)).toEqual(new Set([...texts, ...PROBE_TEXTS]));
          // The announcement before counting, and no key anywhere in the output or the folder.
          expect(r.stderr).toMatch(new RegExp(`${ref}: ${texts.size.toLocaleString('en-US')} requests to `));
          const key = KEYS[provider];
          expect(r.stdout + r.stderr).not.toContain(key);
          // Every file of the run folder and of the count cache, bytes included (the cache files are binary).
          const files = [...filesUnder(out), ...filesUnder(cache)];
          expect(files.some((f) => f.endsWith('manifest.json'))).toBe(true);
          expect(filesUnder(cache).length).toBeGreaterThan(0);
          for (const f of files) expect(readFileSync(f).includes(Buffer.from(key)), f).toBe(false);
        },
      );
    });

    it('429 on every third text (retry-after 0): the same counts, and a second identical run sends no request', async () => {
      // Each text is refused once at most: retry-after: 0 still costs it an exponential backoff (>= 250 ms),
      // and chains of 429s on one text would make this a test of the backoff (counters.test.ts has that).
      const refused = new Set<string>();
      const s = await standIn('anthropic', 5, {
        fault: (n, text) => {
          if (n % 3 !== 0 || !text || refused.has(text)) return undefined;
          refused.add(text);
          return { kind: '429', retryAfter: '0' };
        },
      });
      const env = { ...apiEnv('anthropic', s), TOKENTAX_CACHE: tmp('tokentax-api-cache-') };
      const ref = `anthropic:${MODELS.anthropic}`;
      const out = join(tmp('tokentax-api-'), 'run');
      const r = await runCli(runArgs(ref, out), { env });
      expect(r.code, r.stderr).toBe(0);
      expectSameAsO200k(out, ref);
      const rejected = s.requests.filter((q) => q.status === 429).length;
      // About a quarter of all requests: every third request is refused unless it is a retry (a third of the
      // retries land on such a number) or a text-less probe, so R ≈ T/3 − R/3 − probes, R ≈ T/4. The old bound,
      // R > (T − R)/3 − 2, sat on that expectation and failed on about one run in two.
      expect(rejected).toBeGreaterThan(s.requests.length / 6);
      expect(manifest(out).apiCounters[0].requests.retries).toBe(rejected);

      const before = s.requests.length;
      const again = join(tmp('tokentax-api-'), 'run');
      const r2 = await runCli(runArgs(ref, again), { env });
      expect(r2.code, r2.stderr).toBe(0);
      expect(s.requests.length - before).toBe(0);
      expect(r2.stderr).toMatch(
        new RegExp(
          `${ref}: 0 requests to .*\\(${texts.size.toLocaleString('en-US')} counts from the cache\\)`,
        ),
      );
      expectSameAsO200k(again, ref);
      expect(manifest(again).apiCounters[0].requests).toEqual({
        sent: 0,
        cached: texts.size + PROBE_TEXTS.length,
        retries: 0,
      });
    });

    // SIGKILL leaves no time to flush anything: it shows each count is written the moment it arrives.
    it.each([
      ['SIGINT', 'anthropic'],
      ['SIGTERM', 'gemini'],
      ['SIGKILL', 'openai'],
    ] as const)(
      'a run stopped half-way by %s (%s) and started again sends only the missing requests',
      async (signal, provider) => {
        const s = await standIn(provider, 4);
        const env = {
          ...process.env,
          NO_COLOR: '1',
          ...apiEnv(provider, s),
          TOKENTAX_CACHE: tmp('tokentax-api-cache-'),
        };
        const ref = `${provider}:${MODELS[provider]}`;
        const out = join(tmp('tokentax-api-'), 'run');
        // Slow enough (30,000 requests/min: about 8 s for the whole run) to be stopped half-way.
        const child = spawn(
          process.execPath,
          [join(ROOT, 'bin', 'tokentax.js'), ...runArgs(ref, out).map((a) => (a === '600000' ? '30000' : a))],
          { cwd: ROOT, env },
        );
        let stderr = '';
        child.stderr.on('data', (d) => (stderr += d));
        const half = (texts.size + PROBE_TEXTS.length) / 2;
        const deadline = Date.now() + 120_000;
        while (s.counted().length < half && child.exitCode === null && Date.now() < deadline)
          await new Promise((r) => setTimeout(r, 10));
        expect(child.exitCode, `the run ended before it could be stopped: ${stderr}`).toBeNull();
        child.kill(signal);
        const code = await new Promise<number | null>((r) => child.on('close', (c) => r(c)));
        expect(code, stderr).toBe(signal === 'SIGKILL' ? null : 130);
        const first = new Set(s.counted().map((q) => q.text!));
        expect(first.size).toBeLessThan(texts.size);

        const seen = s.requests.length;
        const r = await runCli(runArgs(ref, out), { env });
        expect(r.code, r.stderr).toBe(0);
        expectSameAsO200k(out, ref);
        const second = s.requests.slice(seen).map((q) => q.text!);
        // Only what the first run had not received: the texts it never asked, plus at most the requests in flight when
        // it was stopped (answered by the server, but not read by the client).
        const again = second.filter((t) => first.has(t));
        expect(again.length).toBeLessThanOrEqual(CONCURRENCY);
        expect(second.length).toBe(texts.size + PROBE_TEXTS.length - first.size + again.length);
        expect(second.some((t) => PROBE_TEXTS.includes(t) && first.has(t))).toBe(false);
      },
    );
  },
);
