// segments.csv is written as measurements arrive (never held in memory); the row format is the
// report stage's, so reading it back uses the same columns. Rows are formatted here rather than by papaparse,
// which the run spent about 0.25 s of the main thread on for 40,000 rows; the bytes are the same as
// formatSegmentsChunk's (tested), quoting a field exactly when papaparse does.
import { createWriteStream, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import Papa from 'papaparse';
import { SEGMENT_COLUMNS } from '../report/csv.js';
import { type Measurement, NOT_MEASURED } from '../types.js';

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
    const text = segmentsCsv(rows, this.rows === 0);
    this.rows += rows.length;
    if (!this.out.write(text)) await once(this.out, 'drain');
  }

  async close(): Promise<void> {
    // A run with no rows still gets a header line.
    if (this.rows === 0) this.out.write(Papa.unparse([[...SEGMENT_COLUMNS]], { newline: '\n' }) + '\n');
    this.out.end();
    await once(this.out, 'finish');
  }
}

/** A field as papaparse's unparse writes it (default quoting): quoted when it holds , " CR LF or a BOM, or starts or ends with a space. */
function field(s: string): string {
  const quote = s.includes('"');
  if (quote || s.includes(',') || s.includes('\n') || s.includes('\r') || s.includes('\ufeff') || s.charCodeAt(0) === 32 || s.charCodeAt(s.length - 1) === 32) {
    return `"${quote ? s.replace(/"/g, '""') : s}"`;
  }
  return s;
}

/** The text formatSegmentsChunk gives for these rows (header first when asked), ending in a newline. */
export function segmentsCsv(rows: readonly Measurement[], header: boolean): string {
  let out = header ? SEGMENT_COLUMNS.map(field).join(',') + '\n' : '';
  // The corpus, domain, language and tokenizer of consecutive rows repeat: their fields are formatted once.
  let lastCorpus = '', corpusF = '', lastDomain = '', domainF = '', lastTok = '', tokF = '';
  for (const m of rows) {
    if (m.corpus !== lastCorpus) corpusF = field((lastCorpus = m.corpus));
    if (m.domain !== lastDomain) domainF = field((lastDomain = m.domain));
    if (m.tokenizer !== lastTok) tokF = field((lastTok = m.tokenizer));
    // A count-only counter (a provider API) has no continued words or fallback: empty cells, as formatSegmentsChunk writes.
    const cw = m.continuedWords === NOT_MEASURED ? '' : m.continuedWords;
    const fb = m.fallbackTokens === NOT_MEASURED ? '' : m.fallbackTokens;
    out += `${corpusF},${field(m.segmentId)},${domainF},${field(m.lang)},${tokF},${m.tokens},${m.chars},${m.bytes},${m.words},${cw},${fb}\n`;
  }
  return out;
}
