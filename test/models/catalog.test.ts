import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  apiRef,
  catalogMeta,
  chooseCounting,
  claimData,
  findModel,
  localTokenizers,
  models,
  modelState,
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
  lifecycle: {},
  provenance: 'test',
  counting: [{ kind: 'tokenizer', tokenizer: 'o200k_base' }],
};

describe('model catalog', () => {
  it('loads the built-in file and finds models by id and provider/id', () => {
    const all = models();
    expect(all.length).toBeGreaterThan(0);
    expect(findModel('GPT-5')?.provider).toBe('openai');
    expect(findModel('openai/gpt-4')?.lifecycle.shutdown?.date).toBe('2026-10-23');
    expect(findModel('no-such-model')).toBeUndefined();
    expect(apiRef(findModel('gpt-5')!)).toBe('openai:gpt-5');
  });

  it('refuses an entry with a bad field, naming the entry and the field', () => {
    expect(() => models(write([{ ...base, status: 'current' }]))).toThrow(
      /entry 1 \(m-1\): status is computed from lifecycle dates now/,
    );
    expect(() => models(write([{ ...base, lifecycle: undefined }]))).toThrow(/lifecycle must be an object/);
    expect(() =>
      models(write([{ ...base, lifecycle: { shutdown: { date: '2026-13', source: 's' } } }])),
    ).not.toThrow(); // the shape is YYYY-MM; the month is not checked against a calendar
    expect(() => models(write([{ ...base, lifecycle: { shutdown: { date: '2026-03-09' } } }]))).toThrow(
      /lifecycle\.shutdown\.source must say where the date was read/,
    );
    expect(() =>
      models(
        write([
          {
            ...base,
            lifecycle: {
              deprecated: { date: '2026-05-01', source: 's' },
              shutdown: { date: '2026-04-01', source: 's' },
            },
          },
        ]),
      ),
    ).toThrow(/dates must run released ≤ deprecated ≤ shutdown/);
    expect(() => models(write([{ ...base, counting: [] }]))).toThrow(/counting must list at least one way/);
    expect(() => models(write([{ ...base, counting: [{ kind: 'api', ref: 'claude:opus' }] }]))).toThrow(
      /counting\[0\]\.ref must be <anthropic\|gemini\|openai\|xai>:<model>/,
    );
    expect(() =>
      models(write([{ ...base, counting: [{ kind: 'approx', tokenizer: 'o200k_base' }] }])),
    ).toThrow(/reason it stands in/);
    expect(() => models(write([{ ...base, counting: [{ kind: 'unavailable' }] }]))).toThrow(
      /reason no count is possible/,
    );
    expect(() =>
      models(write([{ ...base, lifecycle: { released: { date: '2025', source: 's' } } }])),
    ).toThrow(/lifecycle\.released\.date must be YYYY-MM/);
    expect(() => models(write([base, base]))).toThrow(/defines model acme\/m-1 twice/);
  });

  it('names an existing tokenizer for every local count', () => {
    const known = new Set(catalog().map((t) => t.id));
    for (const m of models())
      for (const t of localTokenizers(m)) expect(known.has(t), `${m.id}: tokenizer ${t}`).toBe(true);
  });

  it("gives API refs of the model's own provider and id", () => {
    const prefix: Record<string, string> = {
      openai: 'openai',
      anthropic: 'anthropic',
      google: 'gemini',
      xai: 'xai',
    };
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
      'open-mistral-nemo',
      'ministral-8b-2512',
      'meta-llama/Llama-3.3-70B-Instruct',
      'meta-llama/Llama-4-Maverick-17B-128E-Instruct',
      'Qwen/Qwen3-32B',
      'deepseek-ai/DeepSeek-V3.2',
      'deepseek-v4-pro',
      'gpt-5.5-pro',
      'claude-fable-5',
      'codestral-2508',
      'grok-4.6',
      'qwen3-max',
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

describe('lifecycle: the state is computed for a day', () => {
  const m = (lifecycle: object) => models(write([{ ...base, lifecycle }]))[0];
  const deprecatedThenShut = m({
    released: { date: '2025-11-01', source: 'r' },
    deprecated: { date: '2026-11-23', source: 'd' },
    shutdown: { date: '2027-01-22', source: 's' },
  });
  it('current before the deprecation, deprecated until the shutdown, retired from the shutdown day on', () => {
    expect(modelState(deprecatedThenShut, '2026-11-22')).toMatchObject({
      status: 'current',
      since: '2025-11-01',
      until: '2027-01-22',
    });
    expect(modelState(deprecatedThenShut, '2026-11-23')).toMatchObject({
      status: 'deprecated',
      since: '2026-11-23',
      until: '2027-01-22',
      source: 'd; shutdown: s',
    });
    expect(modelState(deprecatedThenShut, '2027-01-21').status).toBe('deprecated');
    expect(modelState(deprecatedThenShut, '2027-01-22')).toEqual({
      status: 'retired',
      since: '2027-01-22',
      source: 's',
    });
    // A Date is taken on its UTC day.
    expect(modelState(deprecatedThenShut, new Date('2027-01-21T23:59:59Z')).status).toBe('deprecated');
    expect(modelState(deprecatedThenShut, new Date('2027-01-22T00:00:00Z')).status).toBe('retired');
  });
  it('a month-only shutdown counts from its first day; legacy holds until a shutdown passes', () => {
    const month = m({ shutdown: { date: '2024-01', source: 's' } });
    expect(modelState(month, '2023-12-31').status).toBe('current');
    expect(modelState(month, '2024-01-01').status).toBe('retired');
    const legacy = m({ legacy: { source: 'superseded' }, shutdown: { date: '2026-10-23', source: 's' } });
    expect(modelState(legacy, '2026-10-22')).toMatchObject({ status: 'legacy', until: '2026-10-23' });
    expect(modelState(legacy, '2026-10-23').status).toBe('retired');
  });
  it('a model with no dated fact is current on the word of the pages the catalog names for its provider', () => {
    const s = modelState(m({}), '2026-12-06', { asOf: '2026-12-06', sources: { acme: "Acme's page" } });
    expect(s).toEqual({
      status: 'current',
      source: "no deprecation or shutdown known as of 2026-12-06 (Acme's page)",
    });
  });
  it('the built-in catalog carries its as-of date, and the facts of the issue hold on 2026-12-06', () => {
    expect(catalogMeta().asOf).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    const on = (id: string, day = '2026-12-06') => modelState(findModel(id)!, day, catalogMeta());
    expect(on('gemini-3-pro-preview')).toMatchObject({ status: 'retired', since: '2026-03-09' });
    expect(on('gemini-2.5-pro')).toMatchObject({ status: 'retired', since: '2026-10-16' });
    expect(on('gemini-2.5-flash')).toMatchObject({ status: 'retired', since: '2026-10-16' });
    expect(on('gpt-5.3-chat-latest')).toMatchObject({ status: 'retired', since: '2026-08-10' });
    expect(on('gpt-4')).toMatchObject({ status: 'retired', since: '2026-10-23' });
    expect(on('gpt-3.5-turbo')).toMatchObject({ status: 'retired', since: '2026-10-23' });
    expect(on('claude-opus-4-1')).toMatchObject({ status: 'retired', since: '2026-08-05' });
    expect(on('claude-opus-4-5')).toMatchObject({
      status: 'deprecated',
      since: '2026-11-23',
      until: '2027-01-22',
    });
    expect(on('deepseek-chat')).toMatchObject({ status: 'retired', since: '2026-07-24' });
    // Counted exactly where the tokenizer is public (the provenance says how that was checked).
    expect(findModel('mistral-large-2411')!.counting).toEqual([
      { kind: 'tokenizer', tokenizer: 'mistral-v1' },
    ]);
    expect(findModel('ministral-8b-2410')!.counting).toEqual([
      { kind: 'tokenizer', tokenizer: 'mistral-tekken' },
    ]);
    for (const id of [
      'meta-llama/Llama-4-Scout-17B-16E-Instruct',
      'meta-llama/Llama-4-Maverick-17B-128E-Instruct',
    ])
      expect(localTokenizers(findModel(id)!), id).toEqual(['llama-4']);
    // The same entry, a year earlier: still current.
    expect(on('gemini-2.5-pro', '2025-12-06').status).toBe('current');
    for (const id of ['gemini-3-pro-preview', 'gemini-2.5-pro', 'gpt-4', 'claude-opus-4-5'])
      expect(on(id).source.length, id).toBeGreaterThan(20);
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
