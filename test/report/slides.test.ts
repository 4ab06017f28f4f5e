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
import { SLIDES_FILE, writeSlides } from '../../src/report/slides.js';
import type { RunData } from '../../src/report/types.js';
import { tmp } from '../helpers.js';
import { fixtureRun } from './fixture.js';

const SLIDES = 7;

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
    .map((m) => m[1].replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&'))
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
    zip, files, rels,
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
    written = await writeReports(dir, fixtureRun(), { slides: true });
    deck = await openDeck(join(dir, SLIDES_FILE));
  });

  it('is listed among the files written and has the seven slides', () => {
    expect(written).toContain(join(dir, SLIDES_FILE));
    const slides = deck.files.filter((f) => /^ppt\/slides\/slide\d+\.xml$/.test(f));
    expect(slides.length).toBe(SLIDES);
  });

  it('is 16:9', async () => {
    const pres = await deck.zip.file('ppt/presentation.xml')!.async('string');
    const m = /<p:sldSz cx="(\d+)" cy="(\d+)"/.exec(pres);
    expect(m).not.toBeNull();
    expect(Number(m![1]) / Number(m![2])).toBeCloseTo(16 / 9, 3);
  });

  it('embeds the overhead, efficiency and cost charts byte for byte, each referenced from its slide', async () => {
    const expected: [number, string][] = [[3, 'overhead'], [4, 'efficiency'], [5, 'cost']];
    for (const [n, name] of expected) {
      const rels = await deck.rels(n);
      const target = /Target="\.\.\/media\/([^"]+\.png)"/.exec(rels);
      expect(target, `slide ${n} references a PNG`).not.toBeNull();
      const media = await deck.zip.file(`ppt/media/${target![1]}`)!.async('uint8array');
      const png = readFileSync(join(dir, 'charts', `${name}.png`));
      expect(sha(media), `slide ${n} holds charts/${name}.png`).toBe(sha(png));
      // 1920×1080 (IHDR width and height).
      expect(Buffer.from(media).readUInt32BE(16)).toBe(1920);
      expect(Buffer.from(media).readUInt32BE(20)).toBe(1080);
    }
    expect(deck.files.filter((f) => /^ppt\/media\/.+\.png$/.test(f)).length).toBe(3);
  });

  it('shows the headline figures on the headline slide', async () => {
    const t = await deck.text(2);
    // Hand-worked from REFERENCE_COUNTS.md (fixture): cl100k_base fr 43710/27182 = +60.80 %, de +58.57 %,
    // es +54.42 % → mean +57.93 %; gemma-3 +41.18, +32.85, +29.70 → +34.58 %; lucie-7b +23.02, +33.80, +36.36 → +31.06 %.
    expect(t).toContain('+30 %');
    expect(t).toMatch(/\+57\.9\s+%/);
    expect(t).toMatch(/\+34\.6\s+%/);
    expect(t).toMatch(/\+31\.1\s+%/);
    expect(t).toContain('[56.5, 59.3]'); // the fixture's category interval for English-centric
    expect(t).toContain('English-centric');
    expect(t).toContain('Multilingual');
    expect(t).toContain('European');
    expect(t).toContain('Above the claim');
    expect(t).toContain('Consistent with claim'); // lucie-7b: interval [29.7, 32.5] contains 30
    expect(t).toContain("LINAGORA's CEO at CPDP 2024");
  });

  it('puts the category colours of the charts on the headline slide and uses one font family', async () => {
    const xml = await deck.slide(2);
    for (const c of ['D55E00', '009E73', '0072B2']) expect(xml).toContain(`val="${c}"`);
    const faces = new Set([...xml.matchAll(/typeface="([^"]+)"/g)].map((m) => m[1]));
    expect([...faces]).toEqual(['Arial']);
  });

  it('gives the per-language overhead with its interval on the table slide', async () => {
    const t = await deck.text(6);
    // cl100k_base French: +60.80 %, fixture interval ± 1.6 points.
    expect(t).toMatch(/\+60\.8\s+%/);
    expect(t).toContain('[59.2, 62.4]');
    // lucie-7b French: 35442/28810 − 1 = +23.02 %.
    expect(t).toMatch(/\+23\.0\s+%/);
    expect(t).toContain('[21.4, 24.6]');
    for (const tok of ['cl100k_base', 'gemma-3', 'lucie-7b']) expect(t).toContain(tok);
    for (const lang of ['French', 'German', 'Spanish']) expect(t).toContain(lang);
  });

  it('gives cost figures beside the cost chart', async () => {
    const t = await deck.text(5);
    // gpt-4, French: (43710 − 27182) tokens / 21500 words × $30 per 1M tokens = $23.06 per 1M English words.
    expect(t).toContain('+$23.06');
    expect(t).toContain('gpt-4');
    expect(t).toContain('2025-11-20, 2025-11-21');
  });

  it('has the corpus, tokenizer sources, metric definitions, claim source and price date on the methods slide', async () => {
    const t = await deck.text(7);
    expect(t).toContain('1,012 aligned segments used of 1,015 read');
    expect(t).toContain('gpt-tokenizer 3.0.1');
    expect(t).toContain('OpenLLM-France/Lucie-7B revision 0123456789');
    for (const term of ['Overhead:', 'Character-normalised overhead:', 'Fertility:', 'Continued words:']) expect(t).toContain(term);
    expect(t).toContain("LINAGORA's CEO at CPDP 2024");
    expect(t).toContain('2025-11-20, 2025-11-21');
  });

  it('has the corpus, date and version on the title slide', async () => {
    const t = await deck.text(1);
    expect(t).toContain('FLORES-200 devtest (flores200), 1,012 aligned segments');
    expect(t).toContain('2025-11-24');
    expect(t).toContain('tokentax 0.1.0');
  });

  it('has speaker notes on every slide that state its numbers in words', async () => {
    const notes: string[] = [];
    for (let n = 1; n <= SLIDES; n++) {
      const t = await deck.notes(n);
      expect(t.length, `notes of slide ${n}`).toBeGreaterThan(80);
      notes.push(t);
    }
    expect(notes[0]).toContain('1,012 aligned segments');
    expect(notes[1]).toContain('on average 57.9 per cent more tokens than English');
    expect(notes[1]).toContain('confidence interval of 56.5 to 59.3 per cent');
    expect(notes[1]).toContain('that is consistent with the claim');
    expect(notes[2]).toContain('French 60.8 per cent more');
    // gemma-3 vs cl100k_base in French: 38279/43710 − 1 = −12.43 %.
    expect(notes[3]).toContain('French 12.4 per cent fewer');
    expect(notes[4]).toContain('23.06 dollars per million words, for gpt-4 in French');
    expect(notes[5]).toContain('French 60.8 per cent more, interval 59.2 to 62.4 per cent, above the claim');
    expect(notes[6]).toContain('2,000 bootstrap resamples with seed 42');
  });
});

describe('writeSlides on its own', () => {
  it('draws the charts first when their PNGs are missing', async () => {
    const dir = tmp('tokentax-slides-');
    const out = await writeSlides(dir, fixtureRun());
    expect(out).toBe(join(dir, SLIDES_FILE));
    for (const name of ['overhead', 'efficiency', 'cost']) expect(existsSync(join(dir, 'charts', `${name}.png`))).toBe(true);
    const deck = await openDeck(out);
    expect(deck.files.filter((f) => /^ppt\/media\/.+\.png$/.test(f)).length).toBe(3);
  });

  it('keeps the seven slides and says why when there is no reference tokenizer and no priced model', async () => {
    const run: RunData = fixtureRun();
    run.analysis = { ...run.analysis, efficiency: [], costs: [] };
    const dir = tmp('tokentax-slides-');
    const deck = await openDeck(await writeSlides(dir, run));
    expect(deck.files.filter((f) => /^ppt\/slides\/slide\d+\.xml$/.test(f)).length).toBe(SLIDES);
    expect(await deck.text(4)).toContain('the reference tokenizer cl100k_base is not in this run');
    expect(await deck.text(5)).toContain('No model in the pricing table uses a tokenizer of this run');
    expect(deck.files.filter((f) => /^ppt\/media\/.+\.png$/.test(f)).length).toBe(1);
  });

  it('reports an unwritable folder as an output error', async () => {
    const dir = tmp('tokentax-slides-');
    const charts = (await import('../../src/report/charts.js')).writeCharts;
    const files = await charts(dir, fixtureRun());
    const err = await writeSlides(join(dir, 'missing', 'deeper'), fixtureRun(), files).catch((e: unknown) => e);
    expect((err as { exit?: string }).exit).toBe('output');
  });
});

const soffice = ['soffice', 'libreoffice'].find((c) => spawnSync('which', [c]).status === 0);
if (!soffice) console.warn('[tokentax tests] LibreOffice (soffice) not found: the slides.pptx → PDF check is skipped (Debian: apt-get install libreoffice-impress)');

describe.skipIf(!soffice)('slides.pptx in LibreOffice', () => {
  it('converts to a PDF with one page per slide', async () => {
    const dir = tmp('tokentax-slides-pdf-');
    const deckFile = await writeSlides(dir, fixtureRun());
    // A private profile, so parallel or earlier LibreOffice instances cannot block the conversion.
    const profile = tmp('tokentax-lo-profile-');
    const r = spawnSync(soffice!, [`-env:UserInstallation=file://${profile}`, '--headless', '--convert-to', 'pdf', '--outdir', dir, deckFile], {
      encoding: 'utf8', timeout: 120_000,
    });
    rmSync(profile, { recursive: true, force: true });
    expect(r.status, r.stderr).toBe(0);
    const pdf = readdirSync(dir).find((f) => f.endsWith('.pdf'));
    expect(pdf).toBeDefined();
    const body = readFileSync(join(dir, pdf!), 'latin1');
    // Page objects: "/Type /Page" not followed by "s" (that is the /Pages tree node).
    const pages = body.match(/\/Type\s*\/Page(?![a-zA-Z])/g) ?? [];
    expect(pages.length).toBe(SLIDES);
  });
});
