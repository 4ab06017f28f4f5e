// Issues #2, #3, #4 through the real CLI: the default offline run, the listings, and `count --tokenizers all`.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Papa from 'papaparse';
import { beforeAll, describe, expect, it } from 'vitest';
import { calcPrice } from '@pydantic/genai-prices';
import { models, modelState } from '../../src/models/index.js';
import { bundledSource } from '../../src/prices/index.js';
import { DEFAULT_TOKENIZERS, LEGACY_TOKENIZERS } from '../../src/tokenizers/catalog.js';
import { runCli, tmp, closedPort } from '../helpers.js';

/** No network and an empty Hugging Face cache. */
async function offlineEnv(): Promise<Record<string, string>> {
  return {
    HF_ENDPOINT: `http://127.0.0.1:${await closedPort()}`,
    HF_HOME: tmp('tokentax-hfhome-'),
    HF_HUB_CACHE: tmp('tokentax-hfcache-'),
  };
}

describe('tokentax run with defaults, offline, empty hub cache', () => {
  let r: Awaited<ReturnType<typeof runCli>>;
  let out: string;
  let builtin: string[];

  beforeAll(async () => {
    out = join(tmp('tokentax-default-'), 'run');
    r = await runCli(['run', '--out', out], { env: await offlineEnv() });
    const list = await runCli(['tokenizers', '--json']);
    // Opt-in packs (gemma-3, deepseek-v3) are ready once installed but are not in the default run.
    builtin = (
      JSON.parse(list.stdout) as { id: string; source: { kind: string }; status: string; optIn?: string }[]
    )
      .filter((t) => t.source.kind === 'npm' && t.status === 'ready' && !t.optIn)
      .map((t) => t.id);
  }, 900_000);

  it('exits 0 and measures the built-in tokenizers of current models (plus cl100k_base), legacy ones left out', () => {
    expect(r.code, r.stderr).toBe(0);
    const summary = Papa.parse<Record<string, string>>(readFileSync(join(out, 'summary.csv'), 'utf8'), {
      header: true,
      skipEmptyLines: true,
    }).data;
    expect(new Set(summary.map((s) => s.corpus))).toEqual(new Set(['llm-mix']));
    expect(new Set(summary.map((s) => s.tokenizer))).toEqual(
      new Set(builtin.filter((t) => DEFAULT_TOKENIZERS.includes(t))),
    );
    expect(builtin).toEqual(
      expect.arrayContaining([
        'gpt2',
        'cl100k_base',
        'o200k_base',
        'llama-2',
        'llama-3',
        'mistral-v1',
        'mistral-tekken',
        'claude-legacy',
      ]),
    );
    for (const t of LEGACY_TOKENIZERS)
      expect(
        summary.some((s) => s.tokenizer === t),
        t,
      ).toBe(false);
    expect(new Set(summary.map((s) => s.lang))).toEqual(new Set(['en', 'fr', 'de', 'es']));
  });

  it("writes models.csv: one row per current OpenAI model of the catalog and language, at the library's prices and data date", async () => {
    const rows = Papa.parse<Record<string, string>>(readFileSync(join(out, 'models.csv'), 'utf8'), {
      header: true,
      skipEmptyLines: true,
    }).data;
    const openai = models().filter(
      (m) => m.provider === 'openai' && modelState(m, new Date()).status === 'current',
    );
    const mine = rows.filter((x) => x.provider === 'openai' && x.status === 'current');
    expect(mine.map((x) => `${x.model}/${x.lang}`).sort()).toEqual(
      openai.flatMap((m) => ['en', 'fr', 'de', 'es'].map((l) => `${m.id}/${l}`)).sort(),
    );
    const date = bundledSource().date;
    for (const x of mine) {
      const m = openai.find((o) => o.id === x.model)!;
      // 1,000 tokens are below every context tier: × 1,000 gives the base price per 1M tokens.
      const lib = (u: Record<string, number>) =>
        calcPrice(u, m.price!.model, { providerId: m.price!.provider })!;
      expect(Number(x.input_usd_per_mtok), x.model).toBeCloseTo(
        lib({ input_tokens: 1000 }).input_price * 1000,
        9,
      );
      expect(Number(x.output_usd_per_mtok), x.model).toBeCloseTo(
        lib({ output_tokens: 1000 }).output_price * 1000,
        9,
      );
      if (x.cached_input_usd_per_mtok)
        expect(Number(x.cached_input_usd_per_mtok)).toBeCloseTo(
          lib({ input_tokens: 1000, cache_read_tokens: 1000 }).input_price * 1000,
          9,
        );
      expect(x.price_date).toBe(date);
      expect(x.tokenizer).toBe('o200k_base');
      expect(x.counted_by).toMatch(/^(tokenizer|approx)$/);
      expect(Number(x.tokens)).toBeGreaterThan(0);
      expect(Number(x.monthly_total_usd)).toBeGreaterThan(0);
    }
    // Models that need a provider counting API are listed with their prices and empty token cells, never 0.
    const claude = rows.find((x) => x.model === 'claude-opus-4-7' && x.lang === 'fr')!;
    expect(claude).toMatchObject({
      counted_by: 'not measured',
      tokens: '',
      overhead_pct: '',
      input_usd_per_mtok: '5',
    });
    expect(claude.note).toMatch(/needs the provider counting API anthropic:claude-opus-4-7/);
  });

  it('writes claim.csv with both halves, Lucie-7B said to be missing offline', () => {
    const claim = Papa.parse<Record<string, string>>(readFileSync(join(out, 'claim.csv'), 'utf8'), {
      header: true,
      skipEmptyLines: true,
    }).data;
    expect([...new Set(claim.map((x) => `${x.part}/${x.tokenizer}`))]).toEqual([
      '1/cl100k_base',
      '1/o200k_base',
      '2/lucie-7b',
      '2/mistral-tekken',
    ]);
    expect(claim.filter((x) => x.tokenizer === 'lucie-7b').every((x) => x.verdict === 'not measured')).toBe(
      true,
    );
  });

  it('names the skipped hub tokenizers once, with the way to supply them', () => {
    const said = r.stderr;
    expect(said).toMatch(/lucie-7b/);
    expect(said).toMatch(/--tokenizer-dir|HF_ENDPOINT|online/);
    // Said once among the skipped tokenizers, and once as the missing half of the claim.
    expect(said.match(/skipped [^\n]*lucie-7b/g)!.length).toBe(1);
  });

  it('prints a table of overhead per tokenizer and language and the headline', () => {
    expect(r.stdout).toMatch(/tokenizer\s+category\s+fr\s+de\s+es/);
    for (const t of ['cl100k_base', 'mistral-tekken']) expect(r.stdout).toContain(t);
    expect(r.stdout).toMatch(/claim/);
    expect(existsSync(join(out, 'manifest.json'))).toBe(true);
  });
});

describe('listings', () => {
  it('corpora --json: llm-mix ≥ 400 segments per language in ≥ 8 domains, udhr 30', async () => {
    const r = await runCli(['corpora', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const list = JSON.parse(r.stdout) as {
      id: string;
      segmentsPerLang: Record<string, number>;
      domains: Record<string, number>;
    }[];
    const mix = list.find((c) => c.id === 'llm-mix')!;
    for (const l of ['en', 'fr', 'de', 'es']) expect(mix.segmentsPerLang[l]).toBeGreaterThanOrEqual(400);
    expect(Object.keys(mix.domains).length).toBeGreaterThanOrEqual(8);
    const udhr = list.find((c) => c.id === 'udhr')!;
    for (const l of ['en', 'fr', 'de', 'es']) expect(udhr.segmentsPerLang[l]).toBe(30);
  });

  it('tokenizers: every catalog entry with category, vocabulary size, source and status', async () => {
    const r = await runCli(['tokenizers', '--json'], { env: await offlineEnv() });
    expect(r.code, r.stderr).toBe(0);
    const list = JSON.parse(r.stdout) as {
      id: string;
      category: string;
      vocabSize: number;
      status: string;
    }[];
    const by = Object.fromEntries(list.map((t) => [t.id, t]));
    expect(by.o200k_base).toMatchObject({ category: 'english-centric', status: 'ready' });
    expect(by['mistral-tekken']).toMatchObject({ category: 'european', status: 'ready' });
    expect(by['lucie-7b']).toMatchObject({ category: 'european', status: 'downloadable', vocabSize: 65024 });
    // Done when (#13): no catalog entry is unsupported; Teuken-7B is counted through its tokenizer.model.
    for (const t of list)
      expect(t.status).toMatch(/^(ready|cached|downloadable|not installed|needs [A-Z_]+_API_KEY)$/);
    expect(by['teuken-7b']).toMatchObject({
      category: 'european',
      status: 'downloadable',
      engine: 'sentencepiece',
    });
    const table = await runCli(['tokenizers']);
    expect(table.stdout).toMatch(/id\s+category\s+vocab/);
  });

  it('count --tokenizers all prints one count per available tokenizer', async () => {
    const r = await runCli(['count', 'Bonjour tout le monde', '--tokenizers', 'all', '--json'], {
      env: await offlineEnv(),
    });
    expect(r.code, r.stderr).toBe(0);
    const rows = JSON.parse(r.stdout) as { tokenizer: string; tokens: number }[];
    const o200k = rows.find((x) => x.tokenizer === 'o200k_base')!;
    expect(o200k.tokens).toBe(4); // Bonjour| tout| le| monde
    expect(rows.length).toBeGreaterThanOrEqual(8);
    expect(new Set(rows.map((x) => x.tokenizer)).size).toBe(rows.length);
  });
});
