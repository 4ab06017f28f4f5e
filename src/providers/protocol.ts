// The three token-counting endpoints, as their providers document them: where to send a text, with which
// headers and body, how to read the count, and what an error answer means. Node's fetch does the I/O (http.ts):
// the official SDKs would add 84 MB to an install budget that has 44 MB left, and each brings its own retry
// policy, where a run needs one rate limiter and one retry budget across providers (see the README).
//
// Sources (checked 2026-11):
// - Anthropic, "Token counting" (docs.anthropic.com/en/docs/build-with-claude/token-counting), "Versions"
//   (docs.anthropic.com/claude/reference/versions) and the API reference's "Errors" and "Rate limits" pages:
//   POST /v1/messages/count_tokens, headers x-api-key, anthropic-version: 2023-06-01, content-type; body
//   {model, messages: [{role: "user", content}]}; answer {input_tokens}; errors {type: "error", error: {type,
//   message}} with 401 authentication_error, 403 permission_error, 404 not_found_error, 429 rate_limit_error
//   (retry-after header), 500 api_error, 529 overloaded_error; free, with 100 requests/min at usage tier 1
//   (2,000 / 4,000 / 8,000 at tiers 2-4), separate from message creation.
// - Google, Gemini API reference "Counting tokens" (ai.google.dev/api/tokens) and "Troubleshooting"
//   (ai.google.dev/gemini-api/docs/troubleshooting): POST /v1beta/models/{model}:countTokens, header
//   x-goog-api-key; body {contents: [{parts: [{text}]}]}; answer {totalTokens, ...}; errors {error: {code,
//   message, status, details}}: 400 INVALID_ARGUMENT (an invalid key is a 400 whose ErrorInfo reason is
//   API_KEY_INVALID), 403 PERMISSION_DENIED, 404 NOT_FOUND, 429 RESOURCE_EXHAUSTED (RetryInfo.retryDelay;
//   a QuotaFailure on a per-day quota means the quota is used up), 500 INTERNAL, 503 UNAVAILABLE. Keys:
//   GOOGLE_API_KEY takes precedence over GEMINI_API_KEY, as in Google's genai SDK. No countTokens rate limit
//   is published (limits are per project, shown in AI Studio).
// - OpenAI, API reference "Get input token counts" (developers.openai.com/api/reference/.../input_tokens):
//   POST /v1/responses/input_tokens, Authorization: Bearer <key>; body {model, input}; answer {object:
//   "response.input_tokens", input_tokens}; errors {error: {message, type, param, code}}, 429 with code
//   insufficient_quota when the account has no quota left. No rate limit is published for this endpoint.
import type { TokenizerCategory } from '../types.js';
import type { ApiProvider } from '../models/index.js';
import { xai } from './xai.js';

/** What an answer that is not a count means, and so what the counter does. */
export type Verdict =
  | { kind: 'auth'; message: string } // the key was rejected: fix the key
  | { kind: 'model'; message: string } // unknown model: fix the model id
  | { kind: 'quota'; message: string } // quota used up: wait for it to reset
  | { kind: 'rate'; message: string; retryAfterMs?: number } // rate limited: wait and retry
  | { kind: 'retry'; message: string; retryAfterMs?: number } // server error or overload: back off and retry
  | { kind: 'refused'; message: string }; // the request itself was refused (400): not retried

export interface ProviderProtocol {
  id: ApiProvider;
  /** "Anthropic", for messages. */
  name: string;
  org: string;
  region: string;
  /** Category its rows take in the analysis, as the tokenizer catalog files the provider's public tokenizers. */
  category: TokenizerCategory;
  /** Environment variables holding the key, highest precedence first. */
  keyVars: readonly string[];
  baseUrlVar: string;
  defaultBaseUrl: string;
  /** Where a key is made, for the missing-key message. */
  keyHelp: string;
  /** "POST /v1/messages/count_tokens": the documented endpoint, for listings and the README. */
  endpoint: string;
  docs: string;
  /** Default requests per minute and where that figure comes from. */
  defaultRpm: number;
  rpmSource: string;
  url(base: string, model: string): string;
  headers(key: string): Record<string, string>;
  body(model: string, text: string): unknown;
  /** The count in a 200 answer, or undefined when the body is not the documented shape. */
  count(body: unknown): number | undefined;
  /** What a non-200 answer means (body: the parsed JSON, or undefined when it was not JSON). */
  classify(status: number, body: unknown, headers: Headers): Verdict;
}

type Obj = Record<string, unknown>;
const obj = (x: unknown): Obj | undefined =>
  x && typeof x === 'object' && !Array.isArray(x) ? (x as Obj) : undefined;
const str = (x: unknown): string | undefined => (typeof x === 'string' ? x : undefined);
const isCount = (x: unknown): x is number => typeof x === 'number' && Number.isSafeInteger(x) && x >= 0;
const joinUrl = (base: string, path: string) => base.replace(/\/+$/, '') + path;

/** retry-after: delay-seconds or an HTTP-date (RFC 9110 §10.2.3), in ms; undefined when absent or unreadable. */
export function retryAfterMs(headers: Headers, now = Date.now()): number | undefined {
  const v = headers.get('retry-after')?.trim();
  if (!v) return undefined;
  if (/^\d+(\.\d+)?$/.test(v)) return Math.round(Number(v) * 1000);
  const t = Date.parse(v);
  return Number.isFinite(t) ? Math.max(0, t - now) : undefined;
}

/** A protobuf Duration as JSON ("1.5s"), in ms. */
function durationMs(x: unknown): number | undefined {
  const m = /^(\d+(?:\.\d+)?)s$/.exec(str(x) ?? '');
  return m ? Math.round(Number(m[1]) * 1000) : undefined;
}

/** Generic meaning of a status when the body names nothing more specific. */
function byStatus(status: number, message: string, retryAfter?: number): Verdict {
  if (status === 401 || status === 403) return { kind: 'auth', message };
  if (status === 404) return { kind: 'model', message };
  if (status === 429) return { kind: 'rate', message, retryAfterMs: retryAfter };
  if (status === 408 || status >= 500) return { kind: 'retry', message, retryAfterMs: retryAfter };
  return { kind: 'refused', message };
}

const anthropic: ProviderProtocol = {
  id: 'anthropic',
  name: 'Anthropic',
  org: 'Anthropic',
  region: 'US',
  category: 'english-centric',
  keyVars: ['ANTHROPIC_API_KEY'],
  baseUrlVar: 'ANTHROPIC_BASE_URL',
  defaultBaseUrl: 'https://api.anthropic.com',
  keyHelp: 'create one at console.anthropic.com (Settings → API keys); counting tokens is free',
  endpoint: 'POST /v1/messages/count_tokens',
  docs: 'https://docs.anthropic.com/en/docs/build-with-claude/token-counting',
  defaultRpm: 100,
  rpmSource: "Anthropic's documented count_tokens limit at usage tier 1 (2,000 / 4,000 / 8,000 at tiers 2-4)",
  url: (base) => joinUrl(base, '/v1/messages/count_tokens'),
  headers: (key) => ({
    'x-api-key': key,
    'anthropic-version': '2023-06-01',
    'content-type': 'application/json',
  }),
  body: (model, text) => ({ model, messages: [{ role: 'user', content: text }] }),
  count: (body) => {
    const n = obj(body)?.input_tokens;
    return isCount(n) ? n : undefined;
  },
  classify(status, body, headers) {
    const e = obj(obj(body)?.error);
    const type = str(e?.type);
    const message = [`HTTP ${status}`, type, str(e?.message)].filter(Boolean).join(' ');
    const wait = retryAfterMs(headers);
    if (type === 'authentication_error' || type === 'permission_error') return { kind: 'auth', message };
    if (type === 'not_found_error') return { kind: 'model', message };
    if (type === 'billing_error') return { kind: 'quota', message };
    if (type === 'rate_limit_error') return { kind: 'rate', message, retryAfterMs: wait };
    if (type === 'overloaded_error' || type === 'api_error' || type === 'timeout_error')
      return { kind: 'retry', message, retryAfterMs: wait };
    return byStatus(status, message, wait);
  },
};

const gemini: ProviderProtocol = {
  id: 'gemini',
  name: 'Google Gemini',
  org: 'Google',
  region: 'US',
  category: 'multilingual',
  keyVars: ['GOOGLE_API_KEY', 'GEMINI_API_KEY'],
  baseUrlVar: 'GEMINI_BASE_URL',
  defaultBaseUrl: 'https://generativelanguage.googleapis.com',
  keyHelp: 'create one at aistudio.google.com (Get API key); counting tokens is free',
  endpoint: 'POST /v1beta/models/{model}:countTokens',
  docs: 'https://ai.google.dev/api/tokens',
  defaultRpm: 60,
  rpmSource:
    "tokentax's choice: Google publishes no countTokens limit (limits are per project, shown in AI Studio)",
  url: (base, model) => joinUrl(base, `/v1beta/models/${encodeURIComponent(model)}:countTokens`),
  headers: (key) => ({ 'x-goog-api-key': key, 'content-type': 'application/json' }),
  body: (_model, text) => ({ contents: [{ role: 'user', parts: [{ text }] }] }),
  count: (body) => {
    const n = obj(body)?.totalTokens;
    return isCount(n) ? n : undefined;
  },
  classify(status, body, headers) {
    const e = obj(obj(body)?.error);
    const grpc = str(e?.status);
    const details = Array.isArray(e?.details)
      ? (e!.details as unknown[]).map(obj).filter((d): d is Obj => !!d)
      : [];
    const typed = (t: string) => details.filter((d) => str(d['@type'])?.endsWith(t));
    const message = [`HTTP ${status}`, grpc, str(e?.message)].filter(Boolean).join(' ');
    const wait = durationMs(typed('google.rpc.RetryInfo')[0]?.retryDelay) ?? retryAfterMs(headers);
    if (typed('google.rpc.ErrorInfo').some((d) => /^API_KEY_/.test(str(d.reason) ?? '')))
      return { kind: 'auth', message };
    if (grpc === 'UNAUTHENTICATED' || grpc === 'PERMISSION_DENIED') return { kind: 'auth', message };
    if (grpc === 'NOT_FOUND') return { kind: 'model', message };
    if (grpc === 'RESOURCE_EXHAUSTED' || status === 429) {
      // A per-day quota does not come back within a run's retry budget.
      const perDay = typed('google.rpc.QuotaFailure').some(
        (d) =>
          Array.isArray(d.violations) &&
          (d.violations as unknown[]).some((v) => /PerDay/i.test(str(obj(v)?.quotaId) ?? '')),
      );
      return perDay ? { kind: 'quota', message } : { kind: 'rate', message, retryAfterMs: wait };
    }
    if (grpc === 'INTERNAL' || grpc === 'UNAVAILABLE' || grpc === 'DEADLINE_EXCEEDED')
      return { kind: 'retry', message, retryAfterMs: wait };
    return byStatus(status, message, wait);
  },
};

const openai: ProviderProtocol = {
  id: 'openai',
  name: 'OpenAI',
  org: 'OpenAI',
  region: 'US',
  category: 'english-centric',
  keyVars: ['OPENAI_API_KEY'],
  baseUrlVar: 'OPENAI_BASE_URL',
  defaultBaseUrl: 'https://api.openai.com/v1',
  keyHelp: 'create one at platform.openai.com (API keys)',
  endpoint: 'POST /v1/responses/input_tokens',
  docs: 'https://developers.openai.com/api/reference/resources/responses/subresources/input_tokens',
  defaultRpm: 60,
  rpmSource: "tokentax's choice: OpenAI publishes no limit for this endpoint",
  // The base URL holds the version, as the openai SDKs' OPENAI_BASE_URL does.
  url: (base) => joinUrl(base, '/responses/input_tokens'),
  headers: (key) => ({ authorization: `Bearer ${key}`, 'content-type': 'application/json' }),
  body: (model, text) => ({ model, input: text }),
  count: (body) => {
    const b = obj(body);
    return b?.object === 'response.input_tokens' && isCount(b.input_tokens) ? b.input_tokens : undefined;
  },
  classify(status, body, headers) {
    const e = obj(obj(body)?.error);
    const code = str(e?.code) ?? str(e?.type);
    const message = [`HTTP ${status}`, code, str(e?.message)].filter(Boolean).join(' ');
    if (code === 'insufficient_quota') return { kind: 'quota', message };
    if (code === 'invalid_api_key') return { kind: 'auth', message };
    if (code === 'model_not_found') return { kind: 'model', message };
    return byStatus(status, message, retryAfterMs(headers));
  },
};

export const PROTOCOLS: Record<ApiProvider, ProviderProtocol> = { anthropic, gemini, openai, xai };
