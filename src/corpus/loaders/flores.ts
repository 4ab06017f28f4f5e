// FLORES-200 / FLORES+ folders: <dir>/<split>/<lang>_<Script>.<split> (FLORES-200), <split>.<lang>_<Script>
// (FLORES+ text release) or <lang>.<split> (FLORES-101), line-aligned. Domains come from
// metadata_<split>.tsv's `domain` column when it is there.
import { existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { basename, join, relative } from 'node:path';
import { UserError } from '../../errors.js';
import type { CorpusOptions, Lang, ParallelCorpus } from '../../types.js';
import { encodingNotes, idFromPath, pad, selectLangs } from '../common.js';
import { normalizeLang } from '../langs.js';
import { scanFiles } from '../text.js';
import { makeCorpus } from '../validate.js';
import { csvRecords } from './csv.js';
import { checkLineCounts, zipLines } from './lines.js';

export const FLORES_DOMAIN = 'flores';

/** The language code in a FLORES file name for `split`, or undefined when the name is not one. */
export function floresFileLang(file: string, split: string): string | undefined {
  let m = /^([a-z]{3})_([A-Z][a-z]{3})\.(.+)$/.exec(file);
  if (m && m[3] === split) return `${m[1]}_${m[2]}`;
  m = /^(.+)\.([a-z]{3})_([A-Z][a-z]{3})$/.exec(file);
  if (m && m[1] === split) return `${m[2]}_${m[3]}`;
  m = /^([a-z]{3})\.(.+)$/.exec(file);
  if (m && m[2] === split) return m[1];
  return undefined;
}

/** Splits of a FLORES folder and, per split, the files by FLORES code. Empty when it is not one. */
export async function floresLayout(dir: string): Promise<Map<string, Map<string, string>>> {
  const out = new Map<string, Map<string, string>>();
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch {
    return out;
  }
  for (const e of entries.filter((x) => x.isDirectory()).sort((a, b) => a.name.localeCompare(b.name))) {
    let files;
    try {
      files = await readdir(join(dir, e.name), { withFileTypes: true });
    } catch {
      continue;
    }
    const byCode = new Map<string, string>();
    for (const f of files
      .filter((x) => x.isFile())
      .map((x) => x.name)
      .sort()) {
      const code = floresFileLang(f, e.name);
      if (code) byCode.set(code, join(dir, e.name, f));
    }
    if (byCode.size) out.set(e.name, byCode);
  }
  return out;
}

/** What a fetched corpus says of itself instead of its folder's name (src/corpus/fetch.ts). */
export interface FloresIdentity {
  id: string;
  name: string;
  licence: string;
  description: string;
}

export async function openFlores(
  dir: string,
  opts: CorpusOptions,
  identity?: FloresIdentity,
): Promise<ParallelCorpus> {
  const id = identity?.id ?? idFromPath(dir);
  const layout = await floresLayout(dir);
  if (!layout.size) {
    throw new UserError(
      'input',
      `${dir} is not a FLORES folder: no <split>/<lang>_<Script>.<split> files found`,
      'point --corpus at the folder that holds dev/ and devtest/, or pass --format to read it another way',
    );
  }
  const present = [...layout.keys()];
  const splits = opts.splits?.length ? [...new Set(opts.splits)] : present;
  const unknown = splits.filter((s) => !layout.has(s));
  if (unknown.length) {
    throw new UserError(
      'input',
      `corpus "${id}" has no split ${unknown.map((s) => `"${s}"`).join(', ')}; it has ${present.join(', ')}`,
      `use --split ${present.join(',')} (or leave it out to read all)`,
    );
  }

  const notes: string[] = [];
  // Per split: language → file. A FLORES code with no ISO 639-1 equivalent keeps its three letters.
  const perSplit = new Map<string, Map<Lang, string>>();
  for (const s of splits) {
    const m = new Map<Lang, string>();
    for (const [code, file] of layout.get(s)!) {
      const l = normalizeLang(code) ?? code.slice(0, 3);
      if (m.has(l))
        notes.push(`${s}/${basename(file)} not read: ${l} is already read from ${basename(m.get(l)!)}`);
      else m.set(l, file);
    }
    perSplit.set(s, m);
  }
  // Languages present in every selected split.
  const all = new Set([...perSplit.values()].flatMap((m) => [...m.keys()]));
  const common = new Map<Lang, string>();
  for (const l of all) {
    const inAll = splits.every((s) => perSplit.get(s)!.has(l));
    if (inAll) common.set(l, basename(perSplit.get(splits[0])!.get(l)!));
    else
      notes.push(
        `${l} not read: it is missing from split(s) ${splits.filter((s) => !perSplit.get(s)!.has(l)).join(', ')}`,
      );
  }
  const langs = selectLangs(id, common, opts, 'file');

  // Domain per line from metadata_<split>.tsv, when present and aligned.
  const metaFiles = new Map<string, string>();
  for (const s of splits) {
    for (const p of [join(dir, `metadata_${s}.tsv`), join(dir, s, `metadata_${s}.tsv`)]) {
      if (existsSync(p)) {
        metaFiles.set(s, p);
        break;
      }
    }
  }
  const textFiles = splits.flatMap((s) => langs.map((l) => perSplit.get(s)!.get(l)!));
  const { scans, sha256 } = await scanFiles([...textFiles, ...metaFiles.values()]);
  const byPath = new Map(scans.map((x) => [x.path, x]));
  const lineCount = new Map<string, number>();
  for (const s of splits) {
    const n = checkLineCounts(
      id,
      langs.map((l) => byPath.get(perSplit.get(s)!.get(l)!)!),
      (p) => relative(dir, p),
    );
    lineCount.set(s, n);
  }
  notes.push(...encodingNotes(scans, dir));
  const domains = new Map<string, string[]>();
  for (const [s, p] of metaFiles) {
    const d = await readDomains(p);
    if (typeof d === 'string')
      notes.push(`${basename(p)} ${d}: domain "${FLORES_DOMAIN}" used for split ${s}`);
    else if (d.length !== lineCount.get(s))
      notes.push(
        `${basename(p)} has ${d.length} rows but the ${s} files have ${lineCount.get(s)} lines: domain "${FLORES_DOMAIN}" used for split ${s}`,
      );
    else domains.set(s, d);
  }

  return makeCorpus(
    {
      id,
      name: `${identity?.name ?? id} (${splits.join(', ')})`,
      langs,
      notes,
      opts,
      uniqueIds: true,
      size: [...lineCount.values()].reduce((a, b) => a + b, 0),
      provenance: {
        path: dir,
        sha256,
        format: 'flores',
        ...(identity ? { licence: identity.licence } : {}),
        description: `${identity ? `${identity.description} ` : ''}FLORES layout, split(s) ${splits.join(', ')}`,
      },
    },
    async function* () {
      for (const s of splits) {
        const files = new Map(langs.map((l) => [l, perSplit.get(s)!.get(l)!]));
        const width = Math.max(4, String(lineCount.get(s)).length);
        const dom = domains.get(s);
        let n = 0;
        for await (const rec of zipLines(files)) {
          n++;
          yield { id: `${s}-${pad(n, width)}`, domain: dom?.[n - 1] || FLORES_DOMAIN, text: rec };
        }
      }
    },
  );
}

/** The `domain` column of a FLORES metadata TSV, one entry per data row; a reason when it cannot be used. */
async function readDomains(file: string): Promise<string[] | string> {
  let col = -1;
  const out: string[] = [];
  let first = true;
  try {
    for await (const r of csvRecords(file, '\t')) {
      if (first) {
        first = false;
        col = r.fields.findIndex((f) => f.trim().toLowerCase() === 'domain');
        if (col < 0) return 'has no "domain" column';
        continue;
      }
      if (r.fields.length === 1 && r.fields[0] === '') continue;
      out.push((r.fields[col] ?? '').trim());
    }
  } catch (e) {
    if (e instanceof UserError) return `could not be read (${e.message})`;
    throw e;
  }
  return out;
}
