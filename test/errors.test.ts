import { describe, expect, it } from 'vitest';
import { nearest } from '../src/errors.js';

describe('nearest', () => {
  it('suggests each candidate once, closest first', () => {
    // A --tokenizer-dir folder bound to a catalog id puts that id among the candidates twice.
    expect(nearest('mistral-v1-model', ['mistral-v1', 'mistral-tekken', 'mistral-v1', 'gpt2'])).toEqual([
      'mistral-v1',
      'mistral-tekken',
    ]);
    expect(nearest('zzzzzzzz', ['gpt2'])).toEqual([]);
  });
});
