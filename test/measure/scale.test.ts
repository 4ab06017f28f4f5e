// Memory stays flat as the corpus grows (issue #7): the real CLI on synthetic corpora of 5 MB and 20 MB from
// scripts/make-big-corpus.js. Texts, rows or segments kept in memory would grow the peak RSS with the corpus
// (a 20 MB corpus is 40 MB as JavaScript strings); the count columns and caches the run does keep are small.
// The 100 MB and 1 GB figures are measured by hand (see the README) with the same commands.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, tmp } from '../helpers.js';

function node(
  args: string[],
  env: Record<string, string> = {},
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, {
      cwd: ROOT,
      env: { ...process.env, NO_COLOR: '1', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

async function peakRss(mb: number, dir: string): Promise<{ peakRssMB: number; segments: number }> {
  const corpus = join(dir, `big${mb}.jsonl`);
  const made = await node(['scripts/make-big-corpus.js', '--mb', String(mb), '--out', corpus]);
  expect(made.code, made.stderr).toBe(0);
  const segments = Number(/: (\d+) segments/.exec(made.stdout)?.[1]);
  const run = await node(
    [
      '--import',
      './bench/rss-preload.js',
      'bin/tokentax.js',
      'run',
      '--corpus',
      corpus,
      '--tokenizers',
      'o200k_base',
      '--no-charts',
      '--workers',
      '1',
      '--out',
      join(dir, `run${mb}`),
      '-q',
    ],
    { TOKENTAX_CACHE: join(dir, `cache${mb}`) },
  );
  expect(run.code, run.stderr).toBe(0);
  const m = /TOKENTAX_BENCH (\{.*\})/.exec(run.stderr);
  expect(m, run.stderr).not.toBeNull();
  return { peakRssMB: (JSON.parse(m![1]) as { peakRssMB: number }).peakRssMB, segments };
}

describe('memory on growing corpora', () => {
  it('a 20 MB corpus peaks under 1.5 × the RSS of a 5 MB one (o200k_base, --workers 1)', async () => {
    const dir = tmp('tokentax-scale-');
    const small = await peakRss(5, dir);
    const large = await peakRss(20, dir);
    expect(large.segments).toBeGreaterThan(3.5 * small.segments);
    expect(large.peakRssMB, `5 MB: ${small.peakRssMB} MB, 20 MB: ${large.peakRssMB} MB`).toBeLessThan(
      1.5 * small.peakRssMB,
    );
    expect(large.peakRssMB).toBeLessThan(1024);
  }, 300_000);
});
