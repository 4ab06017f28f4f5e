// Issues #2 and #5 end to end: the real CLI on FLORES-200 devtest with the two OpenAI encodings.
import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import Papa from 'papaparse';
import { beforeAll, describe, expect, it } from 'vitest';
import { FLORES, hasShared, NO_SHARED, runCli, tmp } from '../helpers.js';

type Row = Record<string, string>;
const csv = (p: string): Row[] =>
  Papa.parse<Row>(readFileSync(p, 'utf8'), { header: true, skipEmptyLines: true }).data;

// ../shared/tokenizers/REFERENCE_COUNTS.md: agreed by js-tiktoken, tiktoken (WASM) and gpt-tokenizer.
const REFERENCE = {
  cl100k_base: { en: 27182, fr: 43710, de: 43103, es: 41974 },
  o200k_base: { en: 26873, fr: 36808, de: 35224, es: 35415 },
} as const;

describe.skipIf(!hasShared)(
  `FLORES devtest run through the CLI${hasShared ? '' : ` — skipped: ${NO_SHARED}`}`,
  () => {
    let out: string;
    let summary: Row[];
    let stdout: string;

    beforeAll(async () => {
      out = join(tmp('tokentax-flores-'), 'run');
      const r = await runCli([
        'run',
        '--corpus',
        FLORES,
        '--split',
        'devtest',
        '--tokenizers',
        'cl100k_base,o200k_base',
        '--out',
        out,
        '--seed',
        '7',
        '--quiet',
      ]);
      expect(r.code, r.stderr).toBe(0);
      stdout = r.stdout;
      summary = csv(join(out, 'summary.csv')).filter((x) => (x.domain ?? 'all') === 'all');
    }, 600_000);

    it('writes the token totals the reference implementations agree on', () => {
      for (const [tok, langs] of Object.entries(REFERENCE)) {
        for (const [lang, n] of Object.entries(langs)) {
          const row = summary.find((x) => x.tokenizer === tok && x.lang === lang);
          expect(row, `${tok}/${lang}`).toBeDefined();
          expect(Number(row!.tokens), `${tok}/${lang}`).toBe(n);
          expect(Number(row!.baseline_tokens)).toBe(langs.en);
          expect(Number(row!.segments)).toBe(1012);
        }
      }
    });

    it('starts summary.csv with the contract columns', () => {
      const header = readFileSync(join(out, 'summary.csv'), 'utf8').split('\n')[0];
      expect(
        header.startsWith(
          'corpus,tokenizer,lang,segments,tokens,baseline_tokens,overhead_pct,ci_low_pct,ci_high_pct,chars,words,fertility,chars_per_token',
        ),
      ).toBe(true);
      const seg = readFileSync(join(out, 'segments.csv'), 'utf8').split('\n')[0];
      expect(seg.startsWith('corpus,segment_id,domain,lang,tokenizer,tokens,chars,bytes,words')).toBe(true);
    });

    it('reports cl100k_base fr at +60.8 % and o200k_base fr at +37.0 %, with CIs around them and no verdict column', () => {
      const cl = summary.find((x) => x.tokenizer === 'cl100k_base' && x.lang === 'fr')!;
      const o2 = summary.find((x) => x.tokenizer === 'o200k_base' && x.lang === 'fr')!;
      expect(Number(cl.overhead_pct)).toBeCloseTo(100 * (43710 / 27182 - 1), 1); // 60.80
      expect(Number(cl.overhead_pct).toFixed(1)).toBe('60.8');
      expect(Number(o2.overhead_pct).toFixed(1)).toBe('37.0');
      for (const r of [cl, o2]) {
        expect(Number(r.ci_low_pct)).toBeLessThanOrEqual(Number(r.overhead_pct));
        expect(Number(r.ci_high_pct)).toBeGreaterThanOrEqual(Number(r.overhead_pct));
        expect(Number(r.ci_high_pct) - Number(r.ci_low_pct)).toBeGreaterThan(0.5);
        expect(r.char_norm_overhead_pct).toMatch(/^-?\d/);
      }
      expect(cl).not.toHaveProperty('verdict'); // verdicts are the claim check's (claim.csv)
      // Character-normalised: (43710/27182) / (157688/131966) − 1 (code points from REFERENCE_COUNTS.md) = +34.6 %
      expect(Number(cl.char_norm_overhead_pct)).toBeCloseTo(100 * (43710 / 27182 / (157688 / 131966) - 1), 1);
      // English against itself: 0 with a zero-width CI.
      const en = summary.find((x) => x.tokenizer === 'cl100k_base' && x.lang === 'en')!;
      expect([Number(en.overhead_pct), Number(en.ci_low_pct), Number(en.ci_high_pct)]).toEqual([0, 0, 0]);
    });

    it('claim.csv, part 1: cl100k_base French +60.8 % of which length +19.5 %, o200k_base French +37.0 %', () => {
      const claim = csv(join(out, 'claim.csv'));
      expect(
        readFileSync(join(out, 'claim.csv'), 'utf8')
          .split('\n')[0]
          .startsWith(
            'corpus,part,subject,tokenizer,lang,overhead_pct,ci_low_pct,ci_high_pct,length_pct,tokenizer_pct,verdict',
          ),
      ).toBe(true);
      const cl = claim.find((r) => r.part === '1' && r.tokenizer === 'cl100k_base' && r.lang === 'fr')!;
      const o2 = claim.find((r) => r.subject === 'chatgpt-today' && r.lang === 'fr')!;
      expect(cl.subject).toBe('chatgpt-before-gpt-4o');
      expect(o2.subject).toBe('chatgpt-today');
      expect(Number(cl.overhead_pct).toFixed(1)).toBe('60.8');
      // 157688 / 131966 − 1 = +19.49 % (code points of REFERENCE_COUNTS.md).
      expect(Number(cl.length_pct).toFixed(1)).toBe('19.5');
      // (1 + overhead) = (1 + length) × (1 + tokenizer), to the precision the CSV keeps (full).
      for (const r of claim.filter((x) => x.verdict !== 'not measured')) {
        expect(1 + Number(r.overhead_pct) / 100).toBeCloseTo(
          (1 + Number(r.length_pct) / 100) * (1 + Number(r.tokenizer_pct) / 100),
          12,
        );
      }
      expect(Number(o2.overhead_pct).toFixed(1)).toBe('37.0');
      // Both CIs lie above 30 + 5; each tokenizer adds a surcharge of its own (above 0 + 5).
      expect([cl.verdict, o2.verdict]).toEqual(['above', 'above']);
      expect([cl.tokenizer_verdict, o2.tokenizer_verdict]).toEqual(['above', 'above']);
      // The week of the talk and today are both o200k_base: the same figures under two dated subjects.
      const week = claim.find((r) => r.subject === 'chatgpt-cpdp-2024' && r.lang === 'fr')!;
      expect([week.tokenizer, week.overhead_pct, week.ci_low_pct]).toEqual([
        'o200k_base',
        o2.overhead_pct,
        o2.ci_low_pct,
      ]);
      // Part 2: Lucie-7B not in this run, and said so.
      const lucie = claim.filter((r) => r.part === '2' && r.subject === 'lucie-7b');
      expect(lucie.map((r) => r.verdict)).toEqual(['not measured', 'not measured', 'not measured']);
      expect(lucie[0].note).toMatch(/^lucie-7b was not measured in this run/);
    });

    it('summary sums equal the sums of segments.csv rows', () => {
      const segs = csv(join(out, 'segments.csv'));
      const sums = new Map<string, number>();
      for (const s of segs)
        sums.set(`${s.tokenizer}/${s.lang}`, (sums.get(`${s.tokenizer}/${s.lang}`) ?? 0) + Number(s.tokens));
      for (const r of summary) expect(sums.get(`${r.tokenizer}/${r.lang}`)).toBe(Number(r.tokens));
      expect(segs.length).toBe(1012 * 4 * 2);
    });

    it('is reproducible for a given seed: the same CIs on a second run', async () => {
      const again = join(tmp('tokentax-flores2-'), 'run');
      const r = await runCli([
        'run',
        '--corpus',
        FLORES,
        '--split',
        'devtest',
        '--tokenizers',
        'cl100k_base,o200k_base',
        '--out',
        again,
        '--seed',
        '7',
        '--quiet',
        '--no-charts',
      ]);
      expect(r.code, r.stderr).toBe(0);
      const pick = (rows: Row[]) =>
        rows
          .filter((x) => (x.domain ?? 'all') === 'all')
          .map((x) => [x.tokenizer, x.lang, x.ci_low_pct, x.ci_high_pct].join());
      expect(pick(csv(join(again, 'summary.csv')))).toEqual(pick(summary));
    }, 600_000);

    it('prints the overhead table and the headline, and finishes the folder with manifest.json', () => {
      expect(stdout).toMatch(/cl100k_base/);
      expect(stdout).toMatch(/\+60\.8 %/);
      expect(stdout).toMatch(/costs about \+30 % in Spanish, French or German/);
      for (const f of [
        'segments.csv',
        'summary.csv',
        'claim.csv',
        'models.csv',
        'costs.csv',
        'report.md',
        'report.html',
        'manifest.json',
      ])
        expect(existsSync(join(out, f)), f).toBe(true);
      const m = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8'));
      expect(m.seed).toBe(7);
      expect(m.corpora[0].sha256).toMatch(/^[0-9a-f]{64}$/);
      expect(m.tokenizers.map((t: { id: string }) => t.id)).toEqual(['cl100k_base', 'o200k_base']);
    });
  },
);
