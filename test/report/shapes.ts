// Runs of any shape for the layout tests: 1 to 3 corpora, 3 to 24 languages, 2 to 20 tokenizers, long model names.
// The figures are made up (a fixed formula per tokenizer and language) but pass through the real analysis
// functions (claim rows, model rows, prices, bill), so every view gets the rows a real run would give it.
import {
  claimHeadlineText,
  claimRows,
  computeCosts,
  measuredModelRows,
  priceModelRows,
} from '../../src/analysis/index.js';
import { claimData } from '../../src/models/claim.js';
import type { RunData } from '../../src/report/types.js';
import { MODELS } from './fixture.js';
import type {
  ModelInfo,
  PriceRow,
  RunManifest,
  SummaryRow,
  TokenizerCategory,
  TokenizerInfo,
  Workload,
} from '../../src/types.js';

/** The 24 official EU languages, English first. */
export const EU24 = 'en,fr,de,es,it,pt,nl,pl,ro,cs,sk,sl,hr,bg,el,hu,fi,et,lv,lt,sv,da,ga,mt'.split(',');

const REAL: [string, TokenizerCategory][] = [
  ['cl100k_base', 'english-centric'],
  ['o200k_base', 'english-centric'],
  ['lucie-7b', 'european'],
  ['mistral-tekken', 'european'],
  ['qwen-3', 'multilingual'],
  ['llama-3', 'english-centric'],
  ['gpt2', 'english-centric'], // legacy: its models are all retired
  ['mistral-v1', 'european'], // legacy
];
const CATS: TokenizerCategory[] = ['english-centric', 'multilingual', 'european'];

export interface Shape {
  corpora: number;
  langs: string[];
  tokenizers: number;
  /** Models with long names (a provider's full model path). */
  longNames?: boolean;
  /** Extra models per provider, for a crowded bill. */
  models?: number;
}

/** A deterministic "random" number in [0, 1) from a string. */
function unit(s: string): number {
  let h = 2166136261;
  for (const c of s) h = Math.imul(h ^ c.charCodeAt(0), 16777619);
  return ((h >>> 0) % 10007) / 10007;
}

export function shapeRun(shape: Shape): RunData {
  const toks: [string, TokenizerCategory][] = [];
  for (let i = 0; i < shape.tokenizers; i++)
    toks.push(REAL[i] ?? [`tokenizer-${String(i + 1).padStart(2, '0')}`, CATS[i % 3]]);
  const corpora = ['flores200', 'llm-mix', 'udhr'].slice(0, shape.corpora);
  const N = 1012;
  const summary: SummaryRow[] = [];
  for (const corpus of corpora) {
    for (const [tok, category] of toks) {
      const baseTokens = 27000 + Math.round(unit(tok) * 2000);
      const baseChars = 131966;
      for (const lang of shape.langs) {
        const isBase = lang === 'en';
        const length = isBase ? 0 : 0.05 + unit(`${corpus}${lang}`) * 0.25;
        const own = isBase
          ? 0
          : (category === 'european' ? 0.02 : 0.1) + unit(`${corpus}${tok}${lang}`) * 0.5;
        const tokens = Math.round(baseTokens * (1 + length) * (1 + own));
        const chars = Math.round(baseChars * (1 + length));
        const ov = 100 * (tokens / baseTokens - 1);
        const half = isBase ? 0 : 0.8 + unit(`${tok}${lang}ci`) * 1.2;
        const cn = 100 * (tokens / baseTokens / (chars / baseChars) - 1);
        summary.push({
          corpus,
          domain: 'all',
          tokenizer: tok,
          category,
          lang,
          segments: N,
          tokens,
          baselineTokens: baseTokens,
          overheadPct: ov,
          ciLowPct: ov - half,
          ciHighPct: ov + half,
          medianRatio: tokens / baseTokens,
          charNormOverheadPct: cn,
          charNormCiLowPct: cn - half * 0.6,
          charNormCiHighPct: cn + half * 0.6,
          chars,
          baselineChars: baseChars,
          bytes: chars + 500,
          words: 21500,
          fertility: tokens / 21500,
          continuedWordsPct: 20,
          charsPerToken: chars / tokens,
          bytesPerToken: (chars + 500) / tokens,
          fallbackPct: 0,
        });
      }
    }
  }
  const infos: TokenizerInfo[] = toks.map(([id, category]) => ({
    id,
    name: id === 'lucie-7b' ? 'Lucie-7B' : id,
    category,
    org: 'Test',
    region: 'EU',
    models: [],
    vocabSize: 65536,
    engine: 'hf-json',
    source: { kind: 'file', ref: `/tmp/run-specific/tokenizers/${id}/tokenizer.json` },
    licence: 'test',
    provenance: 'test',
  }));
  const info = (id: string) => infos.find((i) => i.id === id);
  const claim = claimRows(summary, claimData(), {
    baseline: 'en',
    claimPct: 30,
    marginPct: 5,
    isLegacy: (id) => id === 'cl100k_base' || id === 'gpt2' || id === 'mistral-v1',
    info: (id) => {
      const i = info(id);
      return i ? { category: i.category, name: i.name } : undefined;
    },
  });
  // Models: per provider, a few models on the run's tokenizers, with long ids when asked.
  const long = (s: string) =>
    shape.longNames ? `organisation-with-a-long-name/${s}-Instruct-2512-preview-extended` : s;
  const models: ModelInfo[] = [];
  const prices: PriceRow[] = [];
  const providers = ['openai', 'mistral', 'meta', 'alibaba', 'anthropic'];
  const per = shape.models ?? 3;
  toks.slice(0, 6).forEach(([tok], ti) => {
    const provider = providers[ti % providers.length];
    for (let k = 0; k < per; k++) {
      const id = long(`${provider}-${tok}-m${k + 1}`);
      models.push({
        id,
        name: id,
        provider,
        family: provider,
        lifecycle: k === per - 1 && per > 1 ? { legacy: { source: 'test: superseded' } } : {},
        counting: [
          k === 1
            ? { kind: 'approx', tokenizer: tok, reason: 'test stand-in' }
            : { kind: 'tokenizer', tokenizer: tok },
        ],
        price: { provider, model: id },
        provenance: 'test',
      });
      prices.push({
        model: id,
        provider,
        tokenizer: tok,
        inputPerMTok: 0.1 * (k + 1) * (ti + 1),
        outputPerMTok: 0.4 * (k + 1) * (ti + 1),
        source: 'https://example.com/prices',
        dateChecked: '2026-09-23',
      });
    }
  });
  // A model only a provider API counts: never measured here.
  models.push(MODELS.find((m) => m.counting[0].kind === 'api')!);

  const workload: Workload = {
    name: 'chat',
    requestsPerMonth: 100000,
    inputWords: 400,
    outputWords: 250,
    cachedShare: 0.4,
    inputLang: 'target',
  };
  const measured = measuredModelRows(summary, models, {
    baseline: 'en',
    workload,
    when: '2026-12-06',
    tokensPerWord: (corpus, tok, lang) => {
      const r = summary.find((x) => x.corpus === corpus && x.tokenizer === tok && x.lang === lang);
      return r ? { value: r.tokens / 21500, basis: 'all' } : undefined;
    },
  });
  const priceSource = {
    name: '@pydantic/genai-prices 0.1.8 (bundled data)',
    kind: 'bundled' as const,
    date: '2026-09-23',
    dateBasis: 'npm publish date',
  };
  const modelRows = priceModelRows(measured, prices, {
    baseline: 'en',
    workload,
    sourceName: priceSource.name,
  });
  const headline = {
    claimPct: 30,
    claimSource: "LINAGORA's CEO at CPDP 2024",
    baseline: 'en',
    categories: [],
    corpus: corpora[0],
    text: claimHeadlineText(claim, claimData(), {
      claimPct: 30,
      marginPct: 5,
      corpus: corpora[0],
      segments: N,
      confidence: 0.95,
    }),
    claim,
    marginPct: 5,
  };
  const manifest: RunManifest = {
    tool: { name: 'tokentax', version: '0.1.0', gitCommit: 'abc1234' },
    node: 'v20.0.0',
    platform: 'linux-x64',
    command: [
      'tokentax',
      'run',
      '--corpus',
      '/tmp/run-specific/corpora/flores200',
      '--tokenizer-dir',
      '/home/someone/tokenizers',
      '--langs',
      shape.langs.join(','),
    ],
    options: { baseline: 'en', claimPct: 30, claimMarginPct: 5, workload },
    seed: 42,
    tokenizers: infos.map((i) => ({
      id: i.id,
      name: i.name,
      category: i.category,
      engine: i.engine,
      loadedFrom: {
        kind: 'file' as const,
        ref: i.source.ref,
        files: [{ path: i.source.ref, sha256: 'f'.repeat(64), bytes: 1 }],
      },
    })),
    skippedTokenizers: [],
    corpora: corpora.map((id) => ({
      id,
      name: id === 'flores200' ? 'FLORES-200 devtest' : id,
      format: 'flores',
      path: `/tmp/run-specific/corpora/${id}`,
      sha256: 'e'.repeat(64),
      report: { read: N, used: N, skipped: [], notes: [] },
    })),
    prices: { file: priceSource.name, sha256: '', dates: ['2026-09-23'], source: priceSource },
    headline,
    startedAt: '2026-11-24T06:30:00.000Z',
    finishedAt: '2026-11-24T06:31:00.000Z',
  };
  return {
    manifest,
    analysis: {
      options: {
        baseline: 'en',
        reference: 'cl100k_base',
        claimPct: 30,
        claimMarginPct: 5,
        seed: 42,
        resamples: 2000,
        confidence: 0.95,
        byDomain: false,
        workload,
      },
      summary,
      efficiency: summary.flatMap((r) => {
        const ref = summary.find(
          (x) => x.corpus === r.corpus && x.tokenizer === 'cl100k_base' && x.lang === r.lang,
        );
        if (!ref) return [];
        const rel = 100 * (r.tokens / ref.tokens - 1);
        return [
          {
            corpus: r.corpus,
            domain: 'all',
            tokenizer: r.tokenizer,
            category: r.category,
            reference: 'cl100k_base',
            lang: r.lang,
            tokens: r.tokens,
            referenceTokens: ref.tokens,
            relativePct: rel,
            ciLowPct: rel - 0.9,
            ciHighPct: rel + 0.9,
          },
        ];
      }),
      costs: computeCosts(summary, prices, { baseline: 'en' }),
      prices,
      headline,
      claim,
      models: modelRows,
      priceSource,
      notes: [],
    },
    tokenizers: infos,
    skipped: [],
  };
}
