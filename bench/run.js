#!/usr/bin/env node
// `npm run bench`: how fast a whole tokentax run is against a bare counting loop, how fast tokentax counts against
// the raw libraries, and how a whole run scales with workers.
//
//   0. The whole run (issues #16, #26; runs first): a cold `tokentax run --tokenizers o200k_base` (defaults: empty
//      count cache, language check, words, continued words, charts) on unique parallel text of each size in
//      --whole-mb (FLORES-200 dev+devtest sentences joined in pairs, scripts/make-flores-pairs.js, or without
//      ../shared the synthetic corpus of scripts/make-big-corpus.js: the output says which) against the fastest
//      bare counting loop over the same texts (bench/bare-loop.js), both whole processes, interleaved; per size the
//      ratio, CPU ÷ wall (whole run, and while measuring, from TOKENTAX_TRACE), peak RSS and the run's stages; at
//      the size nearest 96 MB the per-text side work, each part alone (bench/side-work.js); then the full default
//      tokenizer set on FLORES dev+devtest against the sum of each tokenizer's fastest bare loop.
//   1. Per built-in tokenizer (installed npm entries of the catalog), on FLORES-200 devtest (en, fr, de, es; from
//      ../shared or $TOKENTAX_SHARED) or else the built-in corpus: throughput in MB/s (UTF-8) and tokens/s of
//      tokentax's Tokenizer.count, of its chunk path (count + continued words + fallback, as a run does), and of
//      each raw library call that can count the same vocabulary, in the same process, on the same texts;
//      whether each gives the same per-text counts; the ratio of tokentax's count to the fastest exact one.
//      Each engine first counts a warm-up set ("cold": FLORES dev, or the first half of the built-in corpus), then
//      the measured set it has not seen ("warm": devtest, or the second half), as in the middle of a long run.
//   2. The default run (`tokentax run`, built-in corpus, default tokenizers, charts) end to end with --workers 1
//      and with one worker per core, each with an empty count cache, then again with the cache filled; then the
//      same pair on a larger synthetic corpus (scripts/make-big-corpus.js); wall time, CPU time and peak RSS.
//   3. The measure stage alone (tokenizer loads + counting) with 1 and all workers, cache off.
//   4. The machine's own ceiling: all cores running plain arithmetic against one (bench/cpu-ceiling.js).
//   5. SentencePiece (bench/sentencepiece.js): the sentencepiece engine on Mistral's tokenizer.model against
//      hf-sp-bpe and hf-json on the tokenizer.json beside it, and which engine counts which file (--skip-sp).
//
// Writes reports/bench/<timestamp>.csv and prints a table. Options: --passes <n> (per engine, fresh instance each,
// best kept; default 3), --repeat <n> (runs per figure, best kept; default 1, and at least 3
// interleaved runs for the end-to-end figures), --tokenizers <ids>
// (engines section), --big-mb <n> (size of the larger synthetic corpus run end to end; default 4), --whole-mb <n,...>
// (sizes of the whole-run corpora; default 12,96; 12,96,1000 adds the 1 GB row), --whole-rounds <n> (rounds at
// 12 MB, default 5; half as many at up to 200 MB, one above), --whole-tokenizer <id> (default o200k_base),
// --skip-whole, --skip-e2e, --skip-engines, --skip-sp.
// Needs the compiled library (dist/), which `npm ci` builds. Timings on a busy machine vary: compare the figures
// of one run with each other rather than across runs.
process.env.RAYON_NUM_THREADS ??= '1'; // the native `tokenizers` engine, when installed, on one thread like a worker

import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import Papa from 'papaparse';
import { rawCandidates, referenceTotals } from './engines.js';
import { benchSentencePiece, sentencePieceTable } from './sentencepiece.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
if (!existsSync(join(ROOT, 'dist', 'measure', 'worker.js'))) {
  console.error('bench: dist/ is missing or stale; run `npm run build` (npm ci does it) first');
  process.exit(1);
}
const { catalog, npmSpec } = await import('../dist/tokenizers/catalog.js');
const { loadTokenizer } = await import('../dist/tokenizers/load.js');
const { countChunk, packWords } = await import('../dist/measure/chunk.js');
const { WordCounter } = await import('../dist/measure/continued.js');
const { words } = await import('../dist/measure/text.js');

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc');

// ---------------------------------------------------------------- options
const argv = process.argv.slice(2);
const flag = (f) => argv.includes(f);
const value = (f) => {
  const i = argv.indexOf(f);
  return i >= 0 ? argv[i + 1] : undefined;
};
const REPEAT = Math.max(1, Number(value('--repeat') ?? 1));
const PASSES = Math.max(1, Number(value('--passes') ?? 3));
const ONLY = value('--tokenizers')?.split(',');
const WORKERS = availableParallelism();
const BIG_MB = Number(value('--big-mb') ?? 4);
const WHOLE_SIZES = (value('--whole-mb') ?? '12,96').split(',').map(Number);
const WHOLE_TOKENIZER = value('--whole-tokenizer') ?? 'o200k_base';
const WHOLE_ROUNDS = Math.max(1, Number(value('--whole-rounds') ?? 5));

// ---------------------------------------------------------------- texts
// Each engine first counts a warm-up set (FLORES dev: JIT and caches as in the middle of a long run; its time is
// the "cold" figure), then the measured set (FLORES devtest), which it has not seen: the "warm" figure.
const SHARED = process.env.TOKENTAX_SHARED ?? join(ROOT, '..', 'shared');
const FLORES = join(SHARED, 'corpora', 'flores200');
const LANGS = { en: 'eng_Latn', fr: 'fra_Latn', de: 'deu_Latn', es: 'spa_Latn' };
const useFlores =
  existsSync(join(FLORES, 'devtest', 'eng_Latn.devtest')) && existsSync(join(FLORES, 'dev', 'eng_Latn.dev'));

/** [text, lang] pairs, segment-major like a run. */
function floresItems(split) {
  const cols = Object.entries(LANGS).map(([l, code]) => [
    l,
    readFileSync(join(FLORES, split, `${code}.${split}`), 'utf8')
      .split('\n')
      .filter((x) => x.length),
  ]);
  const out = [];
  for (let i = 0; i < cols[0][1].length; i++) for (const [l, lines] of cols) out.push([lines[i], l]);
  return out;
}
/** The built-in corpus through the corpus stage itself, [text, lang] pairs segment-major like a run. */
async function builtinItems() {
  const { openCorpus } = await import('../dist/corpus/index.js');
  const corpus = await openCorpus('llm-mix', { langs: Object.keys(LANGS), baseline: 'en', noLangId: true });
  const out = [];
  for await (const s of corpus.segments()) for (const l of Object.keys(LANGS)) out.push([s.text[l], l]);
  return out;
}

// Chunk tasks as the measure stage builds them (words found once, outside the timed part).
const CHUNK = 256 * 4;
function textSet(items) {
  const tasks = [];
  for (let i = 0; i < items.length; i += CHUNK) {
    const part = items.slice(i, i + CHUNK);
    tasks.push({ texts: part.map(([t]) => t), ...packWords(part.map(([t, l]) => words(t, l))) });
  }
  const texts = items.map(([t]) => t);
  return { items, texts, tasks, bytes: texts.reduce((a, t) => a + Buffer.byteLength(t), 0) };
}
let warmup;
let measured;
if (useFlores) {
  warmup = textSet(floresItems('dev'));
  measured = textSet(floresItems('devtest'));
} else {
  const all = await builtinItems();
  const half = 4 * Math.floor(all.length / 8);
  warmup = textSet(all.slice(0, half));
  measured = textSet(all.slice(half));
}
const texts = measured.texts;
const items = measured.items;
const BYTES = measured.bytes;
const REF = useFlores ? referenceTotals(SHARED) : {};
const CORPUS_NAME = useFlores
  ? 'FLORES-200 devtest (after dev as warm-up)'
  : 'built-in llm-mix, second half (after the first half as warm-up)';

// ---------------------------------------------------------------- helpers
const rows = [];
const mbps = (ms, bytes = BYTES) => bytes / 1e6 / (ms / 1000);
const round = (x, d = 2) => (Number.isFinite(x) ? Number(x.toFixed(d)) : undefined);

async function timePass(c, set) {
  const t0 = performance.now();
  let counts;
  if (c.count) {
    counts = new Int32Array(set.texts.length);
    for (let i = 0; i < set.texts.length; i++) counts[i] = c.count(set.texts[i]);
  } else if (c.countAll) {
    counts = Int32Array.from(await c.countAll(set.texts));
  } else {
    counts = await c.chunks(set.tasks, set.texts.length);
  }
  return { ms: performance.now() - t0, counts };
}

const sameCounts = (a, b) => a.length === b.length && a.every((x, i) => x === b[i]);

function totalsByLang(counts) {
  const out = { en: 0, fr: 0, de: 0, es: 0 };
  items.forEach(([, l], i) => (out[l] += counts[i]));
  return out;
}

function table(head, body) {
  const w = head.map((h, i) => Math.max(String(h).length, ...body.map((r) => String(r[i] ?? '').length)));
  const line = (r) =>
    r
      .map((c, i) => (typeof c === 'number' ? String(c).padStart(w[i]) : String(c ?? '').padEnd(w[i])))
      .join('  ');
  return [line(head), w.map((x) => '─'.repeat(x)).join('  '), ...body.map(line)].join('\n');
}

/** gpt-tokenizer keeps one merge cache per encoding module, shared by every caller: emptied before each candidate. */
async function sharedCacheReset(spec) {
  if (spec.info.engine !== 'gpt-tokenizer' && spec.info.engine !== 'gpt-tokenizer-wasm') return () => {};
  const enc =
    { gpt2: 'r50k_base' }[spec.info.id] ??
    spec.local.files
      .map((f) =>
        f
          .split('/')
          .pop()
          .replace(/\.((c|m)?js|json)$/, ''),
      )
      .find((f) => /_base|_harmony/.test(f));
  try {
    const m = await import(`gpt-tokenizer/encoding/${enc}`);
    return () => m.default.clearMergeCache();
  } catch {
    return () => {};
  }
}

// ---------------------------------------------------------------- 1. engines
async function benchEngines() {
  const specs = catalog()
    .filter((i) => i.source.kind === 'npm' && !i.unsupported && (!ONLY || ONLY.includes(i.id)))
    .map((i) => {
      try {
        return npmSpec(i);
      } catch {
        return undefined;
      }
    })
    .filter(Boolean);
  console.error(
    `engines: ${specs.length} tokenizers on ${CORPUS_NAME} (${texts.length} texts, ${(BYTES / 1e6).toFixed(2)} MB), best of ${PASSES} passes`,
  );
  for (const spec of specs) {
    gc();
    const id = spec.info.id;
    // Each candidate is loaded afresh for every pass, so no pass finds words in a cache filled by another.
    const cands = [
      {
        name: 'tokentax count',
        load: async () => {
          const tok = await loadTokenizer(spec);
          return { count: (t) => tok.count(t), free: () => tok.dispose?.() };
        },
      },
      {
        name: 'tokentax chunk path',
        load: async () => {
          const tok = await loadTokenizer(spec);
          return {
            free: () => tok.dispose?.(),
            chunks: async (tasks, n) => {
              const wc = new WordCounter(tok);
              const out = new Int32Array(n);
              let at = 0;
              for (const task of tasks) {
                const r = countChunk(tok, wc, { tokenizer: id, ...task });
                out.set(r.tokens, at);
                at += r.tokens.length;
              }
              return out;
            },
          };
        },
      },
      ...rawCandidates(spec),
    ];
    let reset; // set after the first load, so that load includes the module import
    const res = new Map(
      cands.map((c) => [
        c,
        { cold: Infinity, warm: Infinity, loadMs: undefined, counts: undefined, error: undefined },
      ]),
    );
    for (let p = 0; p < PASSES; p++) {
      for (const c of cands) {
        const r = res.get(c);
        if (r.error) continue;
        let inst;
        try {
          const t0 = performance.now();
          inst = await c.load();
          r.loadMs ??= performance.now() - t0; // the first load, module import included
          reset ??= await sharedCacheReset(spec);
          reset();
          r.cold = Math.min(r.cold, (await timePass(inst, warmup)).ms);
          const m = await timePass(inst, measured);
          r.warm = Math.min(r.warm, m.ms);
          r.counts ??= m.counts;
        } catch (e) {
          r.error = `${p === 0 && r.loadMs === undefined ? 'not available: ' : ''}${String(e.message).split('\n')[0]}`;
        } finally {
          inst?.free?.();
        }
      }
      gc();
    }
    const base = res.get(cands[0]).counts ?? new Int32Array(0);
    const ref = REF[id];
    const tokTotals = totalsByLang(base);
    const refOk = ref ? Object.keys(ref).every((l) => ref[l] === tokTotals[l]) : undefined;
    const rawExact = cands.slice(2).filter((c) => !res.get(c).error && sameCounts(res.get(c).counts, base));
    const fastest = rawExact.reduce((b, c) => (!b || res.get(c).warm < res.get(b).warm ? c : b), undefined);
    const fastestCold = rawExact.reduce(
      (b, c) => (!b || res.get(c).cold < res.get(b).cold ? c : b),
      undefined,
    );
    const tokens = base.reduce((a, b) => a + b, 0);
    for (const c of cands) {
      const r = res.get(c);
      const exact = r.error ? undefined : c === cands[0] ? (refOk ?? true) : sameCounts(r.counts, base);
      rows.push({
        section: 'engine',
        tokenizer: id,
        engine: spec.info.engine,
        candidate: c.name,
        exact,
        mbPerSecCold: r.error ? undefined : round(mbps(r.cold, warmup.bytes)),
        mbPerSecWarm: r.error ? undefined : round(mbps(r.warm)),
        tokensPerSecWarm: r.error ? undefined : Math.round(tokens / (r.warm / 1000)),
        ratioWarm: c === cands[0] && fastest ? round(res.get(fastest).warm / r.warm) : undefined,
        ratioCold: c === cands[0] && fastestCold ? round(res.get(fastestCold).cold / r.cold) : undefined,
        fastestExact: c === cands[0] && fastest ? fastest.name : c === fastest ? 'yes' : undefined,
        loadMs: r.loadMs === undefined ? undefined : Math.round(r.loadMs),
        note:
          r.error ??
          (c === cands[0] && ref && !refOk
            ? `totals ${JSON.stringify(tokTotals)} differ from REFERENCE_COUNTS ${JSON.stringify(ref)}`
            : undefined),
      });
    }
    console.error(`  ${id}: done`);
  }
}

// ---------------------------------------------------------------- 2. end to end, 3. measure stage
function spawnNode(args, env, timeoutMs) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, {
      cwd: ROOT,
      env: { ...process.env, NO_COLOR: '1', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    const timer = timeoutMs ? setTimeout(() => child.kill('SIGKILL'), timeoutMs) : undefined;
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({
        code,
        stdout,
        stderr: signal === 'SIGKILL' && timeoutMs ? `more than ${timeoutMs / 1000} s: stopped` : stderr,
      });
    });
  });
}

async function e2e(workers, cacheDir, extra = []) {
  const out = mkdtempSync(join(tmpdir(), 'tokentax-bench-run-'));
  const t0 = performance.now();
  const r = await spawnNode(
    [
      '--import',
      './bench/rss-preload.js',
      'bin/tokentax.js',
      'run',
      ...extra,
      '--workers',
      String(workers),
      '--out',
      out,
      '--force',
      '-q',
    ],
    { TOKENTAX_CACHE: cacheDir },
  );
  const wallS = (performance.now() - t0) / 1000;
  rmSync(out, { recursive: true, force: true });
  const m = /TOKENTAX_BENCH (\{.*\})/.exec(r.stderr);
  if (r.code !== 0 || !m)
    throw new Error(`tokentax run --workers ${workers} failed (exit ${r.code}): ${r.stderr.slice(-500)}`);
  return { wallS, ...JSON.parse(m[1]) };
}

/**
 * Runs each configuration `n` times, interleaved (A B A B ...) so a slow spell of a shared machine hits both
 * alike; keeps each one's fastest run and notes the median.
 */
async function interleaved(n, fs) {
  const runs = fs.map(() => []);
  for (let i = 0; i < n; i++) for (const [k, f] of fs.entries()) runs[k].push(await f());
  return runs.map((rs) => {
    const sorted = [...rs].sort((a, b) => a.wallS - b.wallS);
    return { ...sorted[0], medianS: sorted[Math.floor((sorted.length - 1) / 2)].wallS, n: rs.length };
  });
}

// End-to-end figures are noisy on a shared 2-core machine: three interleaved runs each unless --repeat says more.
const E2E_REPEAT = Math.max(REPEAT, 3);

async function benchRuns() {
  // The ceiling: what WORKERS threads of plain arithmetic gain over one on this machine.
  let ceiling;
  for (let i = 0; i < E2E_REPEAT; i++) {
    const r = await spawnNode(['bench/cpu-ceiling.js', String(WORKERS)], {});
    if (r.code !== 0) throw new Error(`cpu-ceiling failed: ${r.stderr.slice(-500)}`);
    const j = JSON.parse(r.stdout.trim());
    if (!ceiling || j.speedup > ceiling.speedup) ceiling = j;
  }
  rows.push({
    section: 'machine',
    candidate: `${WORKERS} threads of plain arithmetic vs 1`,
    seconds: round(ceiling.parallelMs / 1000),
    speedup: round(ceiling.speedup),
    note: `bench/cpu-ceiling.js: ${WORKERS} copies of a fixed loop, one after another in one thread (${round(ceiling.serialMs / 1000)} s) vs one per worker thread; the most a parallel run can gain here; best of ${E2E_REPEAT}`,
  });

  const fresh = () => mkdtempSync(join(tmpdir(), 'tokentax-bench-cache-'));
  const row = (name, r, base, note) => ({
    section: 'run',
    candidate: name,
    seconds: round(r.wallS),
    cpuSeconds: round(r.cpuS),
    peakRssMB: r.peakRssMB,
    speedup: base ? round(base.wallS / r.wallS) : undefined,
    note: `${note}; best of ${r.n}, median ${round(r.medianS)} s`,
  });

  console.error(
    `end to end: tokentax run (defaults) with --workers 1 and --workers ${WORKERS}, ${E2E_REPEAT} interleaved runs each`,
  );
  // Each uncached run starts from an empty cache folder; the last --workers N one leaves its folder filled for the re-runs.
  const warmDir = fresh();
  const [one, all] = await interleaved(E2E_REPEAT, [
    () => e2e(1, fresh()),
    () => (rmSync(warmDir, { recursive: true, force: true }), e2e(WORKERS, warmDir)),
  ]);
  const [cached] = await interleaved(E2E_REPEAT, [() => e2e(WORKERS, warmDir)]);
  const [oneCached] = await interleaved(E2E_REPEAT, [
    async () => {
      const d = fresh();
      await e2e(1, d);
      return e2e(1, d);
    },
  ]);
  rows.push(row('tokentax run --workers 1', one, undefined, 'empty count cache'));
  // A run that needs C CPU-seconds cannot take less than C / cores of wall time, whatever the scheduling.
  const bound = (o, a) =>
    `at most ${round(o.wallS / (a.cpuS / WORKERS))}× with the CPU time it used (${round(a.cpuS)} CPU s ÷ ${WORKERS} cores ≥ ${round(a.cpuS / WORKERS)} s); --workers 1 already kept ${round(o.cpuS / o.wallS)} cores busy (V8's compiler and GC threads)`;
  rows.push(
    row(
      `tokentax run --workers ${WORKERS}`,
      all,
      one,
      `empty count cache; speed-up vs --workers 1, ${bound(one, all)}`,
    ),
  );
  rows.push(
    row(
      `tokentax run --workers ${WORKERS} (re-run)`,
      cached,
      all,
      'count cache filled by the previous run; speed-up vs the uncached run',
    ),
  );
  rows.push(
    row(
      'tokentax run --workers 1 (re-run)',
      oneCached,
      one,
      'count cache filled; speed-up vs the uncached run',
    ),
  );

  // The same run on a corpus 10× the built-in one, where counting outweighs the fixed costs (loads, charts).
  const bigDir = mkdtempSync(join(tmpdir(), 'tokentax-bench-big-'));
  const big = join(bigDir, 'big.jsonl');
  const made = await spawnNode(['scripts/make-big-corpus.js', '--mb', String(BIG_MB), '--out', big], {});
  if (made.code !== 0) throw new Error(`make-big-corpus failed: ${made.stderr.slice(-500)}`);
  console.error(
    `end to end on a ${BIG_MB} MB synthetic corpus (scripts/make-big-corpus.js), ${E2E_REPEAT} interleaved runs each`,
  );
  const [bigOne, bigAll] = await interleaved(E2E_REPEAT, [
    () => e2e(1, fresh(), ['--corpus', big]),
    () => e2e(WORKERS, fresh(), ['--corpus', big]),
  ]);
  rmSync(bigDir, { recursive: true, force: true });
  rows.push(row(`tokentax run --corpus <${BIG_MB} MB> --workers 1`, bigOne, undefined, 'empty count cache'));
  rows.push(
    row(
      `tokentax run --corpus <${BIG_MB} MB> --workers ${WORKERS}`,
      bigAll,
      bigOne,
      `empty count cache; speed-up vs --workers 1, ${bound(bigOne, bigAll)}`,
    ),
  );

  console.error('measure stage: built-in corpus, default tokenizers, cache off');
  const stage = async (w) => {
    let b;
    for (let i = 0; i < REPEAT; i++) {
      const r = await spawnNode(['bench/measure-stage.js', 'llm-mix', 'default', String(w), 'off'], {});
      if (r.code !== 0) throw new Error(`measure stage with ${w} workers failed: ${r.stderr.slice(-500)}`);
      const j = JSON.parse(r.stdout.trim().split('\n').pop());
      if (!b || j.ms < b.ms) b = j;
    }
    return b;
  };
  const s1 = await stage(1);
  const sN = await stage(WORKERS);
  // What loading each tokenizer costs in a worker, against its counting time: the figures the replica rule weighs.
  for (const p of sN.stats.pool ?? []) {
    rows.push({
      section: 'pool',
      tokenizer: p.tokenizer,
      engine: p.counted,
      candidate: `loads in ${p.workers} of ${WORKERS} workers`,
      loadMs: p.loadMs,
      heapMB: round(p.heapBytes / 1e6, 1),
      countMs: p.countMs,
      note: `${p.tasks} chunk tasks`,
    });
  }
  for (const [w, s] of [
    [1, s1],
    [WORKERS, sN],
  ]) {
    const segTok = (s.segments * s.tokenizers) / (s.ms / 1000);
    rows.push({
      section: 'measure',
      candidate: `measure stage, ${w} worker${w > 1 ? 's' : ''}`,
      seconds: round(s.ms / 1000),
      peakRssMB: s.peakRssMB,
      mbPerSecWarm: round((s.bytes * s.tokenizers) / 1e6 / (s.ms / 1000)),
      tokensPerSecWarm: Math.round(Object.values(s.tokens).reduce((a, b) => a + b, 0) / (s.ms / 1000)),
      speedup: w > 1 ? round(s1.ms / s.ms) : undefined,
      note: `${s.segments} segments × ${s.tokenizers} tokenizers (${Math.round(segTok)} segment-tokenizer pairs/s); MB/s counts each tokenizer's pass over the text${s.failed.length ? `; failed: ${s.failed.join('; ')}` : ''}${w > 1 ? '; loads per tokenizer: ' + (s.stats.pool ?? []).map((p) => `${p.tokenizer} ${p.workers}`).join(', ') : ''}`,
    });
  }
}

// ---------------------------------------------------------------- 5. the whole run against a bare counting loop
// Issue #16: a cold default `tokentax run` (empty count cache; every default check, words, continued words and
// charts) against the fastest bare counting loop over the same texts (bench/bare-loop.js: a process that reads the
// files and counts each text once), both timed as whole processes, interleaved (bare loops, run, bare loops, run,
// ...) so a slow spell of a shared machine hits both alike. Candidates for the bare loop: every raw library
// engine of the vocabulary (bench/engines.js) and tokentax's own engine in a bare loop; the fastest by median
// wall time is the yardstick.

/** About `mb` MB of unique parallel text: FLORES dev+devtest sentences joined in pairs, else the synthetic corpus. */
async function wholeCorpus(dir, mb) {
  if (useFlores) {
    const out = join(dir, 'pairs');
    const r = await spawnNode(
      ['scripts/make-flores-pairs.js', '--flores', FLORES, '--mb', String(mb), '--out', out],
      {},
    );
    if (r.code !== 0) throw new Error(`make-flores-pairs failed: ${r.stderr.slice(-500)}`);
    return {
      path: join(out, 'pairs'),
      what: `FLORES-200 dev+devtest sentences joined in pairs (scripts/make-flores-pairs.js): ${r.stdout.trim().split(': ').pop()}`,
    };
  }
  const out = join(dir, 'big.jsonl');
  const r = await spawnNode(['scripts/make-big-corpus.js', '--mb', String(mb), '--out', out], {});
  if (r.code !== 0) throw new Error(`make-big-corpus failed: ${r.stderr.slice(-500)}`);
  return {
    path: out,
    what: `synthetic, from the built-in corpus (scripts/make-big-corpus.js; ../shared absent): ${r.stdout.trim().split(': ').pop()}`,
  };
}

function benchLine(r, what) {
  const m = /TOKENTAX_BENCH (\{.*\})/.exec(r.stderr);
  if (r.code !== 0 || !m) throw new Error(`${what} failed (exit ${r.code}): ${r.stderr.slice(-500)}`);
  return JSON.parse(m[1]);
}

async function bareLoop(spec, candidate, corpus, mb = 12) {
  const t0 = performance.now();
  // A loop 20× slower than the slowest engine here (@anthropic-ai/tokenizer builds a tokenizer per call) says
  // enough: 60 s on 12 MB, and as long again for each further 12 MB.
  const r = await spawnNode(
    ['--import', './bench/rss-preload.js', 'bench/bare-loop.js', candidate, corpus],
    { BARE_SPEC: JSON.stringify(spec) },
    60_000 * Math.max(1, Math.ceil(mb / 12)),
  );
  const wallS = (performance.now() - t0) / 1000;
  const line = benchLine(r, `bare loop ${spec.info.id} / ${candidate}`);
  return { wallS, ...line, tokens: JSON.parse(r.stdout.trim().split('\n').pop()).tokens };
}

async function coldRun(corpus, tokenizers) {
  const out = mkdtempSync(join(tmpdir(), 'tokentax-bench-run-'));
  const t0 = performance.now();
  const r = await spawnNode(
    [
      '--import',
      './bench/rss-preload.js',
      'bin/tokentax.js',
      'run',
      '--corpus',
      corpus,
      '--tokenizers',
      tokenizers,
      '--out',
      join(out, 'run'),
      '--force',
      '-q',
    ],
    { TOKENTAX_CACHE: join(out, 'cache'), TOKENTAX_TRACE: '1' },
  );
  const wallS = (performance.now() - t0) / 1000;
  const line = benchLine(r, `tokentax run --corpus ${corpus} --tokenizers ${tokenizers}`);
  const trace = {};
  for (const m of r.stderr.matchAll(/^trace ([\d.]+) (\S+(?: \S+)*?) cpu ([\d.]+)$/gm))
    trace[m[2]] = { wall: Number(m[1]), cpu: Number(m[3]) };
  const summary = Papa.parse(readFileSync(join(out, 'run', 'summary.csv'), 'utf8'), {
    header: true,
    skipEmptyLines: true,
  }).data;
  rmSync(out, { recursive: true, force: true });
  const tokens = {};
  for (const row of summary)
    if (row.domain === 'all') tokens[row.tokenizer] = (tokens[row.tokenizer] ?? 0) + Number(row.tokens);
  return { wallS, ...line, tokens, stages: stagesOf(trace) };
}

/**
 * Seconds per stage of a traced run (TOKENTAX_TRACE lines: wall and CPU time at the end of each stage), and the
 * cores it kept busy while measuring (CPU ÷ wall between the inputs and the end of counting).
 */
function stagesOf(t) {
  const span = (a, b) => (t[a] && t[b] ? t[b].wall - t[a].wall : NaN);
  return {
    startup: t.run?.wall ?? NaN,
    inputs: span('run', 'inputs'),
    measuring: span('inputs', 'measured'),
    bootstrap: span('charts warm', 'bootstrap'),
    analysis: span('bootstrap', 'analysed'),
    reports: span('analysed', 'done'),
    measuringCpuPerWall:
      t.inputs && t.measured ? (t.measured.cpu - t.inputs.cpu) / span('inputs', 'measured') : NaN,
  };
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/** The bare-loop candidates of one tokenizer: its raw engines and tokentax's own engine. */
function bareCandidates(spec) {
  return [...rawCandidates(spec).map((c) => c.name), 'tokentax count'];
}

/**
 * Rounds of: each bare-loop candidate of each tokenizer, then the tokentax run. Candidates that fail or count
 * otherwise than tokentax are dropped (noted). Returns, per tokenizer, the fastest exact candidate by median.
 */
async function runVsBare(label, corpus, specs, tokenizersArg, rounds, mb = 12, keep = undefined) {
  const runs = [];
  const bare = new Map(
    specs.map((s) => [
      s.info.id,
      new Map(
        bareCandidates(s)
          .filter((c) => !keep || keep.has(c))
          .map((c) => [c, { walls: [], rss: [], tokens: undefined, error: undefined }]),
      ),
    ]),
  );
  for (let r = 0; r < rounds; r++) {
    for (const spec of specs) {
      for (const [name, b] of bare.get(spec.info.id)) {
        if (b.error) continue;
        try {
          const x = await bareLoop(spec, name, corpus, mb);
          b.walls.push(x.wallS);
          b.rss.push(x.peakRssMB);
          b.tokens = x.tokens;
        } catch (e) {
          b.error = String(e.message).split('\n')[0].slice(0, 200);
        }
      }
    }
    // The machine's 1-minute load average as the round ends: other jobs on a shared machine show here.
    runs.push({ ...(await coldRun(corpus, tokenizersArg)), load: loadavg()[0] });
    console.error(`  ${label}: round ${r + 1} of ${rounds}`);
  }
  const fastest = new Map();
  for (const spec of specs) {
    const id = spec.info.id;
    const want = runs[0].tokens[id];
    let best;
    for (const [name, b] of bare.get(id)) {
      if (b.error) continue;
      if (b.tokens !== want) {
        b.error = `counts ${b.tokens} tokens, tokentax ${want}: not exact, left out`;
        continue;
      }
      if (!best || median(b.walls) < median(best.b.walls)) best = { name, b };
    }
    fastest.set(id, best);
    for (const [name, b] of bare.get(id)) {
      rows.push({
        section: 'bare',
        corpus: label,
        tokenizer: id,
        candidate: name,
        seconds: b.walls.length ? round(median(b.walls)) : undefined,
        peakRssMB: b.rss.length ? Math.max(...b.rss) : undefined,
        fastestExact: best?.name === name ? 'yes' : undefined,
        exact: b.error ? false : true,
        note: `${label}; bare loop (bench/bare-loop.js), whole process, median of ${b.walls.length}${b.error ? `; ${b.error}` : ''}`,
      });
    }
  }
  return { runs, fastest, bare };
}

async function benchWhole() {
  const { resolveTokenizers } = await import('../dist/tokenizers/index.js');
  const dir = mkdtempSync(join(tmpdir(), 'tokentax-bench-whole-'));
  try {
    // (a) One tokenizer on unique parallel text of each size (12 MB and 96 MB; 1 GB with --whole-mb 12,96,1000):
    // the ratio to the fastest bare loop, how many cores the run keeps busy, and its peak memory.
    const { resolved: one } = await resolveTokenizers([WHOLE_TOKENIZER], { explicit: true });
    let keep;
    for (const [k, mb] of WHOLE_SIZES.entries()) {
      const sub = join(dir, `size-${k}`);
      mkdirSync(sub, { recursive: true });
      const big = await wholeCorpus(sub, mb);
      // Fewer rounds as a run grows: 5 at 12 MB, 3 at 96 MB, 1 at 1 GB (with the default --whole-rounds 5).
      const rounds = mb <= 16 ? WHOLE_ROUNDS : mb <= 200 ? Math.ceil(WHOLE_ROUNDS / 2) : 1;
      console.error(
        `whole run: ${WHOLE_TOKENIZER} on ${big.what}, ${rounds} interleaved round${rounds > 1 ? 's' : ''}${keep ? ` (bare loops within 2× of the fastest at ${WHOLE_SIZES[0]} MB: ${[...keep].join(', ')})` : ''}`,
      );
      const a = await runVsBare(
        `${WHOLE_TOKENIZER} on ${mb} MB`,
        big.path,
        one,
        WHOLE_TOKENIZER,
        rounds,
        mb,
        keep,
      );
      const f = a.fastest.get(WHOLE_TOKENIZER);
      // Past the first size, only the bare loops that can be the fastest are run again (js-tiktoken alone would
      // take minutes a round at 96 MB).
      if (!keep && f) {
        const best = median(f.b.walls);
        keep = new Set(
          [...a.bare.get(WHOLE_TOKENIZER)]
            .filter(([, b]) => !b.error && b.walls.length && median(b.walls) <= 2 * best)
            .map(([name]) => name),
        );
      }
      const runWall = median(a.runs.map((r) => r.wallS));
      const runCpu = median(a.runs.map((r) => r.cpuS));
      const bareWall = f ? median(f.b.walls) : NaN;
      const perRound = f ? a.runs.map((r, i) => f.b.walls[i] / r.wallS) : [];
      const stage = (key) => median(a.runs.map((r) => r.stages[key]));
      const busy = a.runs.map((r) => r.stages.measuringCpuPerWall);
      const ratios = perRound.filter(Number.isFinite);
      rows.push({
        section: 'whole',
        corpus: big.what,
        tokenizer: WHOLE_TOKENIZER,
        candidate: `cold tokentax run --tokenizers ${WHOLE_TOKENIZER} (defaults) vs fastest bare loop, ${mb} MB`,
        mb,
        texts: Number(/(\d+) texts/.exec(big.what)?.[1]) || undefined,
        seconds: round(runWall),
        cpuSeconds: round(runCpu),
        cpuPerWall: round(runCpu / runWall),
        measuringCpuPerWall: round(median(busy)),
        peakRssMB: Math.max(...a.runs.map((r) => r.peakRssMB)),
        bareSeconds: round(bareWall),
        barePeakRssMB: f ? Math.max(...f.b.rss) : undefined,
        ratio: round(bareWall / runWall),
        stages: ['startup', 'inputs', 'measuring', 'bootstrap', 'analysis', 'reports']
          .map((s) => `${s} ${round(stage(s))}`)
          .join(', '),
        note: `${big.what}; fastest bare loop: ${f?.name ?? 'none exact'}; ratio = its median wall ÷ the run's median wall (per round ${perRound.map((x) => round(x)).join(', ')}${ratios.length > 1 ? `; min–max ${round(Math.min(...ratios))}–${round(Math.max(...ratios))}` : ''}); CPU ÷ wall while measuring per round ${busy.map((x) => round(x)).join(', ')}; 1-minute load average after each round ${a.runs.map((r) => round(r.load, 1)).join(', ')} (${WORKERS} cores); medians of ${rounds} interleaved round${rounds > 1 ? 's' : ''}; empty count cache, language check, words, continued words and charts on, ${WORKERS} workers`,
      });
      // (c) The per-text side work at the size nearest 96 MB: each part alone, one thread, against the count.
      if (mb === WHOLE_SIZES.reduce((b, x) => (Math.abs(x - 96) < Math.abs(b - 96) ? x : b))) {
        const r = await spawnNode(['bench/side-work.js', big.path], { BARE_SPEC: JSON.stringify(one[0]) });
        if (r.code !== 0) throw new Error(`side-work failed: ${r.stderr.slice(-500)}`);
        const w = JSON.parse(r.stdout.trim().split('\n').pop());
        for (const [what, key] of [
          ['count (the bare loop)', 'countS'],
          ['text pass: characters, bytes, words', 'textPassS'],
          ['count-cache keys', 'keysS'],
          ['continued words', 'continuedS'],
          ['segments.csv rows', 'segmentsCsvS'],
        ])
          rows.push({
            section: 'side',
            corpus: big.what,
            tokenizer: WHOLE_TOKENIZER,
            candidate: what,
            mb,
            cpuSeconds: round(w[key]),
            ratio: round(w[key] / w.countS),
            note: `bench/side-work.js: one thread, ${w.texts} texts, chunks of 256 segments; ratio = CPU ÷ the count's`,
          });
      }
      rmSync(sub, { recursive: true, force: true });
    }

    // (b) The full default set on FLORES dev+devtest against the sum of each tokenizer's fastest bare loop.
    if (useFlores) {
      const { resolved: all } = await resolveTokenizers(['default'], {});
      const ids = all.map((r) => r.info.id);
      console.error(
        `whole run: the default set (${ids.join(', ')}) on FLORES-200 dev+devtest, ${WHOLE_ROUNDS} interleaved rounds`,
      );
      const b = await runVsBare('default set on FLORES dev+devtest', FLORES, all, 'default', WHOLE_ROUNDS);
      const sum = ids.reduce(
        (acc, id) => acc + (b.fastest.get(id) ? median(b.fastest.get(id).b.walls) : NaN),
        0,
      );
      const runW = median(b.runs.map((r) => r.wallS));
      rows.push({
        section: 'whole',
        corpus: 'FLORES-200 dev+devtest',
        tokenizer: 'default',
        candidate:
          "cold tokentax run --corpus flores200 (defaults) vs the sum of each tokenizer's fastest bare loop",
        seconds: round(runW),
        cpuSeconds: round(median(b.runs.map((r) => r.cpuS))),
        peakRssMB: Math.max(...b.runs.map((r) => r.peakRssMB)),
        bareSeconds: round(sum),
        barePeakRssMB: Math.max(
          ...ids.map((id) => (b.fastest.get(id) ? Math.max(...b.fastest.get(id).b.rss) : 0)),
        ),
        ratio: round(sum / runW),
        note: `FLORES-200 dev+devtest (2,009 segments × en, fr, de, es); ${ids.length} tokenizers: ${ids.map((id) => `${id} ${b.fastest.get(id)?.name ?? 'none exact'}`).join('; ')}; bare peak RSS = the largest single loop; medians of ${WHOLE_ROUNDS} interleaved rounds`,
      });
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------- main
if (!flag('--skip-whole')) await benchWhole();
if (!flag('--skip-engines')) await benchEngines();
if (!flag('--skip-e2e')) await benchRuns();
if (!flag('--skip-sp') && useFlores)
  rows.push(
    ...(await benchSentencePiece({ shared: SHARED, warmup, measured, passes: PASSES, reference: REF })),
  );

const stamp = new Date()
  .toISOString()
  .replace(/[:.]/g, '-')
  .replace(/-\d{3}Z$/, 'Z');
const dir = join(ROOT, 'reports', 'bench');
mkdirSync(dir, { recursive: true });
const file = join(dir, `${stamp}.csv`);
const columns = [
  'section',
  'tokenizer',
  'engine',
  'candidate',
  'exact',
  'mbPerSecCold',
  'mbPerSecWarm',
  'tokensPerSecWarm',
  'ratioWarm',
  'ratioCold',
  'fastestExact',
  'loadMs',
  'heapMB',
  'countMs',
  'seconds',
  'cpuSeconds',
  'speedup',
  'peakRssMB',
  'bareSeconds',
  'barePeakRssMB',
  'ratio',
  'mb',
  'texts',
  'cpuPerWall',
  'measuringCpuPerWall',
  'stages',
  'note',
];
writeFileSync(
  file,
  Papa.unparse(
    rows.map((r) => ({
      ...r,
      corpus: r.corpus ?? (r.section === 'engine' || r.section === 'sentencepiece' ? CORPUS_NAME : 'llm-mix'),
      node: process.version,
      cpus: WORKERS,
    })),
    { columns: ['corpus', 'node', 'cpus', ...columns] },
  ) + '\n',
);

const whole = rows.filter((r) => r.section === 'whole');
if (whole.length) {
  console.log(
    '\nThe whole run against the fastest bare counting loop (issues #16, #26); ratio = bare loop time ÷ tokentax run time\n',
  );
  console.log(
    table(
      [
        'what',
        'tokentax s',
        'CPU s',
        'CPU ÷ wall',
        'measuring CPU ÷ wall',
        'peak RSS MB',
        'bare loop s',
        'bare peak RSS MB',
        'ratio',
      ],
      whole.map((r) => [
        r.candidate,
        r.seconds,
        r.cpuSeconds,
        r.cpuPerWall ?? '',
        r.measuringCpuPerWall ?? '',
        r.peakRssMB,
        r.bareSeconds,
        r.barePeakRssMB,
        r.ratio,
      ]),
    ),
  );
  for (const r of whole) console.log(`  ${r.mb ?? ''}${r.mb ? ' MB ' : ''}${r.tokenizer}: ${r.note}`);
  for (const r of whole) if (r.stages) console.log(`  ${r.mb} MB stages (s, medians): ${r.stages}`);
  const side = rows.filter((r) => r.section === 'side');
  if (side.length) {
    console.log(
      `\nPer-text work besides counting, each alone in one thread (${side[0].mb} MB; bench/side-work.js)\n`,
    );
    console.log(
      table(
        ['work', 'CPU s', '÷ count'],
        side.map((r) => [r.candidate, r.cpuSeconds, r.ratio]),
      ),
    );
  }
  const bare = rows.filter((r) => r.section === 'bare');
  console.log('\nBare loops (whole processes, medians; * fastest exact)\n');
  console.log(
    table(
      ['corpus', 'candidate', 'seconds', 'peak RSS MB', 'note'],
      bare.map((r) => [
        r.corpus,
        r.candidate + (r.fastestExact ? ' *' : ''),
        r.seconds ?? '',
        r.peakRssMB ?? '',
        (r.note ?? '').split('; ')[1].replace(/^bare loop \(bench\/bare-loop.js\), whole process, /, '') +
          (r.exact === false ? ' — ' + r.note.split('; ').pop() : ''),
      ]),
    ),
  );
}
const eng = rows.filter((r) => r.section === 'engine');
if (eng.length) {
  console.log(
    `\nCounting throughput on ${CORPUS_NAME} (${(BYTES / 1e6).toFixed(2)} MB, ${texts.length} texts, one text per call); ratio = tokentax count ÷ fastest exact raw engine (warm)\n`,
  );
  console.log(
    table(
      [
        'tokenizer',
        'candidate',
        'exact',
        'MB/s cold',
        'MB/s warm',
        'tokens/s warm',
        'ratio',
        'load ms',
        'note',
      ],
      eng.map((r) => [
        r.tokenizer,
        r.candidate + (r.fastestExact === 'yes' ? ' *' : ''),
        r.exact === undefined ? '' : r.exact ? 'yes' : 'NO',
        r.mbPerSecCold ?? '',
        r.mbPerSecWarm ?? '',
        r.tokensPerSecWarm ?? '',
        r.ratioWarm ?? '',
        r.loadMs ?? '',
        (r.note ?? '').slice(0, 60),
      ]),
    ),
  );
  console.log('\n* fastest exact raw engine for that tokenizer');
}
const pool = rows.filter((r) => r.section === 'pool');
if (pool.length) {
  console.log(
    `\nTokenizers in the worker pool (measure stage, ${WORKERS} workers): load cost vs counting time; a replica loads once counting time ≥ load time\n`,
  );
  console.log(
    table(
      ['tokenizer', 'engine', 'load ms', 'heap MB', 'count ms', 'workers'],
      pool.map((r) => [r.tokenizer, r.engine ?? '', r.loadMs, r.heapMB, r.countMs, r.candidate]),
    ),
  );
}
const runs = rows.filter((r) => r.section === 'run' || r.section === 'measure' || r.section === 'machine');
if (runs.length) {
  console.log(`\nWhole runs, the measure stage alone, and this machine's ceiling (${WORKERS} cores)\n`);
  console.log(
    table(
      ['what', 'seconds', 'CPU s', 'speed-up', 'peak RSS MB', 'MB/s', 'note'],
      runs.map((r) => [
        r.candidate,
        r.seconds,
        r.cpuSeconds ?? '',
        r.speedup ?? '',
        r.peakRssMB,
        r.mbPerSecWarm ?? '',
        r.note ?? '',
      ]),
    ),
  );
}
const sp = rows.filter((r) => r.section === 'sentencepiece');
if (sp.length) {
  console.log(
    `\nSentencePiece model files on ${CORPUS_NAME}: the sentencepiece engine against the other exact engines for the same vocabulary, and which counts what\n`,
  );
  console.log(sentencePieceTable(sp, table));
}
console.log(`\nwrote ${file}`);
