// segments.csv is written as measurements arrive (never held in memory); the rows are the report stage's
// (formatSegmentsChunk), so reading it back uses the same columns.
import { createWriteStream, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import { fileError } from '../errors.js';
import { formatSegmentsChunk } from '../report/index.js';
import type { Measurement } from '../types.js';

export class SegmentsWriter {
  private readonly out: WriteStream;
  private rows = 0;
  /** A failed write (a full disk): kept from the stream's error event and thrown by the next call. */
  private failed?: unknown;

  constructor(private readonly path: string) {
    this.out = createWriteStream(path, { encoding: 'utf8' });
    this.out.on('error', (e) => (this.failed ??= fileError(e, path)));
  }

  get written(): number {
    return this.rows;
  }

  async write(rows: readonly Measurement[]): Promise<void> {
    this.check();
    if (!rows.length) return;
    const text = formatSegmentsChunk(rows, this.rows === 0);
    this.rows += rows.length;
    if (!this.out.write(text)) await this.settle('drain');
  }

  async close(): Promise<void> {
    this.check();
    // A run with no rows still gets a header line.
    if (this.rows === 0) this.out.write(formatSegmentsChunk([], true));
    this.out.end();
    await this.settle('finish');
  }

  /** Waits for the stream's event, or its error. */
  private async settle(event: 'drain' | 'finish'): Promise<void> {
    try {
      await once(this.out, event);
    } catch (e) {
      this.failed ??= fileError(e, this.path);
    }
    this.check();
  }

  private check(): void {
    if (this.failed) throw this.failed;
  }
}
