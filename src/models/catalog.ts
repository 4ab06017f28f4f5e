// The model catalog: data/models.json, one entry per model a user would price, and how its tokens are counted.
// Data like the tokenizer catalog: adding a model means adding an entry; tokenizer ids and provider API refs
// in `counting` are checked against the tokenizer catalog by test/models/catalog.test.ts.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { UserError } from '../errors.js';
import { DATA_DIR } from '../paths.js';
import type { ModelCounting, ModelInfo } from '../types.js';
import { isServed, modelState, type CatalogMeta } from './lifecycle.js';

export const MODELS_FILE = join(DATA_DIR, 'models.json');

/**
 * Provider counting APIs, by ref prefix (`anthropic:<model>` ...): the one list of providers. Adding one: its
 * protocol in src/providers, registered under this name in PROTOCOLS (protocol.ts, which the compiler holds to
 * this list), and its models in data/models.json.
 */
export const API_PROVIDERS = ['anthropic', 'gemini', 'openai', 'xai'] as const;
export type ApiProvider = (typeof API_PROVIDERS)[number];
export const API_REF = new RegExp(`^(${API_PROVIDERS.join('|')}):([A-Za-z0-9][\\w.:-]*)$`);
/** How to write a provider ref (an error's hint). */
export const API_REF_HINT = `write ${API_PROVIDERS.slice(0, -1)
  .map((p) => `${p}:<model>`)
  .join(', ')} or ${API_PROVIDERS.at(-1)}:<model>`;

const DATE = /^\d{4}-\d{2}(-\d{2})?$/;
const DAY = /^\d{4}-\d{2}-\d{2}$/;
const FACTS = ['released', 'deprecated', 'shutdown'] as const;
const isStr = (x: unknown): x is string => typeof x === 'string' && x.length > 0;

function damaged(file: string, what: string): UserError {
  // The built-in file broken is a bug of the install; a user's own catalog (--catalog) is bad input.
  return file === MODELS_FILE
    ? new UserError(
        'internal',
        `model catalog ${file} ${what}`,
        'reinstall tokentax, or fix the entry by hand (see the README, "Models")',
      )
    : new UserError('input', `model catalog ${file} ${what}`, 'fix the file (see the README, "Models")');
}

/** Checks one entry's fields and their types; throws naming the entry and field. */
export function validateModel(entry: unknown, where: string, file: string): ModelInfo {
  const e = entry as Record<string, unknown>;
  const fail = (field: string, why: string) =>
    damaged(file, `: ${where}${isStr(e?.id) ? ` (${e.id})` : ''}: ${field} ${why}`);
  if (!e || typeof e !== 'object' || Array.isArray(e)) throw damaged(file, `: ${where} is not an object`);
  if (!isStr(e.id) || !/^[A-Za-z0-9][\w./:-]*$/.test(e.id))
    throw fail('id', 'must be the provider\'s model id (letters, digits, ".", "_", "-", "/", ":")');
  for (const f of ['name', 'provider', 'family', 'provenance'] as const)
    if (!isStr(e[f])) throw fail(f, 'must be a non-empty string');
  if (!/^[a-z0-9-]+$/.test(e.provider as string)) throw fail('provider', 'must be a lower-case id');
  if (e.status !== undefined || e.released !== undefined)
    throw fail(
      e.status !== undefined ? 'status' : 'released',
      'is computed from lifecycle dates now: give lifecycle.released / deprecated / shutdown (or legacy), each with its source',
    );
  const lc = e.lifecycle as Record<string, Record<string, unknown> | undefined> | undefined;
  if (!lc || typeof lc !== 'object' || Array.isArray(lc))
    throw fail(
      'lifecycle',
      'must be an object of {released, deprecated, shutdown: {date, source}, legacy: {source}}',
    );
  for (const k of Object.keys(lc))
    if (![...FACTS, 'legacy'].includes(k)) throw fail(`lifecycle.${k}`, 'is not a lifecycle fact');
  for (const k of FACTS) {
    const f = lc[k];
    if (f === undefined) continue;
    if (!(isStr(f?.date) && DATE.test(f.date)))
      throw fail(`lifecycle.${k}.date`, 'must be YYYY-MM or YYYY-MM-DD');
    if (!isStr(f.source)) throw fail(`lifecycle.${k}.source`, 'must say where the date was read');
  }
  if (lc.legacy !== undefined) {
    if (!isStr(lc.legacy?.source)) throw fail('lifecycle.legacy.source', 'must say why the model is legacy');
    if (lc.legacy.date !== undefined && !(isStr(lc.legacy.date) && DATE.test(lc.legacy.date)))
      throw fail('lifecycle.legacy.date', 'must be YYYY-MM or YYYY-MM-DD');
  }
  const order = FACTS.map((k) => lc[k]?.date as string | undefined).filter((d): d is string => !!d);
  if (order.some((d, i) => i > 0 && d < order[i - 1]))
    throw fail('lifecycle', 'dates must run released ≤ deprecated ≤ shutdown');
  if (
    e.contextWindow !== undefined &&
    !(Number.isInteger(e.contextWindow) && (e.contextWindow as number) > 0)
  )
    throw fail('contextWindow', 'must be a positive integer');
  if (e.notes !== undefined && !isStr(e.notes)) throw fail('notes', 'must be a string');
  if (!Array.isArray(e.counting) || !e.counting.length)
    throw fail('counting', 'must list at least one way to count');
  e.counting.forEach((c: unknown, i: number) => {
    const k = c as Record<string, unknown>;
    const at = `counting[${i}]`;
    if (k?.kind === 'tokenizer') {
      if (!isStr(k.tokenizer)) throw fail(`${at}.tokenizer`, 'must be a tokenizer id');
    } else if (k?.kind === 'api') {
      if (!isStr(k.ref) || !API_REF.test(k.ref))
        throw fail(`${at}.ref`, `must be <${API_PROVIDERS.join('|')}>:<model>`);
    } else if (k?.kind === 'approx') {
      if (!isStr(k.tokenizer) || !isStr(k.reason))
        throw fail(at, 'needs a tokenizer id and the reason it stands in');
    } else if (k?.kind === 'unavailable') {
      if (!isStr(k.reason)) throw fail(at, 'needs the reason no count is possible');
    } else {
      throw fail(`${at}.kind`, 'must be tokenizer, api, approx or unavailable');
    }
  });
  const p = e.price as Record<string, unknown> | undefined;
  if (p !== undefined && !(isStr(p?.provider) && isStr(p?.model)))
    throw fail('price', 'must be {provider, model} as @pydantic/genai-prices names them');
  return entry as ModelInfo;
}

let cached: { list: ModelInfo[]; meta: CatalogMeta } | undefined;

/** Every model of the catalog (the built-in file unless `file` is given). */
export function models(file?: string): ModelInfo[] {
  return readCatalog(file).list;
}

/** The catalog's as-of date and lifecycle sources (the built-in file unless `file` is given). */
export function catalogMeta(file?: string): CatalogMeta {
  return readCatalog(file).meta;
}

/**
 * The file: {"asOf": "YYYY-MM-DD", "sources": {provider: pages read}, "models": [...]}; a bare array of models
 * (a test's or a user's own list) has no as-of date.
 */
function readCatalog(file?: string): { list: ModelInfo[]; meta: CatalogMeta } {
  if (!file && cached) return cached;
  const path = file ?? MODELS_FILE;
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw damaged(
      path,
      e instanceof SyntaxError
        ? `is not valid JSON (${e.message})`
        : `cannot be read (${(e as NodeJS.ErrnoException).code ?? String(e)})`,
    );
  }
  let meta: CatalogMeta = { sources: {} };
  if (data && typeof data === 'object' && !Array.isArray(data)) {
    const o = data as { asOf?: unknown; sources?: unknown; tracked?: unknown; models?: unknown };
    if (!(typeof o.asOf === 'string' && DAY.test(o.asOf)))
      throw damaged(path, ': asOf must be the YYYY-MM-DD day its lifecycle facts were checked');
    const src = o.sources ?? {};
    if (typeof src !== 'object' || Array.isArray(src) || !Object.values(src).every(isStr))
      throw damaged(path, ': sources must map provider ids to the pages read for their lifecycle facts');
    meta = {
      asOf: o.asOf,
      sources: src as Record<string, string>,
      ...(o.tracked !== undefined ? { tracked: checkTracked(o.tracked, path) } : {}),
    };
    data = o.models;
  }
  if (!Array.isArray(data))
    throw damaged(path, 'is not a JSON array of entries, nor {asOf, sources, models}');
  const seen = new Set<string>();
  const out = data.map((entry, i) => {
    const m = validateModel(entry, `entry ${i + 1}`, path);
    const key = `${m.provider}/${m.id}`;
    if (seen.has(key)) throw damaged(path, `defines model ${key} twice`);
    seen.add(key);
    return m;
  });
  const result = { list: out, meta };
  if (!file) cached = result;
  return result;
}

function checkTracked(t: unknown, path: string): NonNullable<CatalogMeta['tracked']> {
  const bad = (why: string) => damaged(path, `: tracked ${why}`);
  if (!t || typeof t !== 'object' || Array.isArray(t))
    throw bad('must map provider ids to {priceProvider, leftOut}');
  for (const [k, v] of Object.entries(t as Record<string, Record<string, unknown>>)) {
    if (k !== '*' && !isStr(v?.priceProvider))
      throw bad(`.${k}.priceProvider must name the price data's provider`);
    if (!Array.isArray(v?.leftOut)) throw bad(`.${k}.leftOut must be a list of {match, why}`);
    for (const l of v.leftOut as Record<string, unknown>[]) {
      if (!isStr(l?.match) || !isStr(l?.why))
        throw bad(`.${k}.leftOut entries need a match pattern and a why`);
      try {
        new RegExp(l.match);
      } catch {
        throw bad(`.${k}.leftOut: ${l.match} is not a regular expression`);
      }
    }
  }
  return t as NonNullable<CatalogMeta['tracked']>;
}

/** The model of that id (case-insensitive; `provider/id` when two providers share an id), or undefined. */
export function findModel(id: string, list: readonly ModelInfo[] = models()): ModelInfo | undefined {
  const want = id.toLowerCase();
  return (
    list.find((m) => `${m.provider}/${m.id}`.toLowerCase() === want) ??
    list.find((m) => m.id.toLowerCase() === want)
  );
}

/** The API ref of a model's counting list, if it has one. */
export function apiRef(m: ModelInfo): string | undefined {
  return m.counting.find((c): c is Extract<ModelCounting, { kind: 'api' }> => c.kind === 'api')?.ref;
}

/** The id a counting entry is measured under in a run: a tokenizer id, or the API ref itself. */
export function countingId(c: ModelCounting): string | undefined {
  return c.kind === 'api' ? c.ref : c.kind === 'unavailable' ? undefined : c.tokenizer;
}

/** Local tokenizer ids a model can be counted with (exact or approximate). */
export function localTokenizers(m: ModelInfo): string[] {
  return m.counting.flatMap((c) => (c.kind === 'tokenizer' || c.kind === 'approx' ? [c.tokenizer] : []));
}

export type TokenizerModelStatus = 'current' | 'legacy' | 'unlisted';

/**
 * A tokenizer is `current` when a model its provider still serves on `when` (current or deprecated) counts with
 * it (exactly or as its declared approximation), `legacy` when every catalog model that uses it is legacy or
 * retired, `unlisted` when no model does (a user's own tokenizer, a hub tokenizer of no catalog model).
 */
export function tokenizerStatus(
  id: string,
  list: readonly ModelInfo[] = models(),
  when: Date | string = new Date(),
): TokenizerModelStatus {
  const users = list.filter(
    (m) => localTokenizers(m).includes(id) || m.counting.some((c) => c.kind === 'api' && c.ref === id),
  );
  if (!users.length) return 'unlisted';
  return users.some((m) => isServed(modelState(m, when).status)) ? 'current' : 'legacy';
}

/** How a model was counted in a run: the first of its counting entries whose id was measured. */
export function chooseCounting(
  m: ModelInfo,
  measured: (id: string) => boolean,
): { entry: ModelCounting; id: string } | undefined {
  for (const c of m.counting) {
    const id = countingId(c);
    if (id !== undefined && measured(id)) return { entry: c, id };
  }
  return undefined;
}

/** Why a model was not measured, and what would measure it (one sentence). */
export function notMeasuredReason(m: ModelInfo): string {
  const ways = m.counting.map((c) => {
    if (c.kind === 'api') return `the provider counting API ${c.ref}`;
    if (c.kind === 'unavailable') return c.reason;
    return `the tokenizer ${c.tokenizer}${c.kind === 'approx' ? ' (an approximation)' : ''}`;
  });
  const unavailable = m.counting.every((c) => c.kind === 'unavailable');
  return unavailable
    ? `not measurable: ${ways.join('; ')}`
    : `not measured in this run: needs ${ways.join(' or ')}`;
}
