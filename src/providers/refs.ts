// Provider API refs ("anthropic:<model>", "gemini:<model>", "openai:<model>") as tokenizers: parsing, the
// catalog's model ids that stand for them, the key each one needs, the entries `tokentax tokenizers` lists, and
// the refs a default run adds when a provider's key is set. The ref string is the tokenizer id of its rows.
import { usageError, UserError } from '../errors.js';
import {
  apiRef,
  API_REF,
  API_REF_HINT,
  countingId,
  findModel,
  isServed,
  modelState,
  models as readModels,
  notMeasuredReason,
  type ApiProvider,
} from '../models/index.js';
import type {
  ModelCounting,
  ModelInfo,
  SkippedTokenizer,
  TokenizerInfo,
  TokenizerListing,
} from '../types.js';
import { catalog, type ResolvedTokenizer } from '../tokenizers/index.js';
import { showUrl } from './http.js';
import { PROTOCOLS, type ProviderProtocol } from './protocol.js';

export type Env = Record<string, string | undefined>;

export const COUNT_ONLY =
  "counted through the provider's token-counting API, one request per text: continued words and byte fallback would need one request per distinct word (unaffordable), so they are not measured";

export function parseApiRef(ref: string): { provider: ApiProvider; model: string } | undefined {
  const m = API_REF.exec(ref.trim());
  return m ? { provider: m[1] as ApiProvider, model: m[2] } : undefined;
}

/** The key of a provider from the environment: its value and the variable it came from (first set one wins). */
export function apiKey(proto: ProviderProtocol, env: Env): { key?: string; keyVar: string } {
  for (const v of proto.keyVars) {
    const key = env[v]?.trim();
    if (key) return { key, keyVar: v };
  }
  return { keyVar: proto.keyVars[0] };
}

export function baseUrl(proto: ProviderProtocol, env: Env): string {
  return env[proto.baseUrlVar]?.trim() || proto.defaultBaseUrl;
}

/**
 * The endpoint a ref's counts come from, for the count cache's key: the base URL as shown (no credentials or
 * query) when it is not the provider's default, undefined for the default, so that cache files made before
 * endpoints were part of the key keep serving the default endpoints.
 */
export function cacheEndpoint(ref: string, env: Env = process.env): string | undefined {
  const p = parseApiRef(ref);
  if (!p) return undefined;
  const proto = PROTOCOLS[p.provider];
  const shown = showUrl(baseUrl(proto, env));
  return shown === showUrl(proto.defaultBaseUrl) ? undefined : shown;
}

export const keyVarsText = (proto: ProviderProtocol) => [...proto.keyVars].reverse().join(' or ');
/**
 * The ids of a command split for counting, as `run`, `count` and `explain` do it: model ids mapped (each said in
 * one line through `log`), API ways passed over when they cannot be used, and --offline refusing any API ref left.
 */
export function splitIdsForCommand(
  ids: readonly string[],
  o: { offline?: boolean; env?: Env; models?: readonly ModelInfo[]; log: (line: string) => void },
): SplitIds {
  const split = splitTokenizerIds(ids, {
    tokenizerIds: new Set(catalog().map((t) => t.id)),
    models: o.models,
    apiUsable: (ref) => apiUnusable(ref, { offline: o.offline, env: o.env }),
  });
  for (const m of split.mapped) o.log(mappedLine(m));
  // --offline means no network at all: provider APIs included.
  if (o.offline && split.remote.length) {
    throw usageError(
      `--offline forbids provider API counting (${split.remote.join(', ')})`,
      'drop --offline, or count only local tokenizers',
    );
  }
  return split;
}

/** The line that says what a model id was counted as, and why that way. */
export function mappedLine(m: SplitIds['mapped'][number]): string {
  const why = m.instead
    ? `not ${m.instead}; the model catalog's next way to count it`
    : "the model catalog's first way to count it";
  return `${m.model}: counted as ${m.to} (${why}${m.approx ? `; an approximation: ${m.approx}` : ''})`;
}

/** Why a provider ref cannot be counted here (offline, or its key is not set), or undefined when it can. */
export function apiUnusable(ref: string, o: { offline?: boolean; env?: Env }): string | undefined {
  if (o.offline) return 'no provider API with --offline';
  const p = parseApiRef(ref);
  if (!p) return undefined;
  const proto = PROTOCOLS[p.provider];
  return apiKey(proto, o.env ?? process.env).key ? undefined : `${keyVarsText(proto)} is not set`;
}
/** The variable to suggest (Gemini: GEMINI_API_KEY; GOOGLE_API_KEY also works and wins when both are set). */
export const mainKeyVar = (proto: ProviderProtocol) => proto.keyVars[proto.keyVars.length - 1];

/** The catalog entry of an API model, when the catalog has it. */
function modelOf(provider: ApiProvider, model: string, list: readonly ModelInfo[]): ModelInfo | undefined {
  return list.find((m) => apiRef(m) === `${provider}:${model}`);
}

/** A provider ref as a resolved tokenizer: plain data like every other, with no files. */
export function remoteSpec(ref: string, list: readonly ModelInfo[] = []): ResolvedTokenizer {
  const p = parseApiRef(ref);
  if (!p) throw new UserError('tokenizer', `"${ref}" is not a provider API ref`, API_REF_HINT);
  const proto = PROTOCOLS[p.provider];
  const id = `${p.provider}:${p.model}`;
  const m = modelOf(p.provider, p.model, list);
  const info: TokenizerInfo = {
    id,
    name: `${m?.name ?? p.model} (${proto.name} API)`,
    category: proto.category,
    org: proto.org,
    region: proto.region,
    models: [m?.name ?? p.model],
    vocabSize: 0, // not published
    engine: 'provider-api',
    source: { kind: 'api', ref: id },
    licence: "proprietary: counts from the provider's API",
    provenance: `${proto.name} ${proto.endpoint} (${proto.docs}); the request's fixed framing measured on probe texts and subtracted`,
    countOnly: COUNT_ONLY,
  };
  return { info, local: { kind: 'api', ref: id, files: [] } };
}

export interface SplitIds {
  /** Ids for resolveTokenizers (catalog ids, all, default, file:, hf:, --tokenizer-dir ids). */
  local: string[];
  /** Provider refs, in order. */
  remote: string[];
  /** Model ids replaced by the way the catalog counts them. */
  mapped: { model: string; to: string; instead?: string; approx?: string }[];
}

/**
 * Splits tokenizer ids into local ones and provider refs. A model id of the model catalog that is not also a
 * tokenizer id stands for its best way of counting (the first entry of its `counting` list): its API ref, or
 * its tokenizer. When `apiUsable` says an API way cannot be used here (offline, or its key is not set), the
 * next way is taken, and `mapped` says why; with no other way the API ref stays, so its error explains.
 */
export function splitTokenizerIds(
  ids: readonly string[],
  opts: {
    tokenizerIds: ReadonlySet<string>;
    models?: readonly ModelInfo[];
    apiUsable?: (ref: string) => string | undefined;
  },
): SplitIds {
  const out: SplitIds = { local: [], remote: [], mapped: [] };
  let list = opts.models;
  for (const raw of ids) {
    const id = raw.trim();
    if (!id) continue;
    const ref = parseApiRef(id);
    if (ref) {
      out.remote.push(`${ref.provider}:${ref.model}`);
      continue;
    }
    if (opts.tokenizerIds.has(id) || /^(all|default|legacy)$/.test(id) || id.includes(':')) {
      out.local.push(id);
      continue;
    }
    list ??= readModels();
    const m = findModel(id, list);
    if (!m) {
      out.local.push(id); // resolveTokenizers names it as unknown, with the nearest ids
      continue;
    }
    const ways = m.counting.filter((c) => countingId(c) !== undefined);
    if (!ways.length)
      throw usageError(
        `${id} cannot be counted: ${notMeasuredReason(m)}`,
        'leave it out, or count a model that `tokentax prices` lists with a way to count it',
      );
    // The first way that can be used here: only API ways can be passed over (offline, no key). With none usable
    // the first stays, so its own error is the one the user sees.
    const why = (c: ModelCounting) => (c.kind === 'api' ? opts.apiUsable?.(c.ref) : undefined);
    const i = ways.findIndex((c) => why(c) === undefined);
    const best = ways[Math.max(i, 0)];
    const first = ways[0];
    const to = countingId(best)!;
    out.mapped.push({
      model: id,
      to,
      ...(i > 0 && first.kind === 'api' ? { instead: `${first.ref}: ${why(first)}` } : {}),
      ...(best.kind === 'approx' ? { approx: best.reason } : {}),
    });
    (best.kind === 'api' ? out.remote : out.local).push(to);
  }
  out.remote = [...new Set(out.remote)];
  return out;
}

export function missingKeyError(ref: string, proto: ProviderProtocol): UserError {
  return new UserError(
    'apiKey',
    `${ref} is counted through the ${proto.name} API, and ${keyVarsText(proto)} is not set`,
    `export ${mainKeyVar(proto)}=<your key> (${proto.keyHelp}), or leave ${ref} out`,
  );
}

/**
 * Provider refs as resolved tokenizers. A ref without its provider's key is an error when the user named it
 * (explicit), and skipped with the way to add it otherwise.
 */
export function resolveRemote(
  refs: readonly string[],
  opts: { explicit: boolean; env?: Env; models?: readonly ModelInfo[] },
): { resolved: ResolvedTokenizer[]; skipped: SkippedTokenizer[] } {
  const env = opts.env ?? process.env;
  const resolved: ResolvedTokenizer[] = [];
  const skipped: SkippedTokenizer[] = [];
  for (const ref of refs) {
    const spec = remoteSpec(ref, opts.models ?? []);
    const proto = PROTOCOLS[parseApiRef(ref)!.provider];
    if (!apiKey(proto, env).key) {
      const err = missingKeyError(spec.info.id, proto);
      if (opts.explicit) throw err;
      skipped.push({ id: spec.info.id, reason: err.message, hint: err.hint! });
      continue;
    }
    if (!resolved.some((r) => r.info.id === spec.info.id)) resolved.push(spec);
  }
  return { resolved, skipped };
}

/** Models still served on `when` (current or deprecated) that only a provider API counts (their first way is `api`). */
export function apiCountedModels(
  list: readonly ModelInfo[],
  when: Date | string = new Date(),
): { model: ModelInfo; ref: string; provider: ApiProvider }[] {
  return list.flatMap((m) => {
    const best = m.counting[0];
    const p = best?.kind === 'api' ? parseApiRef(best.ref) : undefined;
    return isServed(modelState(m, when).status) && best?.kind === 'api' && p
      ? [{ model: m, ref: best.ref, provider: p.provider }]
      : [];
  });
}

/**
 * What a default run adds: the API-counted current models of every provider whose key is set, and, for the
 * providers without a key, one line saying what setting it would add.
 */
export function defaultApiRefs(
  list: readonly ModelInfo[],
  env: Env = process.env,
): { refs: string[]; hint?: string } {
  const refs: string[] = [];
  const without = new Map<ApiProvider, string[]>();
  for (const { model, ref, provider } of apiCountedModels(list)) {
    if (apiKey(PROTOCOLS[provider], env).key) refs.push(ref);
    else without.set(provider, [...(without.get(provider) ?? []), model.id]);
  }
  if (!without.size) return { refs };
  const parts = [...without].map(([p, ids]) => `${keyVarsText(PROTOCOLS[p])} adds ${ids.join(', ')}`);
  return {
    refs,
    hint: `models counted only through their provider's API are left out: setting ${parts.join('; ')} (free token-counting endpoints; tokentax tokenizers shows each)`,
  };
}

/** `tokentax tokenizers` entries for every API ref of the catalog, with what each needs. */
export function listRemote(
  list: readonly ModelInfo[] = readModels(),
  env: Env = process.env,
): TokenizerListing[] {
  const refs = [
    ...new Set(list.flatMap((m) => m.counting.flatMap((c) => (c.kind === 'api' ? [c.ref] : [])))),
  ];
  return refs.map((ref) => {
    const spec = remoteSpec(ref, list);
    const proto = PROTOCOLS[parseApiRef(ref)!.provider];
    const { key, keyVar } = apiKey(proto, env);
    const url = `${showUrl(baseUrl(proto, env))} (${proto.endpoint})`;
    return key
      ? { ...spec.info, status: 'ready' as const, statusDetail: `${keyVar} set; counted through ${url}` }
      : {
          ...spec.info,
          status: `needs ${mainKeyVar(proto)}` as const,
          statusDetail: `set ${keyVarsText(proto)} to count it through ${url}; ${proto.keyHelp}`,
        };
  });
}
