// Issue #8: a run killed mid-way leaves no complete-looking report, and a previous report in the
// same place is intact.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, tmp } from '../helpers.js';

function previousReport(dir: string): Record<string, string> {
  mkdirSync(dir, { recursive: true });
  const files = {
    'summary.csv': 'corpus,tokenizer\nold,run\n',
    'manifest.json': '{"previous":true}\n',
    'report.md': '# previous\n',
  };
  for (const [f, c] of Object.entries(files)) writeFileSync(join(dir, f), c);
  return files;
}

async function killMidway(
  signal: NodeJS.Signals,
): Promise<{ out: string; code: number | null; stderr: string; files: Record<string, string> }> {
  const base = tmp('tokentax-kill-');
  const out = join(base, 'run');
  const files = previousReport(out);
  const child = spawn(
    process.execPath,
    [
      join(ROOT, 'bin', 'tokentax.js'),
      'run',
      '--out',
      out,
      '--force',
      '--workers',
      '1',
      '--no-charts',
      '--no-cache',
      '--tokenizers',
      'cl100k_base,o200k_base,gpt2,claude-legacy',
    ],
    { cwd: ROOT, env: { ...process.env, NO_COLOR: '1' } },
  );
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  const partialCsv = join(`${out}.partial`, 'segments.csv');
  const deadline = Date.now() + 60_000;
  // Wait until measurements are being written, then kill.
  while (Date.now() < deadline) {
    if (existsSync(partialCsv) && statSync(partialCsv).size > 2000) break;
    if (child.exitCode !== null) break;
    await new Promise((r) => setTimeout(r, 20));
  }
  expect(child.exitCode, `the run ended before it could be interrupted: ${stderr}`).toBeNull();
  child.kill(signal);
  const code = await new Promise<number | null>((r) => child.on('close', (c) => r(c)));
  return { out, code, stderr, files };
}

function expectIntact(out: string, files: Record<string, string>): void {
  expect(readdirSync(out).sort()).toEqual(Object.keys(files).sort());
  for (const [f, c] of Object.entries(files)) expect(readFileSync(join(out, f), 'utf8')).toBe(c);
  // Nothing beside it looks like a finished run.
  expect(existsSync(join(`${out}.partial`, 'manifest.json'))).toBe(false);
}

describe('interrupted runs', () => {
  it('SIGINT stops cleanly: exit 130, says where partial results are, previous report intact', async () => {
    const { out, code, stderr, files } = await killMidway('SIGINT');
    expect(code, stderr).toBe(130);
    expect(stderr).toMatch(/interrupted/);
    expect(stderr).toContain(`${out}.partial`);
    expect(stderr).not.toMatch(/^\s+at .+:\d+:\d+/m);
    expectIntact(out, files);
  });

  it('SIGKILL mid-way: no complete-looking folder, previous report intact', async () => {
    const { out, files } = await killMidway('SIGKILL');
    expectIntact(out, files);
  });
});
