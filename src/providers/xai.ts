// xAI's token-counting endpoint, as its API reference documents it (read on a copy of that reference, the
// withone.ai knowledge base page "X AI / Tokenize Text", 2026-12-06; docs.x.ai itself could not be read here):
// POST /v1/tokenize-text with Authorization: Bearer <key>, body {model, text} (and an optional user); the answer
// {token_ids: [{token_id, string_token, token_bytes}]} lists the text's tokens, so the count is their number.
// Errors: a 400 with {error: "..."} for a bad request or an invalid key (xAI answers an invalid key with 400, not
// 401), 401/403, 404 for an unknown model, 429 when rate limited, 5xx. No rate limit is published for this
// endpoint: tokentax sends 60 requests a minute unless told (--api-rpm).
// Self-contained (no import of protocol.ts, which registers it in PROTOCOLS and type-checks it there): the
// method signatures are ProviderProtocol's.

type Obj = Record<string, unknown>;
const obj = (x: unknown): Obj | undefined =>
  x && typeof x === 'object' && !Array.isArray(x) ? (x as Obj) : undefined;

/** retry-after in seconds or as an HTTP-date, in ms. */
function retryAfter(headers: Headers): number | undefined {
  const v = headers.get('retry-after')?.trim() ?? '';
  const ms = /^\d+(\.\d+)?$/.test(v) ? Number(v) * 1000 : Date.parse(v) - Date.now();
  return v && Number.isFinite(ms) ? Math.max(0, Math.round(ms)) : undefined;
}

export const xai = {
  id: 'xai' as const,
  name: 'xAI',
  org: 'xAI',
  region: 'US',
  category: 'english-centric' as const,
  keyVars: ['XAI_API_KEY'] as const,
  baseUrlVar: 'XAI_BASE_URL',
  defaultBaseUrl: 'https://api.x.ai',
  keyHelp: 'create one at console.x.ai (API keys)',
  endpoint: 'POST /v1/tokenize-text',
  docs: 'https://docs.x.ai/docs/api-reference#tokenize-text',
  defaultRpm: 60,
  rpmSource: "tokentax's choice: xAI publishes no limit for this endpoint",
  url: (base: string) => base.replace(/\/+$/, '') + '/v1/tokenize-text',
  headers: (key: string) => ({ authorization: `Bearer ${key}`, 'content-type': 'application/json' }),
  body: (model: string, text: string) => ({ model, text }),
  count: (body: unknown) => {
    const ids = obj(body)?.token_ids;
    return Array.isArray(ids) && ids.every((t) => Number.isSafeInteger(obj(t)?.token_id))
      ? ids.length
      : undefined;
  },
  classify(status: number, body: unknown, headers: Headers) {
    const b = obj(body);
    const text = typeof b?.error === 'string' ? b.error : typeof b?.message === 'string' ? b.message : '';
    const code = typeof b?.code === 'string' ? b.code : undefined;
    const message = [`HTTP ${status}`, code, text].filter(Boolean).join(' ');
    if (status === 401 || status === 403 || (status === 400 && /api key/i.test(text)))
      return { kind: 'auth' as const, message };
    if (status === 404 || /model .*(not found|does not exist)/i.test(text))
      return { kind: 'model' as const, message };
    if (status === 429)
      return /credit|quota|spending limit/i.test(text)
        ? { kind: 'quota' as const, message }
        : { kind: 'rate' as const, message, retryAfterMs: retryAfter(headers) };
    if (status === 408 || status >= 500)
      return { kind: 'retry' as const, message, retryAfterMs: retryAfter(headers) };
    return { kind: 'refused' as const, message };
  },
};
