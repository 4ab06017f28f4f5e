import { describe, expect, it } from 'vitest';
import { fmtCorpus } from '../../src/report/format.js';

describe('fmtCorpus', () => {
  it('adds the id in brackets only when the name does not already contain it', () => {
    expect(fmtCorpus('FLORES-200 devtest', 'flores200')).toBe('FLORES-200 devtest (flores200)');
    expect(fmtCorpus('flores200 (devtest)', 'flores200')).toBe('flores200 (devtest)');
    expect(fmtCorpus('LLM-mix', 'llm-mix')).toBe('LLM-mix');
    expect(fmtCorpus(undefined, 'udhr')).toBe('udhr');
    expect(fmtCorpus('', 'udhr')).toBe('udhr');
  });
});
