// `tokentax run`: signals, progress and the printed summary around the library's runTokenTax().
import { DEFAULTS } from '../config.js';
import { existsSync, readdirSync } from 'node:fs';
import { relative } from 'node:path';
import { UserError, usageError } from '../errors.js';
import { claimSubjectSentences } from '../analysis/index.js';
import { runTokenTax } from '../pipeline/index.js';
import { findings, MANY_LANGS } from '../report/index.js';
import type { ClaimRow, SummaryRow } from '../types.js';
import { fmtCi, fmtPctPlain, languageName } from '../vocabulary.js';
import { err, fail, fitTable, out, outputWidth, wrapText } from './io.js';
import { createDownloadProgress, createProgress } from './progress.js';
import { type RunFlags, runSettings } from './run-flags.js';

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

const claimedText = (r: ClaimRow) => `${r.claimedPct > 0 ? '+' : ''}${r.claimedPct} % ± ${r.marginPct}`;

/**
 * The claim check as a table of at most `width` columns: a row per subject and language with both verdicts (the
 * whole overhead against the part's claimed figure, the tokenizer's own share against 0); a subject the run did not
 * measure is one row. Languages are rows whatever their number, so the table grows down, not across.
 */
export function claimTable(rows: ClaimRow[], width = 160): string {
  const corpora = [...new Set(rows.map((r) => r.corpus))];
  return corpora
    .map((c) => {
      const mine = rows.filter((r) => r.corpus === c);
      const m = mine[0]?.marginPct ?? DEFAULTS.analysis.claimMarginPct;
      const parts = [...new Set(mine.map((r) => r.part))].map(
        (p) => `part ${p} ${claimedText(mine.find((r) => r.part === p)!)}`,
      );
      const body: string[][] = [];
      for (const subject of [...new Set(mine.map((r) => `${r.part}\0${r.subject}`))]) {
        const sr = mine.filter((r) => `${r.part}\0${r.subject}` === subject);
        if (sr.every((r) => r.verdict === 'not measured')) {
          const r = sr[0];
          body.push([
            String(r.part),
            r.subject,
            r.tokenizer,
            'all',
            '–',
            '–',
            'not measured',
            '',
            '',
            '',
            '',
          ]);
          continue;
        }
        for (const r of sr)
          body.push([
            String(r.part),
            r.subject,
            r.tokenizer,
            languageName(r.lang),
            fmtPctPlain(r.overheadPct),
            fmtCi(r.ciLowPct, r.ciHighPct),
            r.verdict,
            fmtPctPlain(r.lengthPct),
            fmtPctPlain(r.tokenizerPct),
            fmtCi(r.tokenizerCiLowPct, r.tokenizerCiHighPct),
            r.tokenizerVerdict,
          ]);
      }
      const header = [
        'part',
        'subject',
        'tokenizer',
        'language',
        'overhead',
        'CI',
        'verdict',
        'length',
        'tok. share',
        'CI',
        'share verdict',
      ];
      const title = wrapText(
        `${c}: the claim, per half, subject and language (overhead vs English, 95 % CI, against ${parts.join(', ')}; ` +
          `overhead = length × tokenizer share, the share against 0 ± ${m})`,
        width,
      );
      return `${title}\n${fitTable(header, body, width, 4)}`;
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
      return r ? `${fmtPctPlain(r.overheadPct)} ${fmtCi(r.ciLowPct, r.ciHighPct)}` : '—';
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

/** The claim's sentences, one a subject, as a wrapped list. */
export function claimDetailsText(sentences: readonly string[], width = 160): string {
  return sentences.map((f) => wrapText(`- ${f.replace(/\u00a0/g, ' ')}`, width, '  ')).join('\n');
}

/** The error of an interrupted run, naming the folder that holds its partial measurements. */
function interrupted(signal: NodeJS.Signals, partial: string | undefined): UserError {
  return new UserError(
    'interrupted',
    `run interrupted by ${signal}; no complete report was written`,
    partial
      ? `partial measurements (no manifest.json) are in ${partial}; delete it or start the run again`
      : 'start the run again',
  );
}

export async function runCommand(o: RunFlags, argv: string[]): Promise<void> {
  const controller = new AbortController();
  let signalled: NodeJS.Signals | undefined;
  let partialDir: string | undefined;
  const onSignal = (s: NodeJS.Signals) => {
    if (signalled) {
      // A second Ctrl-C: leave at once, still saying where the rows measured so far are.
      err(`tokentax: ${s} again, leaving at once`);
      fail(interrupted(signalled, partialDir && existsSync(partialDir) ? partialDir : undefined));
      process.exit(130);
    }
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
    const res = await runTokenTax(runSettings(o, money.currency), {
      argv: ['tokentax', ...argv],
      onDownload: downloads,
      // Warnings and skip notes stay on with --quiet, which silences progress only. On a terminal they are wrapped
      // to its width; piped, each stays one line for whatever reads it.
      log: (l) => err(process.stderr.isTTY ? wrapText(l, outputWidth(process.stderr)) : l),
      onProgress: (p) => progress.update(p.corpus, p.tokenizer, p.done, p.total),
      onTokenizerDone: (c, t, n) => progress.finish(c, t, n),
      // On a terminal the progress bars show each counter's ETA; elsewhere a line every 30 s does.
      onApiProgress: o.quiet || process.stderr.isTTY ? undefined : (l) => err(l),
      signal: controller.signal,
      onFolder: (work) => void (partialDir = work),
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
    out(overheadTable(res.analysis.summary, res.analysis.options.baseline, width));
    if (res.analysis.claim?.length) {
      out('');
      out(claimTable(res.analysis.claim, width));
    }
    out('');
    // The findings, as the report's headline and the deck's takeaways say them.
    const found = findings({
      manifest: res.manifest,
      analysis: res.analysis,
      tokenizers: [],
      skipped: res.skipped,
    }).map((f) => f.sentence);
    out(
      found.length
        ? `Findings:\n${findingsText(found, width)}`
        : wrapText(res.analysis.headline.text, width, ''),
    );
    // Then the claim per subject and language in words, where the languages are few enough to read them so.
    const first = res.analysis.headline.claim ?? [];
    if (found.length && first.length && new Set(first.map((r) => r.lang)).size <= MANY) {
      out('');
      out(`The claim, per subject and language:\n${claimDetailsText(claimSubjectSentences(first), width)}`);
    }
    out('');
    out(wrapText(`Report: ${relative(process.cwd(), res.dir) || '.'}/ (${folderFiles(res.dir)})`, width));
  } catch (e) {
    progress.stop();
    const partial = (e as { partialDir?: string }).partialDir;
    if (signalled) throw interrupted(signalled, partial);
    throw e;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

/** What the run folder holds, as written: the tables first, then the reports, the deck, charts/ and the manifest. */
function folderFiles(dir: string): string {
  const rank = (n: string) => ['.csv', '.md', '.html', '.pptx', '/', '.json'].findIndex((x) => n.endsWith(x));
  return readdirSync(dir, { withFileTypes: true })
    .map((d) => (d.isDirectory() ? `${d.name}/` : d.name))
    .sort((a, b) => rank(a) - rank(b) || a.localeCompare(b))
    .join(', ');
}
