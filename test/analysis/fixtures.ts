// Builders for small hand-checkable CountTables and TokenizerInfos.
import type { AnalysisOptions, CountTable, TokenizerCategory, TokenizerInfo } from '../../src/types.js';

export interface LangText {
  chars: number[];
  bytes?: number[];
  words: number[];
}
export interface TokCounts {
  tokens: number[];
  continued?: number[];
  fallback?: number[];
}

/** A CountTable from plain arrays: text[lang], counts[tokenizer][lang]; bytes default to chars, extras to 0. */
export function table(spec: {
  corpus?: string;
  text: Record<string, LangText>;
  counts: Record<string, Record<string, TokCounts>>;
  domains?: string[];
  domainOf?: number[];
}): CountTable {
  const langs = Object.keys(spec.text);
  const tokenizers = Object.keys(spec.counts);
  const n = spec.text[langs[0]].chars.length;
  const zeros = () => new Int32Array(n);
  return {
    corpus: spec.corpus ?? 'toy',
    n,
    langs,
    tokenizers,
    domains: spec.domains ?? ['general'],
    domainOf: Uint16Array.from(spec.domainOf ?? new Array(n).fill(0)),
    text: Object.fromEntries(
      langs.map((l) => [
        l,
        {
          chars: Int32Array.from(spec.text[l].chars),
          bytes: Int32Array.from(spec.text[l].bytes ?? spec.text[l].chars),
          words: Int32Array.from(spec.text[l].words),
        },
      ]),
    ),
    counts: Object.fromEntries(
      tokenizers.map((t) => [
        t,
        Object.fromEntries(
          langs.map((l) => {
            const c = spec.counts[t][l];
            return [
              l,
              {
                tokens: Int32Array.from(c.tokens),
                continuedWords: c.continued ? Int32Array.from(c.continued) : zeros(),
                fallbackTokens: c.fallback ? Int32Array.from(c.fallback) : zeros(),
              },
            ];
          }),
        ),
      ]),
    ),
  };
}

export function info(id: string, category: TokenizerCategory): TokenizerInfo {
  return {
    id,
    name: id,
    category,
    org: 'test',
    region: 'test',
    models: [],
    vocabSize: 1000,
    engine: 'gpt-tokenizer',
    source: { kind: 'npm', ref: 'test' },
    licence: 'MIT',
    provenance: 'test fixture',
  };
}

export function options(over: Partial<AnalysisOptions> = {}): AnalysisOptions {
  return {
    baseline: 'en',
    reference: 'cl100k_base',
    claimPct: 30,
    seed: 42,
    resamples: 2000,
    confidence: 0.95,
    byDomain: false,
    ...over,
  };
}
