// The counters of a run's provider refs: each text costs one request (unless the count store has it), the
// request's framing is measured once per model and subtracted, requests of one provider share a rate limiter.
// Counts are asynchronous and batched (count(id, texts)); the measure stage's remote runner calls them, the
// CLI's `count` too. A counter that fails stays failed: its queued texts fail at once, the other counters go on.
import { setMaxListeners } from 'node:events';
import { DEFAULTS } from '../config.js';
import { UserError } from '../errors.js';
import { API_REF_HINT, type ApiProvider } from '../models/index.js';
import type { ApiCounterRecord } from '../types.js';
import type { ResolvedTokenizer } from '../tokenizers/index.js';
import { measureFraming, PROBE_TEXTS, type Framing } from './framing.js';
import { type Endpoint, mostRawTokens, mostTextTokens, RateLimiter, requestCount, showUrl } from './http.js';
import { PROTOCOLS } from './protocol.js';
import { apiKey, baseUrl, missingKeyError, parseApiRef, type Env } from './refs.js';

/** Where raw counts (framing included) are kept between runs, by counter id and text: the count cache. */
export interface RawCountStore {
  get(id: string, text: string): number | undefined;
  /** Stores one count at once (durable before the next request), so a killed run loses none it received. */
  put(id: string, text: string, count: number): void;
  close(): void;
}

export interface RemoteOptions {
  env?: Env;
  /** Requests per minute per provider (default: the provider's, see protocol.ts). */
  rpm?: number;
  /** Requests in flight per provider (default DEFAULTS.api.concurrency). */
  concurrency?: number;
  /** One request's timeout in ms (default DEFAULTS.api.timeoutMs). */
  timeoutMs?: number;
  /** Longest total retry wait for one text in ms (default DEFAULTS.api.maxWaitMs). */
  maxWaitMs?: number;
  store?: RawCountStore;
  /** Progress lines (requests done / planned, retries, ETA), at most every `progressEveryMs` (default 30 000). */
  progress?: (line: string) => void;
  progressEveryMs?: number;
  fetch?: typeof fetch;
}

interface Counter {
  spec: ResolvedTokenizer;
  endpoint?: Endpoint;
  limiter?: RateLimiter;
  framing?: Promise<Framing>;
  measured?: Framing;
  failed?: unknown;
  abort: AbortController;
  inflight: Map<string, Promise<number>>;
  stats: ApiCounterRecord['requests'];
  /** Requests this run expects to send (set by plan()), for the progress line. */
  planned?: number;
  lastLog: number;
  started?: number;
}

/** "40 min 29 s", "2 h 5 min", "12 s". */
export function fmtDuration(ms: number): string {
  const s = Math.ceil(ms / 1000);
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min${s % 60 ? ` ${s % 60} s` : ''}`;
  return `${Math.floor(m / 60)} h${m % 60 ? ` ${m % 60} min` : ''}`;
}

export class RemoteCounters {
  private readonly counters = new Map<string, Counter>();
  private readonly limiters = new Map<ApiProvider, RateLimiter>();
  private closed = false;

  constructor(
    specs: readonly ResolvedTokenizer[],
    private readonly opts: RemoteOptions = {},
  ) {
    const env = opts.env ?? process.env;
    for (const spec of specs) {
      const p = parseApiRef(spec.info.id);
      if (!p) throw new UserError('tokenizer', `${spec.info.id} is not a provider API ref`, API_REF_HINT);
      const proto = PROTOCOLS[p.provider];
      const { key, keyVar } = apiKey(proto, env);
      const base = baseUrl(proto, env);
      const c: Counter = {
        spec,
        abort: new AbortController(),
        inflight: new Map(),
        stats: { sent: 0, cached: 0, retries: 0 },
        lastLog: Date.now(),
      };
      // Every request in flight and every retry wait listens to it: as many as --api-concurrency allows.
      setMaxListeners(0, c.abort.signal);
      if (!key) c.failed = missingKeyError(spec.info.id, proto);
      else {
        c.endpoint = {
          proto,
          model: p.model,
          ref: spec.info.id,
          key,
          keyVar,
          baseUrl: base,
          shownUrl: showUrl(base),
        };
        let limiter = this.limiters.get(p.provider);
        if (!limiter) {
          limiter = new RateLimiter(
            opts.rpm ?? proto.defaultRpm,
            opts.concurrency ?? DEFAULTS.api.concurrency,
          );
          this.limiters.set(p.provider, limiter);
        }
        c.limiter = limiter;
      }
      this.counters.set(spec.info.id, c);
    }
  }

  has(id: string): boolean {
    return this.counters.has(id);
  }

  private get(id: string): Counter {
    const c = this.counters.get(id);
    if (!c) throw new Error(`no provider counter for ${id}`);
    return c;
  }

  /** Requests per minute and endpoint of a counter, for announcements. */
  describe(id: string): { rpm: number; url: string } {
    const c = this.get(id);
    return {
      rpm: c.limiter?.rpm ?? 0,
      url: c.endpoint ? `${c.endpoint.shownUrl} (${c.endpoint.proto.endpoint})` : '',
    };
  }

  /** A raw count (framing included): from the store, from a request already under way, or a new request. */
  private raw(c: Counter, text: string): Promise<number> {
    if (c.failed) return Promise.reject(c.failed);
    const stored = this.stored(c.spec.info.id, text);
    if (stored !== undefined) {
      c.stats.cached++;
      return Promise.resolve(stored);
    }
    let p = c.inflight.get(text);
    if (p) return p;
    const e = c.endpoint!;
    p = requestCount(e, text, {
      limiter: c.limiter!,
      timeoutMs: this.opts.timeoutMs ?? DEFAULTS.api.timeoutMs,
      maxWaitMs: this.opts.maxWaitMs ?? DEFAULTS.api.maxWaitMs,
      signal: c.abort.signal,
      fetch: this.opts.fetch,
      onRetry: () => void c.stats.retries++,
    }).then(
      (n) => {
        c.inflight.delete(text);
        c.stats.sent++;
        this.opts.store?.put(c.spec.info.id, text, n);
        this.progress(c);
        return n;
      },
      (err) => {
        c.inflight.delete(text);
        // The first failure fails the counter; later rejections are the abort it caused.
        if (!c.failed && !this.closed) {
          c.failed = err;
          c.abort.abort(err);
        }
        throw c.failed ?? err;
      },
    );
    c.inflight.set(text, p);
    return p;
  }

  /** A count from the store, unless it is more than the text can hold (a damaged record): then it is asked again. */
  private stored(id: string, text: string): number | undefined {
    const n = this.opts.store?.get(id, text);
    return n !== undefined && n >= 0 && n <= mostRawTokens(text) ? n : undefined;
  }

  private progress(c: Counter): void {
    const every = this.opts.progressEveryMs ?? 30_000;
    const now = Date.now();
    c.started ??= now;
    if (!this.opts.progress || every <= 0 || now - c.lastLog < every) return;
    c.lastLog = now;
    const left = c.planned !== undefined ? Math.max(0, c.planned - c.stats.sent) : undefined;
    const perRequest = Math.max(c.limiter!.intervalMs, (now - c.started) / Math.max(1, c.stats.sent));
    this.opts.progress(
      `${c.spec.info.id}: ${c.stats.sent.toLocaleString('en-US')}${c.planned !== undefined ? `/${c.planned.toLocaleString('en-US')}` : ''} requests, ${c.stats.retries} retries${left !== undefined ? `, ETA ${fmtDuration(left * perRequest)}` : ''}`,
    );
  }

  /** Measures the counter's framing once (the probe counts go through the store like any other). */
  prepare(id: string): Promise<Framing> {
    const c = this.get(id);
    if (!c.framing) {
      c.framing = c.failed
        ? Promise.reject(c.failed)
        : measureFraming(id, (t) => this.raw(c, t)).then((f) => (c.measured = f));
      void c.framing.catch(() => {}); // observed by the callers
    }
    return c.framing;
  }

  /** Text-only counts of `texts`: raw counts minus the framing. */
  async count(id: string, texts: readonly string[]): Promise<Int32Array> {
    const c = this.get(id);
    const { tokens: framing } = await this.prepare(id);
    const raw = await Promise.all(texts.map((t) => this.raw(c, t)));
    const out = new Int32Array(texts.length);
    raw.forEach((n, i) => {
      const v = n - framing;
      if (v > mostTextTokens(texts[i])) {
        const err = new UserError(
          'apiAnswer',
          `${id}: the API counted ${n} tokens for a text of ${Buffer.byteLength(texts[i])} UTF-8 bytes: ${v} without the ${framing}-token framing, more than one token per byte plus a word-start marker`,
          'report the text: no tokenizer gives more tokens than the bytes of the text',
        );
        c.failed ??= err;
        throw err;
      }
      if (v < 0 || (v === 0 && texts[i].length > 0)) {
        const err = new UserError(
          'apiAnswer',
          `${id}: the API counted ${n} tokens for a ${texts[i].length}-character text, no more than the ${framing}-token framing measured on the probe texts`,
          'the framing is not fixed for this model: count it another way for now and report the text',
        );
        c.failed ??= err;
        throw err;
      }
      out[i] = v;
    });
    return out;
  }

  /** Distinct texts (probes included, until the framing is measured) that would need a request, and those the store has. */
  plan(id: string, texts: Iterable<string>): { requests: number; cached: number } {
    const c = this.get(id);
    const seen = new Set<string>();
    let requests = 0;
    let cached = 0;
    const one = (t: string) => {
      if (seen.has(t)) return;
      seen.add(t);
      if (this.stored(id, t) !== undefined) cached++;
      else requests++;
    };
    // Without a store a probe text is asked again when the corpus holds it.
    if (!c.measured && this.opts.store) PROBE_TEXTS.forEach(one);
    else if (!c.measured) requests += PROBE_TEXTS.length;
    for (const t of texts) one(t);
    c.planned = c.stats.sent + requests;
    return { requests, cached };
  }

  /** What each counter did, for manifest.json (the counters whose framing was measured). */
  records(): ApiCounterRecord[] {
    return [...this.counters.values()].flatMap((c) =>
      c.measured && c.endpoint
        ? [
            {
              id: c.spec.info.id,
              provider: c.endpoint.proto.id,
              model: c.endpoint.model,
              endpoint: `${c.endpoint.shownUrl} (${c.endpoint.proto.endpoint})`,
              framing: { tokens: c.measured.tokens, probes: c.measured.probes },
              requests: { ...c.stats },
            },
          ]
        : [],
    );
  }

  /** Stops every request under way and closes the store. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const c of this.counters.values())
      c.abort.abort(new UserError('interrupted', 'provider counters closed'));
    await Promise.allSettled([...this.counters.values()].flatMap((c) => [...c.inflight.values()]));
    this.opts.store?.close();
  }
}
