// Continued words (Rust et al. 2021, "How Good is Your Tokenizer?"): the words a tokenizer splits
// into two or more tokens. A word's tokens are counted by encoding the word on its own, the way the
// tokenizer sees it inside the text: when whitespace precedes it, as count(". " + word) − count("."),
// so byte-level BPE gets its leading space and SentencePiece its "▁"; otherwise as count(word).
import type { Tokenizer } from '../types.js';
import type { Word } from './text.js';

const MAX_CACHE = 200_000;

export class WordCounter {
  private readonly cache = new Map<string, number>();
  private readonly anchor: number;

  constructor(private readonly tokenizer: Pick<Tokenizer, 'count'>) {
    this.anchor = tokenizer.count('.');
  }

  /** Number of tokens of one word, encoded alone as described above. */
  tokensOf(word: string, spaced: boolean): number {
    const key = spaced ? ' ' + word : word;
    let n = this.cache.get(key);
    if (n === undefined) {
      n = spaced ? this.tokenizer.count('.' + key) - this.anchor : this.tokenizer.count(key);
      if (this.cache.size >= MAX_CACHE) this.cache.clear();
      this.cache.set(key, n);
    }
    return n;
  }

  /** How many of `ws` take two or more tokens. */
  continued(ws: readonly Word[]): number {
    let n = 0;
    for (const w of ws) if (this.tokensOf(w.text, w.spaced) >= 2) n++;
    return n;
  }
}
