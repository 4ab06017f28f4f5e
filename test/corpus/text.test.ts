// The byte layer: strict UTF-8 with exact offsets (also across the 64 KiB read chunks), line counts, BOM, CRLF.
import fc from 'fast-check';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findInvalidUtf8, readLines, scanFile } from '../../src/corpus/text.js';
import { expectUserError, files } from './util.js';

const enc = (s: string) => new TextEncoder().encode(s);
const cat = (...parts: (Uint8Array | number[])[]) => Uint8Array.from(parts.flatMap((p) => [...p]));

async function lines(file: string): Promise<string[]> {
  const out: string[] = [];
  for await (const l of readLines(file)) out.push(l);
  return out;
}

describe('findInvalidUtf8', () => {
  it.each([
    ['valid ASCII and multi-byte', cat(enc('café ✓ 𝄞')), undefined],
    ['lone Latin-1 é', cat(enc('caf'), [0xe9], enc(' x')), { offset: 3, truncated: false }],
    ['overlong slash', cat(enc('a'), [0xc0, 0xaf]), { offset: 1, truncated: false }],
    ['UTF-16 surrogate', cat([0xed, 0xa0, 0x80]), { offset: 0, truncated: false }],
    ['above U+10FFFF', cat(enc('ab'), [0xf4, 0x90, 0x80, 0x80]), { offset: 2, truncated: false }],
    ['cut-off 3-byte char at the end', cat(enc('ab'), [0xe2, 0x9c]), { offset: 2, truncated: true }],
    ['lead byte followed by ASCII', cat(enc('x'), [0xe2, 0x41, 0x42]), { offset: 1, truncated: false }],
  ])('%s', (_n, bytes, want) => {
    expect(findInvalidUtf8(bytes)).toEqual(want);
  });

  it('agrees with the fatal TextDecoder on arbitrary bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (b) => {
        let ok = true;
        try {
          new TextDecoder('utf-8', { fatal: true }).decode(b);
        } catch {
          ok = false;
        }
        expect(findInvalidUtf8(b) === undefined).toBe(ok);
      }),
      { seed: 42, numRuns: 2000 },
    );
  });
});

describe('scanFile and readLines', () => {
  it('counts lines as an editor does and strips BOM and CRLF', async () => {
    const dir = files({
      'a.txt': 'one\ntwo\nthree\n',
      'b.txt': 'one\ntwo\nthree',
      'c.txt': '\uFEFFone\r\ntwo\r\n',
      'd.txt': '',
      'e.txt': '\uFEFF',
      'f.txt': '\n\n',
    });
    const want = {
      'a.txt': [3, false, false],
      'b.txt': [3, false, false],
      'c.txt': [2, true, true],
      'd.txt': [0, false, false],
      'e.txt': [0, true, false],
      'f.txt': [2, false, false],
    } as const;
    for (const [f, [n, bom, crlf]] of Object.entries(want)) {
      const s = await scanFile(join(dir, f));
      expect([s.lines, s.bom, s.crlf], f).toEqual([n, bom, crlf]);
      expect((await lines(join(dir, f))).length, f).toBe(n);
    }
    expect(await lines(join(dir, 'c.txt'))).toEqual(['one', 'two']);
  });

  it('reports invalid UTF-8 with the file, byte offset and line', async () => {
    const dir = files({ 'x.en': cat(enc('hello\nsecond '), [0xe9], enc('t\n')) });
    await expectUserError(scanFile(join(dir, 'x.en')), [
      'invalid UTF-8',
      'x.en',
      'byte offset 13',
      'line 2',
      '0xE9',
    ]);
    await expectUserError(lines(join(dir, 'x.en')), ['byte offset 13', 'line 2']);
  });

  it('finds the offset past the first 64 KiB chunk, and keeps a character split across chunks', async () => {
    const pre = 'a'.repeat(65535) + '\n'; // 65,536 bytes: the first chunk ends here
    const okSplit = cat(enc('b'.repeat(65535)), enc('é'), enc('\n')); // é straddles the chunk boundary
    const bad = cat(enc(pre), enc('xyz'), [0xff], enc('\n'));
    const lone = cat(enc('c'.repeat(65535)), [0xc3], enc('A\n')); // lead byte at the end of chunk 1, ASCII after
    const cut = cat(enc('abc\n'), [0xf0, 0x9f]);
    const dir = files({ 'ok.txt': okSplit, 'bad.txt': bad, 'lone.txt': lone, 'cut.txt': cut });
    expect((await lines(join(dir, 'ok.txt')))[0].endsWith('bé')).toBe(true);
    await expectUserError(scanFile(join(dir, 'bad.txt')), ['byte offset 65539', 'line 2']);
    await expectUserError(scanFile(join(dir, 'lone.txt')), ['byte offset 65535', 'line 1']);
    await expectUserError(scanFile(join(dir, 'cut.txt')), [
      'byte offset 4',
      'line 2',
      'ends inside a multi-byte character',
    ]);
  });
});
