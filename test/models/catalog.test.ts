import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  apiRef,
  chooseCounting,
  claimData,
  findModel,
  localTokenizers,
  models,
  tokenizerStatus,
  workloadPresets,
  resolveWorkload,
} from '../../src/models/index.js';
import { catalog, DEFAULT_TOKENIZERS, LEGACY_TOKENIZERS } from '../../src/tokenizers/catalog.js';

const write = (data: unknown) => {
  const f = join(mkdtempSync(join(tmpdir(), 'tt-models-')), 'models.json');
  writeFileSync(f, JSON.stringify(data));
  return f;
};
const base = {
  id: 'm-1',
  name: 'M 1',
  provider: 'acme',
  family: 'M',
  status: 'current',
  provenance: 'test',
  counting: [{ kind: 'tokenizer', tokenizer: 'o200k_base' }],
};

describe('model catalog', () => {
  it('loads the built-in file and finds models by id and provider/id', () => {
    const all = models();
    expect(all.length).toBeGreaterThan(0);
    expect(findModel('GPT-5')?.provider).toBe('openai');
    expect(findModel('openai/gpt-4')?.status).toBe('legacy');
    expect(findModel('no-such-model')).toBeUndefined();
    expect(apiRef(findModel('gpt-5')!)).toBe('openai:gpt-5');
  });

  it('refuses an entry with a bad field, naming the entry and the field', () => {
    expect(() => models(write([{ ...base, status: 'beta' }]))).toThrow(
      /entry 1 \(m-1\): status must be one of current, legacy/,
    );
    expect(() => models(write([{ ...base, counting: [] }]))).toThrow(/counting must list at least one way/);
    expect(() => models(write([{ ...base, counting: [{ kind: 'api', ref: 'claude:opus' }] }]))).toThrow(
      /counting\[0\]\.ref must be <anthropic\|gemini\|openai>:<model>/,
    );
    expect(() =>
      models(write([{ ...base, counting: [{ kind: 'approx', tokenizer: 'o200k_base' }] }])),
    ).toThrow(/reason it stands in/);
    expect(() => models(write([{ ...base, counting: [{ kind: 'unavailable' }] }]))).toThrow(
      /reason no count is possible/,
    );
    expect(() => models(write([{ ...base, released: '2025' }]))).toThrow(/released must be YYYY-MM/);
    expect(() => models(write([base, base]))).toThrow(/defines model acme\/m-1 twice/);
  });

  it('names an existing tokenizer for every local count', () => {
    const known = new Set(catalog().map((t) => t.id));
    for (const m of models())
      for (const t of localTokenizers(m)) expect(known.has(t), `${m.id}: tokenizer ${t}`).toBe(true);
  });

  it("gives API refs of the model's own provider and id", () => {
    const prefix: Record<string, string> = { openai: 'openai', anthropic: 'anthropic', google: 'gemini' };
    for (const m of models()) {
      for (const c of m.counting)
        if (c.kind === 'api') expect(c.ref, m.id).toBe(`${prefix[m.provider]}:${m.id}`);
    }
  });

  it('has the models issue #15 asks for, each with its source', () => {
    const ids = new Set(models().map((m) => m.id));
    for (const id of [
      'gpt-5',
      'gpt-5.5',
      'gpt-4.1',
      'gpt-4o',
      'o3',
      'o4-mini',
      'gpt-4',
      'gpt-3.5-turbo',
      'claude-sonnet-4-5',
      'claude-opus-4-7',
      'gemini-2.5-pro',
      'gemini-3.1-pro-preview',
      'mistral-large-2512',
      'mistral-medium-3-5',
      'mistral-small-2603',
      'mistral-nemo',
      'ministral-8b-2512',
      'meta-llama/Llama-3.3-70B-Instruct',
      'meta-llama/Llama-4-Maverick-17B-128E-Instruct',
      'Qwen/Qwen3-32B',
      'deepseek-v3.2',
      'OpenLLM-France/Lucie-7B',
      'utter-project/EuroLLM-9B',
      'BSC-LT/salamandra-7b',
      'openGPT-X/Teuken-7B-instruct-research-v0.4',
      'croissantllm/CroissantLLMBase',
    ]) {
      expect(ids.has(id), id).toBe(true);
    }
    for (const m of models()) expect(m.provenance.length, m.id).toBeGreaterThan(20);
    // The tokenizer change with Opus 4.7 is stated on the models it concerns.
    expect(findModel('claude-opus-4-7')!.notes).toMatch(/^Tokenizer of Claude Opus 4\.7 and later/);
    expect(findModel('claude-opus-4-6')!.notes).toMatch(/^Tokenizer of Claude 3 to 4\.6/);
    // Gemini 2.x / 3 previews on Gemma 3's vocabulary, 3.1 and later on Gemma 4's (Google's genai SDK).
    expect(localTokenizers(findModel('gemini-2.5-flash')!)).toEqual(['gemma-3-spm']);
    expect(localTokenizers(findModel('gemini-3-pro-preview')!)).toEqual(['gemma-3-spm']);
    expect(localTokenizers(findModel('gemini-3.1-pro-preview')!)).toEqual(['gemma-4-spm']);
  });

  it('counts a model with its first way that was measured, and says so', () => {
    const m = findModel('gpt-5.4')!;
    expect(chooseCounting(m, (id) => id === 'o200k_base')).toEqual({
      entry: m.counting[1],
      id: 'o200k_base',
    });
    expect(chooseCounting(m, (id) => id === 'openai:gpt-5.4' || id === 'o200k_base')?.entry.kind).toBe('api');
    expect(chooseCounting(findModel('claude-opus-4-7')!, (id) => id === 'o200k_base')).toBeUndefined();
  });
});

describe('the default tokenizer set follows the catalog', () => {
  const builtin = catalog()
    .filter((t) => t.source.kind === 'npm' && !t.optIn && !t.unsupported)
    .map((t) => t.id);
  it('is every built-in tokenizer a current model counts with, plus cl100k_base for the claim', () => {
    const current = builtin.filter((t) => tokenizerStatus(t) === 'current');
    expect(new Set(DEFAULT_TOKENIZERS)).toEqual(new Set([...current, 'cl100k_base']));
    expect(tokenizerStatus('cl100k_base')).toBe('legacy');
    expect(claimData().parts[0].subjects.map((s) => s.tokenizer)).toContain('cl100k_base');
  });
  it('leaves out the built-ins whose models are all legacy', () => {
    expect([...LEGACY_TOKENIZERS].sort()).toEqual(['claude-legacy', 'gpt2', 'llama-2', 'mistral-v1']);
    for (const t of LEGACY_TOKENIZERS) expect(tokenizerStatus(t), t).toBe('legacy');
    expect(new Set([...DEFAULT_TOKENIZERS, ...LEGACY_TOKENIZERS])).toEqual(new Set(builtin));
  });
});

describe('claim data and workloads', () => {
  it('the claim names its source, date and the subjects of its halves', () => {
    const c = claimData();
    expect(c).toMatchObject({ pct: 30, source: "LINAGORA's CEO at CPDP 2024", said: '2024-05' });
    expect(c.parts.map((p) => p.part)).toEqual([1, 2]);
    expect(c.parts[0].subjects.map((s) => [s.id, s.tokenizer])).toEqual([
      ['chatgpt-before-gpt-4o', 'cl100k_base'],
      ['chatgpt-cpdp-2024', 'o200k_base'],
      ['chatgpt-today', 'o200k_base'],
    ]);
    expect(c.parts[1].subjects[0]).toMatchObject({ id: 'lucie-7b', tokenizer: 'lucie-7b', required: true });
    for (const p of c.parts)
      for (const s of p.subjects) for (const id of s.models) expect(findModel(id), id).toBeDefined();
  });
  it('the presets are complete and explained; flags replace a field and say so', () => {
    expect(workloadPresets().map((w) => w.name)).toEqual(['chat', 'support', 'rag', 'translation']);
    for (const w of workloadPresets()) {
      expect(w.requestsPerMonth).toBeGreaterThan(0);
      expect(w.cachedShare).toBeGreaterThanOrEqual(0);
      expect(w.cachedShare).toBeLessThanOrEqual(1);
      expect(w.reasoning!.length).toBeGreaterThan(80);
    }
    expect(workloadPresets().find((w) => w.name === 'translation')!.inputLang).toBe('baseline');
    expect(resolveWorkload({})).toMatchObject({ name: 'chat' });
    expect(resolveWorkload({ workload: 'rag', outputWords: 500 })).toMatchObject({
      name: 'rag (changed by flags)',
      outputWords: 500,
      inputWords: 2500,
    });
    expect(() => resolveWorkload({ workload: 'blog' })).toThrow(/--workload "blog" is not a preset/);
    expect(() => resolveWorkload({ cachedShare: 1.5 })).toThrow(/--cached-share 1.5 is not between 0 and 1/);
  });
});
