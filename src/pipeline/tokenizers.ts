// The tokenizers and provider counters of a command, opened one way for `run`, `count` and `explain`: ids split
// into local tokenizers and provider refs, the local ones resolved (catalog, --tokenizer-dir, hub cache,
// downloads), the provider ones given their keys, rate limits, count cache and measured framing.
import { isUserError } from '../errors.js';
import { CountCache } from '../measure/index.js';
import {
  cacheEndpoint,
  defaultApiRefs,
  listRemote,
  RemoteCounters,
  resolveRemote,
  splitIdsForCommand,
  type Env,
} from '../providers/index.js';
import {
  listTokenizers,
  resolveTokenizers,
  type DownloadEvent,
  type ResolvedTokenizer,
} from '../tokenizers/index.js';
import type { ModelInfo, RunConfig, SkippedTokenizer, TokenizerListing } from '../types.js';

export interface OpenTokenizersOptions {
  /** Ids, sets and provider refs as the user named them; absent or empty: `fallback`. */
  ids?: readonly string[];
  /** What stands for no ids: the run's default set, or a command's own (INSPECT_TOKENIZERS). */
  fallback: readonly string[];
  /** The default run: it also adds the API-counted current models whose keys are set, and fetches the European
   *  hub tokenizers once (unless offline). */
  defaultRun?: boolean;
  /** A local tokenizer that cannot be had is an error (else skipped with the way to add it); default: ids named. */
  explicit?: boolean;
  tokenizers: Pick<RunConfig['tokenizers'], 'dir' | 'hubTimeoutMs' | 'offline' | 'cache'>;
  api: RunConfig['api'];
  env?: Env;
  models?: ModelInfo[];
  log: (line: string) => void;
  onDownload?: (e: DownloadEvent) => void;
  onApiProgress?: (line: string) => void;
  signal?: AbortSignal;
  /** Called with every tokenizer resolved, before any provider is asked anything (the run's --reference check). */
  check?: (resolved: ResolvedTokenizer[]) => void;
}

export interface OpenedTokenizers {
  /** Local tokenizers, resolved (loadTokenizer or a runner loads them). */
  local: ResolvedTokenizer[];
  /** Provider counters ready to count (framing measured), when any provider ref was asked for. */
  remote?: { counters: RemoteCounters; ready: ResolvedTokenizer[]; firstError?: unknown };
  /** What could not be had, each with the way to add it. */
  skipped: SkippedTokenizer[];
}

export async function openTokenizers(o: OpenTokenizersOptions): Promise<OpenedTokenizers> {
  const named = !!o.ids?.length;
  const explicit = o.explicit ?? named;
  const offline = o.tokenizers.offline;
  // A named API ref with --offline is an error; a default run then adds none.
  const ids = splitIdsForCommand(named ? o.ids! : o.fallback, {
    offline,
    env: o.env,
    models: o.models,
    log: o.log,
  });
  if (o.defaultRun && !named && !offline) {
    const d = defaultApiRefs(o.models ?? [], o.env);
    ids.remote.push(...d.refs.filter((r) => !ids.remote.includes(r)));
    if (d.hint) o.log(d.hint);
  }
  const { resolved: local, skipped } = ids.local.length
    ? await resolveTokenizers(ids.local, {
        tokenizerDir: o.tokenizers.dir,
        hubTimeoutMs: o.tokenizers.hubTimeoutMs,
        // false leaves HF_HUB_OFFLINE=1 in force.
        offline: offline || undefined,
        explicit,
        // A default run fetches the European hub tokenizers once when the hub answers (--offline / HF_HUB_OFFLINE=1 prevent it).
        ...(o.defaultRun ? { fetchDefaults: !named, onDownload: o.onDownload, log: o.log } : {}),
      })
    : { resolved: [], skipped: [] as SkippedTokenizer[] };
  const remoteIds = resolveRemote(ids.remote, { explicit: named, env: o.env, models: o.models });
  skipped.push(...remoteIds.skipped);
  o.check?.([...local, ...remoteIds.resolved]);
  const remote = remoteIds.resolved.length ? await openRemote(remoteIds.resolved, named, o) : undefined;
  skipped.push(...(remote?.skipped ?? []));
  return { local, ...(remote ? { remote } : {}), skipped };
}

/**
 * The provider counters, ready to count: each one's framing is measured (probe requests, answered from the
 * cache on a re-run). A counter that cannot start is an error when the user named it, else skipped.
 */
async function openRemote(specs: ResolvedTokenizer[], explicit: boolean, o: OpenTokenizersOptions) {
  const env = o.env ?? process.env;
  const store = o.tokenizers.cache
    ? CountCache.open(specs, { log: o.log, endpointOf: (id) => cacheEndpoint(id, env) })
    : undefined;
  const counters = new RemoteCounters(specs, {
    env: o.env,
    rpm: o.api.rpm,
    concurrency: o.api.concurrency,
    timeoutMs: o.api.timeoutMs,
    maxWaitMs: o.api.maxWaitMs,
    store,
    progress: o.onApiProgress,
  });
  // Ctrl-C stops requests under way at once (their counts so far are in the store).
  o.signal?.addEventListener('abort', () => void counters.close(), { once: true });
  const ready: ResolvedTokenizer[] = [];
  const skipped: SkippedTokenizer[] = [];
  let firstError: unknown;
  for (const spec of specs) {
    try {
      await counters.prepare(spec.info.id);
      ready.push(spec);
    } catch (e) {
      if (explicit || !isUserError(e)) {
        await counters.close();
        throw e;
      }
      firstError ??= e;
      skipped.push({
        id: spec.info.id,
        reason: e.message.replace(`${spec.info.id}: `, ''),
        hint: e.hint ?? 'run it alone with --debug to see the error',
      });
    }
  }
  return { counters, ready, skipped, firstError };
}

/** Every tokenizer a command could open, with its status: the catalog, a --tokenizer-dir's, then the provider
 *  refs of the model catalog (`tokentax tokenizers`). */
export async function listAllTokenizers(
  o: { dir?: string; env?: Env; models?: ModelInfo[] } = {},
): Promise<TokenizerListing[]> {
  return [...(await listTokenizers({ tokenizerDir: o.dir })), ...listRemote(o.models, o.env)];
}
