// The whole run as a library call: corpus → tokenizers → measurements → statistics → writers.
// The CLI is a thin shell over this; a script or notebook can call runTokenTax() directly.
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { analyze, precomputeBootstrap } from '../analysis/index.js';
import {
  checkLabels,
  describeMislabelled,
  MAX_REJECTED_SHARE,
  openCorpus,
  sampleCorpus,
  type SampleInfo,
} from '../corpus/index.js';
import { DEFAULTS, LIMITS, resolveConfig, type RunSettings } from '../config.js';
import { fileError, isUserError, nearest, usageError, UserError, writeFailureCode } from '../errors.js';
import { createRunner, measureCorpus, type MeasureProgress } from '../measure/index.js';
import {
  claimData,
  models as modelCatalog,
  catalogMeta,
  resolveWorkload,
  tokenizerStatus,
} from '../models/index.js';
import { loadPriceData, loadPrices, updatePriceData } from '../prices/index.js';
import { fmtDuration, RemoteCounters, type Env } from '../providers/index.js';
import { RUN_FILES, warmUpCharts, writeOutput, writeRunCsvs, writeReports } from '../report/index.js';
import { catalog, type DownloadEvent, type ResolvedTokenizer } from '../tokenizers/index.js';
import type {
  AnalysisResult,
  CountTable,
  Lang,
  ModelInfo,
  MislabelledLanguage,
  ParallelCorpus,
  RunConfig,
  RunManifest,
  SkippedTokenizer,
  TokenizerInfo,
} from '../types.js';
import {
  claimRunFolder,
  commitRunFolder,
  discardRunFolder,
  type FolderClaim,
  openRunFolder,
  releaseRunFolder,
  type RunFolder,
} from './output.js';
import { SegmentsWriter } from './segments-csv.js';
import { openTokenizers } from './tokenizers.js';
import { toolInfo } from './version.js';

/** The claim under test (data/claim.json): its percentage and who made it; claimData() has the rest. */
export const CLAIM = { pct: claimData().pct, source: `${claimData().source}: ${claimData().statement}` };

/**
 * What a run is given besides its settings: where API keys are read, the model catalog, the command line, and
 * the callbacks that show its progress or stop it.
 */
export interface RunHooks {
  /** Where API keys and base URLs are read (default process.env). */
  env?: Env;
  /** Model catalog (default data/models.json): model ids as tokenizers, and the API models a default run adds. */
  models?: ModelInfo[];
  /** The command line, for the manifest. */
  argv?: string[];
  log?: (line: string) => void;
  /** A default run's once-only download of the European hub tokenizers: announcement and progress. */
  onDownload?: (e: DownloadEvent) => void;
  onProgress?: (p: MeasureProgress & { total?: number }) => void;
  onTokenizerDone?: (corpus: string, tokenizer: string, segments: number) => void;
  /** Called with `<out>.partial` once the run folder is locked and created (where an interrupted run's rows are). */
  onFolder?: (work: string) => void;
  /** Provider API progress lines (requests done, retries, ETA), every 30 s while they count. */
  onApiProgress?: (line: string) => void;
  signal?: AbortSignal;
}

export interface RunResult {
  dir: string;
  analysis: AnalysisResult;
  manifest: RunManifest;
  skipped: SkippedTokenizer[];
  failed: { tokenizer: string; error: string }[];
  corpora: ParallelCorpus[];
}

/** The run's full configuration (DEFAULTS where `settings` says nothing), checked where the library can judge
 *  it without touching files. */
export function resolveRunConfig(settings: RunSettings = {}): RunConfig {
  const c = resolveConfig(settings);
  const { langs, baseline } = c.corpus;
  if (!langs.includes(baseline))
    throw usageError(
      `the baseline language "${baseline}" is not among --langs ${langs.join(',')}`,
      `add ${baseline} to --langs or pick --baseline from ${langs.join(', ')}`,
    );
  if (new Set(langs).size !== langs.length)
    throw usageError(`--langs lists a language twice: ${langs.join(',')}`, 'list each language once');
  if (langs.length < 2)
    throw usageError(
      `--langs ${langs.join(',')} holds only the baseline language, so there is nothing to compare it with`,
      `add another language the corpus has, e.g. --langs ${baseline},${baseline === 'en' ? 'fr' : 'en'}`,
    );
  // --offline means no network at all: the price update would be a download.
  if (c.tokenizers.offline && c.prices.update)
    throw usageError(
      '--update-prices fetches the newest price data, which --offline forbids',
      'drop one of them: --offline runs on the cached or bundled price data',
    );
  const { resamples } = c.analysis;
  if (!Number.isInteger(resamples) || resamples < LIMITS.resamples.min)
    throw usageError(
      `--resamples ${resamples} is too few`,
      `use ${LIMITS.resamples.min} or more bootstrap resamples`,
    );
  const whole = (x: number | undefined, name: string, example: string) => {
    if (x !== undefined && !(Number.isSafeInteger(x) && x >= 1))
      throw usageError(`${name} ${x} is not a whole number of at least 1`, `e.g. ${name} ${example}`);
  };
  whole(c.corpus.sample, '--sample', '200');
  whole(c.api.concurrency, '--api-concurrency', String(DEFAULTS.api.concurrency));
  const rpm = c.api.rpm;
  if (rpm !== undefined && !(rpm > 0 && Number.isFinite(rpm)))
    throw usageError(`--api-rpm ${rpm} is not a positive number`, 'e.g. --api-rpm 100');
  return c;
}

/** Each provider counter's requests for these corpora, announced before counting; segments per corpus. */
async function announceRequests(
  counters: RemoteCounters,
  ids: string[],
  corpora: ParallelCorpus[],
  langs: Lang[],
  log: (l: string) => void,
): Promise<Map<string, number>> {
  const texts = new Set<string>();
  const sizes = new Map<string, number>();
  for (const c of corpora) {
    let n = 0;
    for await (const seg of c.segments()) {
      n++;
      for (const l of langs) texts.add(seg.text[l]);
    }
    sizes.set(c.id, n);
  }
  for (const id of ids) {
    const { requests, cached } = counters.plan(id, texts);
    const { rpm, url } = counters.describe(id);
    const framing = counters.records().find((r) => r.id === id)?.framing;
    const probes = framing?.probes.reduce((n, p) => n + p.counts.length, 0);
    log(
      `${id}: ${requests.toLocaleString('en-US')} request${requests === 1 ? '' : 's'} to ${url}${cached ? ` (${cached.toLocaleString('en-US')} counts from the cache)` : ''}` +
        `${requests ? `, about ${fmtDuration((requests * 60_000) / rpm)} at ${rpm} requests/min (--api-rpm)` : ''}` +
        `; the request's framing, ${framing?.tokens} token${framing?.tokens === 1 ? '' : 's'} (from ${probes} probe texts), is subtracted`,
    );
  }
  return sizes;
}

async function sha256File(path: string): Promise<string> {
  return createHash('sha256')
    .update(await readFile(path))
    .digest('hex');
}

/** Skipped tokenizers, said once: one line per distinct reason with every id it applies to, then the fix. */
export function describeSkipped(skipped: readonly SkippedTokenizer[]): string[] {
  const groups = new Map<string, SkippedTokenizer[]>();
  for (const s of skipped) {
    const key = s.reason.split(s.id).join('<id>');
    groups.set(key, [...(groups.get(key) ?? []), s]);
  }
  const lines: string[] = [];
  for (const [reason, group] of groups) {
    const ids = group.map((s) => s.id);
    const first = group[0];
    lines.push(
      `skipped ${ids.join(', ')}: ${ids.length > 1 ? reason.replace(/<id>/g, 'it') : first.reason}`.replace(
        /\.+$/,
        '',
      ),
    );
    const hint = ids.length > 1 ? first.hint.split(first.id).join('<id>') : first.hint;
    lines.push(`  to add ${ids.length > 1 ? 'them' : 'it'}: ${hint.replace(/\.+$/, '')}`);
  }
  return lines;
}

/** TOKENTAX_TRACE=1: one stderr line per stage with the time since the process started and the CPU time of the
 *  whole process so far, all threads (for the benchmark): `trace <wall s> <stage> cpu <s>`. */
const trace = process.env.TOKENTAX_TRACE
  ? (stage: string) => {
      const { user, system } = process.cpuUsage();
      process.stderr.write(
        `trace ${(performance.now() / 1000).toFixed(3)} ${stage} cpu ${((user + system) / 1e6).toFixed(3)}\n`,
      );
    }
  : () => {};

/**
 * One run: `settings` says what differs from DEFAULTS (src/config.ts), `hooks` where keys are read and how
 * progress is shown. manifest.json stores the configuration as used.
 */
export async function runTokenTax(settings: RunSettings = {}, hooks: RunHooks = {}): Promise<RunResult> {
  trace('run');
  const log = hooks.log ?? (() => {});
  const config = resolveRunConfig(settings);
  // One run per folder, decided before any input is read or request sent; the lock goes when the run ends.
  const claim = claimRunFolder(config.output.out, log);
  try {
    // A reference the user named must be among the run's tokenizers; the default one may be missing.
    return await runClaimed(config, settings.analysis?.reference !== undefined, hooks, claim, log);
  } finally {
    if (claim.lock) releaseRunFolder({ lock: claim.lock });
  }
}

async function runClaimed(
  config: RunConfig,
  namedReference: boolean,
  h: RunHooks,
  claim: FolderClaim,
  log: (line: string) => void,
): Promise<RunResult> {
  const { corpus: co, tokenizers: tk, analysis: an, prices: pr, output: ou } = config;
  const { langs, baseline } = co;
  const { seed, claimPct, resamples, reference } = an;
  const startedAt = new Date().toISOString();

  // Inputs first: a bad corpus or tokenizer id must fail before any folder is created.
  const corpora: ParallelCorpus[] = [];
  const samples: Record<string, SampleInfo> = {};
  const mislabelled: Record<string, MislabelledLanguage[]> = {};
  const mislabelledWarnings: string[] = [];
  for (const ref of co.corpora) {
    let corpus = await openCorpus(ref, {
      splits: co.splits,
      langs,
      baseline,
      format: co.format as never,
      noLangId: !co.langId,
    });
    // What the loader read but will not measure (language columns outside --langs, ignored keys) is said here,
    // not only in the report.
    for (const note of corpus.report.notes) log(`${corpus.id}: ${note}`);
    if (co.sample !== undefined) {
      const s = await sampleCorpus(corpus, co.sample, seed);
      corpus = s.corpus;
      samples[corpus.id] = s.info;
      log(`${corpus.id}: ${s.corpus.report.notes[s.corpus.report.notes.length - 1]}`);
    }
    // A swapped or mislabelled column stops the run here, before anything is measured (sampling read it already).
    if (co.langId) {
      const bad = await checkLabels(corpus, { allow: co.allowMislabelled, read: co.sample === undefined });
      if (bad.length) {
        mislabelled[corpus.id] = bad;
        const warning = `Corpus ${corpus.id}: the language check rejected more than ${MAX_REJECTED_SHARE * 100} % of the texts of ${bad.map((m) => m.lang).join(', ')}: ${describeMislabelled(bad, corpus.provenance.format)}. It was measured anyway (--allow-mislabelled), without the rejected segments: its figures for these languages may be about other languages.`;
        mislabelledWarnings.push(warning);
        log(`warning: ${warning}`);
      }
    }
    corpora.push(corpus);
  }
  if (co.splits?.length && !corpora.some((c) => c.provenance.format === 'flores'))
    throw usageError(
      `--split ${co.splits.join(',')} applies to FLORES folders only, and ${corpora.map((c) => `${c.id} (${c.provenance.format})`).join(', ')} ${corpora.length > 1 ? 'have' : 'has'} no splits`,
      'drop --split, or give a FLORES folder (<dir>/<split>/<lang>_<Script>.<split>) with --corpus',
    );
  if (ou.slides && !ou.charts)
    log(
      '--slides with --no-charts: the slides still show the overhead, efficiency and bill charts, drawn at slide size inside slides.pptx; charts/ is not written',
    );
  const workload = resolveWorkload(pr.workload);
  // Newest price data first when asked (a failed fetch says so and keeps the cached or bundled data).
  const priceLine = pr.update ? (await updatePriceData()).message : loadPriceData().remark;
  if (priceLine) log(priceLine);
  const catalogModels = h.models ?? modelCatalog();
  const prices = await loadPrices(catalogModels, { file: pr.file, when: new Date(startedAt) });
  const allModels = [...catalogModels, ...prices.added];
  // --bill-models names models of the catalog (or of --prices): checked before anything is measured.
  const unknown = (pr.billModels ?? []).filter(
    (id) =>
      !allModels.some(
        (m) =>
          m.id.toLowerCase() === id.toLowerCase() ||
          `${m.provider}/${m.id}`.toLowerCase() === id.toLowerCase(),
      ),
  );
  if (unknown.length)
    throw usageError(
      `--bill-models: ${unknown.join(', ')} ${unknown.length === 1 ? 'is not a model' : 'are not models'} of the catalog or of --prices`,
      'use the ids `tokentax prices --all` lists',
    );
  const {
    local: localResolved,
    remote,
    skipped,
  } = await openTokenizers({
    ids: tk.ids,
    fallback: ['default'],
    defaultRun: true,
    tokenizers: tk,
    api: config.api,
    env: h.env,
    models: catalogModels,
    log,
    onDownload: h.onDownload,
    onApiProgress: h.onApiProgress,
    signal: h.signal,
    check: (all) => {
      if (namedReference) checkReference(reference, all, tk.ids ?? ['default']);
    },
  });
  for (const line of describeSkipped(skipped)) log(line);
  trace('inputs');
  const resolved = [...localResolved, ...(remote?.ready ?? [])];
  if (!resolved.length) {
    await remote?.counters.close();
    if (remote?.firstError) throw remote.firstError;
    throw usageError(
      'no tokenizer could be loaded',
      'pick ids from `tokentax tokenizers`, or supply files with --tokenizer-dir',
    );
  }
  let sizes: Map<string, number> | undefined;
  let folder: RunFolder;
  try {
    if (remote?.ready.length)
      sizes = await announceRequests(
        remote.counters,
        remote.ready.map((r) => r.info.id),
        corpora,
        langs,
        log,
      );
    folder = await openRunFolder(claim, ou.force, log);
    h.onFolder?.(folder.work);
  } catch (e) {
    await remote?.counters.close();
    throw e;
  }
  const failed: RunResult['failed'] = [];
  const failures = new Map<string, unknown>();
  let runner: Awaited<ReturnType<typeof createRunner>> | undefined;
  try {
    runner = await createRunner(resolved, {
      workers: tk.workers,
      cache: tk.cache,
      log,
      remote: remote?.counters,
    });
    // With workers counting, this thread mostly waits: it loads and warms up the chart code meanwhile.
    const warm = runner.workers > 1 && ou.charts ? warmUpCharts().catch(() => {}) : undefined;
    const infos: Record<string, TokenizerInfo> = Object.fromEntries(resolved.map((r) => [r.info.id, r.info]));
    const ids = resolved.map((r) => r.info.id);
    const seg = new SegmentsWriter(join(folder.work, RUN_FILES.segments.name));
    const tables: CountTable[] = [];
    for (const corpus of corpora) {
      const table = await measureCorpus(corpus, {
        langs,
        tokenizers: ids.filter((t) => !failed.some((f) => f.tokenizer === t)),
        runner: runner.runner,
        inFlight: runner.inFlight,
        onRows: (rows) => seg.write(rows),
        onProgress: h.onProgress && ((p) => h.onProgress!({ ...p, total: sizes?.get(p.corpus) })),
        onTokenizerError: (t, e) => {
          failures.set(t, e);
          failed.push({ tokenizer: t, error: e instanceof Error ? e.message : String(e) });
          log(
            `tokenizer ${t} failed on ${corpus.id} and was dropped: ${e instanceof Error ? e.message : String(e)}`,
          );
        },
        signal: h.signal,
      });
      for (const t of table.tokenizers) h.onTokenizerDone?.(corpus.id, t, table.n);
      const r = corpus.report;
      log(
        `${corpus.id}: ${r.read} segments read, ${r.used} used, ${r.read - r.used} skipped${r.skipped.length ? ' (' + r.skipped.map((s) => `${s.count} ${s.reason}`).join(', ') + ')' : ''}`,
      );
      tables.push(table);
    }
    await seg.close();
    stopIfAborted(h.signal); // a signal that came after the last chunk still stops the run
    trace('measured');
    // The workers are done: they stop (and the count cache is flushed) while the analysis runs.
    const countedBy = await runner.countedBy();
    const closing = runner.close();
    void closing.catch(() => {}); // awaited before the folder is committed
    await warm;
    trace('charts warm');
    // Nothing left to report: the error of the first tokenizer that failed, with its exit code.
    if (tables.every((t) => !t.tokenizers.length) && failures.size) throw [...failures.values()][0];

    // The bootstrap over both cores (the workers have stopped): the same sums as in one thread, sooner.
    const bootstrapSums = await precomputeBootstrap(
      tables,
      { seed, resamples, byDomain: an.byDomain },
      runner.workers,
    );
    trace('bootstrap');
    const analysis = analyze(
      tables,
      infos,
      prices.rows,
      {
        baseline,
        reference,
        claimPct,
        seed,
        resamples,
        confidence: an.confidence,
        byDomain: an.byDomain,
        monthlyWords: pr.monthlyWords,
        claimMarginPct: an.claimMarginPct,
        workload,
        ...(pr.currency ? { currency: pr.currency } : {}),
        ...(pr.billModels?.length ? { billModels: pr.billModels } : {}),
      },
      {
        models: allModels,
        claim: claimData(),
        priceSource: prices.source,
        missingPrices: prices.missing,
        isLegacy: (id) => tokenizerStatus(id, allModels, new Date(startedAt)) === 'legacy',
        when: new Date(startedAt),
        catalog: h.models ? undefined : catalogMeta(),
        howToAdd: (id) => skipped.find((s) => s.id === id)?.hint ?? `add it with --tokenizers default,${id}`,
        bootstrapSums,
      },
    );
    trace('analysed');
    // A withheld verdict is said where the user looks, not only in the report.
    for (const w of analysis.warnings ?? []) log(`warning: ${w}`);
    const tokenizers = resolved.filter((r) => tables.some((t) => t.tokenizers.includes(r.info.id)));
    const countOnly = tokenizers.filter((r) => r.info.countOnly).map((r) => r.info.id);
    if (countOnly.length) {
      analysis.notes = [
        ...(analysis.notes ?? []),
        `Continued words and byte fallback are not measured for ${countOnly.join(', ')} (empty cells, not 0): ${tokenizers.find((r) => r.info.countOnly)!.info.countOnly}.`,
      ];
    }
    const apiCounters = remote?.counters.records().filter((r) => tokenizers.some((t) => t.info.id === r.id));
    for (const r of apiCounters ?? []) {
      analysis.notes = [
        ...(analysis.notes ?? []),
        `${r.id}: counts from ${r.endpoint} minus the request's framing of ${r.framing.tokens} token${r.framing.tokens === 1 ? '' : 's'}, measured on ${r.framing.probes.length} probe relations (${r.framing.probes.map((p) => p.how).join('; ')}), so they are text-only like the local tokenizers'.`,
      ];
      log(
        `${r.id}: ${r.requests.sent.toLocaleString('en-US')} requests sent, ${r.requests.cached.toLocaleString('en-US')} counts from the cache, ${r.requests.retries} retries`,
      );
    }
    if (co.sample !== undefined) {
      analysis.notes = [
        ...(analysis.notes ?? []),
        `Sampled run: ${Object.entries(samples)
          .map(([c, s]) => `${c} ${s.sampled} of ${s.of} segments`)
          .join(
            ', ',
          )} (--sample ${co.sample}, seed ${seed}, stratified by domain); every tokenizer measured the same segments, and the intervals are those of the sample.`,
      ];
    }
    const manifest: RunManifest = {
      tool: toolInfo(),
      node: process.version,
      platform: `${process.platform}-${process.arch}`,
      command: h.argv ?? [],
      // As used: the workload resolved, the price data named, the worker threads counted.
      config: {
        ...config,
        tokenizers: { ...tk, workers: runner.workers },
        prices: { ...pr, workload, file: prices.file },
      },
      seed,
      tokenizers: await Promise.all(
        tokenizers.map(async (r) => ({
          // The engine that counted: the entry's, or its fallback when that one refused the files (load.ts).
          id: r.info.id,
          name: r.info.name,
          category: r.info.category,
          engine: countedBy[r.info.id] ?? r.info.engine,
          loadedFrom: {
            kind: r.local.kind,
            ref: r.local.ref,
            version: r.local.version,
            revision: r.local.revision,
            ...(r.local.kind === 'api'
              ? { endpoint: apiCounters?.find((a) => a.id === r.info.id)?.endpoint }
              : {}),
            files: await Promise.all(
              r.local.files.map(async (p) => ({
                path: p,
                sha256: await sha256File(p),
                bytes: (await readFile(p)).length,
              })),
            ),
            // The first file is the one the engine counted (tokenizer.model or tokenizer.json; the others are read alongside).
            ...(r.local.files.length ? { counted: basename(r.local.files[0]) } : {}),
          },
        })),
      ),
      skippedTokenizers: [
        ...skipped,
        ...failed.map((f) => ({
          id: f.tokenizer,
          reason: `failed during the run: ${f.error}`,
          hint: 'run it alone with --debug to see the error',
        })),
      ],
      corpora: corpora.map((c) => ({
        id: c.id,
        name: c.name,
        format: c.provenance.format,
        path: c.provenance.path,
        sha256: c.provenance.sha256,
        licence: c.provenance.licence,
        report: c.report,
      })),
      prices: {
        file: prices.file,
        sha256: prices.sha256,
        dates: [...new Set(prices.rows.map((p) => p.dateChecked))].sort(),
        source: prices.source,
      },
      headline: analysis.headline,
      notes: analysis.notes,
      ...(analysis.billCaveats ? { billCaveats: analysis.billCaveats } : {}),
      ...(apiCounters?.length ? { apiCounters } : {}),
      ...(Object.keys(mislabelled).length
        ? {
            mislabelled: {
              maxRejectedShare: MAX_REJECTED_SHARE,
              corpora: mislabelled,
              warnings: mislabelledWarnings,
            },
          }
        : {}),
      ...(co.sample !== undefined
        ? {
            sample: {
              size: co.sample,
              seed,
              stratifiedBy: 'domain' as const,
              corpora: Object.fromEntries(
                Object.entries(samples).map(([c, s]) => [c, { sampled: s.sampled, of: s.of }]),
              ),
            },
          }
        : {}),
      startedAt,
      finishedAt: '',
    };
    const run = {
      manifest,
      analysis,
      tokenizers: tokenizers.map((r) => r.info),
      skipped: manifest.skippedTokenizers,
    };
    trace('manifest');
    await writeRunCsvs(folder.work, analysis);
    trace('csvs');
    // Files are announced where they will be once the folder is renamed into place.
    const logFinal = (l: string) => log(l.split(folder.work).join(folder.final));
    await writeReports(folder.work, run, {
      slides: ou.slides,
      charts: ou.charts,
      threads: runner.workers,
      log: logFinal,
    });
    trace('reports');
    stopIfAborted(h.signal); // last chance: after manifest.json the folder counts as a finished run
    manifest.finishedAt = new Date().toISOString();
    // Written last: a folder without manifest.json is an unfinished run.
    await writeOutput(join(folder.work, RUN_FILES.manifest.name), JSON.stringify(manifest, null, 2) + '\n');
    await closing;
    runner = undefined;
    await commitRunFolder(folder);
    trace('done');
    return { dir: folder.final, analysis, manifest, skipped: manifest.skippedTokenizers, failed, corpora };
  } catch (e) {
    await (runner?.close() ?? remote?.counters.close())?.catch(() => {});
    if (h.signal?.aborted) {
      // Keep what was measured, clearly marked as partial (no manifest.json, `.partial` suffix).
      releaseRunFolder(folder);
      throw Object.assign(e instanceof Error ? e : new Error(String(e)), { partialDir: folder.work });
    }
    await discardRunFolder(folder).catch(() => releaseRunFolder(folder));
    // A full disk, a quota or a read-only file system is the user's to fix, not a bug: exit 6 naming the file.
    const code = isUserError(e) ? undefined : writeFailureCode(e);
    if (code) throw fileError(e, (e as NodeJS.ErrnoException).path ?? folder.work);
    throw e;
  }
}

/**
 * A --reference the user gave must be one of the run's tokenizers, or the efficiency table would be dropped:
 * an unknown id is a tokenizer error with the nearest ids (as for --tokenizers), a known one left out of the
 * run is an option error saying how to add it.
 */
function checkReference(reference: string, resolved: ResolvedTokenizer[], tokenizers: string[]): void {
  const ids = resolved.map((r) => r.info.id);
  if (ids.includes(reference)) return;
  const known = catalog().map((t) => t.id);
  if (!known.includes(reference)) {
    const near = nearest(reference, [...ids, ...known]);
    throw new UserError(
      'tokenizer',
      `--reference: unknown tokenizer "${reference}"`,
      near.length
        ? `did you mean ${near.join(', ')}? (the run's tokenizers: ${ids.join(', ')})`
        : `pick one of the run's tokenizers: ${ids.join(', ')}`,
    );
  }
  throw usageError(
    `--reference ${reference} is not among the tokenizers of this run (${ids.join(', ')}), so no efficiency table could be made`,
    `add it: --tokenizers ${[...tokenizers, reference].join(',')}, or pick --reference from ${ids.join(', ')}`,
  );
}

/** Stops a run whose signal fired between stages (the measure stage checks it itself, chunk by chunk). */
function stopIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new Error('interrupted');
}
