// The provider counters against the stand-in servers: text-only counts for every provider and framing, the
// framing check, retries, and each error as the one line that names its fix.
import { afterEach, describe, expect, it } from 'vitest';
import { isUserError } from '../../src/errors.js';
import { RateLimiter, RemoteCounters, remoteSpec, type RawCountStore } from '../../src/providers/index.js';
import {
  apiEnv,
  startApiServer,
  type ApiServer,
  type ApiServerOptions,
  type Provider,
} from '../fixtures/api-server.js';
import { catchErr, closedPort } from '../helpers.js';
import { KEYS, MODELS, o200kBase } from './shared.js';

const servers: ApiServer[] = [];
afterEach(async () => {
  while (servers.length) await servers.pop()!.close();
});

async function standIn(provider: Provider, more: Partial<ApiServerOptions> = {}): Promise<ApiServer> {
  const tok = await o200kBase();
  const s = await startApiServer({
    provider,
    framing: 7,
    count: (t) => tok.count(t),
    key: KEYS[provider],
    models: [MODELS[provider]],
    ...more,
  });
  servers.push(s);
  return s;
}

function memoryStore(): RawCountStore & { map: Map<string, number> } {
  const map = new Map<string, number>();
  return {
    map,
    get: (id, t) => map.get(`${id}\0${t}`),
    put: (id, t, n) => void map.set(`${id}\0${t}`, n),
    close() {},
  };
}

const TEXTS = [
  'Hello world.',
  'Le développement durable est un enjeu majeur.',
  'Straßenbahnhaltestelle',
  '¿Dónde está la estación?',
  'a',
];

describe.each(['anthropic', 'gemini', 'openai', 'xai'] as const)('%s counter', (provider) => {
  const ref = `${provider}:${MODELS[provider]}`;

  it.each([0, 3, 11])('gives o200k_base counts when the stand-in adds a framing of %i', async (framing) => {
    const tok = await o200kBase();
    const s = await standIn(provider, { framing });
    const c = new RemoteCounters([remoteSpec(ref)], { env: apiEnv(provider, s), rpm: 60_000 });
    const got = await c.count(ref, TEXTS);
    expect([...got]).toEqual(TEXTS.map((t) => tok.count(t)));
    expect(c.records()[0].framing.tokens).toBe(framing);
    await c.close();
  });

  it('sends each distinct text once, and nothing the store already holds', async () => {
    const s = await standIn(provider);
    const store = memoryStore();
    const c = new RemoteCounters([remoteSpec(ref)], { env: apiEnv(provider, s), rpm: 60_000, store });
    await c.count(ref, [...TEXTS, ...TEXTS]);
    const first = s.requests.length;
    expect(first).toBe(6 + TEXTS.length - 1); // 6 probe texts ("a" is one of them) + the others once
    await c.close();
    const again = new RemoteCounters([remoteSpec(ref)], { env: apiEnv(provider, s), rpm: 60_000, store });
    await again.count(ref, TEXTS);
    expect(s.requests.length).toBe(first);
    await again.close();
  });

  it('retries 429 (honouring retry-after) and 500, and counts the same', async () => {
    const tok = await o200kBase();
    const s = await standIn(provider, {
      fault: (n) =>
        n % 3 === 0 ? { kind: '429', retryAfter: '0' } : n % 5 === 0 ? { kind: '500' } : undefined,
    });
    const c = new RemoteCounters([remoteSpec(ref)], { env: apiEnv(provider, s), rpm: 60_000 });
    expect([...(await c.count(ref, TEXTS))]).toEqual(TEXTS.map((t) => tok.count(t)));
    expect(c.records()[0].requests.retries).toBeGreaterThan(0);
    expect(s.requests.some((r) => r.status === 429)).toBe(true);
    await c.close();
  });

  it('waits the retry-after the server asks for', async () => {
    const s = await standIn(provider, {
      fault: (n) => (n === 1 ? { kind: '429', retryAfter: '1' } : undefined),
    });
    const c = new RemoteCounters([remoteSpec(ref)], { env: apiEnv(provider, s), rpm: 60_000 });
    await c.prepare(ref);
    await c.close();
    const first = s.requests.find((r) => r.status === 429)!;
    const retried = s.requests.find((r) => r.n > first.n && r.text === first.text)!;
    // Gemini's RetryInfo (0 s) takes precedence over the header, as the protocol says; the others wait 1 s.
    if (provider !== 'gemini') expect(retried.at - first.at).toBeGreaterThanOrEqual(950);
    expect(retried.status).toBe(200);
  });

  it('a rejected key: one line naming the variable, exit apiAuth, the key never shown', async () => {
    const s = await standIn(provider);
    const env = { ...apiEnv(provider, s) };
    const wrong = 'made-up-wrong-key-9999';
    for (const k of Object.keys(env)) if (k.endsWith('_API_KEY')) env[k] = wrong;
    const c = new RemoteCounters([remoteSpec(ref)], { env, rpm: 60_000 });
    const e = await catchErr(c.count(ref, ['x']));
    expect(e.exit).toBe('apiAuth');
    expect(e.message).toMatch(
      {
        gemini: /GEMINI_API_KEY/,
        openai: /OPENAI_API_KEY/,
        anthropic: /ANTHROPIC_API_KEY/,
        xai: /XAI_API_KEY/,
      }[provider],
    );
    expect(`${e.message} ${e.hint}`).not.toContain(wrong);
    expect(e.message.split('\n')).toHaveLength(1);
    await c.close();
  });

  it('an unknown model: exit apiModel, naming the model', async () => {
    const s = await standIn(provider);
    const other = `${provider}:no-such-model`;
    const c = new RemoteCounters([remoteSpec(other)], { env: apiEnv(provider, s), rpm: 60_000 });
    const e = await catchErr(c.count(other, ['x']));
    expect(e.exit).toBe('apiModel');
    expect(e.message).toContain('"no-such-model"');
    await c.close();
  });

  /** The error of prepare() against a stand-in with these faults; the counter is closed whatever happens. */
  async function prepareFails(more: Partial<ApiServerOptions>) {
    const s = await standIn(provider, more);
    const c = new RemoteCounters([remoteSpec(ref)], { env: apiEnv(provider, s), rpm: 60_000 });
    try {
      return { e: await catchErr(c.prepare(ref)), s };
    } finally {
      await c.close();
    }
  }

  it('an exhausted quota: exit apiQuota, no retry', async () => {
    const { e, s } = await prepareFails({ fault: () => ({ kind: 'quota' }) });
    expect(e.exit).toBe('apiQuota');
    expect(e.hint).toMatch(/cached/);
    expect(s.requests.length).toBeLessThanOrEqual(6);
  });

  it('an answer that is not the documented shape: exit apiAnswer', async () => {
    const { e } = await prepareFails({ fault: () => ({ kind: 'malformed' }) });
    expect(e.exit).toBe('apiAnswer');
    expect(e.message).toMatch(/not the documented count/);
  });

  it('a framing that changes with the text fails clearly instead of biasing the counts', async () => {
    const { e } = await prepareFails({ framingOf: (t) => (t.length > 3 ? 8 : 7) });
    expect(e.exit).toBe('apiAnswer');
    expect(e.message).toMatch(/framing is not one fixed number/);
  });

  it('a missing key: exit apiKey, naming the variable to set', async () => {
    const c = new RemoteCounters([remoteSpec(ref)], { env: {} });
    const e = await catchErr(c.count(ref, ['x']));
    expect(e.exit).toBe('apiKey');
    expect(e.hint).toMatch(/export (ANTHROPIC|GEMINI|OPENAI|XAI)_API_KEY=/);
    await c.close();
  });
});

describe('time and network limits', () => {
  it('a slow answer past --api-timeout is retried', async () => {
    const tok = await o200kBase();
    const s = await standIn('anthropic', {
      fault: (n) => (n === 2 ? { kind: 'slow', ms: 1500 } : undefined),
    });
    const c = new RemoteCounters([remoteSpec('anthropic:claude-standin-1')], {
      env: apiEnv('anthropic', s),
      rpm: 60_000,
      timeoutMs: 300,
    });
    expect([...(await c.count('anthropic:claude-standin-1', ['Bonjour']))]).toEqual([tok.count('Bonjour')]);
    expect(c.records()[0].requests.retries).toBe(1);
    await c.close();
  });

  it('an unreachable endpoint: exit apiUnreachable after a few tries', async () => {
    const port = await closedPort();
    const c = new RemoteCounters([remoteSpec('openai:gpt-standin-1')], {
      env: { OPENAI_API_KEY: KEYS.openai, OPENAI_BASE_URL: `http://127.0.0.1:${port}/v1` },
      rpm: 60_000,
    });
    const e = await catchErr(c.prepare('openai:gpt-standin-1'));
    expect(e.exit).toBe('apiUnreachable');
    expect(e.message).toMatch(/ECONNREFUSED/);
    expect(e.hint).toMatch(/OPENAI_BASE_URL/);
    await c.close();
  });

  it('429s beyond --api-max-wait: exit apiQuota', async () => {
    const s = await standIn('gemini', { fault: () => ({ kind: '429', retryAfter: '5' }) });
    const c = new RemoteCounters([remoteSpec('gemini:gemini-standin-1')], {
      env: apiEnv('gemini', s),
      rpm: 60_000,
      maxWaitMs: 1000,
    });
    const e = await catchErr(c.prepare('gemini:gemini-standin-1'));
    expect(isUserError(e) && e.exit).toBe('apiQuota');
    expect(e.message).toMatch(/kept rate-limiting/);
    await c.close();
  });

  it('progress lines give requests done of planned, retries and an ETA', async () => {
    const s = await standIn('anthropic');
    const lines: string[] = [];
    const c = new RemoteCounters([remoteSpec('anthropic:claude-standin-1')], {
      env: apiEnv('anthropic', s),
      rpm: 6000,
      store: memoryStore(),
      progress: (l) => lines.push(l),
      progressEveryMs: 1,
    });
    expect(c.plan('anthropic:claude-standin-1', TEXTS)).toEqual({
      requests: 6 + TEXTS.length - 1,
      cached: 0,
    });
    await c.count('anthropic:claude-standin-1', TEXTS);
    await c.close();
    expect(lines.at(-1)).toMatch(/^anthropic:claude-standin-1: 10\/10 requests, 0 retries, ETA 0 s$/);
    expect(lines.some((l) => /: [1-9]\/10 requests, 0 retries, ETA [1-9] s$/.test(l))).toBe(true);
  });

  it('--api-rpm spaces the requests', async () => {
    const s = await standIn('openai');
    const c = new RemoteCounters([remoteSpec('openai:gpt-standin-1')], {
      env: apiEnv('openai', s),
      rpm: 600,
      concurrency: 8,
    });
    await c.prepare('openai:gpt-standin-1'); // 6 probe requests, 100 ms apart at 600/min
    await c.close();
    const at = s.requests.map((r) => r.at);
    expect(at[at.length - 1] - at[0]).toBeGreaterThanOrEqual(5 * 100 - 20);
  });
});

describe('rate limiter', () => {
  it('never has more than --api-concurrency requests in flight', async () => {
    const l = new RateLimiter(1_000_000, 3);
    let active = 0;
    let most = 0;
    await Promise.all(
      Array.from({ length: 40 }, async (_, i) => {
        const release = await l.acquire();
        active++;
        most = Math.max(most, active);
        await new Promise((r) => setTimeout(r, i % 4));
        active--;
        release();
      }),
    );
    expect(most).toBe(3);
  });
});
