// slides.pptx opened as what it is, a zip of XML parts: slide count, 16:9 size, embedded chart PNGs, the
// headline figures in the slide text, speaker notes on every slide. Where LibreOffice is installed, the deck
// is also converted to PDF and must have one page per slide.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import JSZip from 'jszip';
import { beforeAll, describe, expect, it } from 'vitest';
import { writeReports } from '../../src/report/index.js';
import { SLIDE_ORDER, SLIDES_FILE, writeSlides } from '../../src/report/slides.js';
import type { RunData } from '../../src/report/types.js';
import { tmp } from '../helpers.js';
import { fixtureModelRun, fixtureRun } from './fixture.js';

const SLIDES = 8;

interface Deck {
  zip: JSZip;
  files: string[];
  slide: (n: number) => Promise<string>;
  /** Text runs of slide n, joined by spaces, XML entities decoded, no-break spaces as spaces. */
  text: (n: number) => Promise<string>;
  notes: (n: number) => Promise<string>;
  rels: (n: number) => Promise<string>;
}

function xmlText(xml: string): string {
  return [...xml.matchAll(/<a:t>([^<]*)<\/a:t>/g)]
    .map((m) =>
      m[1]
        .replace(/&lt;/g, '<')
        .replace(/&gt;/g, '>')
        .replace(/&quot;/g, '"')
        .replace(/&apos;/g, "'")
        .replace(/&amp;/g, '&'),
    )
    .join(' ')
    .replace(/\u00a0/g, ' ');
}

async function openDeck(file: string): Promise<Deck> {
  const zip = await JSZip.loadAsync(readFileSync(file));
  const files = Object.keys(zip.files);
  const read = async (p: string) => {
    const f = zip.file(p);
    if (!f) throw new Error(`${p} missing from the deck`);
    return f.async('string');
  };
  const rels = (n: number) => read(`ppt/slides/_rels/slide${n}.xml.rels`);
  return {
    zip,
    files,
    rels,
    slide: (n) => read(`ppt/slides/slide${n}.xml`),
    text: async (n) => xmlText(await read(`ppt/slides/slide${n}.xml`)),
    // The notes part a slide points to (not assumed to share its number).
    notes: async (n) => {
      const target = /Target="\.\.\/notesSlides\/([^"]+)"/.exec(await rels(n));
      if (!target) throw new Error(`slide ${n} has no notes`);
      return xmlText(await read(`ppt/notesSlides/${target[1]}`));
    },
  };
}

const sha = (b: Buffer | Uint8Array) => createHash('sha256').update(b).digest('hex');

describe('slides.pptx from writeReports(..., { slides: true })', () => {
  let dir: string;
  let deck: Deck;
  let written: string[];
  beforeAll(async () => {
    dir = tmp('tokentax-slides-');
    written = await writeReports(dir, fixtureModelRun(), { slides: true });
    deck = await openDeck(join(dir, SLIDES_FILE));
  });

  it("is listed among the files written and has the eight slides, in the model view's order", () => {
    expect(written).toContain(join(dir, SLIDES_FILE));
    const slides = deck.files.filter((f) => /^ppt\/slides\/slide\d+\.xml$/.test(f));
    expect(slides.length).toBe(SLIDES);
    expect([...SLIDE_ORDER]).toEqual([
      'title',
      'claim-1',
      'claim-2',
      'models',
      'bill',
      'overhead',
      'efficiency',
      'methods',
    ]);
  });

  it('is 16:9', async () => {
    const pres = await deck.zip.file('ppt/presentation.xml')!.async('string');
    const m = /<p:sldSz cx="(\d+)" cy="(\d+)"/.exec(pres);
    expect(m).not.toBeNull();
    expect(Number(m![1]) / Number(m![2])).toBeCloseTo(16 / 9, 3);
  });

  it('embeds the bill, overhead and efficiency charts byte for byte, each referenced from its slide', async () => {
    const expected: [number, string][] = [
      [5, 'cost'],
      [6, 'overhead'],
      [7, 'efficiency'],
    ];
    for (const [n, name] of expected) {
      const rels = await deck.rels(n);
      const target = /Target="\.\.\/media\/([^"]+\.png)"/.exec(rels);
      expect(target, `slide ${n} references a PNG`).not.toBeNull();
      const media = await deck.zip.file(`ppt/media/${target![1]}`)!.async('uint8array');
      const png = readFileSync(join(dir, 'charts', `${name}.png`));
      expect(sha(media), `slide ${n} holds charts/${name}.png`).toBe(sha(png));
      expect(Buffer.from(media).readUInt32BE(16)).toBe(1920);
      expect(Buffer.from(media).readUInt32BE(20)).toBe(1080);
    }
    expect(deck.files.filter((f) => /^ppt\/media\/.+\.png$/.test(f)).length).toBe(3);
  });

  it('opens with part 1 of the claim: ChatGPT in May 2024 and today, per language, with verdicts', async () => {
    const t = await deck.text(2);
    expect(t).toContain('Claim, part 1');
    expect(t).toContain('cl100k_base');
    expect(t).toContain('o200k_base');
    // cl100k_base French +60.8 % [59.2, 62.4], above; o200k_base German +31.1 % [29.5, 32.7] within 30 ± 5: matches.
    expect(t).toMatch(/\+60\.8\s+%/);
    expect(t).toContain('[59.2, 62.4]');
    expect(t).toMatch(/above · length \+19\.5\s+%, tokenizer \+34\.6\s+%/);
    expect(t).toContain('[29.5, 32.7]');
    expect(t).toContain('matches');
  });

  it('then part 2: Lucie-7B and the other European tokenizers', async () => {
    const t = await deck.text(3);
    expect(t).toContain('Claim, part 2');
    expect(t).toContain('Lucie-7B');
    expect(t).toMatch(/\+23\.0\s+%/);
    expect(t).toContain('0 % ± 5');
  });

  it("then today's models, grouped by the tokenizer that counts them, and what was not measured", async () => {
    const t = await deck.text(4);
    expect(t).toContain("Today's models");
    expect(t).toContain('o200k_base · 1 model');
    expect(t).toContain('gpt-5');
    expect(t).not.toContain('gpt-4 '); // legacy: not among today's models
    expect(t).toContain('anthropic 1');
  });

  it('then the bill, with its key figures beside the chart', async () => {
    const t = await deck.text(5);
    // gpt-5 French: $55.64 − $40.62 = +$15.02 a month (hand-worked in model-view.test.ts).
    expect(t).toContain('+$15.02 / month');
    expect(t).toContain('largest extra: gpt-5, French (+37 %)');
    expect(t).toContain('10,000 requests/month, 1,000 words in, 200 out');
    expect(t).toContain('2026-09-23');
  });

  it('has the corpus, date and version on the title slide', async () => {
    const t = await deck.text(1);
    expect(t).toContain('FLORES-200 devtest (flores200), 1,012 aligned segments');
    expect(t).toContain('2025-11-24');
    expect(t).toContain('tokentax 0.1.0');
  });

  it('has the sources, the claim, the price source and its date on the methods slide', async () => {
    const t = await deck.text(8);
    expect(t).toContain('1,012 aligned segments used of 1,015 read');
    expect(t).toContain('OpenLLM-France/Lucie-7B revision 0123456789');
    for (const term of ['Overhead:', 'Character-normalised overhead:', 'Fertility:', 'Continued words:'])
      expect(t).toContain(term);
    expect(t).toContain("LINAGORA's CEO at CPDP 2024");
    expect(t).toContain('@pydantic/genai-prices 0.1.8 (bundled data), data of 2026-09-23');
  });

  it('has speaker notes on every slide that state its numbers in words', async () => {
    const notes: string[] = [];
    for (let n = 1; n <= SLIDES; n++) {
      const t = await deck.notes(n);
      expect(t.length, `notes of slide ${n}`).toBeGreaterThan(80);
      notes.push(t);
    }
    expect(notes[0]).toContain('1,012 aligned segments');
    expect(notes[1]).toContain('French 60.8 per cent more, interval 59.2 to 62.4 per cent, above');
    expect(notes[2]).toContain(
      'Lucie-7B (OpenLLM-France / LINAGORA), tokenizer lucie-7b: French 23.0 per cent more',
    );
    expect(notes[3]).toContain('o200k_base counts gpt-5');
    expect(notes[4]).toContain('The largest extra is $15.02 a month, for gpt-5 in French');
    expect(notes[5]).toContain('French 60.8 per cent more');
    // gemma-3 vs cl100k_base in French: 38279/43710 − 1 = −12.43 %.
    expect(notes[6]).toContain('French 12.4 per cent fewer');
    expect(notes[7]).toContain('2,000 bootstrap resamples with seed 42');
  });
});

describe('writeSlides on its own', () => {
  it('draws the charts first when their PNGs are missing', async () => {
    const dir = tmp('tokentax-slides-');
    const out = await writeSlides(dir, fixtureModelRun());
    expect(out).toBe(join(dir, SLIDES_FILE));
    for (const name of ['overhead', 'efficiency', 'cost'])
      expect(existsSync(join(dir, 'charts', `${name}.png`))).toBe(true);
    const deck = await openDeck(out);
    expect(deck.files.filter((f) => /^ppt\/media\/.+\.png$/.test(f)).length).toBe(3);
  });

  it('keeps the eight slides and says why when a run has no claim check, no models and no reference tokenizer', async () => {
    const run: RunData = fixtureRun();
    run.analysis = { ...run.analysis, efficiency: [], costs: [] };
    const dir = tmp('tokentax-slides-');
    const deck = await openDeck(await writeSlides(dir, run));
    expect(deck.files.filter((f) => /^ppt\/slides\/slide\d+\.xml$/.test(f)).length).toBe(SLIDES);
    expect(await deck.text(2)).toContain('This run has no claim check');
    expect(await deck.text(4)).toContain('This run has no models.csv');
    expect(await deck.text(5)).toContain('No current model was both counted and priced in this run');
    expect(await deck.text(7)).toContain('the reference tokenizer cl100k_base is not in this run');
    expect(deck.files.filter((f) => /^ppt\/media\/.+\.png$/.test(f)).length).toBe(1);
  });

  it('reports an unwritable folder as an output error', async () => {
    const dir = tmp('tokentax-slides-');
    const charts = (await import('../../src/report/charts.js')).writeCharts;
    const files = await charts(dir, fixtureModelRun());
    const err = await writeSlides(join(dir, 'missing', 'deeper'), fixtureModelRun(), files).catch(
      (e: unknown) => e,
    );
    expect((err as { exit?: string }).exit).toBe('output');
  });
});

const soffice = ['soffice', 'libreoffice'].find((c) => spawnSync('which', [c]).status === 0);
if (!soffice)
  console.warn(
    '[tokentax tests] LibreOffice (soffice) not found: the slides.pptx → PDF check is skipped (Debian: apt-get install libreoffice-impress)',
  );

const pdftotext = spawnSync('which', ['pdftotext']).status === 0;
if (soffice && !pdftotext)
  console.warn(
    "[tokentax tests] pdftotext not found: the PDF's text is not checked (Debian: apt-get install poppler-utils)",
  );

describe.skipIf(!soffice)('slides.pptx in LibreOffice', () => {
  it("converts to a PDF with one page per slide that opens with the claim's two halves, then the models", async () => {
    const dir = tmp('tokentax-slides-pdf-');
    const deckFile = await writeSlides(dir, fixtureModelRun());
    // A private profile, so parallel or earlier LibreOffice instances cannot block the conversion.
    const profile = tmp('tokentax-lo-profile-');
    const r = spawnSync(
      soffice!,
      [
        `-env:UserInstallation=file://${profile}`,
        '--headless',
        '--convert-to',
        'pdf',
        '--outdir',
        dir,
        deckFile,
      ],
      {
        encoding: 'utf8',
        timeout: 120_000,
      },
    );
    rmSync(profile, { recursive: true, force: true });
    expect(r.status, r.stderr).toBe(0);
    const pdf = readdirSync(dir).find((f) => f.endsWith('.pdf'));
    expect(pdf).toBeDefined();
    const body = readFileSync(join(dir, pdf!), 'latin1');
    // Page objects: "/Type /Page" not followed by "s" (that is the /Pages tree node).
    const pages = body.match(/\/Type\s*\/Page(?![a-zA-Z])/g) ?? [];
    expect(pages.length).toBe(SLIDES);
    if (!pdftotext) return;
    const text = (n: number) =>
      spawnSync('pdftotext', ['-f', String(n), '-l', String(n), '-layout', join(dir, pdf!), '-'], {
        encoding: 'utf8',
      }).stdout.replace(/\u00a0/g, ' ');
    expect(text(2)).toContain('Claim, part 1');
    expect(text(2)).toMatch(/\+60\.8 %\s+\[59\.2, 62\.4\]/);
    expect(text(3)).toContain('Claim, part 2');
    expect(text(3)).toContain('Lucie-7B');
    expect(text(4)).toContain("Today's models");
    expect(text(4)).toMatch(/o200k_base · 1 model/);
    expect(text(5)).toContain('+$15.02 / month');
  });
});
