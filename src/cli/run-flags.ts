// The `run` command's flags as one typed table: the commander options are generated from it, their help prints
// the defaults of src/config.ts, and runSettings() maps the parsed values (typed from the table) to the library's
// RunSettings in one function (test/cli/run-flags.test.ts checks that every flag reaches it).
import { type Command, Option } from 'commander';
import { DEFAULTS, LIMITS, type RunSettings } from '../config.js';
import { MAX_REJECTED_SHARE } from '../corpus/index.js';
import { claimData, defaultWorkloadName, workloadPresets } from '../models/index.js';
import { PROTOCOLS } from '../providers/index.js';
import * as opt from './options.js';

interface Flag<T> {
  /** commander's flags; the table's key is commander's name for the value (checked in addRunFlags). */
  flags: string;
  help: string;
  parse?: (value: string, previous: T | undefined) => T;
  choices?: readonly string[];
  /** The default as the help shows it, taken from DEFAULTS; a default decided at run time is said in `help`. */
  shown?: string;
}

/** One flag; T is the parsed value's type (a flag without a parser: boolean, or the string it was given). */
const flag = <T = boolean>(f: Flag<T>): Flag<T> => f;
const seconds = (ms: number) => String(ms / 1000);

export const RUN_FLAGS = {
  corpus: flag({
    flags: '--corpus <name|path>',
    help: 'built-in corpus id or a path (repeatable)',
    parse: opt.list,
    shown: DEFAULTS.corpus.corpora.join(','),
  }),
  split: flag({
    flags: '--split <a,b>',
    help: 'FLORES splits to read (default: all present)',
    parse: opt.list,
  }),
  format: flag<string>({
    flags: '--format <format>',
    help: 'corpus format, overriding detection',
    choices: ['flores', 'csv', 'tsv', 'jsonl', 'moses'],
  }),
  langId: flag({ flags: '--no-lang-id', help: 'do not check that each text is in its labelled language' }),
  allowMislabelled: flag({
    flags: '--allow-mislabelled',
    help: `measure even when the language check rejects more than ${MAX_REJECTED_SHARE * 100} % of a language's texts (a swapped or mislabelled column); the report says so first`,
  }),
  tokenizers: flag({
    flags: '--tokenizers <ids>',
    help: 'tokenizer ids, comma-separated, or "all" (default: built-in ones plus cached hub ones)',
    parse: opt.list,
  }),
  tokenizerDir: flag<string>({
    flags: '--tokenizer-dir <dir>',
    help: 'folder of local tokenizers (sub-folders with tokenizer.json, tokenizer.model or tekken.json)',
  }),
  hubTimeout: flag({
    flags: '--hub-timeout <seconds>',
    help: 'connect/read timeout for hub downloads',
    parse: opt.seconds('--hub-timeout'),
    shown: seconds(DEFAULTS.tokenizers.hubTimeoutMs),
  }),
  offline: flag({
    flags: '--offline',
    help: "never touch the network (as HF_HUB_OFFLINE=1): no download, not even the default run's European hub tokenizers",
  }),
  langs: flag({
    flags: '--langs <codes>',
    help: 'languages to measure: codes, or the sets eu (the 24 official EU languages; Basque is eus) and eu+ (eu plus Catalan, Basque, Galician)',
    parse: opt.langs,
    shown: DEFAULTS.corpus.langs.join(','),
  }),
  baseline: flag({
    flags: '--baseline <code>',
    help: 'baseline language',
    parse: opt.lang('--baseline'),
    shown: DEFAULTS.corpus.baseline,
  }),
  reference: flag<string>({
    flags: '--reference <id>',
    help: 'reference tokenizer for cross-tokenizer efficiency',
    shown: DEFAULTS.analysis.reference,
  }),
  claim: flag({
    flags: '--claim <percent>',
    help: 'the claimed surcharge in percent',
    parse: opt.num('--claim', -100),
    shown: `${DEFAULTS.analysis.claimPct}, data/claim.json: ${claimData().source} said an English-centric model costs about ${DEFAULTS.analysis.claimPct} % more in Spanish, French or German`,
  }),
  seed: flag({
    flags: '--seed <n>',
    help: 'bootstrap seed',
    parse: opt.int('--seed', LIMITS.seed.min, LIMITS.seed.max),
    shown: String(DEFAULTS.analysis.seed),
  }),
  resamples: flag({
    flags: '--resamples <n>',
    help: `bootstrap resamples (≥ ${LIMITS.resamples.min})`,
    parse: opt.int('--resamples', LIMITS.resamples.min, LIMITS.resamples.max),
    shown: String(DEFAULTS.analysis.resamples),
  }),
  claimMargin: flag({
    flags: '--claim-margin <points>',
    help: 'half-width of the band around the claimed figure for a "matches" verdict, in percentage points',
    parse: opt.num('--claim-margin', 0, String(DEFAULTS.analysis.claimMarginPct)),
    shown: `${DEFAULTS.analysis.claimMarginPct}, data/claim.json`,
  }),
  byDomain: flag({ flags: '--by-domain', help: 'add summary rows per domain' }),
  prices: flag<string>({
    flags: '--prices <file>',
    help: 'prices CSV that overrides models of @pydantic/genai-prices or adds models (see the README, "Prices")',
  }),
  updatePrices: flag({
    flags: '--update-prices',
    help: 'first fetch the latest @pydantic/genai-prices data into the user cache (falls back to the cached or bundled data)',
  }),
  workload: flag<string>({
    flags: '--workload <name>',
    help: `the bill's workload: ${workloadPresets()
      .map((w) => w.name)
      .join(', ')}`,
    shown: `${defaultWorkloadName()}, data/workloads.json`,
  }),
  requests: flag({
    flags: '--requests <n>',
    help: "requests per month (replaces the workload's)",
    parse: opt.int('--requests', 1),
  }),
  inputWords: flag({
    flags: '--input-words <n>',
    help: "English-equivalent input words per request (replaces the workload's)",
    parse: opt.int('--input-words', 0),
  }),
  outputWords: flag({
    flags: '--output-words <n>',
    help: "English-equivalent output words per request (replaces the workload's)",
    parse: opt.int('--output-words', 0),
  }),
  cachedShare: flag({
    flags: '--cached-share <share>',
    help: "share of the input read from the prompt cache, 0 to 1 (replaces the workload's)",
    parse: opt.num('--cached-share', 0, '0.3'),
  }),
  currency: flag({
    flags: '--currency <code>',
    help: 'show money in this currency (needs --fx; default USD)',
    parse: opt.currency,
  }),
  fx: flag({
    flags: '--fx <rate>',
    help: 'units of --currency per 1 USD, e.g. 0.86 for EUR (no rate is ever guessed)',
    parse: opt.num('--fx', 0, '0.86'),
  }),
  billModels: flag({
    flags: '--bill-models <ids>',
    help: "models of the bill chart (default: the cheapest and dearest of today's models of each provider, and every model counted with a European tokenizer)",
    parse: opt.list,
  }),
  monthlyWords: flag({
    flags: '--monthly-words <n>',
    help: 'costs.csv: add the monthly input cost of this many English words',
    parse: opt.int('--monthly-words', 1),
  }),
  out: flag<string>({ flags: '--out <dir>', help: 'run folder (default: reports/<UTC timestamp>)' }),
  force: flag({ flags: '--force', help: 'replace an existing non-empty --out folder' }),
  workers: flag({
    flags: '--workers <n>',
    help: 'worker threads (default: one per core)',
    parse: opt.int('--workers', LIMITS.workers.min, LIMITS.workers.max),
  }),
  cache: flag({
    flags: '--no-cache',
    help: 'do not read or write the per-segment count cache (~/.cache/tokentax, or $TOKENTAX_CACHE)',
  }),
  sample: flag({
    flags: '--sample <n>',
    help: 'measure a seeded sample of n segments per corpus, stratified by domain (the same for every tokenizer)',
    parse: opt.int('--sample', 1),
  }),
  apiRpm: flag({
    flags: '--api-rpm <n>',
    help: 'provider APIs: requests per minute per provider',
    parse: opt.num('--api-rpm', 0.001, '100'),
    shown: Object.values(PROTOCOLS)
      .map((p) => `${p.name} ${p.defaultRpm}`)
      .join(', '),
  }),
  apiConcurrency: flag({
    flags: '--api-concurrency <n>',
    help: 'provider APIs: requests in flight per provider',
    parse: opt.int('--api-concurrency', LIMITS.apiConcurrency.min, LIMITS.apiConcurrency.max),
    shown: String(DEFAULTS.api.concurrency),
  }),
  apiTimeout: flag({
    flags: '--api-timeout <seconds>',
    help: 'provider APIs: timeout of one request',
    parse: opt.seconds('--api-timeout'),
    shown: seconds(DEFAULTS.api.timeoutMs),
  }),
  apiMaxWait: flag({
    flags: '--api-max-wait <seconds>',
    help: 'provider APIs: longest total wait on retries (429, 5xx, timeouts) for one text',
    parse: opt.seconds('--api-max-wait'),
    shown: seconds(DEFAULTS.api.maxWaitMs),
  }),
  slides: flag({ flags: '--slides', help: 'also write slides.pptx' }),
  charts: flag({ flags: '--no-charts', help: 'skip the PNG/SVG charts' }),
  json: flag({ flags: '--json', help: 'print the summary as JSON instead of a table' }),
  quiet: flag({
    flags: '-q, --quiet',
    help: 'no progress output (warnings and skip notes are still printed)',
  }),
};

type FlagValue<F> = F extends Flag<infer T> ? T : never;

/** The parsed values of `tokentax run`, typed from RUN_FLAGS. */
export type RunFlags = { [K in keyof typeof RUN_FLAGS]?: FlagValue<(typeof RUN_FLAGS)[K]> };

/** A flag's help line as `--help` prints it: the text, then its default from DEFAULTS. */
export const flagHelp = (f: Flag<unknown>): string => (f.shown ? `${f.help} (default: ${f.shown})` : f.help);

/** One flag as a commander option (the other commands take some of the run's flags as they are). */
export function flagOption<T>(f: Flag<T>): Option {
  const o = new Option(f.flags, flagHelp(f as Flag<unknown>));
  if (f.parse) o.argParser(f.parse);
  if (f.choices) o.choices(f.choices);
  return o;
}

/** Adds the `run` flags to a command. */
export function addRunFlags(cmd: Command): Command {
  for (const [name, f] of Object.entries(RUN_FLAGS) as [string, Flag<unknown>][]) {
    const o = flagOption(f);
    if (o.attributeName() !== name) throw new Error(`RUN_FLAGS.${name} is read as ${o.attributeName()}`);
    cmd.addOption(o);
  }
  return cmd;
}

/** The tokenizers section from the flags that `run`, `count` and `explain` share. */
export function tokenizerSettings(
  o: Pick<RunFlags, 'tokenizers' | 'tokenizerDir' | 'hubTimeout' | 'offline' | 'cache' | 'workers'>,
): RunSettings['tokenizers'] {
  return {
    ids: o.tokenizers,
    dir: o.tokenizerDir,
    hubTimeoutMs: o.hubTimeout,
    offline: o.offline,
    cache: o.cache,
    workers: o.workers,
  };
}

/** The run's settings from its flags: the one mapping from the command line to the library. */
export function runSettings(o: RunFlags, currency?: { code: string; perUsd: number }): RunSettings {
  return {
    corpus: {
      corpora: o.corpus,
      splits: o.split,
      format: o.format,
      langs: o.langs,
      baseline: o.baseline,
      langId: o.langId,
      allowMislabelled: o.allowMislabelled,
      sample: o.sample,
    },
    tokenizers: tokenizerSettings(o),
    api: {
      rpm: o.apiRpm,
      concurrency: o.apiConcurrency,
      timeoutMs: o.apiTimeout,
      maxWaitMs: o.apiMaxWait,
    },
    analysis: {
      reference: o.reference,
      claimPct: o.claim,
      claimMarginPct: o.claimMargin,
      seed: o.seed,
      resamples: o.resamples,
      byDomain: o.byDomain,
    },
    prices: {
      file: o.prices,
      update: o.updatePrices,
      monthlyWords: o.monthlyWords,
      workload: {
        workload: o.workload,
        requests: o.requests,
        inputWords: o.inputWords,
        outputWords: o.outputWords,
        cachedShare: o.cachedShare,
      },
      currency,
      billModels: o.billModels?.length ? o.billModels : undefined,
    },
    output: { out: o.out, force: o.force, slides: o.slides, charts: o.charts },
  };
}
