// Validates the built-in corpus (issue 4, Done-when 1 and 2), reading corpora/llm-mix/*.jsonl directly
// rather than through the loader, and then checking the loader reads all of it without a skip.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BUILTIN_CORPUS, openCorpus } from '../../src/corpus/index.js';
import { LangChecker } from '../../src/corpus/langid.js';
import { ROOT } from '../helpers.js';
import { fullLangCheck, readAll } from './util.js';

const DIR = join(ROOT, 'corpora', 'llm-mix');
const LANGS = ['en', 'fr', 'de', 'es'] as const;
/** Per-segment length ratio (code points, language ÷ English) a faithful translation stays within. */
const RATIO_BAND = [0.6, 1.9] as const;

interface Row {
  file: string;
  line: number;
  obj: Record<string, unknown>;
}

function rows(): Row[] {
  const out: Row[] = [];
  for (const file of readdirSync(DIR)
    .filter((f) => f.endsWith('.jsonl'))
    .sort()) {
    readFileSync(join(DIR, file), 'utf8')
      .split('\n')
      .forEach((l, i) => {
        if (l.trim()) out.push({ file, line: i + 1, obj: JSON.parse(l) as Record<string, unknown> });
      });
  }
  return out;
}

const cp = (s: string) => [...s].length;

describe('built-in corpus llm-mix (corpora/llm-mix/*.jsonl)', () => {
  const all = rows();
  const list = (xs: string[]) =>
    `\n  ${xs.slice(0, 60).join('\n  ')}${xs.length > 60 ? `\n  ... and ${xs.length - 60} more` : ''}`;

  it('has at least 400 segments in at least 8 domains (issue 4, Done-when 1)', () => {
    const domains = new Set(all.map((r) => r.obj.domain));
    expect(all.length, `segments: ${all.length}`).toBeGreaterThanOrEqual(400);
    expect(domains.size, `domains: ${[...domains].join(', ')}`).toBeGreaterThanOrEqual(8);
  });

  it('every segment has id, domain (= file name), source_lang and a non-empty text in en, fr, de, es; ids unique', () => {
    const problems: string[] = [];
    const seen = new Map<string, string>();
    for (const { file, line, obj } of all) {
      const where = `${file}:${line}`;
      const id = obj.id;
      if (typeof id !== 'string' || !id) problems.push(`${where}: no id`);
      else if (seen.has(id)) problems.push(`${where}: id ${id} already used at ${seen.get(id)}`);
      else seen.set(id, where);
      if (obj.domain !== file.replace(/\.jsonl$/, ''))
        problems.push(`${where}: domain ${JSON.stringify(obj.domain)} is not the file's`);
      if (!LANGS.includes(obj.source_lang as never))
        problems.push(`${where}: source_lang ${JSON.stringify(obj.source_lang)}`);
      for (const l of LANGS) {
        const t = obj[l];
        if (typeof t !== 'string' || t.trim() === '')
          problems.push(`${where} ${String(id)}: ${l} text missing or empty`);
        else if (t !== t.trim())
          problems.push(`${where} ${String(id)}: ${l} text has leading/trailing spaces`);
      }
    }
    expect(problems, `problems:${list(problems)}`).toEqual([]);
  });

  it('the language check, judging every text, rejects none, and ranks nearly every label first', () => {
    const checker = new LangChecker([...LANGS]);
    const segs = all.map(({ obj }) => LANGS.map((l) => String(obj[l])));
    const rejected = fullLangCheck(checker, [...LANGS], segs);
    expect(
      [...rejected].map(([k, ls]) => `${String(all[k].obj.id)}: ${ls.join(', ')}`),
      'texts rejected',
    ).toEqual([]);
    const doubted: string[] = [];
    let judged = 0;
    for (const [k, texts] of segs.entries()) {
      for (const [li, l] of LANGS.entries()) {
        const v = checker.judge(l, texts[li]);
        if (!v) continue;
        judged++;
        if (v.score < 1) doubted.push(`${String(all[k].obj.id)} ${l}: looks like ${v.detected}`);
      }
    }
    expect(judged, 'most texts are long enough to judge').toBeGreaterThan(all.length * 2);
    expect(doubted.length, `texts whose label is not ranked first:${list(doubted)}`).toBeLessThan(
      judged * 0.05,
    );
  });

  it(`per-segment length ratio to English (code points) is within ${RATIO_BAND[0]}–${RATIO_BAND[1]}`, () => {
    const out: string[] = [];
    for (const { obj } of all) {
      if (typeof obj.en !== 'string') continue;
      const en = cp(obj.en);
      for (const l of LANGS.slice(1)) {
        if (typeof obj[l] !== 'string') continue;
        const r = cp(obj[l] as string) / en;
        if (r < RATIO_BAND[0] || r > RATIO_BAND[1])
          out.push(`${String(obj.id)} ${l}/en = ${r.toFixed(2)} (${cp(obj[l] as string)}/${en} chars)`);
      }
    }
    expect(out, `length-ratio outliers:${list(out)}`).toEqual([]);
  });

  it('uses plain spaces only: no no-break spaces (U+00A0, U+202F), the documented French typography choice', () => {
    const out: string[] = [];
    for (const { obj } of all)
      for (const l of LANGS)
        if (typeof obj[l] === 'string' && /[\u00a0\u202f]/.test(obj[l] as string))
          out.push(`${String(obj.id)} ${l}`);
    expect(out, `texts with no-break spaces:${list(out)}`).toEqual([]);
  });

  it('segment lengths vary like real use: from one line to a paragraph', () => {
    const lens = all.map((r) => (typeof r.obj.en === 'string' ? cp(r.obj.en) : 0));
    expect(Math.min(...lens)).toBeLessThan(80);
    expect(Math.max(...lens)).toBeGreaterThan(400);
  });

  it('the loader reads every segment, with nothing skipped', async () => {
    const c = await openCorpus(BUILTIN_CORPUS);
    const segs = await readAll(c);
    expect(c.langs).toEqual([...LANGS]);
    expect(c.report.skipped, JSON.stringify(c.report.skipped)).toEqual([]);
    expect(segs.length).toBe(all.length);
    expect(c.provenance).toMatchObject({ format: 'builtin', licence: 'CC BY 4.0' });
  });
});
