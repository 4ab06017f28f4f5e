// The framing probes rest on two relations (src/providers/framing.ts): a lone letter is one token, and a word
// repeated after a space costs twice the word. They are checked here on every local tokenizer tokentax has,
// English-centric, multilingual and European, SentencePiece and byte-level BPE alike.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { measureFraming, PROBES, PROBE_TEXTS } from '../../src/providers/index.js';
import { loadTokenizer, resolveTokenizers } from '../../src/tokenizers/index.js';
import { catchErr, SHARED_TOKENIZERS } from '../helpers.js';

const localFiles = [
  'lucie-7b/tokenizer.json',
  'mistral-v3-spm/tokenizer.json',
  'mistral-nemo-tekken/tekken.json',
]
  .map((f) => join(SHARED_TOKENIZERS, f))
  .filter((f) => existsSync(f));

describe('framing probes', () => {
  it('imply no framing on every installed local tokenizer (and the tokenizers of ../shared when present)', async () => {
    const { resolved } = await resolveTokenizers(['default', 'legacy'], { explicit: false });
    const dir = localFiles.length
      ? await resolveTokenizers(
          localFiles.map((f) => `file:${f}`),
          { explicit: true },
        )
      : { resolved: [] };
    const all = [...resolved, ...dir.resolved];
    expect(all.length).toBeGreaterThanOrEqual(9);
    for (const spec of all) {
      const tok = await loadTokenizer(spec);
      const f = await measureFraming(spec.info.id, async (t) => tok.count(t));
      expect(f.tokens, spec.info.id).toBe(0);
      expect(
        f.probes.map((p) => p.implies),
        spec.info.id,
      ).toEqual(PROBES.map(() => 0));
      tok.dispose?.();
    }
  });

  it('measure a fixed framing whatever it is, and record each probe count', async () => {
    const tok = (await resolveTokenizers(['cl100k_base'], { explicit: true })).resolved[0];
    const cl = await loadTokenizer(tok);
    const f = await measureFraming('x:y', async (t) => cl.count(t) + 9);
    expect(f.tokens).toBe(9);
    expect(f.probes.flatMap((p) => p.counts.map((c) => c.text))).toEqual([...PROBE_TEXTS]);
    expect(f.probes[2].counts).toEqual([
      { text: 'Hello', count: 10 },
      { text: 'Hello Hello', count: 11 },
    ]);
  });

  it('refuse a framing that depends on the text, naming each probe', async () => {
    const e = await catchErr(measureFraming('x:y', async (t) => t.length + 5));
    expect(e.exit).toBe('apiAnswer');
    expect(e.message).toMatch(
      /count\("a"\) − 1 = 5; count\("x"\) − 1 = 5; 2 × count\("Hello"\) − count\("Hello Hello"\) = 4/,
    );
  });
});
