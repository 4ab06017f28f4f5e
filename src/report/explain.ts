// `tokentax explain`: where each tokenizer cuts a text, shown honestly. One view, three renderings: a terminal
// line per tokenizer, a self-contained HTML page, and a slide-size SVG drawn from a Vega-Lite spec.
//
// Display convention (the same in every rendering):
//   · space   ⏎ line feed   ␍ carriage return   → tab   ⍽ no-break space
//   ‹U+FE0F›  an invisible or control character (format characters, variation selectors, other spaces)
//   ◌́         a combining mark that starts a token, drawn on a dotted circle
//   ‹F0 9F›   UTF-8 bytes that are only part of a character: byte-level tokenizers split characters
//             across tokens (🦜 = F0 9F A6 9C may become ‹F0 9F› ‹A6› ‹9C›); the hex values are the bytes
//   ‹?›       part of a character whose bytes the tokenizer does not expose (it has decode() but no
//             tokenStrings(), and decoding the token alone gives U+FFFD)
import { writeFile } from 'node:fs/promises';
import { outputError } from '../errors.js';
import type { Tokenizer, TokenizerCategory } from '../types.js';
import { CATEGORY_LABELS } from '../vocabulary.js';
import { renderChartSvg } from './charts.js';
import { chartFontMetrics, FONT_STACK } from './fonts.js';
import { escHtml, htmlPage } from './html.js';
import { CATEGORY_COLORS, CHART_HEIGHT, CHART_WIDTH, COLORS, SIZES, vegaLiteConfig } from './theme.js';

export interface ExplainToken {
  id: number;
  /** The token as displayed (see the convention at the top of this file). */
  shown: string;
  /** The token's exact characters, when it holds whole characters only. */
  text?: string;
  /** The token's UTF-8 bytes, when the tokenizer exposes them. */
  bytes?: number[];
  /** Holds bytes of a character that is split across tokens. */
  partial: boolean;
  /** Byte-fallback or unknown token (Tokenizer.isFallback). */
  fallback: boolean;
}

export interface ExplainRow {
  id: string;
  name: string;
  category: TokenizerCategory;
  count: number;
  tokens: ExplainToken[];
}

export interface ExplainView {
  text: string;
  tokenizers: ExplainRow[];
}

// ---------------------------------------------------------------- building the view

const BYTE_MARK = /<0x([0-9A-Fa-f]{2})>/g;
const enc = new TextEncoder();
const hex2 = (b: number) => b.toString(16).toUpperCase().padStart(2, '0');
const byteMarker = (bytes: number[]) => `‹${bytes.map(hex2).join(' ')}›`;

const VISIBLE: Record<string, string> = { ' ': '·', '\n': '⏎', '\r': '␍', '\t': '→', '\u00a0': '⍽' };
// Characters that print as nothing (or as a gap that cannot be told from another): shown by code point.
const INVISIBLE =
  /^[\p{Cc}\p{Cf}\p{Zs}\p{Zl}\p{Zp}\u{FE00}-\u{FE0F}\u{E0100}-\u{E01EF}\u{115F}\u{1160}\u{3164}]$/u;
const COMBINING = /^\p{M}$/u;

/** One character as displayed; `first` marks the start of a token (where a combining mark has no base). */
export function visibleChar(ch: string, first = false): string {
  const v = VISIBLE[ch];
  if (v) return v;
  if (INVISIBLE.test(ch)) return `‹U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}›`;
  if (first && COMBINING.test(ch)) return `◌${ch}`;
  return ch;
}

/** A whole string as displayed (whitespace and invisible characters made visible). */
export function visibleText(s: string): string {
  let out = '';
  let first = true;
  for (const ch of s) {
    out += visibleChar(ch, first);
    first = false;
  }
  return out;
}

type Unit = { ch: string } | { partial: number[] };

/**
 * Splits raw bytes into whole characters and runs of bytes that do not form one (a valid UTF-8 sequence
 * decodes to its character; anything else stays bytes).
 */
function bytesToUnits(bytes: number[]): Unit[] {
  const out: Unit[] = [];
  let pending: number[] = [];
  const flush = () => {
    if (pending.length) out.push({ partial: pending });
    pending = [];
  };
  for (let i = 0; i < bytes.length;) {
    const b = bytes[i];
    const len =
      b < 0x80 ? 1 : b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0;
    if (len > 0 && i + len <= bytes.length) {
      const seq = bytes.slice(i, i + len);
      let ch: string | undefined;
      try {
        ch = new TextDecoder('utf-8', { fatal: true }).decode(Uint8Array.from(seq));
      } catch {
        ch = undefined;
      }
      if (ch !== undefined && [...ch].length === 1) {
        flush();
        out.push({ ch });
        i += len;
        continue;
      }
    }
    pending.push(b);
    i++;
  }
  flush();
  return out;
}

/** A tokenStrings() piece → units: "<0xNN>" markers are raw bytes (engines' convention), the rest characters. */
function pieceUnits(piece: string): Unit[] {
  const units: Unit[] = [];
  let bytes: number[] = [];
  const flushBytes = () => {
    if (bytes.length) units.push(...bytesToUnits(bytes));
    bytes = [];
  };
  let last = 0;
  for (const m of piece.matchAll(BYTE_MARK)) {
    if (m.index! > last) {
      flushBytes();
      for (const ch of piece.slice(last, m.index)) units.push({ ch });
    }
    bytes.push(parseInt(m[1], 16));
    last = m.index! + m[0].length;
  }
  flushBytes();
  for (const ch of piece.slice(last)) units.push({ ch });
  return units;
}

function tokenFromUnits(id: number, units: Unit[], fallback: boolean): ExplainToken {
  let shown = '';
  let text = '';
  const bytes: number[] = [];
  let partial = false;
  units.forEach((u, i) => {
    if ('ch' in u) {
      shown += visibleChar(u.ch, i === 0);
      text += u.ch;
      bytes.push(...enc.encode(u.ch));
    } else {
      partial = true;
      shown += byteMarker(u.partial);
      bytes.push(...u.partial);
    }
  });
  return { id, shown, ...(partial ? {} : { text }), bytes, partial, fallback };
}

function explainOne(text: string, tok: Tokenizer): ExplainRow {
  const ids = Array.from(tok.encode(text));
  const fallback = (id: number) => tok.isFallback?.(id) ?? false;
  let tokens: ExplainToken[];
  if (tok.tokenStrings) {
    const pieces = tok.tokenStrings(ids);
    tokens = ids.map((id, i) => tokenFromUnits(id, pieceUnits(pieces[i] ?? ''), fallback(id)));
  } else if (tok.decode) {
    const decode = tok.decode.bind(tok);
    // Without a byte view, a token that decodes to U+FFFD (absent from the input) is part of a character.
    const inputHasFffd = text.includes('\uFFFD');
    tokens = ids.map((id) => {
      const s = decode([id]);
      if (!inputHasFffd && s.includes('\uFFFD')) {
        return {
          id,
          shown: visibleText(s).replaceAll('\uFFFD', '‹?›'),
          partial: true,
          fallback: fallback(id),
        };
      }
      return {
        id,
        shown: visibleText(s),
        text: s,
        bytes: [...enc.encode(s)],
        partial: false,
        fallback: fallback(id),
      };
    });
  } else {
    tokens = ids.map((id) => ({ id, shown: `‹id ${id}›`, partial: false, fallback: fallback(id) }));
  }
  return { id: tok.info.id, name: tok.info.name, category: tok.info.category, count: ids.length, tokens };
}

/** The token boundaries of `text` for each tokenizer, in the order given. */
export function explain(text: string, tokenizers: Tokenizer[]): ExplainView {
  return { text, tokenizers: tokenizers.map((t) => explainOne(text, t)) };
}

// ---------------------------------------------------------------- terminal

const ESC = '\u001b[';
/** Two light backgrounds (256-colour palette) with black text, alternating from token to token. */
const ANSI_BACKGROUNDS = [`${ESC}48;5;153m${ESC}38;5;16m`, `${ESC}48;5;223m${ESC}38;5;16m`];
const ANSI_RESET = `${ESC}0m`;
/** Separator between tokens in the plain rendering. */
export const PLAIN_SEPARATOR = '|';

function label(r: ExplainRow): string {
  return `${r.id} (${r.count} token${r.count === 1 ? '' : 's'}):`;
}

/**
 * One line per tokenizer: "id (N tokens): piece|piece|...". With `color`, tokens are told apart by alternating
 * ANSI background colours instead of separators; without it the output has no escape codes at all.
 */
export function renderExplainTerminal(view: ExplainView, color: boolean): string {
  const width = Math.max(0, ...view.tokenizers.map((r) => [...label(r)].length));
  const lines = view.tokenizers.map((r) => {
    const head = label(r).padEnd(width);
    if (!color) return `${head} ${r.tokens.map((t) => t.shown).join(PLAIN_SEPARATOR)}`;
    const body = r.tokens.map((t, i) => `${ANSI_BACKGROUNDS[i % 2]}${t.shown}${ANSI_RESET}`).join('');
    return `${ESC}1m${r.id}${ESC}22m${head.slice(r.id.length)} ${body}`;
  });
  return lines.join('\n') + (lines.length ? '\n' : '');
}

// ---------------------------------------------------------------- shared look (HTML, SVG)

/** Light tints of the Okabe–Ito sky blue and orange, alternating from token to token. */
const TOKEN_FILLS = ['#cce7f8', '#f8e2b0'];
const CONVENTION =
  '· space   ⏎ new line   → tab   ‹U+200B› invisible character   ‹F0 9F› bytes of a character split across tokens';

function tokenTitle(t: ExplainToken): string {
  const parts = [`id ${t.id}`];
  if (t.bytes) parts.push(`bytes ${t.bytes.map(hex2).join(' ')}`);
  if (t.partial) parts.push('part of a character');
  if (t.fallback) parts.push('byte-fallback or unknown token');
  return parts.join(' · ');
}

// ---------------------------------------------------------------- HTML

/** The view as one self-contained HTML page (inline CSS, nothing fetched). */
export function renderExplainHtml(view: ExplainView): string {
  const rows = view.tokenizers
    .map((r) => {
      const color = CATEGORY_COLORS[r.category] ?? COLORS.muted;
      const tokens = r.tokens
        .map((t, i) => {
          const cls = `t t${i % 2}${t.partial ? ' partial' : ''}${t.fallback ? ' fallback' : ''}`;
          return `<span class="${cls}" title="${escHtml(tokenTitle(t))}">${escHtml(t.shown)}</span>`;
        })
        .join('');
      return `<section class="row" data-tokenizer="${escHtml(r.id)}">
<h2><span class="cat" style="background:${color}" title="${escHtml(CATEGORY_LABELS[r.category] ?? r.category)}"></span><code>${escHtml(r.id)}</code> <span class="count">${r.count} token${r.count === 1 ? '' : 's'}</span> <span class="name">${escHtml(r.name)}</span></h2>
<div class="tokens">${tokens || '<span class="none">no tokens</span>'}</div>
</section>`;
    })
    .join('\n');
  return htmlPage({
    title: 'Token boundaries',
    csp: "default-src 'none'; style-src 'unsafe-inline'",
    css: `
body { font-family: ${FONT_STACK}; color: ${COLORS.text}; background: ${COLORS.background}; margin: 0 auto; padding: 24px; max-width: 1200px; line-height: 1.4; }
h1 { font-size: 1.8rem; margin: 0 0 .4rem; }
.text { white-space: pre-wrap; color: ${COLORS.muted}; border-left: 4px solid ${COLORS.accent}; padding: .3rem .8rem; margin: 0 0 1.5rem; }
.row { margin: 0 0 1.2rem; }
h2 { font-size: 1.05rem; margin: 0 0 .35rem; font-weight: normal; }
h2 code { font-weight: bold; font-size: 1.05rem; }
.cat { display: inline-block; width: .8em; height: .8em; border-radius: 2px; margin-right: .45em; vertical-align: baseline; }
.count { font-weight: bold; }
.name { color: ${COLORS.muted}; }
.tokens { font-size: 1.5rem; line-height: 2.1; word-break: break-all; }
.t { padding: .12em .16em; margin-right: 2px; border-radius: 4px; white-space: pre; }
.t0 { background: ${TOKEN_FILLS[0]}; }
.t1 { background: ${TOKEN_FILLS[1]}; }
.partial { outline: 2px dashed ${COLORS.muted}; outline-offset: -2px; }
.none { color: ${COLORS.muted}; }
.legend { color: ${COLORS.muted}; font-size: .9rem; border-top: 1px solid ${COLORS.grid}; padding-top: .6rem; }
`,
    body: `<h1>Token boundaries</h1>
<p class="text">${escHtml(view.text)}</p>
${rows}
<p class="legend">${escHtml(CONVENTION)}. Dashed outline: the token holds only part of a character. Hover a token for its id and bytes.</p>`,
  });
}

export async function writeExplainHtml(file: string, view: ExplainView): Promise<void> {
  await writeOut(file, renderExplainHtml(view));
}

// ---------------------------------------------------------------- SVG (Vega-Lite)

/** Text width in px with the chart font; a glyph the font lacks (emoji, CJK) is counted as 1 em. */
function measurer(): (s: string, size: number, bold?: boolean) => number {
  const m = chartFontMetrics();
  if (!m) return (s, size) => [...s].length * size * 0.6;
  const notdef = m.regular.width('\u{10FFFD}', 1);
  return (s, size, bold = false) => {
    const face = bold ? m.bold : m.regular;
    let w = 0;
    for (const ch of s) {
      const cw = face.width(ch, 1);
      w += (cw === notdef ? 1 : cw) * size;
    }
    return w;
  };
}

interface Box {
  x0: number;
  x1: number;
  y0: number;
  y1: number;
  xc: number;
  yc: number;
  shown: string;
  fill: string;
  partial: boolean;
}

/**
 * The Vega-Lite spec of the view at slide size: one block per tokenizer (label on the left, tokens wrapped
 * on the right), the largest font size that fits 1920×1080. Positions are computed here from the font's
 * advance widths and passed in pixels (scale: null), so each box fits its text.
 */
export function explainSpec(view: ExplainView): Record<string, unknown> {
  const measure = measurer();
  const pad = { left: 40, right: 48, top: 32, bottom: 24 };
  const titleH = SIZES.title + 28 + SIZES.subtitle + 10 + 8;
  const footerH = SIZES.footer + 24;
  const width = CHART_WIDTH - pad.left - pad.right;
  const availH = CHART_HEIGHT - pad.top - pad.bottom - titleH - footerH;

  const layout = (fs: number) => {
    const lineH = Math.round(fs * 1.55);
    const gapX = Math.max(2, Math.round(fs * 0.08));
    const inner = Math.round(fs * 0.18);
    const blockGap = Math.round(fs * 0.7);
    const labelW =
      Math.max(...view.tokenizers.map((r) => measure(r.id, fs, true) + measure(`  ${r.count}`, fs)), 0) + fs;
    const areaX = labelW;
    const areaW = width - labelW;
    const boxes: Box[] = [];
    const labels: { x: number; y: number; text: string; bold: boolean; color: string }[] = [];
    let y = 0;
    view.tokenizers.forEach((r) => {
      const cat = CATEGORY_COLORS[r.category] ?? COLORS.muted;
      labels.push({ x: 0, y: y + lineH / 2, text: r.id, bold: true, color: COLORS.text });
      labels.push({
        x: measure(r.id, fs, true) + fs * 0.4,
        y: y + lineH / 2,
        text: String(r.count),
        bold: false,
        color: cat,
      });
      let x = 0;
      let lines = 1;
      r.tokens.forEach((t, i) => {
        const w = measure(t.shown, fs) + 2 * inner;
        if (x > 0 && x + w > areaW) {
          x = 0;
          lines++;
        }
        const top = y + (lines - 1) * lineH + 2;
        boxes.push({
          x0: areaX + x,
          x1: areaX + x + w,
          y0: top,
          y1: top + lineH - 4,
          xc: areaX + x + w / 2,
          yc: top + (lineH - 4) / 2,
          shown: t.shown,
          fill: TOKEN_FILLS[i % 2],
          partial: t.partial,
        });
        x += w + gapX;
      });
      y += lines * lineH + blockGap;
    });
    return { fs, height: Math.max(lineH, y - blockGap), boxes, labels };
  };

  let best = layout(14);
  for (let fs = 44; fs >= 14; fs -= 2) {
    const l = layout(fs);
    if (l.height <= availH) {
      best = l;
      break;
    }
  }
  const px = (field: string) => ({ field, type: 'quantitative', scale: null });
  const fs = best.fs;
  const excerpt = visibleText(view.text);
  const subtitle = `“${excerpt.length > 110 ? `${excerpt.slice(0, 109)}…` : excerpt}”  ·  number: tokens`;
  const config = vegaLiteConfig();
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: { text: 'Token boundaries per tokenizer', subtitle },
    width,
    height: best.height + footerH,
    layer: [
      {
        data: { values: best.boxes },
        mark: { type: 'rect', cornerRadius: Math.round(fs * 0.15) },
        encoding: {
          x: px('x0'),
          x2: { field: 'x1' },
          y: px('y0'),
          y2: { field: 'y1' },
          fill: { field: 'fill', type: 'nominal', scale: null },
        },
      },
      {
        // Tokens that hold only part of a character: a dashed outline on top of the fill.
        data: { values: best.boxes.filter((b) => b.partial) },
        mark: {
          type: 'rect',
          cornerRadius: Math.round(fs * 0.15),
          fillOpacity: 0,
          stroke: COLORS.muted,
          strokeWidth: 2,
          strokeDash: [6, 4],
        },
        encoding: { x: px('x0'), x2: { field: 'x1' }, y: px('y0'), y2: { field: 'y1' } },
      },
      {
        data: { values: best.boxes },
        mark: { type: 'text', align: 'center', baseline: 'middle', fontSize: fs, color: COLORS.text },
        encoding: { x: px('xc'), y: px('yc'), text: { field: 'shown', type: 'nominal' } },
      },
      {
        data: { values: best.labels.filter((l) => l.bold) },
        mark: {
          type: 'text',
          align: 'left',
          baseline: 'middle',
          fontSize: fs,
          fontWeight: 'bold',
          color: COLORS.text,
        },
        encoding: { x: px('x'), y: px('y'), text: { field: 'text', type: 'nominal' } },
      },
      {
        data: { values: best.labels.filter((l) => !l.bold) },
        mark: { type: 'text', align: 'left', baseline: 'middle', fontSize: fs, fontWeight: 'bold' },
        encoding: {
          x: px('x'),
          y: px('y'),
          text: { field: 'text', type: 'nominal' },
          color: { field: 'color', type: 'nominal', scale: null },
        },
      },
      {
        data: { values: [{ x: 0, y: best.height + footerH - SIZES.footer / 2, text: CONVENTION }] },
        mark: {
          type: 'text',
          align: 'left',
          baseline: 'middle',
          fontSize: SIZES.footer,
          color: COLORS.muted,
        },
        encoding: { x: px('x'), y: px('y'), text: { field: 'text', type: 'nominal' } },
      },
    ],
    config: { ...config, padding: pad },
    // Laid out in pixels already: the renderer must not resize the view.
    usermeta: { tokentax: { chart: 'explain', fit: false } },
  };
}

/**
 * The view as a 1920×1080 SVG through the report's chart renderer. Only the SVG is kept: the renderer's PNG
 * uses the bundled Latin font alone, so emoji and CJK pieces would come out as empty boxes; a browser or
 * slide program viewing the SVG falls back to its own fonts for them.
 */
export async function renderExplainSvg(view: ExplainView): Promise<string> {
  return renderChartSvg(explainSpec(view));
}

export async function writeExplainSvg(file: string, view: ExplainView): Promise<void> {
  await writeOut(file, await renderExplainSvg(view));
}

async function writeOut(file: string, text: string): Promise<void> {
  try {
    await writeFile(file, text);
  } catch (e) {
    throw outputError(
      `cannot write ${file} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`,
      'check that the folder exists and is writable',
    );
  }
}
