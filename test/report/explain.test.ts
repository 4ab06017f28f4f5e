// `explain`: token pieces per tokenizer, shown honestly (byte pieces of a split character as ‹hex›), and the
// terminal, HTML and SVG renderings of the same view.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  explain,
  PLAIN_SEPARATOR,
  renderExplainTerminal,
  visibleChar,
  visibleText,
  writeExplainHtml,
  writeExplainSvg,
  type ExplainView,
} from '../../src/report/explain.js';
import { escHtml } from '../../src/report/html.js';
import { loadTokenizer } from '../../src/tokenizers/load.js';
import { resolveTokenizers } from '../../src/tokenizers/resolve.js';
import type { Tokenizer, TokenizerInfo } from '../../src/types.js';
import { tmp } from '../helpers.js';

const ESC = '\u001b';

function info(id: string): TokenizerInfo {
  return {
    id,
    name: `Test ${id}`,
    category: 'european',
    org: 'test',
    region: 'test',
    models: [],
    vocabSize: 256,
    engine: 'hf-json',
    source: { kind: 'file', ref: id },
    licence: 'none',
    provenance: 'test',
  };
}
const loadedFrom = { kind: 'file' as const, ref: 'test', files: [] };

/** A byte-level tokenizer without tokenStrings: one token per UTF-8 byte, decode() as a lossy TextDecoder would. */
function bytesOnlyDecoder(): Tokenizer {
  return {
    info: info('bytes-decode'),
    loadedFrom,
    encode: (t) => [...new TextEncoder().encode(t)],
    count: (t) => new TextEncoder().encode(t).length,
    decode: (ids) => new TextDecoder().decode(Uint8Array.from(Array.from(ids))),
  };
}

/** SentencePiece-like: byte-fallback pieces "<0xNN>" for every non-ASCII byte, "▁"-free display strings. */
function byteFallbackTokenizer(): Tokenizer {
  const bytes = (t: string) => [...new TextEncoder().encode(t)];
  return {
    info: info('sp-fallback'),
    loadedFrom,
    encode: (t) => bytes(t).map((b) => b + 1000 * Number(b >= 0x80 || b === 0x0a)),
    count: (t) => bytes(t).length,
    tokenStrings: (ids) =>
      Array.from(ids, (id) =>
        id >= 1000
          ? `<0x${(id - 1000).toString(16).toUpperCase().padStart(2, '0')}>`
          : String.fromCharCode(id),
      ),
    isFallback: (id) => id >= 1000,
  };
}

describe('visible characters', () => {
  it('shows whitespace, invisible characters and a leading combining mark', () => {
    expect(visibleChar(' ')).toBe('·');
    expect(visibleChar('\n')).toBe('⏎');
    expect(visibleChar('\t')).toBe('→');
    expect(visibleChar('\u00a0')).toBe('⍽');
    expect(visibleChar('\u200b')).toBe('‹U+200B›');
    expect(visibleChar('\ufe0f')).toBe('‹U+FE0F›');
    expect(visibleChar('\u0301', true)).toBe('◌\u0301');
    expect(visibleChar('\u0301', false)).toBe('\u0301');
    expect(visibleText('a b\n')).toBe('a·b⏎');
  });
});

describe('explain with a fake byte-level tokenizer', () => {
  it('marks tokens that hold part of a character, with their bytes (tokenStrings) or as ‹?› (decode only)', () => {
    // "é" = C3 A9, one token per byte.
    const view = explain('aé\n', [byteFallbackTokenizer(), bytesOnlyDecoder()]);
    const [sp, dec] = view.tokenizers;
    expect(sp.count).toBe(4);
    expect(sp.tokens.map((t) => t.shown)).toEqual(['a', '‹C3›', '‹A9›', '⏎']);
    expect(sp.tokens.map((t) => t.partial)).toEqual([false, true, true, false]);
    expect(sp.tokens.map((t) => t.fallback)).toEqual([false, true, true, true]);
    // A complete character given as a byte piece (<0x0A>) is shown as the character, with its text.
    expect(sp.tokens[3].text).toBe('\n');
    expect(sp.tokens[1].bytes).toEqual([0xc3]);
    expect(sp.tokens[1].text).toBeUndefined();
    expect(dec.tokens.map((t) => t.shown)).toEqual(['a', '‹?›', '‹?›', '⏎']);
    expect(dec.tokens.map((t) => t.partial)).toEqual([false, true, true, false]);
  });

  it('handles the empty text', () => {
    const view = explain('', [byteFallbackTokenizer()]);
    expect(view.tokenizers[0].count).toBe(0);
    expect(renderExplainTerminal(view, false)).toBe('sp-fallback (0 tokens): \n');
  });
});

describe('explain with cl100k_base', () => {
  let cl100k: Tokenizer;
  let o200k: Tokenizer;
  beforeAll(async () => {
    const { resolved } = await resolveTokenizers(['cl100k_base', 'o200k_base'], {
      explicit: true,
      offline: true,
    });
    [cl100k, o200k] = await Promise.all(resolved.map((r) => loadTokenizer(r)));
  });

  it('cuts "Straßenbahnhaltestelle" into Stra|ßen|b|ahn|hal|test|elle', () => {
    const view = explain('Straßenbahnhaltestelle', [cl100k]);
    const row = view.tokenizers[0];
    expect(row.id).toBe('cl100k_base');
    expect(row.count).toBe(7);
    expect(row.tokens.map((t) => t.shown)).toEqual(['Stra', 'ßen', 'b', 'ahn', 'hal', 'test', 'elle']);
    expect(row.tokens.every((t) => !t.partial && !t.fallback)).toBe(true);
    expect(renderExplainTerminal(view, false)).toBe('cl100k_base (7 tokens): Stra|ßen|b|ahn|hal|test|elle\n');
  });

  it('shows an emoji split into byte tokens as its UTF-8 bytes', () => {
    // 🦜 is U+1F99C = F0 9F A6 9C. cl100k_base encodes " 🦜" as ids 11410, 99, 250: " " + F0 9F, then the
    // single-byte tokens 99 and 250, which in the byte-level alphabet (ids 0–93 = 0x21–0x7E, 94–105 =
    // 0xA1–0xAC, …, 221–254 = 0x7F–0xA0) are 94 + 5 → 0xA6 and 221 + 29 → 0x9C.
    const text = 'I ❤️ 🦜 tea\n';
    const row = explain(text, [cl100k]).tokenizers[0];
    expect(row.tokens.slice(3, 6).map((t) => t.id)).toEqual([11410, 99, 250]);
    expect(row.tokens.map((t) => t.shown)).toEqual([
      'I',
      '·❤',
      '‹U+FE0F›',
      '·‹F0 9F›',
      '‹A6›',
      '‹9C›',
      '·tea',
      '⏎',
    ]);
    expect(row.tokens.map((t) => t.partial)).toEqual([false, false, false, true, true, true, false, false]);
    // The pieces' bytes put together are the text's UTF-8 bytes.
    expect(row.tokens.flatMap((t) => t.bytes ?? [])).toEqual([...new TextEncoder().encode(text)]);
  });

  describe('renderings', () => {
    let view: ExplainView;
    let dir: string;
    const text = 'Straßenbahn 🦜 & <b>';
    beforeAll(() => {
      view = explain(text, [cl100k, o200k]);
      dir = tmp('tokentax-explain-');
    });

    it('plain: one line per tokenizer with its count, separators, no ANSI escapes', () => {
      const out = renderExplainTerminal(view, false);
      expect(out).not.toContain(ESC);
      const lines = out.trimEnd().split('\n');
      expect(lines.length).toBe(2);
      expect(lines[0].startsWith('cl100k_base (')).toBe(true);
      expect(lines[1].startsWith('o200k_base (')).toBe(true);
      for (const [i, r] of view.tokenizers.entries()) {
        expect(lines[i]).toContain(`(${r.count} tokens):`);
        expect(lines[i].endsWith(r.tokens.map((t) => t.shown).join(PLAIN_SEPARATOR))).toBe(true);
      }
      // Pieces start in the same column on every line (labels padded to the longest, "cl100k_base (N tokens):").
      const starts = view.tokenizers.map(
        (r, i) => lines[i].length - r.tokens.map((t) => t.shown).join(PLAIN_SEPARATOR).length,
      );
      expect(starts[0]).toBe(starts[1]);
      expect(starts[0]).toBe(`cl100k_base (${view.tokenizers[0].count} tokens): `.length);
    });

    it('colour: alternating ANSI backgrounds, one per token', () => {
      const out = renderExplainTerminal(explain('Straßenbahnhaltestelle', [cl100k]), true);
      expect(out).toContain(ESC);
      // 7 tokens: backgrounds 153, 223, 153, 223, 153, 223, 153.
      expect(out.match(/48;5;153m/g)?.length).toBe(4);
      expect(out.match(/48;5;223m/g)?.length).toBe(3);
      expect(out).not.toContain(PLAIN_SEPARATOR);
      expect(out.replace(/\u001b\[[0-9;]*m/g, '')).toBe('cl100k_base (7 tokens): Straßenbahnhaltestelle\n');
    });

    it('HTML: self-contained, every piece present', async () => {
      const file = join(dir, 'explain.html');
      await writeExplainHtml(file, view);
      const html = readFileSync(file, 'utf8');
      expect(html).toContain('Content-Security-Policy');
      expect(html).not.toMatch(/\s(src|href)=/);
      for (const r of view.tokenizers) {
        expect(html).toContain(`${r.count} tokens`);
        for (const t of r.tokens) expect(html).toContain(`>${escHtml(t.shown)}</span>`);
      }
      expect(html).toContain('‹F0 9F›');
    });

    it('SVG: slide width, as tall as what it draws, drawn by vega, every piece present', async () => {
      const file = join(dir, 'explain.svg');
      await writeExplainSvg(file, view);
      const svg = readFileSync(file, 'utf8');
      // width, height and viewBox agree with each other and with the background vega paints over the drawing.
      const tag = /<svg\b[^>]*>/.exec(svg)![0];
      const w = Number(/\swidth="([\d.]+)"/.exec(tag)![1]);
      const h = Number(/\sheight="([\d.]+)"/.exec(tag)![1]);
      expect(w).toBe(1920);
      expect(h).toBeLessThan(1080);
      expect(tag).toContain(`viewBox="0 0 ${w} ${h}"`);
      const bg = /<rect width="([\d.]+)" height="([\d.]+)"/.exec(svg)!;
      expect(Math.abs(Number(bg[1]) - w)).toBeLessThanOrEqual(1);
      expect(Math.abs(Number(bg[2]) - h)).toBeLessThanOrEqual(1);
      expect(svg).toContain('class="marks"'); // vega's scenegraph output, not hand-written SVG
      const texts = [...svg.matchAll(/<text\b[^>]*>([^<]*)<\/text>/g)].map((m) =>
        m[1]
          .replace(/&lt;/g, '<')
          .replace(/&gt;/g, '>')
          .replace(/&quot;/g, '"')
          .replace(/&#39;|&apos;/g, "'")
          .replace(/&amp;/g, '&'),
      );
      for (const r of view.tokenizers) {
        expect(texts).toContain(r.id);
        expect(texts).toContain(String(r.count));
        for (const t of r.tokens) expect(texts).toContain(t.shown);
      }
    });
  });
});
