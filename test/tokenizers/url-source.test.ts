// Source kind `url` (a file at a URL pinned by its SHA-256, as Google's genai SDK fetches Gemma 3's SentencePiece
// model) against a local HTTP server: downloaded once into tokentax's cache, refused when the hash differs, and
// no bad file kept. The real URLs of gemma-3-spm cannot be reached from the test machine.
import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { catalog } from '../../src/tokenizers/catalog.js';
import { listTokenizers, loadTokenizer, resolveTokenizers } from '../../src/tokenizers/index.js';
import { urlCachePath } from '../../src/tokenizers/url.js';
import type { TokenizerInfo } from '../../src/types.js';
import { catchErr, hasShared, SHARED_TOKENIZERS, tmp } from '../helpers.js';
import { SPM_MISSING, trainSpModels } from '../fixtures/spm-models.js';

// The model served: Mistral 7B v0.1's tokenizer.model when ../shared is there, else one trained with spm_train.
const modelFile = hasShared
  ? join(SHARED_TOKENIZERS, 'mistral-7b-v0.1', 'tokenizer.model')
  : SPM_MISSING
    ? undefined
    : trainSpModels().bpe;
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

describe.skipIf(!modelFile)(
  `url source against a local server${modelFile ? '' : ` (skipped: neither ../shared nor spm_train: ${SPM_MISSING})`}`,
  () => {
    let server: Server;
    let base: string;
    let body: Buffer;
    const requests: string[] = [];
    let serve: (path: string) => Buffer | undefined;
    beforeAll(async () => {
      body = readFileSync(modelFile!);
      serve = (p) =>
        p === '/t/good.model'
          ? body
          : p === '/t/tampered.model'
            ? Buffer.concat([body.subarray(0, 100), Buffer.from('x'), body.subarray(101)])
            : undefined;
      server = createServer((req, res) => {
        requests.push(req.url ?? '');
        const b = serve(req.url ?? '');
        if (!b) {
          res.writeHead(404).end();
          return;
        }
        res.writeHead(200, { 'Content-Length': b.length, 'Content-Type': 'application/octet-stream' }).end(b);
      });
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
      base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });
    afterAll(() => new Promise<void>((r) => server.close(() => r())));

    const entry = (path: string, pin: string): TokenizerInfo => ({
      id: 'url-spm',
      name: 'a SentencePiece model at a URL',
      category: 'multilingual',
      org: 'test',
      region: 'test',
      models: [],
      vocabSize: hasShared ? 32000 : 3000,
      engine: 'sentencepiece', // Mistral v1's pieces, or the trained model's vocab_size
      source: { kind: 'url', ref: `${base}${path}`, sha256: pin, files: ['t.model'] },
      licence: 'test',
      provenance: 'test',
    });

    it("downloads once into tokentax's cache, then reads the cache without a request", async () => {
      const cacheDir = tmp('tokentax-urlcache-');
      const info = entry('/t/good.model', sha(body));
      const a = await resolveTokenizers(['url-spm'], {
        explicit: true,
        catalog: [info],
        fileCacheDir: cacheDir,
      });
      expect(a.resolved[0].local.kind).toBe('url-download');
      const path = urlCachePath(
        { url: info.source.ref, sha256: info.source.sha256!, name: 't.model' },
        { cacheDir },
      );
      expect(a.resolved[0].local.files).toEqual([path]);
      expect(readFileSync(path).equals(body)).toBe(true);
      const n = requests.length;
      const b = await resolveTokenizers(['url-spm'], {
        explicit: true,
        catalog: [info],
        fileCacheDir: cacheDir,
        offline: true,
      });
      expect(b.resolved[0].local.kind).toBe('url-cache');
      expect(requests.length).toBe(n);
      const tok = await loadTokenizer(b.resolved[0]);
      expect(tok.count('Bonjour tout le monde')).toBeGreaterThan(0);
      if (hasShared) expect(Array.from(tok.encode('Hello world!'))).toEqual([22557, 1526, 28808]);
      const listing = await listTokenizers({ catalog: [info], fileCacheDir: cacheDir });
      expect(listing[0].status).toBe('cached');
    });

    it('a file whose SHA-256 differs is refused with a clear message, and the cache keeps nothing', async () => {
      const cacheDir = tmp('tokentax-urlcache-');
      const info = entry('/t/tampered.model', sha(body));
      const e = await catchErr(
        resolveTokenizers(['url-spm'], { explicit: true, catalog: [info], fileCacheDir: cacheDir }),
      );
      expect(e.exit).toBe('tokenizer');
      expect(e.message).toMatch(
        new RegExp(
          `the file at ${base}/t/tampered\\.model is not the one the catalog pins: sha256 [0-9a-f]{64}, expected ${sha(body)}.*nothing was kept in the cache`,
        ),
      );
      const dir = join(cacheDir, 'files', sha(body));
      expect(existsSync(dir) ? readdirSync(dir) : []).toEqual([]); // neither the file nor a temporary one
    });

    it('a damaged cached copy is deleted and fetched again; offline it is an error naming the fix', async () => {
      const cacheDir = tmp('tokentax-urlcache-');
      const info = entry('/t/good.model', sha(body));
      await resolveTokenizers(['url-spm'], { explicit: true, catalog: [info], fileCacheDir: cacheDir });
      const path = urlCachePath({ url: info.source.ref, sha256: sha(body), name: 't.model' }, { cacheDir });
      writeFileSync(path, 'garbage');
      const offline = await catchErr(
        resolveTokenizers(['url-spm'], {
          explicit: true,
          catalog: [info],
          fileCacheDir: cacheDir,
          offline: true,
        }),
      );
      expect(offline.message).toMatch(/t\.model is not in tokentax's cache .* and offline mode is on/);
      expect(offline.hint).toMatch(/--offline|--tokenizer-dir/);
      expect(existsSync(path)).toBe(false);
      const again = await resolveTokenizers(['url-spm'], {
        explicit: true,
        catalog: [info],
        fileCacheDir: cacheDir,
      });
      expect(again.resolved[0].local.kind).toBe('url-download');
      expect(readFileSync(path).equals(body)).toBe(true);
    });

    it('"default" never downloads a url entry: it is skipped with the way to get it', async () => {
      const info = entry('/t/good.model', sha(body));
      const n = requests.length;
      const r = await resolveTokenizers(['default'], {
        explicit: false,
        catalog: [info],
        fileCacheDir: tmp('tokentax-urlcache-'),
        fetchDefaults: true,
      });
      expect(r.resolved).toEqual([]);
      expect(r.skipped[0]).toMatchObject({
        id: 'url-spm',
        hint: expect.stringMatching(/--tokenizers url-spm/),
      });
      expect(requests.length).toBe(n);
    });
  },
);

describe("gemma-3-spm and gemma-4-spm follow Google's genai SDK", () => {
  const all = catalog();
  it("gemma-3-spm is the SDK's URL and pinned SHA-256, for Gemini 2.0/2.5/3-preview", () => {
    const g3 = all.find((e) => e.id === 'gemma-3-spm')!;
    expect(g3.source).toMatchObject({
      kind: 'url',
      ref: 'https://raw.githubusercontent.com/google/gemma_pytorch/014acb7ac4563a5f77c76d7ff98f31b568c16508/tokenizer/gemma3_cleaned_262144_v2.spiece.model',
      sha256: '1299c11d7cf632ef3b4e11937501358ada021bbdf7c47638d13c0ee982f2e79c',
    });
    expect(g3).toMatchObject({
      engine: 'sentencepiece',
      category: 'multilingual',
      models: ['Gemini 2.0/2.5/3-preview'],
    });
    expect(g3.provenance).toMatch(/google\/genai\/_local_tokenizer_loader\.py/);
    expect(g3.notes).toMatch(/not measured here/);
  });

  it('gemma-4-spm is the hub repository the SDK loads for Gemini 3.1+, and says why it is not a url source', () => {
    const g4 = all.find((e) => e.id === 'gemma-4-spm')!;
    expect(g4).toMatchObject({
      category: 'multilingual',
      models: ['Gemini 3.1+'],
      source: { kind: 'hub', ref: 'google/gemma-4-E4B-it' },
    });
    expect(g4.provenance).toMatch(/_local_tokenizer_loader\.py/);
    expect(g4.notes).toMatch(/Not a url source/);
  });
});
