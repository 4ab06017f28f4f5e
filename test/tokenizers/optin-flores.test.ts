// The opt-in packs on their fast engines (gemma-3 on hf-sp-bpe, deepseek-v3 on hf-bpe-wasm) give the ids of
// hf-json, the engine both used before, on every FLORES-200 dev and devtest line (en, fr, de, es), and the
// devtest totals of ../shared/tokenizers/REFERENCE_COUNTS.md. Skipped when a pack is not installed (CI does not
// install them) or ../shared is absent.
import { describe, expect, it } from 'vitest';
import { createHfJsonTokenizer } from '../../src/tokenizers/engines/hf-json.js';
import { hasShared, NO_SHARED } from '../helpers.js';
import {
  builtinEntries,
  flores,
  installed,
  LANGS,
  type Lang4,
  load,
  referenceCounts,
  sameIds,
} from './npm-shared.js';

const FAST = { 'gemma-3': 'hf-sp-bpe', 'deepseek-v3': 'hf-bpe-wasm' } as const;
const langs = Object.keys(LANGS) as Lang4[];

describe.skipIf(!hasShared)(
  `opt-in packs: fast engine = hf-json on FLORES dev and devtest${hasShared ? '' : ` (skipped: ${NO_SHARED})`}`,
  () => {
    for (const e of builtinEntries().filter((x) => x.id in FAST)) {
      const label = installed(e) ? e.id : `${e.id} (skipped: opt-in pack not installed, ${e.optIn})`;
      it.skipIf(!installed(e))(
        `${label}: ${FAST[e.id as keyof typeof FAST]} = hf-json, line by line`,
        async () => {
          const fast = await load(e);
          expect(fast.info.engine).toBe(FAST[e.id as keyof typeof FAST]);
          const js = await createHfJsonTokenizer(
            { ...e, engine: 'hf-json' },
            fast.loadedFrom.files.map((f) => f.path),
          );
          const totals = {} as Record<Lang4, number>;
          for (const split of ['dev', 'devtest'] as const) {
            for (const lang of langs) {
              let n = 0;
              for (const line of flores(lang, split)) {
                const a = fast.encode(line);
                const b = js.encode(line);
                if (!sameIds(a, b))
                  expect(Array.from(a), `${e.id} ${split} ${lang}: ${line}`).toEqual(Array.from(b));
                n += a.length;
              }
              if (split === 'devtest') totals[lang] = n;
            }
          }
          expect(totals).toEqual(referenceCounts().get(e.id));
          expect(totals).toEqual(e.reference);
        },
        300_000,
      );
    }
  },
);
