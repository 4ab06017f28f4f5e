import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { apiRef, findModel, models } from '../../src/models/index.js';

const write = (data: unknown) => {
  const f = join(mkdtempSync(join(tmpdir(), 'tt-models-')), 'models.json');
  writeFileSync(f, JSON.stringify(data));
  return f;
};
const base = { id: 'm-1', name: 'M 1', provider: 'acme', family: 'M', status: 'current', provenance: 'test', counting: [{ kind: 'tokenizer', tokenizer: 'o200k_base' }] };

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
    expect(() => models(write([{ ...base, status: 'beta' }]))).toThrow(/entry 1 \(m-1\): status must be one of current, legacy/);
    expect(() => models(write([{ ...base, counting: [] }]))).toThrow(/counting must list at least one way/);
    expect(() => models(write([{ ...base, counting: [{ kind: 'api', ref: 'claude:opus' }] }]))).toThrow(/counting\[0\]\.ref must be <anthropic\|gemini\|openai>:<model>/);
    expect(() => models(write([{ ...base, counting: [{ kind: 'approx', tokenizer: 'o200k_base' }] }]))).toThrow(/reason it stands in/);
    expect(() => models(write([{ ...base, released: '2025' }]))).toThrow(/released must be YYYY-MM/);
    expect(() => models(write([base, base]))).toThrow(/defines model acme\/m-1 twice/);
  });
});
