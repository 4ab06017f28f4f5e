// `tokentax models --check` on the bundled @pydantic/genai-prices data: it exits 0 and says what it compared, so
// updating the library cannot quietly leave the catalog behind; and it fails (exit 7) on a copy of the catalog
// that is missing a flagship, or that shows as current a model the price data marks deprecated or retired.
// Also `models --json` and `prices --all --json` on the day of the issue: the lifecycle states with their dates.
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { findProvider, type Provider } from '@pydantic/genai-prices';
import { describe, expect, it } from 'vitest';
import { runCli, ROOT, tmp } from '../helpers.js';

type Catalog = { models: { id: string; lifecycle: object; price?: object }[] } & Record<string, unknown>;
const builtin = (): Catalog => JSON.parse(readFileSync(join(ROOT, 'data', 'models.json'), 'utf8')) as Catalog;
function copy(change: (c: Catalog) => void): string {
  const c = builtin();
  change(c);
  const f = join(tmp('tokentax-catalog-'), 'models.json');
  writeFileSync(f, JSON.stringify(c));
  return f;
}
const ON = ['--on', '2026-12-06'];

describe('tokentax models --check', () => {
  it('exits 0 on the bundled data and lists what it compared', async () => {
    const r = await runCli(['models', '--check', ...ON]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(
      /^Compared \d+ catalog models \(lifecycle facts as of \d{4}-\d{2}-\d{2}\) with @pydantic\/genai-prices [\d.]+ \(bundled data\), data of \d{4}-\d{2}-\d{2}, on 2026-12-06:/,
    );
    for (const p of ['openai', 'anthropic', 'google', 'mistral', 'deepseek', 'x-ai'])
      expect(r.stdout).toMatch(new RegExp(`\\n\\S+\\s+${p}\\s+\\d+\\s+\\d+\\s+\\d+`));
    expect(r.stdout).toMatch(/Missing from the catalog \(flagships first\): none/);
    const j = JSON.parse((await runCli(['models', '--check', '--json', ...ON])).stdout) as {
      conflicts: number;
      providers: { models: number; inCatalog: number; leftOut: number }[];
    };
    expect(j.conflicts).toBe(0);
    // Every model of a tracked provider is accounted for: in the catalog or left out with a reason.
    for (const p of j.providers) expect(p.inCatalog + p.leftOut).toBe(p.models);
  });

  it('fails on a catalog missing a flagship, naming it first', async () => {
    const f = copy((c) => (c.models = c.models.filter((m) => m.id !== 'gpt-5.5' && m.id !== 'gpt-5.4-nano')));
    const r = await runCli(['models', '--check', '--catalog', f, ...ON]);
    expect(r.code).toBe(7);
    const missing = r.stdout
      .split('\n')
      .filter((l) => /^ {2}\S+: .* is in the price data/.test(l) || /^ {2}openai\//.test(l));
    expect(missing[0]).toMatch(
      /^ {2}openai\/gpt-5\.5 \(flagship\): openai\/gpt-5\.5 \(GPT-5\.5\) is in the price data/,
    );
    expect(r.stdout).toMatch(/openai\/gpt-5\.4-nano: /);
    expect(r.stderr).toMatch(
      /^tokentax: the model catalog is out of step with @pydantic\/genai-prices [\d.]+ \(bundled data\): 2 conflicts listed above\n {2}fix: /,
    );
  });

  it('fails on a stale status: a model shown as current that the price data marks deprecated, or retired', async () => {
    const f = copy((c) =>
      c.models.push(
        {
          id: 'grok-2-1212',
          name: 'Grok 2',
          provider: 'xai',
          family: 'Grok 2',
          lifecycle: {},
          counting: [{ kind: 'api', ref: 'xai:grok-2-1212' }],
          price: { provider: 'x-ai', model: 'grok-2-1212' },
          provenance: 'test: a stale entry',
        } as Catalog['models'][number],
        {
          id: 'mistral-medium-2312',
          name: 'Mistral Medium 1',
          provider: 'mistral',
          family: 'Mistral Medium',
          lifecycle: {},
          counting: [{ kind: 'approx', tokenizer: 'mistral-v1', reason: 'test' }],
          price: { provider: 'mistral', model: 'mistral-medium-2312' },
          provenance: 'test: a stale entry',
        } as Catalog['models'][number],
      ),
    );
    const r = await runCli(['models', '--check', '--catalog', f, ...ON]);
    expect(r.code).toBe(7);
    expect(r.stdout).toMatch(
      /xai\/grok-2-1212: the price data marks x-ai\/grok-2-1212 deprecated; the catalog shows it current on 2026-12-06/,
    );
    expect(r.stdout).toMatch(
      /mistral\/mistral-medium-2312: the price data says mistral-medium-2312 was retired on 2025-06-16; the catalog shows it current on 2026-12-06/,
    );
    // The same entries with their retirement recorded: no conflict.
    const fixed = copy((c) => {
      c.models.push({
        id: 'mistral-medium-2312',
        name: 'Mistral Medium 1',
        provider: 'mistral',
        family: 'Mistral Medium',
        lifecycle: { shutdown: { date: '2025-06-16', source: 'test' } },
        counting: [{ kind: 'approx', tokenizer: 'mistral-v1', reason: 'test' }],
        price: { provider: 'mistral', model: 'mistral-medium-2312' },
        provenance: 'test',
      } as Catalog['models'][number]);
    });
    expect((await runCli(['models', '--check', '--catalog', fixed, ...ON])).code).toBe(0);
  });

  it('fails on a catalog model whose price pointer the price data does not know', async () => {
    const f = copy((c) => {
      c.models.find((m) => m.id === 'gpt-5')!.price = { provider: 'openai', model: 'gpt-5-no-such-model' };
    });
    const r = await runCli(['models', '--check', '--catalog', f, ...ON]);
    expect(r.code).toBe(7);
    expect(r.stdout).toMatch(
      /openai\/gpt-5: its price pointer openai\/gpt-5-no-such-model matches nothing in the price data/,
    );
  });
});

describe('tokentax models --check --update: against the price data fetched, not the bundled one', () => {
  it('lists a flagship the newer data adds and a deprecation it records, and names the fetched data', async () => {
    // The newer data: the bundled providers the catalog prices with, plus a new OpenAI flagship and a deprecation.
    const ids = new Set(
      builtin().models.flatMap((m) => (m.price ? [(m.price as { provider: string }).provider] : [])),
    );
    const data = [...ids].map(
      (id) => JSON.parse(JSON.stringify(findProvider({ providerId: id }))) as Provider,
    );
    const openai = data.find((p) => p.id === 'openai')!;
    openai.models.push({
      id: 'gpt-7',
      name: 'GPT-7',
      match: { equals: 'gpt-7' },
      prices: { input_mtok: 2, output_mtok: 16 },
    });
    openai.models.find((m) => m.id === 'gpt-5.4')!.deprecated = true;
    const server = createServer((_req, res) => {
      res.writeHead(200, {
        'content-type': 'application/json',
        'last-modified': 'Fri, 04 Dec 2026 08:00:00 GMT',
      });
      res.end(JSON.stringify(data));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    try {
      const env = {
        TOKENTAX_PRICES_URL: `http://127.0.0.1:${(server.address() as AddressInfo).port}/data.json`,
        TOKENTAX_CACHE: tmp('tokentax-drift-cache-'),
      };
      const r = await runCli(['models', '--check', '--update', ...ON], { env });
      expect(r.code, r.stderr).toBe(7);
      expect(r.stdout).toMatch(
        /with @pydantic\/genai-prices data fetched \d{4}-\d{2}-\d{2}, data of 2026-12-04, on 2026-12-06/,
      );
      expect(r.stdout).toMatch(
        / {2}openai\/gpt-7 \(flagship\): openai\/gpt-7 \(GPT-7\) is in the price data/,
      );
      expect(r.stdout).toMatch(
        /openai\/gpt-5\.4: the price data marks openai\/gpt-5\.4 deprecated; the catalog shows it current on 2026-12-06/,
      );
      // The bundled data, asked again without --update but with that cache: the cached data is the data in use.
      expect((await runCli(['models', '--check', ...ON], { env })).code).toBe(7);
      expect((await runCli(['models', '--check', ...ON])).code).toBe(0);
    } finally {
      await new Promise((r) => server.close(r));
    }
  });
});

describe('lifecycle states on the day of the issue (2026-12-06)', () => {
  type Listed = {
    model: string;
    status: string;
    statusSince?: string;
    statusUntil?: string;
    statusSource: string;
  };
  it('models --json: Gemini 3 Pro preview and Gemini 2.5 Pro are retired, with their shutdown dates and sources', async () => {
    const r = await runCli(['models', '--json', '--all', ...ON]);
    expect(r.code, r.stderr).toBe(0);
    const j = JSON.parse(r.stdout) as { catalogAsOf: string; on: string; models: Listed[] };
    expect(j.on).toBe('2026-12-06');
    expect(j.catalogAsOf).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    const m = (id: string) => j.models.find((x) => x.model === id)!;
    expect(m('gemini-3-pro-preview')).toMatchObject({ status: 'retired', statusSince: '2026-03-09' });
    expect(m('gemini-3-pro-preview').statusSource).toMatch(/2026-03-09/);
    expect(m('gemini-2.5-pro')).toMatchObject({ status: 'retired', statusSince: '2026-10-16' });
    expect(m('gemini-2.5-pro').statusSource).toMatch(/2026-06-17 to no earlier than 2026-10-16/);
    expect(m('claude-opus-4-5')).toMatchObject({ status: 'deprecated', statusUntil: '2027-01-22' });
    // Without --all, today's models only: the retired ones are left out, and stay listed by name with --all.
    const today = JSON.parse((await runCli(['models', '--json', ...ON])).stdout) as { models: Listed[] };
    expect(today.models.some((x) => x.model === 'gemini-3-pro-preview')).toBe(false);
    expect(today.models.some((x) => x.model === 'claude-opus-4-5')).toBe(true);
    expect(today.models.every((x) => x.status === 'current' || x.status === 'deprecated')).toBe(true);
  });

  it('prices --all --json carries the same states and the catalog as-of date', async () => {
    const r = await runCli(['prices', '--all', '--json', ...ON]);
    expect(r.code, r.stderr).toBe(0);
    const j = JSON.parse(r.stdout) as { catalogAsOf: string; models: Listed[] };
    expect(j.catalogAsOf).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    const g = j.models.find((x) => x.model === 'gemini-2.5-pro')!;
    expect(g).toMatchObject({ status: 'retired', statusSince: '2026-10-16' });
    // A year earlier the same catalog shows it current, with its announced shutdown.
    const before = JSON.parse((await runCli(['prices', '--all', '--json', '--on', '2025-12-06'])).stdout) as {
      models: Listed[];
    };
    expect(before.models.find((x) => x.model === 'gemini-2.5-pro')).toMatchObject({
      status: 'current',
      statusUntil: '2026-10-16',
    });
  });

  it('refuses a day that is not YYYY-MM-DD (exit 2)', async () => {
    const r = await runCli(['models', '--on', '2026-13-45']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--on "2026-13-45" is not a day \(YYYY-MM-DD\)/);
  });
});
