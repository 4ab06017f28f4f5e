// Exact FLORES-200 devtest totals of every npm-shipped tokenizer: each non-empty line of
// ../shared/corpora/flores200/devtest/{eng,fra,deu,spa}_Latn.devtest encoded on its own, without special
// tokens, summed per language, and compared with ../shared/tokenizers/REFERENCE_COUNTS.md.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createHfJsonTokenizer } from '../../src/tokenizers/engines/hf-json.js';
import { createTiktokenRanksTokenizer } from '../../src/tokenizers/engines/tiktoken-ranks.js';
import { npmSpec } from '../../src/tokenizers/catalog.js';
import type { Tokenizer, TokenizerInfo } from '../../src/types.js';
import { hasShared, SHARED_TOKENIZERS } from '../helpers.js';
import { builtinEntries, flores, installed, LANGS, type Lang4, load, referenceCounts } from './npm-shared.js';

const langs = Object.keys(LANGS) as Lang4[];

describe.skipIf(!hasShared)('FLORES-200 devtest totals (REFERENCE_COUNTS.md)', () => {
  const rows = hasShared ? referenceCounts() : new Map();
  for (const e of builtinEntries().filter((x) => x.id !== 'gpt2')) {
    const skip = !installed(e);
    const label = skip ? `${e.id} (opt-in, not installed: ${e.optIn})` : e.id;
    it.skipIf(skip)(label, async () => {
      const tok = await load(e);
      const ref = rows.get(e.id);
      expect(ref, `${e.id} has a row in REFERENCE_COUNTS.md`).toBeDefined();
      const counted = {} as Record<Lang4, number>;
      const encoded = {} as Record<Lang4, number>;
      for (const lang of langs) {
        counted[lang] = 0;
        encoded[lang] = 0;
        for (const line of flores(lang)) {
          counted[lang] += tok.count(line);
          encoded[lang] += tok.encode(line).length;
        }
      }
      expect(counted).toEqual(ref);
      expect(encoded).toEqual(ref);
    });
  }

  // No row for r50k in REFERENCE_COUNTS.md: compare with js-tiktoken, an independent implementation.
  it('gpt2 (r50k_base) = js-tiktoken, line by line', async () => {
    const { getEncoding } = await import('js-tiktoken');
    const js = getEncoding('r50k_base');
    const tok = await load(builtinEntries().find((e) => e.id === 'gpt2')!);
    for (const lang of langs) {
      let ours = 0;
      let theirs = 0;
      for (const line of flores(lang)) {
        ours += tok.count(line);
        theirs += js.encode(line, [], []).length;
      }
      expect(ours, lang).toBe(theirs);
      expect(ours, lang).toBeGreaterThan(0);
    }
  });
});

function totals(tok: Tokenizer): Record<Lang4, number> {
  const out = {} as Record<Lang4, number>;
  for (const lang of langs) out[lang] = flores(lang).reduce((n, line) => n + tok.count(line), 0);
  return out;
}

const fileInfo = (id: string, engine: TokenizerInfo['engine']): TokenizerInfo => ({
  id,
  name: id,
  category: 'european',
  org: 'test',
  region: 'test',
  models: [],
  vocabSize: 1,
  engine,
  source: { kind: 'file', ref: join(SHARED_TOKENIZERS, id) },
  licence: 'test',
  provenance: 'test',
});

describe.skipIf(!hasShared)('engines on the original files in ../shared/tokenizers', () => {
  it('tiktoken-ranks reads the original tekken.json (vocab list format) with the exact totals', async () => {
    const tok = await createTiktokenRanksTokenizer(fileInfo('mistral-nemo-tekken', 'tiktoken-ranks'), [
      join(SHARED_TOKENIZERS, 'mistral-nemo-tekken', 'tekken.json'),
    ]);
    expect(totals(tok)).toEqual(referenceCounts().get('mistral-tekken'));
  });

  // hf-json swaps the library's BPE merge loop for MergeBpe; it must give the library's ids, line by line.
  it("hf-json gives @huggingface/tokenizers' own ids (its merge loop) on 400 FLORES French devtest lines", async () => {
    const { Tokenizer } = await import('@huggingface/tokenizers');
    const dirs = ['lucie-7b', 'mistral-7b-v0.1', 'mistral-nemo-tekken'].map((d) =>
      join(SHARED_TOKENIZERS, d),
    );
    const qwen = builtinEntries().find((e) => e.id === 'qwen-3')!;
    if (installed(qwen)) dirs.push(npmSpec(qwen)!.local.dir! + '/models');
    for (const dir of dirs) {
      const files = [join(dir, 'tokenizer.json'), join(dir, 'tokenizer_config.json')];
      const ours = await createHfJsonTokenizer(fileInfo(dir, 'hf-json'), files);
      const j = JSON.parse(readFileSync(files[0], 'utf8')) as { added_tokens: { special: boolean }[] };
      const lib = new Tokenizer(
        { ...j, added_tokens: j.added_tokens.filter((t) => !t.special) },
        JSON.parse(readFileSync(files[1], 'utf8')),
      );
      for (const line of flores('fr').slice(0, 400))
        expect(Array.from(ours.encode(line)), `${dir}: ${line}`).toEqual(
          lib.encode(line, { add_special_tokens: false }).ids,
        );
    }
  });
});
