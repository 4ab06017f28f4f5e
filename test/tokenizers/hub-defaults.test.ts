// Hub repositories holding only tokenizer.model, catalog pins of hub files, and the default run's once-only
// download of the European hub tokenizers (#15 item 6), all against the stand-in hub.
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  HUB_PROBE_MS,
  loadTokenizer,
  resolveTokenizers,
  type DownloadEvent,
} from '../../src/tokenizers/index.js';
import type { TokenizerInfo } from '../../src/types.js';
import { SPM_MISSING, trainSpModels } from '../fixtures/spm-models.js';
import { startHubServer, type HubServer } from '../fixtures/hub-server.js';
import { catchErr, closedPort, FLORES, hasShared, runCli, SHARED_TOKENIZERS, tmp } from '../helpers.js';

const modelFile = hasShared
  ? join(SHARED_TOKENIZERS, 'mistral-7b-v0.1', 'tokenizer.model')
  : SPM_MISSING
    ? undefined
    : trainSpModels().bpe;
const VOCAB = hasShared ? 32000 : 3000;

function entry(id: string, repo: string, extra: Partial<TokenizerInfo['source']> = {}): TokenizerInfo {
  return {
    id,
    name: id,
    category: 'european',
    org: 'test',
    region: 'test',
    models: [],
    vocabSize: VOCAB,
    engine: 'sentencepiece',
    source: { kind: 'hub', ref: repo, revision: 'main', files: ['tokenizer.model'], ...extra },
    licence: 'test',
    provenance: 'test',
    notes: 'Revision not pinned: a test repository.',
  };
}

describe.skipIf(!modelFile)('a hub repository holding only tokenizer.model', () => {
  let hub: HubServer;
  let root: string;
  let sha: string;
  beforeAll(async () => {
    root = tmp('tokentax-spmhub-');
    mkdirSync(join(root, 'spm-only'));
    copyFileSync(modelFile!, join(root, 'spm-only', 'tokenizer.model'));
    sha = createHash('sha256').update(readFileSync(modelFile!)).digest('hex');
    hub = await startHubServer({
      root,
      map: { 'test-org/spm-only': 'spm-only', 'test-org/gated': 'spm-only' },
      lfsMinBytes: 100_000,
    });
  });
  afterAll(() => hub?.close());
  const hubOpt = () => ({ endpoint: hub.url, cacheDir: tmp('tokentax-hfcache-') });

  it('hf:<org>/<repo> finds the tokenizer.model when the repository has no tokenizer.json, and counts with SentencePiece', async () => {
    const { resolved } = await resolveTokenizers(['hf:test-org/spm-only'], { explicit: true, hub: hubOpt() });
    expect(resolved[0].info.engine).toBe('sentencepiece');
    expect(resolved[0].local.files.map((f) => f.split('/').pop())).toEqual(['tokenizer.model']);
    if (hasShared) expect(resolved[0].info.id).toBe('mistral-v1'); // bound by content, like a local folder
    const tok = await loadTokenizer(resolved[0]);
    expect(tok.count('Bonjour tout le monde')).toBeGreaterThan(0);
    if (hasShared) expect(Array.from(tok.encode('Hello world!'))).toEqual([22557, 1526, 28808]);
  });

  it("a catalog entry pinning the file's SHA-256 downloads it; a different pin refuses it and the cache keeps no blob", async () => {
    const good = entry('spm-pinned', 'test-org/spm-only', {
      pins: { 'tokenizer.model': { sha256: sha, bytes: readFileSync(modelFile!).length } },
    });
    const h = hubOpt();
    const ok = await resolveTokenizers(['spm-pinned'], { explicit: true, catalog: [good], hub: h });
    expect(ok.resolved[0].local.kind).toBe('hub-download');
    const bad = entry('spm-pinned', 'test-org/spm-only', {
      pins: { 'tokenizer.model': { sha256: 'f'.repeat(64) } },
    });
    const h2 = hubOpt();
    const e = await catchErr(resolveTokenizers(['spm-pinned'], { explicit: true, catalog: [bad], hub: h2 }));
    expect(e.message).toMatch(
      /test-org\/spm-only\/tokenizer\.model from .* is not the file the catalog pins \(sha256 [0-9a-f]{64}, the catalog pins f{64}\); nothing was written to the cache/,
    );
    const blobs = join(h2.cacheDir, 'models--test-org--spm-only', 'blobs');
    expect(existsSync(blobs) ? readdirSync(blobs) : []).toEqual([]);
    // A cached copy that no longer matches its pin is not used (offline: an error naming the file).
    const stale = await catchErr(
      resolveTokenizers(['spm-pinned'], { explicit: true, catalog: [bad], hub: h, offline: true }),
    );
    expect(stale.message).toMatch(/cached copy of test-org\/spm-only is corrupted .*the catalog pins f{12}/);
  });

  describe('the default run downloads the European hub tokenizers once', () => {
    const cat = () => [
      entry('eu-open', 'test-org/spm-only'),
      entry('eu-gated', 'test-org/gated', { gated: true }),
    ];

    it('announces them with their sizes, downloads with progress, and skips a gated one without HF_TOKEN in one reason', async () => {
      const h = hubOpt();
      const events: DownloadEvent[] = [];
      const before = hub.requests.length;
      const r = await resolveTokenizers(['default'], {
        explicit: false,
        catalog: cat(),
        hub: h,
        fetchDefaults: true,
        onDownload: (e) => events.push(e),
      });
      expect(r.resolved.map((x) => x.info.id)).toEqual(['eu-open']);
      expect(r.skipped).toEqual([
        expect.objectContaining({
          id: 'eu-gated',
          reason: 'not downloaded: gated repository and HF_TOKEN is not set',
        }),
      ]);
      const bytes = readFileSync(modelFile!).length;
      expect(events[0]).toEqual({
        kind: 'start',
        items: [{ id: 'eu-open', repo: 'test-org/spm-only', bytes }],
        totalBytes: bytes,
        cacheDir: h.cacheDir,
      });
      expect(events.filter((e) => e.kind === 'progress').at(-1)).toMatchObject({
        id: 'eu-open',
        bytes,
        totalBytes: bytes,
      });
      expect(events.at(-1)).toEqual({ kind: 'done', downloaded: ['eu-open'] });
      expect(hub.requests.slice(before).some((q) => q.path.includes('test-org/gated'))).toBe(false); // gated: not even asked
      // Once: the next default run finds it in the cache and asks the hub nothing.
      const n = hub.requests.length;
      const again = await resolveTokenizers(['default'], {
        explicit: false,
        catalog: [cat()[0]],
        hub: h,
        fetchDefaults: true,
      });
      expect(again.resolved[0].local.kind).toBe('hub-cache');
      expect(hub.requests.length).toBe(n);
    });

    it('a repository the hub refuses (401, gated) without HF_TOKEN is skipped with the same one reason', async () => {
      hub.options.token = 'made-up-test-token-0000';
      try {
        const r = await resolveTokenizers(['default'], {
          explicit: false,
          catalog: [cat()[0]],
          hub: hubOpt(),
          fetchDefaults: true,
        });
        expect(r.resolved).toEqual([]);
        expect(r.skipped[0]).toMatchObject({
          id: 'eu-open',
          reason: 'not downloaded: gated repository and HF_TOKEN is not set',
          hint: expect.stringMatching(/set HF_TOKEN/),
        });
      } finally {
        hub.options.token = undefined;
      }
    });

    it('offline (--offline / HF_HUB_OFFLINE=1): not a single request, one reason', async () => {
      const n = hub.requests.length;
      const r = await resolveTokenizers(['default'], {
        explicit: false,
        catalog: cat(),
        hub: hubOpt(),
        fetchDefaults: true,
        offline: true,
      });
      expect(r.resolved).toEqual([]);
      expect(new Set(r.skipped.map((s) => s.reason))).toEqual(
        new Set(['not in the cache, and offline (--offline or HF_HUB_OFFLINE=1)']),
      );
      expect(hub.requests.length).toBe(n);
    });

    it('a closed port: one failed probe decides, every entry skipped with one reason', async () => {
      const endpoint = `http://127.0.0.1:${await closedPort()}`;
      const cat3 = [entry('eu-1', 'test-org/a'), entry('eu-2', 'test-org/b'), entry('eu-3', 'test-org/c')];
      const t0 = Date.now();
      const r = await resolveTokenizers(['default'], {
        explicit: false,
        catalog: cat3,
        hub: { endpoint, cacheDir: tmp() },
        fetchDefaults: true,
      });
      expect(r.resolved).toEqual([]);
      expect(r.skipped.map((s) => s.id)).toEqual(['eu-1', 'eu-2', 'eu-3']);
      expect(new Set(r.skipped.map((s) => s.reason)).size).toBe(1);
      expect(r.skipped[0].reason).toMatch(
        /^not in the cache, and the hub at http:\/\/127\.0\.0\.1:\d+ did not answer \(ECONNREFUSED\)$/,
      );
      expect(Date.now() - t0).toBeLessThan(HUB_PROBE_MS);
    });

    it('a hub that never answers costs one short probe, not one timeout per file', async () => {
      const silent = await startHubServer({ root, map: {}, hang: true });
      try {
        const cat3 = [entry('eu-1', 'test-org/a'), entry('eu-2', 'test-org/b'), entry('eu-3', 'test-org/c')];
        const r = await resolveTokenizers(['default'], {
          explicit: false,
          catalog: cat3,
          hub: { endpoint: silent.url, cacheDir: tmp() },
          fetchDefaults: true,
          hubTimeoutMs: 60_000,
        });
        expect(r.skipped[0].reason).toMatch(
          new RegExp(`did not answer \\(no answer within ${HUB_PROBE_MS} ms\\)`),
        );
        expect(silent.requests.length).toBe(1);
      } finally {
        await silent.close();
      }
    });
  });
});

// Through the real CLI with the real catalog, offline: one probe, one skip line naming every hub tokenizer and the fix.
describe('tokentax run (default set) with the hub unreachable', () => {
  it('says once what it skipped and how to add it', async () => {
    const env = {
      HF_ENDPOINT: `http://127.0.0.1:${await closedPort()}`,
      HF_HUB_CACHE: tmp('tokentax-hfcache-'),
      HF_HOME: tmp('tokentax-hfhome-'),
      HF_HUB_OFFLINE: undefined,
    };
    const r = await runCli(['run', '--out', join(tmp(), 'run'), '--no-charts'], { env });
    expect(r.code, r.stderr).toBe(0);
    const skipped = r.stderr.split('\n').filter((l) => l.startsWith('skipped '));
    expect(skipped).toHaveLength(1);
    expect(skipped[0]).toMatch(
      /^skipped lucie-7b, (?=.*mistral-v3)(?=.*teuken-7b)(?=.*gemma-3-spm).*: not in the cache, and the hub at http:\/\/127\.0\.0\.1:\d+ did not answer \(ECONNREFUSED\)$/,
    );
    expect(r.stderr).toMatch(
      /\n {2}to add them: run once with the hub reachable \(a default run then fetches the European ones\), or name it: --tokenizers <id>/,
    );
    expect(r.stderr).not.toMatch(/Downloading/);
  }, 120_000);
});

// Through the real CLI with the real catalog: the stand-in hub serves Lucie-7B (pinned commit), the rest is absent.
describe.skipIf(!hasShared)('tokentax run (default set) with the hub reachable', () => {
  let hub: HubServer;
  beforeAll(async () => {
    hub = await startHubServer({ root: SHARED_TOKENIZERS, map: { 'OpenLLM-France/Lucie-7B': 'lucie-7b' } });
  });
  afterAll(() => hub?.close());

  it('downloads lucie-7b once with an announcement on stderr, counts it, and says in one line per reason what it skipped', async () => {
    const env = {
      HF_ENDPOINT: hub.url,
      HF_HUB_CACHE: tmp('tokentax-hfcache-'),
      HF_HOME: tmp('tokentax-hfhome-'),
      HF_HUB_OFFLINE: undefined,
      HF_TOKEN: undefined,
    };
    const out = join(tmp(), 'run');
    const r = await runCli(['run', '--corpus', FLORES, '--split', 'devtest', '--out', out, '--no-charts'], {
      env,
    });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(
      /Downloading 1 European hub tokenizer once into .*, 2\.8 MB: lucie-7b \(2\.8 MB\)\. --offline or HF_HUB_OFFLINE=1 skips this\./,
    );
    expect(r.stderr).toMatch(/Downloaded lucie-7b; later runs use the cached copies\./);
    expect(r.stderr).toMatch(
      /skipped mistral-v3, eurollm-9b: not downloaded: gated repository and HF_TOKEN is not set/,
    );
    const lucie = readFileSync(join(out, 'summary.csv'), 'utf8')
      .split('\n')
      .filter((l) => l.startsWith('flores200,lucie-7b,'));
    expect(lucie.map((l) => Number(l.split(',')[4]))).toEqual([28810, 35442, 38548, 39286]);

    // --quiet: no announcement; --offline: no request at all.
    const n = hub.requests.length;
    const q = await runCli(
      [
        'run',
        '--offline',
        '--quiet',
        '--tokenizers',
        'lucie-7b,o200k_base',
        '--out',
        join(tmp(), 'run'),
        '--no-charts',
      ],
      { env },
    );
    expect(q.code, q.stderr).toBe(0);
    expect(q.stderr).not.toMatch(/Downloading/);
    expect(hub.requests.length).toBe(n);
  }, 240_000);
});
