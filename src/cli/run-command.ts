// `tokentax run`: signals, progress and the printed summary around the library's runTokenTax().
import { relative } from 'node:path';
import { UserError, usageError } from '../errors.js';
import { pct1 } from '../analysis/claim.js';
import { runTokenTax } from '../pipeline/run.js';

/** As claim.csv stores it (two decimals), then one: the table reads like the CSV and the report. */
const one = (x: number) => Number(x.toFixed(2)).toFixed(1);
import type { ClaimRow, SummaryRow } from '../types.js';
import { err, out, pct, table } from './io.js';
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

/** The claim check as a table: one row per subject, one column per language, verdict beside each figure. */
export function claimTable(rows: ClaimRow[], baseline: string): string {
  const corpora = [...new Set(rows.map((r) => r.corpus))];
  return corpora
    .map((c) => {
      const mine = rows.filter((r) => r.corpus === c);
      const langs = [...new Set(mine.map((r) => r.lang))].filter((l) => l !== baseline);
      const subjects = [...new Set(mine.map((r) => `${r.part}\0${r.subject}`))];
      const body = subjects.map((k) => {
        const [part, subject] = k.split('\0');
        const sr = mine.filter((r) => String(r.part) === part && r.subject === subject);
        return [
          part,
          sr[0].tokenizer,
          `${sr[0].claimedPct > 0 ? '+' : ''}${sr[0].claimedPct} % ± ${sr[0].marginPct}`,
          ...langs.map((l) => {
            const r = sr.find((x) => x.lang === l);
            return !r || r.verdict === 'not measured'
              ? 'not measured'
              : `${pct1(r.overheadPct)} [${one(r.ciLowPct)}, ${one(r.ciHighPct)}] ${r.verdict}`;
          }),
        ];
      });
      return (
        `${c}: the claim, per half and subject (overhead vs ${baseline}, 95 % CI, verdict)\n` +
        table(['part', 'subject', 'claimed', ...langs], body)
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
          return r ? `${pct(r.overheadPct)} [${r.ciLowPct.toFixed(1)}, ${r.ciHighPct.toFixed(1)}]` : '—';
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
      out(claimTable(res.analysis.claim, o.baseline));
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
