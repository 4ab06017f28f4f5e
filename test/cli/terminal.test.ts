// What `tokentax run` prints: tables that list languages as rows when there are many, split to stay within 160
// columns, and the findings wrapped; end to end on the 24 EU languages of FLORES when ../shared has them.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { claimTable, findingsText, overheadTable } from '../../src/cli/run-command.js';
import { EU24, shapeRun } from '../report/shapes.js';
import { runCli, SHARED, tmp } from '../helpers.js';

const widest = (s: string) => Math.max(...s.split('\n').map((l) => [...l].length));

describe('the printed tables', () => {
  it('list languages as rows with many languages, and keep within 160 columns', () => {
    const run = shapeRun({ corpora: 1, langs: EU24, tokenizers: 15 });
    const o = overheadTable(run.analysis.summary, 'en');
    const c = claimTable(run.analysis.claim!);
    for (const t of [o, c]) expect(widest(t)).toBeLessThanOrEqual(160);
    // A row per language: the Maltese row starts with its name in the overhead table, and the claim table has a
    // Maltese row for each subject, with both verdicts.
    expect(o).toMatch(/^Maltese\s+[+−-]?\d/m);
    expect(c).toMatch(/\sMaltese\s+[+−]\d+\.\d %\s+\[.*\]\s+(matches|above|below|inconclusive)\s/m);
    // 15 tokenizers do not fit one table of 160 columns: the columns are split, each part repeating the language.
    expect(o.match(/^language\s/gm)!.length).toBeGreaterThan(1);
    expect(widest(overheadTable(run.analysis.summary, 'en', 100))).toBeLessThanOrEqual(100);
  });

  it('with few languages, a column per language, named', () => {
    const run = shapeRun({ corpora: 1, langs: ['en', 'fr', 'de', 'es'], tokenizers: 3 });
    expect(overheadTable(run.analysis.summary, 'en')).toMatch(
      /^tokenizer\s+category\s+French\s+German\s+Spanish$/m,
    );
    // The claim table lists languages as rows whatever their number (both verdicts need the room).
    expect(claimTable(run.analysis.claim!)).toMatch(
      /^part\s+subject\s+tokenizer\s+language\s+overhead\s+CI\s+verdict\s+length\s+tok\. share\s+CI\s+share verdict$/m,
    );
    expect(widest(claimTable(run.analysis.claim!))).toBeLessThanOrEqual(160);
  });

  it('wraps the findings to the width, numbered', () => {
    const text = findingsText(['a '.repeat(150).trim(), 'short one'], 80);
    expect(widest(text)).toBeLessThanOrEqual(80);
    expect(text).toMatch(/^1\. a a/);
    expect(text).toMatch(/^2\. short one$/m);
  });
});

const EU = join(SHARED, 'corpora', 'flores200-eu');
const hasEu = existsSync(join(EU, 'devtest', 'mlt_Latn.devtest'));

describe.skipIf(!hasEu)(
  `--langs with the 24 EU languages on FLORES devtest${hasEu ? '' : ` — skipped: no ${EU}`}`,
  () => {
    it('prints within 160 columns, and the report names every language', async () => {
      const out = join(tmp('tokentax-eu-'), 'run');
      const r = await runCli([
        'run',
        '--corpus',
        EU,
        '--split',
        'devtest',
        '--langs',
        EU24.join(','),
        '--tokenizers',
        'o200k_base,mistral-tekken',
        '--no-charts',
        '--offline',
        '--out',
        out,
      ]);
      expect(r.code, r.stderr).toBe(0);
      expect(widest(r.stdout)).toBeLessThanOrEqual(160);
      expect(widest(r.stderr)).toBeLessThanOrEqual(160);
      expect(r.stdout).toMatch(/^Maltese\s+\+\d/m);
      expect(r.stdout).toMatch(/^Findings:$/m);
      // No table cell and no heading of the report is a bare language code.
      const md = readFileSync(join(out, 'report.md'), 'utf8');
      const cells = md
        .split('\n')
        .filter((l) => l.startsWith('|') || l.startsWith('#'))
        .flatMap((l) => l.replace(/^#+/, '').split('|'))
        .map((c) => c.trim());
      for (const code of EU24) expect(cells, code).not.toContain(code);
      expect(cells).toContain('Maltese');
    }, 300_000);
  },
);

describe('the listing commands', () => {
  it('a table wider than 160 columns wraps its widest text columns and keeps every character', async () => {
    const { table } = await import('../../src/cli/io.js');
    const long = (i: number) =>
      `meta-llama/Llama-4-Maverick-17B-128E-Instruct-${i} ${'word '.repeat(12 + i)}`.trim();
    const rows = [0, 1, 2].map((i) => [
      `p${i}`,
      long(i),
      'current',
      `o200k_base, openai:gpt-5-${'x'.repeat(40)}`,
      i,
    ]);
    const t = table(['provider', 'model', 'state', 'counted with', 'n'], rows);
    expect(widest(t)).toBeLessThanOrEqual(160);
    // Read back by the columns the rule line marks: each row's cells, continuation lines joined, are the cells
    // given (spaces aside, as a wrap replaces them).
    const lines = t.split('\n');
    const spans = [...lines[1].matchAll(/─+/g)].map((m) => [m.index!, m.index! + m[0].length] as const);
    const cell = (l: string, k: number) => [...l].slice(spans[k][0], spans[k][1]).join('').trim();
    const read: string[][] = [];
    for (const l of lines.slice(2)) {
      if (cell(l, 0)) read.push(spans.map(() => ''));
      spans.forEach((_, k) => (read[read.length - 1][k] += cell(l, k)));
    }
    expect(read.map((r) => r.map((c) => c.replace(/\s+/g, '')))).toEqual(
      rows.map((r) => r.map((c) => String(c).replace(/\s+/g, ''))),
    );
    expect(read.flat().join('').length).toBeGreaterThan(300);
    expect(t.split('\n').length).toBeGreaterThan(rows.length + 2);
    // A row not measured (empty cells) leaves a column of figures right-aligned.
    const aligned = table(
      ['id', 'share'],
      [
        ['a', '+9.1 %'],
        ['b', ''],
        ['c', '+11.8 %'],
      ],
    ).split('\n');
    expect(aligned[2]).toBe('a    +9.1 %');
    expect(aligned[4]).toBe('c   +11.8 %');
    // A table that fits is left as it was: one line per row.
    expect(table(['a', 'b'], [['x', 'y']]).split('\n')).toHaveLength(3);
  });

  it('models, prices, tokenizers and corpora print within 160 columns', async () => {
    for (const args of [
      ['models', '--all'],
      ['prices', '--all'],
      ['tokenizers'],
      ['corpora'],
      ['models', '--check'],
    ]) {
      const r = await runCli(args);
      expect(r.code, args.join(' ')).toBe(0);
      expect(widest(r.stdout), args.join(' ')).toBeLessThanOrEqual(160);
    }
  });
});
