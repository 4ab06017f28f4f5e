// Corpus stage: opens a built-in corpus or a user path (format detected or given) as a ParallelCorpus whose
// segments stream through the shared validation (src/corpus/validate.ts).
import { existsSync } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { basename, dirname, extname, join, resolve } from 'node:path';
import { nearest, UserError } from '../errors.js';
import { CORPORA_DIR } from '../paths.js';
import type { CorpusListing, CorpusOptions, CorpusProvenance, Lang, ParallelCorpus } from '../types.js';
import { requestedLangs } from './common.js';
import { FETCHABLE, fetchableLangs, fetchedCorpus, fetchSpec, isFetchable } from './fetch.js';
import { normalizeLang } from './langs.js';
import { openDelimited } from './loaders/csv.js';
import { floresLayout, openFlores } from './loaders/flores.js';
import { openJsonl, openJsonlFile } from './loaders/jsonl.js';
import { mosesGroups, openMoses } from './loaders/moses.js';
import { openUdhr } from './loaders/udhr.js';

export { expandLangSets, normalizeLang } from './langs.js';
export { MAJORITY, MIN_LETTERS, WINDOW as LANG_WINDOW } from './langid.js';
export { sampleCorpus, type SampleInfo } from './sample.js';
export { checkLabels, describeMislabelled, MAX_REJECTED_SHARE } from './gate.js';
export {
  DEFAULT_FETCH_LANGS,
  FETCHABLE,
  fetchCorpus,
  fetchSpec,
  fetchedDir,
  fetchableLangs,
  isFetchable,
  MIRROR_ENV,
  type Downloader,
  type FetchEvent,
  type FetchResult,
} from './fetch.js';

export const BUILTIN_CORPUS = 'llm-mix';
export const BUILTIN_IDS = ['llm-mix', 'udhr'] as const;
/** Formats a user path can be read as (`--format`). */
export const PATH_FORMATS = ['flores', 'csv', 'tsv', 'jsonl', 'moses'] as const;

export const LLM_MIX_DIR = join(CORPORA_DIR, 'llm-mix');
export const LLM_MIX_LICENCE = 'CC BY 4.0';
const LLM_MIX_DESCRIPTION =
  'Texts of the kinds people send to LLMs (chat prompts, support, e-mail, documentation, legal notices, news, ...), written for tokentax in English, French, German and Spanish; see corpora/README.md';

const FORMAT_HELP =
  'a built-in id (llm-mix, udhr), a fetched one (flores200: `tokentax corpora fetch flores200` first), a FLORES folder (<split>/<lang>_<Script>.<split>), a .csv/.tsv file with one column per language, a .jsonl file, or Moses files <name>.<lang> (give the folder or <folder>/<name>)';

async function openBuiltin(opts: CorpusOptions): Promise<ParallelCorpus> {
  let files: string[] = [];
  try {
    files = (await readdir(LLM_MIX_DIR))
      .filter((f) => f.endsWith('.jsonl'))
      .sort()
      .map((f) => join(LLM_MIX_DIR, f));
  } catch {
    // reported below
  }
  if (!files.length)
    throw new UserError(
      'input',
      `the built-in corpus has no files in ${LLM_MIX_DIR}`,
      'reinstall tokentax: its corpora/ folder is incomplete',
    );
  return openJsonl(
    {
      id: BUILTIN_CORPUS,
      name: 'LLM-mix (built-in)',
      files,
      format: 'builtin',
      path: LLM_MIX_DIR,
      licence: LLM_MIX_LICENCE,
      description: LLM_MIX_DESCRIPTION,
    },
    opts,
  );
}

type PathFormat = (typeof PATH_FORMATS)[number];

/** The format of a path by its layout and extension; undefined when it cannot tell. */
async function detect(
  path: string,
  isDir: boolean,
): Promise<{ format: PathFormat; prefix?: string } | { problem: string }> {
  if (isDir) {
    if ((await floresLayout(path)).size) return { format: 'flores' };
    const groups = [...(await mosesGroups(path))].filter(([, g]) => g.size >= 2);
    if (groups.length === 1) return { format: 'moses', prefix: join(path, groups[0][0]) };
    if (groups.length > 1) {
      return {
        problem: `${path} holds several Moses-style sets (${groups.map(([n]) => n).join(', ')}): pass one as <folder>/<name>, e.g. ${join(path, groups[0][0])}`,
      };
    }
    return {
      problem: `cannot tell the format of folder ${path}: it holds neither <split>/<lang>_<Script>.<split> (FLORES) nor <name>.<lang> (Moses) files`,
    };
  }
  const ext = extname(path).toLowerCase();
  if (ext === '.csv') return { format: 'csv' };
  if (ext === '.tsv' || ext === '.tab') return { format: 'tsv' };
  if (ext === '.jsonl' || ext === '.ndjson') return { format: 'jsonl' };
  if (ext.length > 1 && normalizeLang(ext.slice(1)))
    return { format: 'moses', prefix: path.slice(0, -ext.length) };
  return { problem: `cannot tell the format of ${path} from its name` };
}

/**
 * Opens a corpus: a built-in id ("llm-mix", "udhr") or a path. Structural problems (unknown path, undetectable
 * format, misaligned files, invalid UTF-8, missing languages) throw a UserError here; per-segment problems
 * are counted in `corpus.report` while segments() streams.
 */
export async function openCorpus(ref: string, opts: CorpusOptions = {}): Promise<ParallelCorpus> {
  if (opts.format === 'builtin' || opts.format === 'udhr') {
    throw new UserError(
      'usage',
      `--format ${opts.format} is not a file format`,
      `--format takes ${PATH_FORMATS.join(', ')}; built-in corpora are opened by id (--corpus llm-mix)`,
    );
  }
  if (opts.format && !(PATH_FORMATS as readonly string[]).includes(opts.format)) {
    throw new UserError(
      'usage',
      `unknown format "${opts.format}"`,
      `--format takes ${PATH_FORMATS.join(', ')}`,
    );
  }
  if (!opts.format && (BUILTIN_IDS as readonly string[]).includes(ref)) {
    return ref === 'udhr' ? openUdhr(opts) : openBuiltin(opts);
  }
  // A fetched corpus by id, unless a file or folder of that name is here (then that is read, as before ids).
  if ((!opts.format || opts.format === 'flores') && isFetchable(ref) && !existsSync(resolve(ref))) {
    const { langs, baseline } = requestedLangs(opts);
    const { dir, spec } = await fetchedCorpus(
      ref,
      langs && [...new Set([...(baseline ? [baseline] : []), ...langs])],
    );
    return openFlores(dir, opts, {
      id: spec.id,
      name: spec.name,
      licence: spec.licence,
      description: `${spec.name}, fetched by tokentax from ${spec.source.repository}@${spec.source.commit.slice(0, 12)} (files pinned by git blob id).`,
    });
  }

  const path = resolve(ref);
  let isDir = false;
  let exists = false;
  try {
    isDir = (await stat(path)).isDirectory();
    exists = true;
  } catch {
    // not a file or folder: maybe a Moses prefix
  }
  if (!exists) {
    const groups = existsSync(dirname(path)) ? await mosesGroups(dirname(path)) : new Map();
    if ((!opts.format || opts.format === 'moses') && groups.get(basename(path))?.size)
      return openMoses(path, opts);
    const near = nearest(ref, [...BUILTIN_IDS, ...FETCHABLE]);
    throw new UserError(
      'input',
      `unknown corpus "${ref}": no built-in corpus has this id and no file or folder is at ${path}`,
      `${near.length ? `did you mean ${near.join(' or ')}? ` : ''}--corpus takes ${FORMAT_HELP}`,
    );
  }

  let format = opts.format as PathFormat | undefined;
  let prefix: string | undefined;
  if (!format) {
    const d = await detect(path, isDir);
    if ('problem' in d)
      throw new UserError(
        'input',
        d.problem,
        `pass --format ${PATH_FORMATS.join('|')}; --corpus takes ${FORMAT_HELP}`,
      );
    format = d.format;
    prefix = d.prefix;
  }
  if (isDir && format !== 'flores' && format !== 'moses') {
    throw new UserError(
      'input',
      `--format ${format} reads a file, but ${path} is a folder`,
      `point --corpus at the .${format} file`,
    );
  }
  if (!isDir && format === 'flores') {
    throw new UserError(
      'input',
      `--format flores reads a folder, but ${path} is a file`,
      'point --corpus at the folder that holds dev/ and devtest/',
    );
  }
  switch (format) {
    case 'flores':
      return openFlores(path, opts);
    case 'csv':
    case 'tsv':
      return openDelimited(path, format, opts);
    case 'jsonl':
      return openJsonlFile(path, opts);
    case 'moses': {
      if (!prefix) {
        if (isDir) {
          const d = await detect(path, true);
          if ('problem' in d || d.format !== 'moses')
            throw new UserError(
              'input',
              'problem' in d ? d.problem : `${path} holds no <name>.<lang> files`,
              `Moses-style corpora are files <name>.en, <name>.fr, ...: pass the folder or <folder>/<name>`,
            );
          prefix = d.prefix!;
        } else {
          const ext = extname(path);
          prefix = ext && normalizeLang(ext.slice(1)) ? path.slice(0, -ext.length) : path;
        }
      }
      return openMoses(prefix, opts);
    }
  }
}

/** Segment counts per language and per domain of an opened corpus (reads it once). */
async function listing(c: ParallelCorpus, status?: string): Promise<CorpusListing> {
  const domains: Record<string, number> = {};
  let n = 0;
  for await (const s of c.segments()) {
    n++;
    domains[s.domain] = (domains[s.domain] ?? 0) + 1;
  }
  return {
    id: c.id,
    name: c.name,
    format: c.provenance.format,
    langs: c.langs,
    segmentsPerLang: Object.fromEntries(c.langs.map((l: Lang) => [l, n])),
    domains,
    licence: c.provenance.licence,
    description: c.provenance.description,
    ...(status ? { status } : {}),
  };
}

/**
 * The built-in corpora with their segment counts per language and per domain (reads them once), then the
 * fetchable ones: what is in the cache, or the command that fetches them.
 */
export async function listCorpora(): Promise<CorpusListing[]> {
  const out: CorpusListing[] = [];
  for (const id of BUILTIN_IDS) out.push(await listing(await openCorpus(id), 'built in'));
  for (const id of FETCHABLE) {
    const spec = fetchSpec(id);
    try {
      const c = await openCorpus(id, { noLangId: true });
      out.push(await listing(c, `fetched: ${c.langs.length} of ${fetchableLangs(spec).length} languages`));
    } catch (e) {
      if (!(e instanceof UserError)) throw e;
      out.push({
        id,
        name: spec.name,
        format: 'flores',
        langs: [],
        segmentsPerLang: {},
        domains: {},
        licence: spec.licence,
        description: spec.description,
        status: /not fetched/.test(e.message)
          ? `not fetched: tokentax corpora fetch ${id}`
          : `${e.message}; ${e.hint}`,
      });
    }
  }
  return out;
}

export type { CorpusListing, CorpusOptions, CorpusProvenance, ParallelCorpus };
