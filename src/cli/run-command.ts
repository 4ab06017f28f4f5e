// `tokentax run`: signals, progress and the printed summary around the library's runTokenTax().
import { relative } from 'node:path';
import { UserError } from '../errors.js';
import { runTokenTax } from '../pipeline/run.js';
import type { SummaryRow } from '../types.js';
import { err, out, pct, table } from './io.js';
import { createDownloadProgress, createProgress } from './progress.js';

export interface RunCliOptions {
  corpus?: string[]; split?: string[]; format?: string; langId?: boolean; tokenizers?: string[]; tokenizerDir?: string;
  hubTimeout?: number; offline?: boolean; langs: string[]; baseline: string; reference: string; claim: number; seed: number; resamples: number;
  byDomain?: boolean; prices?: string; monthlyWords?: number; out?: string; force?: boolean; workers?: number;
  slides?: boolean; charts?: boolean; cache?: boolean; json?: boolean; quiet?: boolean;
  sample?: number; apiRpm?: number; apiConcurrency?: number; apiTimeout?: number; apiMaxWait?: number;
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
      return [t, cat, ...langs.map((l) => {
        const r = rs.find((x) => x.tokenizer === t && x.lang === l);
        return r ? `${pct(r.overheadPct)} [${r.ciLowPct.toFixed(1)}, ${r.ciHighPct.toFixed(1)}]` : '—';
      })];
    });
    blocks.push(`${c}: token overhead vs ${baseline} (95 % CI)\n` + table(['tokenizer', 'category', ...langs], body));
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
  const progress = createProgress(o.quiet ? 'quiet' : process.stderr.isTTY ? 'tty' : 'lines');
  // The default run's hub downloads: announced with sizes and a bar on stderr, silent with --quiet or --json.
  const downloads = createDownloadProgress(o.quiet || o.json ? 'quiet' : process.stderr.isTTY ? 'tty' : 'lines');
  try {
    const res = await runTokenTax({
      corpora: o.corpus, splits: o.split, format: o.format, noLangId: o.langId === false, tokenizers: o.tokenizers,
      tokenizerDir: o.tokenizerDir, hubTimeoutMs: o.hubTimeout, offline: o.offline || undefined, onDownload: downloads, langs: o.langs, baseline: o.baseline, reference: o.reference,
      claimPct: o.claim, seed: o.seed, resamples: o.resamples, byDomain: o.byDomain, prices: o.prices, monthlyWords: o.monthlyWords,
      out: o.out, force: o.force, workers: o.workers, cache: o.cache, slides: o.slides, charts: o.charts, argv: ['tokentax', ...argv],
      sample: o.sample, apiRpm: o.apiRpm, apiConcurrency: o.apiConcurrency, apiTimeoutMs: o.apiTimeout, apiMaxWaitMs: o.apiMaxWait,
      log: (l) => err(l), // warnings and skip notes stay on with --quiet, which silences progress only
      onProgress: (p) => progress.update(p.corpus, p.tokenizer, p.done, p.total),
      onTokenizerDone: (c, t, n) => progress.finish(c, t, n),
      // On a terminal the progress bars show each counter's ETA; elsewhere a line every 30 s does.
      onApiProgress: o.quiet || process.stderr.isTTY ? undefined : (l) => err(l),
      signal: controller.signal,
    });
    progress.stop();
    if (o.json) {
      out(JSON.stringify({ dir: res.dir, headline: res.analysis.headline, summary: res.analysis.summary, skipped: res.skipped }, null, 2));
      return;
    }
    out('');
    out(overheadTable(res.analysis.summary, o.baseline));
    out('');
    out(res.analysis.headline.text);
    out('');
    out(`Report: ${relative(process.cwd(), res.dir) || '.'}/ (summary.csv, segments.csv, costs.csv, report.md, report.html, charts/, manifest.json)`);
  } catch (e) {
    progress.stop();
    const partial = (e as { partialDir?: string }).partialDir;
    if (signalled) {
      throw new UserError('interrupted', `run interrupted by ${signalled}; no complete report was written`, partial ? `partial measurements (no manifest.json) are in ${partial}; delete it or start the run again` : 'start the run again');
    }
    throw e;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}
