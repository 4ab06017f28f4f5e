// Issue #23: one RunConfig and one DEFAULTS table. The `run` flags reach the library through one mapping, the help
// prints the table's defaults, manifest.json stores the configuration as used, and a folder of the old layout
// (flat `options`) still loads in `tokentax report`.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { DEFAULTS, resolveConfig } from '../../src/config.js';
import { addRunFlags, RUN_FLAGS, type RunFlags, runSettings } from '../../src/cli/run-flags.js';
import { claimData } from '../../src/models/index.js';
import { runTokenTax } from '../../src/pipeline/run.js';
import { PROTOCOLS } from '../../src/providers/index.js';
import { readRun } from '../../src/report/index.js';
import { catalog } from '../../src/tokenizers/index.js';
import type { RunManifest } from '../../src/types.js';
import { tmp } from '../helpers.js';

/** `tokentax run` as the CLI builds it, parsing `args` without running anything. */
function parse(args: string[]): { flags: RunFlags; help: string } {
  let flags: RunFlags = {};
  const cmd = addRunFlags(new Command('run').exitOverride()).action((o: RunFlags) => void (flags = o));
  cmd.parse(args, { from: 'user' });
  return { flags, help: cmd.helpInformation().replace(/\s+/g, ' ') };
}

describe('the run flags and DEFAULTS', () => {
  it("the help prints each default from the table (ms flags in seconds), the claim's from data/claim.json", () => {
    const { help } = parse([]);
    // Derived here from DEFAULTS, not copied from the flag table: a default changed in one place only fails this.
    const expected: Record<string, string> = {
      '--corpus': DEFAULTS.corpus.corpora.join(','),
      '--langs': DEFAULTS.corpus.langs.join(','),
      '--baseline': DEFAULTS.corpus.baseline,
      '--reference': DEFAULTS.analysis.reference,
      '--claim': `${claimData().pct},`,
      '--seed': String(DEFAULTS.analysis.seed),
      '--resamples': String(DEFAULTS.analysis.resamples),
      '--claim-margin': `${claimData().marginPct},`,
      '--hub-timeout': String(DEFAULTS.tokenizers.hubTimeoutMs / 1000),
      '--api-concurrency': String(DEFAULTS.api.concurrency),
      '--api-timeout': String(DEFAULTS.api.timeoutMs / 1000),
      '--api-max-wait': String(DEFAULTS.api.maxWaitMs / 1000),
      '--api-rpm': Object.values(PROTOCOLS)
        .map((p) => `${p.name} ${p.defaultRpm}`)
        .join(', '),
    };
    for (const [flag, value] of Object.entries(expected)) {
      const line = new RegExp(
        `${flag} <[^>]+> [^]*?\\(default: ${value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`,
      );
      expect(help, flag).toMatch(line);
    }
    // The claim's figures are the data's, and no default is a number of milliseconds shown as seconds.
    expect(DEFAULTS.analysis.claimPct).toBe(claimData().pct);
    expect(DEFAULTS.analysis.claimMarginPct).toBe(claimData().marginPct);
    expect(help).not.toMatch(/<seconds>[^(]*\(default: \d{4,}\)/);
  });

  it('no flag sets a default of its own: without flags the settings are exactly DEFAULTS', () => {
    expect(resolveConfig(runSettings(parse([]).flags))).toEqual(resolveConfig({}));
    expect(resolveConfig({}).analysis).toEqual(DEFAULTS.analysis);
  });

  it('every flag of the table reaches the configuration through runSettings', () => {
    // A value for each flag unlike its default; the CLI-only flags (printing, --currency/--fx) are left out.
    const given: Partial<Record<keyof typeof RUN_FLAGS, string[]>> = {
      corpus: ['--corpus', 'udhr'],
      split: ['--split', 'dev'],
      format: ['--format', 'csv'],
      langId: ['--no-lang-id'],
      allowMislabelled: ['--allow-mislabelled'],
      tokenizers: ['--tokenizers', 'o200k_base'],
      tokenizerDir: ['--tokenizer-dir', '/x'],
      hubTimeout: ['--hub-timeout', '3'],
      offline: ['--offline'],
      langs: ['--langs', 'en,fr'],
      baseline: ['--baseline', 'fr'],
      reference: ['--reference', 'o200k_base'],
      claim: ['--claim', '25'],
      seed: ['--seed', '7'],
      resamples: ['--resamples', '3000'],
      claimMargin: ['--claim-margin', '3'],
      byDomain: ['--by-domain'],
      prices: ['--prices', 'p.csv'],
      updatePrices: ['--update-prices'],
      workload: ['--workload', 'rag'],
      requests: ['--requests', '9'],
      inputWords: ['--input-words', '9'],
      outputWords: ['--output-words', '9'],
      cachedShare: ['--cached-share', '0.1'],
      billModels: ['--bill-models', 'gpt-5'],
      monthlyWords: ['--monthly-words', '9'],
      out: ['--out', 'o'],
      force: ['--force'],
      workers: ['--workers', '3'],
      cache: ['--no-cache'],
      sample: ['--sample', '9'],
      apiRpm: ['--api-rpm', '9'],
      apiConcurrency: ['--api-concurrency', '9'],
      apiTimeout: ['--api-timeout', '9'],
      apiMaxWait: ['--api-max-wait', '9'],
      slides: ['--slides'],
      charts: ['--no-charts'],
    };
    const cliOnly = ['json', 'quiet', 'currency', 'fx'];
    expect(
      Object.keys(RUN_FLAGS)
        .filter((k) => !(k in given))
        .sort(),
    ).toEqual([...cliOnly].sort());
    const base = JSON.stringify(resolveConfig(runSettings(parse([]).flags)));
    for (const [name, args] of Object.entries(given)) {
      const changed = JSON.stringify(resolveConfig(runSettings(parse(args).flags)));
      expect(changed, name).not.toBe(base);
    }
    const all = resolveConfig(runSettings(parse(Object.values(given).flat()).flags));
    expect(all.tokenizers.hubTimeoutMs).toBe(3000);
    expect(all.api).toEqual({ rpm: 9, concurrency: 9, timeoutMs: 9000, maxWaitMs: 9000 });
    expect(all.corpus.langId).toBe(false);
    expect(all.prices.workload).toEqual({
      workload: 'rag',
      requests: 9,
      inputWords: 9,
      outputWords: 9,
      cachedShare: 0.1,
    });
  });
});

describe('manifest.json: the configuration as used, and the old layout', () => {
  it('stores RunConfig; a folder whose manifest has the flat options of before still reads the same', async () => {
    const out = join(tmp('tokentax-config-'), 'run');
    const settings = {
      corpus: { corpora: ['udhr'], langs: ['en', 'fr', 'de'] },
      tokenizers: { ids: ['cl100k_base', 'o200k_base'], workers: 1, cache: false, offline: true },
      analysis: { claimMarginPct: 3, resamples: 2000, byDomain: true },
      prices: { workload: { workload: 'support', requests: 1234 }, monthlyWords: 5000 },
      output: { out, charts: false },
    };
    const res = await runTokenTax(settings);
    const m = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')) as RunManifest;
    expect(m.options).toBeUndefined();
    expect(m.config!.analysis.claimMarginPct).toBe(3);
    expect(m.config!.prices.workload.name).toMatch(/^support\b/);
    expect(m.config!.prices.workload.requestsPerMonth).toBe(1234);
    expect(m.config!.tokenizers.workers).toBe(1);
    expect(m.config!.corpus.langs).toEqual(['en', 'fr', 'de']);
    const now = await readRun(out, { catalog: catalog() });
    expect(now.analysis.options).toEqual(res.analysis.options);

    // The same folder as main wrote it before issue #23 (src/pipeline/run.ts's flat `options`).
    const c = m.config!;
    const old: RunManifest = {
      ...m,
      config: undefined,
      options: {
        corpora: c.corpus.corpora,
        tokenizers: c.tokenizers.ids,
        langs: c.corpus.langs,
        baseline: c.corpus.baseline,
        reference: c.analysis.reference,
        claimPct: c.analysis.claimPct,
        claimMarginPct: c.analysis.claimMarginPct,
        resamples: c.analysis.resamples,
        byDomain: c.analysis.byDomain,
        prices: c.prices.file,
        monthlyWords: c.prices.monthlyWords,
        workload: c.prices.workload,
        updatePrices: c.prices.update,
        workers: c.tokenizers.workers,
      },
    };
    delete old.config;
    writeFileSync(join(out, 'manifest.json'), JSON.stringify(old, null, 2));
    const before = await readRun(out, { catalog: catalog() });
    expect(before.analysis.options).toEqual(now.analysis.options);
    expect(before.analysis.options.claimMarginPct).toBe(3);
    expect(before.analysis.options.workload?.name).toMatch(/^support\b/);
    expect(before.analysis.models).toEqual(now.analysis.models);
  }, 300_000);
});
