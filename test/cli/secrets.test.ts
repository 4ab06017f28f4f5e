// No fragment of an API key is ever written, through the real CLI: stand-ins that echo the key (20-200
// characters, at any place, whole, split by whitespace or masked) in error answers and in 200 answers of the
// wrong shape, at the probes (the run fails) or mid-run (the counter is dropped and the reason goes into the
// manifest and the reports). stdout, stderr, every byte of the run folder (and of a .partial one) and of the
// count cache are searched for any run of 8 characters of the key. The CLI runs are few (the machine is
// small); test/providers/secrets.test.ts runs the same echoes many more times against the scrubber and the
// request's error path.
import fc from 'fast-check';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROBE_TEXTS } from '../../src/providers/framing.js';
import { startApiServer, type ApiServer, type Fault, type Provider } from '../fixtures/api-server.js';
import { runCli, tmp } from '../helpers.js';
import { arbKey, arbSplitKey, expectNoKey, masked } from '../providers/keys.js';
import { MODELS, o200kBase, smallCorpus, apiRunArgs } from '../providers/shared.js';

let dir: string;
let corpus: string;
const servers: ApiServer[] = [];

beforeAll(() => {
  dir = tmp('tokentax-secrets-');
  corpus = smallCorpus(dir);
});
afterAll(async () => {
  for (const s of servers) await s.close();
});

/** Every file under `root`, recursively. */
function files(root: string): string[] {
  if (!existsSync(root)) return [];
  return readdirSync(root).flatMap((f) => {
    const p = join(root, f);
    return statSync(p).isDirectory() ? files(p) : [p];
  });
}

const VARS: Record<Provider, [string, string]> = {
  anthropic: ['ANTHROPIC_API_KEY', 'ANTHROPIC_BASE_URL'],
  gemini: ['GEMINI_API_KEY', 'GEMINI_BASE_URL'],
  openai: ['OPENAI_API_KEY', 'OPENAI_BASE_URL'],
  xai: ['XAI_API_KEY', 'XAI_BASE_URL'],
};

/** The hostile answer: the echo where each provider puts its message, or in a 200 body of the wrong shape. */
function hostile(provider: Provider, status: number, echo: string): Fault {
  const message = `request refused for key ${echo}\n(see the docs)`;
  const body =
    status === 200
      ? JSON.stringify({ note: message, count: 'n/a' })
      : provider === 'anthropic'
        ? JSON.stringify({
            type: 'error',
            error: { type: status === 429 ? 'rate_limit_error' : 'invalid_request_error', message },
          })
        : provider === 'gemini'
          ? JSON.stringify({ error: { code: status, status: 'INVALID_ARGUMENT', message } })
          : JSON.stringify({ error: { message, type: 'invalid_request_error', code: null } });
  return { kind: 'raw', status, body, headers: status === 429 ? { 'retry-after': '0' } : {} };
}

interface Case {
  provider: Provider;
  key: string;
  echo: string;
  status: number;
  when: 'probe' | 'mid';
}

const arbCase: fc.Arbitrary<Case> = fc
  .tuple(arbKey, fc.constantFrom<Provider>('anthropic', 'gemini', 'openai'))
  .chain(([key, provider]) =>
    fc.record({
      provider: fc.constant(provider),
      key: fc.constant(key),
      echo: fc.oneof(
        fc.constant(key),
        arbSplitKey(key),
        fc.constant(masked(key, 8, '*'.repeat(24))),
        fc.tuple(fc.string({ maxLength: 150 }), arbSplitKey(key)).map(([pad, k]) => pad + k),
      ),
      status: fc.constantFrom(200, 400, 401, 404, 429, 500),
      when: fc.constantFrom<'probe' | 'mid'>('probe', 'mid', 'mid'),
    }),
  );

async function runCase(c: Case, extra: string[] = ['--no-charts']): Promise<void> {
  const tok = await o200kBase();
  const isProbe = (t: string | undefined) => !!t && PROBE_TEXTS.includes(t);
  const fault = hostile(c.provider, c.status, c.echo);
  let given = 0;
  const s = await startApiServer({
    provider: c.provider,
    framing: 5,
    count: (t) => tok.count(t),
    key: c.key,
    models: [MODELS[c.provider]],
    fault: (_n, text) => {
      if (c.when === 'mid' && isProbe(text)) return undefined;
      given++;
      return fault;
    },
  });
  servers.push(s);
  const out = join(dir, `out-${Math.random().toString(36).slice(2)}`);
  const cache = tmp('tokentax-secrets-cache-');
  const [keyVar, urlVar] = VARS[c.provider];
  const r = await runCli(
    apiRunArgs(
      corpus,
      `${c.provider}:${MODELS[c.provider]},o200k_base`,
      out,
      '--api-max-wait',
      '0.3',
      ...extra,
    ),
    { env: { TOKENTAX_CACHE: cache, [keyVar]: c.key, [urlVar]: s.url } },
  );
  await s.close();
  const what = `${JSON.stringify(c)}\n${r.stderr}`;
  // The hostile answer was really given, and the run ended as documented (no internal error).
  expect(given, what).toBeGreaterThan(0);
  expect(r.code, what).not.toBe(1);
  if (c.when === 'mid') expect(r.code, what).toBe(0);
  expectNoKey(r.stdout, c.key, 'stdout');
  expectNoKey(r.stderr, c.key, 'stderr');
  const written = [...files(out), ...files(`${out}.partial`), ...files(cache)];
  if (c.when === 'mid')
    expect(
      written.some((f) => f.endsWith('manifest.json')),
      what,
    ).toBe(true);
  for (const f of written) expectNoKey(readFileSync(f, 'latin1'), c.key, f);
}

describe('no fragment of the key in any output', () => {
  it('a counter dropped mid-run for an answer that echoes the key: manifest, reports, charts and slides', async () => {
    const key = 'sk-proj-' + 'Zq7_x'.repeat(31); // 163 characters, as long as OpenAI project keys
    await runCase(
      { provider: 'openai', key, echo: `${key.slice(0, 90)}\n  ${key.slice(90)}`, status: 200, when: 'mid' },
      ['--slides'],
    );
  });

  it('property: keys of 20-200 characters, echoed anywhere, split or masked, in any answer (24 CLI runs)', async () => {
    await fc.assert(
      fc.asyncProperty(arbCase, (c) => runCase(c)),
      { numRuns: 24, endOnFailure: true },
    );
  }, 900_000); // 24 CLI runs: minutes when the machine is shared
});
