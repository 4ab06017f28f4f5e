// Llama 4: Meta's tiktoken ranks file (named tokenizer.model) on tiktoken's WASM BPE with o200k_base's pattern.
// A --tokenizer-dir folder holding only that file is recognised as llama-4 by its content and gives the FLORES
// devtest totals of REFERENCE_COUNTS.md; the url entry downloads it from a mirror (a folder, or a stand-in
// server on 127.0.0.1 named by TOKENTAX_URL_MIRROR) with its SHA-256 checked. The file is third-party data:
// it is read from ../shared/tokenizers-tiktoken/llama-4/, and the tests skip without it.
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { catalog } from '../../src/tokenizers/catalog.js';
import { loadTokenizer, resolveTokenizers } from '../../src/tokenizers/index.js';
import { inspectLocal, scanTokenizerDir } from '../../src/tokenizers/local.js';
import { ensureUrlFile, urlCachePath } from '../../src/tokenizers/url.js';
import { catchErr, hasShared, NO_SHARED, SHARED, tmp } from '../helpers.js';
import { flores, LANGS, type Lang4 } from './npm-shared.js';

const FILE = join(SHARED, 'tokenizers-tiktoken', 'llama-4', 'tokenizer.model');
const haveFile = existsSync(FILE);
const entry = () => catalog().find((e) => e.id === 'llama-4')!;
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const langs = Object.keys(LANGS) as Lang4[];

/** A --tokenizer-dir with one sub-folder holding only the ranks file. */
function dirWithFile(): string {
  const dir = tmp('tokentax-llama4-');
  mkdirSync(join(dir, 'meta'));
  copyFileSync(FILE, join(dir, 'meta', 'tokenizer.model'));
  return dir;
}

describe('the llama-4 catalog entry', () => {
  it('is a url source pinned to the llama-models commit and the SHA-256 of SOURCE.md', () => {
    const e = entry();
    expect(e.source.kind).toBe('url');
    expect(e.source.ref).toContain('/meta-llama/llama-models/5fdf83110cc9daa7435dfba6eb304892cc0041b8/');
    expect(e.source.sha256).toBe('d0bdbaf59b0762c8c807617e2d8ea51420eb1b1de266df2495be755c8e0ed6ed');
    expect(e.engine).toBe('tiktoken-file-wasm');
    expect(e.tiktokenFile).toEqual({ pattern: 'o200k_base', ranks: 200000, specialTokens: 2048 });
  });
});

describe.skipIf(!haveFile)(
  `Llama 4's tokenizer.model${haveFile ? '' : ` (skipped: ${hasShared ? `no ${FILE}` : NO_SHARED})`}`,
  () => {
    it('is read as a tiktoken ranks file, not a SentencePiece model', async () => {
      const lf = await inspectLocal(join(dirWithFile(), 'meta'));
      expect(lf.engine).toBe('tiktoken-file-wasm');
      expect(lf.vocabSize).toBe(200000);
    });

    it('a --tokenizer-dir folder holding only it is llama-4, with the FLORES devtest reference totals', async () => {
      const logs: string[] = [];
      const [r] = await scanTokenizerDir(dirWithFile(), catalog(), {
        load: loadTokenizer,
        log: (l) => logs.push(l),
      });
      expect(r.info.id).toBe('llama-4');
      expect(logs.join('\n')).toMatch(/matches catalog entry llama-4 \(vocabulary size and identity ids\)/);
      const tok = await loadTokenizer(r);
      try {
        expect(tok.vocabSize).toBe(202048);
        expect(Array.from(tok.encode('Le développement durable'))).toEqual([2703, 32830, 42364]);
        const totals: Record<string, number> = {};
        for (const l of langs) {
          totals[l] = flores(l).reduce((n, line) => n + tok.count(line), 0);
          await new Promise((r) => setImmediate(r)); // let the worker answer vitest between languages
        }
        expect(totals).toEqual({ ...entry().reference });
        expect(totals).toEqual({ en: 27048, fr: 36977, de: 35060, es: 35113 });
      } finally {
        tok.dispose?.();
      }
    });

    it('a damaged ranks file is refused with its name', async () => {
      const dir = tmp('tokentax-llama4-bad-');
      mkdirSync(join(dir, 'meta'));
      const lines = readFileSync(FILE, 'utf8').split('\n');
      lines[5] = 'not a rank line';
      writeFileSync(join(dir, 'meta', 'tokenizer.model'), lines.join('\n'));
      const e = await catchErr(inspectLocal(join(dir, 'meta')));
      expect(e.message).toMatch(/tokenizer\.model starts like a tiktoken ranks file but line 6/);
    });

    it('a ranks file of no catalog entry is refused: its pattern is unknown', async () => {
      const dir = tmp('tokentax-ranks-');
      mkdirSync(join(dir, 'mine'));
      const lines = readFileSync(FILE, 'utf8').split('\n').slice(0, 1000);
      writeFileSync(join(dir, 'mine', 'tokenizer.model'), lines.join('\n') + '\n');
      const e = await catchErr(scanTokenizerDir(dir, catalog(), { load: loadTokenizer }));
      expect(e.message).toMatch(/tiktoken ranks file \(1000 ranks\) that matches no catalog entry/);
    });

    describe('the url entry, from a mirror', () => {
      let server: Server;
      let base: string;
      const seen: string[] = [];
      let body: Buffer;
      beforeAll(async () => {
        body = readFileSync(FILE);
        server = createServer((req, res) => {
          seen.push(req.url ?? '');
          // The file only under its name (not <sha256>/<name>): the second place a mirror is looked up at.
          if (req.url === '/m/tokenizer.model')
            res.writeHead(200, { 'Content-Length': body.length }).end(body);
          else if (req.url === '/bad/tokenizer.model') res.writeHead(200).end(body.subarray(0, 1000));
          else res.writeHead(404).end();
        });
        await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
        base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      });
      afterAll(() => new Promise<void>((r) => server.close(() => r())));

      const file = () => ({
        url: entry().source.ref,
        sha256: entry().source.sha256!,
        name: 'tokenizer.model',
      });

      it('a mirror server ($TOKENTAX_URL_MIRROR): downloaded, hash checked, then counted as llama-4', async () => {
        const cacheDir = tmp('tokentax-urlcache-');
        const got = await ensureUrlFile(file(), { cacheDir, mirror: `${base}/m` });
        expect(got.downloaded).toBe(true);
        expect(seen).toEqual([`/m/${entry().source.sha256}/tokenizer.model`, '/m/tokenizer.model']);
        expect(sha(readFileSync(got.path))).toBe(entry().source.sha256);
        const prev = process.env.TOKENTAX_URL_MIRROR;
        process.env.TOKENTAX_URL_MIRROR = `${base}/nothing-here`; // the cache answers first: no request
        try {
          const r = await resolveTokenizers(['llama-4'], { explicit: true, fileCacheDir: cacheDir });
          expect(r.resolved[0].local.kind).toBe('url-cache');
          const tok = await loadTokenizer(r.resolved[0]);
          expect(Array.from(tok.encode('Hello world!'))).toEqual([19873, 3817, 13]);
          tok.dispose?.();
        } finally {
          if (prev === undefined) delete process.env.TOKENTAX_URL_MIRROR;
          else process.env.TOKENTAX_URL_MIRROR = prev;
        }
        expect(seen.filter((s) => s.startsWith('/nothing-here'))).toEqual([]);
      });

      it('a mirror serving another file is refused and nothing is kept', async () => {
        const cacheDir = tmp('tokentax-urlcache-');
        const e = await catchErr(ensureUrlFile(file(), { cacheDir, mirror: `${base}/bad` }));
        expect(e.exit).toBe('tokenizer');
        expect(e.message).toMatch(/is not the one the catalog pins/);
        expect(existsSync(urlCachePath(file(), { cacheDir }))).toBe(false);
        expect(readdirSync(join(cacheDir, 'files', entry().source.sha256!))).toEqual([]);
      });

      it('a mirror folder laid out as the cache (<sha256>/<name>) serves offline too', async () => {
        const mirror = tmp('tokentax-mirror-');
        mkdirSync(join(mirror, entry().source.sha256!));
        copyFileSync(FILE, join(mirror, entry().source.sha256!, 'tokenizer.model'));
        const cacheDir = tmp('tokentax-urlcache-');
        const got = await ensureUrlFile(file(), { cacheDir, mirror, offline: true });
        expect(got.path).toBe(urlCachePath(file(), { cacheDir }));
        const empty = tmp('tokentax-mirror-empty-');
        const e = await catchErr(ensureUrlFile(file(), { cacheDir: tmp(), mirror: empty }));
        expect(e.message).toMatch(/not in the mirror folder/);
      });
    });
  },
);
