// Text-only figures of a segment: they depend on the text, not the tokenizer, so they are computed once per
// segment and language (in the worker that takes the chunk's text pass, see chunk.ts).
//
// Words are Intl.Segmenter's word-like segments (Unicode UAX #29 word boundaries, as ICU implements them).
// ICU costs about 90 ns per character here, 20× a scan of the text, so words are found by a scanner that
// applies the same rules to the characters it has a table for (Latin, Greek, Cyrillic, Armenian, their
// punctuation, spaces, digits, combining marks and the common symbol blocks: `scanWords`), and hands any text
// holding another character (Hebrew, Arabic, CJK, Thai, emoji, ZWJ, astral planes, ...) to Intl.Segmenter.
// Within its table the scanner gives the same segments as ICU: every character of the table is checked
// against Intl.Segmenter in the contexts each rule looks at, random strings over the table are compared, and
// so are the test corpora (test/measure/text.test.ts, words.test.ts). At first use in a language, a set
// of probes compares the two again (`fastWordsFor`): a language whose segmenter ICU tailors differently, or an
// ICU that disagrees, keeps Intl.Segmenter.
import type { Lang, TextStats } from '../types.js';

/** A word-like span and whether whitespace precedes it (which decides how it is encoded alone). */
export interface Word {
  text: string;
  /** UTF-16 offset of the word in the text. */
  start: number;
  spaced: boolean;
}

// ---------------------------------------------------------------- Intl.Segmenter (the reference)

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

/** Word-like spans by Intl.Segmenter, appended to `out` as (start, end) pairs. */
function icuSpans(text: string, lang: Lang, out: SpanSink): void {
  const seg = segmenter(lang);
  for (const [piece, offset] of pieces(text)) {
    for (const s of seg.segment(piece))
      if (s.isWordLike) out.push(offset + s.index, offset + s.index + s.segment.length);
  }
}

// ---------------------------------------------------------------- the scanner

// Word_Break classes (UAX #29) of the characters the scanner knows; UNSUP sends the text to Intl.Segmenter.
const UNSUP = 0;
const OTHER = 1; // punctuation, symbols, spaces, line ends: a word never spans them
const ALETTER = 2;
const NUMERIC = 3;
const ENL = 4; // ExtendNumLet: connector punctuation and U+202F (narrow no-break space)
const MIDLETTER = 5; // joins letters: a:b, a·b
const MIDNUM = 6; // joins digits: 1,5 1;5
const MIDNUMLET = 7; // joins either: a.b 1.5 a’b, and U+0027
const EXT = 8; // Extend, Format: part of the character before (WB4)

/** Code point ranges the table covers (the rest of the BMP, surrogates and astral planes are UNSUP). */
const COVERED: readonly [number, number][] = [
  [0x0000, 0x058f], // Basic Latin … Cyrillic, Armenian
  [0x1d00, 0x1fff], // phonetic extensions, combining marks supplement, Latin Extended Additional, Greek Extended
  [0x2000, 0x2bff], // punctuation, super/subscripts, currency, letterlike, number forms, arrows, math, symbols
  [0x2c60, 0x2c7f], // Latin Extended-C
  [0x2de0, 0x2e7f], // Cyrillic Extended-A, supplemental punctuation
  [0xa640, 0xa69f], // Cyrillic Extended-B
  [0xa720, 0xa7ff], // Latin Extended-D
  [0xab30, 0xab6f], // Latin Extended-E
  [0xfb00, 0xfb06], // Latin ligatures
  [0xfe00, 0xfe0f], // variation selectors
  [0xfe20, 0xfe2f], // combining half marks
];

// UAX #29's explicit lists, within the covered ranges.
const MIDLETTER_CHARS = [0x003a, 0x00b7, 0x0387, 0x055f, 0x2027];
const MIDNUM_CHARS = [0x002c, 0x003b, 0x037e, 0x0589, 0x2044];
const MIDNUMLET_CHARS = [0x0027, 0x002e, 0x2018, 0x2019, 0x2024];
const EXTRA_ALETTER: readonly [number, number][] = [
  [0x00b8, 0x00b8],
  [0x02c2, 0x02c5],
  [0x02d2, 0x02d7],
  [0x02de, 0x02df],
  [0x02e5, 0x02eb],
  [0x02ed, 0x02ed],
  [0x02ef, 0x02ff],
  [0x055a, 0x055c],
  [0x055e, 0x055e],
  [0x058a, 0x058a],
  [0xa720, 0xa721],
  [0xa789, 0xa78a],
  [0xab5b, 0xab5b],
];
/** Characters left to Intl.Segmenter although covered: ZWJ (emoji sequences, WB3c) and the pictographs it joins. */
const ALWAYS_UNSUP = /[\u200d\p{Extended_Pictographic}\p{Regional_Indicator}]/u;

function classOf(cp: number): number {
  const ch = String.fromCharCode(cp);
  if (ALWAYS_UNSUP.test(ch)) return UNSUP;
  if (MIDLETTER_CHARS.includes(cp)) return MIDLETTER;
  if (MIDNUM_CHARS.includes(cp)) return MIDNUM;
  if (MIDNUMLET_CHARS.includes(cp)) return MIDNUMLET;
  if (cp === 0x202f || /\p{Pc}/u.test(ch)) return ENL;
  // Extend: Grapheme_Extend, spacing marks, emoji modifiers; Format: Cf except ZWSP (U+200B).
  if (/[\p{Grapheme_Extend}\p{Mc}]/u.test(ch) || (/\p{Cf}/u.test(ch) && cp !== 0x200b)) return EXT;
  if (/\p{Nd}/u.test(ch)) return NUMERIC;
  if (/\p{Alphabetic}/u.test(ch) || EXTRA_ALETTER.some(([a, b]) => cp >= a && cp <= b)) return ALETTER;
  return OTHER;
}

let table: Uint8Array | undefined;
/** Class of every BMP code unit (built on first use: about 12,000 characters, a few ms). */
function classes(): Uint8Array {
  if (!table) {
    table = new Uint8Array(0x10000); // UNSUP everywhere else
    for (const [a, b] of COVERED) for (let cp = a; cp <= b; cp++) table[cp] = classOf(cp);
  }
  return table;
}

/** Receives word spans. */
interface SpanSink {
  push(start: number, end: number): void;
}

/**
 * Word-like spans of `text` by the UAX #29 rules the scanner implements, appended to `out`; false (with `out`
 * possibly half-filled) as soon as a character outside the table appears.
 */
export function scanWords(text: string, out: SpanSink): boolean {
  const cls = classes();
  const n = text.length;
  let i = 0;
  while (i < n) {
    const c = cls[text.charCodeAt(i)];
    if (c === UNSUP) return false;
    if (c !== ALETTER && c !== NUMERIC && c !== ENL) {
      i++;
      continue;
    }
    // A word starts here: join what the rules join (WB5-WB13b), ignoring Extend/Format after a character (WB4).
    const first = c;
    let last = c;
    let bases = 1;
    let j = i + 1;
    for (;;) {
      while (j < n && cls[text.charCodeAt(j)] === EXT) j++;
      if (j >= n) break;
      const d = cls[text.charCodeAt(j)];
      if (d === UNSUP) return false;
      if (d === ALETTER || d === NUMERIC) {
        // WB5, WB8, WB9, WB10, WB13b (ExtendNumLet × letter or digit); a run of the same class at once (most
        // of a word), one table look-up a character.
        last = d;
        const from = j;
        do j++;
        while (j < n && cls[text.charCodeAt(j)] === d);
        bases += j - from;
        continue;
      }
      if (d === ENL) {
        // WB13a: letter, digit or ExtendNumLet × ExtendNumLet
        last = d;
        bases++;
        j++;
        continue;
      }
      if ((d === MIDLETTER || d === MIDNUM || d === MIDNUMLET) && (last === ALETTER || last === NUMERIC)) {
        // WB6/WB7 (letter Mid letter), WB11/WB12 (digit Mid digit): only with the same kind on both sides.
        if (last === ALETTER ? d === MIDNUM : d === MIDLETTER) break;
        let k = j + 1;
        while (k < n && cls[text.charCodeAt(k)] === EXT) k++;
        if (k >= n) break;
        const e = cls[text.charCodeAt(k)];
        if (e === UNSUP) return false;
        if (e !== last) break;
        bases++;
        j = k + 1;
        continue;
      }
      break;
    }
    // ICU gives no word status to a lone ExtendNumLet ("_"), nor to a word whose last character is an
    // ExtendNumLet followed by Extend/Format ("a_\u0301", "mot\u202f\u00ad"): such segments are not word-like.
    if (!(bases === 1 && first === ENL) && !(last === ENL && cls[text.charCodeAt(j - 1)] === EXT))
      out.push(i, j);
    i = j;
  }
  return true;
}

// Probes run at first use in a language: each rule's joining and breaking cases. A language whose
// Intl.Segmenter answers differently (an ICU tailoring or version) keeps Intl.Segmenter.
const PROBES = [
  "l'été a.b a:b a·b a’b 1,5 1;5 1.5 a.1 1.a a,b a;b a''b a..b 1,,5 'a a' _ __ a_b _1 1_ a_",
  'x\u0301y a\u0301.\u0301b \u0301a a\u00adb a\u2060b a\u200bb a\u200cb 10\u202f000 mot\u202f» ½ ² a² Ⅳ № ªb µ ˂b a¸b ǅ ß ꭛ ꭪',
  'U.S. e.g., 3.5% 1,000,000 O’Neill rock’n’roll can’t C# x86-64 Straße Ελληνικά кириллица Հայերեն',
  'a_\u0301 a\u202f\u00ad; 1_\u0301 _a\u0301 a\u00a0b a\u2007b a\u2009b a\tb a\r\nb a\u2028b «guillemets» „Anführung“ ¿Qué? ¡Sí! a/b a-b a–b a—b a…b',
];

const fast = new Map<Lang, boolean>();
/** True when the scanner agrees with Intl.Segmenter on the probes in this language (checked once). */
export function fastWordsFor(lang: Lang): boolean {
  let ok = fast.get(lang);
  if (ok === undefined) {
    // SpanLists here too: scanWords then only ever sees one kind of sink, which V8 inlines.
    ok = PROBES.every((p) => {
      const a = new SpanList(64);
      const b = new SpanList(64);
      a.forText(p);
      b.forText(p);
      if (!scanWords(p, a)) return false;
      icuSpans(p, lang, b);
      const x = a.view();
      const y = b.view();
      return x.length === y.length && x.every((v, i) => v === y[i]);
    });
    fast.set(lang, ok);
  }
  return ok;
}

/** A growable list of (start, end, spaced) triples: the packed word spans of a chunk (chunk.ts). */
export class SpanList implements SpanSink {
  buf: Int32Array;
  length = 0;
  private text = '';
  constructor(capacity = 1024) {
    this.buf = new Int32Array(3 * capacity);
  }
  /** Sets the text the next pushes belong to (for the whitespace test). */
  forText(text: string): void {
    this.text = text;
  }
  push(start: number, end: number): void {
    if (3 * (this.length + 1) > this.buf.length) {
      const next = new Int32Array(this.buf.length * 2);
      next.set(this.buf);
      this.buf = next;
    }
    const o = 3 * this.length++;
    this.buf[o] = start;
    this.buf[o + 1] = end;
    this.buf[o + 2] = start > 0 && isSpace(this.text.charCodeAt(start - 1)) ? 1 : 0;
  }
  /** Drops spans back to `length` (a scan that gave up part-way). */
  truncate(length: number): void {
    this.length = length;
  }
  view(): Int32Array {
    return this.buf.slice(0, 3 * this.length);
  }
}

/** JavaScript's \s (what "whitespace precedes the word" has always meant here). */
function isSpace(c: number): boolean {
  if (c <= 0x20) return c === 0x20 || (c >= 0x09 && c <= 0x0d);
  if (c < 0xa0) return false;
  return (
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000 ||
    c === 0xfeff
  );
}

/** Appends the word spans of one text to `out`; returns how many. */
export function wordSpans(text: string, lang: Lang, out: SpanList): number {
  const before = out.length;
  out.forText(text);
  if (fastWordsFor(lang) && scanWords(text, out)) return out.length - before;
  out.truncate(before);
  icuSpans(text, lang, out);
  return out.length - before;
}

/** Word-like segments of `text`, in order (Intl.Segmenter's, found as described above). */
export function words(text: string, lang: Lang): Word[] {
  const spans = new SpanList(64);
  wordSpans(text, lang, spans);
  return toWords(text, spans);
}

/** Intl.Segmenter's word-like segments, without the scanner (the reference the tests compare with). */
export function icuWords(text: string, lang: Lang): Word[] {
  const spans = new SpanList(64);
  spans.forText(text);
  icuSpans(text, lang, spans);
  return toWords(text, spans);
}

/** The spans of a SpanList as Word objects. */
function toWords(text: string, spans: SpanList): Word[] {
  const out: Word[] = [];
  for (let k = 0; k < spans.length; k++) {
    const s = spans.buf[3 * k];
    out.push({ text: text.slice(s, spans.buf[3 * k + 1]), start: s, spaced: spans.buf[3 * k + 2] === 1 });
  }
  return out;
}

// ---------------------------------------------------------------- characters and bytes

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

/** UTF-8 bytes of a string (a lone surrogate counts as the 3 bytes of U+FFFD, as TextEncoder writes it). */
export function utf8Bytes(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}

export function textStats(text: string, lang: Lang, ws: Word[] = words(text, lang)): TextStats {
  return { chars: codePoints(text), bytes: utf8Bytes(text), words: ws.length };
}
