// Continued words (Rust et al. 2021, "How Good is Your Tokenizer?"): the words a tokenizer splits
// into two or more tokens. A word's tokens are counted by encoding the word on its own, the way the
// tokenizer sees it inside the text: when whitespace precedes it, as count(". " + word) − count("."),
// so byte-level BPE gets its leading space and SentencePiece its "▁"; otherwise as count(word).
import { RangeMap } from '../tokenizers/index.js';
import type { Tokenizer } from '../types.js';
import type { Word } from './text.js';

const MAX_CACHE = 200_000;

export class WordCounter {
  // One cache per context, looked up by the word's range of its text: a hit (most words) builds no string; only a
  // miss pays for the slice and the concatenation.
  private readonly spaced = new RangeMap(MAX_CACHE);
  private readonly bare = new RangeMap(MAX_CACHE);
  private readonly anchor: number;

  constructor(private readonly tokenizer: Pick<Tokenizer, 'count'>) {
    this.anchor = tokenizer.count('.');
  }

  /** Number of tokens of text[start, end), encoded alone as described above. */
  tokensAt(text: string, start: number, end: number, spaced: boolean): number {
    const cache = spaced ? this.spaced : this.bare;
    const h = RangeMap.hash(text, start, end);
    let n = cache.get(text, start, end, h);
    if (n < 0) {
      const word = text.slice(start, end);
      n = Math.max(0, spaced ? this.tokenizer.count('. ' + word) - this.anchor : this.tokenizer.count(word));
      cache.set(text, start, end, n, h);
    }
    return n;
  }

  /** Number of tokens of one word, encoded alone as described above. */
  tokensOf(word: string, spaced: boolean): number {
    return this.tokensAt(word, 0, word.length, spaced);
  }

  /** How many of `ws` take two or more tokens. */
  continued(ws: readonly Word[]): number {
    let n = 0;
    for (const w of ws) if (this.tokensOf(w.text, w.spaced) >= 2) n++;
    return n;
  }
}
