// Geometry of the deck, worked out before anything is drawn: text measured with the deck font's advance widths
// (Liberation Sans, metric-compatible with the Arial the .pptx names), wrapped into lines, stacked into boxes,
// tables sized from their cells. A page refuses a box that overlaps another or leaves the slide, so a layout that
// would print text over text fails here instead of on screen; content that does not fit goes to the next slide.
import { chartFontMetrics } from './fonts.js';

/** LAYOUT_WIDE: 13.333 × 7.5 in (16:9). */
export const SLIDE_W = 13.333;
export const SLIDE_H = 7.5;
/** Left and right margin, and where the footer band starts (the master's footer and slide number sit below). */
export const MARGIN = 0.6;
export const CONTENT_BOTTOM = SLIDE_H - 0.62;
/** No text smaller than this (points). */
export const MIN_PT = 12;
/** Line pitch as a multiple of the font size: above the font's own 1.117 (ascent + descent), so lines never touch. */
export const LINE = 1.2;

export interface Run {
  text: string;
  size: number;
  bold?: boolean;
  italic?: boolean;
  color?: string;
}
export type Line = Run[];

/** Width of a run in inches. Measured widths are taken 3 % wider, for renderers that place glyphs differently. */
export function runWidth(r: Run): number {
  const m = chartFontMetrics();
  const pt = m ? (r.bold ? m.bold : m.regular).width(r.text, r.size) : [...r.text].length * r.size * 0.6;
  return (pt * 1.03) / 72;
}

export const lineWidth = (l: Line) => l.reduce((w, r) => w + runWidth(r), 0);
export const lineHeight = (l: Line) => (Math.max(MIN_PT, ...l.map((r) => r.size)) * LINE) / 72;
export const linesHeight = (ls: readonly Line[]) => ls.reduce((h, l) => h + lineHeight(l), 0);

/**
 * Breaks a line of runs into lines no wider than `width` inches, at spaces; a word wider than the width stays
 * whole on a line of its own (the caller checks widestWord against the width first).
 */
export function wrap(line: Line, width: number): Line[] {
  // Words carry their run's style and their trailing space; a word wider than the line (a long model id) is
  // broken after its slashes, hyphens and underscores, or as a last resort between characters.
  const words: Run[] = [];
  for (const r of line) {
    for (const p of r.text.split(/(?<= )/)) {
      if (!p) continue;
      if (runWidth({ ...r, text: p.trimEnd() }) <= width) words.push({ ...r, text: p });
      else words.push(...splitWord({ ...r, text: p }, width));
    }
  }
  const out: Line[] = [];
  let cur: Run[] = [];
  let w = 0;
  for (const word of words) {
    const ww = runWidth({ ...word, text: word.text.trimEnd() });
    if (cur.length && w + ww > width) {
      out.push(trimLine(cur));
      cur = [];
      w = 0;
    }
    cur.push(word);
    w += runWidth(word);
  }
  if (cur.length) out.push(trimLine(cur));
  return out.map(mergeRuns);
}

/** A word as pieces that each fit `width`: cut after / - _ where possible, else between characters. */
function splitWord(r: Run, width: number): Run[] {
  const parts = r.text.split(/(?<=[/_-])/);
  const out: Run[] = [];
  for (const p of parts) {
    if (runWidth({ ...r, text: p }) <= width) {
      out.push({ ...r, text: p });
      continue;
    }
    let cur = '';
    for (const ch of p) {
      if (cur && runWidth({ ...r, text: cur + ch }) > width) {
        out.push({ ...r, text: cur });
        cur = '';
      }
      cur += ch;
    }
    if (cur) out.push({ ...r, text: cur });
  }
  return out;
}

function trimLine(l: Run[]): Run[] {
  const last = l[l.length - 1];
  return [...l.slice(0, -1), { ...last, text: last.text.trimEnd() }].filter((r) => r.text);
}

/** Adjacent runs of one style as one run (fewer, longer text runs in the file). */
function mergeRuns(l: Line): Line {
  const out: Run[] = [];
  for (const r of l) {
    const p = out[out.length - 1];
    if (p && p.size === r.size && !!p.bold === !!r.bold && !!p.italic === !!r.italic && p.color === r.color)
      out[out.length - 1] = { ...p, text: p.text + r.text };
    else out.push({ ...r });
  }
  return out;
}

/** The widest piece of a line that wrap() keeps whole: words, long ones cut after / - _, in inches. */
export function widestWord(line: Line): number {
  let max = 0;
  for (const r of line)
    for (const w of r.text.split(' ')) {
      const pieces = runWidth({ ...r, text: w }) > 2 ? w.split(/(?<=[/_-])/) : [w];
      for (const p of pieces) max = Math.max(max, runWidth({ ...r, text: p }));
    }
  return max;
}

/** Lines of several paragraphs, each wrapped to `width`. */
export const wrapAll = (paras: readonly Line[], width: number) => paras.flatMap((p) => wrap(p, width));

// ---------------------------------------------------------------- pages

export interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

export interface Placed extends Box {
  kind: 'text' | 'image' | 'rule';
  lines?: Line[];
  align?: 'left' | 'right' | 'center';
  /** Image data (PNG, base64) and its alt text. */
  image?: { data: string; alt: string; name: string };
}

const EPS = 0.005;

export function intersects(a: Box, b: Box): boolean {
  return a.x < b.x + b.w - EPS && b.x < a.x + a.w - EPS && a.y < b.y + b.h - EPS && b.y < a.y + a.h - EPS;
}

/** One slide's boxes. Rules (table lines) may touch text; text and images may not overlap anything but rules. */
export class Page {
  readonly items: Placed[] = [];

  add(p: Placed): Placed {
    if (p.x < -EPS || p.y < -EPS || p.x + p.w > SLIDE_W + EPS || p.y + p.h > SLIDE_H + EPS)
      throw new Error(`layout: a ${p.kind} box (${fmtBox(p)}) leaves the slide`);
    if (p.kind !== 'rule') {
      const hit = this.items.find((q) => q.kind !== 'rule' && intersects(p, q));
      if (hit)
        throw new Error(`layout: a ${p.kind} box (${fmtBox(p)}) overlaps a ${hit.kind} box (${fmtBox(hit)})`);
    }
    this.items.push(p);
    return p;
  }

  /** A text block of wrapped lines at (x, y), `w` wide; returns its bottom. */
  text(x: number, y: number, w: number, lines: Line[], align: Placed['align'] = 'left'): number {
    const h = linesHeight(lines);
    if (lines.length) this.add({ kind: 'text', x, y, w, h, lines, align });
    return y + h;
  }
}

const fmtBox = (b: Box) =>
  `x ${b.x.toFixed(2)}, y ${b.y.toFixed(2)}, ${b.w.toFixed(2)} × ${b.h.toFixed(2)} in`;

// ---------------------------------------------------------------- tables

export interface Cell {
  /** Logical lines (each wrapped to the column's width). */
  lines: Line[];
  align?: 'left' | 'right';
}

export interface TableLayout {
  widths: number[];
  /** Each row's wrapped lines per cell, and its height. */
  rows: { cells: Line[][]; h: number }[];
  width: number;
}

const PAD_X = 0.1;
const PAD_Y = 0.05;

/**
 * Column widths that fit `avail` inches: each column's natural width (its longest line) when they all fit; else
 * the widest columns are narrowed, their text wrapping, down to their widest word. Undefined when even that is
 * too wide (the caller splits the columns over several tables).
 */
export function layoutTable(rows: readonly Cell[][], avail: number): TableLayout | undefined {
  const n = Math.max(...rows.map((r) => r.length));
  const natural = Array.from(
    { length: n },
    (_, c) =>
      Math.max(0.3, ...rows.map((r) => Math.max(0, ...(r[c]?.lines ?? []).map(lineWidth)))) + 2 * PAD_X,
  );
  const min = Array.from(
    { length: n },
    (_, c) =>
      Math.max(0.3, ...rows.map((r) => Math.max(0, ...(r[c]?.lines ?? []).map(widestWord)))) + 2 * PAD_X,
  );
  if (min.reduce((a, b) => a + b, 0) > avail) return undefined;
  const widths = [...natural];
  // Narrow the widest shrinkable column a step at a time until the table fits.
  for (let guard = 0; widths.reduce((a, b) => a + b, 0) > avail + 1e-6 && guard < 10000; guard++) {
    let k = -1;
    for (let c = 0; c < n; c++) if (widths[c] > min[c] + 1e-6 && (k < 0 || widths[c] > widths[k])) k = c;
    if (k < 0) return undefined;
    const excess = widths.reduce((a, b) => a + b, 0) - avail;
    widths[k] = Math.max(min[k], widths[k] - Math.max(0.02, Math.min(excess, 0.1)));
  }
  const laid = rows.map((r) => {
    const cells = widths.map((w, c) => wrapAll(r[c]?.lines ?? [], w - 2 * PAD_X));
    return { cells, h: Math.max(...cells.map(linesHeight)) + 2 * PAD_Y };
  });
  return { widths, rows: laid, width: widths.reduce((a, b) => a + b, 0) };
}

/**
 * Places a laid-out table from `top`, its header row (row 0) repeated on every page: the rows that fit go on this
 * page; returns the index of the first row left over (rows.length when all fit) and the bottom.
 */
export function placeTable(
  page: Page,
  t: TableLayout,
  aligns: ('left' | 'right')[],
  from: number,
  x: number,
  top: number,
  bottom: number,
  rule: (y: number, x: number, w: number) => void,
): { next: number; bottom: number } {
  let y = top;
  const put = (i: number) => {
    let cx = x;
    t.rows[i].cells.forEach((lines, c) => {
      if (lines.length)
        page.add({
          kind: 'text',
          x: cx + PAD_X,
          y: y + PAD_Y,
          w: t.widths[c] - 2 * PAD_X,
          h: linesHeight(lines),
          lines,
          align: aligns[c] ?? 'left',
        });
      cx += t.widths[c];
    });
    y += t.rows[i].h;
    rule(y, x, t.width);
  };
  put(0);
  let i = from;
  while (i < t.rows.length && y + t.rows[i].h <= bottom + 1e-6) put(i++);
  return { next: i, bottom: y };
}
