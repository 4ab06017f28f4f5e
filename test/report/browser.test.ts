// report.html in a real browser (Debian's chromium driven by playwright-core): everything is there, and the
// page asks the network for nothing. Skips with a message when chromium is not installed.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeReports, writeRunCsvs } from '../../src/report/index.js';
import { tmp } from '../helpers.js';
import { fixtureModelRun } from './fixture.js';

const CHROMIUM =
  process.env.TOKENTAX_CHROMIUM ??
  ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p));
if (!CHROMIUM) {
  console.warn(
    '[tokentax tests] chromium not found (/usr/bin/chromium): the report.html browser test is skipped; install it with `apt-get install chromium` or set TOKENTAX_CHROMIUM',
  );
}

/** Table id → rows in the fixture run (fixtureModelRun: 4 tokenizers, 5 models). */
const TABLES: Record<string, number> = {
  'table-headline': 12, // the claim: (before GPT-4o, the week of the talk, today, Lucie-7B) × 3 languages
  'table-models': 4, // current models: gpt-5, claude-sonnet-4-5, gemma-3-27b-it, Lucie-7B
  'table-bill': 2, // current models both counted and priced: gpt-5, gemma-3-27b-it
  'table-legacy-models': 1, // gpt-4
  'table-legacy-bill': 1,
  'table-overhead': 12, // 4 tokenizers × 3 non-baseline languages
  'table-efficiency': 3, // the fixture's efficiency rows: cl100k_base, gemma-3, lucie-7b
  'table-text-stats': 16,
  'table-costs': 3,
  'table-corpus': 1,
  'table-segments-skipped': 2,
  'table-tokenizers': 4,
  'table-tokenizers-skipped': 1,
  'table-prices': 3,
};

describe.skipIf(!CHROMIUM)('report.html in headless Chromium', () => {
  let dir: string;
  let html: string;
  let browser: Browser;
  let page: Page;
  const requests: string[] = [];
  const errors: string[] = [];

  beforeAll(async () => {
    dir = tmp('tokentax-browser-');
    const run = fixtureModelRun();
    await writeRunCsvs(dir, run.analysis);
    await writeReports(dir, run);
    writeFileSync(join(dir, 'manifest.json'), JSON.stringify(run.manifest));
    html = join(dir, 'report.html');
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    });
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.on('request', (r) => requests.push(r.url()));
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    await page.goto(pathToFileURL(html).href, { waitUntil: 'load' });
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('makes no request besides the file itself, and no error', () => {
    expect(requests).toEqual([pathToFileURL(html).href]);
    expect(errors).toEqual([]);
  });

  it("shows the headline: the claim's two halves, before today's models", async () => {
    const text = (await page.locator('#headline-text').textContent()) ?? '';
    expect(text).toBe(fixtureModelRun().analysis.headline.text);
    expect(text).toContain('Part 1, an English-centric model costs about +30 %');
    expect(text).toContain('Part 2, a European tokenizer removes the surcharge');
    expect(await page.locator('h1').textContent()).toBe('Token tax report');
    const order = (await page.evaluate(
      `[...document.querySelectorAll('h2')].map((h) => h.textContent)`,
    )) as string[];
    expect(order.slice(0, 3)).toEqual(['Headline', "Today's models", 'The bill']);
    // The claim table: cl100k_base French, +60.8 %, above; length +19.5 %, tokenizer +34.6 % [33.9, 35.3], above.
    const claim = (
      await page.locator('table#table-headline tbody tr').first().locator('td').allTextContents()
    ).map((t) => t.replace(/\u00a0/g, ' '));
    expect(claim).toEqual([
      '1',
      'ChatGPT before GPT-4o, until 13 May 2024 (GPT-4, GPT-3.5)',
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
  });

  it('has every table with its rows', async () => {
    for (const [id, rows] of Object.entries(TABLES)) {
      expect(await page.locator(`table#${id}`).count(), id).toBe(1);
      expect(await page.locator(`table#${id} tbody tr`).count(), id).toBe(rows);
    }
    // 43710 / 27182 − 1 = +60.8 % for cl100k_base on French.
    const cells = await page.locator('table#table-overhead tbody tr').first().locator('td').allTextContents();
    expect(cells.slice(0, 3)).toEqual(['English-centric', 'cl100k_base', 'French']);
    expect(cells[5].replace(/\u00a0/g, ' ')).toBe('+60.8 %');
  });

  it('has every chart as a visible inline SVG with its title', async () => {
    const titles: Record<string, string> = {
      overhead: 'Extra tokens vs English, by tokenizer',
      efficiency: 'Tokens relative to cl100k_base, same text',
      cost: 'What the "test" workload costs a month, per model and language',
      fertility: 'Fertility: tokens per word',
    };
    expect(await page.locator('figure.chart svg').count()).toBe(4);
    for (const [name, title] of Object.entries(titles)) {
      const svg = page.locator(`figure[data-chart="${name}"] svg`);
      const box = await svg.boundingBox();
      expect(box!.width, name).toBeGreaterThan(600);
      expect(box!.height / box!.width).toBeCloseTo(1080 / 1920, 2);
      expect(await svg.locator('text', { hasText: title }).count(), name).toBeGreaterThan(0);
    }
  });

  it('sorts a table when a header is clicked', async () => {
    const overheadCol = async () =>
      (await page.locator('table#table-overhead tbody tr td:nth-child(6)').allTextContents()).map((t) =>
        t.replace(/\u00a0/g, ' '),
      );
    const header = page.locator('table#table-overhead th', { hasText: /^Overhead$/ });
    await header.click();
    const asc = await overheadCol();
    expect(asc[0]).toBe('+23.0 %'); // lucie-7b French, the smallest
    expect(await header.getAttribute('aria-sort')).toBe('ascending');
    await header.click();
    const desc = await overheadCol();
    expect(desc[0]).toBe('+60.8 %');
    expect(desc).toEqual([...asc].reverse());
  });

  it('fits a phone screen: tables scroll inside their box, the page does not', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    // Browser-side code as strings: the project compiles without the DOM library.
    const pageWidth = (await page.evaluate('document.documentElement.scrollWidth')) as number;
    expect(pageWidth).toBeLessThanOrEqual(390);
    const wrap = (await page.evaluate(`(() => {
      const w = document.getElementById('table-overhead').parentElement;
      return { scroll: w.scrollWidth, client: w.clientWidth, overflow: getComputedStyle(w).overflowX };
    })()`)) as { scroll: number; client: number; overflow: string };
    expect(wrap.overflow).toBe('auto');
    expect(wrap.scroll).toBeGreaterThan(wrap.client);
    await page.screenshot({ path: join(dir, 'report-phone.png'), fullPage: false });
    await page.setViewportSize({ width: 1280, height: 900 });
  });

  it('saves a screenshot of the page next to the report', async () => {
    const shot = join(dir, 'report.png');
    await page.screenshot({ path: shot, fullPage: true });
    const b = readFileSync(shot);
    expect(b.toString('latin1', 1, 4)).toBe('PNG');
    expect(b.readUInt32BE(16)).toBe(1280);
    console.log(`[report browser test] screenshot: ${shot}`);
    // Still no request after scrolling, sorting and resizing.
    expect(requests).toEqual([pathToFileURL(html).href]);
  });
});
