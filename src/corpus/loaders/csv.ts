// CSV/TSV with one column per language (papaparse), optional id, domain and source_lang columns.
// Parsing is streamed: the decoded text is cut into ~1 MB batches at line ends and each batch parsed
// with papaparse; a record whose quoted field runs past the batch end is carried into the next batch.
import Papa from 'papaparse';
import { basename } from 'node:path';
import { UserError } from '../../errors.js';
import type { CorpusOptions, Lang, ParallelCorpus } from '../../types.js';
import { DEFAULT_DOMAIN, encodingNotes, idFromPath, selectLangs } from '../common.js';
import { normalizeLang } from '../langs.js';
import { readLines, scanFiles, textChunks } from '../text.js';
import { makeCorpus } from '../validate.js';

const BATCH = 1 << 20;
/** A record longer than this is taken for an unterminated quote rather than buffered further. */
const MAX_RECORD = 32 << 20;

export interface CsvRecord {
  fields: string[];
  /** Line (1-based) where the record starts. */
  line: number;
}

const QUOTE_HINT =
  'put fields that contain the delimiter, quotes or line breaks in double quotes, and double any quote inside them ("")';

/** The records of a delimited file, streamed. Throws a UserError on malformed quoting. */
export async function* csvRecords(file: string, delimiter: string): AsyncGenerator<CsvRecord> {
  const name = basename(file);
  let buf = '';
  let line = 1; // line where `buf` starts

  function* drain(final: boolean): Generator<CsvRecord> {
    let text = buf;
    let rest = '';
    if (!final) {
      const cut = buf.lastIndexOf('\n') + 1;
      if (cut === 0) return; // no complete line yet
      text = buf.slice(0, cut);
      rest = buf.slice(cut);
    }
    const rows: { data: string[]; end: number; errors: Papa.ParseError[] }[] = [];
    Papa.parse<string[]>(text, {
      delimiter,
      newline: '\n',
      quoteChar: '"',
      step: (r) => void rows.push({ data: r.data, end: r.meta.cursor, errors: r.errors }),
    });
    let start = 0;
    let startLine = line;
    for (let i = 0; i < rows.length; i++) {
      const r = rows[i];
      // papaparse reports an empty row after a final newline; it consumes no characters.
      if (r.end === start && r.data.length === 1 && r.data[0] === '' && !r.errors.length) continue;
      const quoteErr = r.errors.find((e) => e.type === 'Quotes');
      if (quoteErr) {
        if (quoteErr.code === 'MissingQuotes' && i === rows.length - 1 && !final) {
          // The quoted field continues in the next batch: keep this record for then.
          if (text.length - start + rest.length > MAX_RECORD) {
            throw new UserError(
              'input',
              `${name} line ${startLine}: a quoted field runs on for more than ${MAX_RECORD >> 20} MB (unterminated quote?)`,
              QUOTE_HINT,
            );
          }
          buf = text.slice(start) + rest;
          line = startLine;
          return;
        }
        const what =
          quoteErr.code === 'MissingQuotes'
            ? 'a quoted field is never closed'
            : 'a closing quote is followed by other characters';
        throw new UserError(
          'input',
          `${name} line ${startLine}: malformed CSV quoting (${what})`,
          QUOTE_HINT,
        );
      }
      yield { fields: r.data, line: startLine };
      startLine += countNl(text, start, r.end);
      start = r.end;
    }
    buf = rest;
    line = startLine + countNl(text, start, text.length);
  }

  // After a record is carried over, wait until the buffer has doubled before parsing it again, so a long
  // quoted field costs O(n) parsing in total, not O(n^2).
  let threshold = BATCH;
  for await (const s of textChunks(file)) {
    buf += s;
    if (buf.length >= threshold) {
      yield* drain(false);
      threshold = Math.max(BATCH, 2 * buf.length);
    }
  }
  yield* drain(true);
}

function countNl(s: string, from: number, to: number): number {
  let n = 0;
  for (let i = s.indexOf('\n', from); i !== -1 && i < to; i = s.indexOf('\n', i + 1)) n++;
  return n;
}

// Column names that are not languages (compared in lower case, with - and space read as _).
const ID_COLS = new Set(['id', 'segment_id', 'seg_id', 'sentence_id']);
const DOMAIN_COLS = new Set(['domain']);
const SOURCE_COLS = new Set(['source_lang', 'sourcelang', 'src_lang', 'source_language']);
const colKey = (h: string) =>
  h
    .trim()
    .toLowerCase()
    .replace(/[-\s]+/g, '_');

interface Columns {
  lang: Map<Lang, number>;
  header: string[];
  id?: number;
  domain?: number;
  source?: number;
  ignored: string[];
  duplicate?: [string, string, Lang];
}

function classify(header: string[]): Columns {
  const c: Columns = { lang: new Map(), header, ignored: [] };
  header.forEach((raw, i) => {
    const k = colKey(raw);
    // Reserved names are never languages ("id" is also Indonesian's ISO 639-1 code: name that column "ind").
    if (ID_COLS.has(k) || DOMAIN_COLS.has(k) || SOURCE_COLS.has(k)) {
      if (ID_COLS.has(k) && c.id === undefined) c.id = i;
      else if (DOMAIN_COLS.has(k) && c.domain === undefined) c.domain = i;
      else if (SOURCE_COLS.has(k) && c.source === undefined) c.source = i;
      else c.ignored.push(`${raw.trim()} (repeated)`);
    } else {
      const l = normalizeLang(raw.trim());
      if (!l) c.ignored.push(raw.trim() || `(column ${i + 1}, no name)`);
      else if (c.lang.has(l)) c.duplicate ??= [header[c.lang.get(l)!].trim(), raw.trim(), l];
      else c.lang.set(l, i);
    }
  });
  return c;
}

const known = (c: Columns) => c.lang.size + (c.id !== undefined ? 1 : 0) + (c.domain !== undefined ? 1 : 0);

async function firstLine(file: string): Promise<string> {
  for await (const l of readLines(file)) return l;
  return '';
}

/** Opens a CSV (format "csv": comma, or semicolon/tab if the header says so) or TSV file. */
export async function openDelimited(
  file: string,
  format: 'csv' | 'tsv',
  opts: CorpusOptions,
): Promise<ParallelCorpus> {
  const id = idFromPath(file);
  const name = basename(file);
  const { scans, sha256 } = await scanFiles([file]);
  const scan = scans[0];

  // The delimiter: tab for TSV; for CSV the one of , ; tab that makes the most header cells recognisable
  // (spreadsheets in French or German locales write ";").
  const head = await firstLine(file);
  let delimiter = format === 'tsv' ? '\t' : ',';
  if (format === 'csv') {
    let best = -1;
    for (const d of [',', ';', '\t']) {
      const cells = Papa.parse<string[]>(head, { delimiter: d, newline: '\n' }).data[0] ?? [];
      const score = known(classify(cells));
      if (score > best) [best, delimiter] = [score, d];
    }
  }
  let header: CsvRecord | undefined;
  const it = csvRecords(file, delimiter);
  try {
    const r = await it.next();
    if (!r.done) header = r.value;
  } finally {
    await it.return(undefined);
  }
  if (!header || header.fields.every((f) => f.trim() === '')) {
    throw new UserError(
      'input',
      `corpus "${id}" is empty: ${name} has no header row`,
      'the first row names the columns: one language code per column (en, eng or eng_Latn), plus optional id and domain',
    );
  }
  const cols = classify(header.fields);
  if (cols.duplicate) {
    const [a, b, l] = cols.duplicate;
    throw new UserError(
      'input',
      `${name}: columns "${a}" and "${b}" are both ${l}`,
      'keep one column per language',
    );
  }
  const where = new Map([...cols.lang].map(([l, i]) => [l, `"${header!.fields[i].trim()}"`]));
  if (cols.lang.size === 0) {
    throw new UserError(
      'input',
      `${name}: no column is named with a language code (header: ${header.fields.map((f) => `"${f}"`).join(delimiter === '\t' ? ' ' : delimiter)})`,
      `name each language column with its code (en, eng or eng_Latn)${format === 'csv' ? '; for a tab-separated file use --format tsv' : ''}`,
    );
  }
  const langs = selectLangs(id, where, opts, 'column');
  const notes = encodingNotes(scans);
  if (delimiter !== (format === 'tsv' ? '\t' : ','))
    notes.push(
      `${name}: read with "${delimiter === '\t' ? 'tab' : delimiter}" as the delimiter (the header uses it)`,
    );
  const unread = [...cols.lang.keys()].filter((l) => !langs.includes(l));
  if (cols.ignored.length)
    notes.push(
      `${name}: columns ignored (not a language code, id, domain or source_lang): ${cols.ignored.join(', ')}`,
    );
  if (unread.length) notes.push(`${name}: language columns not read (not in --langs): ${unread.join(', ')}`);
  if (scan.lines <= 1)
    throw new UserError(
      'input',
      `corpus "${id}" is empty: ${name} has a header but no rows`,
      'add one row per segment',
    );

  return makeCorpus(
    {
      id,
      name,
      langs,
      notes,
      opts,
      size: scan.lines - 1,
      provenance: { path: file, sha256, format },
    },
    async function* (v) {
      let row = 0;
      let first = true;
      const width = header!.fields.length;
      for await (const rec of csvRecords(file, delimiter)) {
        if (first) {
          first = false;
          continue;
        } // the header
        row++;
        const f = rec.fields;
        if (f.length === 1 && f[0].trim() === '') {
          v.skip('empty', `line ${rec.line} (blank)`);
          continue;
        }
        if (f.length < width || f.slice(width).some((x) => x.trim() !== '')) {
          throw new UserError(
            'input',
            `${name} line ${rec.line}: ${f.length} fields where the header has ${width}`,
            format === 'csv' ? `${QUOTE_HINT}; a tab-separated file needs --format tsv` : QUOTE_HINT,
          );
        }
        const text: Record<Lang, string | undefined> = {};
        for (const l of langs) text[l] = f[cols.lang.get(l)!];
        const idv = cols.id !== undefined ? f[cols.id].trim() : '';
        const dom = cols.domain !== undefined ? f[cols.domain].trim() : '';
        const src = cols.source !== undefined ? normalizeLang(f[cols.source].trim()) : undefined;
        yield { id: idv || `row-${row}`, domain: dom || DEFAULT_DOMAIN, sourceLang: src, text };
      }
    },
  );
}
