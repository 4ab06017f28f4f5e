// The key never survives a provider's message: the scrubber on its own, then every error path of a count request
// (error answers of each kind, 200 answers of the wrong shape), with keys of 20-200 characters echoed at any
// place, whole, split by whitespace and line breaks, cut or masked. Outputs are checked with and without their
// whitespace, so a key split over two lines of output counts as shown.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isUserError } from '../../src/errors.js';
import { clean, RateLimiter, requestCount, type Endpoint } from '../../src/providers/http.js';
import { PROTOCOLS } from '../../src/providers/protocol.js';
import { KEY_RUN, REDACTED, scrubKey } from '../../src/providers/secrets.js';
import { arbKey, arbSplitKey, expectNoKey, masked } from './keys.js';

/** Prose around the key, with characters that are not in the key's alphabet as well. */
const arbProse = fc.string({ maxLength: 300 });

const arbEcho = arbKey.chain((key) =>
  fc.record({
    key: fc.constant(key),
    before: arbProse,
    after: arbProse,
    echo: fc.oneof(
      fc.constant(key),
      arbSplitKey(key),
      fc
        .tuple(fc.integer({ min: 4, max: 8 }), fc.constantFrom('****', '*'.repeat(40), '…', '...'))
        .map(([h, m]) => masked(key, h, m)),
      // A run of 8 or more characters from anywhere in the key.
      fc
        .tuple(
          fc.integer({ min: 0, max: key.length - KEY_RUN }),
          fc.integer({ min: KEY_RUN, max: key.length }),
        )
        .map(([from, len]) => key.slice(from, Math.min(key.length, from + len))),
    ),
    times: fc.integer({ min: 1, max: 3 }),
  }),
);

describe('scrubKey', () => {
  it('removes the whole key, split or not, and says so', () => {
    const key = 'sk-proj-' + 'Ab3'.repeat(50);
    expect(scrubKey(`invalid key ${key} given`, key)).toBe(`invalid key ${REDACTED} given`);
    expect(scrubKey(`key: ${key.slice(0, 70)}\n${key.slice(70)}.`, key)).toBe(`key: ${REDACTED}.`);
  });

  it('removes masked echoes and keeps prose that only looks like one', () => {
    const key = 'sk-proj-abcdefghijklmnopqrstuvwxyz0123';
    expect(scrubKey(`Incorrect API key provided: sk-proj-****0123. See docs.`, key)).toBe(
      `Incorrect API key provided: ${REDACTED}. See docs.`,
    );
    expect(scrubKey('sk-pr…0123', key)).toBe(REDACTED);
    // OpenAI's 401 wording, first 8 and last 4 characters around stars.
    const openai = `sk-PMafP${'q'.repeat(40)}E873`;
    expect(
      scrubKey(
        `Incorrect API key provided: sk-PMafP${'*'.repeat(39)}E873. You can find your API key at`,
        openai,
      ),
    ).toBe(`Incorrect API key provided: ${REDACTED}. You can find your API key at`);
    expect(scrubKey('Please wait... then retry', key)).toBe('Please wait... then retry');
  });

  it('keeps a run of 7 characters of the key (below the bound) and removes one of 8', () => {
    const key = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
    expect(scrubKey('x ABCDEFG y', key)).toBe('x ABCDEFG y');
    expect(scrubKey('x ABCDEFGH y', key)).toBe(`x ${REDACTED} y`);
    expect(scrubKey('x ABCD EFGH y', key)).toBe(`x ${REDACTED} y`);
  });

  it('property: no run of 8 characters of a 20-200 character key survives, at any place, split or masked', () => {
    fc.assert(
      fc.property(arbEcho, ({ key, before, after, echo, times }) => {
        const message = before + Array.from({ length: times }, () => echo).join(after) + after;
        expectNoKey(scrubKey(message, key), key);
        expectNoKey(clean(message, key), key);
        expect(clean(message, key).length).toBeLessThanOrEqual(200);
      }),
      { numRuns: 1500 },
    );
  });

  it('property: a key deep in a long message (past any cut) is removed before the message is shortened', () => {
    fc.assert(
      fc.property(arbKey, fc.integer({ min: 0, max: 400 }), (key, at) => {
        const message = 'x'.repeat(at) + key + ' tail';
        expectNoKey(clean(message, key), key);
      }),
      { numRuns: 300 },
    );
  });
});

/** A fetch that answers every request with this status and body. */
const answer = (status: number, body: string, headers: Record<string, string> = {}) =>
  (async () =>
    new Response(body, {
      status,
      headers: { 'content-type': 'application/json', ...headers },
    })) as unknown as typeof fetch;

/** Bodies that echo `echo` where each provider puts its message, in error answers and in 200 answers. */
function hostileBodies(provider: keyof typeof PROTOCOLS, echo: string): [number, string][] {
  const msg = `bad request for ${echo}; see docs`;
  const error =
    provider === 'anthropic'
      ? { type: 'error', error: { type: 'invalid_request_error', message: msg } }
      : provider === 'gemini'
        ? { error: { code: 400, status: 'INVALID_ARGUMENT', message: msg } }
        : { error: { message: msg, type: 'invalid_request_error', code: null } };
  return [
    [400, JSON.stringify(error)],
    [401, JSON.stringify(error)],
    [404, JSON.stringify(error)],
    [200, JSON.stringify({ echo: msg, tokens: 'many' })],
    [200, `<html>${msg}</html>`],
    [200, msg],
  ];
}

describe('every error path of a count request', () => {
  it('property: the thrown message and fix hold no run of 8 characters of the key', async () => {
    await fc.assert(
      fc.asyncProperty(
        arbEcho,
        fc.constantFrom('anthropic', 'gemini', 'openai') as fc.Arbitrary<keyof typeof PROTOCOLS>,
        async ({ key, before, echo }, provider) => {
          const proto = PROTOCOLS[provider];
          const e: Endpoint = {
            proto,
            model: 'm',
            ref: `${provider}:m`,
            key,
            keyVar: proto.keyVars[0],
            baseUrl: 'http://127.0.0.1:9',
            shownUrl: 'http://127.0.0.1:9',
          };
          for (const [status, body] of hostileBodies(provider, before + echo)) {
            const err = await requestCount(e, 'Hello', {
              limiter: new RateLimiter(1e9, 4),
              timeoutMs: 1000,
              maxWaitMs: 0,
              fetch: answer(status, body),
            }).then(
              () => undefined,
              (x: unknown) => x,
            );
            expect(isUserError(err), String(err)).toBe(true);
            const u = err as Error & { hint?: string };
            expectNoKey(`${u.message}\n${u.hint ?? ''}`, key, `HTTP ${status} error`);
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});
