// Decks of several shapes (1 and 3 corpora; 3, 6 and 23 languages besides English; 2, 4 and 15 tokenizers; long
// model names) converted to PDF by LibreOffice in one call, then read back with `pdftotext -bbox-layout`: no two
// words on a slide may overlap, none may leave the page, and no text may be smaller than 12 pt. Writing the decks
// already checks the layout's own boxes (slide-layout.ts refuses an overlap); this checks what a renderer draws.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import JSZip from 'jszip';
import pptxgenjs from 'pptxgenjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { writeSlides } from '../../src/report/slides.js';
import { tmp } from '../helpers.js';
import { fixtureModelRun } from './fixture.js';
import { EU24, shapeRun, type Shape } from './shapes.js';

const SHAPES: Record<string, Shape> = {
  'one-corpus-3-langs-2-tokenizers': { corpora: 1, langs: ['en', 'fr', 'de', 'es'], tokenizers: 2 },
  'three-corpora-6-langs-15-tokenizers-long-names': {
    corpora: 3,
    langs: ['en', 'fr', 'de', 'es', 'it', 'pt', 'nl'],
    tokenizers: 15,
    longNames: true,
  },
  'three-corpora-3-langs-15-tokenizers': {
    corpora: 3,
    langs: ['en', 'fr', 'de', 'es'],
    tokenizers: 15,
    models: 6,
  },
  'one-corpus-6-langs-2-tokenizers-long-names': {
    corpora: 1,
    langs: ['en', 'fr', 'de', 'es', 'it', 'pt', 'nl'],
    tokenizers: 2,
    longNames: true,
  },
  'one-corpus-24-eu-langs-4-tokenizers': { corpora: 1, langs: EU24, tokenizers: 4 },
};

const soffice = ['soffice', 'libreoffice'].find((c) => spawnSync('which', [c]).status === 0);
const pdftotext = spawnSync('which', ['pdftotext']).status === 0;
if (!soffice || !pdftotext)
  console.warn(
    '[tokentax tests] LibreOffice (soffice) or pdftotext not found: the deck layout check in a renderer is skipped (Debian: apt-get install libreoffice-impress poppler-utils)',
  );

interface Word {
  text: string;
  x1: number;
  y1: number;
  x2: number;
  y2: number;
  /** Font size in points: pdftotext's word box is 1.3 em tall for Liberation Sans. */
  em: number;
}

/** Words per page from `pdftotext -bbox-layout`, each trimmed vertically to its glyphs' band (see below). */
function pdfWords(pdf: string): { width: number; height: number; words: Word[] }[] {
  const html = spawnSync('pdftotext', ['-bbox-layout', pdf, '-'], { encoding: 'utf8' }).stdout;
  return html
    .split(/<page /)
    .slice(1)
    .map((p) => {
      const [, w, h] = /^width="([\d.]+)" height="([\d.]+)"/.exec(p)!;
      const words = [
        ...p.matchAll(
          /<word xMin="([\d.-]+)" yMin="([\d.-]+)" xMax="([\d.-]+)" yMax="([\d.-]+)">([^<]*)<\/word>/g,
        ),
      ].map((m) => {
        const [x1, y1, x2, y2] = [m[1], m[2], m[3], m[4]].map(Number);
        const em = (y2 - y1) / 1.3;
        // The box spans the font's bounding box (1.3 em); lines sit 1.2 em apart, so boxes of adjacent lines of one
        // paragraph overlap by 0.1 em. The glyphs themselves stay inside the middle 1.0 em: compare that band.
        return { text: m[5], x1, y1: y1 + 0.15 * em, x2, y2: y2 - 0.15 * em, em };
      });
      return { width: Number(w), height: Number(h), words };
    });
}

const overlap = (a: Word, b: Word) =>
  a.x1 < b.x2 - 0.5 && b.x1 < a.x2 - 0.5 && a.y1 < b.y2 - 0.5 && b.y1 < a.y2 - 0.5;

/** A deck with the three faults the check must catch: two boxes over each other, one off the page, 9 pt text. */
async function faultyDeck(file: string): Promise<void> {
  const Pres = ((pptxgenjs as unknown as { default?: new () => pptxgenjs.default }).default ??
    pptxgenjs) as unknown as new () => pptxgenjs.default;
  const pres = new Pres();
  pres.layout = 'LAYOUT_WIDE';
  const s = pres.addSlide();
  const box = { w: 6, h: 0.6, fontFace: 'Arial', fontSize: 20, margin: 0 };
  s.addText('First words here', { ...box, x: 1, y: 1 });
  s.addText('Second words there', { ...box, x: 1.4, y: 1.1 });
  s.addText('Beyond the edge', { ...box, x: 12.5, y: 3, wrap: false });
  s.addText('tiny print', { ...box, x: 1, y: 5, fontSize: 9 });
  const buf = (await pres.write({ outputType: 'nodebuffer' })) as Buffer;
  writeFileSync(file, buf);
}

describe('decks of several shapes', () => {
  const dir = tmp('tokentax-deck-layout-');
  const decks: Record<string, { pptx: string; slides: number }> = {};

  beforeAll(async () => {
    const runs = {
      ...Object.fromEntries(Object.entries(SHAPES).map(([k, s]) => [k, shapeRun(s)])),
      fixture: fixtureModelRun(),
    };
    for (const [name, run] of Object.entries(runs)) {
      const sub = join(dir, name);
      spawnSync('mkdir', ['-p', sub]);
      // Writing lays every slide out; a box that would overlap another or leave the slide throws here.
      const out = await writeSlides(sub, run);
      const pptx = join(dir, `${name}.pptx`);
      copyFileSync(out, pptx);
      const zip = await JSZip.loadAsync(readFileSync(pptx));
      decks[name] = {
        pptx,
        slides: Object.keys(zip.files).filter((f) => /^ppt\/slides\/slide\d+\.xml$/.test(f)).length,
      };
    }
    await faultyDeck(join(dir, 'faulty.pptx'));
  }, 300_000);

  it('lays out every shape without an overlapping box (the layout checks itself)', () => {
    expect(Object.keys(decks).sort()).toEqual([...Object.keys(SHAPES), 'fixture'].sort());
    for (const d of Object.values(decks)) expect(d.slides).toBeGreaterThanOrEqual(9);
  });

  it.skipIf(!soffice || !pdftotext)(
    'in LibreOffice: no two words on a slide intersect, none leaves the page, none is below 12 pt',
    () => {
      const profile = tmp('tokentax-lo-profile-');
      // One LibreOffice start for every deck: starting it is most of the cost on a small machine.
      const r = spawnSync(
        soffice!,
        [
          `-env:UserInstallation=file://${profile}`,
          '--headless',
          '--convert-to',
          'pdf',
          '--outdir',
          dir,
          ...Object.values(decks).map((d) => d.pptx),
          join(dir, 'faulty.pptx'),
        ],
        { encoding: 'utf8', timeout: 240_000 },
      );
      rmSync(profile, { recursive: true, force: true });
      expect(r.status, r.stderr).toBe(0);
      const check = (name: string, pdf: string): string[] => {
        const problems: string[] = [];
        pdfWords(pdf).forEach((p, i) => {
          const at = `${name}, slide ${i + 1}`;
          expect(p.words.length, `${at} has text`).toBeGreaterThan(0);
          for (const w of p.words) {
            if (w.x1 < -0.5 || w.y1 < -0.5 || w.x2 > p.width + 0.5 || w.y2 > p.height + 0.5)
              problems.push(`${at}: "${w.text}" leaves the page`);
            if (w.em < 11.9) problems.push(`${at}: "${w.text}" is ${w.em.toFixed(1)} pt`);
          }
          for (let a = 0; a < p.words.length; a++)
            for (let b = a + 1; b < p.words.length; b++)
              if (overlap(p.words[a], p.words[b]))
                problems.push(`${at}: "${p.words[a].text}" and "${p.words[b].text}" overlap`);
        });
        return problems;
      };
      // The check finds each fault of the faulty deck.
      const faults = check('faulty', join(dir, 'faulty.pdf')).join('\n');
      expect(faults).toMatch(/"(First|words|here)" and "(Second|words|there)" overlap/);
      expect(faults).toMatch(/"Beyond" leaves the page/);
      expect(faults).toMatch(/"tiny" is 9\.0 pt/);
      const problems: string[] = [];
      for (const [name, d] of Object.entries(decks)) {
        const pdf = d.pptx.replace(/\.pptx$/, '.pdf');
        expect(existsSync(pdf), pdf).toBe(true);
        expect(pdfWords(pdf).length, name).toBe(d.slides);
        problems.push(...check(name, pdf));
      }
      expect(problems).toEqual([]);
    },
    300_000,
  );
});
