// Output helpers owned by the CLI: plain tables, JSON, colour only on a TTY, and error → exit code.
import { ExitCode, fileError, isUserError, writeFailureCode } from '../errors.js';

let debug = false;
export const setDebug = (v: boolean) => void (debug = v || debug);

export const out = (s = '') => void process.stdout.write(s + '\n');
/** Prose on stdout, wrapped to the terminal's width (at most 160 columns). */
export const say = (s = '') => out(wrapText(s, outputWidth()));
export const err = (s = '') => void process.stderr.write(s + '\n');

export const color = (stream: NodeJS.WriteStream = process.stdout) =>
  !!stream.isTTY && !process.env.NO_COLOR && process.env.TERM !== 'dumb';

/** Prints an error in one or two plain lines and returns its exit code (stack only with --debug). */
export function fail(e: unknown): number {
  // A full disk or a read-only folder met outside a run's own checks (report, slides) is still not a bug.
  if (!isUserError(e) && writeFailureCode(e)) e = fileError(e, (e as NodeJS.ErrnoException).path ?? '?');
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
        // An empty cell (a row not measured) leaves a column of figures right-aligned.
        (r) =>
          typeof r[i] === 'number' ||
          /^([-+\u2212]?[\d.,]+ ?%?( \[.*\])?|\[.*\]|–|)$/.test(String(r[i] ?? '')),
      ),
  );
  // Wider than the terminal: the widest text column wraps at spaces onto continuation lines, so no line passes
  // the width (a column of one long word stays whole).
  const limit = outputWidth();
  const total = () => width.reduce((a, b) => a + b, 0) + 2 * (width.length - 1);
  const least = (i: number) => Math.max([...header[i]].length, 12);
  const wrapped = new Set<number>();
  while (total() > limit) {
    const i = width
      .map((_, j) => j)
      .filter((j) => !numeric[j] && width[j] > least(j))
      .sort((a, b) => width[b] - width[a])[0];
    if (i === undefined) break;
    // A column at a time, the widest first, so the widths even out.
    width[i]--;
    wrapped.add(i);
  }
  const fmt = (r: string[]) => {
    const parts = r.map((c, i) => (wrapped.has(i) ? cut(wrapText(c, width[i], ''), width[i]) : [c]));
    const lines = Math.max(...parts.map((p) => p.length));
    return Array.from({ length: lines }, (_, k) =>
      parts
        .map((p, i) => {
          const c = p[k] ?? '';
          return numeric[i] ? c.padStart(width[i]) : c.padEnd(width[i]);
        })
        .join('  ')
        .trimEnd(),
    ).join('\n');
  };
  return [fmt(header), width.map((w) => '─'.repeat(w)).join('  '), ...cells.slice(1).map(fmt)].join('\n');
}

/** Lines of at most `width` characters: a word longer than that (a model id) is cut where it reaches it. */
function cut(text: string, width: number): string[] {
  return text.split('\n').flatMap((line) => {
    const chars = [...line];
    const out: string[] = [];
    for (let i = 0; i < chars.length || !out.length; i += width) out.push(chars.slice(i, i + width).join(''));
    return out;
  });
}

/** The width terminal output keeps to: the terminal's, at most 160 columns (160 when not a terminal). */
export function outputWidth(stream: NodeJS.WriteStream = process.stdout): number {
  return Math.max(60, Math.min(160, stream.isTTY && stream.columns ? stream.columns : 160));
}

/** Text wrapped at spaces to `width` columns; lines after the first start with `indent` (a line's own indentation is kept). */
export function wrapText(text: string, width: number, indent = '  '): string {
  return text
    .split('\n')
    .map((line) => {
      const lead = /^\s*/.exec(line)![0];
      const words = line.slice(lead.length).split(/ +/);
      const lines: string[] = [];
      let cur = lead;
      for (const w of words) {
        if (cur.trim() && [...`${cur} ${w}`].length > width) {
          lines.push(cur);
          cur = `${lead}${indent}${w}`;
        } else cur = cur.trim() ? `${cur} ${w}` : `${cur}${w}`;
      }
      lines.push(cur);
      return lines.join('\n');
    })
    .join('\n');
}

/**
 * table() split into several tables of the same rows when it is wider than `width`: each repeats the first `keys`
 * columns and takes as many of the others as fit.
 */
export function fitTable(header: string[], rows: string[][], width: number, keys = 1): string {
  const w = (i: number) => Math.max(...[header, ...rows].map((r) => [...(r[i] ?? '')].length));
  const keyW = Array.from({ length: keys }, (_, i) => w(i) + 2).reduce((a, b) => a + b, 0);
  const groups: number[][] = [];
  let cur: number[] = [];
  let used = keyW;
  for (let i = keys; i < header.length; i++) {
    if (cur.length && used + w(i) > width) {
      groups.push(cur);
      cur = [];
      used = keyW;
    }
    cur.push(i);
    used += w(i) + 2;
  }
  if (cur.length || !groups.length) groups.push(cur);
  const pick = (r: string[], g: number[]) => [...r.slice(0, keys), ...g.map((i) => r[i] ?? '')];
  return groups
    .map((g) =>
      table(
        pick(header, g),
        rows.map((r) => pick(r, g)),
      ),
    )
    .join('\n\n');
}
