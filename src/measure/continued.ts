// Continued words (Rust et al. 2021, "How Good is Your Tokenizer?"): the words a tokenizer splits
// into two or more tokens. A word's tokens are counted by encoding the word on its own, the way the
// tokenizer sees it inside the text: when whitespace precedes it, as count(". " + word) − count("."),
// so byte-level BPE gets its leading space and SentencePiece its "▁"; otherwise as count(word).
import type { Tokenizer } from '../types.js';
import type { Word } from './text.js';

const MAX_CACHE = 200_000;

export class WordCounter {
  // Keyed by the bare word, one map per context, so a lookup builds no string (the chunk path looks up every
  // word of every text; only a miss pays for the concatenation).
  private readonly spaced = new Map<string, number>();
  private readonly bare = new Map<string, number>();
  private readonly anchor: number;

  constructor(private readonly tokenizer: Pick<Tokenizer, 'count'>) {
    this.anchor = tokenizer.count('.');
  }

  /** Number of tokens of one word, encoded alone as described above. */
  tokensOf(word: string, spaced: boolean): number {
    const cache = spaced ? this.spaced : this.bare;
    let n = cache.get(word);
    if (n === undefined) {
      n = spaced ? this.tokenizer.count('. ' + word) - this.anchor : this.tokenizer.count(word);
      if (cache.size >= MAX_CACHE) cache.clear();
      cache.set(word, n);
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
