// analyze() on hand-checkable corpora: summary, efficiency, verdicts, by-domain rows, notes, headline.
import { describe, expect, it } from 'vitest';
import { analyze } from '../../src/analysis/analyze.js';
import { buildHeadline } from '../../src/analysis/headline.js';
import { UserError } from '../../src/errors.js';
import type { PriceRow, SummaryRow } from '../../src/types.js';
import { info, options, table } from './fixtures.js';

const INFOS = {
  cl100k_base: info('cl100k_base', 'english-centric'),
  o200k_base: info('o200k_base', 'english-centric'),
  'lucie-7b': info('lucie-7b', 'european'),
};

// Two segments (domains news, chat).
//   text   en: chars (50, 150), words (10, 30)      fr: chars (60, 180), bytes (62, 186), words (8, 24)
//   cl100k en (10, 30) Σ40   fr (14, 36) Σ50, continued (2, 6), fallback (0, 5)
//   lucie  en (12, 33) Σ45   fr (13, 33) Σ46
const TWO = table({
  corpus: 'two',
  domains: ['news', 'chat'],
  domainOf: [0, 1],
  text: {
    en: { chars: [50, 150], words: [10, 30] },
    fr: { chars: [60, 180], bytes: [62, 186], words: [8, 24] },
  },
  counts: {
    cl100k_base: { en: { tokens: [10, 30] }, fr: { tokens: [14, 36], continued: [2, 6], fallback: [0, 5] } },
    'lucie-7b': { en: { tokens: [12, 33] }, fr: { tokens: [13, 33] } },
  },
});

const PRICE: PriceRow = {
  model: 'test-model',
  provider: 'Test',
  tokenizer: 'cl100k_base',
  inputPerMTok: 2,
  outputPerMTok: 8,
  source: 'https://example.test/pricing',
  dateChecked: '2025-08',
};

const row = (rows: SummaryRow[], tok: string, lang: string, domain = 'all') => {
  const r = rows.find((x) => x.tokenizer === tok && x.lang === lang && x.domain === domain);
  if (!r) throw new Error(`no row ${tok} ${lang} ${domain}`);
  return r;
};

describe('analyze on a two-segment corpus', () => {
  const res = analyze([TWO], INFOS, [PRICE], options({ monthlyWords: 10_000_000 }));

  it('summary: overhead, CI from the 3 resample multisets, median; no verdict (the claim check gives them)', () => {
    const fr = row(res.summary, 'cl100k_base', 'fr');
    expect(fr.segments).toBe(2);
    expect(fr.tokens).toBe(50);
    expect(fr.baselineTokens).toBe(40);
    expect(fr.overheadPct).toBeCloseTo(25, 10); // 50/40 − 1
    // resamples {1,1} 28/20 = 1.4, {2,2} 72/60 = 1.2, {1,2} 1.25 → [+20 %, +40 %]
    expect(fr.ciLowPct).toBeCloseTo(20, 9);
    expect(fr.ciHighPct).toBeCloseTo(40, 9);
    expect(fr.medianRatio).toBeCloseTo(1.3, 12); // (1.4 + 1.2) / 2
    expect(fr).not.toHaveProperty('verdict');
  });

  it('summary: char-normalised overhead and its interval, text figures', () => {
    const fr = row(res.summary, 'cl100k_base', 'fr');
    // chars 240/200 = 1.2 → 1.25/1.2 − 1 = +4.1667 %; per resample: {1,1} 1.4/1.2, {2,2} 1.2/1.2, {1,2} 1.25/1.2
    expect(fr.charNormOverheadPct).toBeCloseTo(4.16667, 4);
    expect(fr.charNormCiLowPct).toBeCloseTo(0, 9);
    expect(fr.charNormCiHighPct).toBeCloseTo(16.6667, 3);
    expect(fr.chars).toBe(240);
    expect(fr.baselineChars).toBe(200);
    expect(fr.bytes).toBe(248);
    expect(fr.words).toBe(32);
    expect(fr.fertility).toBe(1.5625); // 50 / 32
    expect(fr.continuedWordsPct).toBe(25); // 8 / 32
    expect(fr.charsPerToken).toBe(4.8); // 240 / 50
    expect(fr.bytesPerToken).toBe(4.96); // 248 / 50
    expect(fr.fallbackPct).toBe(10); // 5 / 50
    expect(fr.category).toBe('english-centric');
  });

  it('the baseline language against itself: 0, zero-width', () => {
    const en = row(res.summary, 'cl100k_base', 'en');
    expect(en.overheadPct).toBe(0);
    expect([en.ciLowPct, en.ciHighPct]).toEqual([0, 0]);
    expect(en.medianRatio).toBe(1);
    expect(en.charNormOverheadPct).toBe(0);
  });

  it('a European tokenizer row', () => {
    const fr = row(res.summary, 'lucie-7b', 'fr');
    // 46/45 = +2.22 %; {1,1} 26/24 = +8.33 %, {2,2} 66/66 = 0 %, {1,2} +2.22 % → [0, +8.33] < 30
    expect(fr.overheadPct).toBeCloseTo(2.2222, 3);
    expect(fr.ciLowPct).toBeCloseTo(0, 9);
    expect(fr.ciHighPct).toBeCloseTo(8.3333, 3);
    expect(fr.category).toBe('european');
  });

  it('efficiency vs cl100k_base, with paired intervals', () => {
    const eff = (tok: string, lang: string) =>
      res.efficiency.find((e) => e.tokenizer === tok && e.lang === lang && e.domain === 'all')!;
    // lucie en: 45/40 = +12.5 %; {1,1} 12/10 = 1.2, {2,2} 33/30 = 1.1 → [+10, +20]
    expect(eff('lucie-7b', 'en').relativePct).toBeCloseTo(12.5, 10);
    expect(eff('lucie-7b', 'en').ciLowPct).toBeCloseTo(10, 9);
    expect(eff('lucie-7b', 'en').ciHighPct).toBeCloseTo(20, 9);
    // lucie fr: 46/50 = −8 %; {1,1} 13/14 = 0.92857, {2,2} 33/36 = 0.91667 → [−8.333, −7.143]
    expect(eff('lucie-7b', 'fr').relativePct).toBeCloseTo(-8, 10);
    expect(eff('lucie-7b', 'fr').ciLowPct).toBeCloseTo(-8.3333, 3);
    expect(eff('lucie-7b', 'fr').ciHighPct).toBeCloseTo(-7.1429, 3);
    // the reference against itself
    expect(eff('cl100k_base', 'fr')).toMatchObject({
      relativePct: 0,
      ciLowPct: 0,
      ciHighPct: 0,
      reference: 'cl100k_base',
      tokens: 50,
      referenceTokens: 50,
    });
    expect(res.efficiency).toHaveLength(4);
  });

  it('costs follow from the summary and the price', () => {
    const c = (lang: string) => res.costs.find((x) => x.lang === lang)!;
    expect(res.costs).toHaveLength(2); // one price row × two languages (lucie has no price)
    // en: 40 tokens / 40 English words × $2 = $2.00 per 1M English words; fr: 50/40 × 2 = $2.50
    expect(c('en').costPerMEnglishWordsUsd).toBeCloseTo(2, 12);
    expect(c('fr').costPerMEnglishWordsUsd).toBeCloseTo(2.5, 12);
    expect(c('fr').inputCostUsd).toBeCloseTo(1e-4, 15); // 50 × 2 / 1e6
    expect(c('fr').extraPct).toBeCloseTo(25, 10);
    expect(c('fr').extraPerMEnglishWordsUsd).toBeCloseTo(0.5, 12); // (50 − 40) / 40 × 2
    expect(c('fr').monthlyCostUsd).toBeCloseTo(25, 10); // 10M words × $2.50 / 1M
    expect(c('fr').monthlyExtraUsd).toBeCloseTo(5, 10);
    expect(c('en').monthlyExtraUsd).toBe(0);
    expect(res.notes?.some((n) => n.includes('lucie-7b'))).toBe(true); // no price for lucie
  });

  it('headline: one sentence per category with hand-checked numbers', () => {
    const [ec, eu] = res.headline.categories;
    expect(ec.category).toBe('english-centric');
    // Figures only: no verdict words outside the claim check.
    expect(ec.sentence).toBe(
      'English-centric tokenizer (cl100k_base): French costs +25 % more tokens than English (95 % CI [20, 40]). ' +
        'Corrected for text length in characters, the overhead is +4 %.',
    );
    // lucie: +2 %, CI [0, +8], char-normalised 46/45/1.2 − 1 = −14.8 %
    expect(eu.sentence).toBe(
      'European tokenizer (lucie-7b): French costs +2 % more tokens than English (95 % CI [0, 8]). ' +
        'Corrected for text length in characters, the overhead is \u221215 %.',
    );
    expect(res.headline.text.startsWith('On corpus "two" (2 aligned segments), against English:')).toBe(true);
    expect(res.headline.text).toContain(ec.sentence);
    expect(res.headline.claimPct).toBe(30);
    expect(res.headline.claimSource).toContain('CPDP 2024');
  });

  it('same seed → identical result; another seed keeps the points', () => {
    const again = analyze([TWO], INFOS, [PRICE], options({ monthlyWords: 10_000_000 }));
    expect(again.summary).toEqual(res.summary);
    expect(again.efficiency).toEqual(res.efficiency);
    const other = analyze([TWO], INFOS, [PRICE], options({ seed: 43 }));
    expect(other.summary.map((r) => r.overheadPct)).toEqual(res.summary.map((r) => r.overheadPct));
  });
});

describe('analyze options and notes', () => {
  it("by domain: one extra row set per domain, on that domain's segments only", () => {
    const res = analyze([TWO], INFOS, [], options({ byDomain: true }));
    const news = row(res.summary, 'cl100k_base', 'fr', 'news');
    const chat = row(res.summary, 'cl100k_base', 'fr', 'chat');
    // news = segment 0 only: 14/10 = +40 %, every resample identical → zero-width
    expect(news.overheadPct).toBeCloseTo(40, 10);
    expect(news.ciLowPct).toBeCloseTo(40, 10);
    expect(news.ciHighPct).toBeCloseTo(40, 10);
    expect(news.segments).toBe(1);
    expect(chat.overheadPct).toBeCloseTo(20, 10); // 36/30
    expect(res.summary).toHaveLength(3 * 2 * 2); // (all, news, chat) × 2 tokenizers × 2 languages
    expect(res.efficiency.filter((e) => e.domain === 'chat')).toHaveLength(4);
    // costs use the whole-corpus rows only
    expect(res.costs).toHaveLength(0);
  });

  it('reference tokenizer absent: efficiency is empty and a note says so', () => {
    const res = analyze([TWO], INFOS, [], options({ reference: 'o200k_base' }));
    expect(res.efficiency).toEqual([]);
    expect(res.notes?.some((n) => n.includes('"o200k_base" is not in this run'))).toBe(true);
  });

  it('missing baseline language → UserError (input)', () => {
    const err = (() => {
      try {
        analyze([TWO], INFOS, [], options({ baseline: 'de' }));
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(UserError);
    expect((err as UserError).exit).toBe('input');
    expect((err as UserError).message).toContain('"de"');
    expect((err as UserError).hint).toContain('en, fr');
  });

  it('bad option values → UserError (usage)', () => {
    expect(() => analyze([TWO], INFOS, [], options({ resamples: 0 }))).toThrow(UserError);
    expect(() => analyze([TWO], INFOS, [], options({ confidence: 1.5 }))).toThrow(/confidence/);
    expect(() => analyze([TWO], INFOS, [], options({ claimPct: Number.NaN }))).toThrow(/claim/);
  });

  it("adding a tokenizer does not change the other rows' intervals (resamples shared, not re-drawn)", () => {
    const only = table({
      corpus: 'two',
      domains: ['news', 'chat'],
      domainOf: [0, 1],
      text: {
        en: { chars: [50, 150], words: [10, 30] },
        fr: { chars: [60, 180], bytes: [62, 186], words: [8, 24] },
      },
      counts: { 'lucie-7b': { en: { tokens: [12, 33] }, fr: { tokens: [13, 33] } } },
    });
    const a = analyze([only], INFOS, [], options({ resamples: 500 }));
    const b = analyze([TWO], INFOS, [], options({ resamples: 500 }));
    expect(row(a.summary, 'lucie-7b', 'fr')).toEqual(row(b.summary, 'lucie-7b', 'fr'));
  });
});

describe('FLORES-200 devtest totals (issue #5 expectations, arithmetic on a synthetic table)', () => {
  // Four segments per language whose sums are the reference totals of ../shared/tokenizers/REFERENCE_COUNTS.md
  // (cl100k en/fr/de/es 27182/43710/43103/41974, o200k 26873/36808/35224/35415) and the code-point totals.
  const split = (total: number, parts: number[]) => {
    const s = parts.reduce((a, b) => a + b, 0);
    const out = parts.map((p) => Math.floor((total * p) / s));
    out[out.length - 1] += total - out.reduce((a, b) => a + b, 0);
    return out;
  };
  const P = [2, 3, 5, 7];
  const Q = [3, 2, 6, 6]; // a different split for non-English so per-segment ratios vary
  const FLORES = table({
    corpus: 'flores200',
    text: {
      en: { chars: split(131966, P), words: split(20000, P) },
      fr: { chars: split(157688, Q), words: split(21000, Q) },
      de: { chars: split(153809, Q), words: split(18500, Q) },
      es: { chars: split(157041, Q), words: split(21500, Q) },
    },
    counts: {
      cl100k_base: {
        en: { tokens: split(27182, P) },
        fr: { tokens: split(43710, Q) },
        de: { tokens: split(43103, Q) },
        es: { tokens: split(41974, Q) },
      },
      o200k_base: {
        en: { tokens: split(26873, P) },
        fr: { tokens: split(36808, Q) },
        de: { tokens: split(35224, Q) },
        es: { tokens: split(35415, Q) },
      },
    },
  });
  const res = analyze([FLORES], INFOS, [], options());

  it('cl100k_base fr 60.8 %, o200k_base fr 37.0 %, with CIs that contain them', () => {
    const c = row(res.summary, 'cl100k_base', 'fr');
    const o = row(res.summary, 'o200k_base', 'fr');
    expect(c.tokens).toBe(43710);
    expect(c.baselineTokens).toBe(27182);
    expect(c.overheadPct.toFixed(1)).toBe('60.8'); // 43710 / 27182 = 1.60805
    expect(o.overheadPct.toFixed(1)).toBe('37.0'); // 36808 / 26873 = 1.36970
    for (const r of [c, o]) {
      expect(r.ciLowPct).toBeLessThanOrEqual(r.overheadPct);
      expect(r.ciHighPct).toBeGreaterThanOrEqual(r.overheadPct);
    }
    // character-normalised: (43710/27182)/(157688/131966) − 1 = +34.57 %; o200k: +14.63 %
    expect(c.charNormOverheadPct).toBeCloseTo(34.575, 2);
    expect(o.charNormOverheadPct).toBeCloseTo(14.628, 2);
  });

  it('headline numbers: range +31 % to +61 %, mean +46 %, char-normalised mean +23 %', () => {
    // overheads: cl100k 60.805 / 58.572 / 54.418, o200k 36.970 / 31.076 / 31.787; mean 273.628 / 6 = 45.605
    // char-normalised: 34.575 / 36.052 / 29.762 / 14.628 / 12.461 / 10.744; mean 23.04
    const ec = res.headline.categories.find((x) => x.category === 'english-centric')!;
    expect(ec.tokenizers).toEqual(['cl100k_base', 'o200k_base']);
    expect(ec.meanOverheadPct).toBeCloseTo(45.605, 2);
    expect(ec.minOverheadPct).toBeCloseTo(31.076, 2);
    expect(ec.maxOverheadPct).toBeCloseTo(60.805, 2);
    expect(ec.meanCharNormOverheadPct).toBeCloseTo(23.037, 2);
    expect(ec.sentence).toMatch(
      /^English-centric tokenizers \(cl100k_base, o200k_base\): French, German and Spanish cost \+31 % to \+61 % more tokens than English \(mean \+46 %, 95 % CI /,
    );
    expect(ec.sentence).toContain('Corrected for text length in characters, the mean overhead is +23 %.');
    expect(ec.ciLowPct!).toBeLessThanOrEqual(ec.meanOverheadPct);
    expect(ec.ciHighPct!).toBeGreaterThanOrEqual(ec.meanOverheadPct);
  });
});

describe('buildHeadline on hand-made rows', () => {
  const base = {
    corpus: 'flores200',
    domain: 'all',
    segments: 1012,
    medianRatio: 1,
    chars: 0,
    baselineChars: 0,
    bytes: 0,
    words: 0,
    fertility: 0,
    continuedWordsPct: 0,
    charsPerToken: 0,
    bytesPerToken: 0,
    fallbackPct: 0,
    tokens: 0,
    baselineTokens: 0,
  };
  const r = (
    tokenizer: string,
    category: SummaryRow['category'],
    lang: string,
    ov: number,
    lo: number,
    hi: number,
    cn: number,
  ): SummaryRow => ({
    ...base,
    tokenizer,
    category,
    lang,
    overheadPct: ov,
    ciLowPct: lo,
    ciHighPct: hi,
    charNormOverheadPct: cn,
  });
  const rows: SummaryRow[] = [
    r('cl100k_base', 'english-centric', 'en', 0, 0, 0, 0),
    r('cl100k_base', 'english-centric', 'fr', 60.8, 59, 62.5, 34.6),
    r('cl100k_base', 'english-centric', 'de', 58.6, 57, 60, 36.1),
    r('o200k_base', 'english-centric', 'fr', 37.0, 35.5, 38.4, 14.6),
    r('o200k_base', 'english-centric', 'de', 31.1, 29.6, 32.5, 12.5),
    r('lucie-7b', 'european', 'en', 0, 0, 0, 0),
    r('lucie-7b', 'european', 'fr', 23.0, 21.8, 24.3, 2.9),
    r('lucie-7b', 'european', 'de', 33.8, 32.5, 35.2, 14.8),
  ];

  it('with category intervals: the mean, its interval and the range, with no verdict words', () => {
    const h = buildHeadline(rows, {
      baseline: 'en',
      claimPct: 30,
      categoryIntervals: {
        'english-centric': { low: 46.0, high: 48.6 },
        european: { low: 27.2, high: 29.6 },
      },
    });
    // english-centric mean (60.8 + 58.6 + 37.0 + 31.1) / 4 = 46.875 → +47 %; range 31.1..60.8; char mean 24.45 → +24 %
    expect(h.categories[0].sentence).toBe(
      'English-centric tokenizers (cl100k_base, o200k_base): French and German cost +31 % to +61 % more tokens than English ' +
        '(mean +47 %, 95 % CI [46, 49]). Corrected for text length in characters, the mean overhead is +24 %.',
    );
    // european mean (23.0 + 33.8) / 2 = 28.4 → +28 %, CI [27.2, 29.6] → [27, 30]; char mean 8.85 → +9 %
    expect(h.categories[1].sentence).toBe(
      'European tokenizer (lucie-7b): French and German cost +23 % to +34 % more tokens than English ' +
        '(mean +28 %, 95 % CI [27, 30]). Corrected for text length in characters, the mean overhead is +9 %.',
    );
    expect(h.text).toBe(
      `On corpus "flores200" (1012 aligned segments), against English: ${h.categories[0].sentence} ${h.categories[1].sentence}`,
    );
    for (const c of h.categories) expect(c).not.toHaveProperty('verdict');
  });

  it('without intervals: the mean alone', () => {
    const h2 = buildHeadline(
      rows.filter((x) => x.tokenizer === 'cl100k_base'),
      { baseline: 'en', claimPct: 30 },
    );
    expect(h2.categories[0].sentence).toContain('(mean +60 %).'); // (60.8 + 58.6) / 2 = 59.7
  });

  it('negative and mixed-sign ranges read correctly', () => {
    const neg = [
      r('x', 'multilingual', 'fr', -5.2, -6, -4, -10),
      r('x', 'multilingual', 'de', -1.6, -3, -0.5, -8),
    ];
    expect(buildHeadline(neg, { baseline: 'en', claimPct: 30 }).categories[0].sentence).toMatch(
      /^Multilingual tokenizer \(x\): French and German need 2 % to 5 % fewer tokens than English \(mean \u22123 %\)\./,
    );
    const mixed = [neg[0], r('x', 'multilingual', 'de', 4.4, 3, 6, 1)];
    expect(buildHeadline(mixed, { baseline: 'en', claimPct: 30 }).categories[0].sentence).toContain(
      'French and German need between \u22125 % and +4 % tokens relative to English',
    );
  });
});
