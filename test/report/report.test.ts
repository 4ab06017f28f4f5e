import { cpSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Papa from 'papaparse';
import { beforeAll, describe, expect, it } from 'vitest';
import { isUserError } from '../../src/errors.js';
import { readRun, renderRun, writeReports, writeRunCsvs } from '../../src/report/index.js';
import { tmp } from '../helpers.js';
import { computeCosts } from '../../src/analysis/index.js';
import { fixtureEfficiency, fixtureInfos, fixtureRun, fixtureSummary } from './fixture.js';

/** Markdown source → the text a reader sees (escapes and no-break spaces removed). */
const plain = (md: string) => md.replace(/\\([\\`*_[\]<>|~#+\-.(])/g, '$1').replace(/\u00a0/g, ' ');

/** The cells of the first Markdown table row that starts with the given cells. */
function mdRow(md: string, ...start: string[]): string[] {
  return mdRowIn(md, '', ...start);
}

/** The same, looking only after a section heading. */
function mdRowIn(md: string, heading: string, ...start: string[]): string[] {
  const rows = plain(md)
    .slice(plain(md).indexOf(heading))
    .split('\n')
    .filter((l) => l.startsWith('| '))
    .map((l) =>
      l
        .slice(2, -2)
        .split(' | ')
        .map((c) => c.replace(/`/g, '')),
    );
  const hit = rows.find((r) => start.every((s, i) => r[i] === s));
  if (!hit) throw new Error(`no table row starting ${start.join(' | ')}`);
  return hit;
}

/** Writes a complete run folder (CSVs, reports, manifest last) as the run command does. */
async function writeRunFolder(dir: string, charts = true): Promise<void> {
  const run = fixtureRun();
  await writeRunCsvs(dir, run.analysis);
  await writeReports(dir, run, { charts });
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify(run.manifest, null, 2));
}

const SECTIONS = [
  '## Headline',
  '## Overhead vs English, per tokenizer',
  '## Cross-tokenizer efficiency',
  '## Fertility and other text statistics',
  '## Appendix',
  '### Input cost per 1M English-equivalent words',
  '### Corpus',
  '### Tokenizers',
  '### Skipped tokenizers',
  '### Prices',
  '### Method',
];
const TABLE_HEADERS = [
  '| Category | Tokenizers | Mean overhead | 95 % CI of the mean | Range | Char-normalised (mean) |',
  '| Category | Tokenizer | Language | Tokens | English tokens | Overhead | 95 % CI | Median ratio | Char-normalised overhead |',
  '| Category | Tokenizer | English | French | German | Spanish |',
  '| Category | Tokenizer | Language | Words | Tokens | Fertility | Continued words | Chars / token | Bytes / token | Byte fallback |',
  '| Model | Provider | Tokenizer | USD / 1M input tokens | English | French | German | Spanish |',
  '| Corpus | Name | Format | Segments read | Used | Skipped | Licence | SHA-256 |',
  '| Corpus | Reason | Count | Examples |',
  '| Tokenizer | Name | Category | Models | Vocabulary | Loaded from | Version / revision | Files (SHA-256) |',
  '| Tokenizer | Why | How to include it |',
  '| Model | Provider | Counted with | Input | Cached input | Output | Context tiers | Date | Source |',
];

describe('report.md and report.html', () => {
  let dir: string;
  let md: string;
  let html: string;
  beforeAll(async () => {
    dir = tmp('tokentax-report-');
    await writeRunFolder(dir);
    md = readFileSync(join(dir, 'report.md'), 'utf8');
    html = readFileSync(join(dir, 'report.html'), 'utf8');
  });

  it('report.md starts with the headline and has every section and table', () => {
    const text = plain(md);
    const headline = fixtureRun().analysis.headline.text;
    expect(text).toContain(headline);
    expect(text.indexOf(headline)).toBeLessThan(text.indexOf('## Overhead vs English'));
    for (const s of SECTIONS) expect(md).toContain(`\n${s}\n`);
    for (const h of TABLE_HEADERS) expect(plain(md)).toContain(h);
  });

  it('report.md shows the hand-checked figures', () => {
    // cl100k_base French: 43710 / 27182 − 1 = +60.8 %; characters 157688 / 131966, so the character-normalised
    // overhead is (43710 / 27182) / (157688 / 131966) − 1 = +34.6 %; CI made up as ±1.6 points.
    expect(mdRow(md, 'English-centric', 'cl100k_base', 'French')).toEqual([
      'English-centric',
      'cl100k_base',
      'French',
      '43,710',
      '27,182',
      '+60.8 %',
      '[59.2, 62.4]',
      '1.605',
      '+34.6 %',
    ]);
    // Lucie's English needs 28810 / 27182 − 1 = +6.0 % more tokens than cl100k's.
    expect(mdRowIn(md, '## Cross-tokenizer efficiency', 'European', 'lucie-7b')[2]).toBe('+6.0 % [5.1, 6.9]');
    // gpt-4 at $30: 27182 / 21500 × 30 = $37.93 (English), 43710 / 21500 × 30 = $60.99 (+61 %).
    expect(mdRow(md, 'gpt-4').slice(3, 6)).toEqual(['$30.00', '$37.93', '$60.99 (+61 %)']);
    // Fertility of cl100k_base in German: 43103 / 20300 = 2.123.
    expect(mdRowIn(md, '## Fertility', 'English-centric', 'cl100k_base', 'German')[5]).toBe('2.123');
    // Headline row: mean of +60.80, +58.57, +54.42 = +57.9 %; character-normalised mean of +34.57, +36.05, +29.76 = +33.5 %.
    expect(mdRow(md, 'English-centric', 'cl100k_base')).toEqual([
      'English-centric',
      'cl100k_base',
      '+57.9 %',
      '[56.5, 59.3]',
      '+54.4 % to +60.8 %',
      '+33.5 %',
    ]);
    // No verdict outside the claim check: this run has none, and says so.
    expect(plain(md)).toContain('this run has no claim check (claim.csv), so no verdict is given');
    expect(md).not.toMatch(/above claim|below claim|consistent/);
  });

  it('report.md lists the corpus, tokenizers, skips, prices and links the chart images', () => {
    expect(mdRow(md, 'flores200').slice(3, 6)).toEqual(['1,015', '1,012', '3']);
    expect(mdRow(md, 'flores200', 'empty')).toEqual(['flores200', 'empty', '2', '17, 230']);
    expect(mdRow(md, 'lucie-7b', 'Lucie-7B')[5]).toBe('hub-cache: OpenLLM-France/Lucie-7B');
    expect(mdRow(md, 'mistral-tekken')[1]).toBe(
      'not in the Hugging Face cache <offline> & no --tokenizer-dir',
    );
    expect(md).toContain('not in the Hugging Face cache \\<offline\\> & no --tokenizer-dir');
    expect(plain(md)).toContain('Prices: checked 2025-11-20, 2025-11-21.');
    for (const name of ['overhead', 'efficiency', 'cost', 'fertility']) {
      expect(md).toMatch(new RegExp(`!\\[[^\\]]+\\]\\(charts/${name}\\.png\\)`));
      expect(existsSync(join(dir, 'charts', `${name}.png`))).toBe(true);
    }
  });

  it('report.html is self-contained: no external resource, charts inline, data escaped', () => {
    expect(html).not.toMatch(/<link\b|<img\b|<iframe\b|@import|url\((?!#)/i);
    expect(html).not.toMatch(/\ssrc=/i);
    expect(html).toContain("default-src 'none'");
    expect((html.match(/<figure class="chart"/g) ?? []).length).toBe(4);
    expect((html.match(/<svg\b/g) ?? []).length).toBe(4);
    expect(html).toContain('not in the Hugging Face cache &lt;offline&gt; &amp; no --tokenizer-dir');
    expect(html).not.toContain('<offline>');
    // Clip-path ids are unique on the page although every chart has its own.
    const ids = [...html.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of [
      'table-headline',
      'table-overhead',
      'table-efficiency',
      'table-text-stats',
      'table-costs',
      'table-corpus',
      'table-segments-skipped',
      'table-tokenizers',
      'table-tokenizers-skipped',
      'table-prices',
    ]) {
      expect(html).toContain(`<table id="${id}" class="sortable">`);
    }
  });
});

describe('tokentax report <dir>: reading a run back', () => {
  it('re-renders the same report.md from the folder', async () => {
    const dir = tmp('tokentax-reread-');
    await writeRunFolder(dir);
    const first = readFileSync(join(dir, 'report.md'), 'utf8');
    const run = await readRun(dir, { catalog: fixtureInfos() });
    expect(run.analysis.headline.text).toBe(fixtureRun().analysis.headline.text);
    expect(run.analysis.options).toEqual(fixtureRun().analysis.options);
    expect(run.analysis.notes).toEqual(['Costs: no priced model is counted with lucie-7b in this run.']);
    const firstHtml = readFileSync(join(dir, 'report.html'), 'utf8');
    rmSync(join(dir, 'report.md'));
    rmSync(join(dir, 'report.html'));
    await writeReports(dir, run);
    expect(readFileSync(join(dir, 'report.md'), 'utf8')).toBe(first);
    // Compared as a boolean: a diff of inline SVG would flood the log.
    expect(
      readFileSync(join(dir, 'report.html'), 'utf8') === firstHtml,
      'report.html differs after re-rendering',
    ).toBe(true);
  });

  it("a changed price in the run's prices.csv gives new costs in costs.csv, report.md and the chart", async () => {
    const orig = tmp('tokentax-price-a-');
    await writeRunFolder(orig);
    const dir = tmp('tokentax-price-b-');
    cpSync(orig, dir, { recursive: true });
    const pricesFile = join(dir, 'prices.csv');
    const prices = readFileSync(pricesFile, 'utf8');
    expect(prices).toContain('gpt-4,OpenAI,cl100k_base,30,60,');
    writeFileSync(
      pricesFile,
      prices.replace('gpt-4,OpenAI,cl100k_base,30,60,', 'gpt-4,OpenAI,cl100k_base,45,60,'),
    );

    const { files } = await renderRun(dir, { catalog: fixtureInfos() });
    expect(files).toContain(join(dir, 'costs.csv'));
    // $45 per 1M tokens: English 27182 / 21500 × 45 = $56.89; French 43710 / 21500 × 45 = 91.486047 → $91.49.
    const md = readFileSync(join(dir, 'report.md'), 'utf8');
    expect(mdRow(md, 'gpt-4').slice(3, 6)).toEqual(['$45.00', '$56.89', '$91.49 (+61 %)']);
    expect(mdRow(readFileSync(join(orig, 'report.md'), 'utf8'), 'gpt-4').slice(3, 6)).toEqual([
      '$30.00',
      '$37.93',
      '$60.99 (+61 %)',
    ]);
    // Other models are unchanged: gpt-3.5-turbo at $0.5: 27182 / 21500 × 0.5 = $0.632.
    expect(mdRow(md, 'gpt-3.5-turbo')[4]).toBe('$0.632');
    const costs = Papa.parse<Record<string, string>>(readFileSync(join(dir, 'costs.csv'), 'utf8'), {
      header: true,
      skipEmptyLines: true,
    }).data;
    const fr = costs.find((c) => c.model === 'gpt-4' && c.lang === 'fr')!;
    expect(Number(fr.cost_per_m_english_words_usd)).toBe((43710 / 21500) * 45);
    expect(Number(fr.input_cost_usd)).toBe((43710 * 45) / 1e6);
    expect(fr.price_input_usd_per_mtok).toBe('45');
    expect(readFileSync(join(dir, 'charts', 'cost.svg'), 'utf8')).toContain('$91.49');
    expect(readFileSync(join(dir, 'report.html'), 'utf8')).toContain('$91.49');
  });

  it('a folder without manifest.json is not a finished run', async () => {
    const dir = tmp('tokentax-nomanifest-');
    const run = fixtureRun();
    await writeRunCsvs(dir, run.analysis);
    await expect(readRun(dir)).rejects.toSatisfy(
      (e: unknown) => isUserError(e) && e.exit === 'input' && /no manifest\.json/.test(e.message),
    );
  });

  it('without a catalog, tokenizer names come from the manifest', async () => {
    const dir = tmp('tokentax-nocat-');
    await writeRunFolder(dir, false);
    const run = await readRun(dir);
    expect(run.tokenizers.map((t) => [t.id, t.name, t.category])).toEqual([
      ['cl100k_base', 'OpenAI cl100k_base', 'english-centric'],
      ['gemma-3', 'Gemma 3', 'multilingual'],
      ['lucie-7b', 'Lucie-7B', 'european'],
    ]);
    expect(run.skipped.map((s) => s.id)).toEqual(['mistral-tekken']);
  });
});

describe('several corpora, --by-domain and --monthly-words', () => {
  it('adds corpus and domain columns, the monthly table, and one chart set per corpus', async () => {
    const run = fixtureRun();
    const a = run.analysis;
    const second = fixtureSummary('udhr').map((r) => ({ ...r, segments: 400 }));
    const domain = fixtureSummary().map((r) => ({ ...r, domain: 'chat', segments: 500 }));
    a.summary = [...a.summary, ...domain, ...second];
    a.efficiency = [...a.efficiency, ...fixtureEfficiency('udhr')];
    a.options = { ...a.options, byDomain: true, monthlyWords: 10_000_000 };
    a.costs = computeCosts(a.summary, a.prices, { baseline: 'en', monthlyWords: 10_000_000 });
    run.manifest.corpora.push({ ...run.manifest.corpora[0], id: 'udhr', name: 'UDHR' });
    const dir = tmp('tokentax-multi-');
    const files = await writeReports(dir, run);
    for (const corpus of ['flores200', 'udhr']) {
      for (const name of ['overhead', 'efficiency', 'cost', 'fertility'])
        expect(files).toContain(join(dir, 'charts', `${name}-${corpus}.png`));
    }
    const md = readFileSync(join(dir, 'report.md'), 'utf8');
    expect(plain(md)).toContain('| Corpus | Category | Tokenizer | Language | Tokens |');
    expect(mdRow(md, 'udhr', 'English-centric', 'cl100k_base', 'French')[6]).toBe('+60.8 %');
    expect(plain(md)).toContain('| Corpus | Domain | Tokenizer | Language | Segments |');
    expect(mdRow(md, 'flores200', 'chat', 'cl100k_base', 'French')[4]).toBe('500');
    // Monthly bill for 10M English-equivalent words with gpt-4 in French: 10 × 43710 / 21500 × 30 = $609.91,
    // extra 10 × (43710 − 27182) / 21500 × 30 = $230.62.
    expect(plain(md)).toContain('Monthly input bill for 10,000,000 English-equivalent words');
    expect(mdRowIn(md, 'Monthly input bill', 'flores200', 'gpt-4')[6]).toBe('$609.91 (+$230.62)');
  });
});

describe('README snippet', () => {
  it('has the headline, its table, the chart and the command', async () => {
    const { buildDocument, renderReadmeSnippet } = await import('../../src/report/index.js');
    const snippet = renderReadmeSnippet(buildDocument(fixtureRun(), []), {
      chart: 'docs/overhead.png',
      command: 'tokentax run --out docs/run',
    });
    expect(plain(snippet)).toContain(fixtureRun().analysis.headline.text);
    expect(mdRow(snippet, 'European', 'lucie-7b')).toEqual([
      'European',
      'lucie-7b',
      '+31.1 %',
      '[29.7, 32.5]',
      '+23.0 % to +36.4 %',
      '+10.8 %',
    ]);
    expect(snippet).toContain('![Token overhead by tokenizer and language](docs/overhead.png)');
    expect(snippet).toContain('```sh\ntokentax run --out docs/run\n```');
  });
});
