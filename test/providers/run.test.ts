// Provider refs in the whole run (runTokenTax): the default run adds the API-counted current models of the
// providers whose key is set and says what a key would add; catalog model ids stand for their counting ref;
// --sample measures the same seeded, domain-stratified segments with every tokenizer.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Papa from 'papaparse';
import { afterAll, describe, expect, it } from 'vitest';
import { models } from '../../src/models/index.js';
import type { RunSettings } from '../../src/config.js';
import { runTokenTax, type RunHooks } from '../../src/pipeline/run.js';
import {
  apiCountedModels,
  apiUnusable,
  defaultApiRefs,
  listRemote,
  mappedLine,
  splitTokenizerIds,
  type Env,
} from '../../src/providers/index.js';
import { apiEnv, type ApiServer, type Provider } from '../fixtures/api-server.js';
import { ROOT, tmp } from '../helpers.js';
import { o200kStandIn } from './shared.js';

const CATALOG = models(join(ROOT, 'test', 'fixtures', 'models-api.json'));
type Row = Record<string, string>;
const csv = (p: string): Row[] =>
  Papa.parse<Row>(readFileSync(p, 'utf8'), { header: true, skipEmptyLines: true }).data;

const servers: ApiServer[] = [];
const standIn = (provider: Provider) => o200kStandIn(servers, provider, 5);
afterAll(async () => {
  for (const s of servers) await s.close();
});

/** A run of udhr (or `corpora`) into a fresh folder, one worker, no charts, no cache, the test catalog. */
const base = (over: {
  corpora?: string[];
  tokenizers?: string[];
  sample?: number;
  seed?: number;
  env?: Env;
  log?: (l: string) => void;
}): [RunSettings, RunHooks] => [
  {
    corpus: { corpora: over.corpora ?? ['udhr'], sample: over.sample },
    tokenizers: { ids: over.tokenizers, workers: 1, cache: false },
    api: { rpm: 60_000 },
    analysis: { seed: over.seed },
    output: { out: join(tmp('tokentax-api-run-'), 'run'), charts: false },
  },
  { models: CATALOG, env: over.env, log: over.log },
];

describe('the model catalog and provider refs', () => {
  it('API-counted models are the current ones whose first way to count is the API', () => {
    expect(apiCountedModels(CATALOG).map((m) => m.ref)).toEqual([
      'anthropic:claude-standin-1',
      'gemini:gemini-standin-1',
    ]);
  });

  it('model ids stand for their best counting: the API ref, or the exact tokenizer', () => {
    const ids = new Set(['o200k_base', 'cl100k_base']);
    const s = splitTokenizerIds(
      ['claude-standin-1', 'gpt-standin-1', 'cl100k_base', 'gemini:gemini-x', 'default'],
      { tokenizerIds: ids, models: CATALOG },
    );
    expect(s.remote).toEqual(['anthropic:claude-standin-1', 'gemini:gemini-x']);
    expect(s.local).toEqual(['o200k_base', 'cl100k_base', 'default']);
    expect(s.mapped).toEqual([
      { model: 'claude-standin-1', to: 'anthropic:claude-standin-1' },
      { model: 'gpt-standin-1', to: 'o200k_base' },
    ]);
  });

  it('a model id skips ways it cannot be counted, and is refused with the reason when there is none', () => {
    const base = CATALOG[0];
    const list = [
      {
        ...base,
        id: 'later-api',
        counting: [
          { kind: 'unavailable' as const, reason: 'no public tokenizer' },
          { kind: 'tokenizer' as const, tokenizer: 'o200k_base' },
        ],
      },
      {
        ...base,
        id: 'closed',
        counting: [{ kind: 'unavailable' as const, reason: 'no public tokenizer and no counting API' }],
      },
    ];
    const ids = new Set(['o200k_base']);
    expect(splitTokenizerIds(['later-api'], { tokenizerIds: ids, models: list }).local).toEqual([
      'o200k_base',
    ]);
    expect(() => splitTokenizerIds(['closed'], { tokenizerIds: ids, models: list })).toThrow(
      /closed cannot be counted: not measurable: no public tokenizer and no counting API/,
    );
  });

  it('a model id passes over an API way that cannot be used here (offline, no key) to its next way, and says why', () => {
    const base = CATALOG[0];
    const list = [
      {
        ...base,
        id: 'api-first',
        counting: [
          { kind: 'api' as const, ref: 'openai:api-first' },
          { kind: 'approx' as const, tokenizer: 'o200k_base', reason: 'stands in' },
        ],
      },
      { ...base, id: 'api-only', counting: [{ kind: 'api' as const, ref: 'anthropic:api-only' }] },
    ];
    const tokenizerIds = new Set(['o200k_base']);
    const noKey = (ref: string) => apiUnusable(ref, { env: {} });
    const s = splitTokenizerIds(['api-first', 'api-only'], { tokenizerIds, models: list, apiUsable: noKey });
    expect(s.local).toEqual(['o200k_base']);
    // With no other way the ref stays, so that its own error (the key) is the one the user sees.
    expect(s.remote).toEqual(['anthropic:api-only']);
    expect(mappedLine(s.mapped[0])).toBe(
      "api-first: counted as o200k_base (not openai:api-first: OPENAI_API_KEY is not set; the model catalog's next way to count it; an approximation: stands in)",
    );
    expect(mappedLine(s.mapped[1])).toBe(
      "api-only: counted as anthropic:api-only (the model catalog's first way to count it)",
    );
    // With the key set the API way is used; offline it is not.
    expect(
      splitTokenizerIds(['api-first'], {
        tokenizerIds,
        models: list,
        apiUsable: (r) => apiUnusable(r, { env: { OPENAI_API_KEY: 'k' } }),
      }).remote,
    ).toEqual(['openai:api-first']);
    expect(
      splitTokenizerIds(['api-first'], {
        tokenizerIds,
        models: list,
        apiUsable: (r) => apiUnusable(r, { offline: true, env: { OPENAI_API_KEY: 'k' } }),
      }).local,
    ).toEqual(['o200k_base']);
  });

  it('without keys, one line says what each key would add', () => {
    const d = defaultApiRefs(CATALOG, {});
    expect(d.refs).toEqual([]);
    expect(d.hint).toMatch(
      /ANTHROPIC_API_KEY adds claude-standin-1; GEMINI_API_KEY or GOOGLE_API_KEY adds gemini-standin-1/,
    );
    expect(d.hint!.split('\n')).toHaveLength(1);
    expect(defaultApiRefs(CATALOG, { ANTHROPIC_API_KEY: 'k', GOOGLE_API_KEY: 'k' })).toEqual({
      refs: ['anthropic:claude-standin-1', 'gemini:gemini-standin-1'],
    });
  });

  it('tokentax tokenizers lists every API ref of the catalog with what it needs', () => {
    const l = listRemote(CATALOG, { GEMINI_API_KEY: 'k' });
    expect(l.map((t) => [t.id, t.status])).toEqual([
      ['anthropic:claude-standin-1', 'needs ANTHROPIC_API_KEY'],
      ['anthropic:claude-standin-0', 'needs ANTHROPIC_API_KEY'],
      ['gemini:gemini-standin-1', 'ready'],
      ['openai:gpt-standin-1', 'needs OPENAI_API_KEY'],
    ]);
    expect(l.every((t) => t.countOnly && t.engine === 'provider-api')).toBe(true);
  });
});

describe('runs with provider refs', () => {
  it("a default run with a key set adds that provider's models, announces their requests, and says what the other key adds", async () => {
    const s = await standIn('anthropic');
    const lines: string[] = [];
    const res = await runTokenTax(...base({ env: apiEnv('anthropic', s), log: (l) => lines.push(l) }));
    const ids = res.manifest.tokenizers.map((t) => t.id);
    expect(ids).toContain('anthropic:claude-standin-1');
    expect(ids).toContain('o200k_base');
    expect(ids).not.toContain('gemini:gemini-standin-1');
    expect(
      lines.filter((l) => /GEMINI_API_KEY or GOOGLE_API_KEY adds gemini-standin-1/.test(l)),
    ).toHaveLength(1);
    expect(
      lines.some((l) =>
        /^anthropic:claude-standin-1: 120 requests to http:\/\/127\.0\.0\.1:\d+ \(POST \/v1\/messages\/count_tokens\), about \d+ s at 60000 requests\/min/.test(
          l,
        ),
      ),
    ).toBe(true);
    expect(res.manifest.apiCounters?.[0].framing.tokens).toBe(5);
  });

  it('a default run without keys runs the local tokenizers and says once what a key would add', async () => {
    const lines: string[] = [];
    const res = await runTokenTax(...base({ env: {}, log: (l) => lines.push(l), tokenizers: undefined }));
    expect(res.manifest.tokenizers.some((t) => t.id.includes(':'))).toBe(false);
    expect(lines.filter((l) => /ANTHROPIC_API_KEY adds claude-standin-1/.test(l))).toHaveLength(1);
  });

  it('a model id names its counting ref in the rows', async () => {
    const s = await standIn('anthropic');
    const res = await runTokenTax(
      ...base({ env: apiEnv('anthropic', s), tokenizers: ['claude-standin-1', 'gpt-standin-1'] }),
    );
    expect(res.manifest.tokenizers.map((t) => t.id)).toEqual(['o200k_base', 'anthropic:claude-standin-1']);
    const rows = res.analysis.summary.filter((r) => r.lang === 'fr');
    expect(rows.find((r) => r.tokenizer === 'anthropic:claude-standin-1')!.tokens).toBe(
      rows.find((r) => r.tokenizer === 'o200k_base')!.tokens,
    );
  });

  it('a default-run provider whose key is rejected is skipped with the reason; the run goes on', async () => {
    const s = await standIn('anthropic');
    const env = { ...apiEnv('anthropic', s), ANTHROPIC_API_KEY: 'made-up-wrong-key-7777' };
    const res = await runTokenTax(...base({ env, tokenizers: undefined }));
    const skipped = res.skipped.find((x) => x.id === 'anthropic:claude-standin-1')!;
    expect(skipped.reason).toMatch(/rejected the key in ANTHROPIC_API_KEY/);
    expect(JSON.stringify(res.manifest)).not.toContain('made-up-wrong-key-7777');
  });
});

describe('--sample', () => {
  it("measures the same seeded, domain-stratified segments with every tokenizer; the figures are the sample's", async () => {
    const s = await standIn('gemini');
    const run = (sample: number | undefined, seed = 42) =>
      runTokenTax(
        ...base({
          corpora: ['llm-mix'],
          sample,
          seed,
          env: apiEnv('gemini', s),
          tokenizers: ['gemini:gemini-standin-1', 'o200k_base', 'cl100k_base'],
        }),
      );
    const before = s.requests.length;
    const a = await run(40);
    const rows = csv(join(a.dir, 'segments.csv'));
    const idsOf = (t: string) => [...new Set(rows.filter((r) => r.tokenizer === t).map((r) => r.segment_id))];
    expect(idsOf('o200k_base')).toHaveLength(40);
    expect(idsOf('gemini:gemini-standin-1')).toEqual(idsOf('o200k_base'));
    expect(idsOf('cl100k_base')).toEqual(idsOf('o200k_base'));
    // llm-mix has 10 domains of 44 segments: 4 each.
    const domains = new Map<string, number>();
    for (const r of rows.filter((x) => x.tokenizer === 'o200k_base' && x.lang === 'en'))
      domains.set(r.domain, (domains.get(r.domain) ?? 0) + 1);
    expect([...domains.values()]).toEqual(new Array(10).fill(4));
    // Only the sampled texts were requested (and the probes).
    expect(s.requests.length - before).toBe(
      6 +
        new Set(rows.filter((r) => r.tokenizer === 'o200k_base').map((r) => `${r.segment_id}/${r.lang}`))
          .size,
    );
    expect(a.analysis.summary.every((r) => r.segments === 40)).toBe(true);
    expect(a.manifest.sample).toEqual({
      size: 40,
      seed: 42,
      stratifiedBy: 'domain',
      corpora: { 'llm-mix': { sampled: 40, of: 440 } },
    });
    expect(a.manifest.corpora[0].report.skipped).toContainEqual({
      reason: 'not-sampled',
      count: 400,
      examples: [],
    });
    const report = readFileSync(join(a.dir, 'report.md'), 'utf8');
    expect(report).toMatch(/Sampled run: llm-mix 40 of 440 segments/);
    expect(report).toMatch(/not-sampled/);

    const again = await run(40);
    expect(csv(join(again.dir, 'segments.csv')).map((r) => r.segment_id)).toEqual(
      rows.map((r) => r.segment_id),
    );
    const other = await run(40, 7);
    expect(new Set(csv(join(other.dir, 'segments.csv')).map((r) => r.segment_id))).not.toEqual(
      new Set(rows.map((r) => r.segment_id)),
    );
    // The intervals are the sample's: wider than the whole corpus's.
    const all = await runTokenTax(...base({ corpora: ['llm-mix'], tokenizers: ['o200k_base'] }));
    const width = (x: typeof all, t: string) => {
      const r = x.analysis.summary.find((y) => y.tokenizer === t && y.lang === 'fr')!;
      return r.ciHighPct - r.ciLowPct;
    };
    expect(width(a, 'o200k_base')).toBeGreaterThan(1.5 * width(all, 'o200k_base'));
  });
});
