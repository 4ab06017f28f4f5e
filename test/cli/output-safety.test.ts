// One run per output folder, and a full disk as a clear error, through the real CLI.
// - A second run on the same --out exits 6 at once naming the first one's pid, and the first run's folder is
//   complete and consistent; a lock left by a killed run is taken over with a note.
// - ENOSPC (and EDQUOT, EROFS) at each point of a run exits 6 naming the file, and leaves no complete-looking
//   folder. The failure is injected at the write layer by test/fixtures/fail-writes.mjs, preloaded into the CLI
//   (the kernel's errors carry no path, and neither do these); where this machine lets root mount a tmpfs, one
//   run also fills a real 200 KB file system. The count cache out of space stays a warning.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ExitCode } from '../../src/errors.js';
import { PROBE_TEXTS } from '../../src/providers/framing.js';
import { apiEnv, type ApiServer } from '../fixtures/api-server.js';
import { ROOT, runCli, startCli, tmp } from '../helpers.js';
import { apiRunArgs, MODELS, o200kStandIn, smallCorpus } from '../providers/shared.js';

let dir: string;
let corpus: string;
const servers: ApiServer[] = [];

beforeAll(() => {
  dir = tmp('tokentax-output-safety-');
  corpus = smallCorpus(dir);
});
afterAll(async () => {
  for (const s of servers) await s.close();
});

type Row = Record<string, string>;
const csv = (path: string): Row[] =>
  Papa.parse<Row>(readFileSync(path, 'utf8'), { header: true, skipEmptyLines: true }).data;

/** segments.csv agrees with summary.csv: per tokenizer and language, the same segments and token total. */
function expectConsistent(out: string): void {
  const segments = csv(join(out, 'segments.csv'));
  const summary = csv(join(out, 'summary.csv')).filter((r) => r.domain === 'all');
  expect(summary.length).toBeGreaterThan(0);
  for (const s of summary) {
    const mine = segments.filter(
      (r) => r.tokenizer === s.tokenizer && r.lang === s.lang && r.corpus === s.corpus,
    );
    expect(mine.length, `${s.tokenizer} ${s.lang}`).toBe(Number(s.segments));
    expect(
      mine.reduce((n, r) => n + Number(r.tokens), 0),
      `${s.tokenizer} ${s.lang}`,
    ).toBe(Number(s.tokens));
  }
  expect(existsSync(join(out, 'manifest.json'))).toBe(true);
}

const run = (out: string, ...more: string[]) => apiRunArgs(corpus, 'o200k_base', out, '--quiet', ...more);

describe('one run per output folder', () => {
  it('a second run on the same --out exits 6 at once naming the first one, which ends complete and consistent', async () => {
    // The first run counts through a stand-in that answers each corpus text after 500 ms, one at a time.
    const s = await o200kStandIn(servers, 'anthropic', 4, {
      fault: (_n, t) => (t && !PROBE_TEXTS.includes(t) ? { kind: 'slow', ms: 500 } : undefined),
    });
    const out = join(dir, 'shared-out');
    const first = startCli(
      apiRunArgs(
        corpus,
        `anthropic:${MODELS.anthropic},o200k_base`,
        out,
        '--no-charts',
        '--api-concurrency',
        '1',
      ),
      { env: { TOKENTAX_CACHE: tmp('tokentax-lock-cache-'), ...apiEnv('anthropic', s) } },
    );
    const deadline = Date.now() + 60_000;
    while (!existsSync(`${out}.partial`) && first.child.exitCode === null && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 20));
    expect(first.child.exitCode, first.stderr()).toBeNull();
    const lock = JSON.parse(readFileSync(`${out}.lock`, 'utf8')) as { pid: number };
    expect(lock.pid).toBe(first.child.pid);

    // The second run would count through its own stand-in: it stops before reading its inputs or sending a request.
    const other = await o200kStandIn(servers, 'anthropic', 4);
    const started = Date.now();
    const second = await runCli(
      apiRunArgs(corpus, `anthropic:${MODELS.anthropic},o200k_base`, out, '--no-charts', '--quiet'),
      { env: { TOKENTAX_CACHE: tmp('tokentax-lock-cache-'), ...apiEnv('anthropic', other) } },
    );
    expect(second.code, second.stderr).toBe(ExitCode.output);
    expect(other.requests).toEqual([]);
    expect(second.stderr).toContain(`another tokentax run (pid ${first.child.pid}`);
    expect(second.stderr).toMatch(/fix: wait for it to end, or choose another --out/);
    expect(first.child.exitCode, 'the second run waited for the first to end').toBeNull();
    expect(Date.now() - started).toBeLessThan(30_000);

    const r = await first.done;
    expect(r.code, r.stderr).toBe(0);
    expectConsistent(out);
    expect(existsSync(`${out}.partial`)).toBe(false);
    expect(existsSync(`${out}.lock`), 'the lock is given up at the end').toBe(false);
    // And once it has ended, the folder is a finished run like any other: --force replaces it.
    const third = await runCli(run(out, '--no-charts', '--force'));
    expect(third.code, third.stderr).toBe(0);
    expectConsistent(out);
  });

  it('a lock whose process is gone (a killed run) is taken over with a note', async () => {
    const out = join(dir, 'stale');
    const dead = spawnSync(process.execPath, ['-e', 'process.pid'], { encoding: 'utf8' }).pid!;
    mkdirSync(`${out}.partial`, { recursive: true });
    writeFileSync(join(`${out}.partial`, 'segments.csv'), 'half a run\n');
    writeFileSync(
      `${out}.lock`,
      JSON.stringify({ pid: dead, host: hostname(), started: '2026-01-01T00:00:00Z' }),
    );
    const r = await runCli(run(out, '--no-charts'));
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain(
      `took over the lock of run ${dead} (started 2026-01-01T00:00:00Z), which is no longer running`,
    );
    expectConsistent(out);
    expect(existsSync(`${out}.lock`)).toBe(false);
  });

  it("a live process's lock is respected, even with --force, and nothing of its folder is removed", async () => {
    const out = join(dir, 'live');
    mkdirSync(`${out}.partial`, { recursive: true });
    writeFileSync(join(`${out}.partial`, 'segments.csv'), 'being written\n');
    // This test's own process stands for the other run.
    writeFileSync(`${out}.lock`, JSON.stringify({ pid: process.pid, host: hostname(), started: 'now' }));
    const r = await runCli(run(out, '--no-charts', '--force'));
    expect(r.code, r.stderr).toBe(ExitCode.output);
    expect(r.stderr).toContain(`pid ${process.pid}`);
    expect(readFileSync(join(`${out}.partial`, 'segments.csv'), 'utf8')).toBe('being written\n');
    expect(existsSync(`${out}.lock`)).toBe(true);
  });
});

const PRELOAD = join(ROOT, 'test', 'fixtures', 'fail-writes.mjs');
const failing = (pattern: string, code = 'ENOSPC') => ({
  NODE_OPTIONS: `--import=${PRELOAD}`,
  TOKENTAX_TEST_FAIL_WRITES: pattern,
  TOKENTAX_TEST_FAIL_CODE: code,
});

/** Nothing under `out` (or beside it) looks like a finished run, and the lock is gone. */
function expectNoFinishedRun(out: string): void {
  expect(existsSync(join(out, 'manifest.json'))).toBe(false);
  expect(existsSync(join(`${out}.partial`, 'manifest.json'))).toBe(false);
  expect(existsSync(`${out}.lock`)).toBe(false);
}

describe('a full disk is a clear error (exit 6 naming the file)', () => {
  // [what, the path that fails, how the message names it, the run's flags]
  const points: [string, string, RegExp, string[]][] = [
    ['segments.csv', 'segments\\.csv$', /segments\.csv/, ['--no-charts']],
    ['summary.csv', 'summary\\.csv$', /summary\.csv/, ['--no-charts']],
    ['models.csv', 'models\\.csv$', /models\.csv/, ['--no-charts']],
    ['a chart', 'charts/overhead\\.png$', /charts\/overhead\.png/, []],
    ['a chart spec', 'charts/.*\\.vl\\.json$', /charts\/\w+\.vl\.json/, []],
    ['report.md', 'report\\.md$', /report\.md/, ['--no-charts']],
    ['report.html', 'report\\.html$', /report\.html/, []],
    ['slides.pptx', 'slides\\.pptx$', /slides\.pptx/, ['--slides']],
    ['manifest.json', 'manifest\\.json$', /manifest\.json/, []],
  ];
  for (const [what, pattern, file, flags] of points) {
    it(`ENOSPC writing ${what}`, async () => {
      const out = join(dir, `full-${what.replace(/\W+/g, '-')}`);
      const r = await runCli(run(out, ...flags, '--no-cache'), { env: failing(pattern) });
      expect(r.code, r.stderr).toBe(ExitCode.output);
      expect(r.stderr).toMatch(
        new RegExp(`tokentax: no space left on the device holding \\S*${file.source} \\(ENOSPC\\)`),
      );
      expect(r.stderr).toMatch(/fix: free some space there, or choose an --out folder on another device/);
      expect(r.stderr).not.toMatch(/internal error|^\s+at /m);
      expectNoFinishedRun(out);
    });
  }

  it('EDQUOT and EROFS say what they are', async () => {
    for (const [code, says] of [
      ['EDQUOT', /disk quota exceeded on the device holding \S*segments\.csv \(EDQUOT\)/],
      ['EROFS', /\S*report\.md is on a read-only file system \(EROFS\)/],
    ] as const) {
      const out = join(dir, `fail-${code}`);
      const pattern = code === 'EDQUOT' ? 'segments\\.csv$' : 'report\\.md$';
      const r = await runCli(run(out, '--no-charts', '--no-cache'), { env: failing(pattern, code) });
      expect(r.code, r.stderr).toBe(ExitCode.output);
      expect(r.stderr).toMatch(says);
      expectNoFinishedRun(out);
    }
  });

  it('the count cache out of space is a warning: the run goes on and finishes', async () => {
    const out = join(dir, 'cache-full');
    const cache = tmp('tokentax-full-cache-');
    const r = await runCli(run(out, '--no-charts'), {
      env: { TOKENTAX_CACHE: cache, ...failing('counts-v1') },
    });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(
      /count cache off: no space left on the device holding \S+counts-v1\/\S+\.bin \(ENOSPC\)/,
    );
    expectConsistent(out);
  });

  const mnt = join(tmp('tokentax-tmpfs-'), 'mnt');
  mkdirSync(mnt);
  const mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=200k', 'tmpfs', mnt]).status === 0;
  afterAll(() => {
    if (mounted) spawnSync('umount', [mnt]);
    rmSync(mnt, { recursive: true, force: true });
  });
  it.skipIf(!mounted)(
    'a real 200 KB file system that fills up (tmpfs; skipped where mount is not allowed)',
    async () => {
      const out = join(mnt, 'run');
      const r = await runCli(run(out, '--no-cache'));
      expect(r.code, r.stderr).toBe(ExitCode.output);
      expect(r.stderr).toMatch(/tokentax: no space left on the device holding \S+ \(ENOSPC\)/);
      expectNoFinishedRun(out);
      expect(readdirSync(mnt)).toEqual([]);
    },
  );
});
