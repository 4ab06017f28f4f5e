// The provider counters against the stand-in servers: text-only counts for every provider and framing, the
// framing check, retries, and each error as the one line that names its fix.
import { afterEach, describe, expect, it } from 'vitest';
import { isUserError } from '../../src/errors.js';
import { RateLimiter, RemoteCounters, remoteSpec, type RawCountStore } from '../../src/providers/index.js';
import { apiEnv, type ApiServer, type ApiServerOptions, type Provider } from '../fixtures/api-server.js';
import { catchErr, closedPort } from '../helpers.js';
import { KEYS, MODELS, o200kBase, o200kStandIn } from './shared.js';

const servers: ApiServer[] = [];
afterEach(async () => {
  while (servers.length) await servers.pop()!.close();
});

const standIn = (provider: Provider, more: Partial<ApiServerOptions> = {}) =>
  o200kStandIn(servers, provider, 7, more);

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

describe('counts a text cannot hold (2^31 + 5, or more tokens than bytes)', () => {
  const ref = 'anthropic:claude-standin-1';
  const HUGE = 2 ** 31 + 5;

  it('an answer of 2^31 + 5 is a broken answer (apiAnswer) naming the count and the bound, not a wrapped count', async () => {
    const s = await standIn('anthropic', {
      fault: (_n, t) => (t === 'Bonjour' ? { kind: 'count', tokens: HUGE } : undefined),
    });
    const c = new RemoteCounters([remoteSpec(ref)], { env: apiEnv('anthropic', s), rpm: 60_000 });
    const e = await catchErr(c.count(ref, ['Bonjour']));
    expect(e.exit).toBe('apiAnswer');
    expect(e.message).toMatch(/counted 2,147,483,653 tokens for a text of 7 UTF-8 bytes.*at most 1,032/);
    await c.close();
  });

  it('a text-only count above one token per byte plus one fails even within the framing allowance', async () => {
    const s = await standIn('openai', {
      fault: (_n, t) => (t === 'abc' ? { kind: 'count', tokens: 7 + 5 } : undefined),
    });
    const c = new RemoteCounters([remoteSpec('openai:gpt-standin-1')], {
      env: apiEnv('openai', s),
      rpm: 60_000,
    });
    const e = await catchErr(c.count('openai:gpt-standin-1', ['abc']));
    expect(e.exit).toBe('apiAnswer');
    expect(e.message).toMatch(/counted 12 tokens for a text of 3 UTF-8 bytes: 5 without the 7-token framing/);
    await c.close();
  });

  it('a stored count the text cannot hold is not used: the text is asked again', async () => {
    const tok = await o200kBase();
    const s = await standIn('anthropic');
    const store = memoryStore();
    store.put(ref, 'Bonjour', HUGE);
    store.put(ref, 'Hello world.', 2 ** 31 - 1);
    const c = new RemoteCounters([remoteSpec(ref)], { env: apiEnv('anthropic', s), rpm: 60_000, store });
    expect(c.plan(ref, ['Bonjour', 'Hello world.']).cached).toBe(0);
    expect([...(await c.count(ref, ['Bonjour', 'Hello world.']))]).toEqual([
      tok.count('Bonjour'),
      tok.count('Hello world.'),
    ]);
    expect(s.counted().map((r) => r.text)).toEqual(expect.arrayContaining(['Bonjour', 'Hello world.']));
    expect(store.map.get(`${ref}\0Bonjour`)).toBe(tok.count('Bonjour') + 7);
    await c.close();
  });
});

describe('retries as promised', () => {
  const ref = 'anthropic:claude-standin-1';

  it('a connection dropped mid-answer is retried like a 5xx, past the four tries of a refused connection', async () => {
    const tok = await o200kBase();
    let drops = 0;
    const s = await standIn('anthropic', {
      fault: (_n, t) => (t === 'Bonjour' && drops++ < 4 ? { kind: 'drop' } : undefined),
    });
    const c = new RemoteCounters([remoteSpec(ref)], { env: apiEnv('anthropic', s), rpm: 60_000 });
    expect([...(await c.count(ref, ['Bonjour']))]).toEqual([tok.count('Bonjour')]);
    expect(s.requests.filter((r) => r.text === 'Bonjour').map((r) => r.status)).toEqual([
      -1, -1, -1, -1, 200,
    ]);
    expect(c.records()[0].requests.retries).toBe(4);
    await c.close();
  });

  it('a connection dropped every time fails within --api-max-wait, saying so with the true elapsed time', async () => {
    const s = await standIn('anthropic', {
      fault: (_n, t) => (t === 'Bonjour' ? { kind: 'drop' } : undefined),
    });
    const c = new RemoteCounters([remoteSpec(ref)], {
      env: apiEnv('anthropic', s),
      rpm: 60_000,
      maxWaitMs: 2000,
    });
    await c.prepare(ref);
    const t0 = Date.now();
    const e = await catchErr(c.count(ref, ['Bonjour']));
    const took = Date.now() - t0;
    expect(e.exit).toBe('apiUnreachable');
    const m =
      /after (\d+) attempts in (\d+\.\d) s \(connection dropped mid-answer \(\w+\)\); the next wait would pass --api-max-wait 2\.0 s/.exec(
        e.message,
      );
    expect(m, e.message).not.toBeNull();
    expect(Number(m![1])).toBe(s.requests.filter((r) => r.text === 'Bonjour').length);
    expect(Math.abs(Number(m![2]) * 1000 - took)).toBeLessThan(300);
    expect(took).toBeLessThan(2000);
    await c.close();
  });

  it('retry-after: 0 on every answer still backs off exponentially from 250 ms, so few requests are sent', async () => {
    const s = await standIn('anthropic', {
      fault: (_n, t) => (t === 'Bonjour' ? { kind: '429', retryAfter: '0' } : undefined),
    });
    const c = new RemoteCounters([remoteSpec(ref)], {
      env: apiEnv('anthropic', s),
      rpm: 60_000,
      maxWaitMs: 3000,
    });
    await c.prepare(ref);
    const t0 = Date.now();
    const e = await catchErr(c.count(ref, ['Bonjour']));
    const took = Date.now() - t0;
    expect(e.exit).toBe('apiQuota');
    const at = s.requests.filter((r) => r.text === 'Bonjour').map((r) => r.at);
    // Waits of 0.25-0.5, 0.5-1, 1-2 s fit in 3 s; the next (2-4 s) would not: 3 or 4 requests, not hundreds.
    expect(at.length).toBeGreaterThanOrEqual(3);
    expect(at.length).toBeLessThanOrEqual(4);
    at.slice(1).forEach((t, k) => expect(t - at[k], `wait ${k}`).toBeGreaterThanOrEqual(250 * 2 ** k - 15));
    const m = /kept rate-limiting the requests for (\d+\.\d) s over (\d+) attempts/.exec(e.message);
    expect(m, e.message).not.toBeNull();
    expect(Number(m![2])).toBe(at.length);
    expect(Math.abs(Number(m![1]) * 1000 - took)).toBeLessThan(300);
    await c.close();
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
