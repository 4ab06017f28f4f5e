// Byte-level reading shared by the loaders: one streaming pass that hashes and checks a file, and
// streaming decoders that yield text chunks or lines. Files are read in chunks, never whole.
import { createHash, type Hash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { UserError } from '../errors.js';

const CHUNK = 1 << 16;

/** What the first pass over a file found. */
export interface FileScan {
  path: string;
  bytes: number;
  /** Lines as an editor counts them: newline characters, plus one if the last line has none. */
  lines: number;
  bom: boolean;
  crlf: boolean;
}

/**
 * Offset of the first byte of the first ill-formed UTF-8 sequence in `b[from..]`, or -1 if there is none
 * (the rules of the WHATWG UTF-8 decoder: no overlongs, no surrogates, nothing above U+10FFFF).
 * `truncated` is true when the only problem is a sequence cut off by the end of `b`.
 */
export function findInvalidUtf8(b: Uint8Array, from = 0): { offset: number; truncated: boolean } | undefined {
  let needed = 0;
  let seen = 0;
  let lower = 0x80;
  let upper = 0xbf;
  let start = 0;
  for (let i = from; i < b.length; i++) {
    const x = b[i];
    if (needed === 0) {
      if (x <= 0x7f) continue;
      start = i;
      if (x >= 0xc2 && x <= 0xdf) needed = 1;
      else if (x >= 0xe0 && x <= 0xef) {
        if (x === 0xe0) lower = 0xa0;
        if (x === 0xed) upper = 0x9f;
        needed = 2;
      } else if (x >= 0xf0 && x <= 0xf4) {
        if (x === 0xf0) lower = 0x90;
        if (x === 0xf4) upper = 0x8f;
        needed = 3;
      } else return { offset: i, truncated: false };
      continue;
    }
    if (x < lower || x > upper) return { offset: start, truncated: false };
    lower = 0x80;
    upper = 0xbf;
    if (++seen === needed) needed = seen = 0;
  }
  return needed > 0 ? { offset: start, truncated: true } : undefined;
}

function countNewlines(b: Uint8Array, end = b.length): number {
  let n = 0;
  for (let i = b.indexOf(10); i !== -1 && i < end; i = b.indexOf(10, i + 1)) n++;
  return n;
}

/** Where a sequence left incomplete at the end of `b` starts (b.length if none is). */
function incompleteTailStart(b: Uint8Array): number {
  for (let k = 1; k <= 3 && k <= b.length; k++) {
    const x = b[b.length - k];
    if ((x & 0xc0) === 0x80) continue; // continuation byte: look further back
    const len = x >= 0xf0 ? 4 : x >= 0xe0 ? 3 : x >= 0xc0 ? 2 : 1;
    return len > k ? b.length - k : b.length;
  }
  return b.length;
}

/**
 * Streaming strict UTF-8 decoder that knows where it is: on ill-formed input it throws a UserError naming the
 * file, the byte offset and the line. Strips a leading BOM (TextDecoder does so by default).
 */
export class Utf8Reader {
  private readonly dec = new TextDecoder('utf-8', { fatal: true });
  private offset = 0;
  private newlines = 0;
  private prevTail: Uint8Array = new Uint8Array(0);
  constructor(private readonly file: string) {}

  push(chunk: Uint8Array): string {
    let s: string;
    try {
      s = this.dec.decode(chunk, { stream: true });
    } catch {
      this.fail(chunk);
    }
    this.offset += chunk.length;
    this.newlines += countNewlines(chunk);
    const t = incompleteTailStart(chunk);
    this.prevTail = chunk.subarray(t);
    return s;
  }

  end(): string {
    try {
      return this.dec.decode();
    } catch {
      // A multi-byte sequence cut off by the end of the file.
      this.throwAt(
        this.offset - this.prevTail.length,
        this.newlines,
        'the file ends inside a multi-byte character',
      );
    }
  }

  private fail(chunk: Uint8Array): never {
    // Re-check the bytes the decoder held back from the previous chunk plus this chunk, byte by byte.
    const joined = new Uint8Array(this.prevTail.length + chunk.length);
    joined.set(this.prevTail, 0);
    joined.set(chunk, this.prevTail.length);
    const bad = findInvalidUtf8(joined);
    const rel = bad && !bad.truncated ? bad.offset : this.prevTail.length;
    const abs = this.offset - this.prevTail.length + rel;
    const relInChunk = Math.max(0, rel - this.prevTail.length);
    const byte = joined[rel];
    this.throwAt(
      abs,
      this.newlines + countNewlines(chunk, relInChunk),
      `byte 0x${(byte ?? 0).toString(16).padStart(2, '0').toUpperCase()} starts no valid UTF-8 character`,
    );
  }

  private throwAt(offset: number, newlinesBefore: number, detail: string): never {
    throw new UserError(
      'input',
      `invalid UTF-8 in ${this.file} at byte offset ${offset} (line ${newlinesBefore + 1}): ${detail}`,
      'save the file as UTF-8 (e.g. `iconv -f latin1 -t utf-8 in > out`, or "Save as UTF-8" in your editor/spreadsheet)',
    );
  }
}

async function* rawChunks(file: string): AsyncGenerator<Uint8Array> {
  const stream = createReadStream(file, { highWaterMark: CHUNK });
  try {
    for await (const c of stream) yield c as Buffer;
  } catch (e) {
    throw readError(file, e);
  } finally {
    stream.destroy();
  }
}

function readError(file: string, e: unknown): UserError {
  if (e instanceof UserError) return e;
  const code = (e as NodeJS.ErrnoException)?.code;
  return new UserError(
    'input',
    `cannot read ${file}${code ? ` (${code})` : ''}`,
    'check that the file exists and is readable',
    { cause: e },
  );
}

/**
 * First pass over a file: size, line count, BOM and CRLF flags, strict UTF-8 check (throws with the
 * offset), and the bytes fed to `hash` (the corpus-wide SHA-256).
 */
export async function scanFile(file: string, hash?: Hash): Promise<FileScan> {
  let st;
  try {
    st = await stat(file);
  } catch (e) {
    throw readError(file, e);
  }
  if (!st.isFile())
    throw new UserError(
      'input',
      `${file} is not a regular file`,
      'point --corpus at a file or a corpus folder',
    );
  const reader = new Utf8Reader(file);
  let bytes = 0;
  let newlines = 0;
  let first = true;
  let bom = false;
  let crlf = false;
  let lastByte = -1;
  for await (const chunk of rawChunks(file)) {
    hash?.update(chunk);
    if (first) {
      bom = chunk.length >= 3 && chunk[0] === 0xef && chunk[1] === 0xbb && chunk[2] === 0xbf;
      first = false;
    }
    reader.push(chunk);
    if (!crlf) {
      if (lastByte === 13 && chunk[0] === 10) crlf = true;
      else
        for (let i = chunk.indexOf(13); i !== -1; i = chunk.indexOf(13, i + 1))
          if (chunk[i + 1] === 10) {
            crlf = true;
            break;
          }
    }
    newlines += countNewlines(chunk);
    bytes += chunk.length;
    lastByte = chunk[chunk.length - 1];
  }
  reader.end();
  // A BOM alone is no text: a file holding only a BOM has no lines, as readLines sees it.
  const lines = newlines + (bytes - (bom ? 3 : 0) > 0 && lastByte !== 10 ? 1 : 0);
  return { path: file, bytes, lines, bom, crlf };
}

/** Hashes files in the given order (callers sort by path) and scans each. */
export async function scanFiles(files: string[]): Promise<{ scans: FileScan[]; sha256: string }> {
  const hash = createHash('sha256');
  const scans: FileScan[] = [];
  for (const f of [...files].sort()) scans.push(await scanFile(f, hash));
  const byPath = new Map(scans.map((s) => [s.path, s]));
  return { scans: files.map((f) => byPath.get(f)!), sha256: hash.digest('hex') };
}

/** Decoded text of a file in chunks: BOM stripped, strict UTF-8, CRLF turned into LF. */
export async function* textChunks(file: string): AsyncGenerator<string> {
  const reader = new Utf8Reader(file);
  let carryCR = false;
  const fix = (s: string): string => {
    if (carryCR) s = '\r' + s;
    carryCR = s.endsWith('\r');
    if (carryCR) s = s.slice(0, -1);
    return s.includes('\r\n') ? s.replace(/\r\n/g, '\n') : s;
  };
  for await (const chunk of rawChunks(file)) {
    const s = fix(reader.push(chunk));
    if (s) yield s;
  }
  let tail = reader.end();
  if (carryCR) tail += '\r';
  carryCR = false;
  if (tail) yield tail;
}

/** Lines of a file without their line ends (LF or CRLF); a final newline does not start another line. */
export async function* readLines(file: string): AsyncGenerator<string> {
  // Pieces of a line that spans chunks are joined once, when its end arrives (no quadratic re-copying).
  let pending: string[] = [];
  for await (const s of textChunks(file)) {
    let start = 0;
    for (let nl = s.indexOf('\n'); nl !== -1; nl = s.indexOf('\n', start)) {
      const piece = s.slice(start, nl);
      yield pending.length ? pending.join('') + piece : piece;
      pending = [];
      start = nl + 1;
    }
    if (start < s.length) pending.push(s.slice(start));
  }
  if (pending.length) yield pending.join('');
}
