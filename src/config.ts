// One run's settings (RunConfig, in sections) and the one table of their defaults (DEFAULTS). The CLI's help,
// the library's runTokenTax(), the stages and `tokentax report` all read the defaults from here. This module
// imports nothing of the stages, so every stage may import it without a cycle.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DATA_DIR } from './paths.js';
import type { Lang, RunConfig } from './types.js';

/**
 * The claim's figure and the band read as "about" it are facts of the claim, so they are read from its data
 * (data/claim.json; models/claim.ts checks the whole file).
 */
function claimFigures(): { pct: number; marginPct: number } {
  const d = JSON.parse(readFileSync(join(DATA_DIR, 'claim.json'), 'utf8')) as {
    pct?: unknown;
    marginPct?: unknown;
  };
  if (typeof d.pct !== 'number' || typeof d.marginPct !== 'number' || !(d.marginPct >= 0))
    throw new Error(`${join(DATA_DIR, 'claim.json')} needs the numbers pct and marginPct`);
  return { pct: d.pct, marginPct: d.marginPct };
}
const claim = claimFigures();

/** Every default of a run, once. An absent optional field means "decided at run time" (said where it is used). */
export const DEFAULTS = {
  corpus: {
    /** The built-in mix of chat, code, legal and news text (corpora/llm-mix). */
    corpora: ['llm-mix'],
    langs: ['en', 'fr', 'de', 'es'] as Lang[],
    baseline: 'en' as Lang,
    langId: true,
    allowMislabelled: false,
  },
  tokenizers: {
    /** Longest silence of the hub (or a url source) before giving up. */
    hubTimeoutMs: 15_000,
    offline: false,
    cache: true,
  },
  api: {
    concurrency: 4,
    /** One request's timeout. */
    timeoutMs: 30_000,
    /** Longest total wait on retries (429, 5xx, timeouts) for one text. */
    maxWaitMs: 300_000,
  },
  analysis: {
    /** The reference of the cross-tokenizer efficiency table: GPT-4's encoding, the one the claim was made about. */
    reference: 'cl100k_base',
    claimPct: claim.pct,
    claimMarginPct: claim.marginPct,
    seed: 42,
    resamples: 2000,
    confidence: 0.95,
    byDomain: false,
  },
  prices: {
    update: false,
    /** The bill's workload: the preset data/workloads.json names as its default, no field replaced. */
    workload: {},
  },
  output: {
    force: false,
    slides: false,
    charts: true,
  },
} as const satisfies { [S in keyof RunConfig]: Partial<RunConfig[S]> };

/** Bounds the CLI and the library both enforce. */
export const LIMITS = {
  /** Fewer bootstrap resamples give unstable 95 % interval ends. */
  resamples: { min: 2000, max: 1_000_000 },
  seed: { min: 0, max: 2 ** 32 - 1 },
  workers: { min: 1, max: 256 },
  apiConcurrency: { min: 1, max: 256 },
} as const;

/** `count` and `explain` without --tokenizers: GPT-4's and GPT-4o's encodings side by side. */
export const INSPECT_TOKENIZERS: readonly string[] = ['cl100k_base', 'o200k_base'];

/** What a caller may give: any section, any field of it; the rest comes from DEFAULTS. */
export type RunSettings = { [S in keyof RunConfig]?: Partial<RunConfig[S]> };

/** The full configuration: each field the caller's, or its default. Option values are checked by the run. */
export function resolveConfig(s: RunSettings = {}): RunConfig {
  const pick = <S extends keyof RunConfig>(section: S): RunConfig[S] => {
    const given = Object.fromEntries(Object.entries(s[section] ?? {}).filter(([, v]) => v !== undefined));
    return { ...DEFAULTS[section], ...given } as RunConfig[S];
  };
  const config: RunConfig = {
    corpus: pick('corpus'),
    tokenizers: pick('tokenizers'),
    api: pick('api'),
    analysis: pick('analysis'),
    prices: pick('prices'),
    output: pick('output'),
  };
  // An empty list means the default one, as on the command line.
  if (!config.corpus.corpora.length) config.corpus.corpora = [...DEFAULTS.corpus.corpora];
  if (!config.tokenizers.ids?.length) delete config.tokenizers.ids;
  return config;
}
