// Output helpers owned by the CLI: plain tables, JSON, colour only on a TTY, and error → exit code.
import { ExitCode, isUserError } from '../errors.js';

let debug = false;
export const setDebug = (v: boolean) => void (debug = v || debug);
export const isDebug = () => debug;

export const out = (s = '') => void process.stdout.write(s + '\n');
export const err = (s = '') => void process.stderr.write(s + '\n');

export const color = (stream: NodeJS.WriteStream = process.stdout) =>
  !!stream.isTTY && !process.env.NO_COLOR && process.env.TERM !== 'dumb';

/** Prints an error in one or two plain lines and returns its exit code (stack only with --debug). */
export function fail(e: unknown): number {
  if (isUserError(e)) {
    err(`tokentax: ${e.message}`);
    if (e.hint) err(`  fix: ${e.hint}`);
    if (debug && e.stack) err(e.stack);
    return ExitCode[e.exit];
  }
  const msg = e instanceof Error ? e.message : String(e);
  err(`tokentax: internal error: ${msg.split('\n')[0]}`);
  if (debug && e instanceof Error && e.stack) err(e.stack);
  else err('  fix: run again with --debug and report the stack trace as a bug');
  return ExitCode.internal;
}

/** Left-aligned text columns, right-aligned numbers. */
export function table(header: string[], rows: (string | number)[][]): string {
  const cells = [header, ...rows.map((r) => r.map(String))];
  const width = header.map((_, i) => Math.max(...cells.map((r) => [...(r[i] ?? '')].length)));
  const numeric = header.map(
    (_, i) =>
      rows.length > 0 &&
      rows.every(
        (r) => typeof r[i] === 'number' || /^([-+\u2212]?[\d.,]+ ?%?( \[.*\])?|\[.*\]|–)$/.test(String(r[i])),
      ),
  );
  const fmt = (r: string[]) =>
    r
      .map((c, i) => (numeric[i] ? c.padStart(width[i]) : c.padEnd(width[i])))
      .join('  ')
      .trimEnd();
  return [fmt(header), width.map((w) => '─'.repeat(w)).join('  '), ...cells.slice(1).map(fmt)].join('\n');
}
