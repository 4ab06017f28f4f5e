// Issues #2, #3, #4 through the real CLI: the default offline run, the listings, and `count --tokenizers all`.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Papa from 'papaparse';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli, tmp, closedPort } from '../helpers.js';

/** No network and an empty Hugging Face cache. */
async function offlineEnv(): Promise<Record<string, string>> {
  return { HF_ENDPOINT: `http://127.0.0.1:${await closedPort()}`, HF_HOME: tmp('tokentax-hfhome-'), HF_HUB_CACHE: tmp('tokentax-hfcache-') };
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
    builtin = (JSON.parse(list.stdout) as { id: string; source: { kind: string }; status: string; optIn?: string }[])
      .filter((t) => t.source.kind === 'npm' && t.status === 'ready' && !t.optIn)
      .map((t) => t.id);
  }, 900_000);

  it('exits 0 and measures every built-in tokenizer on the built-in corpus', () => {
    expect(r.code, r.stderr).toBe(0);
    const summary = Papa.parse<Record<string, string>>(readFileSync(join(out, 'summary.csv'), 'utf8'), { header: true, skipEmptyLines: true }).data;
    expect(new Set(summary.map((s) => s.corpus))).toEqual(new Set(['llm-mix']));
    expect(new Set(summary.map((s) => s.tokenizer))).toEqual(new Set(builtin));
    expect(builtin).toEqual(expect.arrayContaining(['gpt2', 'cl100k_base', 'o200k_base', 'llama-2', 'llama-3', 'mistral-v1', 'mistral-tekken', 'claude-legacy']));
    expect(new Set(summary.map((s) => s.lang))).toEqual(new Set(['en', 'fr', 'de', 'es']));
  });

  it('names the skipped hub tokenizers once, with the way to supply them', () => {
    const said = r.stderr;
    expect(said).toMatch(/lucie-7b/);
    expect(said).toMatch(/--tokenizer-dir|HF_ENDPOINT|online/);
    expect(said.match(/lucie-7b/g)!.length).toBeLessThanOrEqual(2);
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
    const list = JSON.parse(r.stdout) as { id: string; segmentsPerLang: Record<string, number>; domains: Record<string, number> }[];
    const mix = list.find((c) => c.id === 'llm-mix')!;
    for (const l of ['en', 'fr', 'de', 'es']) expect(mix.segmentsPerLang[l]).toBeGreaterThanOrEqual(400);
    expect(Object.keys(mix.domains).length).toBeGreaterThanOrEqual(8);
    const udhr = list.find((c) => c.id === 'udhr')!;
    for (const l of ['en', 'fr', 'de', 'es']) expect(udhr.segmentsPerLang[l]).toBe(30);
  });

  it('tokenizers: every catalog entry with category, vocabulary size, source and status', async () => {
    const r = await runCli(['tokenizers', '--json'], { env: await offlineEnv() });
    expect(r.code, r.stderr).toBe(0);
    const list = JSON.parse(r.stdout) as { id: string; category: string; vocabSize: number; status: string }[];
    const by = Object.fromEntries(list.map((t) => [t.id, t]));
    expect(by.o200k_base).toMatchObject({ category: 'english-centric', status: 'ready' });
    expect(by['mistral-tekken']).toMatchObject({ category: 'european', status: 'ready' });
    expect(by['lucie-7b']).toMatchObject({ category: 'european', status: 'downloadable', vocabSize: 65024 });
    // Done when (#13): no catalog entry is unsupported; Teuken-7B is counted through its tokenizer.model.
    for (const t of list) expect(t.status).toMatch(/^(ready|cached|downloadable|not installed|needs [A-Z_]+_API_KEY)$/);
    expect(by['teuken-7b']).toMatchObject({ category: 'european', status: 'downloadable', engine: 'sentencepiece' });
    const table = await runCli(['tokenizers']);
    expect(table.stdout).toMatch(/id\s+category\s+vocab/);
  });

  it('count --tokenizers all prints one count per available tokenizer', async () => {
    const r = await runCli(['count', 'Bonjour tout le monde', '--tokenizers', 'all', '--json'], { env: await offlineEnv() });
    expect(r.code, r.stderr).toBe(0);
    const rows = JSON.parse(r.stdout) as { tokenizer: string; tokens: number }[];
    const o200k = rows.find((x) => x.tokenizer === 'o200k_base')!;
    expect(o200k.tokens).toBe(4); // Bonjour| tout| le| monde
    expect(rows.length).toBeGreaterThanOrEqual(8);
    expect(new Set(rows.map((x) => x.tokenizer)).size).toBe(rows.length);
  });
});
