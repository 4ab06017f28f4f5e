// segments.csv rows formatted by the run's own writer are byte for byte those of the report stage's papaparse
// formatter (formatSegmentsChunk), header and quoting included, so reading the file back is unchanged.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { segmentsCsv } from '../../src/pipeline/segments-csv.js';
import { formatSegmentsChunk } from '../../src/report/csv.js';
import type { Measurement } from '../../src/types.js';

const tricky = fc.oneof(
  fc.string({ maxLength: 8 }),
  fc.constantFrom('', ' ', 'a b', ' lead', 'trail ', 'a,b', 'say "hi"', '"', 'two\nlines', 'cr\rhere', '\ufeffbom', 'tab\t', 'é€😀', '=1+2', '-3', "'quote"),
);
const row: fc.Arbitrary<Measurement> = fc.record({
  corpus: tricky, segmentId: tricky, domain: tricky, lang: fc.constantFrom('en', 'fr', 'de', 'es'), tokenizer: tricky,
  tokens: fc.nat(), chars: fc.nat(), bytes: fc.nat(), words: fc.nat(), continuedWords: fc.oneof(fc.nat(), fc.constant(-1)), fallbackTokens: fc.oneof(fc.nat(), fc.constant(-1)), // -1: not measured (count-only counters)
});

describe('segments.csv writer', () => {
  it('writes what formatSegmentsChunk writes, with and without the header (fast-check, fixed seed)', () => {
    fc.assert(fc.property(fc.array(row, { minLength: 1, maxLength: 12 }), fc.boolean(), (rows, header) => segmentsCsv(rows, header) === formatSegmentsChunk(rows, header)), { seed: 20261202, numRuns: 3000 });
  });

  it('quotes a field with a comma, a quote, a line end, a BOM or an outer space, and doubles quotes', () => {
    const m: Measurement = { corpus: 'c', segmentId: 'a "b", c', domain: ' d', lang: 'en', tokenizer: 't', tokens: 1, chars: 2, bytes: 3, words: 4, continuedWords: 5, fallbackTokens: 0 };
    expect(segmentsCsv([m], false)).toBe('c,"a ""b"", c"," d",en,t,1,2,3,4,5,0\n');
  });
});
