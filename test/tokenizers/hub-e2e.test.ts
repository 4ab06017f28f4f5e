// The hub path end to end at library level: stand-in hub (HF_ENDPOINT) + empty cache (HF_HUB_CACHE),
// resolve + load lucie-7b (on hf-sp-bpe), exact FLORES-200 devtest totals, then the same with the hub gone (cache
// only), and a revision hf-sp-bpe refuses (counted by hf-json).
// Also: how resolveTokenizers treats an unreachable hub for explicit and implicit ids.
import { createHash } from 'node:crypto';
import {
  copyFileSync,
  existsSync,
  lstatSync,
  mkdirSync,
  readFileSync,
  realpathSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { catalog } from '../../src/tokenizers/catalog.js';
import { loadTokenizer } from '../../src/tokenizers/load.js';
import { listTokenizers, resolveTokenizers } from '../../src/tokenizers/resolve.js';
import type { TokenizerInfo } from '../../src/types.js';
import { startHubServer, standInCommit, type HubServer } from '../fixtures/hub-server.js';
import { FLORES, hasShared, NO_SHARED, SHARED_TOKENIZERS, tmp, catchErr } from '../helpers.js';

const LANGS = { en: 'eng_Latn', fr: 'fra_Latn', de: 'deu_Latn', es: 'spa_Latn' } as const;
// ../shared/tokenizers/REFERENCE_COUNTS.md, row lucie-7b
const LUCIE = { en: 28810, fr: 35442, de: 38548, es: 39286 };
// sha256sum ../shared/tokenizers/lucie-7b/tokenizer.json
const LUCIE_SHA256 = 'f3bd1edda4d5b47c476d756d6549701b26461d9a2c4df447dd6bbcb79402a51f';

function floresLines(lang: string): string[] {
  return readFileSync(join(FLORES, 'devtest', `${lang}.devtest`), 'utf8')
    .split('\n')
    .filter((l) => l.length > 0);
}

function withEnv<T>(vars: Record<string, string | undefined>, fn: () => Promise<T>): Promise<T> {
  const saved = Object.fromEntries(Object.keys(vars).map((k) => [k, process.env[k]]));
  for (const [k, v] of Object.entries(vars)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  return fn().finally(() => {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  });
}

describe.skipIf(!hasShared)(
  `hub end to end: lucie-7b through a stand-in hub${hasShared ? '' : ` (skipped: ${NO_SHARED})`}`,
  () => {
    let hub: HubServer;
    const cache = tmp('tokentax-hfcache-e2e-');
    const REPO = 'OpenLLM-France/Lucie-7B';

    beforeAll(async () => {
      hub = await startHubServer({ root: SHARED_TOKENIZERS, map: { [REPO]: 'lucie-7b' } });
    });
    afterAll(async () => {
      await hub?.close();
    });

    it('downloads into an empty cache in the standard layout and counts exactly', async () => {
      await withEnv({ HF_HUB_CACHE: cache, HF_ENDPOINT: hub.url, HF_HUB_OFFLINE: undefined }, async () => {
        const lines: string[] = [];
        const { resolved, skipped } = await resolveTokenizers(['lucie-7b'], {
          explicit: true,
          log: (l) => lines.push(l),
        });
        expect(skipped).toEqual([]);
        expect(resolved.map((r) => r.info.id)).toEqual(['lucie-7b']);
        const spec = resolved[0];
        const commit = standInCommit(REPO);
        const snap = join(cache, 'models--OpenLLM-France--Lucie-7B', 'snapshots', commit);
        expect(spec.local).toMatchObject({ kind: 'hub-download', ref: REPO, revision: commit, dir: snap });
        expect(spec.local.files).toEqual([join(snap, 'tokenizer.json'), join(snap, 'tokenizer_config.json')]);
        expect(lstatSync(spec.local.files[0]).isSymbolicLink()).toBe(true);
        expect(realpathSync(spec.local.files[0])).toBe(
          join(cache, 'models--OpenLLM-France--Lucie-7B', 'blobs', LUCIE_SHA256),
        );
        // The entry pins a commit: the files are asked at it, and no branch ref is written (as huggingface_hub does).
        expect(commit).toBe(catalog().find((e) => e.id === 'lucie-7b')!.source.revision);
        expect(existsSync(join(cache, 'models--OpenLLM-France--Lucie-7B', 'refs', 'main'))).toBe(false);
        expect(hub.requests.some((r) => r.path === `/${REPO}/resolve/${commit}/tokenizer.json`)).toBe(true);
        expect(lines.join('\n')).toMatch(/downloading tokenizer\.json/);

        const tok = await loadTokenizer(spec);
        expect(tok.info.engine).toBe('hf-sp-bpe');
        for (const [lang, code] of Object.entries(LANGS)) {
          let total = 0;
          for (const line of floresLines(code)) total += tok.count(line);
          expect({ lang, total }).toEqual({ lang, total: LUCIE[lang as keyof typeof LUCIE] });
        }
        tok.dispose?.();
      });
    });

    it('works from the cache with the hub stopped', async () => {
      await hub.close();
      await withEnv({ HF_HUB_CACHE: cache, HF_ENDPOINT: hub.url, HF_HUB_OFFLINE: undefined }, async () => {
        const { resolved } = await resolveTokenizers(['lucie-7b'], { explicit: true, hubTimeoutMs: 1000 });
        expect(resolved[0].local.kind).toBe('hub-cache');
        const tok = await loadTokenizer(resolved[0]);
        let fr = 0;
        for (const line of floresLines(LANGS.fr)) fr += tok.count(line);
        expect(fr).toBe(LUCIE.fr);
        tok.dispose?.();
        const listing = await listTokenizers({});
        expect(listing.find((l) => l.id === 'lucie-7b')?.status).toBe('cached');
        expect(listing.find((l) => l.id === 'eurollm-9b')?.status).toBe('downloadable');
        expect(listing.find((l) => l.id === 'teuken-7b')?.status).toBe('downloadable');
        expect(listing.filter((l) => l.status === 'unsupported')).toEqual([]);
      });
    });
  },
);

// A hub revision of a shape hf-sp-bpe does not read (here a no-op Strip step added to Lucie's normaliser) is
// counted by hf-json, the reference engine, and the tokenizer says so.
describe.skipIf(!hasShared)(
  `hub end to end: lucie-7b at a revision hf-sp-bpe refuses${hasShared ? '' : ` (skipped: ${NO_SHARED})`}`,
  () => {
    let hub: HubServer;
    const REPO = 'OpenLLM-France/Lucie-7B';

    beforeAll(async () => {
      const root = tmp('tokentax-hub-refused-');
      mkdirSync(join(root, 'lucie-strip'));
      const json = JSON.parse(readFileSync(join(SHARED_TOKENIZERS, 'lucie-7b', 'tokenizer.json'), 'utf8'));
      json.normalizer.normalizers.push({ type: 'Strip', strip_left: false, strip_right: false });
      writeFileSync(join(root, 'lucie-strip', 'tokenizer.json'), JSON.stringify(json));
      copyFileSync(
        join(SHARED_TOKENIZERS, 'lucie-7b', 'tokenizer_config.json'),
        join(root, 'lucie-strip', 'tokenizer_config.json'),
      );
      hub = await startHubServer({ root, map: { [REPO]: 'lucie-strip' } });
    });
    afterAll(async () => {
      await hub?.close();
    });

    it('loads with hf-json and counts exactly', async () => {
      await withEnv(
        { HF_HUB_CACHE: tmp('tokentax-hfcache-refused-'), HF_ENDPOINT: hub.url, HF_HUB_OFFLINE: undefined },
        async () => {
          const { resolved } = await resolveTokenizers(['lucie-7b'], { explicit: true });
          expect(resolved[0].info.engine).toBe('hf-sp-bpe');
          const tok = await loadTokenizer(resolved[0]);
          expect(tok.info.engine).toBe('hf-json');
          expect(tok.info.notes).toMatch(
            /Counted with hf-json: hf-sp-bpe refused the files \(.*normalizer Strip/,
          );
          let de = 0;
          for (const line of floresLines(LANGS.de)) de += tok.count(line);
          expect(de).toBe(LUCIE.de);
          tok.dispose?.();
        },
      );
    });
  },
);

// Resolution policy against a tiny synthetic repository (no ../shared needed).
describe('resolveTokenizers and an unreachable hub', () => {
  let hub: HubServer;
  let root: string;
  const REPO = 'test-org/Tiny-Tok';
  const tiny: TokenizerInfo = {
    id: 'tiny-hub',
    name: 'Tiny (test)',
    category: 'european',
    org: 'test',
    region: 'test',
    models: [],
    vocabSize: 3,
    engine: 'hf-json',
    source: { kind: 'hub', ref: REPO, revision: 'main', files: ['tokenizer.json', 'tokenizer_config.json'] },
    licence: 'test',
    provenance: 'test',
  };
  const vocabJson = JSON.stringify({
    version: '1.0',
    added_tokens: [],
    model: { type: 'WordLevel', vocab: { a: 0, b: 1, '[UNK]': 2 }, unk_token: '[UNK]' },
    pre_tokenizer: { type: 'Whitespace' },
  });

  beforeAll(async () => {
    root = tmp('tokentax-hubroot2-');
    const { mkdirSync, writeFileSync } = await import('node:fs');
    mkdirSync(join(root, 'tiny'));
    writeFileSync(join(root, 'tiny', 'tokenizer.json'), vocabJson);
    writeFileSync(join(root, 'tiny', 'tokenizer_config.json'), '{}');
    hub = await startHubServer({ root, map: { [REPO]: 'tiny' }, lfsMinBytes: 100 });
  });
  afterAll(async () => {
    await hub?.close();
  });

  const base = (cache: string) => ({ catalog: [tiny], hub: { endpoint: hub.url, cacheDir: cache } });

  it('explicit id + hanging hub: a network error within a bounded wait', async () => {
    hub.options.hang = true;
    try {
      const t0 = Date.now();
      const e = await catchErr(
        resolveTokenizers(['tiny-hub'], { ...base(tmp()), explicit: true, hubTimeoutMs: 500 }),
      );
      expect(Date.now() - t0).toBeLessThan(3000);
      expect(e.exit).toBe('network');
      expect(e.message).toMatch(/^tokenizer tiny-hub: .*did not answer within 500 ms/);
      expect(e.hint).toMatch(/HF_ENDPOINT/);
      expect(e.hint).toMatch(/--tokenizer-dir/);
    } finally {
      hub.options.hang = false;
    }
  });

  it('implicit id ("all") + hanging hub: skipped with a hint, the run goes on', async () => {
    hub.options.hang = true;
    try {
      const { resolved, skipped } = await resolveTokenizers(['all'], {
        ...base(tmp()),
        explicit: true,
        hubTimeoutMs: 300,
      });
      expect(resolved).toEqual([]);
      expect(skipped).toHaveLength(1);
      expect(skipped[0].id).toBe('tiny-hub');
      expect(skipped[0].reason).toMatch(/did not answer within 300 ms/);
      expect(skipped[0].hint).toMatch(/--tokenizer-dir/);
    } finally {
      hub.options.hang = false;
    }
  });

  it('an unreachable hub is waited for once per run, not once per hub tokenizer', async () => {
    hub.options.hang = true;
    const others = ['tiny-b', 'tiny-c'].map((id) => ({
      ...tiny,
      id,
      source: { ...tiny.source, ref: `test-org/${id}` },
    }));
    const n = hub.requests.length;
    try {
      const t0 = Date.now();
      const { resolved, skipped } = await resolveTokenizers(['all'], {
        ...base(tmp()),
        catalog: [tiny, ...others],
        explicit: true,
        hubTimeoutMs: 400,
      });
      expect(Date.now() - t0).toBeLessThan(800 + 400);
      expect(resolved).toEqual([]);
      expect(skipped.map((s) => s.id)).toEqual(['tiny-hub', 'tiny-b', 'tiny-c']);
      expect(skipped[1].reason).toMatch(/not tried: the hub .* did not answer earlier/);
      expect(hub.requests.length - n).toBe(1);
    } finally {
      hub.options.hang = false;
    }
  });

  it('"default" downloads nothing: an uncached hub entry is skipped without a request', async () => {
    const n = hub.requests.length;
    const { resolved, skipped } = await resolveTokenizers(['default'], { ...base(tmp()), explicit: true });
    expect(hub.requests.length).toBe(n);
    expect(resolved.find((r) => r.info.id === 'tiny-hub')).toBeUndefined();
    expect(skipped.find((s) => s.id === 'tiny-hub')?.hint).toMatch(/--tokenizers tiny-hub/);
  });

  it('"default" takes a hub entry once it is cached', async () => {
    const cache = tmp();
    await resolveTokenizers(['tiny-hub'], { ...base(cache), explicit: true });
    const { resolved } = await resolveTokenizers(['default'], { ...base(cache), explicit: true });
    expect(resolved.find((r) => r.info.id === 'tiny-hub')?.local.kind).toBe('hub-cache');
  });

  it('a truncated download leaves no file in the cache and is an error when asked by name', async () => {
    hub.options.truncate = true;
    const cache = tmp();
    try {
      const e = await catchErr(resolveTokenizers(['tiny-hub'], { ...base(cache), explicit: true }));
      expect(e.exit).toBe('network');
      const { readdirSync, existsSync } = await import('node:fs');
      const blobs = join(cache, 'models--test-org--Tiny-Tok', 'blobs');
      expect(existsSync(blobs) ? readdirSync(blobs) : []).toEqual([]);
      expect(existsSync(join(cache, 'models--test-org--Tiny-Tok', 'snapshots'))).toBe(false);
    } finally {
      hub.options.truncate = false;
    }
  });

  it('a corrupted cached tokenizer.json: re-fetched when the hub answers, an error naming it when not', async () => {
    const cache = tmp();
    const first = await resolveTokenizers(['tiny-hub'], { ...base(cache), explicit: true });
    const { writeFileSync } = await import('node:fs');
    writeFileSync(realpathSync(first.resolved[0].local.files[0]), vocabJson.slice(0, 20));
    const again = await resolveTokenizers(['tiny-hub'], { ...base(cache), explicit: true });
    expect(again.resolved[0].local.kind).toBe('hub-download');
    expect(readFileSync(again.resolved[0].local.files[0], 'utf8')).toBe(vocabJson);
    writeFileSync(realpathSync(again.resolved[0].local.files[0]), vocabJson.slice(0, 20));
    const e = await catchErr(
      resolveTokenizers(['tiny-hub'], { ...base(cache), explicit: true, offline: true }),
    );
    expect(e.exit).toBe('tokenizer');
    expect(e.message).toMatch(/corrupted/);
    expect(e.message).toMatch(/tokenizer\.json/);
  });

  it('unknown ids are errors with the nearest ids', async () => {
    const e = await catchErr(resolveTokenizers(['tiny-hb'], { ...base(tmp()), explicit: false }));
    expect(e.exit).toBe('tokenizer');
    expect(e.message).toBe('unknown tokenizer "tiny-hb"');
    expect(e.hint).toMatch(/tiny-hub/);
  });

  it('hf:<org>/<repo> downloads a repository by name', async () => {
    const { resolved } = await resolveTokenizers([`hf:${REPO}`], { ...base(tmp()), explicit: true });
    expect(resolved).toHaveLength(1);
    // the repository is the catalog's tiny-hub entry: its id and labels are used
    expect(resolved[0].info.id).toBe('tiny-hub');
    expect(resolved[0].local.kind).toBe('hub-download');
  });

  it('sha256 of the stand-in tokenizer.json names its blob', async () => {
    const cache = tmp();
    const { resolved } = await resolveTokenizers(['tiny-hub'], { ...base(cache), explicit: true });
    expect(
      realpathSync(resolved[0].local.files[0]).endsWith(createHash('sha256').update(vocabJson).digest('hex')),
    ).toBe(true);
  });
});
