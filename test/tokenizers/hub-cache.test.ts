// The hub cache layer on its own, against the stand-in server serving small synthetic repositories
// (no ../shared needed): standard layout, offline reuse, bounded waits, atomic writes, corruption checks.
import { createHash } from 'node:crypto';
import {
  existsSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  realpathSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ensureHubFiles, findCachedFiles, resolveUrl } from '../../src/tokenizers/hub.js';
import { startHubServer, standInCommit, type HubServer } from '../fixtures/hub-server.js';
import { tmp, catchErr } from '../helpers.js';

const REPO = 'test-org/Tiny-Tok';
const FILES = ['tokenizer.json', 'tokenizer_config.json'];

// A big-enough tokenizer.json to be served LFS-style (lfsMinBytes below), and a small config.
const bigJson = JSON.stringify({
  version: '1.0',
  model: { type: 'BPE', vocab: Object.fromEntries(Array.from({ length: 4000 }, (_, i) => [`tok${i}`, i])) },
});
const smallJson = JSON.stringify({ tokenizer_class: 'PreTrainedTokenizerFast' });
const sha256 = (s: string | Buffer) => createHash('sha256').update(s).digest('hex');
const gitOid = (s: string) =>
  createHash('sha1')
    .update(`blob ${Buffer.byteLength(s)}\0`)
    .update(s)
    .digest('hex');

let root: string;
let hub: HubServer;
let cache: string;

/** All regular files and links under dir, relative, sorted. */
function tree(dir: string, prefix = ''): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const rel = prefix ? `${prefix}/${e.name}` : e.name;
    if (e.isDirectory()) out.push(...tree(join(dir, e.name), rel));
    else out.push(rel);
  }
  return out.sort();
}

beforeAll(async () => {
  root = tmp('tokentax-hubroot-');
  mkdirSync(join(root, 'tiny'));
  writeFileSync(join(root, 'tiny', 'tokenizer.json'), bigJson);
  writeFileSync(join(root, 'tiny', 'tokenizer_config.json'), smallJson);
  mkdirSync(join(root, 'no-config'));
  writeFileSync(join(root, 'no-config', 'tokenizer.json'), bigJson);
  hub = await startHubServer({
    root,
    map: { [REPO]: 'tiny', 'test-org/No-Config': 'no-config' },
    lfsMinBytes: 10_000,
  });
});
afterAll(async () => {
  await hub?.close();
});
beforeEach(() => {
  cache = tmp('tokentax-hfcache-');
  Object.assign(hub.options, {
    hang: false,
    truncate: false,
    delayMs: 0,
    token: undefined,
    corrupt: undefined,
  });
  hub.requests.length = 0;
});

const opts = () => ({ endpoint: hub.url, cacheDir: cache, timeoutMs: 5000 });

describe('hub cache layer', () => {
  it('builds the resolve URL in the hub layout', () => {
    expect(
      resolveUrl('OpenLLM-France/Lucie-7B', 'main', 'tokenizer.json', { endpoint: 'https://hf.example/' }),
    ).toBe('https://hf.example/OpenLLM-France/Lucie-7B/resolve/main/tokenizer.json');
  });

  it('downloads into the standard layout and verifies both kinds of etag', async () => {
    const got = await ensureHubFiles(REPO, 'main', FILES, opts());
    const commit = standInCommit(REPO);
    const folder = join(cache, 'models--test-org--Tiny-Tok');
    expect(got.commit).toBe(commit);
    expect(got.downloaded).toBe(true);
    expect(got.files).toEqual([
      join(folder, 'snapshots', commit, 'tokenizer.json'),
      join(folder, 'snapshots', commit, 'tokenizer_config.json'),
    ]);
    // blobs named by the hub's etags: sha256 for the LFS file, git blob id for the small one
    expect(tree(folder)).toEqual(
      [
        `blobs/${gitOid(smallJson)}`,
        `blobs/${sha256(bigJson)}`,
        'refs/main',
        `snapshots/${commit}/tokenizer.json`,
        `snapshots/${commit}/tokenizer_config.json`,
      ].sort(),
    );
    expect(readFileSync(join(folder, 'refs', 'main'), 'utf8')).toBe(commit);
    const link = join(folder, 'snapshots', commit, 'tokenizer.json');
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(readlinkSync(link)).toBe(join('..', '..', 'blobs', sha256(bigJson)));
    expect(readFileSync(realpathSync(link), 'utf8')).toBe(bigJson);
    // the LFS file went through the redirect to /cdn/, the small file was answered directly
    expect(hub.requests.map((r) => r.path)).toEqual([
      `/${REPO}/resolve/main/tokenizer.json`,
      `/cdn/${sha256(bigJson)}`,
      `/${REPO}/resolve/${commit}/tokenizer_config.json`,
    ]);
  });

  it('reuses the cache with no network at all', async () => {
    await ensureHubFiles(REPO, 'main', FILES, opts());
    const n = hub.requests.length;
    hub.options.hang = true; // any request would now time out
    const again = await ensureHubFiles(REPO, 'main', FILES, { ...opts(), timeoutMs: 200 });
    expect(again.downloaded).toBe(false);
    expect(hub.requests.length).toBe(n);
    const off = await findCachedFiles(REPO, 'main', FILES, { cacheDir: cache });
    expect(off?.files.length).toBe(2);
  });

  it('records a file the repository lacks and does not ask again', async () => {
    const got = await ensureHubFiles('test-org/No-Config', 'main', FILES, opts());
    expect(got.missing).toEqual(['tokenizer_config.json']);
    expect(got.files.length).toBe(1);
    const commit = standInCommit('test-org/No-Config');
    expect(
      existsSync(join(cache, 'models--test-org--No-Config', '.no_exist', commit, 'tokenizer_config.json')),
    ).toBe(true);
    const n = hub.requests.length;
    await ensureHubFiles('test-org/No-Config', 'main', FILES, opts());
    expect(hub.requests.length).toBe(n);
  });

  it('a hub that never answers costs a bounded wait and a network error', async () => {
    hub.options.hang = true;
    const t0 = Date.now();
    const e = await catchErr(ensureHubFiles(REPO, 'main', FILES, { ...opts(), timeoutMs: 500 }));
    const took = Date.now() - t0;
    expect(e.exit).toBe('network');
    expect(e.message).toMatch(/did not answer within 500 ms/);
    expect(e.hint).toMatch(/HF_ENDPOINT|--tokenizer-dir/);
    expect(took).toBeGreaterThanOrEqual(450);
    expect(took).toBeLessThan(3000);
    expect(tree(cache)).toEqual([]);
  });

  it('a connection cut half-way leaves nothing in the cache', async () => {
    hub.options.truncate = 'abort';
    const e = await catchErr(ensureHubFiles(REPO, 'main', FILES, opts()));
    expect(e.exit).toBe('network');
    expect(e.message).toMatch(/broke off|incomplete/);
    expect(tree(cache)).toEqual([]);
    expect(await findCachedFiles(REPO, 'main', FILES, { cacheDir: cache })).toBeUndefined();
  });

  it('a body that ends cleanly but short is caught by the size check', async () => {
    hub.options.truncate = 'short';
    const e = await catchErr(ensureHubFiles(REPO, 'main', FILES, opts()));
    expect(e.exit).toBe('network');
    expect(e.message).toContain(`incomplete: ${Math.floor(bigJson.length / 2)} of ${bigJson.length} bytes`);
    expect(tree(cache)).toEqual([]);
  });

  it('bytes that differ from the announced sha256 are refused', async () => {
    hub.options.corrupt = (_r, file, b) =>
      file === 'tokenizer.json' ? Buffer.from(b.toString('utf8').replace('tok1"', 'tokX"')) : b;
    const e = await catchErr(ensureHubFiles(REPO, 'main', FILES, opts()));
    expect(e.exit).toBe('network');
    expect(e.message).toMatch(/corrupted: sha256/);
    expect(tree(cache)).toEqual([]);
  });

  it('a corrupted cached tokenizer.json is detected and fetched again', async () => {
    const first = await ensureHubFiles(REPO, 'main', FILES, opts());
    const blob = realpathSync(first.files[0]);
    writeFileSync(blob, bigJson.slice(0, 1000)); // truncated in place, as a crash or a full disk would leave it
    const found = await findCachedFiles(REPO, 'main', FILES, { cacheDir: cache, verify: true });
    expect(found?.corrupted.map((c) => c.file)).toEqual(['tokenizer.json']);
    expect(found?.corrupted[0].problem).toMatch(/sha256/);
    const lines: string[] = [];
    const again = await ensureHubFiles(REPO, 'main', FILES, { ...opts(), log: (l) => lines.push(l) });
    expect(again.downloaded).toBe(true);
    expect(readFileSync(again.files[0], 'utf8')).toBe(bigJson);
    expect(lines.join('\n')).toMatch(/corrupted/);
  });

  it('a corrupted cache with the hub unreachable is reported, naming the file and the fix', async () => {
    const first = await ensureHubFiles(REPO, 'main', FILES, opts());
    writeFileSync(realpathSync(first.files[0]), '{"truncated": ');
    const off = await catchErr(ensureHubFiles(REPO, 'main', FILES, { ...opts(), offline: true }));
    expect(off.exit).toBe('tokenizer');
    expect(off.message).toMatch(/corrupted/);
    expect(off.message).toContain('tokenizer.json');
    expect(off.hint).toMatch(/delete .*models--test-org--Tiny-Tok/);
    hub.options.hang = true;
    const down = await catchErr(ensureHubFiles(REPO, 'main', FILES, { ...opts(), timeoutMs: 300 }));
    expect(down.exit).toBe('network');
    expect(down.message).toMatch(/was corrupted .* fetching it again failed/);
  });

  it('a copied (non-symlink) cached file without etag is still checked: its JSON must parse', async () => {
    const commit = 'a'.repeat(40);
    const snap = join(cache, 'models--test-org--Tiny-Tok', 'snapshots', commit);
    mkdirSync(snap, { recursive: true });
    writeFileSync(join(snap, 'tokenizer.json'), '{"model": ');
    const found = await findCachedFiles(REPO, commit, ['tokenizer.json'], { cacheDir: cache, verify: true });
    expect(found?.corrupted[0]?.problem).toMatch(/not valid JSON/);
  });

  it('sends HF_TOKEN to the hub for gated repositories, and explains a refusal', async () => {
    hub.options.token = 'hf_test_token';
    const refused = await catchErr(ensureHubFiles(REPO, 'main', FILES, { ...opts(), token: undefined }));
    expect(refused.exit).toBe('network');
    expect(refused.message).toMatch(/HTTP 401 GatedRepo/);
    expect(refused.hint).toMatch(/HF_TOKEN/);
    const saved = process.env.HF_TOKEN;
    process.env.HF_TOKEN = 'hf_test_token';
    try {
      const ok = await ensureHubFiles(REPO, 'main', FILES, opts());
      expect(ok.files.length).toBe(2);
    } finally {
      if (saved === undefined) delete process.env.HF_TOKEN;
      else process.env.HF_TOKEN = saved;
    }
    // the token goes to the hub's origin only (the /cdn/ hop is same-origin here, so it is sent there too)
    expect(
      hub.requests
        .filter((r) => r.path.includes('/resolve/'))
        .every((r) => r.authorization === 'Bearer hf_test_token' || r.authorization === undefined),
    ).toBe(true);
    expect(hub.requests.some((r) => r.authorization === 'Bearer hf_test_token')).toBe(true);
  });

  it('reads HF_HUB_CACHE and HF_ENDPOINT from the environment', async () => {
    const saved = { c: process.env.HF_HUB_CACHE, e: process.env.HF_ENDPOINT };
    process.env.HF_HUB_CACHE = cache;
    process.env.HF_ENDPOINT = hub.url;
    try {
      const got = await ensureHubFiles(REPO, 'main', FILES, { timeoutMs: 5000 });
      expect(got.dir.startsWith(join(cache, 'models--test-org--Tiny-Tok', 'snapshots'))).toBe(true);
    } finally {
      for (const [k, v] of [
        ['HF_HUB_CACHE', saved.c],
        ['HF_ENDPOINT', saved.e],
      ] as const) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
    }
  });

  it('unknown repository and revision are tokenizer errors, not network ones', async () => {
    const repo = await catchErr(ensureHubFiles('test-org/Nope', 'main', FILES, opts()));
    expect(repo.exit).toBe('tokenizer');
    const rev = await catchErr(ensureHubFiles(REPO, 'b'.repeat(40), FILES, opts()));
    expect(rev.exit).toBe('tokenizer');
    expect(rev.message).toMatch(/revision/);
  });

  it('a refused connection is a network error naming the endpoint', async () => {
    const e = await catchErr(
      ensureHubFiles(REPO, 'main', FILES, {
        endpoint: 'http://127.0.0.1:9',
        cacheDir: cache,
        timeoutMs: 2000,
      }),
    );
    expect(e.exit).toBe('network');
    expect(e.message).toContain('http://127.0.0.1:9');
  });

  it('offline mode never touches the network', async () => {
    const e = await catchErr(ensureHubFiles(REPO, 'main', FILES, { ...opts(), offline: true }));
    expect(e.exit).toBe('network');
    expect(e.message).toMatch(/not in the Hugging Face cache/);
    expect(hub.requests.length).toBe(0);
  });
});

afterEach(() => {
  hub.options.hang = false;
});
