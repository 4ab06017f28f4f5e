// The report's model view on a hand-made run (fixtureModelRun): the claim's two halves first, today's models
// with their prices, the bill, legacy models in the appendix; every figure checked by hand.
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Papa from 'papaparse';
import { beforeAll, describe, expect, it } from 'vitest';
import { readRun, renderRun, writeReports, writeRunCsvs } from '../../src/report/index.js';
import { tmp } from '../helpers.js';
import { billCaveats } from '../../src/analysis/bill.js';
import { fixtureModelRun, WORKLOAD } from './fixture.js';

const fixtureInfos = () => fixtureModelRun().tokenizers;

const plain = (md: string) => md.replace(/\\([\\`*_[\]<>|~#+\-.(])/g, '$1').replace(/\u00a0/g, ' ');

/** The cells of the first Markdown table row after `heading` that starts with the given cells. */
function row(md: string, heading: string, ...start: string[]): string[] {
  const text = plain(md);
  const rows = text
    .slice(text.indexOf(heading))
    .split('\n')
    .filter((l) => l.startsWith('| '))
    .map((l) =>
      l
        .slice(2, -2)
        .split(' | ')
        .map((c) => c.replace(/`/g, '')),
    );
  const hit = rows.find((r) => start.every((s, i) => r[i] === s));
  if (!hit) throw new Error(`no table row starting ${start.join(' | ')} after ${heading}`);
  return hit;
}

async function writeFolder(dir: string): Promise<void> {
  const run = fixtureModelRun();
  await writeRunCsvs(dir, run.analysis);
  await writeReports(dir, run);
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify(run.manifest, null, 2));
}

describe('the model view of report.md', () => {
  let dir: string;
  let md: string;
  beforeAll(async () => {
    dir = tmp('tokentax-modelview-');
    await writeFolder(dir);
    md = readFileSync(join(dir, 'report.md'), 'utf8');
  });

  it("opens with the claim, then today's models, then the bill, legacy models in the appendix", () => {
    const at = (s: string) => md.indexOf(s);
    for (const s of [
      '## Headline',
      "## Today's models",
      '## The bill',
      '## Overhead vs English, per tokenizer',
      '## Appendix',
      '### Legacy and retired models',
    ])
      expect(at(s), s).toBeGreaterThan(-1);
    expect(at('## Headline')).toBeLessThan(at("## Today's models"));
    expect(at("## Today's models")).toBeLessThan(at('## The bill'));
    expect(at('## The bill')).toBeLessThan(at('## Overhead vs English'));
    expect(at('## Appendix')).toBeLessThan(at('### Legacy and retired models'));
    expect(plain(md)).toContain(fixtureModelRun().analysis.headline.text);
  });

  it('gives each half of the claim per subject and language, with length × tokenizer and both verdicts', () => {
    const before = 'ChatGPT before GPT-4o, until 13 May 2024 (GPT-4, GPT-3.5)';
    const today = 'ChatGPT today, as read on 6 December 2026 (GPT-5.5)';
    // cl100k_base French: 43710 / 27182 − 1 = +60.8 %; the text is 157688 / 131966 − 1 = +19.5 % longer;
    // (1.60805 / 1.19491) − 1 = +34.6 %; CI ±1.6 points (fixture): [59.2, 62.4] lies wholly above 30 + 5 → above;
    // the tokenizer's share ±0.7 (fixture): [33.9, 35.3] lies above 0 + 5 → above.
    expect(row(md, '## Headline', '1', before, 'cl100k_base', 'French')).toEqual([
      '1',
      before,
      'cl100k_base',
      'French',
      '+60.8 %',
      '[59.2, 62.4]',
      '+30 % ± 5',
      'above',
      '+19.5 %',
      '+34.6 %',
      '[33.9, 35.3]',
      'above',
    ]);
    // o200k_base French: 36808 / 26873 − 1 = +37.0 %, CI [35.4, 38.6]: above 35 → above.
    expect(row(md, '## Headline', '1', today, 'o200k_base', 'French').slice(4, 10)).toEqual([
      '+37.0 %',
      '[35.4, 38.6]',
      '+30 % ± 5',
      'above',
      '+19.5 %',
      '+14.6 %',
    ]);
    // o200k_base German: 35224 / 26873 − 1 = +31.1 %, CI [29.5, 32.7] within [25, 35] → matches.
    expect(row(md, '## Headline', '1', today, 'o200k_base', 'German')[7]).toBe('matches');
    // Lucie-7B French: 35442 / 28810 − 1 = +23.0 %, claimed 0 ± 5 → above; the tokenizer's own share
    // (1.23020 / 1.19491) − 1 = +2.95 % → +3.0 %, [2.25, 3.65] within [−5, 5] → matches.
    expect(
      row(md, '## Headline', '2', 'Lucie-7B (OpenLLM-France / LINAGORA)', 'lucie-7b', 'French').slice(4),
    ).toEqual([
      '+23.0 %',
      '[21.4, 24.6]',
      '0 % ± 5',
      'above',
      '+19.5 %',
      '+3.0 %',
      '[2.3, 3.6]', // 2.25 is exact in binary (rounds up), 3.65 is 3.6499… (rounds down): once, from the double
      'matches',
    ]);
    // Every dated fact shown with its source and the day it was read, or marked unchecked.
    expect(plain(md)).toContain('Sources of the dates and subjects above (`data/claim.json`):');
    expect(plain(md)).toContain('**CPDP 2024**: CPDP 2024, the conference');
    expect(plain(md)).toMatch(/read 2026-12-06/);
    expect(plain(md)).toMatch(/Unchecked: /);
  });

  it('leaves the legacy tokenizer out of every mean', () => {
    const h = fixtureModelRun().analysis.headline;
    for (const c of h.categories) expect(c.tokenizers).not.toContain('cl100k_base');
  });

  it("lists today's models with their overhead and prices, and says which were not measured and why", () => {
    expect(row(md, "## Today's models", 'openai', 'gpt-5')).toEqual([
      'openai',
      'gpt-5',
      'o200k_base',
      'current',
      '+37.0 % [35.4, 38.6]',
      '+31.1 % [29.5, 32.7]',
      '+31.8 % [30.2, 33.4]',
      '$1.25',
      '$0.125',
      '$10.00',
      '2026-09-23',
    ]);
    expect(row(md, "## Today's models", 'anthropic', 'claude-sonnet-4-5').slice(2, 8)).toEqual([
      'not measured',
      'current',
      '–',
      '–',
      '–',
      '$3.00',
    ]);
    // A price with an end date says until when it applies.
    expect(row(md, "## Today's models", 'anthropic', 'claude-sonnet-4-5').at(-1)).toBe(
      '2026-09-23, until 2026-12-31',
    );
    expect(plain(md)).toMatch(
      /A price with an end date \(an introductory rate the price data already replaces\) shows "until" that day/,
    );
    expect(plain(md)).toContain(
      '- `claude-sonnet-4-5`: not measured in this run: needs the provider counting API anthropic:claude-sonnet-4-5',
    );
    expect(row(md, "## Today's models", 'openllm-france', 'OpenLLM-France/Lucie-7B').at(-1)).toBe(
      'open weights with no API list price',
    );
    // gpt-4 is legacy: not among today's models, but in the appendix.
    expect(() => row(md, "## Today's models", 'openai', 'gpt-4')).not.toThrow(); // the appendix table comes later
    const today = plain(md).slice(plain(md).indexOf("## Today's models"), plain(md).indexOf('## The bill'));
    expect(today).not.toMatch(/\| gpt-4 \|/);
    // gpt-4 is retired on the run's day: its state and date are in the appendix, with the catalog's as-of date.
    expect(row(md, '### Legacy and retired models', 'openai', 'gpt-4').slice(2, 4)).toEqual([
      'cl100k_base',
      'retired 2026-10-23',
    ]);
    expect(plain(md)).toMatch(
      /from the lifecycle dates of the model catalog, whose facts are as of 2026-12-01/,
    );
  });

  it('prices the workload by hand: input and output apart, the extra over English', () => {
    // gpt-5, 10,000 requests of 1,000 words in and 200 out, nothing cached, $1.25 in / $10 out per 1M tokens.
    // English: 26873 / 21500 = 1.24991 tokens per word → 1,249.9 in and 250.0 out per request:
    //   10,000 × 1,249.9 × 1.25 / 1e6 = $15.62 + 10,000 × 250.0 × 10 / 1e6 = $25.00 → $40.62.
    // French: 36808 / 21500 = 1.712 → 1,712 in, 342.4 out: $21.40 + $34.24 = $55.64, +$15.02, +37 %.
    expect(row(md, '## The bill', 'openai', 'gpt-5').slice(3, 5)).toEqual([
      '$40.62',
      '$55.64 (+$15.02, +37 %)',
    ]);
    // What the bill assumes, where the money is: the output premium, the reasoning tokens, the prices.
    expect(plain(md)).toContain('**What the bill assumes**:');
    expect(plain(md)).toContain(
      "- Input and output written in a language carry that language's token premium as measured on this corpus.",
    );
    expect(plain(md)).toContain(
      "- Reasoning models' hidden reasoning tokens are billed as output but are not counted here: their bills are lower bounds, and their extra for a language may differ.",
    );
    expect(plain(md)).toContain(
      'Workload test (a test workload): 10,000 requests a month, 1,000 English-equivalent words in and 200 out per request, 0 % of the input read from the prompt cache',
    );
    // gpt-4 (legacy) is billed in the appendix only: 10,000 × 27182 / 21500 × (1,000 × $30 + 200 × $60) / 1e6 = $379.28 + $151.71 = $531.00.
    expect(row(md, '### Legacy and retired models', 'openai', 'gpt-4')).toBeDefined();
    expect(
      row(md, '### Legacy and retired models', 'openai', 'gpt-4', 'cl100k_base', '$531.00'),
    ).toBeDefined();
  });

  it('names the price source and its date', () => {
    expect(plain(md)).toContain(
      'List prices in USD per 1M tokens from @pydantic/genai-prices 0.1.8 (bundled data), data of 2026-09-23',
    );
  });

  it('re-renders the same report.md from the folder (claim.csv, models.csv, prices.csv)', async () => {
    const again = tmp('tokentax-modelview-again-');
    cpSync(dir, again, { recursive: true });
    await renderRun(again, { catalog: fixtureInfos() });
    expect(readFileSync(join(again, 'report.md'), 'utf8')).toBe(md);
    expect(readFileSync(join(again, 'models.csv'), 'utf8')).toBe(
      readFileSync(join(dir, 'models.csv'), 'utf8'),
    );
  });

  it('re-renders with an edited price: the bill moves, the tokens do not', async () => {
    const edited = tmp('tokentax-modelview-edit-');
    cpSync(dir, edited, { recursive: true });
    const f = join(edited, 'prices.csv');
    const text = readFileSync(f, 'utf8');
    expect(text).toContain('gpt-5,openai,o200k_base,1.25,10,');
    writeFileSync(f, text.replace('gpt-5,openai,o200k_base,1.25,10,', 'gpt-5,openai,o200k_base,2.5,10,'));
    await renderRun(edited, { catalog: fixtureInfos() });
    const md2 = readFileSync(join(edited, 'report.md'), 'utf8');
    // English input doubles: 2 × $15.62 + $25.00 = $56.25.
    expect(row(md2, '## The bill', 'openai', 'gpt-5')[3]).toBe('$56.25');
    const rows = Papa.parse<Record<string, string>>(readFileSync(join(edited, 'models.csv'), 'utf8'), {
      header: true,
      skipEmptyLines: true,
    }).data;
    const en = rows.find((r) => r.model === 'gpt-5' && r.lang === 'en')!;
    expect(en).toMatchObject({ input_usd_per_mtok: '2.5', tokens: '26873' });
    expect(Number(en.monthly_total_usd)).toBeCloseTo(56.245814, 6);
    const run = await readRun(edited);
    expect(run.analysis.claim?.length).toBe(fixtureModelRun().analysis.claim!.length);
  });
});

describe('currency', () => {
  it('shows euros at the given rate, never a guessed one', async () => {
    const run = fixtureModelRun();
    run.analysis.options = { ...run.analysis.options, currency: { code: 'EUR', perUsd: 0.5 } };
    run.analysis.billCaveats = billCaveats(WORKLOAD, {
      baselineName: 'English',
      currency: { code: 'EUR', perUsd: 0.5 },
    });
    const dir = tmp('tokentax-eur-');
    await writeReports(dir, run, { charts: false });
    const md = readFileSync(join(dir, 'report.md'), 'utf8');
    // $40.62 × 0.5 = €20.31; $55.64 × 0.5 = €27.82, extra €7.51.
    expect(row(md, '## The bill', 'openai', 'gpt-5').slice(3, 5)).toEqual([
      '€20.31',
      '€27.82 (+€7.51, +37 %)',
    ]);
    expect(plain(md)).toContain('Money in EUR at 0.5 per USD (--fx), a rate given by the user.');
  });
});
