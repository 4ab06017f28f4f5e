// `tokentax run`: signals, progress and the printed summary around the library's runTokenTax().
import { relative } from 'node:path';
import { UserError, usageError } from '../errors.js';
import { pct1 } from '../analysis/claim.js';
import { runTokenTax } from '../pipeline/run.js';
import { findings, MANY_LANGS, roundAnalysis } from '../report/index.js';
import { languageName } from '../vocabulary.js';

/** As claim.csv stores it (two decimals), then one: the table reads like the CSV and the report. */
const one = (x: number) => Number(x.toFixed(2)).toFixed(1);
import type { ClaimRow, SummaryRow } from '../types.js';
import { err, fitTable, out, outputWidth, pct, wrapText } from './io.js';
import { createDownloadProgress, createProgress } from './progress.js';

export interface RunCliOptions {
  corpus?: string[];
  split?: string[];
  format?: string;
  langId?: boolean;
  tokenizers?: string[];
  tokenizerDir?: string;
  hubTimeout?: number;
  offline?: boolean;
  langs: string[];
  baseline: string;
  reference: string;
  claim: number;
  seed: number;
  resamples: number;
  byDomain?: boolean;
  prices?: string;
  monthlyWords?: number;
  out?: string;
  force?: boolean;
  workers?: number;
  slides?: boolean;
  charts?: boolean;
  cache?: boolean;
  json?: boolean;
  quiet?: boolean;
  claimMargin?: number;
  updatePrices?: boolean;
  workload?: string;
  requests?: number;
  inputWords?: number;
  outputWords?: number;
  cachedShare?: number;
  currency?: string;
  fx?: number;
  billModels?: string[];
  sample?: number;
  apiRpm?: number;
  apiConcurrency?: number;
  apiTimeout?: number;
  apiMaxWait?: number;
}

/** --currency and --fx: a rate is never guessed; without one the money stays in USD (said once). */
export function currencyOption(
  code: string | undefined,
  fx: number | undefined,
): { currency?: { code: string; perUsd: number }; warning?: string } {
  if (fx !== undefined && !code)
    throw usageError(
      '--fx needs --currency',
      'name the currency the rate converts to, e.g. --currency EUR --fx 0.86',
    );
  if (!code || code === 'USD') return {};
  if (fx === undefined || !(fx > 0))
    return {
      warning: `--currency ${code} needs --fx <${code} per USD>; no rate is guessed, so money stays in USD`,
    };
  return { currency: { code, perUsd: fx } };
}

/** More languages than this and the tables list languages as rows (report/selection.ts: MANY_LANGS). */
const MANY = MANY_LANGS;

/**
 * The claim check as tables of at most `width` columns: a row per subject and a column per language, or with many
 * languages a row per language and a column per subject; the verdict beside each figure.
 */
export function claimTable(rows: ClaimRow[], baseline: string, width = 160): string {
  const corpora = [...new Set(rows.map((r) => r.corpus))];
  return corpora
    .map((c) => {
      const mine = rows.filter((r) => r.corpus === c);
      const langs = [...new Set(mine.map((r) => r.lang))].filter((l) => l !== baseline);
      const subjects = [...new Set(mine.map((r) => `${r.part}\0${r.subject}`))];
      const of = (k: string) => mine.filter((r) => `${r.part}\0${r.subject}` === k);
      const figure = (r: ClaimRow | undefined) =>
        !r || r.verdict === 'not measured'
          ? 'not measured'
          : `${pct1(r.overheadPct)} [${one(r.ciLowPct)}, ${one(r.ciHighPct)}] ${r.verdict}`;
      const claimed = (sr: ClaimRow[]) =>
        `${sr[0].claimedPct > 0 ? '+' : ''}${sr[0].claimedPct} % ± ${sr[0].marginPct}`;
      const title = `${c}: the claim, per half and subject (overhead vs ${languageName(baseline)}, 95 % CI, verdict)`;
      if (langs.length > MANY) {
        const head = subjects.map((k) => `${of(k)[0].part}: ${of(k)[0].tokenizer} (${claimed(of(k))})`);
        const body = langs.map((l) => [
          languageName(l),
          ...subjects.map((k) => figure(of(k).find((r) => r.lang === l))),
        ]);
        return `${title}\n${fitTable(['language', ...head], body, width)}`;
      }
      const body = subjects.map((k) => {
        const sr = of(k);
        return [
          String(sr[0].part),
          sr[0].tokenizer,
          claimed(sr),
          ...langs.map((l) => figure(sr.find((x) => x.lang === l))),
        ];
      });
      return `${title}\n${fitTable(['part', 'subject', 'claimed', ...langs.map(languageName)], body, width, 3)}`;
    })
    .join('\n\n');
}

/** Overhead tables: a row per tokenizer and a column per language, or with many languages the other way round. */
export function overheadTable(rows: SummaryRow[], baseline: string, width = 160): string {
  const all = rows.filter((r) => r.domain === 'all');
  const corpora = [...new Set(all.map((r) => r.corpus))];
  const blocks: string[] = [];
  for (const c of corpora) {
    const rs = all.filter((r) => r.corpus === c);
    const langs = [...new Set(rs.map((r) => r.lang))].filter((l) => l !== baseline);
    const toks = [...new Set(rs.map((r) => r.tokenizer))];
    const cell = (t: string, l: string) => {
      const r = rs.find((x) => x.tokenizer === t && x.lang === l);
      return r ? `${pct(r.overheadPct)} [${r.ciLowPct.toFixed(1)}, ${r.ciHighPct.toFixed(1)}]` : '—';
    };
    const title = `${c}: token overhead vs ${languageName(baseline)} (95 % CI)`;
    if (langs.length > MANY) {
      const body = langs.map((l) => [languageName(l), ...toks.map((t) => cell(t, l))]);
      blocks.push(`${title}\n${fitTable(['language', ...toks], body, width)}`);
      continue;
    }
    const body = toks.map((t) => [
      t,
      rs.find((r) => r.tokenizer === t)?.category ?? '',
      ...langs.map((l) => cell(t, l)),
    ]);
    blocks.push(
      `${title}\n${fitTable(['tokenizer', 'category', ...langs.map(languageName)], body, width, 2)}`,
    );
  }
  return blocks.join('\n\n');
}

/** The run's findings, numbered and wrapped (the same sentences as the report's headline and the deck). */
export function findingsText(sentences: string[], width = 160): string {
  return sentences.map((f, i) => wrapText(`${i + 1}. ${f.replace(/\u00a0/g, ' ')}`, width, '   ')).join('\n');
}

export async function runCommand(o: RunCliOptions, argv: string[]): Promise<void> {
  const controller = new AbortController();
  let signalled: NodeJS.Signals | undefined;
  const onSignal = (s: NodeJS.Signals) => {
    if (signalled) process.exit(130); // a second Ctrl-C: leave at once
    signalled = s;
    err(`\ntokentax: ${s} received, stopping…`);
    controller.abort(new UserError('interrupted', `interrupted by ${s}`));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  const money = currencyOption(o.currency, o.fx);
  if (money.warning) err(money.warning);
  const progress = createProgress(o.quiet ? 'quiet' : process.stderr.isTTY ? 'tty' : 'lines');
  // The default run's hub downloads: announced with sizes and a bar on stderr, silent with --quiet or --json.
  const downloads = createDownloadProgress(
    o.quiet || o.json ? 'quiet' : process.stderr.isTTY ? 'tty' : 'lines',
  );
  try {
    const res = await runTokenTax({
      corpora: o.corpus,
      splits: o.split,
      format: o.format,
      noLangId: o.langId === false,
      tokenizers: o.tokenizers,
      tokenizerDir: o.tokenizerDir,
      hubTimeoutMs: o.hubTimeout,
      offline: o.offline || undefined,
      onDownload: downloads,
      langs: o.langs,
      baseline: o.baseline,
      reference: o.reference,
      claimPct: o.claim,
      claimMarginPct: o.claimMargin,
      seed: o.seed,
      resamples: o.resamples,
      byDomain: o.byDomain,
      prices: o.prices,
      monthlyWords: o.monthlyWords,
      updatePrices: o.updatePrices,
      ...(money.currency ? { currency: money.currency } : {}),
      ...(o.billModels?.length ? { billModels: o.billModels } : {}),
      workload: {
        workload: o.workload,
        requests: o.requests,
        inputWords: o.inputWords,
        outputWords: o.outputWords,
        cachedShare: o.cachedShare,
      },
      out: o.out,
      force: o.force,
      workers: o.workers,
      cache: o.cache,
      slides: o.slides,
      charts: o.charts,
      argv: ['tokentax', ...argv],
      sample: o.sample,
      apiRpm: o.apiRpm,
      apiConcurrency: o.apiConcurrency,
      apiTimeoutMs: o.apiTimeout,
      apiMaxWaitMs: o.apiMaxWait,
      // Warnings and skip notes stay on with --quiet, which silences progress only. On a terminal they are wrapped
      // to its width; piped, each stays one line for whatever reads it.
      log: (l) => err(process.stderr.isTTY ? wrapText(l, outputWidth(process.stderr)) : l),
      onProgress: (p) => progress.update(p.corpus, p.tokenizer, p.done, p.total),
      onTokenizerDone: (c, t, n) => progress.finish(c, t, n),
      // On a terminal the progress bars show each counter's ETA; elsewhere a line every 30 s does.
      onApiProgress: o.quiet || process.stderr.isTTY ? undefined : (l) => err(l),
      signal: controller.signal,
    });
    progress.stop();
    if (o.json) {
      out(
        JSON.stringify(
          {
            dir: res.dir,
            headline: res.analysis.headline,
            summary: res.analysis.summary,
            claim: res.analysis.claim,
            skipped: res.skipped,
          },
          null,
          2,
        ),
      );
      return;
    }
    const width = outputWidth();
    out('');
    out(overheadTable(res.analysis.summary, o.baseline, width));
    if (res.analysis.claim?.length) {
      out('');
      out(claimTable(res.analysis.claim, o.baseline, width));
    }
    out('');
    // The findings, as the report's headline and the deck's takeaways say them (figures as the CSVs round them).
    const found = findings({
      manifest: res.manifest,
      analysis: roundAnalysis(res.analysis),
      tokenizers: [],
      skipped: res.skipped,
    }).map((f) => f.sentence);
    out(
      found.length
        ? `Findings:\n${findingsText(found, width)}`
        : wrapText(res.analysis.headline.text, width, ''),
    );
    out('');
    out(
      wrapText(
        `Report: ${relative(process.cwd(), res.dir) || '.'}/ (claim.csv, models.csv, summary.csv, segments.csv, costs.csv, report.md, report.html, charts/, manifest.json)`,
        width,
      ),
    );
  } catch (e) {
    progress.stop();
    const partial = (e as { partialDir?: string }).partialDir;
    if (signalled) {
      throw new UserError(
        'interrupted',
        `run interrupted by ${signalled}; no complete report was written`,
        partial
          ? `partial measurements (no manifest.json) are in ${partial}; delete it or start the run again`
          : 'start the run again',
      );
    }
    throw e;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}
