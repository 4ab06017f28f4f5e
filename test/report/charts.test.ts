import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { isUserError } from '../../src/errors.js';
import { renderChartSvg, warmUpCharts, writeCharts, type ChartFile } from '../../src/report/charts.js';
import { chartFontMetrics, fontFiles } from '../../src/report/fonts.js';
import { tmp, ROOT } from '../helpers.js';
import { fixtureRun } from './fixture.js';

/** Width and height from a PNG's IHDR chunk (bytes 16–23, big-endian). */
function pngSize(file: string): { width: number; height: number } {
  const b = readFileSync(file);
  expect(b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))).toBe(true);
  expect(b.toString('latin1', 12, 16)).toBe('IHDR');
  return { width: b.readUInt32BE(16), height: b.readUInt32BE(20) };
}

/** The text content of an SVG's <text> elements, entities decoded, no-break spaces as spaces. */
function svgTexts(svg: string): string[] {
  return [...svg.matchAll(/<text\b[^>]*>([^<]*)<\/text>/g)].map((m) =>
    m[1]
      .replace(/&amp;/g, '&')
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&#39;|&apos;/g, "'")
      .replace(/&quot;/g, '"')
      .replace(/\u00a0/g, ' '),
  );
}

const TITLES: Record<string, string> = {
  overhead: 'Extra tokens vs English, by tokenizer and language',
  efficiency: 'Tokens relative to cl100k_base, same text',
  cost: 'Input cost per 1M English-equivalent words',
  fertility: 'Fertility: tokens per word',
};
const FOOTER = ['Corpus: FLORES-200 devtest (flores200), 1,012 segments', 'run 2025-11-24', 'tokentax 0.1.0'];

describe('charts', () => {
  let dir: string;
  let charts: ChartFile[];
  beforeAll(async () => {
    dir = tmp('tokentax-charts-');
    charts = await writeCharts(dir, fixtureRun());
  });

  it('draws the four charts, each as .vl.json, .svg and .png', () => {
    expect(charts.map((c) => c.name)).toEqual(['overhead', 'efficiency', 'cost', 'fertility']);
    for (const c of charts) {
      for (const f of [c.specPath, c.svgPath, c.pngPath]) expect(existsSync(f), f).toBe(true);
      expect(c.rel.png).toBe(`charts/${c.name}.png`);
    }
  });

  it('every PNG is 1920×1080 and every SVG says so too', () => {
    for (const c of charts) {
      expect(pngSize(c.pngPath), c.name).toEqual({ width: 1920, height: 1080 });
      const svg = readFileSync(c.svgPath, 'utf8');
      expect(svg).toMatch(/^<svg[^>]*\swidth="1920"[^>]*\sheight="1080"/);
    }
  });

  it('every SVG has its title and the footer (corpus, date, tool version)', () => {
    for (const c of charts) {
      const texts = svgTexts(readFileSync(c.svgPath, 'utf8'));
      expect(texts, c.name).toContain(TITLES[c.name]);
      const footer = texts.find((t) => t.startsWith('Corpus:'));
      expect(footer, c.name).toBeDefined();
      for (const part of FOOTER) expect(footer).toContain(part);
    }
    const cost = svgTexts(readFileSync(charts[2].svgPath, 'utf8')).find((t) => t.startsWith('Corpus:'));
    expect(cost).toContain('prices of 2025-11-20, 2025-11-21');
  });

  it('draws the hand-checkable figures', () => {
    const overhead = svgTexts(readFileSync(charts[0].svgPath, 'utf8'));
    // 43710 / 27182 − 1 = 60.80 %; 35442 / 28810 − 1 = 23.02 %.
    expect(overhead).toContain('+60.8 %');
    expect(overhead).toContain('+23.0 %');
    // The claim's part 1 band, its part 2 target and the longer text's floor, each in the key.
    expect(overhead).toContain('claim, part 1: +30 % ± 5');
    expect(overhead).toContain('claim, part 2: 0 %');
    expect(overhead).toContain('the longer text alone, which no tokenizer removes');
    // French text is 157688 / 131966 − 1 = 19.49 % longer than English: the floor row's label.
    expect(overhead).toContain('+19.5 %');
    // Tick labels carry the unit.
    expect(overhead).toContain('0 %');
    for (const t of [
      'cl100k_base (legacy)', // its models (GPT-4, GPT-3.5) are all retired
      'gemma-3',
      'lucie-7b',
      'French',
      'German',
      'Spanish',
      'English-centric',
      'Multilingual',
      'European',
    ]) {
      expect(overhead).toContain(t);
    }
    expect(overhead).not.toContain('English'); // no baseline panel in the overhead chart
    const efficiency = svgTexts(readFileSync(charts[1].svgPath, 'utf8'));
    // Lucie's English vs cl100k's: 28810 / 27182 − 1 = +5.99 %.
    expect(efficiency).toContain('+6.0 %');
    const cost = svgTexts(readFileSync(charts[2].svgPath, 'utf8'));
    // gpt-4, $30 per 1M tokens: English 27182 / 21500 × 30 = $37.93 → $37.9 (three significant digits); French
    // 43710 / 21500 × 30 = $60.99, an extra of $23.06 → +$23.1 (+61 %).
    expect(cost).toContain('gpt-4 · $37.9');
    expect(cost).toContain('+$23.1 (+61 %)');
    const fertility = svgTexts(readFileSync(charts[3].svgPath, 'utf8'));
    // cl100k_base German: 43103 tokens / 20300 words = 2.12.
    expect(fertility).toContain('2.12');
  });

  it('saves the Vega-Lite spec with its data, config and the chart font', () => {
    const spec = JSON.parse(readFileSync(charts[0].specPath, 'utf8'));
    expect(spec.$schema).toMatch(/vega-lite/);
    expect(spec.data.name).toBe('table');
    // 3 tokenizers × 3 non-baseline languages, and the text-length row of each language
    expect(spec.data.values).toHaveLength(12);
    expect(spec.config.font).toMatch(/^Liberation Sans/);
    expect(readFileSync(charts[0].svgPath, 'utf8')).toContain('font-family="Liberation Sans');
  });

  it('uses the bundled font; its metrics match Arial-compatible advance widths', () => {
    const f = fontFiles()!;
    expect(f.regular).toBe(join(ROOT, 'assets', 'fonts', 'LiberationSans-Regular.ttf'));
    // "Hello world" in Arial metrics (1/1000 em): H722 e556 l222 l222 o556 ␠278 w722 o556 r333 l222 d556 = 4945.
    expect(chartFontMetrics()!.regular.width('Hello world', 100)).toBeCloseTo(494.5, 0);
  });

  it('re-renders from a hand-edited spec, refreshing only its data', async () => {
    const d = tmp('tokentax-charts-edit-');
    await writeCharts(d, fixtureRun());
    const specPath = join(d, 'charts', 'overhead.vl.json');
    const spec = JSON.parse(readFileSync(specPath, 'utf8'));
    spec.title.text = 'My restyled chart';
    spec.data.values[0].label = '+999.9 %';
    writeFileSync(specPath, JSON.stringify(spec));
    const lines: string[] = [];
    const again = await writeCharts(d, fixtureRun(), { log: (l) => lines.push(l) });
    const texts = svgTexts(readFileSync(again[0].svgPath, 'utf8'));
    expect(again[0].edited).toBe(true);
    expect(texts).toContain('My restyled chart');
    expect(texts).not.toContain('+999.9 %');
    expect(texts).toContain('+60.8 %');
    expect(lines.join('\n')).toMatch(/overhead\.vl\.json: edited spec/);
    // The edited spec is kept as the user wrote it.
    expect(JSON.parse(readFileSync(specPath, 'utf8')).title.text).toBe('My restyled chart');
    expect(pngSize(again[0].pngPath)).toEqual({ width: 1920, height: 1080 });
  });

  it('replaces an unedited spec when the data changes', async () => {
    const d = tmp('tokentax-charts-fresh-');
    await writeCharts(d, fixtureRun());
    const run = fixtureRun();
    const row = run.analysis.summary.find((r) => r.tokenizer === 'lucie-7b' && r.lang === 'fr')!;
    row.overheadPct = 12.34;
    const again = await writeCharts(d, run);
    expect(again[0].edited).toBe(false);
    expect(svgTexts(readFileSync(again[0].svgPath, 'utf8'))).toContain('+12.3 %');
  });

  it('a broken edited spec is an input error naming the file', async () => {
    const d = tmp('tokentax-charts-bad-');
    await writeCharts(d, fixtureRun());
    writeFileSync(join(d, 'charts', 'fertility.vl.json'), '{ "mark": ');
    try {
      await writeCharts(d, fixtureRun());
      expect.unreachable();
    } catch (e) {
      expect(isUserError(e) && e.exit).toBe('input');
      expect((e as Error).message).toMatch(/fertility\.vl\.json is not valid JSON/);
    }
  });

  it('an edited spec drawing far outside its frame is an input error (resvg would abort the process), and no chart is rewritten', async () => {
    const d = tmp('tokentax-charts-outside-');
    await writeCharts(d, fixtureRun());
    // Turning autosize off leaves the frame at the padding only, with every mark outside it.
    const specPath = join(d, 'charts', 'fertility.vl.json');
    writeFileSync(
      specPath,
      JSON.stringify({ ...JSON.parse(readFileSync(specPath, 'utf8')), autosize: { type: 'none' } }),
    );
    writeFileSync(join(d, 'charts', 'overhead.svg'), 'kept');
    const e = await writeCharts(d, fixtureRun()).then(
      () => undefined,
      (x: unknown) => x,
    );
    expect(isUserError(e) && e.exit).toBe('input');
    expect((e as Error).message).toMatch(
      /fertility\.vl\.json: the edited chart spec does not render: its marks reach far outside the drawing/,
    );
    expect(readFileSync(join(d, 'charts', 'overhead.svg'), 'utf8')).toBe('kept');
  });

  it('with PNGs rasterised off-thread and after a warm-up, every chart has the same SVG and PNG bytes', async () => {
    const d = tmp('tokentax-charts-threads-');
    await warmUpCharts();
    const threaded = await writeCharts(d, fixtureRun(), { threads: 2 });
    expect(threaded.map((c) => c.name)).toEqual(charts.map((c) => c.name));
    threaded.forEach((c, i) => {
      expect(c.svg, c.name).toBe(charts[i].svg);
      expect(readFileSync(c.pngPath).equals(readFileSync(charts[i].pngPath)), c.name).toBe(true);
    });
  });

  it('fitting by size signals on one view draws the same bytes as compiling again at every pass', async () => {
    for (const c of charts) {
      const spec = JSON.parse(readFileSync(c.specPath, 'utf8'));
      expect(await renderChartSvg(spec), c.name).toBe(await renderChartSvg(spec, { recompile: true }));
    }
  });

  it('a spec edited to shrink below 1920x1080 still fits exactly (autosize is re-run, not only grown)', async () => {
    const spec = JSON.parse(readFileSync(charts.find((c) => c.name === 'cost')!.specPath, 'utf8'));
    spec.vconcat[0].width = 3000;
    spec.vconcat[0].height = 2000;
    const svg = await renderChartSvg(spec);
    expect(svg).toMatch(/<svg[^>]*\swidth="1920"[^>]*\sheight="1080"/);
    const vb = /viewBox="0 0 ([\d.]+) ([\d.]+)"/.exec(svg)!;
    expect([Number(vb[1]), Number(vb[2])]).toEqual([1920, 1080]);
    expect(svg).toBe(await renderChartSvg(spec, { recompile: true }));
  });

  it('an edited spec that fails with threads to spare is still an input error naming the file', async () => {
    const d = tmp('tokentax-charts-threads-bad-');
    await writeCharts(d, fixtureRun());
    const specPath = join(d, 'charts', 'cost.vl.json');
    const spec = JSON.parse(readFileSync(specPath, 'utf8'));
    spec.mark = 'no-such-mark';
    writeFileSync(specPath, JSON.stringify(spec));
    const e = await writeCharts(d, fixtureRun(), { threads: 2 }).then(
      () => undefined,
      (x: unknown) => x,
    );
    expect(isUserError(e) && e.exit).toBe('input');
    expect((e as Error).message).toMatch(/cost\.vl\.json: the edited chart spec does not render/);
  });
});
