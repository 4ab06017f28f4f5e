// The model catalog: data/models.json, one entry per model a user would price, and how its tokens are counted.
// Data like the tokenizer catalog: adding a model means adding an entry; tokenizer ids and provider API refs
// in `counting` are checked against the tokenizer catalog by test/models/catalog.test.ts.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { UserError } from '../errors.js';
import { DATA_DIR } from '../paths.js';
import type { ModelCounting, ModelInfo, ModelStatus } from '../types.js';

export const MODELS_FILE = join(DATA_DIR, 'models.json');

/** Provider counting APIs, by ref prefix (`anthropic:<model>` ...). */
export const API_PROVIDERS = ['anthropic', 'gemini', 'openai'] as const;
export type ApiProvider = (typeof API_PROVIDERS)[number];
export const API_REF = /^(anthropic|gemini|openai):([A-Za-z0-9][\w.:-]*)$/;

const STATUSES: readonly ModelStatus[] = ['current', 'legacy'];
const DATE = /^\d{4}-\d{2}(-\d{2})?$/;
const isStr = (x: unknown): x is string => typeof x === 'string' && x.length > 0;

function damaged(file: string, what: string): UserError {
  return new UserError(
    'internal',
    `model catalog ${file} ${what}`,
    'reinstall tokentax, or fix the entry by hand (see the README, "Models")',
  );
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
  if (!STATUSES.includes(e.status as ModelStatus))
    throw fail('status', `must be one of ${STATUSES.join(', ')}`);
  if (e.released !== undefined && !(isStr(e.released) && DATE.test(e.released)))
    throw fail('released', 'must be YYYY-MM or YYYY-MM-DD');
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

let cached: ModelInfo[] | undefined;

/** Every model of the catalog (the built-in file unless `file` is given). */
export function models(file?: string): ModelInfo[] {
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
  if (!Array.isArray(data)) throw damaged(path, 'is not a JSON array of entries');
  const seen = new Set<string>();
  const out = data.map((entry, i) => {
    const m = validateModel(entry, `entry ${i + 1}`, path);
    const key = `${m.provider}/${m.id}`;
    if (seen.has(key)) throw damaged(path, `defines model ${key} twice`);
    seen.add(key);
    return m;
  });
  if (!file) cached = out;
  return out;
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
 * A tokenizer is `current` when a current model of the catalog counts with it (exactly or as its declared
 * approximation), `legacy` when every catalog model that uses it is legacy, `unlisted` when no model does
 * (a user's own tokenizer, a hub tokenizer of no catalog model).
 */
export function tokenizerStatus(id: string, list: readonly ModelInfo[] = models()): TokenizerModelStatus {
  const users = list.filter(
    (m) => localTokenizers(m).includes(id) || m.counting.some((c) => c.kind === 'api' && c.ref === id),
  );
  if (!users.length) return 'unlisted';
  return users.some((m) => m.status === 'current') ? 'current' : 'legacy';
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
