// Issue #20 end to end, through the real CLI: the claim's verdicts on FLORES devtest with Lucie-7B from
// --tokenizer-dir (both readings of part 2), one verdict vocabulary, every figure rounded once (terminal = report =
// recomputed from segments.csv), no verdict from a 5-segment sample, the claim kept on English with --baseline fr,
// and a run folder of the older format still rendering.
import { cpSync, existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Papa from 'papaparse';
import { beforeAll, describe, expect, it } from 'vitest';
import { analyze } from '../../src/analysis/analyze.js';
import { claimData } from '../../src/models/claim.js';
import type { CountTable } from '../../src/types.js';
import { CLAIM_VERDICTS, fmtCi, fmtPct } from '../../src/vocabulary.js';
import { info, options } from '../analysis/fixtures.js';
import { FLORES, hasShared, NO_SHARED, runCli, SHARED_TOKENIZERS, tmp } from '../helpers.js';

type Row = Record<string, string>;
const csv = (p: string): Row[] =>
  Papa.parse<Row>(readFileSync(p, 'utf8'), { header: true, skipEmptyLines: true }).data;
const LUCIE = join(SHARED_TOKENIZERS, 'lucie-7b', 'tokenizer.json');
const pct = (x: number) => fmtPct(x, 1, ' ');
const nb = (s: string) => s.replace(/\u00a0/g, ' ').replace(/\\([[\]|*_`])/g, '$1');

/** Cells of the Markdown table rows under the table whose caption starts with `caption`. */
function mdTable(md: string, caption: string): string[][] {
  const at = md.indexOf(`**${caption}`);
  if (at < 0) throw new Error(`no table "${caption}"`);
  const lines = md.slice(at).split('\n').slice(2);
  const rows: string[][] = [];
  for (const l of lines) {
    if (!l.startsWith('| ')) break;
    rows.push(
      nb(l)
        .slice(2, -2)
        .split(' | ')
        .map((c) => c.replace(/`/g, '')),
    );
  }
  return rows.slice(2); // header and separator
}

/** A CountTable from segments.csv, segments in the order the run measured them (first appearance). */
function tableFromSegments(rows: Row[]): CountTable {
  const ids = [...new Set(rows.map((r) => r.segment_id))];
  const at = new Map(ids.map((id, i) => [id, i]));
  const langs = [...new Set(rows.map((r) => r.lang))];
  const toks = [...new Set(rows.map((r) => r.tokenizer))];
  const n = ids.length;
  const col = () => new Int32Array(n);
  const text = Object.fromEntries(langs.map((l) => [l, { chars: col(), bytes: col(), words: col() }]));
  const counts = Object.fromEntries(
    toks.map((t) => [
      t,
      Object.fromEntries(
        langs.map((l) => [l, { tokens: col(), continuedWords: col(), fallbackTokens: col() }]),
      ),
    ]),
  );
  for (const r of rows) {
    const i = at.get(r.segment_id)!;
    text[r.lang].chars[i] = Number(r.chars);
    text[r.lang].bytes[i] = Number(r.bytes);
    text[r.lang].words[i] = Number(r.words);
    counts[r.tokenizer][r.lang].tokens[i] = Number(r.tokens);
  }
  return {
    corpus: rows[0].corpus,
    n,
    langs,
    tokenizers: toks,
    domains: ['all'],
    domainOf: new Uint16Array(n),
    text,
    counts,
  };
}

describe.skipIf(!hasShared || !existsSync(LUCIE))(
  `FLORES devtest with Lucie-7B from --tokenizer-dir${hasShared && existsSync(LUCIE) ? '' : ` — skipped: ${NO_SHARED}`}`,
  () => {
    let out: string;
    let stdout: string;
    let stderr: string;
    let md: string;
    beforeAll(async () => {
      // A --tokenizer-dir holding lucie-7b/ with the hub's tokenizer.json (read from ../shared, never copied into the repo).
      const dir = tmp('tokentax-tokdir-');
      mkdirSync(join(dir, 'lucie-7b'));
      for (const f of ['tokenizer.json', 'tokenizer_config.json', 'special_tokens_map.json'])
        if (existsSync(join(SHARED_TOKENIZERS, 'lucie-7b', f)))
          symlinkSync(join(SHARED_TOKENIZERS, 'lucie-7b', f), join(dir, 'lucie-7b', f));
      out = join(tmp('tokentax-verdicts-'), 'run');
      const r = await runCli([
        'run',
        '--corpus',
        FLORES,
        '--split',
        'devtest',
        '--tokenizer-dir',
        dir,
        '--tokenizers',
        'cl100k_base,o200k_base,lucie-7b',
        '--offline',
        '--out',
        out,
        '--quiet',
      ]);
      expect(r.code, r.stderr).toBe(0);
      stdout = r.stdout;
      stderr = r.stderr;
      md = nb(readFileSync(join(out, 'report.md'), 'utf8'));
    }, 600_000);

    it('claim.csv: Lucie-7B French removes its own surcharge (matches 0 ± 5), German does not (above)', () => {
      const claim = csv(join(out, 'claim.csv'));
      const lucie = (l: string) => claim.find((r) => r.subject === 'lucie-7b' && r.lang === l)!;
      expect([lucie('fr').verdict, lucie('fr').tokenizer_verdict]).toEqual(['above', 'matches']);
      expect([lucie('de').verdict, lucie('de').tokenizer_verdict]).toEqual(['above', 'above']);
      // The tokenizer's share of French: +3.0 %, its interval within [−5, 5].
      expect(pct(Number(lucie('fr').tokenizer_pct))).toBe('+3.0 %');
      expect(Number(lucie('fr').tokenizer_ci_low_pct)).toBeGreaterThanOrEqual(-5);
      expect(Number(lucie('fr').tokenizer_ci_high_pct)).toBeLessThanOrEqual(5);
      expect(lucie('fr').segments).toBe('1012');
    });

    it('the headline sentence for Lucie-7B French states both readings, on the terminal and in the report', () => {
      const fr = csv(join(out, 'claim.csv')).find((r) => r.subject === 'lucie-7b' && r.lang === 'fr')!;
      const sentence =
        `French: removes the tokenizer's own surcharge (tokenizer ${pct(Number(fr.tokenizer_pct))} ${fmtCi(Number(fr.tokenizer_ci_low_pct), Number(fr.tokenizer_ci_high_pct))}, matches 0 ± 5) ` +
        `but not the ${pct(Number(fr.length_pct))} the longer French text costs: ${pct(Number(fr.overhead_pct))} ${fmtCi(Number(fr.ci_low_pct), Number(fr.ci_high_pct))} in all, above 0 ± 5`;
      expect(sentence).toContain('+19.5 % the longer French text costs: +23.0 %');
      expect(stdout).toContain(sentence);
      expect(md).toContain(sentence);
    });

    it('one verdict vocabulary: summary.csv has no verdict, claim.csv uses only the claim words', () => {
      expect(readFileSync(join(out, 'summary.csv'), 'utf8').split('\n')[0]).not.toMatch(/verdict/);
      for (const r of csv(join(out, 'claim.csv'))) {
        expect(CLAIM_VERDICTS).toContain(r.verdict);
        expect(CLAIM_VERDICTS).toContain(r.tokenizer_verdict);
      }
      expect(stdout + md).not.toMatch(/above claim|below claim|consistent/);
    });

    it('every overhead the terminal and the report show equals the value recomputed from segments.csv, rounded once', () => {
      const segs = csv(join(out, 'segments.csv'));
      const res = analyze(
        [tableFromSegments(segs)],
        {
          cl100k_base: info('cl100k_base', 'english-centric'),
          o200k_base: info('o200k_base', 'english-centric'),
          'lucie-7b': info('lucie-7b', 'european'),
        },
        [],
        options(), // the run's defaults: English, seed 42, 2000 resamples, 95 %
        { claim: claimData() },
      );
      const overheadMd = mdTable(md, 'Token overhead vs English');
      const claimMd = mdTable(md, 'The claim, checked in its two halves');
      let checked = 0;
      for (const r of res.summary.filter((x) => x.lang !== 'en')) {
        // The point estimate from the token sums alone.
        const sum = (l: string) =>
          segs
            .filter((s) => s.tokenizer === r.tokenizer && s.lang === l)
            .reduce((a, s) => a + Number(s.tokens), 0);
        expect(r.overheadPct).toBe(100 * (sum(r.lang) / sum('en') - 1));
        const want = `${pct(r.overheadPct)} ${fmtCi(r.ciLowPct, r.ciHighPct)}`;
        // Terminal: the overhead table's cell.
        const line = stdout.split('\n').find((l) => l.startsWith(`${r.tokenizer} `))!;
        const cells = line.split(/\s{2,}/).slice(2);
        expect(cells[['fr', 'de', 'es'].indexOf(r.lang)], `${r.tokenizer} ${r.lang} terminal`).toBe(want);
        // Report: the overhead table's row.
        const lang = { fr: 'French', de: 'German', es: 'Spanish' }[r.lang as 'fr'];
        const row = overheadMd.find((x) => x[1] === r.tokenizer && x[2] === lang)!;
        expect(`${row[5]} ${row[6]}`, `${r.tokenizer} ${r.lang} report`).toBe(want);
        checked++;
      }
      expect(checked).toBe(9);
      // The claim table: overhead, interval, length, the tokenizer's share and its interval, terminal and report.
      for (const c of res.claim!) {
        const lang = { fr: 'French', de: 'German', es: 'Spanish' }[c.lang as 'fr'];
        const want = [
          pct(c.overheadPct),
          fmtCi(c.ciLowPct, c.ciHighPct),
          c.verdict,
          pct(c.lengthPct),
          pct(c.tokenizerPct),
          fmtCi(c.tokenizerCiLowPct, c.tokenizerCiHighPct),
          c.tokenizerVerdict,
        ];
        const row = claimMd.find((x) => x[2] === c.tokenizer && x[3] === lang && x[1] === c.subjectName)!;
        expect(
          [row[4], row[5], row[7], row[8], row[9], row[10], row[11]],
          `${c.subject} ${c.lang} report`,
        ).toEqual(want);
        const line = stdout
          .split('\n')
          .find((l) => new RegExp(`^\\s+${c.part}\\s+${c.subject}\\s+${c.tokenizer}\\s+${lang}\\s`).test(l))!;
        const t = line.trim().split(/\s{2,}/);
        expect([t[4], t[5], t[7], t[8], t[9], t[10], t[11]], `${c.subject} ${c.lang} terminal`).toEqual(want);
      }
      expect(stderr).not.toMatch(/warning:/);
    });

    it('`tokentax report` on the folder re-renders the same figures and words', async () => {
      const again = join(tmp('tokentax-verdicts-again-'), 'run');
      cpSync(out, again, { recursive: true });
      const r = await runCli(['report', again]);
      expect(r.code, r.stderr).toBe(0);
      // Every figure up to the appendix (which adds the run's end time and the catalog's revision on a re-render).
      const body = (t: string) => t.slice(0, t.indexOf('## Appendix'));
      expect(body(nb(readFileSync(join(again, 'report.md'), 'utf8')))).toBe(body(md));
    }, 120_000);

    it('a folder written before this change (summary verdict column, two-decimal CSVs, no tokenizer_verdict) still renders', async () => {
      const old = join(tmp('tokentax-verdicts-old-'), 'run');
      cpSync(out, old, { recursive: true });
      const two = (s: string) =>
        s === '' || Number.isNaN(Number(s)) ? s : Number(Number(s).toFixed(2)).toFixed(2);
      const rewrite = (file: string, f: (rows: Row[]) => Row[], cols: (c: string[]) => string[]) => {
        const rows = csv(join(old, file));
        const fields = cols(Object.keys(rows[0]));
        writeFileSync(
          join(old, file),
          Papa.unparse({ fields, data: f(rows).map((r) => fields.map((c) => r[c] ?? '')) }) + '\n',
        );
      };
      const num = /_pct$|ratio|per_token|fertility/;
      rewrite(
        'summary.csv',
        (rows) =>
          rows.map((r) => ({
            ...Object.fromEntries(Object.entries(r).map(([k, v]) => [k, num.test(k) ? two(v) : v])),
            verdict: r.lang === 'en' ? 'n/a' : 'above claim',
          })),
        (c) => [...c.filter((x) => !x.startsWith('char_norm_ci')), 'verdict'],
      );
      rewrite(
        'claim.csv',
        (rows) =>
          rows.map((r) =>
            Object.fromEntries(Object.entries(r).map(([k, v]) => [k, /_pct$/.test(k) ? two(v) : v])),
          ),
        (c) => c.filter((x) => x !== 'tokenizer_verdict' && x !== 'segments'),
      );
      const m = JSON.parse(readFileSync(join(old, 'manifest.json'), 'utf8'));
      delete m.billCaveats;
      writeFileSync(join(old, 'manifest.json'), JSON.stringify(m));
      const r = await runCli(['report', old]);
      expect(r.code, r.stderr).toBe(0);
      const oldMd = nb(readFileSync(join(old, 'report.md'), 'utf8'));
      // The tokenizer verdict is derived from the interval; the bill's caveats from the workload.
      const lucieFr = mdTable(oldMd, 'The claim, checked in its two halves').find(
        (x) => x[2] === 'lucie-7b' && x[3] === 'French',
      )!;
      expect(lucieFr.at(-1)).toBe('matches');
      expect(oldMd).toContain(
        "Reasoning models' hidden reasoning tokens are billed as output but are not counted here",
      );
      expect(oldMd).not.toMatch(/above claim/);
    }, 120_000);
  },
);

/** `tokentax run <args>` offline, quiet and without charts, into a fresh folder; it must succeed. */
async function quickRun(name: string, args: string[]) {
  const out = join(tmp(`tokentax-${name}-`), 'run');
  const r = await runCli(['run', ...args, '--offline', '--out', out, '--no-charts', '--quiet']);
  expect(r.code, r.stderr).toBe(0);
  return { ...r, out };
}

describe('no verdict from too little data, and the claim kept on English', () => {
  it('--sample 5: no claim row says matches, above or below; a warning on stderr says why', async () => {
    const { out, ...r } = await quickRun('sample5', [
      '--sample',
      '5',
      '--tokenizers',
      'cl100k_base,o200k_base',
    ]);
    const claim = csv(join(out, 'claim.csv'));
    expect(claim.length).toBeGreaterThan(0);
    for (const row of claim) {
      expect(['too few segments', 'not measured']).toContain(row.verdict);
      expect(['too few segments', 'not measured']).toContain(row.tokenizer_verdict);
    }
    expect(claim.filter((x) => x.verdict === 'too few segments').length).toBeGreaterThan(0);
    expect(r.stderr).toContain(
      'warning: Too few segments on "llm-mix": 5 aligned segments, fewer than the 30 a 95 % interval needs to carry a verdict',
    );
    // The terminal's claim table and the headline give no finding either.
    const table = r.stdout.slice(r.stdout.indexOf('the claim, per half'), r.stdout.indexOf('The claim ('));
    expect(table).not.toMatch(/\b(matches|above|below)\b/);
    expect(r.stdout).toContain('too few segments for a verdict');
  }, 300_000);

  it('--baseline fr: the claim still compares with English, and says so; the other tables compare with French', async () => {
    const run = (baseline: string) =>
      quickRun(`baseline-${baseline}`, [
        '--corpus',
        'udhr',
        '--tokenizers',
        'o200k_base',
        '--baseline',
        baseline,
      ]);
    const en = await run('en');
    const fr = await run('fr');
    const strip = (rows: Row[]) => rows.map((x) => JSON.stringify(x));
    expect(strip(csv(join(fr.out, 'claim.csv')))).toEqual(strip(csv(join(en.out, 'claim.csv'))));
    expect(csv(join(fr.out, 'claim.csv')).map((x) => x.lang)).not.toContain('en');
    const md = nb(readFileSync(join(fr.out, 'report.md'), 'utf8'));
    expect(md).toContain(
      'The claim is about English: claim.csv and the headline compare with English, the other tables with French (--baseline fr).',
    );
    expect(md).toContain('**Token overhead vs French');
    expect(fr.stdout).toContain('udhr: token overhead vs fr');
    expect(fr.stdout).toContain('overhead vs English with 95 % CIs');
  }, 300_000);
});
