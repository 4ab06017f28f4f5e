// Issue #8: every user error through the real CLI gives a documented exit code, a plain message
// naming the problem and the fix, and no stack trace.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli, tmp, closedPort } from '../helpers.js';

const STACK = /^\s+at .+[:(]\d+:\d+\)?$/m;
let dir: string;

beforeAll(() => {
  dir = tmp('tokentax-errors-');
  writeFileSync(join(dir, 'ok.jsonl'), '{"id":"1","en":"Hello there, friend.","fr":"Bonjour, mon ami."}\n');
  writeFileSync(join(dir, 'data.xyz'), 'what is this\n');
  writeFileSync(join(dir, 'pair.en'), 'one\ntwo\nthree\n');
  writeFileSync(join(dir, 'pair.fr'), 'un\ndeux\n');
  writeFileSync(join(dir, 'nobase.csv'), 'fr,de\nBonjour,Hallo\n');
  writeFileSync(join(dir, 'empty.jsonl'), '');
  writeFileSync(
    join(dir, 'bad-utf8.jsonl'),
    Buffer.concat([
      Buffer.from('{"id":"1","en":"caf'),
      Buffer.from([0xc3, 0x28]),
      Buffer.from('","fr":"x"}\n'),
    ]),
  );
  mkdirSync(join(dir, 'toks', 'broken'), { recursive: true });
  writeFileSync(
    join(dir, 'toks', 'broken', 'tokenizer.json'),
    '{"version":"1.0","model":{"type":"BPE","vocab":{"a":0',
  );
  writeFileSync(join(dir, 'toks', 'broken', 'tokenizer_config.json'), '{}');
  writeFileSync(join(dir, 'a-file'), 'not a folder');
  mkdirSync(join(dir, 'taken'));
  writeFileSync(join(dir, 'taken', 'summary.csv'), 'keep me');
});

interface Case {
  name: string;
  args: () => string[];
  env?: () => Promise<Record<string, string>> | Record<string, string>;
  code: number;
  says: RegExp[];
}

const run = (corpus: string, ...more: string[]) => [
  'run',
  '--corpus',
  join(dir, corpus),
  '--tokenizers',
  'cl100k_base',
  '--no-charts',
  '--quiet',
  '--out',
  join(dir, 'out-' + corpus),
  ...more,
];

const cases: Case[] = [
  {
    name: 'unknown tokenizer id, with the nearest ids',
    args: () => ['count', 'hi', '--tokenizers', 'o200k'],
    code: 4,
    says: [/unknown tokenizer "o200k"/, /o200k_base/],
  },
  {
    name: 'unknown corpus name',
    args: () => ['run', '--corpus', 'no-such-corpus', '--quiet'],
    code: 3,
    says: [/no-such-corpus/, /llm-mix/],
  },
  {
    name: 'missing corpus path',
    args: () => ['run', '--corpus', join(dir, 'missing.csv'), '--quiet'],
    code: 3,
    says: [/missing\.csv/],
  },
  { name: 'undetectable format', args: () => run('data.xyz'), code: 3, says: [/format/i, /--format/] },
  {
    name: 'misaligned Moses files, with files and line counts',
    args: () => [
      'run',
      '--corpus',
      join(dir, 'pair'),
      '--langs',
      'en,fr',
      '--tokenizers',
      'cl100k_base',
      '--quiet',
      '--out',
      join(dir, 'o1'),
    ],
    code: 3,
    says: [/pair\.en/, /pair\.fr/, /3/, /2/],
  },
  {
    name: 'missing baseline language',
    args: () => run('nobase.csv', '--langs', 'en,fr,de'),
    code: 3,
    says: [/baseline|"en"|\ben\b/i],
  },
  {
    name: 'empty corpus',
    args: () => run('empty.jsonl', '--langs', 'en,fr'),
    code: 3,
    says: [/empty|no (usable )?segments/i],
  },
  {
    name: 'invalid UTF-8, with file and byte offset',
    args: () => run('bad-utf8.jsonl', '--langs', 'en,fr'),
    code: 3,
    says: [/UTF-8/, /bad-utf8\.jsonl/, /byte offset 19\b/],
  }, // 19 bytes precede 0xC3
  {
    name: 'truncated tokenizer.json',
    args: () => ['count', 'hi', '--tokenizer-dir', join(dir, 'toks'), '--tokenizers', 'broken'],
    code: 4,
    says: [/tokenizer\.json/, /broken/],
  },
  {
    name: 'hub unreachable for an explicitly asked, uncached tokenizer',
    args: () => ['count', 'bonjour', '--tokenizers', 'lucie-7b', '--hub-timeout', '3'],
    env: async () => ({
      HF_ENDPOINT: `http://127.0.0.1:${await closedPort()}`,
      HF_HUB_CACHE: tmp('tokentax-hf-'),
      HF_HOME: tmp('tokentax-hfh-'),
    }),
    code: 5,
    says: [/lucie-7b/, /hub|reach|connect/i],
  },
  {
    name: 'unwritable --out (a path under a file)',
    args: () => [
      'run',
      '--corpus',
      join(dir, 'ok.jsonl'),
      '--langs',
      'en,fr',
      '--tokenizers',
      'cl100k_base',
      '--quiet',
      '--out',
      join(dir, 'a-file', 'run'),
    ],
    code: 6,
    says: [/a-file/, /--out/],
  },
  {
    name: 'non-empty --out without --force',
    args: () => [
      'run',
      '--corpus',
      join(dir, 'ok.jsonl'),
      '--langs',
      'en,fr',
      '--tokenizers',
      'cl100k_base',
      '--quiet',
      '--out',
      join(dir, 'taken'),
    ],
    code: 6,
    says: [/taken/, /--force/],
  },
  { name: '--claim abc', args: () => ['run', '--claim', 'abc'], code: 2, says: [/--claim/, /"abc"/] },
  { name: '--langs xx', args: () => ['run', '--langs', 'en,xx'], code: 2, says: [/--langs/, /"xx"/] },
  {
    name: '--resamples below 2000',
    args: () => ['run', '--resamples', '100'],
    code: 2,
    says: [/--resamples/],
  },
  { name: 'unknown command', args: () => ['frobnicate'], code: 2, says: [/unknown command/i] },
];

describe('user errors through the real CLI', () => {
  it.each(cases)('$name', async (c) => {
    const env = c.env ? await c.env() : {};
    const r = await runCli(c.args(), { env, timeoutMs: 60_000 });
    const said = r.stderr + r.stdout;
    expect(r.code, said).toBe(c.code);
    for (const re of c.says) expect(said).toMatch(re);
    expect(said).not.toMatch(STACK);
    expect(r.stderr.trim().split('\n').length, r.stderr).toBeLessThanOrEqual(3);
  });

  it('prints the stack trace with --debug', async () => {
    const r = await runCli(['--debug', 'count', 'hi', '--tokenizers', 'o200k']);
    expect(r.code).toBe(4);
    expect(r.stderr).toMatch(STACK);
  });
});

describe('a closed output pipe', () => {
  it('`tokentax prices --all | head -1`: stops quietly with exit 0 when the reader closes the pipe', async () => {
    const { spawn } = await import('node:child_process');
    const { ROOT } = await import('../helpers.js');
    const child = spawn(process.execPath, [join(ROOT, 'bin', 'tokentax.js'), 'prices', '--all'], {
      cwd: ROOT,
    });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    child.stdout.once('data', () => child.stdout.destroy()); // as `head -1` does after its line
    const code = await new Promise<number | null>((r) => child.on('close', (c) => r(c)));
    expect(stderr).not.toMatch(/EPIPE|Unhandled/);
    expect(stderr).not.toMatch(STACK);
    expect(code).toBe(0);
  });
});
