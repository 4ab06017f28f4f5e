// Provider API refs through the real CLI, on a small corpus (no ../shared needed): each error is one line naming
// the fix with its documented exit code, a counter failing mid-run drops that counter only, `count` and
// `tokenizers` know the refs, and no key shows anywhere.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ExitCode } from '../../src/errors.js';
import { apiEnv, type ApiServer, type ApiServerOptions, type Provider } from '../fixtures/api-server.js';
import { closedPort, runCli, tmp } from '../helpers.js';
import { KEYS, MODELS, o200kStandIn, smallCorpus, apiRunArgs } from '../providers/shared.js';

const STACK = /^\s+at .+[:(]\d+:\d+\)?$/m;
let dir: string;
let corpus: string;
const servers: ApiServer[] = [];

const standIn = (provider: Provider, more: Partial<ApiServerOptions> = {}) =>
  o200kStandIn(servers, provider, 6, more);

beforeAll(() => {
  dir = tmp('tokentax-api-errors-');
  corpus = smallCorpus(dir);
});
afterAll(async () => {
  for (const s of servers) await s.close();
});

const run = (tokenizers: string, ...more: string[]) =>
  apiRunArgs(
    corpus,
    tokenizers,
    join(dir, `out-${Math.random().toString(36).slice(2)}`),
    '--no-charts',
    '--quiet',
    ...more,
  );
const env = (extra: Record<string, string> = {}) => ({
  TOKENTAX_CACHE: tmp('tokentax-api-cache-'),
  ANTHROPIC_API_KEY: undefined,
  GEMINI_API_KEY: undefined,
  GOOGLE_API_KEY: undefined,
  OPENAI_API_KEY: undefined,
  ...extra,
});

describe('provider API errors through the CLI', () => {
  const cases: {
    name: string;
    provider: Provider;
    tokenizers?: string;
    fault?: ApiServerOptions['fault'];
    key?: string;
    base?: () => Promise<string>;
    code: number;
    says: RegExp[];
  }[] = [
    {
      name: 'missing key',
      provider: 'anthropic',
      key: '',
      code: ExitCode.apiKey,
      says: [/ANTHROPIC_API_KEY is not set/, /fix: export ANTHROPIC_API_KEY=/],
    },
    {
      name: 'missing Gemini key names both variables',
      provider: 'gemini',
      key: '',
      code: ExitCode.apiKey,
      says: [/GEMINI_API_KEY or GOOGLE_API_KEY is not set/],
    },
    {
      name: 'rejected key (401)',
      provider: 'openai',
      key: 'made-up-wrong-key-4242',
      code: ExitCode.apiAuth,
      says: [/OpenAI rejected the key in OPENAI_API_KEY/, /fix: check or replace the key in OPENAI_API_KEY/],
    },
    {
      name: 'rejected key (Gemini: a 400 with API_KEY_INVALID)',
      provider: 'gemini',
      key: 'made-up-wrong-key-4242',
      code: ExitCode.apiAuth,
      says: [/rejected the key in GEMINI_API_KEY/],
    },
    {
      name: 'unknown model (404)',
      provider: 'anthropic',
      tokenizers: 'anthropic:claude-nope',
      code: ExitCode.apiModel,
      says: [/does not know model "claude-nope"/, /fix: use a model id/],
    },
    {
      name: 'exhausted quota',
      provider: 'openai',
      fault: () => ({ kind: 'quota' }),
      code: ExitCode.apiQuota,
      says: [/quota exhausted/, /fix: wait until the quota resets/],
    },
    {
      name: 'unreachable endpoint',
      provider: 'anthropic',
      base: async () => `http://127.0.0.1:${await closedPort()}`,
      code: ExitCode.apiUnreachable,
      says: [
        /no count from http:\/\/127\.0\.0\.1:\d+ after 4 attempts in \d+\.\d s \(ECONNREFUSED\)/,
        /fix: check the network and ANTHROPIC_BASE_URL/,
      ],
    },
    {
      name: 'answer not in the documented shape',
      provider: 'gemini',
      fault: () => ({ kind: 'malformed' }),
      code: ExitCode.apiAnswer,
      says: [/not the documented count/, /fix: check GEMINI_BASE_URL/],
    },
  ];
  for (const c of cases) {
    it(`${c.name}: exit ${c.code}, one line and its fix`, async () => {
      const s = await standIn(c.provider, { fault: c.fault });
      const e = apiEnv(c.provider, s);
      const keyVar = Object.keys(e).find((k) => k.endsWith('_API_KEY'))!;
      const urlVar = Object.keys(e).find((k) => k.endsWith('_BASE_URL'))!;
      if (c.key !== undefined) e[keyVar] = c.key;
      if (c.base) e[urlVar] = await c.base();
      const r = await runCli(run(c.tokenizers ?? `${c.provider}:${MODELS[c.provider]},o200k_base`), {
        env: env(Object.fromEntries(Object.entries(e).filter(([, v]) => v !== ''))),
      });
      expect(r.code, r.stderr).toBe(c.code);
      for (const re of c.says) expect(r.stderr).toMatch(re);
      expect(
        r.stderr
          .trim()
          .split('\n')
          .filter((l) => l.startsWith('tokentax:')),
      ).toHaveLength(1);
      expect(r.stderr).not.toMatch(STACK);
      if (c.key) expect(r.stdout + r.stderr).not.toContain(c.key);
      expect(r.stdout + r.stderr).not.toContain(KEYS[c.provider]);
    });
  }

  it('a counter that fails mid-run is dropped and named, the others go on, the report says why', async () => {
    // The probes and the first texts pass, then every request is a 500: the counter gives up after --api-max-wait.
    const s = await standIn('anthropic', { fault: (n) => (n > 8 ? { kind: '500' } : undefined) });
    const out = join(dir, 'midrun');
    const r = await runCli(
      apiRunArgs(
        corpus,
        `anthropic:${MODELS.anthropic},o200k_base`,
        out,
        '--no-charts',
        '--quiet',
        '--api-max-wait',
        '1.5',
      ),
      { env: env(apiEnv('anthropic', s)) },
    );
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(
      /tokenizer anthropic:claude-standin-1 failed on small and was dropped: .*no count from .* in (0\.\d|1\.[0-5]) s \(HTTP 500 api_error.*\); the next wait would pass --api-max-wait 1\.5 s/,
    );
    const summary = Papa.parse<Record<string, string>>(readFileSync(join(out, 'summary.csv'), 'utf8'), {
      header: true,
      skipEmptyLines: true,
    }).data;
    expect([...new Set(summary.map((x) => x.tokenizer))]).toEqual(['o200k_base']);
    const report = readFileSync(join(out, 'report.md'), 'utf8');
    expect(report).toMatch(/anthropic:claude-standin-1.*failed during the run: .*HTTP 500/);
  });

  it('count: a provider ref beside a local tokenizer, framing subtracted, cached for the next call', async () => {
    const s = await standIn('openai');
    const e = env(apiEnv('openai', s));
    const r = await runCli(
      [
        'count',
        'Le développement durable',
        '--tokenizers',
        `openai:${MODELS.openai},o200k_base`,
        '--json',
        '--api-rpm',
        '60000',
      ],
      { env: e },
    );
    expect(r.code, r.stderr).toBe(0);
    const rows = JSON.parse(r.stdout) as { tokenizer: string; tokens: number }[];
    expect(rows.find((x) => x.tokenizer === `openai:${MODELS.openai}`)!.tokens).toBe(
      rows.find((x) => x.tokenizer === 'o200k_base')!.tokens,
    );
    const sent = s.requests.length;
    const again = await runCli(
      ['count', 'Le développement durable', '--tokenizers', `openai:${MODELS.openai}`],
      { env: e },
    );
    expect(again.code, again.stderr).toBe(0);
    expect(s.requests.length).toBe(sent);
  });

  it('explain: a provider ref gives its count and says why there are no boundaries', async () => {
    const s = await standIn('gemini');
    const r = await runCli(
      [
        'explain',
        'Straßenbahnhaltestelle',
        '--tokenizers',
        `gemini:${MODELS.gemini},o200k_base`,
        '--api-rpm',
        '60000',
      ],
      { env: env(apiEnv('gemini', s)) },
    );
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/gemini:gemini-standin-1: \d+ tokens \(its API gives a count, not the tokens/);
    expect(r.stdout).toMatch(/o200k_base/);
  });

  it("tokenizers: the catalog's API refs with what each needs", async () => {
    const r = await runCli(['tokenizers'], { env: env() });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(
      /openai:gpt-5\s+english-centric\s+—\s+OpenAI\s+provider API\s+needs OPENAI_API_KEY/,
    );
    const set = await runCli(['tokenizers', '--json'], { env: env({ OPENAI_API_KEY: KEYS.openai }) });
    const entry = (JSON.parse(set.stdout) as { id: string; status: string; statusDetail: string }[]).find(
      (t) => t.id === 'openai:gpt-5',
    )!;
    expect(entry.status).toBe('ready');
    expect(entry.statusDetail).toMatch(/OPENAI_API_KEY set/);
    expect(set.stdout).not.toContain(KEYS.openai);
  });

  it('bad option values: exit 2', async () => {
    for (const args of [
      ['--sample', '0'],
      ['--api-rpm', 'fast'],
      ['--api-concurrency', '0'],
      ['--api-timeout', '-1'],
    ]) {
      const r = await runCli(run('o200k_base', ...args), { env: env() });
      expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(ExitCode.usage);
    }
  });
});
