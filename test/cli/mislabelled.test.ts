// Issue #20, "mostly rejected by the language check": a corpus whose fr and de columns are swapped stops before
// measuring, exit 3, naming both columns and what they read as; --allow-mislabelled goes on and the report says so
// first. The CSV is the first 120 segments of the built-in corpus with its fr and de columns exchanged.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Papa from 'papaparse';
import { beforeAll, describe, expect, it } from 'vitest';
import { openCorpus } from '../../src/corpus/index.js';
import { describeMislabelled, mislabelledLanguages } from '../../src/corpus/gate.js';
import { readAll } from '../corpus/util.js';
import { quickRun, tmp } from '../helpers.js';

let dir: string;
beforeAll(async () => {
  dir = tmp('tokentax-mislabelled-');
  const segs = (await readAll(await openCorpus('llm-mix', { noLangId: true }))).slice(0, 120);
  const rows = segs.map((s) => ({ id: s.id, en: s.text.en, fr: s.text.de, de: s.text.fr, es: s.text.es }));
  writeFileSync(join(dir, 'swapped.csv'), Papa.unparse(rows, { newline: '\n' }) + '\n');
  const ok = segs.map((s) => ({ id: s.id, en: s.text.en, fr: s.text.fr, de: s.text.de, es: s.text.es }));
  writeFileSync(join(dir, 'ok.csv'), Papa.unparse(ok, { newline: '\n' }) + '\n');
});

const run = (corpus: string, out: string, ...more: string[]) =>
  quickRun(join(dir, corpus), join(dir, out), more);

describe('a corpus with swapped columns', () => {
  it('stops before measuring with exit 3, naming both columns and what they read as', async () => {
    const r = await run('swapped.csv', 'stopped');
    expect(r.code, r.stderr).toBe(3);
    expect(r.stderr).toMatch(/the fr column reads as German \(\d+ of 120 texts rejected\)/);
    expect(r.stderr).toMatch(/the de column reads as French \(\d+ of 120 texts rejected\)/);
    expect(r.stderr).toMatch(/de and fr look swapped/);
    expect(r.stderr).toMatch(/fix: .*--allow-mislabelled/);
    expect(r.stderr).not.toMatch(/^\s+at /m);
    expect(existsSync(join(dir, 'stopped'))).toBe(false);
    expect(existsSync(join(dir, 'stopped.partial'))).toBe(false);
  });

  it('with --allow-mislabelled: measured without the rejected segments, and the report says so first', async () => {
    const r = await run('swapped.csv', 'allowed', '--allow-mislabelled');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/warning: Corpus swapped: .*the fr column reads as German/);
    const md = readFileSync(join(dir, 'allowed', 'report.md'), 'utf8').split('\n');
    const first = md.findIndex((l) => l.startsWith('**Warning: Corpus swapped'));
    expect(first).toBeGreaterThan(0);
    expect(first).toBeLessThan(md.findIndex((l) => l.startsWith('## Headline')));
    expect(readFileSync(join(dir, 'allowed', 'report.html'), 'utf8')).toMatch(/Warning: Corpus swapped/);
    const manifest = JSON.parse(readFileSync(join(dir, 'allowed', 'manifest.json'), 'utf8'));
    expect(Object.keys(manifest.mislabelled.corpora.swapped).length).toBe(2);
    expect(manifest.mislabelled.corpora.swapped.map((m: { lang: string }) => m.lang)).toEqual(['fr', 'de']);
  });

  it('the same corpus, columns in place, runs without a warning', async () => {
    const r = await run('ok.csv', 'ok');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).not.toMatch(/warning/i);
    expect(JSON.parse(readFileSync(join(dir, 'ok', 'manifest.json'), 'utf8')).mislabelled).toBeUndefined();
  });
});

describe('mislabelledLanguages and describeMislabelled', () => {
  const report = (checked: number, rejected: Record<string, [number, Record<string, number>]>) => ({
    read: checked,
    used: 0,
    skipped: [],
    notes: [],
    languageCheck: {
      checked,
      rejected: Object.fromEntries(
        Object.entries(rejected).map(([l, [count, looksLike]]) => [l, { count, looksLike }]),
      ),
    },
  });

  it('takes the languages above 10 % of the checked segments, each with what it most often looked like', () => {
    const r = report(200, { fr: [21, { de: 15, nl: 6 }], es: [20, { pt: 20 }], it: [3, { es: 3 }] });
    expect(mislabelledLanguages(r)).toEqual([{ lang: 'fr', rejected: 21, checked: 200, looksLike: 'de' }]);
    expect(mislabelledLanguages({ ...r, languageCheck: undefined })).toEqual([]);
  });

  it('says which unit reads as what, and when two look swapped', () => {
    const both = mislabelledLanguages(report(50, { fr: [40, { de: 40 }], de: [45, { fr: 45 }] }));
    expect(describeMislabelled(both, 'csv')).toBe(
      'the fr column reads as German (40 of 50 texts rejected) and the de column reads as French (45 of 50 texts rejected); de and fr look swapped',
    );
    expect(describeMislabelled(both.slice(0, 1), 'flores')).toBe(
      'the fr file reads as German (40 of 50 texts rejected)',
    );
  });
});
