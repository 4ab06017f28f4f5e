// segments.csv is written as measurements arrive (never held in memory), through papaparse.
import { createWriteStream, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import Papa from 'papaparse';
import type { Measurement } from '../types.js';

/** Contract columns first (issue #2), extra columns after. */
export const SEGMENT_COLUMNS = ['corpus', 'segment_id', 'domain', 'lang', 'tokenizer', 'tokens', 'chars', 'bytes', 'words', 'continued_words', 'fallback_tokens'] as const;

const toRow = (m: Measurement) => [m.corpus, m.segmentId, m.domain, m.lang, m.tokenizer, m.tokens, m.chars, m.bytes, m.words, m.continuedWords, m.fallbackTokens];

export class SegmentsWriter {
  private readonly out: WriteStream;
  private rows = 0;

  constructor(path: string) {
    this.out = createWriteStream(path, { encoding: 'utf8' });
    this.out.write(Papa.unparse([[...SEGMENT_COLUMNS]], { newline: '\n' }) + '\n');
  }

  get written(): number {
    return this.rows;
  }

  async write(rows: readonly Measurement[]): Promise<void> {
    if (!rows.length) return;
    const text = Papa.unparse(rows.map(toRow), { newline: '\n', header: false }) + '\n';
    this.rows += rows.length;
    if (!this.out.write(text)) await once(this.out, 'drain');
  }

  async close(): Promise<void> {
    this.out.end();
    await once(this.out, 'finish');
  }
}
