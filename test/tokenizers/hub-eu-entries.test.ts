// The European hub entries added for issue #25 (EuroLLM-22B), against the stand-in hub as the other hub entries
// are tested: pinned as the catalog says, listed as downloadable, asked for at the pinned revision, and refused when
// the hub serves another file than the pinned one. The real file cannot be obtained here, so a matching download is
// not tested (the entry's notes say so).
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { catalog } from '../../src/tokenizers/catalog.js';
import { listTokenizers, resolveTokenizers } from '../../src/tokenizers/index.js';
import { startHubServer, type HubServer } from '../fixtures/hub-server.js';
import { catchErr, hasShared, NO_SHARED, SHARED_TOKENIZERS, tmp } from '../helpers.js';

const REPO = 'utter-project/EuroLLM-22B-2512';

describe('EuroLLM-22B in the catalog', () => {
  const e = catalog().find((x) => x.id === 'eurollm-22b')!;

  it('is a European hub entry on the 2512 release, its tokenizer.json pinned by the SHA-256 of the hub page', () => {
    expect(e).toMatchObject({ category: 'european', engine: 'hf-json', inferenceFile: 'tokenizer.json' });
    expect(e.source).toMatchObject({ kind: 'hub', ref: REPO, revision: 'main' });
    expect(e.source.files?.[0]).toBe('tokenizer.json');
    expect(e.source.pins?.['tokenizer.json']?.sha256).toBe(
      'd6e4810e827e4ffcd735429d19d585326bb4efb31e921cb870ecefc4c1fa16e3',
    );
    // What could not be checked is said: the revision (no full commit id read), the vocabulary size, gating.
    expect(e.unverified).toEqual(expect.arrayContaining(['revision', 'vocabSize', 'gated']));
    expect(e.notes).toMatch(/Revision not pinned/);
    expect(e.provenance).toMatch(/42957aec88804838805b335da1bbcce9d116024a20c6c4b56757648b9e348254/);
  });

  it('is listed as downloadable with an empty cache', async () => {
    const listing = await listTokenizers({ hub: { cacheDir: tmp('tokentax-hfcache-') } });
    expect(listing.find((l) => l.id === 'eurollm-22b')?.status).toBe('downloadable');
  });
});

describe.skipIf(!hasShared)(
  `EuroLLM-22B through the stand-in hub${hasShared ? '' : ` (skipped: ${NO_SHARED})`}`,
  () => {
    let hub: HubServer;
    beforeAll(async () => {
      // Another tokenizer.json (Lucie-7B's) under EuroLLM-22B's name: the hub's own hashes agree with it, the pin not.
      hub = await startHubServer({ root: SHARED_TOKENIZERS, map: { [REPO]: 'lucie-7b' } });
    });
    afterAll(() => hub?.close());

    it('is asked for at main and refused when the file is not the pinned one; nothing is cached', async () => {
      const cacheDir = tmp('tokentax-hfcache-');
      const e = await catchErr(
        resolveTokenizers(['eurollm-22b'], { explicit: true, hub: { endpoint: hub.url, cacheDir } }),
      );
      expect(e.exit).toBe('tokenizer');
      expect(e.message).toMatch(
        /utter-project\/EuroLLM-22B-2512\/tokenizer\.json from .* is not the file the catalog pins \(sha256 [0-9a-f]{64}, the catalog pins d6e4810e827e/,
      );
      expect(hub.requests.some((r) => r.path === `/${REPO}/resolve/main/tokenizer.json`)).toBe(true);
      const blobs = join(cacheDir, 'models--utter-project--EuroLLM-22B-2512', 'blobs');
      expect(existsSync(blobs) ? readdirSync(blobs) : []).toEqual([]);
    });
  },
);
