// segments.csv is written as measurements arrive (never held in memory); the rows are the report stage's
// (formatSegmentsChunk), so reading it back uses the same columns.
import { createWriteStream, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import { formatSegmentsChunk } from '../report/csv.js';
import type { Measurement } from '../types.js';

export class SegmentsWriter {
  private readonly out: WriteStream;
  private rows = 0;

  constructor(path: string) {
    this.out = createWriteStream(path, { encoding: 'utf8' });
  }

  get written(): number {
    return this.rows;
  }

  async write(rows: readonly Measurement[]): Promise<void> {
    if (!rows.length) return;
    const text = formatSegmentsChunk(rows, this.rows === 0);
    this.rows += rows.length;
    if (!this.out.write(text)) await once(this.out, 'drain');
  }

  async close(): Promise<void> {
    // A run with no rows still gets a header line.
    if (this.rows === 0) this.out.write(formatSegmentsChunk([], true));
    this.out.end();
    await once(this.out, 'finish');
  }
}
