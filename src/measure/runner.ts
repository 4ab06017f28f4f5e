// Chooses how chunks are counted. This in-process runner loads each tokenizer once in this thread;
// the worker-pool runner (issue #7) slots in behind the same interface.
import { loadTokenizer } from '../tokenizers/index.js';
import type { ResolvedTokenizer } from '../tokenizers/types.js';
import type { Tokenizer } from '../types.js';
import { type ChunkRunner, InProcessRunner } from './chunk.js';

export interface RunnerHandle {
  runner: ChunkRunner;
  /** Chunks to keep in flight so every worker has work. */
  inFlight: number;
  workers: number;
  close(): Promise<void>;
}

export interface RunnerOptions {
  workers?: number;
}

export async function createRunner(resolved: readonly ResolvedTokenizer[], _opts: RunnerOptions = {}): Promise<RunnerHandle> {
  const loaded = new Map<string, Tokenizer>();
  for (const r of resolved) loaded.set(r.info.id, await loadTokenizer(r));
  const runner = new InProcessRunner(loaded);
  return {
    runner,
    inFlight: 1,
    workers: 1,
    close: async () => {
      for (const t of loaded.values()) t.dispose?.();
    },
  };
}
