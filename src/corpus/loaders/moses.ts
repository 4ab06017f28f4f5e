// Moses-style line-aligned files: <name>.en, <name>.fr, ... in one folder; line N of each file is
// segment N. The corpus is named by the folder (when it holds one such set) or by the common prefix.
import { readdir } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { UserError } from '../../errors.js';
import type { CorpusOptions, Lang, ParallelCorpus } from '../../types.js';
import { encodingNotes, idFromPath, pad, selectLangs } from '../common.js';
import { normalizeLang } from '../langs.js';
import { scanFiles } from '../text.js';
import { makeCorpus } from '../validate.js';
import { checkLineCounts, zipLines } from './lines.js';

/** Files of `dir` grouped by common prefix: prefix → language → file (files named <prefix>.<lang>). */
export async function mosesGroups(dir: string): Promise<Map<string, Map<Lang, string>>> {
  const out = new Map<string, Map<Lang, string>>();
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch {
    return out;
  }
  for (const name of entries
    .filter((e) => e.isFile())
    .map((e) => e.name)
    .sort()) {
    const dot = name.lastIndexOf('.');
    if (dot <= 0) continue;
    const l = normalizeLang(name.slice(dot + 1));
    if (!l) continue;
    const prefix = name.slice(0, dot);
    if (!out.has(prefix)) out.set(prefix, new Map());
    const g = out.get(prefix)!;
    if (!g.has(l)) g.set(l, join(dir, name));
  }
  return out;
}

/** Opens the files `<prefix>.<lang>` (prefix = folder + common name). */
export async function openMoses(
  prefix: string,
  opts: CorpusOptions,
  corpusId?: string,
): Promise<ParallelCorpus> {
  const dir = dirname(prefix);
  const name = basename(prefix);
  const group = (await mosesGroups(dir)).get(name);
  const id = corpusId ?? idFromPath(name);
  if (!group?.size) {
    throw new UserError(
      'input',
      `no files ${prefix}.<lang> found`,
      'Moses-style corpora are files <name>.en, <name>.fr, ... in one folder: pass the folder or the common prefix <folder>/<name>',
    );
  }
  const where = new Map([...group].map(([l, f]) => [l, basename(f)]));
  const langs = selectLangs(id, where, opts, 'file');
  const files = new Map(langs.map((l) => [l, group.get(l)!]));
  const { scans, sha256 } = await scanFiles([...files.values()]);
  const lines = checkLineCounts(id, scans);
  const notes = encodingNotes(scans);
  const unread = [...group.keys()].filter((l) => !langs.includes(l));
  if (unread.length)
    notes.push(`files not read (not in --langs): ${unread.map((l) => basename(group.get(l)!)).join(', ')}`);
  if (lines === 0)
    throw new UserError(
      'input',
      `corpus "${id}" is empty: ${[...files.values()].map((f) => basename(f)).join(', ')} have no lines`,
      'add one segment per line',
    );

  const width = Math.max(4, String(lines).length);
  return makeCorpus(
    {
      id,
      name: `${name}.{${langs.join(',')}}`,
      langs,
      notes,
      opts,
      uniqueIds: true,
      size: lines,
      provenance: { path: prefix, sha256, format: 'moses' },
    },
    async function* () {
      let n = 0;
      for await (const rec of zipLines(files)) {
        n++;
        yield { id: `line-${pad(n, width)}`, domain: name || 'moses', text: rec };
      }
    },
  );
}
