// From per-segment counts to summary, efficiency, costs and headline. Pure: no I/O, deterministic for a seed.
//
// Bootstrap design (documented in the README):
// - Paired percentile bootstrap over segments. For each corpus and each domain subset ('all', and each domain
//   with byDomain), B resamples of the segment indices are drawn with replacement by xoshiro128** seeded from
//   (seed, "<corpus>\0<domain>"), and every column (tokens of each tokenizer × language, characters of each
//   language) is summed over the same resample. Every ratio then uses the same resampled segments for its
//   numerator and denominator (paired), and all rows of a corpus share the resamples, so differences between
//   rows and means over rows (the category headline) have valid intervals too.
// - Interval: percentile method, type-7 quantiles at (1 − confidence)/2 and (1 + confidence)/2, widened to
//   contain the point estimate if it ever fell outside (see stats.percentileInterval).
import { DEFAULTS, LIMITS } from '../config.js';
import { usageError, inputError } from '../errors.js';
import { chooseCounting, type CatalogMeta, type ClaimData } from '../models/index.js';
import {
  type AnalysisOptions,
  type AnalysisResult,
  type CountTable,
  type EfficiencyRow,
  type Interval,
  type Lang,
  type LanguageMeanRow,
  type ModelInfo,
  NOT_MEASURED,
  type PriceRow,
  type PriceSource,
  type SummaryRow,
  type TokenizerCategory,
  type TokenizerInfo,
} from '../types.js';
import { billCaveats } from './bill.js';
import { CLAIM_BASELINE, claimHeadlineText, claimRows, MIN_SEGMENTS } from './claim.js';
import { computeCosts, costNotes } from './costs.js';
import { CATEGORY_ORDER, EU_MEAN, euMeanLangs, languageName } from '../vocabulary.js';
import { buildHeadline } from './headline.js';
import { measuredModelRows, priceModelRows, type TokensPerWord } from './models.js';
import {
  bootstrapColumnSums,
  bytesPerToken,
  charNormOverheadPct,
  charsPerToken,
  continuedWordsPct,
  fallbackPct,
  fertility,
  medianRatio,
  overheadPct,
  percentileInterval,
  sum,
} from './stats.js';

/** Checks option values the library cannot work with (the CLI enforces its own stricter limits, e.g. B ≥ 2000). */
function checkOptions(opts: AnalysisOptions): void {
  if (!Number.isInteger(opts.resamples) || opts.resamples < 1) {
    throw usageError(
      `resamples must be a positive integer, got ${opts.resamples}`,
      `Use --resamples ${LIMITS.resamples.min} or more.`,
    );
  }
  if (!(opts.confidence > 0 && opts.confidence < 1)) {
    throw usageError(
      `confidence must be between 0 and 1, got ${opts.confidence}`,
      `Use e.g. ${DEFAULTS.analysis.confidence} for a ${DEFAULTS.analysis.confidence * 100} % interval.`,
    );
  }
  if (!Number.isFinite(opts.claimPct))
    throw usageError(
      `claim must be a number of percent, got ${opts.claimPct}`,
      `Use e.g. --claim ${DEFAULTS.analysis.claimPct}.`,
    );
  if (!Number.isInteger(opts.seed))
    throw usageError(
      `seed must be an integer, got ${opts.seed}`,
      `Use e.g. --seed ${DEFAULTS.analysis.seed}.`,
    );
  if (opts.monthlyWords !== undefined && !(Number.isFinite(opts.monthlyWords) && opts.monthlyWords >= 0)) {
    throw usageError(
      `monthly words must be a non-negative number, got ${opts.monthlyWords}`,
      'Use e.g. --monthly-words 10000000.',
    );
  }
  if (
    opts.claimMarginPct !== undefined &&
    !(Number.isFinite(opts.claimMarginPct) && opts.claimMarginPct >= 0)
  ) {
    throw usageError(
      `claim margin must be a non-negative number of percentage points, got ${opts.claimMarginPct}`,
      'Use e.g. --claim-margin 5.',
    );
  }
}

/** What the model view of the analysis needs besides the counts: the catalogs and the price data (all data). */
export interface AnalysisContext {
  models?: readonly ModelInfo[];
  claim?: ClaimData;
  priceSource?: PriceSource;
  /** Catalog models without a price, keyed provider/id, with the reason. */
  missingPrices?: Map<string, string>;
  /** Tokenizers whose models are all legacy: left out of every headline figure. */
  isLegacy?: (id: string) => boolean;
  /** How to add a tokenizer the run did not measure (claim rows of a missing subject say it). */
  howToAdd?: (id: string) => string;
  /** The run's day, for each model's lifecycle state (default: now). */
  when?: Date | string;
  /** The model catalog's as-of date and lifecycle sources. */
  catalog?: CatalogMeta;
  /** Bootstrap sums computed beforehand (e.g. over threads: bootstrap.ts), by job label (bootstrapJobs); the
   *  others are computed here. They must come from the same options (seed, resamples). */
  bootstrapSums?: ReadonlyMap<string, Float64Array>;
}

interface Subset {
  domain: string;
  indices: Uint32Array;
}

/** Sum over the subset, NaN when any segment's figure is NOT_MEASURED (a count-only counter): an empty cell, not 0. */
function measuredSum(col: ArrayLike<number>, idx: ArrayLike<number>): number {
  for (let j = 0; j < idx.length; j++) if (col[idx[j]] === NOT_MEASURED) return NaN;
  return sum(col, idx);
}

function subsetsOf(table: CountTable, byDomain: boolean): Subset[] {
  const all: Subset = { domain: 'all', indices: Uint32Array.from({ length: table.n }, (_, i) => i) };
  if (!byDomain) return [all];
  const out = [all];
  table.domains.forEach((domain, d) => {
    const idx: number[] = [];
    for (let i = 0; i < table.n; i++) if (table.domainOf[i] === d) idx.push(i);
    // A domain literally named "all" would collide with the whole-corpus rows; prefix it.
    if (idx.length)
      out.push({ domain: domain === 'all' ? 'domain:all' : domain, indices: Uint32Array.from(idx) });
  });
  return out;
}

/** The bootstrap's columns of a subset (tokens[t][l], then chars[l]) and its generator label "<corpus>\0<domain>". */
function bootstrapLayout(table: CountTable, sub: Subset) {
  const columns: ArrayLike<number>[] = [];
  const tokCol = new Map<string, number>();
  for (const t of table.tokenizers)
    for (const l of table.langs) {
      tokCol.set(`${t}\0${l}`, columns.length);
      columns.push(table.counts[t][l].tokens);
    }
  const charCol = new Map<string, number>();
  for (const l of table.langs) {
    charCol.set(l, columns.length);
    columns.push(table.text[l].chars);
  }
  return { columns, tokCol, charCol, label: `${table.corpus}\0${sub.domain}` };
}

/** One bootstrap analyze() runs: its columns and seeding, to compute the sums elsewhere (AnalysisContext.bootstrapSums). */
export interface BootstrapJob {
  /** The generator label, also the key of its sums in AnalysisContext.bootstrapSums. */
  label: string;
  columns: ArrayLike<number>[];
  subset: Uint32Array;
}

/** The bootstraps analyze() will run on these tables, in order. */
export function bootstrapJobs(tables: CountTable[], opts: Pick<AnalysisOptions, 'byDomain'>): BootstrapJob[] {
  return tables.flatMap((table) =>
    subsetsOf(table, opts.byDomain).map((sub) => {
      const { columns, label } = bootstrapLayout(table, sub);
      return { label, columns, subset: sub.indices };
    }),
  );
}

/** Everything analyze() produces for one corpus and domain subset. */
interface SubsetResult {
  summary: SummaryRow[];
  efficiency: EfficiencyRow[];
  categoryIntervals: Partial<Record<TokenizerCategory, Interval>>;
  /** Per tokenizer, the EU-wide mean (domain "all" only, when the corpus has enough EU languages). */
  means: LanguageMeanRow[];
  widened: number;
}

/** Per-resample sums of one tokenizer's overheads over the languages of a mean, and their point estimates. */
interface MeanAcc {
  ov: Float64Array;
  cn: Float64Array;
  ovPoint: number;
  cnPoint: number;
  length: number;
  n: number;
}

function analyzeSubset(
  table: CountTable,
  sub: Subset,
  infos: Record<string, TokenizerInfo>,
  opts: AnalysisOptions,
  haveReference: boolean,
  inHeadline: (tokenizer: string) => boolean,
  precomputed?: ReadonlyMap<string, Float64Array>,
): SubsetResult {
  const { baseline } = opts;
  const idx = sub.indices;
  const langs = table.langs;
  const toks = table.tokenizers;

  const { columns, tokCol, charCol, label } = bootstrapLayout(table, sub);
  const C = columns.length;
  const sums =
    precomputed?.get(label) ??
    bootstrapColumnSums(columns, { resamples: opts.resamples, seed: opts.seed, label, subset: idx });
  const B = opts.resamples;
  if (sums.length !== B * C) throw new Error(`analysis: bootstrap sums of ${label} have the wrong size`);

  // Bootstrap distribution of 100 × ((S_num / S_den) / (S_cnum / S_cden) − 1); char columns optional.
  const dist = (num: number, den: number, cnum = -1, cden = -1): Float64Array => {
    const r = new Float64Array(B);
    for (let b = 0; b < B; b++) {
      const o = b * C;
      let q = sums[o + num] / sums[o + den];
      if (cnum >= 0) q /= sums[o + cnum] / sums[o + cden];
      r[b] = Number.isFinite(q) ? 100 * (q - 1) : NaN;
    }
    return r;
  };

  let widened = 0;
  const interval = (samples: Float64Array, point: number) => {
    const iv = percentileInterval(samples, opts.confidence, point);
    if (iv.widened) widened++;
    return iv;
  };

  const summary: SummaryRow[] = [];
  const efficiency: EfficiencyRow[] = [];
  const means: LanguageMeanRow[] = [];
  const catSamples = new Map<TokenizerCategory, { sum: Float64Array; count: number; point: number }>();
  const charsB = sum(table.text[baseline].chars, idx);
  // The EU-wide mean: each resample's mean over the same languages, so its interval is paired like the rows'.
  const meanLangs = new Set(sub.domain === 'all' ? euMeanLangs(langs, baseline) : []);

  for (const t of toks) {
    const info = infos[t];
    if (!info) throw new Error(`analysis: no TokenizerInfo for tokenizer "${t}"`);
    const baseTok = table.counts[t][baseline].tokens;
    const tokB = sum(baseTok, idx);
    const mean: MeanAcc | undefined = meanLangs.size
      ? { ov: new Float64Array(B), cn: new Float64Array(B), ovPoint: 0, cnPoint: 0, length: 0, n: 0 }
      : undefined;
    for (const l of langs) {
      const col = table.counts[t][l];
      const tokens = sum(col.tokens, idx);
      const chars = sum(table.text[l].chars, idx);
      const bytes = sum(table.text[l].bytes, idx);
      const words = sum(table.text[l].words, idx);
      const isBase = l === baseline;
      const ov = tokB === 0 ? NaN : overheadPct(tokens / tokB);
      const cnOv = charNormOverheadPct(tokens, tokB, chars, charsB);
      const ovSamples = isBase
        ? undefined
        : dist(tokCol.get(`${t}\0${l}`)!, tokCol.get(`${t}\0${baseline}`)!);
      const ci = ovSamples ? interval(ovSamples, ov) : { low: 0, high: 0 };
      const cnSamples = isBase
        ? undefined
        : dist(
            tokCol.get(`${t}\0${l}`)!,
            tokCol.get(`${t}\0${baseline}`)!,
            charCol.get(l)!,
            charCol.get(baseline)!,
          );
      const cnCi = cnSamples ? interval(cnSamples, cnOv) : { low: 0, high: 0 };
      if (mean && ovSamples && cnSamples && meanLangs.has(l)) {
        for (let b = 0; b < B; b++) {
          mean.ov[b] += ovSamples[b];
          mean.cn[b] += cnSamples[b];
        }
        mean.ovPoint += ov;
        mean.cnPoint += cnOv;
        mean.length += charsB > 0 ? 100 * (chars / charsB - 1) : NaN;
        mean.n++;
      }
      summary.push({
        corpus: table.corpus,
        domain: sub.domain,
        tokenizer: t,
        category: info.category,
        lang: l,
        segments: idx.length,
        tokens,
        baselineTokens: tokB,
        overheadPct: isBase ? 0 : ov,
        ciLowPct: ci.low,
        ciHighPct: ci.high,
        medianRatio: medianRatio(col.tokens, baseTok, idx),
        charNormOverheadPct: isBase ? 0 : cnOv,
        chars,
        baselineChars: charsB,
        bytes,
        words,
        fertility: fertility(tokens, words),
        continuedWordsPct: continuedWordsPct(measuredSum(col.continuedWords, idx), words),
        charsPerToken: charsPerToken(chars, tokens),
        bytesPerToken: bytesPerToken(bytes, tokens),
        fallbackPct: fallbackPct(measuredSum(col.fallbackTokens, idx), tokens),
        charNormCiLowPct: cnCi.low,
        charNormCiHighPct: cnCi.high,
      });
      if (ovSamples && sub.domain === 'all' && inHeadline(t)) {
        // Category mean overhead per resample: Σ over the category's rows, divided by the row count later.
        const d = ovSamples;
        const acc = catSamples.get(info.category) ?? { sum: new Float64Array(B), count: 0, point: 0 };
        for (let b = 0; b < B; b++) acc.sum[b] += d[b];
        acc.count++;
        acc.point += ov;
        catSamples.set(info.category, acc);
      }
      if (haveReference) {
        const ref = opts.reference;
        const refTokens = sum(table.counts[ref][l].tokens, idx);
        const rel = refTokens === 0 ? NaN : overheadPct(tokens / refTokens);
        const eci =
          t === ref
            ? { low: 0, high: 0 }
            : interval(dist(tokCol.get(`${t}\0${l}`)!, tokCol.get(`${ref}\0${l}`)!), rel);
        efficiency.push({
          corpus: table.corpus,
          domain: sub.domain,
          tokenizer: t,
          category: info.category,
          reference: ref,
          lang: l,
          tokens,
          referenceTokens: refTokens,
          relativePct: t === ref ? 0 : rel,
          ciLowPct: eci.low,
          ciHighPct: eci.high,
        });
      }
    }
    if (mean && mean.n) {
      for (let b = 0; b < B; b++) {
        mean.ov[b] /= mean.n;
        mean.cn[b] /= mean.n;
      }
      const ci = interval(mean.ov, mean.ovPoint / mean.n);
      const cn = interval(mean.cn, mean.cnPoint / mean.n);
      means.push({
        corpus: table.corpus,
        tokenizer: t,
        lang: EU_MEAN,
        langs: [...meanLangs],
        segments: idx.length,
        overheadPct: mean.ovPoint / mean.n,
        ciLowPct: ci.low,
        ciHighPct: ci.high,
        lengthPct: mean.length / mean.n,
        tokenizerPct: mean.cnPoint / mean.n,
        tokenizerCiLowPct: cn.low,
        tokenizerCiHighPct: cn.high,
      });
    }
  }

  const categoryIntervals: Partial<Record<TokenizerCategory, Interval>> = {};
  for (const cat of CATEGORY_ORDER) {
    const acc = catSamples.get(cat);
    if (!acc) continue;
    for (let b = 0; b < B; b++) acc.sum[b] /= acc.count;
    const iv = interval(acc.sum, acc.point / acc.count);
    categoryIntervals[cat] = { low: iv.low, high: iv.high };
  }
  return { summary, efficiency, categoryIntervals, means, widened };
}

/** Checks that a CountTable is internally consistent (the measure stage builds it; a mismatch is a bug). */
function checkTable(table: CountTable, baseline: Lang): void {
  if (!table.langs.includes(baseline)) {
    throw inputError(
      `baseline language "${baseline}" is not in corpus "${table.corpus}" (languages: ${table.langs.join(', ')})`,
      `Use --baseline with one of: ${table.langs.join(', ')}.`,
    );
  }
  if (table.n === 0)
    throw inputError(
      `corpus "${table.corpus}" has no segments to analyse`,
      'Check the corpus files and the --langs selection.',
    );
  const check = (what: string, a: ArrayLike<number> | undefined) => {
    if (!a || a.length !== table.n)
      throw new Error(
        `analysis: ${what} of corpus "${table.corpus}" has ${a?.length ?? 'no'} entries, expected ${table.n}`,
      );
  };
  check('domainOf', table.domainOf);
  for (const l of table.langs) {
    check(`chars[${l}]`, table.text[l]?.chars);
    check(`bytes[${l}]`, table.text[l]?.bytes);
    check(`words[${l}]`, table.text[l]?.words);
    for (const t of table.tokenizers) {
      const c = table.counts[t]?.[l];
      check(`tokens[${t}][${l}]`, c?.tokens);
      check(`continuedWords[${t}][${l}]`, c?.continuedWords);
      check(`fallbackTokens[${t}][${l}]`, c?.fallbackTokens);
    }
  }
}

/** Summary (per corpus × domain × tokenizer × language), efficiency vs the reference tokenizer, costs and the
 *  headline (on the first corpus). */
export function analyze(
  tables: CountTable[],
  infos: Record<string, TokenizerInfo>,
  prices: PriceRow[],
  opts: AnalysisOptions,
  ctx: AnalysisContext = {},
): AnalysisResult {
  checkOptions(opts);
  const isLegacy = ctx.isLegacy ?? (() => false);
  const notes: string[] = [];
  const summary: SummaryRow[] = [];
  const efficiency: EfficiencyRow[] = [];
  let headlineIntervals: Partial<Record<TokenizerCategory, Interval>> | undefined;
  let widened = 0;
  const means: LanguageMeanRow[] = [];

  for (const table of tables) {
    checkTable(table, opts.baseline);
    const haveReference = table.tokenizers.includes(opts.reference);
    if (!haveReference) {
      notes.push(
        `Efficiency: the reference tokenizer "${opts.reference}" is not in this run for corpus "${table.corpus}", ` +
          `so no cross-tokenizer comparison is reported; add it to --tokenizers or pick another with --reference.`,
      );
    }
    for (const sub of subsetsOf(table, opts.byDomain)) {
      const r = analyzeSubset(table, sub, infos, opts, haveReference, (t) => !isLegacy(t), ctx.bootstrapSums);
      summary.push(...r.summary);
      efficiency.push(...r.efficiency);
      means.push(...r.means);
      widened += r.widened;
      if (sub.domain === 'all' && headlineIntervals === undefined) headlineIntervals = r.categoryIntervals;
    }
  }
  if (widened > 0) {
    notes.push(
      `${widened} bootstrap interval(s) were widened to include their point estimate (percentile interval fell beside it).`,
    );
  }

  // Catalog prices name no tokenizer until the run shows which of a model's ways to count it measured.
  if (ctx.models)
    prices = withCountingTokenizers(prices, ctx.models, new Set(summary.map((r) => r.tokenizer)));
  const costs = computeCosts(summary, prices, { baseline: opts.baseline, monthlyWords: opts.monthlyWords });
  notes.push(...costNotes(summary, prices, !!ctx.models));

  // Category means leave legacy tokenizers out: no headline figure averages them in.
  const headline = buildHeadline(
    summary.filter((r) => !isLegacy(r.tokenizer)),
    {
      baseline: opts.baseline,
      claimPct: opts.claimPct,
      corpus: tables[0]?.corpus,
      categoryIntervals: headlineIntervals,
      confidence: opts.confidence,
    },
  );
  const margin = opts.claimMarginPct ?? DEFAULTS.analysis.claimMarginPct;
  const warnings: string[] = [];
  let claim: AnalysisResult['claim'];
  if (ctx.claim) {
    claim = checkClaim(tables, summary, means, infos, opts, ctx, margin, notes, warnings);
    const first = tables[0];
    headline.text = claimHeadlineText(claim, ctx.claim, {
      claimPct: opts.claimPct,
      marginPct: margin,
      corpus: first?.corpus,
      segments: first?.n,
      confidence: opts.confidence,
    });
    headline.claim = claim.filter((r) => r.corpus === first?.corpus);
    headline.marginPct = margin;
  }
  if (tables.length > 1) {
    headline.text += ` (Headline on the first corpus; ${tables.length - 1} more in summary.csv${claim ? ' and claim.csv' : ''}.)`;
  }
  let models: AnalysisResult['models'];
  if (ctx.models) {
    const measured = measuredModelRows(summary, ctx.models, {
      baseline: opts.baseline,
      workload: opts.workload,
      tokensPerWord: tokensPerWordOf(tables, opts.baseline),
      when: ctx.when ?? new Date(),
      catalog: ctx.catalog,
    });
    models = priceModelRows(measured, prices, {
      baseline: opts.baseline,
      workload: opts.workload,
      missing: ctx.missingPrices,
      sourceName: ctx.priceSource?.name ?? 'the price data',
    });
  }
  return {
    options: { ...opts, claimMarginPct: margin },
    summary,
    efficiency,
    costs,
    prices,
    headline,
    notes: [...warnings, ...notes],
    ...(warnings.length ? { warnings } : {}),
    ...(opts.workload
      ? {
          billCaveats: billCaveats(opts.workload, {
            baselineName: languageName(opts.baseline),
            priceSource: ctx.priceSource
              ? `${ctx.priceSource.name}, data of ${ctx.priceSource.date}`
              : undefined,
            currency: opts.currency,
          }),
        }
      : {}),
    ...(claim ? { claim } : {}),
    ...(models ? { models } : {}),
    ...(ctx.priceSource ? { priceSource: ctx.priceSource } : {}),
  };
}

/**
 * The claim check, always against English (the claim's language): with another --baseline, a corpus that has
 * English is analysed once more against it (same resamples, so the same intervals as a run with --baseline en);
 * a corpus without English gets "not applicable" rows. Withheld verdicts are said in `warnings` (stderr too).
 */
function checkClaim(
  tables: CountTable[],
  summary: SummaryRow[],
  means: LanguageMeanRow[],
  infos: Record<string, TokenizerInfo>,
  opts: AnalysisOptions,
  ctx: AnalysisContext,
  margin: number,
  notes: string[],
  warnings: string[],
): NonNullable<AnalysisResult['claim']> {
  const claimData = ctx.claim!;
  const base = claimData.baseline ?? CLAIM_BASELINE;
  const baseName = languageName(base);
  const against: SummaryRow[] = [];
  const againstMeans: LanguageMeanRow[] = [];
  const notApplicable: { corpus: string; langs: Lang[]; tokenizers: string[]; reason: string }[] = [];
  let reanalysed = false;
  for (const table of tables) {
    if (base === opts.baseline) {
      against.push(...summary.filter((r) => r.corpus === table.corpus && r.domain === 'all'));
      againstMeans.push(...means.filter((r) => r.corpus === table.corpus));
    } else if (table.langs.includes(base)) {
      const all: Subset = { domain: 'all', indices: Uint32Array.from({ length: table.n }, (_, i) => i) };
      const again = analyzeSubset(table, all, infos, { ...opts, baseline: base }, false, () => false);
      against.push(...again.summary);
      againstMeans.push(...again.means);
      reanalysed = true;
    } else {
      const reason = `the claim compares with ${baseName}, and corpus "${table.corpus}" has no ${baseName} text`;
      notApplicable.push({
        corpus: table.corpus,
        langs: table.langs.filter((l) => l !== opts.baseline),
        tokenizers: table.tokenizers,
        reason,
      });
      warnings.push(
        `Claim check not applicable on "${table.corpus}": ${reason} (add ${baseName} to --langs).`,
      );
    }
  }
  if (reanalysed)
    notes.push(
      `The claim is about ${baseName}: claim.csv and the headline compare with ${baseName}, the other tables with ${languageName(opts.baseline)} (--baseline ${opts.baseline}).`,
    );
  const rows = claimRows(against, claimData, {
    baseline: base,
    claimPct: opts.claimPct,
    marginPct: margin,
    isLegacy: ctx.isLegacy ?? (() => false),
    howToAdd: ctx.howToAdd,
    info: (id) => (infos[id] ? { category: infos[id].category, name: infos[id].name } : undefined),
    notApplicable,
    means: againstMeans,
  });
  for (const corpus of [...new Set(rows.map((r) => r.corpus))]) {
    const few = rows.filter((r) => r.corpus === corpus && r.verdict === 'too few segments');
    if (!few.length) continue;
    const n = few[0].segments ?? 0;
    if (n < MIN_SEGMENTS)
      warnings.push(
        `Too few segments on "${corpus}": ${n} aligned segments, fewer than the ${MIN_SEGMENTS} a 95 % interval needs to carry a verdict, so every claim row says "too few segments" (measure more segments: a larger --sample, or the whole corpus).`,
      );
    else
      warnings.push(
        `Too few segments on "${corpus}" for ${few.map((r) => `${r.tokenizer} ${r.lang}`).join(', ')}: the interval has zero width although the texts differ, so no verdict is given.`,
      );
  }
  return rows;
}

/** Each price row names the tokenizer (or API ref) its model was counted with in this run ('' when none was). */
function withCountingTokenizers(
  prices: PriceRow[],
  models: readonly ModelInfo[],
  measured: Set<string>,
): PriceRow[] {
  const byKey = new Map(models.map((m) => [`${m.provider}/${m.id}`.toLowerCase(), m]));
  return prices.map((p) => {
    const m = byKey.get(`${p.provider}/${p.model}`.toLowerCase());
    if (!m) return p;
    return { ...p, tokenizer: chooseCounting(m, (id) => measured.has(id))?.id ?? '' };
  });
}

/**
 * Tokens of language L per baseline word of the same content: Σtokens_L / Σwords_B over the corpus, or over a
 * domain of it when the corpus has that domain (the basis says which).
 */
export function tokensPerWordOf(tables: readonly CountTable[], baseline: Lang): TokensPerWord {
  return (corpus, tokenizer, lang, domain) => {
    const t = tables.find((x) => x.corpus === corpus);
    const col = t?.counts[tokenizer]?.[lang]?.tokens;
    if (!t || !col) return undefined;
    const d = domain === undefined ? -1 : t.domains.indexOf(domain);
    const idx =
      d < 0 ? undefined : Uint32Array.from({ length: t.n }, (_, i) => i).filter((i) => t.domainOf[i] === d);
    const words = sum(t.text[baseline].words, idx);
    if (!(words > 0)) return undefined;
    return { value: sum(col, idx) / words, basis: d < 0 ? 'all' : domain! };
  };
}
