// Shared test helpers: where ../shared is, and how to run the real CLI.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isUserError, type UserError } from '../src/errors.js';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const SHARED = process.env.TOKENTAX_SHARED ?? join(ROOT, '..', 'shared');
export const FLORES = join(SHARED, 'corpora', 'flores200');
export const SHARED_TOKENIZERS = join(SHARED, 'tokenizers');
/** FLORES-200 dev and devtest in the 27 languages of `--langs eu+`. */
export const FLORES_EU = join(SHARED, 'corpora', 'flores200-eu');
export const hasFloresEu = existsSync(join(FLORES_EU, 'devtest', 'mlt_Latn.devtest'));
export const hasShared = existsSync(join(FLORES, 'devtest', 'eng_Latn.devtest'));
/** Reason printed by describe.skipIf / it.skipIf when ../shared is absent. */
export const NO_SHARED = `../shared not found at ${SHARED}: tests on FLORES-200 and the hub tokenizer files are skipped (set TOKENTAX_SHARED to point elsewhere)`;
if (!hasShared) console.warn(`[tokentax tests] ${NO_SHARED}`);

export function tmp(prefix = 'tokentax-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

// CLI runs in tests use a count cache of their own, so results never come from an earlier suite run.
const TEST_CACHE = mkdtempSync(join(tmpdir(), 'tokentax-cache-'));

// A provider key in the developer's environment would make default runs call the real APIs: tests set their
// own (made-up keys, stand-in servers) through `env`.
const NO_PROVIDER_ENV = Object.fromEntries(
  [
    'ANTHROPIC_API_KEY',
    'ANTHROPIC_BASE_URL',
    'GEMINI_API_KEY',
    'GOOGLE_API_KEY',
    'GEMINI_BASE_URL',
    'OPENAI_API_KEY',
    'OPENAI_BASE_URL',
    'XAI_API_KEY',
    'XAI_BASE_URL',
  ].map((k) => [k, undefined]),
);

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

type CliOptions = {
  cwd?: string;
  env?: Record<string, string | undefined>;
  input?: string;
  timeoutMs?: number;
};

/** Starts `node bin/tokentax.js ...args` (the compiled CLI, built by test/global-setup.ts); `done` is its end. */
export function startCli(
  args: string[],
  opts: CliOptions = {},
): { child: ChildProcessWithoutNullStreams; done: Promise<CliResult>; stderr: () => string } {
  const child = spawn(process.execPath, [join(ROOT, 'bin', 'tokentax.js'), ...args], {
    cwd: opts.cwd ?? ROOT,
    env: {
      ...process.env,
      NO_COLOR: '1',
      FORCE_COLOR: undefined,
      TOKENTAX_CACHE: TEST_CACHE,
      ...NO_PROVIDER_ENV,
      ...opts.env,
    },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  const done = new Promise<CliResult>((resolve, reject) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 300_000);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
  child.stdin.end(opts.input ?? '');
  return { child, done, stderr: () => stderr };
}

/** Runs `node bin/tokentax.js ...args` to its end. */
export function runCli(args: string[], opts: CliOptions = {}): Promise<CliResult> {
  return startCli(args, opts).done;
}

/** `tokentax run` on one corpus with o200k_base into `out`, without charts or progress: the quick run of CLI tests. */
export function quickRun(
  corpus: string,
  out: string,
  more: string[] = [],
  env?: Record<string, string | undefined>,
): Promise<CliResult> {
  const args = [
    'run',
    '--corpus',
    corpus,
    '--tokenizers',
    'o200k_base',
    '--no-charts',
    '--quiet',
    '--out',
    out,
  ];
  return runCli([...args, ...more], { env });
}

/** The UserError a promise rejects with (any other outcome fails the test). */
export async function catchErr(p: Promise<unknown>): Promise<UserError> {
  try {
    await p;
  } catch (e) {
    if (isUserError(e)) return e;
    throw e;
  }
  throw new Error('expected a UserError');
}

/** A port on 127.0.0.1 with nothing listening (bound, then closed): a hub that refuses connections. */
export async function closedPort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', () => r()));
  const port = (srv.address() as { port: number }).port;
  await new Promise((r) => srv.close(r));
  return port;
}
