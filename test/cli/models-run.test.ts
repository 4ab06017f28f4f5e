// The model view through the real CLI: --tokenizers default,legacy, the workload flags, --currency/--fx, and
// their errors.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Papa from 'papaparse';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli, tmp } from '../helpers.js';

type Row = Record<string, string>;
const csv = (p: string): Row[] =>
  Papa.parse<Row>(readFileSync(p, 'utf8'), { header: true, skipEmptyLines: true }).data;

describe('run --tokenizers default,legacy --workload support --output-words 300 --currency EUR --fx 0.5', () => {
  let out: string;
  let r: Awaited<ReturnType<typeof runCli>>;
  beforeAll(async () => {
    out = join(tmp('tokentax-models-run-'), 'run');
    r = await runCli([
      'run',
      '--corpus',
      'udhr',
      '--tokenizers',
      'default,legacy',
      '--no-charts',
      '--out',
      out,
      '--workload',
      'support',
      '--output-words',
      '300',
      '--currency',
      'EUR',
      '--fx',
      '0.5',
      '--claim-margin',
      '3',
    ]);
  }, 600_000);

  it('measures the legacy tokenizers too, but no headline mean averages them in', () => {
    expect(r.code, r.stderr).toBe(0);
    const tokenizers = new Set(csv(join(out, 'summary.csv')).map((x) => x.tokenizer));
    for (const t of ['gpt2', 'llama-2', 'mistral-v1', 'claude-legacy', 'o200k_base'])
      expect(tokenizers.has(t), t).toBe(true);
    const m = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')) as {
      headline: { categories: { tokenizers: string[] }[] };
    };
    for (const c of m.headline.categories)
      for (const t of ['gpt2', 'llama-2', 'mistral-v1', 'claude-legacy', 'cl100k_base'])
        expect(c.tokenizers).not.toContain(t);
    // mistral-v1 is European but all its models are legacy: not a subject of part 2.
    expect(csv(join(out, 'claim.csv')).some((x) => x.tokenizer === 'mistral-v1')).toBe(false);
    expect(csv(join(out, 'claim.csv')).every((x) => x.margin_pct === '3')).toBe(true);
  });

  it('prices the support workload with the changed output words, and shows euros at the given rate', () => {
    const g = csv(join(out, 'models.csv')).find((x) => x.model === 'gpt-5' && x.lang === 'fr')!;
    expect(g).toMatchObject({
      workload: 'support (changed by flags)',
      requests_per_month: '50000',
      input_words: '900',
      output_words: '300',
      cached_share: '0.3',
      currency: 'EUR',
      fx_per_usd: '0.5',
    });
    expect(Number(g.monthly_total_in_currency)).toBeCloseTo(Number(g.monthly_total_usd) * 0.5, 5);
    // udhr has no customer-support domain: the bill uses the whole corpus, and says so.
    expect([g.input_basis, g.output_basis]).toEqual(['all', 'all']);
    const md = readFileSync(join(out, 'report.md'), 'utf8');
    expect(md).toContain('Money in EUR at 0.5 per USD (--fx)');
    expect(md).toMatch(/\| openai \| `gpt-5` \| o200k_base \| €/);
  });
});

describe('option errors and warnings of the model view', () => {
  it('--currency without --fx guesses no rate: one line, money in USD', async () => {
    const out = join(tmp('tokentax-nofx-'), 'run');
    const r = await runCli([
      'run',
      '--corpus',
      'udhr',
      '--tokenizers',
      'o200k_base',
      '--no-charts',
      '--out',
      out,
      '--currency',
      'eur',
    ]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain(
      '--currency EUR needs --fx <EUR per USD>; no rate is guessed, so money stays in USD',
    );
    expect(csv(join(out, 'models.csv')).find((x) => x.model === 'gpt-5')!.currency).toBe('');
  });

  it.each([
    [['--fx', '0.9'], /--fx needs --currency/],
    [['--workload', 'blog'], /--workload "blog" is not a preset/],
    [['--cached-share', '2'], /--cached-share 2 is not between 0 and 1/],
    [['--currency', 'euro', '--fx', '1'], /--currency "euro" is not a three-letter currency code/],
    [['--claim-margin', '-1'], /--claim-margin "-1" is not a number ≥ 0/],
  ])('%j is refused (exit 2)', async (args, message) => {
    const r = await runCli([
      'run',
      '--corpus',
      'udhr',
      '--tokenizers',
      'o200k_base',
      '--no-charts',
      '--out',
      join(tmp(), 'x'),
      ...args,
    ]);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});
