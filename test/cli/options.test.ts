// Options keep their promises, through the real CLI: --offline forbids the price update (no request reaches
// the stand-in price server), --reference is checked like --tokenizers, --split needs a corpus with splits,
// --slides without charts says what it does, a language column read but not measured is named on the terminal,
// every fix offered for a corpus's languages leads to a run that compares two, a file that is no tokenizer is
// called that, and a second Ctrl-C still says where the partial measurements are.
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import Papa from 'papaparse';
import { beforeAll, describe, expect, it } from 'vitest';
import { ExitCode } from '../../src/errors.js';
import { ROOT, runCli, startCli, tmp } from '../helpers.js';
import { apiRunArgs } from '../providers/shared.js';

let dir: string;
const csvFile = (name: string, text: string) => {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
};
const out = () => join(dir, `out-${Math.random().toString(36).slice(2)}`);
const rows = (path: string) =>
  Papa.parse<Record<string, string>>(readFileSync(path, 'utf8'), { header: true, skipEmptyLines: true }).data;

beforeAll(() => {
  dir = tmp('tokentax-options-');
});

/** The `fix:` line of an error, as arguments. */
const fixArgs = (stderr: string, flag: string): string[] => {
  const m = new RegExp(`fix: .*?(${flag} \\S+(?: --\\w+ \\S+)?)`).exec(stderr);
  expect(m, stderr).not.toBeNull();
  return m![1].replace(/,$/, '').split(' ');
};

describe('options keep their promises', () => {
  it('--offline --update-prices: exit 2 before any network access', async () => {
    const hits: string[] = [];
    const server = createServer((req, res) => {
      hits.push(req.url ?? '');
      res.writeHead(500).end();
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const r = await runCli(['run', '--offline', '--update-prices', '--out', out()], {
        env: { TOKENTAX_PRICES_URL: `${url}/data.json`, HF_ENDPOINT: url },
      });
      expect(r.code, r.stderr).toBe(ExitCode.usage);
      expect(r.stderr).toMatch(/--update-prices fetches the newest price data, which --offline forbids/);
      expect(r.stderr).toMatch(/fix: drop one of them/);
      expect(hits).toEqual([]);
    } finally {
      await new Promise((r) => server.close(r));
    }
  });

  it('--reference: an unknown id suggests the nearest, a known one left out says how to add it, and that fix works', async () => {
    const corpus = csvFile('ref.csv', 'en,fr\nHello there.,Bonjour.\nThe train.,Le train.\n');
    const base = ['run', '--corpus', corpus, '--langs', 'en,fr', '--no-charts', '--quiet', '--no-cache'];
    const typo = await runCli([
      ...base,
      '--tokenizers',
      'o200k_base',
      '--reference',
      'o200k',
      '--out',
      out(),
    ]);
    expect(typo.code, typo.stderr).toBe(ExitCode.tokenizer);
    expect(typo.stderr).toMatch(/--reference: unknown tokenizer "o200k"/);
    expect(typo.stderr).toMatch(/fix: did you mean o200k_base/);

    const missing = await runCli([
      ...base,
      '--tokenizers',
      'o200k_base',
      '--reference',
      'gpt2',
      '--out',
      out(),
    ]);
    expect(missing.code, missing.stderr).toBe(ExitCode.usage);
    expect(missing.stderr).toMatch(/--reference gpt2 is not among the tokenizers of this run \(o200k_base\)/);
    const fixed = out();
    const again = await runCli([
      ...base,
      ...fixArgs(missing.stderr, '--tokenizers'),
      '--reference',
      'gpt2',
      '--out',
      fixed,
    ]);
    expect(again.code, again.stderr).toBe(0);
    const eff = rows(join(fixed, 'efficiency.csv'));
    expect(eff.some((r) => r.tokenizer === 'o200k_base' && r.reference === 'gpt2')).toBe(true);
  });

  it('--split on a corpus without splits is an error', async () => {
    const corpus = csvFile('nosplit.csv', 'en,fr\nHello.,Bonjour.\n');
    const r = await runCli([
      'run',
      '--corpus',
      corpus,
      '--langs',
      'en,fr',
      '--split',
      'devtest',
      '--out',
      out(),
    ]);
    expect(r.code, r.stderr).toBe(ExitCode.usage);
    expect(r.stderr).toMatch(
      /--split devtest applies to FLORES folders only, and nosplit \(csv\) has no splits/,
    );
  });

  it('--slides with --no-charts says the charts are drawn for the slides', async () => {
    const corpus = csvFile('slides.csv', 'en,fr\nHello there.,Bonjour.\nThe train.,Le train.\n');
    const o = out();
    const r = await runCli(apiRunArgs(corpus, 'o200k_base', o, '--no-charts', '--slides', '--quiet'));
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(
      /--slides with --no-charts: the slides still show the overhead, efficiency and bill charts, drawn at slide size inside slides.pptx; charts\/ is not written/,
    );
    expect(existsSync(join(o, 'slides.pptx'))).toBe(true);
    // The deck holds its charts (pictures in the pptx), and charts/ was not written.
    const pptx = readFileSync(join(o, 'slides.pptx'));
    expect(pptx.includes(Buffer.from('ppt/media/'))).toBe(true);
    expect(existsSync(join(o, 'charts'))).toBe(false);
  });

  it('a language column read but not measured is named on the terminal', async () => {
    const corpus = csvFile(
      'three.csv',
      'en,fr,it\nHello there.,Bonjour.,Ciao.\nThe train.,Le train.,Il treno.\n',
    );
    const r = await runCli(apiRunArgs(corpus, 'o200k_base', out(), '--no-charts', '--quiet'));
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/three: three\.csv: language columns not read \(not in --langs\): it/);
  });

  it('every fix offered for the languages leads to a run that compares two; one language alone is refused', async () => {
    const one = csvFile('fr-only.csv', 'fr\nBonjour.\nLe train.\n');
    const r1 = await runCli(['run', '--corpus', one, '--tokenizers', 'o200k_base', '--out', out()]);
    expect(r1.code, r1.stderr).toBe(ExitCode.input);
    expect(r1.stderr).toMatch(/holds one language only, French .*nothing to compare it with/);
    expect(r1.stderr).toMatch(/fix: add a column in another language/);
    const alone = await runCli(['run', '--corpus', one, '--langs', 'fr', '--baseline', 'fr', '--out', out()]);
    expect(alone.code, alone.stderr).toBe(ExitCode.usage);
    expect(alone.stderr).toMatch(/--langs fr holds only the baseline language/);

    const frde = csvFile('fr-de.csv', 'fr,de\nBonjour.,Hallo.\nLe train.,Der Zug.\n');
    const base = [
      'run',
      '--corpus',
      frde,
      '--tokenizers',
      'o200k_base',
      '--no-charts',
      '--quiet',
      '--no-cache',
    ];
    const r2 = await runCli([...base, '--out', out()]);
    expect(r2.code, r2.stderr).toBe(ExitCode.input);
    const o = out();
    const r3 = await runCli([...base, ...fixArgs(r2.stderr, '--baseline'), '--out', o]);
    expect(r3.code, r3.stderr).toBe(0);
    const summary = rows(join(o, 'summary.csv')).filter((x) => x.domain === 'all');
    expect(summary.map((x) => x.lang).sort()).toEqual(['de', 'fr']);
    expect(summary.find((x) => x.lang === 'de')!.baseline_tokens).not.toBe('');

    const r4 = await runCli([...base, '--baseline', 'fr', '--langs', 'fr,es', '--out', out()]);
    expect(r4.code, r4.stderr).toBe(ExitCode.input);
    const o5 = out();
    const r5 = await runCli([...base, ...fixArgs(r4.stderr, '--langs'), '--out', o5]);
    expect(r5.code, r5.stderr).toBe(0);
    expect(rows(join(o5, 'summary.csv')).some((x) => x.lang === 'de')).toBe(true);
  });

  it('a file that is no tokenizer at all is called that, not "corrupted"', async () => {
    const r = await runCli(['run', '--tokenizers', `file:${join(ROOT, 'README.md')}`, '--out', out()]);
    expect(r.code, r.stderr).toBe(ExitCode.tokenizer);
    expect(r.stderr).toMatch(/README\.md is not a tokenizer file: neither a SentencePiece model nor JSON/);
    expect(r.stderr).not.toMatch(/corrupted/);
  });

  it('a second Ctrl-C leaves at once and still says where the partial measurements are', async () => {
    const o = join(tmp('tokentax-twice-'), 'run');
    const run = startCli(
      [
        'run',
        '--out',
        o,
        '--workers',
        '1',
        '--no-charts',
        '--no-cache',
        '--tokenizers',
        'cl100k_base,o200k_base,gpt2',
      ],
      {},
    );
    const partialCsv = join(`${o}.partial`, 'segments.csv');
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline && run.child.exitCode === null) {
      if (existsSync(partialCsv) && statSync(partialCsv).size > 2000) break;
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(run.child.exitCode, run.stderr()).toBeNull();
    // Two signals at once (a second, different one, so the kernel cannot merge them): the second arrives while
    // the run is still stopping from the first.
    run.child.kill('SIGINT');
    run.child.kill('SIGTERM');
    const r = await run.done;
    expect(r.code, r.stderr).toBe(ExitCode.interrupted);
    expect(r.stderr).toMatch(/SIG(INT|TERM) again, leaving at once/);
    expect(r.stderr).toContain(`partial measurements (no manifest.json) are in ${o}.partial`);
    expect(r.stderr).not.toMatch(/^\s+at .+:\d+:\d+/m);
    expect(existsSync(join(`${o}.partial`, 'manifest.json'))).toBe(false);
    expect(existsSync(`${o}.lock`), 'the lock goes with the process').toBe(false);
  });
});
