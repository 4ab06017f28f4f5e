// `tokentax run`: signals, progress and the printed summary around the library's runTokenTax().
import { relative } from 'node:path';
import { UserError, usageError } from '../errors.js';
import { runTokenTax } from '../pipeline/run.js';
import type { ClaimRow, SummaryRow } from '../types.js';
import { fmtCi, fmtPct, languageName } from '../vocabulary.js';
import { err, out, table } from './io.js';
import { createDownloadProgress, createProgress } from './progress.js';

export interface RunCliOptions {
  corpus?: string[];
  split?: string[];
  format?: string;
  langId?: boolean;
  allowMislabelled?: boolean;
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

/** Percentages as every view writes them (rounded once, from full precision), with a plain space. */
const pct = (x: number | undefined) => fmtPct(x, 1, ' ');

/** The claim check as a table: one row per subject and language, both verdicts (the whole overhead against the
 *  claimed figure, the tokenizer's own share against 0), the figures rounded as the report rounds them. */
export function claimTable(rows: ClaimRow[]): string {
  const corpora = [...new Set(rows.map((r) => r.corpus))];
  return corpora
    .map((c) => {
      const mine = rows.filter((r) => r.corpus === c);
      const m = mine[0]?.marginPct ?? 5;
      const body = mine.map((r) => [
        String(r.part),
        r.subject,
        r.tokenizer,
        languageName(r.lang),
        pct(r.overheadPct),
        fmtCi(r.ciLowPct, r.ciHighPct),
        `${r.claimedPct > 0 ? '+' : ''}${r.claimedPct} % ± ${r.marginPct}`,
        r.verdict,
        pct(r.lengthPct),
        pct(r.tokenizerPct),
        fmtCi(r.tokenizerCiLowPct, r.tokenizerCiHighPct),
        r.tokenizerVerdict,
      ]);
      return (
        `${c}: the claim, per half, subject and language (overhead vs English, 95 % CI; length × tokenizer share; the share against 0 ± ${m})\n` +
        table(
          [
            'part',
            'subject',
            'tokenizer',
            'language',
            'overhead',
            'CI',
            'claimed',
            'verdict',
            'length',
            'tokenizer share',
            'CI',
            'share verdict',
          ],
          body,
        )
      );
    })
    .join('\n\n');
}

/** Overhead table: one row per tokenizer, one column per non-baseline language. */
export function overheadTable(rows: SummaryRow[], baseline: string): string {
  const all = rows.filter((r) => r.domain === 'all');
  const corpora = [...new Set(all.map((r) => r.corpus))];
  const langs = [...new Set(all.map((r) => r.lang))].filter((l) => l !== baseline);
  const blocks: string[] = [];
  for (const c of corpora) {
    const rs = all.filter((r) => r.corpus === c);
    const toks = [...new Set(rs.map((r) => r.tokenizer))];
    const body = toks.map((t) => {
      const cat = rs.find((r) => r.tokenizer === t)?.category ?? '';
      return [
        t,
        cat,
        ...langs.map((l) => {
          const r = rs.find((x) => x.tokenizer === t && x.lang === l);
          return r ? `${pct(r.overheadPct)} ${fmtCi(r.ciLowPct, r.ciHighPct)}` : '—';
        }),
      ];
    });
    blocks.push(
      `${c}: token overhead vs ${baseline} (95 % CI)\n` + table(['tokenizer', 'category', ...langs], body),
    );
  }
  return blocks.join('\n\n');
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
      allowMislabelled: !!o.allowMislabelled,
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
      log: (l) => err(l), // warnings and skip notes stay on with --quiet, which silences progress only
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
    out('');
    out(overheadTable(res.analysis.summary, o.baseline));
    if (res.analysis.claim?.length) {
      out('');
      out(claimTable(res.analysis.claim));
    }
    out('');
    out(res.analysis.headline.text);
    out('');
    out(
      `Report: ${relative(process.cwd(), res.dir) || '.'}/ (claim.csv, models.csv, summary.csv, segments.csv, costs.csv, report.md, report.html, charts/, manifest.json)`,
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
