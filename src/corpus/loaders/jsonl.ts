// JSONL: one object per line, {"id", "domain", "source_lang"?, "en": "...", "fr": "...", ...}. Language keys
// may be ISO 639-1, 639-3 or FLORES codes. The languages are those of the first object; several files
// (the built-in corpus) are read one after the other as one corpus.
import { basename } from 'node:path';
import { UserError } from '../../errors.js';
import type { CorpusOptions, CorpusProvenance, Lang, ParallelCorpus } from '../../types.js';
import { DEFAULT_DOMAIN, encodingNotes, idFromPath, selectLangs } from '../common.js';
import { normalizeLang } from '../langs.js';
import { readLines, scanFiles } from '../text.js';
import { makeCorpus, type RawSegment, type Validator } from '../validate.js';

const ID_KEYS = new Set(['id', 'segment_id']);
const DOMAIN_KEYS = new Set(['domain']);
const SOURCE_KEYS = new Set(['source_lang', 'sourcelang', 'src_lang', 'source_language']);
const keyOf = (k: string) =>
  k
    .trim()
    .toLowerCase()
    .replace(/[-\s]+/g, '_');

const SHAPE_HINT =
  'write one JSON object per line, e.g. {"id": "1", "domain": "chat", "en": "Hello", "fr": "Bonjour"}';

interface Parsed {
  id?: string;
  domain?: string;
  source?: string;
  text: Map<Lang, unknown>;
  /** Keys that are neither languages nor id/domain/source_lang. */
  other: string[];
}

/** Parses one non-blank line; throws a UserError naming the file and line when it is not a JSON object. */
function parseLine(line: string, file: string, n: number): Parsed {
  let obj: unknown;
  try {
    obj = JSON.parse(line);
  } catch (e) {
    throw new UserError(
      'input',
      `${basename(file)} line ${n}: invalid JSON (${(e as Error).message})`,
      SHAPE_HINT,
    );
  }
  if (typeof obj !== 'object' || obj === null || Array.isArray(obj)) {
    throw new UserError(
      'input',
      `${basename(file)} line ${n}: expected a JSON object, found ${Array.isArray(obj) ? 'an array' : obj === null ? 'null' : typeof obj}`,
      SHAPE_HINT,
    );
  }
  const p: Parsed = { text: new Map(), other: [] };
  const scalar = (k: string, v: unknown): string | undefined => {
    if (v === null || v === undefined) return undefined;
    if (typeof v === 'string') return v.trim();
    if (typeof v === 'number') return String(v);
    throw new UserError(
      'input',
      `${basename(file)} line ${n}: "${k}" must be a string, found ${Array.isArray(v) ? 'an array' : typeof v}`,
      SHAPE_HINT,
    );
  };
  for (const [k, v] of Object.entries(obj as Record<string, unknown>)) {
    const key = keyOf(k);
    if (ID_KEYS.has(key)) p.id ??= scalar(k, v);
    else if (DOMAIN_KEYS.has(key)) p.domain ??= scalar(k, v);
    else if (SOURCE_KEYS.has(key)) p.source ??= scalar(k, v);
    else {
      const l = normalizeLang(k);
      if (!l) p.other.push(k);
      else if (p.text.has(l))
        throw new UserError(
          'input',
          `${basename(file)} line ${n}: two keys mean ${l} ("${k}" and an earlier one)`,
          'keep one key per language',
        );
      else p.text.set(l, v);
    }
  }
  return p;
}

/** The first object of the first file that has one (its keys define the corpus languages). */
async function firstObject(files: string[]): Promise<{ parsed: Parsed; file: string } | undefined> {
  for (const f of files) {
    let n = 0;
    for await (const line of readLines(f)) {
      n++;
      if (line.trim() === '') continue;
      return { parsed: parseLine(line, f, n), file: f };
    }
  }
  return undefined;
}

export interface JsonlSpec {
  id: string;
  name: string;
  files: string[];
  format: CorpusProvenance['format'];
  path: string;
  licence?: string;
  description?: string;
}

export async function openJsonl(spec: JsonlSpec, opts: CorpusOptions): Promise<ParallelCorpus> {
  const { id, files } = spec;
  const multi = files.length > 1;
  const { scans, sha256 } = await scanFiles(files);
  const first = await firstObject(files);
  if (!first)
    throw new UserError(
      'input',
      `corpus "${id}" is empty: ${files.map((f) => basename(f)).join(', ')} ${files.length > 1 ? 'hold' : 'holds'} no JSON objects`,
      SHAPE_HINT,
    );
  const where = new Map([...first.parsed.text.keys()].map((l) => [l, `key "${l}"`]));
  if (!where.size) {
    throw new UserError(
      'input',
      `${basename(first.file)}: the first object has no language keys (keys: ${first.parsed.other.join(', ') || 'none'})`,
      SHAPE_HINT,
    );
  }
  const langs = selectLangs(id, where, opts, 'key');
  const notes = encodingNotes(scans);
  const unread = [...where.keys()].filter((l) => !langs.includes(l));
  if (unread.length) notes.push(`language keys not read (not in --langs): ${unread.join(', ')}`);

  const fileTag = (f: string) => (multi ? `${idFromPath(f)}-` : '');
  return makeCorpus(
    {
      id,
      name: spec.name,
      langs,
      notes,
      opts,
      size: scans.reduce((a, s) => a + s.lines, 0),
      provenance: {
        path: spec.path,
        sha256,
        format: spec.format,
        licence: spec.licence,
        description: spec.description,
      },
    },
    async function* (v: Validator): AsyncGenerator<RawSegment> {
      const otherKeys = new Set<string>();
      const badSource = new Set<string>();
      for (const f of files) {
        let n = 0;
        for await (const line of readLines(f)) {
          n++;
          if (line.trim() === '') {
            v.skip('empty', `${basename(f)} line ${n} (blank)`);
            continue;
          }
          const p = parseLine(line, f, n);
          for (const k of p.other) {
            if (!otherKeys.has(k) && otherKeys.size < 20) {
              otherKeys.add(k);
              v.report.notes.push(
                `key "${k}" ignored (not a language code, id, domain or source_lang), first seen in ${basename(f)} line ${n}`,
              );
            }
          }
          const text: Record<Lang, string | undefined> = {};
          for (const l of langs) {
            const t = p.text.get(l);
            if (t === undefined || t === null) text[l] = undefined;
            else if (typeof t === 'string') text[l] = t;
            else
              throw new UserError(
                'input',
                `${basename(f)} line ${n}: the ${l} text must be a string, found ${Array.isArray(t) ? 'an array' : typeof t}`,
                SHAPE_HINT,
              );
          }
          let sourceLang: Lang | undefined;
          if (p.source) {
            sourceLang = normalizeLang(p.source);
            if (!sourceLang && !badSource.has(p.source) && badSource.size < 5) {
              badSource.add(p.source);
              v.report.notes.push(
                `source_lang "${p.source}" is not a language code (${basename(f)} line ${n}); left unset`,
              );
            }
          }
          yield {
            id: p.id || `${fileTag(f)}line-${n}`,
            domain: p.domain || DEFAULT_DOMAIN,
            sourceLang,
            text,
          };
        }
      }
    },
  );
}

export async function openJsonlFile(file: string, opts: CorpusOptions): Promise<ParallelCorpus> {
  return openJsonl(
    { id: idFromPath(file), name: basename(file), files: [file], format: 'jsonl', path: file },
    opts,
  );
}
