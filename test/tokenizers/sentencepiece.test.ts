// The sentencepiece engine (SentencePiece in WASM) against SentencePiece's own C++ encoder (spm_encode) on
// models trained here with spm_train, and against the reference FLORES totals on Mistral's tokenizer.model.
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { explain } from '../../src/report/explain.js';
import { loadTokenizer, resolveTokenizers } from '../../src/tokenizers/index.js';
import { parseSpModel, PieceType } from '../../src/tokenizers/engines/sp-model.js';
import type { Tokenizer } from '../../src/types.js';
import { SPM_MISSING, spmEncodeIds, trainSpModels, type TrainedModels } from '../fixtures/spm-models.js';
import { catchErr, FLORES, hasShared, NO_SHARED, ROOT, runCli, SHARED_TOKENIZERS, tmp } from '../helpers.js';

const LANGS = ['eng', 'fra', 'deu', 'spa'];
const REFERENCE = { en: 29997, fr: 47995, de: 47442, es: 47222 };

function floresLines(lang: string): string[] {
  return readFileSync(join(FLORES, 'devtest', `${lang}_Latn.devtest`), 'utf8')
    .split('\n')
    .filter((l) => l.length > 0);
}

/** Every text of the built-in corpus (which the models were trained on), one per line. */
function builtinLines(): string[] {
  const lines: string[] = [];
  for (const f of ['news', 'chat-prompts', 'code-mixed', 'technical-docs']) {
    for (const row of readFileSync(join(ROOT, 'corpora', 'llm-mix', `${f}.jsonl`), 'utf8')
      .split('\n')
      .filter(Boolean)) {
      const s = JSON.parse(row) as Record<string, string>;
      for (const l of ['en', 'fr', 'de', 'es']) lines.push(s[l].replace(/\s*\n\s*/g, ' '));
    }
  }
  return lines;
}

async function loadFile(path: string): Promise<Tokenizer> {
  const { resolved } = await resolveTokenizers([`file:${path}`], { explicit: true });
  return loadTokenizer(resolved[0]);
}

/** Indices of the lines whose ids differ, and the first difference shown. */
function compare(
  tok: Tokenizer,
  lines: readonly string[],
  want: number[][],
): { same: number; firstDiff?: string } {
  let same = 0;
  let firstDiff: string | undefined;
  lines.forEach((line, i) => {
    const got = Array.from(tok.encode(line));
    if (got.length === want[i].length && got.every((x, k) => x === want[i][k])) same++;
    else
      firstDiff ??= `${JSON.stringify(line)}: engine [${got.join(' ')}], spm_encode [${want[i].join(' ')}]`;
  });
  return { same, firstDiff };
}

describe.skipIf(!hasShared)("sentencepiece engine on Mistral's tokenizer.model", () => {
  it.each(['mistral-7b-v0.1', 'mistral-v3-spm'])(
    '%s/tokenizer.model: exact FLORES devtest totals, text only',
    async (dir) => {
      const tok = await loadFile(join(SHARED_TOKENIZERS, dir, 'tokenizer.model'));
      expect(tok.info.engine).toBe('sentencepiece');
      // Both are recognised as the catalog entries they are (vocabulary size and identity ids).
      expect(tok.info.id).toBe(dir === 'mistral-v3-spm' ? 'mistral-v3' : 'mistral-v1');
      const got = Object.fromEntries(
        LANGS.map((l, i) => [
          Object.keys(REFERENCE)[i],
          floresLines(l).reduce((a, x) => a + tok.count(x), 0),
        ]),
      );
      expect(got).toEqual(REFERENCE);
      expect(tok.vocabSize).toBe(dir === 'mistral-v3-spm' ? 32768 : 32000);
      expect(Array.from(tok.encode(''))).toEqual([]);
    },
    120_000,
  );

  it('the identity check at load compares the vocabulary size: refused when it differs, noted when the catalog marks it unverified', async () => {
    const file = join(SHARED_TOKENIZERS, 'mistral-7b-v0.1', 'tokenizer.model');
    const { resolved } = await resolveTokenizers([`file:${file}`], { explicit: true });
    const wrong = { ...resolved[0], info: { ...resolved[0].info, vocabSize: 32001 } };
    const e = await catchErr(loadTokenizer(wrong));
    expect(e.message).toBe(
      'tokenizer mistral-v1: identity check failed: the files define 32000 ids, the catalog entry 32001',
    );
    const tok = await loadTokenizer({ ...wrong, info: { ...wrong.info, unverified: ['vocabSize'] } });
    expect(tok.info.notes).toMatch(
      /The files define 32000 ids; the catalog's figure, 32001, was not verified\./,
    );
  });

  // The issue's question for folders holding both files: does the converted tokenizer.json agree with the model?
  it.each(['mistral-7b-v0.1', 'mistral-v3-spm'])(
    '%s: tokenizer.model (sentencepiece) and tokenizer.json (hf-json) give the same ids on all 4,048 lines',
    async (dir) => {
      const model = await loadFile(join(SHARED_TOKENIZERS, dir, 'tokenizer.model'));
      const { resolved } = await resolveTokenizers(
        [`file:${join(SHARED_TOKENIZERS, dir, 'tokenizer.json')}`],
        { explicit: true },
      );
      const json = await loadTokenizer({ ...resolved[0], info: { ...resolved[0].info, engine: 'hf-json' } });
      const lines = LANGS.flatMap(floresLines);
      const { same, firstDiff } = compare(
        model,
        lines,
        lines.map((l) => Array.from(json.encode(l))),
      );
      expect(firstDiff).toBeUndefined();
      expect(same).toBe(4048);
    },
    180_000,
  );

  it("a --tokenizer-dir folder holding both files counts the catalog entry's inference file, tokenizer.model for Mistral v3", async () => {
    const dir = tmp('tokentax-spdir-');
    mkdirSync(join(dir, 'm3'));
    for (const f of ['tokenizer.json', 'tokenizer_config.json', 'tokenizer.model'])
      copyFileSync(join(SHARED_TOKENIZERS, 'mistral-v3-spm', f), join(dir, 'm3', f));
    const lines: string[] = [];
    const { resolved } = await resolveTokenizers(['mistral-v3'], {
      explicit: true,
      tokenizerDir: dir,
      log: (l) => lines.push(l),
    });
    expect(resolved[0].info.engine).toBe('sentencepiece');
    expect(resolved[0].local.files.map((f) => f.split('/').pop())).toEqual(['tokenizer.model']);
    expect(lines.join('\n')).toMatch(
      /holds tokenizer\.json and tokenizer\.model; tokenizer\.model counted \(.*tokenizes with tokenizer\.model at inference\)/,
    );
  }, 60_000);

  // Done when: the real CLI, worker pool and all, on a folder holding nothing but Mistral 7B v0.1's tokenizer.model.
  it('tokentax run --tokenizer-dir <one folder with only tokenizer.model> counts 29997 / 47995 / 47442 / 47222', async () => {
    const dir = tmp('tokentax-spdir-');
    mkdirSync(join(dir, 'mistral'));
    copyFileSync(
      join(SHARED_TOKENIZERS, 'mistral-7b-v0.1', 'tokenizer.model'),
      join(dir, 'mistral', 'tokenizer.model'),
    );
    const out = join(tmp(), 'run');
    const r = await runCli([
      'run',
      '--corpus',
      FLORES,
      '--split',
      'devtest',
      '--tokenizer-dir',
      dir,
      '--tokenizers',
      'mistral-v1,o200k_base',
      '--out',
      out,
      '--no-charts',
      '--no-cache',
      '--workers',
      '2',
      '--quiet',
    ]);
    expect(r.code, r.stderr).toBe(0);
    const rows = readFileSync(join(out, 'summary.csv'), 'utf8')
      .split('\n')
      .filter((l) => l.startsWith('flores200,mistral-v1,'));
    expect(Object.fromEntries(rows.map((l) => [l.split(',')[2], Number(l.split(',')[4])]))).toEqual(
      REFERENCE,
    );
    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')) as {
      tokenizers: { id: string; engine: string; loadedFrom: { counted?: string } }[];
    };
    const m = manifest.tokenizers.find((t) => t.id === 'mistral-v1')!;
    expect(m.engine).toBe('sentencepiece');
    expect(m.loadedFrom.counted).toBe('tokenizer.model');
  }, 240_000);
});

describe('sentencepiece engine: bad files', () => {
  it('a damaged model is refused with the file named, not encoded to nothing', async () => {
    const dir = tmp('tokentax-spbad-');
    mkdirSync(join(dir, 'broken'));
    writeFileSync(join(dir, 'broken', 'tokenizer.model'), Buffer.from([0x0a, 0x05, 0x0a, 0x03, 0x61, 0x62]));
    const e = await catchErr(
      resolveTokenizers(['file:' + join(dir, 'broken', 'tokenizer.model')], { explicit: true }),
    );
    expect(e.message).toMatch(/tokenizer\.model is not a SentencePiece model tokentax can read/);
  });

  it.skipIf(!hasShared)('a truncated model is refused', async () => {
    const dir = tmp('tokentax-spbad-');
    const bytes = readFileSync(join(SHARED_TOKENIZERS, 'mistral-7b-v0.1', 'tokenizer.model'));
    writeFileSync(join(dir, 'tokenizer.model'), bytes.subarray(0, bytes.length >> 1));
    const e = await catchErr(resolveTokenizers(['file:' + join(dir, 'tokenizer.model')], { explicit: true }));
    expect(e.exit).toBe('tokenizer');
    expect(e.message).toMatch(/not a SentencePiece model/);
  });
});

describe.skipIf(!!SPM_MISSING)('sentencepiece engine = spm_encode on models trained with spm_train', () => {
  let models: TrainedModels;
  const toks: Record<'bpe' | 'unigram', Tokenizer> = {} as never;
  beforeAll(async () => {
    models = trainSpModels();
    for (const kind of ['bpe', 'unigram'] as const) toks[kind] = await loadFile(models[kind]);
  }, 120_000);

  it('the fixtures are what they claim: a BPE model with byte pieces and a Unigram model without', () => {
    const bpe = parseSpModel(readFileSync(models.bpe));
    const uni = parseSpModel(readFileSync(models.unigram));
    expect([bpe.modelType, bpe.byteFallback, uni.modelType, uni.byteFallback]).toEqual([
      'bpe',
      true,
      'unigram',
      false,
    ]);
    expect(bpe.types.filter((t) => t === PieceType.byte).length).toBe(256);
    expect(uni.types.filter((t) => t === PieceType.byte).length).toBe(0);
    expect(toks.bpe.vocabSize).toBe(bpe.pieces.length);
    expect(toks.unigram.info.engine).toBe('sentencepiece');
  });

  it.each(['bpe', 'unigram'] as const)('%s: same ids as spm_encode on the built-in corpus', (kind) => {
    const lines = builtinLines();
    const { same, firstDiff } = compare(toks[kind], lines, spmEncodeIds(models[kind], lines));
    expect(firstDiff).toBeUndefined();
    expect(same).toBe(lines.length);
  });

  it.skipIf(!hasShared).each(['bpe', 'unigram'] as const)(
    '%s: same ids as spm_encode on all 4,048 FLORES devtest lines',
    (kind) => {
      const lines = LANGS.flatMap(floresLines);
      expect(lines).toHaveLength(4048);
      const { same, firstDiff } = compare(toks[kind], lines, spmEncodeIds(models[kind], lines));
      expect(firstDiff).toBeUndefined();
      expect(same).toBe(4048);
    },
    60_000,
  );

  // Generated text that stresses the normaliser and the fallbacks. spm_encode reads lines, so no \n or \r.
  const nfkc = [
    'ﬁ',
    'ﬀ',
    '①',
    'Ａ',
    'ｆｕｌｌ',
    'ﾊﾝｶｸ',
    'Å',
    'Å',
    'e\u0301',
    '²',
    '…',
    '㍻',
    'ǅ',
    'ſ',
    '\u00ad',
  ];
  const fallback = [
    '😀',
    '🦜',
    '中文',
    'ꦲꦏ꧀ꦱꦫ',
    '𝔘𝔫𝔦',
    '\u200d',
    '\ufeff',
    '\u{10ffff}',
    '\u{e0001}',
    'ℵ',
    '<tag>',
    '@@',
    '<s>',
    '</s>',
    '<unk>',
  ];
  const spaces = [' ', '  ', '   ', '\t', '\u00a0', '\u3000', '\u2009', ' \t ', '\u0085', '\u2028'];
  const words = ['Straße', 'élève', 'année', 'Mañana', 'über', '2024', '3,14', "l'été", 'x'];
  const text = fc
    .oneof(
      fc
        .array(fc.constantFrom(...nfkc, ...fallback, ...spaces, ...words), { maxLength: 16 })
        .map((a) => a.join('')),
      fc.string({ unit: 'binary', maxLength: 24 }),
      fc.string({ unit: 'grapheme', maxLength: 24 }),
    )
    .map((s) => s.replace(/[\n\r\0]/g, ' '));
  const samples = fc.sample(text, { seed: 20261202, numRuns: 1500 });

  it.each(['bpe', 'unigram'] as const)(
    '%s: same ids as spm_encode on 1,500 generated strings (NFKC-sensitive characters, byte fallback, whitespace runs)',
    (kind) => {
      const { same, firstDiff } = compare(toks[kind], samples, spmEncodeIds(models[kind], samples));
      expect(firstDiff).toBeUndefined();
      expect(same).toBe(samples.length);
    },
  );

  it('byte pieces and <unk> are flagged as fallback tokens; explain shows the text', () => {
    const bpeIds = Array.from(toks.bpe.encode('ꦲꦏ꧀ꦱꦫ x'));
    expect(bpeIds.some((id) => toks.bpe.isFallback!(id))).toBe(true);
    expect(toks.bpe.tokenStrings!(bpeIds).some((s) => /^<0x[0-9A-F]{2}>$/.test(s))).toBe(true);
    const uniIds = Array.from(toks.unigram.encode('ꦲꦏ꧀ꦱꦫ x'));
    expect(uniIds.filter((id) => toks.unigram.isFallback!(id)).length).toBeGreaterThan(0);
    expect(toks.unigram.isFallback!(Array.from(toks.unigram.encode('the'))[0])).toBe(false);
    const view = explain('Grüße ꦲꦏ x', [toks.bpe]);
    expect(view.tokenizers[0].count).toBe(toks.bpe.count('Grüße ꦲꦏ x'));
    expect(
      view.tokenizers[0].tokens
        .filter((t) => !t.partial)
        .map((t) => t.text ?? '')
        .join(''),
    ).toContain('Grüße');
    expect(toks.bpe.decode!(toks.bpe.encode('Grüße ꦲꦏ x'))).toBe('Grüße ꦲꦏ x');
  });
});
