// `tokentax prices --update` and `run --update-prices` against a local stand-in for the published
// @pydantic/genai-prices data (TOKENTAX_PRICES_URL), through the real CLI: fetched data is dated, cached and used
// later; a failed fetch says so in one line and keeps the cached or bundled data.
import { createServer, type Server } from 'node:http';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closedPort, runCli, tmp } from '../helpers.js';

/** Published data as the library reads it (a JSON array of providers), with prices unlike the bundled ones. */
const DATA = [
  {
    id: 'openai',
    name: 'OpenAI',
    api_pattern: 'https://api\\.openai\\.com',
    model_match: { starts_with: 'gpt-' },
    models: [
      {
        id: 'gpt-5',
        name: 'GPT-5',
        match: { equals: 'gpt-5' },
        context_window: 400000,
        prices: { input_mtok: 1.5, output_mtok: 12, cache_read_mtok: 0.15 },
      },
    ],
  },
  {
    id: 'anthropic',
    name: 'Anthropic',
    api_pattern: 'https://api\\.anthropic\\.com',
    model_match: { contains: 'claude' },
    models: [
      {
        id: 'claude-sonnet-4-5',
        match: { starts_with: 'claude-sonnet-4-5' },
        prices: { input_mtok: 3.3, output_mtok: 16.5 },
      },
    ],
  },
];
const LAST_MODIFIED = 'Tue, 01 Dec 2026 08:00:00 GMT';

let server: Server;
let base: string;
const hits: Record<string, number> = {};

beforeAll(async () => {
  server = createServer((req, res) => {
    const path = req.url ?? '/';
    hits[path] = (hits[path] ?? 0) + 1;
    if (path === '/data.json') {
      res.writeHead(200, { 'content-type': 'application/json', 'last-modified': LAST_MODIFIED });
      res.end(JSON.stringify(DATA));
    } else if (path === '/no-date.json') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(DATA));
    } else if (path === '/broken') {
      res.writeHead(500);
      res.end('oops');
    } else if (path === '/html') {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<html>not data</html>');
    } else {
      res.writeHead(404);
      res.end();
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

interface PricesJson {
  source: { kind: string; date: string; dateBasis: string; name: string };
  models: {
    model: string;
    inputUsdPerMTok?: number;
    outputUsdPerMTok?: number;
    cachedInputUsdPerMTok?: number;
    date?: string;
    source: string;
  }[];
}
const prices = async (args: string[], env: Record<string, string>) => {
  const r = await runCli(['prices', '--json', ...args], { env });
  return {
    ...r,
    json: r.code === 0 ? (JSON.parse(r.stdout) as PricesJson) : undefined,
    said: r.stderr.split('\n').filter((l) => l.startsWith('prices:')),
  };
};

describe('tokentax prices --update', () => {
  const cache = tmp('tokentax-prices-cache-');

  it('fetches the published data, dates it by its Last-Modified, keeps it in the user cache and uses it', async () => {
    const r = await prices(['--update'], { TOKENTAX_PRICES_URL: `${base}/data.json`, TOKENTAX_CACHE: cache });
    expect(r.code, r.stderr).toBe(0);
    expect(r.said).toHaveLength(1);
    expect(r.said[0]).toMatch(
      /^prices: fetched @pydantic\/genai-prices data of 2026-12-01 .* from http:\/\/127\.0\.0\.1:\d+\/data\.json into /,
    );
    expect(r.json!.source).toMatchObject({ kind: 'fetched', date: '2026-12-01' });
    expect(r.json!.source.dateBasis).toContain('Last-Modified');
    expect(r.json!.models.find((m) => m.model === 'gpt-5')).toMatchObject({
      inputUsdPerMTok: 1.5,
      outputUsdPerMTok: 12,
      cachedInputUsdPerMTok: 0.15,
      date: '2026-12-01',
    });
    // A model the fetched data does not list has no price (the fetched data replaces the bundled data).
    expect(r.json!.models.find((m) => m.model === 'gpt-4.1')!.source).toMatch(
      /^no price for openai\/gpt-4\.1 in @pydantic\/genai-prices data fetched/,
    );
    expect(existsSync(join(cache, 'prices', 'genai-prices-data.json'))).toBe(true);
    expect(JSON.parse(readFileSync(join(cache, 'prices', 'genai-prices-data.json'), 'utf8'))).toEqual(DATA);
  });

  it('later runs use the cached data without fetching', async () => {
    const before = hits['/data.json'];
    const r = await prices([], { TOKENTAX_PRICES_URL: `${base}/data.json`, TOKENTAX_CACHE: cache });
    expect(r.code, r.stderr).toBe(0);
    expect(hits['/data.json']).toBe(before);
    expect(r.json!.source).toMatchObject({ kind: 'fetched', date: '2026-12-01' });
    expect(r.json!.models.find((m) => m.model === 'claude-sonnet-4-5')).toMatchObject({
      inputUsdPerMTok: 3.3,
      outputUsdPerMTok: 16.5,
    });
  });

  it('offline: one line says so, and the cached data stays in use', async () => {
    const r = await prices(['--update'], {
      TOKENTAX_PRICES_URL: `http://127.0.0.1:${await closedPort()}/data.json`,
      TOKENTAX_CACHE: cache,
    });
    expect(r.code, r.stderr).toBe(0);
    expect(r.said).toEqual([
      expect.stringMatching(
        /^prices: could not fetch the latest price data from http:\/\/127\.0\.0\.1:\d+\/data\.json \(ECONNREFUSED\); using @pydantic\/genai-prices data fetched \d{4}-\d{2}-\d{2} of 2026-12-01$/,
      ),
    ]);
    expect(r.json!.source.date).toBe('2026-12-01');
  });

  it('offline with an empty cache: the bundled data, said in one line', async () => {
    const r = await prices(['--update'], {
      TOKENTAX_PRICES_URL: `http://127.0.0.1:${await closedPort()}/data.json`,
      TOKENTAX_CACHE: tmp('tokentax-prices-empty-'),
    });
    expect(r.code, r.stderr).toBe(0);
    expect(r.said).toEqual([
      expect.stringMatching(
        /\(ECONNREFUSED\); using @pydantic\/genai-prices 0\.1\.8 \(bundled data\) of 2026-09-23$/,
      ),
    ]);
    expect(r.json!.source).toMatchObject({ kind: 'bundled', date: '2026-09-23' });
    expect(r.json!.models.find((m) => m.model === 'gpt-5')).toMatchObject({
      inputUsdPerMTok: 1.25,
      outputUsdPerMTok: 10,
    });
  });

  it('a server error is retried once; a page that is not price data is not', async () => {
    const empty = tmp('tokentax-prices-empty-');
    let r = await prices(['--update'], { TOKENTAX_PRICES_URL: `${base}/broken`, TOKENTAX_CACHE: empty });
    expect(r.code).toBe(0);
    expect(r.said[0]).toContain('(HTTP 500 Internal Server Error)');
    expect(hits['/broken']).toBe(2);
    r = await prices(['--update'], { TOKENTAX_PRICES_URL: `${base}/html`, TOKENTAX_CACHE: empty });
    expect(r.said[0]).toMatch(
      /\(not price data \(.*\)\); using @pydantic\/genai-prices 0\.1\.8 \(bundled data\)/,
    );
    expect(hits['/html']).toBe(1);
    expect(existsSync(join(empty, 'prices', 'genai-prices-data.json'))).toBe(false);
  });

  it('without a Last-Modified date, the data is dated by the day it was fetched, and says so', async () => {
    const r = await prices(['--update'], {
      TOKENTAX_PRICES_URL: `${base}/no-date.json`,
      TOKENTAX_CACHE: tmp('tokentax-prices-nodate-'),
    });
    expect(r.json!.source.date).toBe(new Date().toISOString().slice(0, 10));
    expect(r.json!.source.dateBasis).toMatch(
      /the day it was fetched .* \(the server sent no Last-Modified date\)/,
    );
  });
});

describe('tokentax run --update-prices', () => {
  const run = async (url: string, cache: string) => {
    const out = join(tmp('tokentax-run-prices-'), 'run');
    const r = await runCli(
      [
        'run',
        '--corpus',
        'udhr',
        '--tokenizers',
        'o200k_base',
        '--no-charts',
        '--out',
        out,
        '--update-prices',
      ],
      {
        env: { TOKENTAX_PRICES_URL: url, TOKENTAX_CACHE: cache },
      },
    );
    const models =
      r.code === 0
        ? Papa.parse<Record<string, string>>(readFileSync(join(out, 'models.csv'), 'utf8'), {
            header: true,
            skipEmptyLines: true,
          }).data
        : [];
    return { r, models, out };
  };

  it('prices the run with the fetched data and names it in models.csv', async () => {
    const { r, models } = await run(`${base}/data.json`, tmp('tokentax-run-cache-'));
    expect(r.code, r.stderr).toBe(0);
    const g = models.find((m) => m.model === 'gpt-5' && m.lang === 'fr')!;
    expect(g).toMatchObject({
      input_usd_per_mtok: '1.5',
      output_usd_per_mtok: '12',
      price_date: '2026-12-01',
    });
    expect(g.price_source).toMatch(/^@pydantic\/genai-prices data fetched \d{4}-\d{2}-\d{2}: openai\/gpt-5$/);
  });

  it('offline, the run still completes on the bundled data, after one line', async () => {
    const { r, models } = await run(
      `http://127.0.0.1:${await closedPort()}/data.json`,
      tmp('tokentax-run-cache-'),
    );
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr.split('\n').filter((l) => l.startsWith('prices:'))).toHaveLength(1);
    expect(models.find((m) => m.model === 'gpt-5' && m.lang === 'fr')).toMatchObject({
      input_usd_per_mtok: '1.25',
      price_date: '2026-09-23',
    });
  });
});
