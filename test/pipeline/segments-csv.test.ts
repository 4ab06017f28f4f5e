// segments.csv rows, formatted by hand for speed (formatSegmentsChunk), are byte for byte what papaparse's
// unparse writes for them, header and quoting included, so reading the file back with papaparse is unchanged.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import Papa from 'papaparse';
import { formatSegmentsChunk, SEGMENT_COLUMNS } from '../../src/report/csv.js';
import { type Measurement, NOT_MEASURED } from '../../src/types.js';

/** The reference: papaparse on the rows in SEGMENT_COLUMNS order, a figure not measured as an empty cell. */
const cell = (x: number) => (x === NOT_MEASURED ? '' : x);
function papaChunk(rows: readonly Measurement[], header: boolean): string {
  const data = rows.map((m) => [
    m.corpus,
    m.segmentId,
    m.domain,
    m.lang,
    m.tokenizer,
    m.tokens,
    m.chars,
    m.bytes,
    m.words,
    cell(m.continuedWords),
    cell(m.fallbackTokens),
  ]);
  return Papa.unparse({ fields: [...SEGMENT_COLUMNS], data }, { header, newline: '\n' }) + '\n';
}

const tricky = fc.oneof(
  fc.string({ maxLength: 8 }),
  fc.constantFrom(
    '',
    ' ',
    'a b',
    ' lead',
    'trail ',
    'a,b',
    'say "hi"',
    '"',
    'two\nlines',
    'cr\rhere',
    '\ufeffbom',
    'tab\t',
    'é€😀',
    '=1+2',
    '-3',
    "'quote",
  ),
);
const row: fc.Arbitrary<Measurement> = fc.record({
  corpus: tricky,
  segmentId: tricky,
  domain: tricky,
  lang: fc.constantFrom('en', 'fr', 'de', 'es'),
  tokenizer: tricky,
  tokens: fc.nat(),
  chars: fc.nat(),
  bytes: fc.nat(),
  words: fc.nat(),
  continuedWords: fc.oneof(fc.nat(), fc.constant(-1)),
  fallbackTokens: fc.oneof(fc.nat(), fc.constant(-1)), // -1: not measured (count-only counters)
});

describe('segments.csv writer', () => {
  it('writes what papaparse writes, with and without the header (fast-check, fixed seed)', () => {
    fc.assert(
      fc.property(
        fc.array(row, { minLength: 1, maxLength: 12 }),
        fc.boolean(),
        (rows, header) => formatSegmentsChunk(rows, header) === papaChunk(rows, header),
      ),
      { seed: 20261202, numRuns: 3000 },
    );
  });

  it('quotes a field with a comma, a quote, a line end, a BOM or an outer space, and doubles quotes', () => {
    const m: Measurement = {
      corpus: 'c',
      segmentId: 'a "b", c',
      domain: ' d',
      lang: 'en',
      tokenizer: 't',
      tokens: 1,
      chars: 2,
      bytes: 3,
      words: 4,
      continuedWords: 5,
      fallbackTokens: 0,
    };
    expect(formatSegmentsChunk([m], false)).toBe('c,"a ""b"", c"," d",en,t,1,2,3,4,5,0\n');
  });
});
