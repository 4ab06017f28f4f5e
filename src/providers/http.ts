// One count request with retries, under a provider-wide rate limiter. Retries cover 429, 5xx/529, timeouts and
// connections dropped mid-answer; they back off exponentially (with jitter, at least 250 ms), wait longer when
// the server's retry-after asks for it, and stop before one text's waits would pass `maxWaitMs` in total. A host
// that refuses connections gets four quick tries. Every other answer fails at once with the error that names its fix.
import { UserError, type ExitCodeName } from '../errors.js';
import type { ProviderProtocol, Verdict } from './protocol.js';
import { scrubKey } from './secrets.js';

/** Spaces request starts `60 000 / rpm` ms apart, with at most `concurrency` in flight; a 429 pauses everyone. */
export class RateLimiter {
  private next = 0;
  private active = 0;
  private pausedUntil = 0;
  private readonly waiting: (() => void)[] = [];
  readonly intervalMs: number;

  constructor(
    readonly rpm: number,
    readonly concurrency: number,
  ) {
    this.intervalMs = 60_000 / rpm;
  }

  /** Resolves with a release function once a request may start. */
  async acquire(signal?: AbortSignal): Promise<() => void> {
    // A freed slot is handed to the oldest waiter directly, so no newcomer can take it in between.
    if (this.active >= this.concurrency) await new Promise<void>((r) => this.waiting.push(r));
    else this.active++;
    let released = false;
    const release = () => {
      if (released) return;
      released = true;
      const next = this.waiting.shift();
      if (next) next();
      else this.active--;
    };
    try {
      for (;;) {
        const now = Date.now();
        const at = Math.max(this.next, this.pausedUntil, now);
        if (at <= now) {
          this.next = now + this.intervalMs;
          return release;
        }
        await sleep(at - now, signal);
      }
    } catch (e) {
      release();
      throw e;
    }
  }

  /** No request starts before now + ms (a 429's retry-after applies to the whole key, not one request). */
  pause(ms: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, Date.now() + ms);
  }
}

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const t = setTimeout(
      () => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      },
      Math.max(0, ms),
    );
    const onAbort = () => {
      clearTimeout(t);
      reject(signal!.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

export interface Endpoint {
  proto: ProviderProtocol;
  model: string;
  /** The tokenizer id ("anthropic:<model>"), for messages. */
  ref: string;
  key: string;
  /** The variable the key came from, for messages. */
  keyVar: string;
  baseUrl: string;
  /** The base URL without credentials or query, for messages and the manifest. */
  shownUrl: string;
}

export interface RequestOptions {
  limiter: RateLimiter;
  /** One request's timeout (connect + answer). */
  timeoutMs: number;
  /** Longest total wait on retries for one text before it fails. */
  maxWaitMs: number;
  signal?: AbortSignal;
  /** Called for each retry (429, 5xx, timeout, dropped connection). */
  onRetry?: (why: string, waitMs: number) => void;
  fetch?: typeof fetch;
}

/** The base URL as it may be shown: no user:password, no query or fragment. */
export function showUrl(base: string): string {
  try {
    const u = new URL(base);
    u.username = '';
    u.password = '';
    u.search = '';
    u.hash = '';
    return u.toString().replace(/\/+$/, '');
  } catch {
    return '(invalid URL)';
  }
}

/**
 * One line of a provider's message, at most 200 characters, without the key: scrubbed first (the whole key,
 * any run of 8 of its characters across whitespace, masked forms), and only then collapsed and shortened.
 */
export function clean(message: string, key: string): string {
  const s = scrubKey(message, key).replace(/\s+/g, ' ').trim();
  return s.length > 200 ? s.slice(0, 199) + '…' : s;
}

const fixFor = (e: Endpoint) => ({
  auth: `check or replace the key in ${e.keyVar} (it must be valid for ${e.shownUrl}); ${e.proto.keyHelp}`,
  model: `use a model id ${e.proto.name} serves to your key (tokentax tokenizers lists the catalog's), e.g. --tokenizers ${e.proto.id}:<model>`,
  quota:
    'wait until the quota resets (or raise it), then run again: the counts so far are cached and only the missing ones are requested',
});

function fail(e: Endpoint, exit: ExitCodeName, what: string, fix: string): UserError {
  return new UserError(exit, `${e.ref}: ${what}`, fix);
}

function verdictError(e: Endpoint, v: Verdict): UserError {
  const fix = fixFor(e);
  const msg = clean(v.message, e.key);
  switch (v.kind) {
    case 'auth':
      return fail(e, 'apiAuth', `${e.proto.name} rejected the key in ${e.keyVar} (${msg})`, fix.auth);
    case 'model':
      return fail(e, 'apiModel', `${e.proto.name} does not know model "${e.model}" (${msg})`, fix.model);
    case 'quota':
      return fail(e, 'apiQuota', `${e.proto.name} quota exhausted (${msg})`, fix.quota);
    default:
      return fail(
        e,
        'apiAnswer',
        `${e.proto.name} refused the count request (${msg})`,
        `check ${e.proto.baseUrlVar} (${e.shownUrl}) points at the ${e.proto.name} API, or report the message above`,
      );
  }
}

/**
 * The most tokens a count of `text` can be. Every tokenizer a provider counts with spends at least one UTF-8
 * byte per token (byte-level BPE, SentencePiece with byte fallback), plus at most one word-start marker, so a
 * text-only count is at most bytes + 1; the request's framing (a few tokens in practice) gets a generous
 * allowance. Anything larger is a broken answer, never a count, and also keeps every count far below 2^31,
 * so storing it in 32 bits (segments, the count cache) cannot wrap.
 */
export const FRAMING_ALLOWANCE = 1024;
const bytes = (text: string) => {
  const n = Buffer.byteLength(text);
  return `${n.toLocaleString('en-US')} UTF-8 byte${n === 1 ? '' : 's'}`;
};
export const mostTextTokens = (text: string) => Buffer.byteLength(text) + 1;
export const mostRawTokens = (text: string) => mostTextTokens(text) + FRAMING_ALLOWANCE;

/** The code of a fetch network failure (undici wraps it in `cause`). */
function netCode(err: unknown): string {
  const c = (err as { cause?: { code?: string; errors?: { code?: string }[] } })?.cause;
  return c?.code ?? c?.errors?.[0]?.code ?? (err as { code?: string })?.code ?? 'network error';
}

/** Backoff for attempt n (0-based): 0.5 s × 2^n, at most 30 s, times 0.5-1 (jitter): never under 250 ms. */
export function backoffMs(n: number, random = Math.random): number {
  return Math.min(30_000, 500 * 2 ** n) * (0.5 + 0.5 * random());
}

/** Errors that mean no connection was made at all (as opposed to one dropped mid-answer). */
const NO_CONNECTION = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EADDRNOTAVAIL',
  'UND_ERR_CONNECT_TIMEOUT',
]);

/** "0.4 s", "5.4 s", "42 s": elapsed time as it really was. */
const secs = (ms: number) => `${ms < 10_000 ? (ms / 1000).toFixed(1) : Math.round(ms / 1000)} s`;

/** Why one attempt did not give a count, when it is worth another. */
interface Retry {
  why: string;
  waitMs?: number;
  kind: 'rate' | 'server' | 'network';
}

/** A refused connection or an unknown host rarely heals within a run: this many tries, then give up. */
const NETWORK_TRIES = 4;

/** One attempt: the raw count, or why to retry; throws the error that names the fix for anything else. */
async function attempt(e: Endpoint, text: string, o: RequestOptions): Promise<number | Retry> {
  const timeout = AbortSignal.timeout(o.timeoutMs);
  const signal = o.signal ? AbortSignal.any([o.signal, timeout]) : timeout;
  let res: Response;
  let raw: string;
  try {
    res = await (o.fetch ?? fetch)(e.proto.url(e.baseUrl, e.model), {
      method: 'POST',
      headers: e.proto.headers(e.key),
      body: JSON.stringify(e.proto.body(e.model, text)),
      signal,
    });
    raw = await res.text();
  } catch (err) {
    o.signal?.throwIfAborted();
    if (timeout.aborted) return { why: `no answer within ${o.timeoutMs / 1000} s`, kind: 'server' };
    const code = netCode(err);
    // A host that refuses or does not resolve rarely heals within a run; a connection that was made and then
    // dropped (a reset, a body cut short) is a passing fault like a 5xx, retried within --api-max-wait.
    return NO_CONNECTION.has(code)
      ? { why: code, kind: 'network' }
      : { why: `connection dropped mid-answer (${code})`, kind: 'server' };
  }
  let body: unknown;
  try {
    body = raw ? JSON.parse(raw) : undefined;
  } catch {
    body = undefined;
  }
  if (res.ok) {
    const n = e.proto.count(body);
    if (n !== undefined) {
      const most = mostRawTokens(text);
      if (n <= most) return n;
      throw fail(
        e,
        'apiAnswer',
        `${e.proto.name} counted ${n.toLocaleString('en-US')} tokens for a text of ${bytes(text)}, more than any text of that length can hold (at most ${most.toLocaleString('en-US')}: one token per byte, one more for a word-start marker, and ${FRAMING_ALLOWANCE.toLocaleString('en-US')} for the request's framing)`,
        `check ${e.proto.baseUrlVar} (${e.shownUrl}) points at the ${e.proto.name} API, or report the count above`,
      );
    }
    throw fail(
      e,
      'apiAnswer',
      `${e.proto.name} answered HTTP ${res.status} with a body that is not the documented count (${clean(raw || 'empty body', e.key)})`,
      `check ${e.proto.baseUrlVar} (${e.shownUrl}) points at the ${e.proto.name} API (${e.proto.endpoint}), not another service`,
    );
  }
  const v = e.proto.classify(res.status, body, res.headers);
  if (v.kind === 'rate' || v.kind === 'retry')
    return {
      why: clean(v.message, e.key),
      waitMs: v.retryAfterMs,
      kind: v.kind === 'rate' ? 'rate' : 'server',
    };
  throw verdictError(e, v);
}

/** Asks the endpoint to count `text`; returns the raw count (the request's framing included). */
export async function requestCount(e: Endpoint, text: string, o: RequestOptions): Promise<number> {
  const started = Date.now();
  let network = 0;
  for (let n = 0; ; n++) {
    o.signal?.throwIfAborted();
    const release = await o.limiter.acquire(o.signal);
    let r: number | Retry;
    try {
      r = await attempt(e, text, o);
    } finally {
      release();
    }
    if (typeof r === 'number') return r;
    const elapsed = Date.now() - started;
    if (r.kind === 'network' && ++network >= NETWORK_TRIES) throw unreachable(e, r.why, n + 1, elapsed);
    // The server's retry-after when it asks for longer; otherwise exponential backoff, so that a server
    // answering "retry-after: 0" to every request is not hit at the full --api-rpm.
    const waitMs = Math.max(r.waitMs ?? 0, backoffMs(n));
    if (elapsed + waitMs > o.maxWaitMs) {
      if (r.kind !== 'rate') throw unreachable(e, r.why, n + 1, elapsed, o.maxWaitMs);
      throw fail(
        e,
        'apiQuota',
        `${e.proto.name} kept rate-limiting the requests for ${secs(elapsed)} over ${n + 1} attempt${n ? 's' : ''} (last: ${r.why}${r.waitMs !== undefined ? `, retry-after ${secs(r.waitMs)}` : ''}); the next wait would pass --api-max-wait ${secs(o.maxWaitMs)}`,
        'lower --api-rpm or raise --api-max-wait, or run again later: the counts so far are cached and only the missing ones are requested',
      );
    }
    // A wait the server asked for applies to the whole key: every request to the provider pauses.
    if (r.kind === 'rate' && r.waitMs) o.limiter.pause(r.waitMs);
    o.onRetry?.(r.why, waitMs);
    await sleep(waitMs, o.signal);
  }
}

function unreachable(
  e: Endpoint,
  why: string,
  attempts: number,
  elapsedMs: number,
  maxWaitMs?: number,
): UserError {
  return fail(
    e,
    'apiUnreachable',
    `no count from ${e.shownUrl} after ${attempts} attempt${attempts > 1 ? 's' : ''} in ${secs(elapsedMs)} (${why})${maxWaitMs !== undefined ? `; the next wait would pass --api-max-wait ${secs(maxWaitMs)}` : ''}`,
    `check the network and ${e.proto.baseUrlVar}, or raise --api-timeout / --api-max-wait; counts so far are cached and the next run resumes`,
  );
}
