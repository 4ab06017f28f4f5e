// Issue #5 "Done when" on real data, for the analysis stage alone: FLORES-200 devtest counted with gpt-tokenizer
// directly (the full pipeline's end-to-end check lives with the CLI tests). Skips without ../shared.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { encode as cl100k } from 'gpt-tokenizer/encoding/cl100k_base';
import { encode as o200k } from 'gpt-tokenizer/encoding/o200k_base';
import { describe, expect, it } from 'vitest';
import { claimData } from '../../src/models/claim.js';
import { analyze } from '../../src/analysis/analyze.js';
import { FLORES, hasShared } from '../helpers.js';
import { info, options, table } from './fixtures.js';

describe.skipIf(!hasShared)('FLORES-200 devtest through analyze()', () => {
  it('cl100k_base fr +60.8 % above the claim, o200k_base fr +37.0 %, CIs contain them', () => {
    const files: Record<string, string> = { en: 'eng', fr: 'fra', de: 'deu', es: 'spa' };
    const lines = Object.fromEntries(
      Object.entries(files).map(([l, c]) => [
        l,
        readFileSync(join(FLORES, 'devtest', `${c}_Latn.devtest`), 'utf8')
          .split('\n')
          .filter((x) => x.length > 0),
      ]),
    );
    const langs = Object.keys(files);
    const seg = new Intl.Segmenter('und', { granularity: 'word' });
    const words = (s: string) => [...seg.segment(s)].filter((x) => x.isWordLike).length;
    const tb = table({
      corpus: 'flores200',
      text: Object.fromEntries(
        langs.map((l) => [
          l,
          {
            chars: lines[l].map((s) => [...s].length),
            bytes: lines[l].map((s) => Buffer.byteLength(s)),
            words: lines[l].map(words),
          },
        ]),
      ),
      counts: {
        cl100k_base: Object.fromEntries(
          langs.map((l) => [l, { tokens: lines[l].map((s) => cl100k(s).length) }]),
        ),
        o200k_base: Object.fromEntries(
          langs.map((l) => [l, { tokens: lines[l].map((s) => o200k(s).length) }]),
        ),
      },
    });
    const res = analyze(
      [tb],
      {
        cl100k_base: info('cl100k_base', 'english-centric'),
        o200k_base: info('o200k_base', 'english-centric'),
      },
      [],
      options(),
      { claim: claimData() },
    );
    const get = (t: string, l: string) => res.summary.find((r) => r.tokenizer === t && r.lang === l)!;
    // Token totals: REFERENCE_COUNTS.md
    expect(langs.map((l) => get('cl100k_base', l).tokens)).toEqual([27182, 43710, 43103, 41974]);
    expect(langs.map((l) => get('o200k_base', l).tokens)).toEqual([26873, 36808, 35224, 35415]);
    const c = get('cl100k_base', 'fr');
    const o = get('o200k_base', 'fr');
    expect(c.overheadPct.toFixed(1)).toBe('60.8');
    expect(o.overheadPct.toFixed(1)).toBe('37.0');
    for (const r of [c, o]) {
      expect(r.ciLowPct).toBeLessThan(r.overheadPct);
      expect(r.ciHighPct).toBeGreaterThan(r.overheadPct);
      expect(r.ciHighPct - r.ciLowPct).toBeLessThan(6); // 1012 sentences: a few points wide, not tens
    }
    // The claim check: cl100k_base (ChatGPT before GPT-4o) French lies wholly above 30 ± 5.
    const claim = res.claim!.find((r) => r.tokenizer === 'cl100k_base' && r.lang === 'fr')!;
    expect([claim.subject, claim.verdict, claim.segments]).toEqual(['chatgpt-before-gpt-4o', 'above', 1012]);
    // character-normalised beside it: (43710/27182)/(157688/131966) − 1 = +34.6 %
    expect(c.charNormOverheadPct.toFixed(1)).toBe('34.6');
    expect(c.chars).toBe(157688);
    expect(get('cl100k_base', 'en').chars).toBe(131966);
  });
});
