// Text-only figures of a segment: they depend on the text, not the tokenizer, so they are computed
// once per segment and language.
import type { Lang, TextStats } from '../types.js';

/** A word-like span and whether whitespace precedes it (which decides how it is encoded alone). */
export interface Word {
  text: string;
  /** UTF-16 offset of the word in the text. */
  start: number;
  spaced: boolean;
}

const segmenters = new Map<Lang, Intl.Segmenter>();
function segmenter(lang: Lang): Intl.Segmenter {
  let s = segmenters.get(lang);
  if (!s) {
    s = new Intl.Segmenter(lang, { granularity: 'word' });
    segmenters.set(lang, s);
  }
  return s;
}

// ICU's word segmentation slows down sharply on very long strings (15 s for one 160 kB line,
// 30 ms for the same text as 1,000 lines), so long texts are cut at whitespace first.
const PIECE = 2000;
function* pieces(text: string): Generator<[string, number]> {
  let start = 0;
  while (text.length - start > PIECE) {
    let cut = text.lastIndexOf(' ', start + PIECE);
    if (cut <= start) cut = text.indexOf(' ', start + PIECE);
    if (cut < 0) break;
    yield [text.slice(start, cut), start];
    start = cut;
  }
  yield [text.slice(start), start];
}

const WS = /\s/u;

/** Intl.Segmenter word-like segments of `text`, in order. */
export function words(text: string, lang: Lang): Word[] {
  const out: Word[] = [];
  const seg = segmenter(lang);
  for (const [piece, offset] of pieces(text)) {
    for (const s of seg.segment(piece)) {
      if (!s.isWordLike) continue;
      const at = offset + s.index;
      out.push({ text: s.segment, start: at, spaced: at > 0 && WS.test(text[at - 1]) });
    }
  }
  return out;
}

const utf8 = new TextEncoder();

/** Code points of a string (not UTF-16 units). */
export function codePoints(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0xd800 || c > 0xdbff || i + 1 >= text.length) n++;
    else {
      const d = text.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) i++;
      n++;
    }
  }
  return n;
}

export function utf8Bytes(text: string): number {
  return utf8.encode(text).length;
}

export function textStats(text: string, lang: Lang, ws: Word[] = words(text, lang)): TextStats {
  return { chars: codePoints(text), bytes: utf8Bytes(text), words: ws.length };
}
