// Each loader on small files made here, with every bad case of issue 4 point 4: a clear UserError (exit
// category "input", message naming the file/offset/counts) or a counted, reported skip.
import { join } from 'node:path';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { openCorpus } from '../../src/corpus/index.js';
import { expectBalanced, expectUserError, files, readAll, skipOf } from './util.js';

// Sentences long enough for the language check (≥ 60 letters), hand-written for these tests.
const EN = [
  'The library opens at nine in the morning and closes at six in the evening on weekdays.',
  'Please send the signed contract back to us before the end of the month so that we can start.',
  'Our team will review your request and get back to you within two working days.',
];
const FR = [
  'La bibliothèque ouvre à neuf heures du matin et ferme à dix-huit heures en semaine.',
  'Merci de nous renvoyer le contrat signé avant la fin du mois afin que nous puissions commencer.',
  'Notre équipe examinera votre demande et vous répondra sous deux jours ouvrés.',
];
const DE = [
  'Die Bibliothek öffnet werktags um neun Uhr morgens und schließt um achtzehn Uhr.',
  'Bitte schicken Sie uns den unterschriebenen Vertrag vor Monatsende zurück, damit wir beginnen können.',
  'Unser Team prüft Ihre Anfrage und meldet sich innerhalb von zwei Werktagen bei Ihnen.',
];
const csv = (rows: string[][]) => Papa.unparse(rows, { newline: '\n' }) + '\n';
const enc = (s: string) => new TextEncoder().encode(s);

describe('CSV/TSV loader', () => {
  it('reads one column per language with id, domain and source_lang; headers as en / fra / deu_Latn', async () => {
    const dir = files({
      'c.csv': csv([
        ['id', 'domain', 'source_lang', 'en', 'fra', 'deu_Latn', 'notes'],
        ['s1', 'admin', 'fr', EN[0], FR[0], DE[0], 'x'],
        [
          's2',
          '',
          'eng',
          'Hello, "world"\nsecond line',
          'Bonjour, « monde »\ndeuxième ligne',
          'Hallo, „Welt“\nzweite Zeile',
          '',
        ],
      ]),
    });
    const c = await openCorpus(join(dir, 'c.csv'));
    expect(c.id).toBe('c');
    expect(c.langs).toEqual(['en', 'fr', 'de']);
    expect(c.provenance.format).toBe('csv');
    expect(c.provenance.sha256).toMatch(/^[0-9a-f]{64}$/);
    const segs = await readAll(c);
    expect(segs).toEqual([
      { id: 's1', domain: 'admin', sourceLang: 'fr', text: { en: EN[0], fr: FR[0], de: DE[0] } },
      {
        id: 's2',
        domain: 'general',
        sourceLang: 'en',
        text: {
          en: 'Hello, "world"\nsecond line',
          fr: 'Bonjour, « monde »\ndeuxième ligne',
          de: 'Hallo, „Welt“\nzweite Zeile',
        },
      },
    ]);
    expect(c.report).toMatchObject({ read: 2, used: 2, skipped: [] });
    expect(c.report.notes.join('\n')).toContain('columns ignored');
    expect(c.report.notes.join('\n')).toContain('notes');
  });

  it('reserved column names are never languages: a repeated "id" is ignored, Indonesian is "ind"', async () => {
    const dir = files({ 'r.csv': 'id,en,id,ind\n1,One,x,Satu\n' });
    const c = await openCorpus(join(dir, 'r.csv'), { noLangId: true });
    expect(c.langs).toEqual(['en', 'id']);
    expect(await readAll(c)).toEqual([{ id: '1', domain: 'general', text: { en: 'One', id: 'Satu' } }]);
    expect(c.report.notes.join('\n')).toContain('id (repeated)');
  });

  it('detects a semicolon delimiter and reads TSV; ids default to row numbers', async () => {
    const dir = files({
      's.csv': 'en;fr\nOne;Un\nTwo;Deux\n',
      't.tsv': 'eng\tfra\nOne\tUn\nTwo, too\tDeux, aussi\n',
    });
    const s = await openCorpus(join(dir, 's.csv'), { noLangId: true });
    expect(await readAll(s)).toEqual([
      { id: 'row-1', domain: 'general', text: { en: 'One', fr: 'Un' } },
      { id: 'row-2', domain: 'general', text: { en: 'Two', fr: 'Deux' } },
    ]);
    expect(s.report.notes.join('\n')).toContain('";" as the delimiter');
    const t = await openCorpus(join(dir, 't.tsv'), { noLangId: true });
    expect(t.provenance.format).toBe('tsv');
    expect((await readAll(t)).map((x) => x.text.en)).toEqual(['One', 'Two, too']);
  });

  it('--format overrides the extension', async () => {
    const dir = files({ 'data.txt': 'en,fr\nOne,Un\n' });
    await expectUserError(openCorpus(join(dir, 'data.txt')), ['cannot tell the format']);
    const c = await openCorpus(join(dir, 'data.txt'), { format: 'csv', noLangId: true });
    expect((await readAll(c))[0].text).toEqual({ en: 'One', fr: 'Un' });
  });

  it('streams a file larger than one parse batch, with quoted line breaks across batch ends', async () => {
    const rows: string[][] = [['id', 'en', 'fr']];
    for (let i = 1; i <= 6000; i++)
      rows.push([
        `r${i}`,
        `Line ${i}, with a comma\nand a "quoted" break ${'x'.repeat(i % 300)}`,
        `Ligne ${i}`,
      ]);
    const dir = files({ 'big.csv': csv(rows) });
    const c = await openCorpus(join(dir, 'big.csv'), { noLangId: true });
    const segs = await readAll(c);
    expect(segs.length).toBe(6000);
    expect(segs[4999]).toEqual({
      id: 'r5000',
      domain: 'general',
      text: {
        en: `Line 5000, with a comma\nand a "quoted" break ${'x'.repeat(5000 % 300)}`,
        fr: 'Ligne 5000',
      },
    });
  });

  it('BOM: stripped and noted; CRLF: normalised and noted', async () => {
    const dir = files({ 'b.csv': '\uFEFFen,fr\r\nOne,Un\r\n"Two\r\nlines","Deux\r\nlignes"\r\n' });
    const c = await openCorpus(join(dir, 'b.csv'), { noLangId: true });
    expect(c.langs).toEqual(['en', 'fr']);
    const segs = await readAll(c);
    expect(segs.map((s) => s.text)).toEqual([
      { en: 'One', fr: 'Un' },
      { en: 'Two\nlines', fr: 'Deux\nlignes' },
    ]);
    const notes = c.report.notes.join('\n');
    expect(notes).toMatch(/BOM\) removed at the start of b\.csv/);
    expect(notes).toMatch(/CRLF line ends normalised to LF in b\.csv/);
  });

  it('empty texts and duplicate ids are skipped, counted, with example ids', async () => {
    const dir = files({
      'e.csv':
        csv([
          ['id', 'en', 'fr'],
          ['a', 'One', 'Un'],
          ['b', 'Two', '  '],
          ['a', 'Again', 'Encore'],
          ['c', 'Three', 'Trois'],
        ]) + '\n',
    });
    const c = await openCorpus(join(dir, 'e.csv'), { noLangId: true });
    const segs = await readAll(c);
    expect(segs.map((s) => s.id)).toEqual(['a', 'c']);
    expect(segs[0].text.en).toBe('One'); // the first of two duplicates is kept
    expect(skipOf(c, 'empty')).toEqual({ reason: 'empty', count: 2, examples: ['b (fr)', 'line 6 (blank)'] });
    expect(skipOf(c, 'duplicate-id')).toEqual({ reason: 'duplicate-id', count: 1, examples: ['a'] });
    expect(c.report).toMatchObject({ read: 5, used: 2 });
    expectBalanced(c);
  });

  /** m.csv with three rows of en, fr, de; a row whose id starts with "swap" has the English text as its French. */
  const threeRows = (ids: string[]) =>
    files({
      'm.csv': csv([
        ['id', 'en', 'fr', 'de'],
        ...ids.map((id, i) => [id, EN[i], id.startsWith('swap') ? EN[i] : FR[i], DE[i]]),
      ]),
    });

  it('texts in another language than their column are skipped as language-mismatch (unless noLangId)', async () => {
    // Two of the three French texts are English: their neighbours do not vouch for the column.
    const dir = threeRows(['ok', 'swap', 'swap2']);
    const c = await openCorpus(join(dir, 'm.csv'));
    expect((await readAll(c)).map((s) => s.id)).toEqual(['ok']);
    expect(skipOf(c, 'language-mismatch')).toEqual({
      reason: 'language-mismatch',
      count: 2,
      examples: ['swap (fr)', 'swap2 (fr)'],
    });
    expect(c.report.notes.join('\n')).toMatch(/swap: the French \(fr\) text looks like English \(en\)/);
    const off = await openCorpus(join(dir, 'm.csv'), { noLangId: true });
    expect((await readAll(off)).length).toBe(3);
  });

  it('one text in another language among well-labelled ones is kept: a text is judged with its neighbours', async () => {
    const dir = threeRows(['ok', 'swap', 'ok2']);
    const c = await openCorpus(join(dir, 'm.csv'));
    expect((await readAll(c)).map((s) => s.id)).toEqual(['ok', 'swap', 'ok2']);
    expect(c.report.languageCheck).toEqual({ checked: 3, rejected: {} });
  });

  it('errors: invalid UTF-8 (file, offset, line), misaligned row, bad quotes, no language column, header only', async () => {
    const dir = files({
      'u.csv': new Uint8Array([...enc('en,fr\nhello,caf'), 0xe9, ...enc(' au lait\n')]),
      'f.csv': 'en,fr\nOne,Un\nTwo\n',
      'q.csv': 'en,fr\nOne,"Un\nTwo,Deux\n',
      'q2.csv': 'en,fr\n"One"x,Un\n',
      'n.csv': 'text,translation\nOne,Un\n',
      'h.csv': 'en,fr\n',
      'z.csv': '',
    });
    await expectUserError(openCorpus(join(dir, 'u.csv')), [
      'invalid UTF-8 in',
      'u.csv',
      'byte offset 15',
      'line 2',
    ]);
    await expectUserError(readAll(await openCorpus(join(dir, 'f.csv'))), [
      'f.csv line 3',
      '1 fields where the header has 2',
    ]);
    await expectUserError(readAll(await openCorpus(join(dir, 'q.csv'))), [
      'q.csv line 2',
      'quoted field is never closed',
    ]);
    await expectUserError(readAll(await openCorpus(join(dir, 'q2.csv'))), [
      'q2.csv line 2',
      'malformed CSV quoting',
    ]);
    await expectUserError(openCorpus(join(dir, 'n.csv')), [
      'n.csv',
      'no column is named with a language code',
      '"text"',
    ]);
    await expectUserError(openCorpus(join(dir, 'h.csv')), ['empty', 'header but no rows']);
    await expectUserError(openCorpus(join(dir, 'z.csv')), ['empty', 'no header row']);
  });

  it('errors: missing baseline language, missing requested language (naming the columns and --langs)', async () => {
    const dir = files({ 'l.csv': 'id,fr,de\n1,Un,Eins\n' });
    const b = await expectUserError(openCorpus(join(dir, 'l.csv'), { baseline: 'en' }), [
      'baseline language English (en)',
      '"fr"',
      '"de"',
    ]);
    expect(b.hint).toContain('--baseline');
    const m = await expectUserError(openCorpus(join(dir, 'l.csv'), { langs: ['fr', 'es'] }), [
      'no Spanish (es) text',
      'fr ("fr")',
      'de ("de")',
    ]);
    expect(m.hint).toContain('--langs fr,de');
    await expectUserError(
      openCorpus(join(dir, 'l.csv'), { langs: ['xx'] }),
      ['"xx" is not a language code'],
      'usage',
    );
  });

  it('an empty corpus (every row skipped) is an error at the end of reading, with the counts', async () => {
    const dir = files({ 'e.csv': 'en,fr\nOne,\n,Deux\n' });
    const c = await openCorpus(join(dir, 'e.csv'));
    await expectUserError(readAll(c), ['corpus "e" has no usable segments', 'read 2', '2 empty']);
  });

  it('restricts to --langs (baseline included) and notes the columns not read', async () => {
    const dir = files({ 'r.csv': 'en,fr,de,es\nOne,Un,Eins,Uno\n' });
    const c = await openCorpus(join(dir, 'r.csv'), { langs: ['de'], baseline: 'en', noLangId: true });
    expect(c.langs).toEqual(['en', 'de']);
    expect(await readAll(c)).toEqual([{ id: 'row-1', domain: 'general', text: { en: 'One', de: 'Eins' } }]);
    expect(c.report.notes.join('\n')).toContain('not in --langs): fr, es');
  });
});

describe('JSONL loader', () => {
  const line = (o: unknown) => JSON.stringify(o) + '\n';
  it('reads objects with id, domain, source_lang and normalised language keys', async () => {
    const dir = files({
      'j.jsonl':
        line({
          id: 'a',
          domain: 'chat',
          source_lang: 'fra',
          eng: EN[0],
          fr: FR[0],
          deu_Latn: DE[0],
          extra: 1,
        }) +
        '\n' +
        line({ id: 7, en: EN[1], fr: FR[1], de: DE[1] }),
    });
    const c = await openCorpus(join(dir, 'j.jsonl'));
    expect(c.provenance.format).toBe('jsonl');
    expect(await readAll(c)).toEqual([
      { id: 'a', domain: 'chat', sourceLang: 'fr', text: { en: EN[0], fr: FR[0], de: DE[0] } },
      { id: '7', domain: 'general', text: { en: EN[1], fr: FR[1], de: DE[1] } },
    ]);
    expect(skipOf(c, 'empty')).toEqual({ reason: 'empty', count: 1, examples: ['j.jsonl line 2 (blank)'] });
    expect(c.report.notes.join('\n')).toContain('key "extra" ignored');
  });

  it('skips: missing language key, empty text, duplicate id; ids default to line numbers', async () => {
    const dir = files({
      'k.ndjson':
        line({ en: 'One', fr: 'Un' }) +
        line({ id: 'x', en: 'Two' }) +
        line({ id: 'y', en: 'Three', fr: '' }) +
        line({ id: 'line-1', en: 'Four', fr: 'Quatre' }) +
        line({ id: 'z', en: 'Five', fr: null }),
    });
    const c = await openCorpus(join(dir, 'k.ndjson'), { noLangId: true });
    expect((await readAll(c)).map((s) => s.id)).toEqual(['line-1']);
    expect(skipOf(c, 'missing-lang')).toEqual({
      reason: 'missing-lang',
      count: 2,
      examples: ['x (fr)', 'z (fr)'],
    });
    expect(skipOf(c, 'empty')?.count).toBe(1);
    expect(skipOf(c, 'duplicate-id')).toEqual({ reason: 'duplicate-id', count: 1, examples: ['line-1'] });
    expectBalanced(c);
  });

  it('errors: invalid JSON, not an object, non-string text, invalid UTF-8, CRLF/BOM noted', async () => {
    const dir = files({
      'bad.jsonl': line({ en: 'One', fr: 'Un' }) + '{"en": "Two", "fr": }\n',
      'arr.jsonl': '[1,2]\n',
      'num.jsonl': line({ en: 'One', fr: 'Un' }) + line({ en: 'Two', fr: 2 }),
      'utf.jsonl': new Uint8Array([
        ...enc('{"en":"One","fr":"Un"}\n{"en":"T'),
        0xc3,
        0x28,
        ...enc('","fr":"D"}\n'),
      ]),
      'crlf.jsonl': '\uFEFF{"en":"One","fr":"Un"}\r\n{"en":"Two","fr":"Deux"}\r\n',
    });
    await expectUserError(readAll(await openCorpus(join(dir, 'bad.jsonl'))), [
      'bad.jsonl line 2',
      'invalid JSON',
    ]);
    await expectUserError(openCorpus(join(dir, 'arr.jsonl')), [
      'arr.jsonl line 1',
      'expected a JSON object, found an array',
    ]);
    await expectUserError(readAll(await openCorpus(join(dir, 'num.jsonl'))), [
      'num.jsonl line 2',
      'must be a string',
    ]);
    await expectUserError(openCorpus(join(dir, 'utf.jsonl')), ['utf.jsonl', 'byte offset 31', 'line 2']);
    const c = await openCorpus(join(dir, 'crlf.jsonl'), { noLangId: true });
    expect((await readAll(c)).map((s) => s.text.fr)).toEqual(['Un', 'Deux']);
    expect(c.report.notes.join('\n')).toMatch(/BOM[\s\S]*CRLF/);
  });
});

describe('Moses loader', () => {
  const M = {
    'set/news.en': EN.join('\n') + '\n',
    'set/news.fr': FR.join('\n') + '\n',
    'set/news.de': DE.join('\n') + '\n',
  };
  it('reads <name>.<lang> files given the folder, the prefix or one of the files', async () => {
    const dir = files(M);
    for (const ref of [join(dir, 'set'), join(dir, 'set', 'news'), join(dir, 'set', 'news.fr')]) {
      const c = await openCorpus(ref);
      expect(c.provenance.format).toBe('moses');
      expect(c.id).toBe('news');
      expect(c.langs).toEqual(['en', 'fr', 'de']);
      const segs = await readAll(c);
      expect(segs.map((s) => s.id)).toEqual(['line-0001', 'line-0002', 'line-0003']);
      expect(segs[1]).toEqual({ id: 'line-0002', domain: 'news', text: { en: EN[1], fr: FR[1], de: DE[1] } });
    }
  });

  it('errors: different line counts name each file and its count; several sets in one folder; unknown prefix', async () => {
    const dir = files({
      'a/x.en': 'one\ntwo\nthree\n',
      'a/x.fr': 'un\ndeux\n',
      'b/p.en': 'a\n',
      'b/p.fr': 'b\n',
      'b/q.en': 'c\n',
      'b/q.fr': 'd\n',
    });
    await expectUserError(openCorpus(join(dir, 'a')), ['misaligned', 'x.en has 3', 'x.fr has 2']);
    await expectUserError(openCorpus(join(dir, 'b')), ['several Moses-style sets', 'p, q']);
    await expectUserError(openCorpus(join(dir, 'a', 'nothing')), ['unknown corpus']);
  });

  it('skips empty lines (counted) and notes CRLF and BOM', async () => {
    const dir = files({ 'e.en': '\uFEFFOne\r\n\r\nThree\r\n', 'e.fr': 'Un\nDeux\nTrois\n' });
    const c = await openCorpus(join(dir, 'e'), { noLangId: true });
    expect((await readAll(c)).map((s) => s.text)).toEqual([
      { en: 'One', fr: 'Un' },
      { en: 'Three', fr: 'Trois' },
    ]);
    expect(skipOf(c, 'empty')).toEqual({ reason: 'empty', count: 1, examples: ['line-0002 (en)'] });
    expect(c.report.notes.join('\n')).toMatch(
      /BOM\) removed at the start of e\.en[\s\S]*CRLF line ends normalised to LF in e\.en/,
    );
  });

  it('invalid UTF-8 names the file and offset', async () => {
    const dir = files({
      'u.en': 'One\nTwo\n',
      'u.fr': new Uint8Array([...enc('Un\nD'), 0x80, ...enc('ux\n')]),
    });
    await expectUserError(openCorpus(join(dir, 'u')), ['u.fr', 'byte offset 4', 'line 2']);
  });
});

describe('FLORES loader (small folders made here)', () => {
  const flores = (extra: Record<string, string> = {}) =>
    files({
      'fl/dev/eng_Latn.dev': 'e1\ne2\n',
      'fl/dev/fra_Latn.dev': 'f1\nf2\n',
      'fl/devtest/eng_Latn.devtest': 'E1\nE2\nE3\n',
      'fl/devtest/fra_Latn.devtest': 'F1\nF2\nF3\n',
      'fl/metadata_dev.tsv': 'URL\tdomain\ttopic\nhttp://a\twikinews\tx\nhttp://b\twikivoyage\ty\n',
      ...extra,
    });

  it('reads all splits by default with ids <split>-<line> and domains from metadata_<split>.tsv', async () => {
    const dir = flores();
    const c = await openCorpus(join(dir, 'fl'), { noLangId: true });
    expect(c.provenance.format).toBe('flores');
    expect(c.langs).toEqual(['en', 'fr']);
    const segs = await readAll(c);
    expect(segs.map((s) => [s.id, s.domain, s.text.en, s.text.fr])).toEqual([
      ['dev-0001', 'wikinews', 'e1', 'f1'],
      ['dev-0002', 'wikivoyage', 'e2', 'f2'],
      ['devtest-0001', 'flores', 'E1', 'F1'],
      ['devtest-0002', 'flores', 'E2', 'F2'],
      ['devtest-0003', 'flores', 'E3', 'F3'],
    ]);
  });

  it('selects splits; an unknown split is an error listing the ones present', async () => {
    const dir = flores();
    const c = await openCorpus(join(dir, 'fl'), { splits: ['devtest'], noLangId: true });
    expect((await readAll(c)).map((s) => s.id)).toEqual(['devtest-0001', 'devtest-0002', 'devtest-0003']);
    const e = await expectUserError(openCorpus(join(dir, 'fl'), { splits: ['test'] }), [
      'no split "test"',
      'dev, devtest',
    ]);
    expect(e.hint).toContain('--split');
  });

  it('errors: misaligned split names files and counts; missing baseline; languages missing from a split are noted', async () => {
    const bad = flores({ 'fl/devtest/fra_Latn.devtest': 'F1\nF2\n' });
    await expectUserError(openCorpus(join(bad, 'fl')), [
      'misaligned',
      'devtest/eng_Latn.devtest has 3',
      'devtest/fra_Latn.devtest has 2',
    ]);
    const dir = flores({ 'fl/dev/spa_Latn.dev': 's1\ns2\n' });
    await expectUserError(openCorpus(join(dir, 'fl'), { baseline: 'de' }), [
      'baseline language German (de)',
      'eng_Latn.dev',
    ]);
    const c = await openCorpus(join(dir, 'fl'), { noLangId: true });
    expect(c.langs).toEqual(['en', 'fr']);
    expect(c.report.notes.join('\n')).toContain('es not read: it is missing from split(s) devtest');
    const d = await openCorpus(join(dir, 'fl'), { splits: ['dev'], noLangId: true });
    expect(d.langs).toEqual(['en', 'fr', 'es']);
  });

  it('reads the FLORES+ naming <split>/<split>.<lang>_<Script>', async () => {
    const dir = files({ 'fp/dev/dev.eng_Latn': 'a\nb\n', 'fp/dev/dev.fra_Latn': 'c\nd\n' });
    const c = await openCorpus(join(dir, 'fp'), { noLangId: true });
    expect(c.provenance.format).toBe('flores');
    expect((await readAll(c)).map((s) => s.text)).toEqual([
      { en: 'a', fr: 'c' },
      { en: 'b', fr: 'd' },
    ]);
  });
});

describe('openCorpus: references and formats', () => {
  it('an unknown id or path is an input error naming it, with the built-in ids and path formats in the hint', async () => {
    const e = await expectUserError(openCorpus('no-such-corpus'), ['unknown corpus "no-such-corpus"']);
    expect(e.hint).toMatch(/llm-mix/);
    expect(e.hint).toMatch(/udhr/);
    expect(e.hint).toMatch(/FLORES/);
    const u = await expectUserError(openCorpus('udhrr'), ['unknown corpus "udhrr"']);
    expect(u.hint).toContain('did you mean udhr');
  });

  it('rejects a format that does not fit the path', async () => {
    const dir = files({ 'a.csv': 'en,fr\na,b\n', 'd/x.en': 'a\n' });
    await expectUserError(openCorpus(join(dir, 'a.csv'), { format: 'flores' }), ['reads a folder']);
    await expectUserError(openCorpus(join(dir, 'd'), { format: 'csv' }), ['reads a file']);
    await expectUserError(
      openCorpus(join(dir, 'a.csv'), { format: 'builtin' }),
      ['not a file format'],
      'usage',
    );
  });

  it('--split on a non-FLORES corpus is noted, not silently ignored', async () => {
    const dir = files({ 'a.csv': 'en,fr\na,b\n' });
    const c = await openCorpus(join(dir, 'a.csv'), { splits: ['devtest'], noLangId: true });
    await readAll(c);
    expect(c.report.notes[0]).toContain('--split devtest ignored');
  });

  it('segments() can be iterated twice and gives the same segments and report', async () => {
    const dir = files({ 'a.csv': 'id,en,fr\n1,a,b\n1,c,d\n' });
    const c = await openCorpus(join(dir, 'a.csv'), { noLangId: true });
    const one = await readAll(c);
    const r1 = structuredClone(c.report);
    expect(await readAll(c)).toEqual(one);
    expect(c.report).toEqual(r1);
  });
});
