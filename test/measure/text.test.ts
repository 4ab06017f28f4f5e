import { describe, expect, it } from 'vitest';
import { codePoints, textStats, utf8Bytes, words } from '../../src/measure/text.js';

describe('text statistics', () => {
  it('counts code points, not UTF-16 units', () => {
    expect(codePoints('é')).toBe(1);
    expect(codePoints('e\u0301')).toBe(2); // e + combining acute: two code points
    expect(codePoints('😀a')).toBe(2); // surrogate pair counts once
    expect(codePoints('')).toBe(0);
  });

  it('counts UTF-8 bytes', () => {
    expect(utf8Bytes('aé€😀')).toBe(1 + 2 + 3 + 4);
  });

  it('keeps only word-like Intl.Segmenter segments and marks the ones after whitespace', () => {
    const ws = words('Il a dit : « bonjour » ! 3,5 %', 'fr');
    expect(ws.map((w) => w.text)).toEqual(['Il', 'a', 'dit', 'bonjour', '3,5']);
    expect(ws.map((w) => w.spaced)).toEqual([false, true, true, true, true]);
    expect(ws[3].start).toBe('Il a dit : « '.length);
  });

  it('marks a word glued to punctuation as not spaced', () => {
    expect(words('(hello)', 'en').map((w) => [w.text, w.spaced])).toEqual([['hello', false]]);
  });

  it('segments a very long text in pieces without losing or splitting words', () => {
    const unit = 'alpha beta gamma delta ';
    const text = unit.repeat(2000); // 46,000 characters: cut at whitespace into pieces
    const ws = words(text, 'en');
    expect(ws.length).toBe(8000);
    expect(ws.every((w) => text.slice(w.start, w.start + w.text.length) === w.text)).toBe(true);
    expect(new Set(ws.map((w) => w.text))).toEqual(new Set(['alpha', 'beta', 'gamma', 'delta']));
  });

  it('puts chars, bytes and words together', () => {
    expect(textStats('Grüße aus Köln', 'de')).toEqual({ chars: 14, bytes: 17, words: 3 });
  });
});
