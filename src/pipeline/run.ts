// The whole run as a library call: corpus → tokenizers → measurements → statistics → writers.
// The CLI is a thin shell over this; a script or notebook can call runTokenTax() directly.
import { createHash } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { analyze, loadPrices } from '../analysis/index.js';
import { BUILTIN_CORPUS, openCorpus } from '../corpus/index.js';
import { usageError } from '../errors.js';
import { measureCorpus, type MeasureProgress } from '../measure/index.js';
import { createRunner } from '../measure/runner.js';
import { warmUpCharts, writeRunCsvs, writeReports } from '../report/index.js';
import { resolveTokenizers, type DownloadEvent } from '../tokenizers/index.js';
import type { AnalysisResult, CountTable, Lang, ParallelCorpus, RunManifest, SkippedTokenizer, TokenizerInfo } from '../types.js';
import { commitRunFolder, discardRunFolder, openRunFolder, type RunFolder } from './output.js';
import { SegmentsWriter } from './segments-csv.js';
import { toolInfo } from './version.js';

export const CLAIM = { pct: 30, source: "LINAGORA's CEO at CPDP 2024: an English-centric model costs about 30 % more in Spanish, French or German" };

export interface RunOptions {
  corpora?: string[];
  splits?: string[];
  format?: string;
  noLangId?: boolean;
  tokenizers?: string[];
  tokenizerDir?: string;
  hubTimeoutMs?: number;
  /** No network at all (also HF_HUB_OFFLINE=1): nothing is downloaded, not even by a default run. */
  offline?: boolean;
  /** A default run's once-only download of the European hub tokenizers: announcement and progress. */
  onDownload?: (e: DownloadEvent) => void;
  langs?: Lang[];
  baseline?: Lang;
  reference?: string;
  claimPct?: number;
  seed?: number;
  resamples?: number;
  byDomain?: boolean;
  prices?: string;
  monthlyWords?: number;
  out?: string;
  force?: boolean;
  workers?: number;
  /** Per-segment count cache (on by default; false switches it off). */
  cache?: boolean;
  slides?: boolean;
  charts?: boolean;
  /** The command line, for the manifest. */
  argv?: string[];
  log?: (line: string) => void;
  onProgress?: (p: MeasureProgress & { total?: number }) => void;
  onTokenizerDone?: (corpus: string, tokenizer: string, segments: number) => void;
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

export const DEFAULT_LANGS: Lang[] = ['en', 'fr', 'de', 'es'];

/** Checks option values that the library can judge without touching files. */
export function checkRunOptions(o: RunOptions): Required<Pick<RunOptions, 'langs' | 'baseline' | 'seed' | 'claimPct' | 'resamples' | 'reference'>> {
  const langs = o.langs ?? DEFAULT_LANGS;
  const baseline = o.baseline ?? 'en';
  if (!langs.includes(baseline)) throw usageError(`the baseline language "${baseline}" is not among --langs ${langs.join(',')}`, `add ${baseline} to --langs or pick --baseline from ${langs.join(', ')}`);
  if (new Set(langs).size !== langs.length) throw usageError(`--langs lists a language twice: ${langs.join(',')}`, 'list each language once');
  const resamples = o.resamples ?? 2000;
  if (!Number.isInteger(resamples) || resamples < 2000) throw usageError(`--resamples ${resamples} is too few`, 'use 2000 or more bootstrap resamples');
  return { langs, baseline, seed: o.seed ?? 42, claimPct: o.claimPct ?? CLAIM.pct, resamples, reference: o.reference ?? 'cl100k_base' };
}

async function sha256File(path: string): Promise<string> {
  return createHash('sha256').update(await readFile(path)).digest('hex');
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
    lines.push(`skipped ${ids.join(', ')}: ${ids.length > 1 ? reason.replace(/<id>/g, 'it') : first.reason}`.replace(/\.+$/, ''));
    const hint = ids.length > 1 ? first.hint.split(first.id).join('<id>') : first.hint;
    lines.push(`  to add ${ids.length > 1 ? 'them' : 'it'}: ${hint.replace(/\.+$/, '')}`);
  }
  return lines;
}

export async function runTokenTax(o: RunOptions): Promise<RunResult> {
  const log = o.log ?? (() => {});
  const startedAt = new Date().toISOString();
  const { langs, baseline, seed, claimPct, resamples, reference } = checkRunOptions(o);

  // Inputs first: a bad corpus or tokenizer id must fail before any folder is created.
  const corpora: ParallelCorpus[] = [];
  for (const ref of o.corpora?.length ? o.corpora : [BUILTIN_CORPUS]) {
    corpora.push(await openCorpus(ref, { splits: o.splits, langs, baseline, format: o.format as never, noLangId: o.noLangId }));
  }
  const prices = await loadPrices(o.prices);
  const explicit = !!o.tokenizers?.length;
  const { resolved, skipped } = await resolveTokenizers(o.tokenizers?.length ? o.tokenizers : ['default'], {
    tokenizerDir: o.tokenizerDir,
    hubTimeoutMs: o.hubTimeoutMs,
    offline: o.offline,
    explicit,
    // A default run fetches the European hub tokenizers once when the hub answers (--offline / HF_HUB_OFFLINE=1 prevent it).
    fetchDefaults: !explicit,
    onDownload: o.onDownload,
    log,
  });
  for (const line of describeSkipped(skipped)) log(line);
  if (!resolved.length) throw usageError('no tokenizer could be loaded', 'pick ids from `tokentax tokenizers`, or supply files with --tokenizer-dir');

  const folder: RunFolder = await openRunFolder(o.out, !!o.force);
  const failed: RunResult['failed'] = [];
  let runner: Awaited<ReturnType<typeof createRunner>> | undefined;
  try {
    runner = await createRunner(resolved, { workers: o.workers, cache: o.cache, log });
    // With workers counting, this thread mostly waits: it loads and warms up the chart code meanwhile.
    const warm = runner.workers > 1 && o.charts !== false ? warmUpCharts().catch(() => {}) : undefined;
    const infos: Record<string, TokenizerInfo> = Object.fromEntries(resolved.map((r) => [r.info.id, r.info]));
    const ids = resolved.map((r) => r.info.id);
    const seg = new SegmentsWriter(join(folder.work, 'segments.csv'));
    const tables: CountTable[] = [];
    for (const corpus of corpora) {
      const table = await measureCorpus(corpus, {
        langs,
        tokenizers: ids.filter((t) => !failed.some((f) => f.tokenizer === t)),
        runner: runner.runner,
        inFlight: runner.inFlight,
        onRows: (rows) => seg.write(rows),
        onProgress: o.onProgress,
        onTokenizerError: (t, e) => {
          failed.push({ tokenizer: t, error: e instanceof Error ? e.message : String(e) });
          log(`tokenizer ${t} failed on ${corpus.id} and was dropped: ${e instanceof Error ? e.message : String(e)}`);
        },
        signal: o.signal,
      });
      for (const t of table.tokenizers) o.onTokenizerDone?.(corpus.id, t, table.n);
      const r = corpus.report;
      log(`${corpus.id}: ${r.read} segments read, ${r.used} used, ${r.read - r.used} skipped${r.skipped.length ? ' (' + r.skipped.map((s) => `${s.count} ${s.reason}`).join(', ') + ')' : ''}`);
      tables.push(table);
    }
    await seg.close();
    await warm;

    const analysis = analyze(tables, infos, prices.rows, {
      baseline, reference, claimPct, seed, resamples, confidence: 0.95, byDomain: !!o.byDomain, monthlyWords: o.monthlyWords,
    });
    const tokenizers = resolved.filter((r) => tables.some((t) => t.tokenizers.includes(r.info.id)));
    const countedBy = await runner.countedBy();
    const manifest: RunManifest = {
      tool: toolInfo(),
      node: process.version,
      platform: `${process.platform}-${process.arch}`,
      command: o.argv ?? [],
      options: {
        corpora: o.corpora ?? [BUILTIN_CORPUS], splits: o.splits, tokenizers: o.tokenizers ?? ['default'], langs, baseline, reference,
        claimPct, resamples, byDomain: !!o.byDomain, prices: prices.file, monthlyWords: o.monthlyWords, workers: runner.workers,
      },
      seed,
      tokenizers: await Promise.all(
        tokenizers.map(async (r) => ({
          // The engine that counted: the entry's, or its fallback when that one refused the files (load.ts).
          id: r.info.id, name: r.info.name, category: r.info.category, engine: countedBy[r.info.id] ?? r.info.engine,
          loadedFrom: {
            kind: r.local.kind, ref: r.local.ref, version: r.local.version, revision: r.local.revision,
            files: await Promise.all(r.local.files.map(async (p) => ({ path: p, sha256: await sha256File(p), bytes: (await readFile(p)).length }))),
            // The first file is the one the engine counted (tokenizer.model or tokenizer.json; the others are read alongside).
            counted: basename(r.local.files[0]),
          },
        })),
      ),
      skippedTokenizers: [...skipped, ...failed.map((f) => ({ id: f.tokenizer, reason: `failed during the run: ${f.error}`, hint: 'run it alone with --debug to see the error' }))],
      corpora: corpora.map((c) => ({ id: c.id, name: c.name, format: c.provenance.format, path: c.provenance.path, sha256: c.provenance.sha256, licence: c.provenance.licence, report: c.report })),
      prices: { file: prices.file, sha256: prices.sha256, dates: [...new Set(prices.rows.map((p) => p.dateChecked))].sort() },
      headline: analysis.headline,
      notes: analysis.notes,
      startedAt,
      finishedAt: '',
    };
    const run = { manifest, analysis, tokenizers: tokenizers.map((r) => r.info), skipped: manifest.skippedTokenizers };
    await writeRunCsvs(folder.work, analysis);
    // Files are announced where they will be once the folder is renamed into place.
    const logFinal = (l: string) => log(l.split(folder.work).join(folder.final));
    await writeReports(folder.work, run, { slides: !!o.slides, charts: o.charts !== false, threads: runner.workers, log: logFinal });
    manifest.finishedAt = new Date().toISOString();
    // Written last: a folder without manifest.json is an unfinished run.
    await writeFile(join(folder.work, 'manifest.json'), JSON.stringify(manifest, null, 2) + '\n');
    await runner.close();
    runner = undefined;
    await commitRunFolder(folder);
    return { dir: folder.final, analysis, manifest, skipped: manifest.skippedTokenizers, failed, corpora };
  } catch (e) {
    await runner?.close().catch(() => {});
    if (o.signal?.aborted) {
      // Keep what was measured, clearly marked as partial (no manifest.json, `.partial` suffix).
      throw Object.assign(e instanceof Error ? e : new Error(String(e)), { partialDir: folder.work });
    }
    await discardRunFolder(folder);
    throw e;
  }
}
