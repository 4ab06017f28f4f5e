// slides.pptx opened as what it is, a zip of XML parts: the slides in order, 16:9, the takeaways second, titles that
// carry measured figures, the claim quoted once, charts drawn at 2 px per point, speaker notes with the numbers, no
// absolute path. The boxes of decks of several shapes are checked in LibreOffice by deck-layout.test.ts.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import JSZip from 'jszip';
import { beforeAll, describe, expect, it } from 'vitest';
import { writeReports } from '../../src/report/index.js';
import { claimData } from '../../src/models/claim.js';
import { deckSlides, redactPaths, SLIDE_ORDER, SLIDES_FILE, writeSlides } from '../../src/report/slides.js';
import type { RunData } from '../../src/report/types.js';
import { tmp } from '../helpers.js';
import { fixtureModelRun, fixtureRun } from './fixture.js';
import { shapeRun } from './shapes.js';

/** The fixture's deck: title, takeaways, claim 1, claim 2, models, bill, overhead, efficiency, methods. */
const SLIDES = 9;

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

const plain = (s: string) => s.replace(/\u00a0/g, ' ');

describe('slides.pptx from writeReports(..., { slides: true })', () => {
  let dir: string;
  let deck: Deck;
  let written: string[];
  beforeAll(async () => {
    dir = tmp('tokentax-slides-');
    written = await writeReports(dir, fixtureModelRun(), { slides: true });
    deck = await openDeck(join(dir, SLIDES_FILE));
  });

  it('is listed among the files written and has its slides in order', async () => {
    expect(written).toContain(join(dir, SLIDES_FILE));
    expect(deck.files.filter((f) => /^ppt\/slides\/slide\d+\.xml$/.test(f)).length).toBe(SLIDES);
    const { slides } = await deckSlides(fixtureModelRun());
    expect(slides.map((s) => s.kind)).toEqual([
      'title',
      'takeaways',
      'claim-1',
      'claim-2',
      'models',
      'bill',
      'overhead',
      'efficiency',
      'methods',
    ]);
    // Every kind of the run is in SLIDE_ORDER, in that order.
    const order = slides.map((s) => SLIDE_ORDER.indexOf(s.kind));
    expect(order).toEqual([...order].sort((a, b) => a - b));
  });

  it('is 16:9', async () => {
    const pres = await deck.zip.file('ppt/presentation.xml')!.async('string');
    const m = /<p:sldSz cx="(\d+)" cy="(\d+)"/.exec(pres);
    expect(m).not.toBeNull();
    expect(Number(m![1]) / Number(m![2])).toBeCloseTo(16 / 9, 3);
  });

  it('gives the takeaways on the second slide: one sentence per finding, computed from the run', async () => {
    const t = plain(await deck.text(2));
    expect(t).toContain('What this run found on FLORES-200 devtest (flores200) (1,012 segments)');
    expect(t).toContain(
      'ChatGPT today and the week of the talk (o200k_base) cost +31.1 to +37.0 % more tokens',
    );
    expect(t).toContain("Lucie-7B removes the tokenizer's own surcharge for French");
    expect(t).toContain("Today's models: the 3 measured cost +23.0 to +41.2 %");
    // gpt-5 French: $55.64 − $40.62 = $15.02 → +$15.0 (three significant digits).
    expect(t).toContain('the largest extra is +$15.0 a month (gpt-5, French, +37 %)');
    for (const n of ['1.', '2.', '3.', '4.']) expect(t).toContain(n);
  });

  it('has slide titles that state each finding, at least three with measured figures', async () => {
    const withFigures = [];
    for (let n = 1; n <= SLIDES; n++) {
      const xml = await deck.slide(n);
      // The first text run of a slide is its title.
      const first = plain(xmlText(xml)).split(/ (?=[A-Z"“])/)[0];
      if (/[+−-]\$?\d/.test(first)) withFigures.push(n);
    }
    expect(withFigures.length).toBeGreaterThanOrEqual(3);
    expect(plain(await deck.text(3))).toMatch(/^ChatGPT today costs \+31 to \+37 % more tokens/);
    expect(plain(await deck.text(6))).toMatch(
      /^The bill: \+30 to \+41 % a month .* up to \+\$15\.0 a month \(gpt-5\)/,
    );
  });

  it('quotes the claim once, with its source', async () => {
    const statement = claimData().statement;
    let quoted = 0;
    for (let n = 1; n <= SLIDES; n++) if ((await deck.text(n)).includes(statement)) quoted++;
    expect(quoted).toBe(1);
    expect(await deck.text(1)).toContain("— LINAGORA's CEO at CPDP 2024, Brussels, May 2024");
  });

  it('part 1: ChatGPT today and in May 2024, per language, with verdicts and the tokenizer share', async () => {
    const t = plain(await deck.text(3));
    // cl100k_base French: 43710 / 27182 − 1 = +60.8 %, made-up interval ±1.6, above; its own share +34.6 %.
    expect(t).toMatch(/\+60\.8 %\s+\[59\.2, 62\.4\]/);
    expect(t).toContain('above · tokenizer +34.6 %');
    expect(t).toContain('matches · tokenizer +12.5 %');
  });

  it('part 2: Lucie-7B, read as 0 % ± 5', async () => {
    const t = plain(await deck.text(4));
    expect(t).toContain('Lucie-7B');
    expect(t).toMatch(/\+23\.0 %\s+\[21\.4, 24\.6\]/);
    expect(t).toContain('0 % ± 5');
  });

  it("today's models, grouped by the tokenizer that counts them, and what was not measured", async () => {
    const t = plain(await deck.text(5));
    expect(t).toContain('o200k_base · 1 model');
    expect(t).toContain('gpt-5');
    expect(t).not.toContain('gpt-4 '); // legacy: not among today's models
    expect(t).toContain('anthropic 1');
  });

  it('embeds the bill, overhead and efficiency charts drawn for their slide, at 2 px per point or more', async () => {
    for (const n of [6, 7, 8]) {
      const rels = await deck.rels(n);
      const target = /Target="\.\.\/media\/([^"]+\.png)"/.exec(rels);
      expect(target, `slide ${n} references a PNG`).not.toBeNull();
      const png = Buffer.from(await deck.zip.file(`ppt/media/${target![1]}`)!.async('uint8array'));
      const px = png.readUInt32BE(16);
      const xml = await deck.slide(n);
      const ext = /<p:pic>[\s\S]*?<a:ext cx="(\d+)" cy="(\d+)"/.exec(xml)!;
      const pt = Number(ext[1]) / 12700; // EMU per point
      // 24 px chart text is then at least 12 pt on the slide.
      expect(px / pt, `slide ${n}`).toBeGreaterThanOrEqual(1.99);
    }
  });

  it('has the sources, the claim, the price source and its date on the methods slide', async () => {
    const t = plain(await deck.text(9));
    expect(t).toContain('1,012 aligned segments used of 1,015 read');
    expect(t).toContain('OpenLLM-France/Lucie-7B revision 0123456789');
    expect(t).toContain("LINAGORA's CEO at CPDP 2024");
    expect(t).toContain('@pydantic/genai-prices 0.1.8 (bundled data), data of 2026-09-23');
  });

  it('has speaker notes on every slide that keep the full numbers', async () => {
    const notes: string[] = [];
    for (let n = 1; n <= SLIDES; n++) {
      const t = await deck.notes(n);
      expect(t.length, `notes of slide ${n}`).toBeGreaterThan(80);
      notes.push(t);
    }
    expect(notes[0]).toContain('1,012 aligned segments');
    expect(notes[2]).toContain('French 60.8 per cent more, interval 59.2 to 62.4 per cent, above');
    expect(notes[3]).toContain(
      "Lucie-7B (OpenLLM-France / LINAGORA), tokenizer lucie-7b: French: removes the tokenizer's own surcharge",
    );
    expect(notes[4]).toContain('o200k_base counts gpt-5');
    // gpt-5 English $40.62 → $40.6, French $55.64 → $55.6, 36.97 % more.
    expect(notes[5]).toContain('gpt-5: $40.6 a month in English; French $55.6, 37 per cent more');
    expect(notes[6]).toContain('French 60.8 per cent more');
    // gemma-3 vs cl100k_base in French: 38279/43710 − 1 = −12.43 %.
    expect(notes[7]).toContain('French 12.4 per cent fewer');
    expect(notes[8]).toContain('2,000 bootstrap resamples with seed 42');
  });
});

describe('writeSlides on its own', () => {
  it('says why on its slide when a run has no claim check, no models and no reference tokenizer', async () => {
    const run: RunData = fixtureRun();
    run.analysis = { ...run.analysis, efficiency: [], costs: [] };
    const dir = tmp('tokentax-slides-');
    const deck = await openDeck(await writeSlides(dir, run));
    const n = deck.files.filter((f) => /^ppt\/slides\/slide\d+\.xml$/.test(f)).length;
    const all: string[] = [];
    for (let i = 1; i <= n; i++) all.push(await deck.text(i));
    expect(all.join('\n')).toContain('This run has no claim check');
    expect(all.join('\n')).toContain('This run has no models.csv');
    expect(all.join('\n')).toContain('No current model was both counted and priced in this run');
    expect(all.join('\n')).toContain('the reference tokenizer cl100k_base is not in this run');
  });

  it('puts no run-specific absolute path on a slide', async () => {
    const dir = tmp('tokentax-slides-');
    const deck = await openDeck(
      await writeSlides(dir, shapeRun({ corpora: 1, langs: ['en', 'fr', 'de'], tokenizers: 3 })),
    );
    const n = deck.files.filter((f) => /^ppt\/slides\/slide\d+\.xml$/.test(f)).length;
    for (let i = 1; i <= n; i++) {
      const t = await deck.text(i);
      expect(t, `slide ${i}`).not.toMatch(/(^|[\s(=:])\/[\w.-]+\//);
      expect(t, `slide ${i}`).not.toContain('run-specific');
      expect(t, `slide ${i}`).not.toContain('/home/');
    }
    // The methods slide keeps the last two parts of each path.
    expect(redactPaths('--corpus /tmp/run-specific/corpora/flores200 --out reports/x')).toBe(
      '--corpus …/corpora/flores200 --out reports/x',
    );
    expect(redactPaths('file C:\\Users\\me\\tok\\lucie-7b\\tokenizer.json')).toBe(
      'file …/lucie-7b/tokenizer.json',
    );
  });

  it('reports an unwritable folder as an output error', async () => {
    const err = await writeSlides(
      join(tmp('tokentax-slides-'), 'missing', 'deeper'),
      fixtureModelRun(),
    ).catch((e: unknown) => e);
    expect((err as { exit?: string }).exit).toBe('output');
  });
});
