// Issue #3 Done-when: the hub path end to end through the real CLI, against a local stand-in that
// serves ../shared/tokenizers in the hub's URL layout; then again from the cache with the server down.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHubServer, type HubServer } from '../fixtures/hub-server.js';
import { FLORES, hasShared, NO_SHARED, runCli, SHARED_TOKENIZERS, tmp } from '../helpers.js';

const LUCIE = { en: 28810, fr: 35442, de: 38548, es: 39286 }; // REFERENCE_COUNTS.md

const totals = (dir: string) =>
  Object.fromEntries(
    Papa.parse<Record<string, string>>(readFileSync(join(dir, 'summary.csv'), 'utf8'), {
      header: true,
      skipEmptyLines: true,
    })
      .data.filter((r) => r.tokenizer === 'lucie-7b' && (r.domain ?? 'all') === 'all')
      .map((r) => [r.lang, Number(r.tokens)]),
  );

describe.skipIf(!hasShared)(
  `hub download through the CLI${hasShared ? '' : ` — skipped: ${NO_SHARED}`}`,
  () => {
    let hub: HubServer;
    let env: Record<string, string>;
    let cache: string;

    beforeAll(async () => {
      hub = await startHubServer({ root: SHARED_TOKENIZERS, map: { 'OpenLLM-France/Lucie-7B': 'lucie-7b' } });
      cache = tmp('tokentax-hubcache-');
      env = { HF_ENDPOINT: hub.url, HF_HUB_CACHE: cache, HF_HOME: tmp('tokentax-hfhome-') };
    });
    afterAll(() => hub?.close());

    it('downloads lucie-7b into the standard cache and counts exactly, then works offline from the cache', async () => {
      const out1 = join(tmp('tokentax-hubrun-'), 'run');
      const r1 = await runCli(
        [
          'run',
          '--corpus',
          FLORES,
          '--split',
          'devtest',
          '--tokenizers',
          'lucie-7b',
          '--reference',
          'lucie-7b',
          '--no-charts',
          '--quiet',
          '--out',
          out1,
        ],
        { env },
      );
      expect(r1.code, r1.stderr).toBe(0);
      expect(
        hub.requests.some(
          (q) => q.path.includes('/OpenLLM-France/Lucie-7B/resolve/') && q.path.endsWith('/tokenizer.json'),
        ),
      ).toBe(true);
      // Standard Hugging Face cache layout.
      const repoDir = join(cache, 'models--OpenLLM-France--Lucie-7B');
      const snaps = readdirSync(join(repoDir, 'snapshots'));
      expect(snaps).toEqual([hub.commitOf('OpenLLM-France/Lucie-7B')]); // the commit the catalog pins
      expect(
        readFileSync(join(repoDir, 'snapshots', snaps[0], 'tokenizer.json')).equals(
          readFileSync(join(SHARED_TOKENIZERS, 'lucie-7b', 'tokenizer.json')),
        ),
      ).toBe(true);
      expect(totals(out1)).toEqual(LUCIE);
      const manifest = JSON.parse(readFileSync(join(out1, 'manifest.json'), 'utf8'));
      expect(manifest.tokenizers[0].loadedFrom.kind).toBe('hub-download');

      await hub.close();
      const out2 = join(tmp('tokentax-hubrun2-'), 'run');
      const r2 = await runCli(
        [
          'run',
          '--corpus',
          FLORES,
          '--split',
          'devtest',
          '--tokenizers',
          'lucie-7b',
          '--reference',
          'lucie-7b',
          '--no-charts',
          '--quiet',
          '--out',
          out2,
        ],
        { env },
      );
      expect(r2.code, r2.stderr).toBe(0);
      expect(totals(out2)).toEqual(LUCIE);
      expect(
        JSON.parse(readFileSync(join(out2, 'manifest.json'), 'utf8')).tokenizers[0].loadedFrom.kind,
      ).toBe('hub-cache');
    }, 600_000);
  },
);
