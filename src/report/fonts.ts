// The chart font: Liberation Sans (SIL OFL 1.1), bundled under assets/fonts so the PNG looks the same on every
// machine. Vega lays text out before rendering; without a canvas it guesses widths as 0.8 em per character,
// which misplaces labels, so we measure advance widths from the font files themselves (cmap + hmtx).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../paths.js';

export const FONT_FAMILY = 'Liberation Sans';
/** CSS font stack: Arial and Helvetica share Liberation Sans' metrics, so browsers without it lay out alike. */
export const FONT_STACK = 'Liberation Sans, Arial, Helvetica, sans-serif';

const FONT_DIRS = [
  join(PROJECT_ROOT, 'assets', 'fonts'),
  '/usr/share/fonts/truetype/liberation2',
  '/usr/share/fonts/truetype/liberation',
];
const FACES = { regular: 'LiberationSans-Regular.ttf', bold: 'LiberationSans-Bold.ttf' } as const;

export interface FontFiles {
  regular: string;
  bold: string;
}

/** Paths of the regular and bold faces (bundled first, then Debian's copies), or undefined if absent. */
export function fontFiles(): FontFiles | undefined {
  for (const dir of FONT_DIRS) {
    const regular = join(dir, FACES.regular);
    const bold = join(dir, FACES.bold);
    if (existsSync(regular) && existsSync(bold)) return { regular, bold };
  }
  return undefined;
}

/** Advance widths of one TrueType face, in em units. */
export class FontMetrics {
  private readonly unitsPerEm: number;
  private readonly advances: Uint16Array;
  private readonly glyphOf: (cp: number) => number;
  private readonly cache = new Map<number, number>();

  constructor(buf: Buffer) {
    const dv = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
    const tables = new Map<string, number>();
    const numTables = dv.getUint16(4);
    for (let i = 0; i < numTables; i++) {
      const rec = 12 + 16 * i;
      tables.set(buf.toString('latin1', rec, rec + 4), dv.getUint32(rec + 8));
    }
    const need = (tag: string): number => {
      const off = tables.get(tag);
      if (off === undefined) throw new Error(`font has no ${tag} table`);
      return off;
    };
    this.unitsPerEm = dv.getUint16(need('head') + 18);
    const numberOfHMetrics = dv.getUint16(need('hhea') + 34);
    const numGlyphs = dv.getUint16(need('maxp') + 4);
    const hmtx = need('hmtx');
    this.advances = new Uint16Array(numGlyphs);
    for (let g = 0; g < numGlyphs; g++) {
      // Glyphs past numberOfHMetrics repeat the last advance (monospaced tail).
      this.advances[g] = dv.getUint16(hmtx + 4 * Math.min(g, numberOfHMetrics - 1));
    }
    this.glyphOf = readCmap(dv, need('cmap'));
  }

  /** Width of `text` at `fontSize` px: Σ advance(glyph) / unitsPerEm × fontSize (no kerning). */
  width(text: string, fontSize: number): number {
    let units = 0;
    for (const ch of text) {
      const cp = ch.codePointAt(0)!;
      let w = this.cache.get(cp);
      if (w === undefined) {
        w = this.advances[this.glyphOf(cp)] ?? this.advances[0];
        this.cache.set(cp, w);
      }
      units += w;
    }
    return (units / this.unitsPerEm) * fontSize;
  }
}

/** Code point → glyph id from the Windows Unicode cmap subtable (format 12 preferred, else format 4). */
function readCmap(dv: DataView, cmap: number): (cp: number) => number {
  const n = dv.getUint16(cmap + 2);
  let f4 = -1;
  let f12 = -1;
  for (let i = 0; i < n; i++) {
    const rec = cmap + 4 + 8 * i;
    const platform = dv.getUint16(rec);
    const encoding = dv.getUint16(rec + 2);
    const off = cmap + dv.getUint32(rec + 4);
    const format = dv.getUint16(off);
    if (platform === 3 && encoding === 10 && format === 12) f12 = off;
    if ((platform === 3 && encoding === 1 && format === 4) || (platform === 0 && format === 4 && f4 < 0))
      f4 = off;
  }
  if (f12 >= 0) {
    const groups = dv.getUint32(f12 + 12);
    return (cp) => {
      let lo = 0;
      let hi = groups - 1;
      while (lo <= hi) {
        const mid = (lo + hi) >> 1;
        const g = f12 + 16 + 12 * mid;
        const start = dv.getUint32(g);
        const end = dv.getUint32(g + 4);
        if (cp < start) hi = mid - 1;
        else if (cp > end) lo = mid + 1;
        else return dv.getUint32(g + 8) + (cp - start);
      }
      return 0;
    };
  }
  if (f4 < 0) throw new Error('font has no Unicode cmap');
  const segX2 = dv.getUint16(f4 + 6);
  const ends = f4 + 14;
  const starts = ends + segX2 + 2;
  const deltas = starts + segX2;
  const rangeOffsets = deltas + segX2;
  return (cp) => {
    if (cp > 0xffff) return 0;
    for (let s = 0; s < segX2; s += 2) {
      if (cp > dv.getUint16(ends + s)) continue;
      const start = dv.getUint16(starts + s);
      if (cp < start) return 0;
      const delta = dv.getInt16(deltas + s);
      const ro = dv.getUint16(rangeOffsets + s);
      if (ro === 0) return (cp + delta) & 0xffff;
      const glyph = dv.getUint16(rangeOffsets + s + ro + 2 * (cp - start));
      return glyph === 0 ? 0 : (glyph + delta) & 0xffff;
    }
    return 0;
  };
}

let loaded: { regular: FontMetrics; bold: FontMetrics } | null | undefined;

/** Metrics of the chart font, loaded once; null when the font files are missing. */
export function chartFontMetrics(): { regular: FontMetrics; bold: FontMetrics } | null {
  if (loaded !== undefined) return loaded;
  const files = fontFiles();
  loaded = files
    ? {
        regular: new FontMetrics(readFileSync(files.regular)),
        bold: new FontMetrics(readFileSync(files.bold)),
      }
    : null;
  return loaded;
}
