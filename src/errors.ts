// Typed errors: the library throws these, the CLI turns them into one or two lines and an exit code.

/** Exit codes (documented in the README). */
export const ExitCode = {
  ok: 0,
  internal: 1, // a bug: unexpected exception
  usage: 2, // bad option value or unknown command
  input: 3, // unknown/unreadable/misaligned/empty corpus, invalid UTF-8, bad format
  tokenizer: 4, // unknown tokenizer id, corrupted tokenizer file, tokenizer failed
  network: 5, // hub unreachable for an explicitly requested tokenizer
  output: 6, // --out not writable, exists without --force
  drift: 7, // `models --check`: the model catalog contradicts the price data in use
  // Provider token-counting APIs (src/providers): one code per thing to fix.
  apiKey: 10, // the provider's API key variable is not set
  apiAuth: 11, // the provider rejected the key (401/403)
  apiModel: 12, // the provider does not know the model (404)
  apiQuota: 13, // quota exhausted, or the rate limit did not lift within --api-max-wait
  apiUnreachable: 14, // the endpoint did not answer (connection refused, DNS, timeouts on every retry)
  apiAnswer: 15, // the answer is not the documented shape, or its counts cannot be made text-only
  interrupted: 130, // SIGINT / SIGTERM
} as const;
export type ExitCodeName = keyof typeof ExitCode;

export class UserError extends Error {
  readonly exit: ExitCodeName;
  /** One line telling the user how to fix it. */
  readonly hint?: string;
  constructor(exit: ExitCodeName, message: string, hint?: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'UserError';
    this.exit = exit;
    this.hint = hint;
  }
}

export const usageError = (msg: string, hint?: string) => new UserError('usage', msg, hint);
export const inputError = (msg: string, hint?: string) => new UserError('input', msg, hint);
export const tokenizerError = (msg: string, hint?: string) => new UserError('tokenizer', msg, hint);
export const networkError = (msg: string, hint?: string) => new UserError('network', msg, hint);
export const outputError = (msg: string, hint?: string) => new UserError('output', msg, hint);

export function isUserError(e: unknown): e is UserError {
  return e instanceof UserError;
}

/** Levenshtein distance, for "did you mean" suggestions. */
export function editDistance(a: string, b: string): number {
  const prev = new Array<number>(b.length + 1);
  for (let j = 0; j <= b.length; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0];
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = prev[j];
      prev[j] = Math.min(prev[j] + 1, prev[j - 1] + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = tmp;
    }
  }
  return prev[b.length];
}

/** The closest candidates to `wanted` (by edit distance, then prefix match), at most `max`. */
export function nearest(wanted: string, candidates: readonly string[], max = 3): string[] {
  const w = wanted.toLowerCase();
  return [...new Set(candidates)] // a --tokenizer-dir folder bound to a catalog id is listed under that id twice
    .map((c) => ({
      c,
      d:
        c.toLowerCase().startsWith(w) || c.toLowerCase().includes(w) ? 0.5 : editDistance(w, c.toLowerCase()),
    }))
    .filter((x) => x.d <= Math.max(2, Math.floor(w.length / 2)))
    .sort((a, b) => a.d - b.d || a.c.localeCompare(b.c))
    .slice(0, max)
    .map((x) => x.c);
}
