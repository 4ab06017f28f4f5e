// The commands other than `run`: each is a few lines over the library API.
import { availableParallelism } from 'node:os';
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { inputError, usageError } from '../errors.js';
import type { Tokenizer, TokenizerCategory } from '../types.js';
import { color, err, out, say, table } from './io.js';
import { type RunFlags, tokenizerSettings } from './run-flags.js';

/** The run's flags that `count` and `explain` take too. */
type TokOpts = Pick<RunFlags, 'tokenizers' | 'tokenizerDir' | 'hubTimeout' | 'offline' | 'cache' | 'apiRpm'>;

/** A tokenizer of a small command: a local one, or a provider API ref (counts only, asynchronous). */
type Counter =
  | { kind: 'local'; tok: Tokenizer }
  | { kind: 'api'; id: string; category: TokenizerCategory; count: (text: string) => Promise<number> };

/** The command's tokenizers and provider counters, opened as `run` opens them (pipeline/tokenizers.ts). */
async function loadAll(o: TokOpts): Promise<{ counters: Counter[]; close: () => Promise<void> }> {
  const { loadTokenizer } = await import('../tokenizers/index.js');
  const { openTokenizers } = await import('../pipeline/tokenizers.js');
  const { resolveConfig, INSPECT_TOKENIZERS } = await import('../config.js');
  const config = resolveConfig({ tokenizers: tokenizerSettings(o), api: { rpm: o.apiRpm } });
  const named = !!o.tokenizers?.length;
  const { local, remote, skipped } = await openTokenizers({
    ids: config.tokenizers.ids,
    fallback: INSPECT_TOKENIZERS,
    // "all" lists what can be had; a tokenizer of it that cannot is skipped, not an error.
    explicit: named && !o.tokenizers!.includes('all'),
    tokenizers: config.tokenizers,
    api: config.api,
    log: (l) => err(l),
  });
  for (const s of skipped) err(`skipped ${s.id}: ${s.reason}. ${s.hint}`);
  const ready = remote?.ready ?? [];
  if (!local.length && !ready.length)
    throw usageError('no tokenizer could be loaded', 'pick ids from `tokentax tokenizers`');
  const loaded = await Promise.all(
    local.map(async (r) => ({ kind: 'local' as const, tok: await loadTokenizer(r) })),
  );
  const api = ready.map((r) => ({
    kind: 'api' as const,
    id: r.info.id,
    category: r.info.category,
    count: async (text: string) => (await remote!.counters.count(r.info.id, [text]))[0],
  }));
  // In the order asked: local ones first (they are loaded), then the API refs.
  return { counters: [...loaded, ...api], close: async () => remote?.counters.close() };
}

async function readText(words: string[], file?: string): Promise<string> {
  if (file) {
    try {
      return file === '-'
        ? await new Response(process.stdin as unknown as ReadableStream).text()
        : await readFile(file, 'utf8');
    } catch (e) {
      throw inputError(
        `cannot read ${file} (${(e as NodeJS.ErrnoException).code ?? 'error'})`,
        'check the --file path',
      );
    }
  }
  if (!words.length)
    throw usageError('no text to count', 'give the text as an argument, or use --file <path>');
  return words.join(' ');
}

export async function countCommand(
  words: string[],
  o: TokOpts & { file?: string; json?: boolean },
): Promise<void> {
  const text = await readText(words, o.file);
  const { codePoints } = await import('../measure/text.js');
  const chars = codePoints(text);
  const { counters, close } = await loadAll(o);
  let rows: { tokenizer: string; category: string; tokens: number; chars: number }[];
  try {
    rows = [];
    for (const c of counters) {
      rows.push(
        c.kind === 'local'
          ? { tokenizer: c.tok.info.id, category: c.tok.info.category, tokens: c.tok.count(text), chars }
          : { tokenizer: c.id, category: c.category, tokens: await c.count(text), chars },
      );
    }
  } finally {
    await close();
  }
  if (o.json) return out(JSON.stringify(rows, null, 2));
  out(
    table(
      ['tokenizer', 'category', 'tokens', 'chars/token'],
      rows.map((r) => [r.tokenizer, r.category, r.tokens, r.tokens ? (chars / r.tokens).toFixed(2) : '—']),
    ),
  );
}

export async function tokenizersCommand(o: { tokenizerDir?: string; json?: boolean }): Promise<void> {
  const { listAllTokenizers } = await import('../pipeline/tokenizers.js');
  const list = await listAllTokenizers({ dir: o.tokenizerDir });
  if (o.json) return out(JSON.stringify(list, null, 2));
  out(
    table(
      ['id', 'category', 'vocab', 'org', 'source', 'status'],
      list.map((t) => [
        t.id,
        t.category,
        t.vocabSize || '—',
        t.org.length > 32 ? t.org.slice(0, 31) + '…' : t.org,
        t.source.kind === 'api'
          ? 'provider API'
          : `${t.source.kind}:${t.source.ref}${t.source.version ? '@' + t.source.version : ''}`,
        t.status,
      ]),
    ),
  );
  const notes = list.filter((t) => t.statusDetail && t.status !== 'ready');
  if (notes.length) say('\n' + notes.map((t) => `${t.id}: ${t.statusDetail}`).join('\n'));
}

export async function corporaCommand(o: { json?: boolean }): Promise<void> {
  const { listCorpora } = await import('../corpus/index.js');
  const list = await listCorpora();
  if (o.json) return out(JSON.stringify(list, null, 2));
  out(
    table(
      ['id', 'format', 'languages', 'segments', 'status', 'domains'],
      list.map((c) => [
        c.id,
        c.format,
        c.langs.length > 6 ? `${c.langs.length} (${c.langs.slice(0, 4).join(',')},…)` : c.langs.join(','),
        c.langs.length ? Math.min(...Object.values(c.segmentsPerLang)) : '',
        c.status ?? '',
        Object.entries(c.domains)
          .map(([d, n]) => `${d} ${n}`)
          .join(', '),
      ]),
    ),
  );
  out(
    '\nAlso: --corpus <path> reads FLORES-200 folders, CSV/TSV, JSONL and Moses-style files (see the README).',
  );
}

export async function corporaFetchCommand(
  id: string,
  o: { langs?: string[]; timeout?: number; json?: boolean; quiet?: boolean },
): Promise<void> {
  const { FETCHABLE, fetchCorpus, fetchSpec, isFetchable } = await import('../corpus/index.js');
  const { downloadTo } = await import('../tokenizers/index.js');
  if (!isFetchable(id))
    throw usageError(
      `there is no corpus "${id}" to fetch`,
      `tokentax corpora fetch takes ${FETCHABLE.join(', ')}`,
    );
  const { createFetchProgress } = await import('./progress.js');
  const spec = fetchSpec(id);
  const r = await fetchCorpus(id, {
    download: downloadTo,
    langs: o.langs,
    timeoutMs: o.timeout,
    onEvent: createFetchProgress(
      spec.name,
      o.quiet || o.json ? 'quiet' : process.stderr.isTTY ? 'tty' : 'lines',
    ),
  });
  if (o.json) return out(JSON.stringify({ id, ...r }, null, 2));
  out(
    `${spec.name}: ${r.langs.length} language${r.langs.length > 1 ? 's' : ''} in ${r.dir} (${r.fetched.length} file${r.fetched.length === 1 ? '' : 's'} fetched, ${r.kept.length} already there; ${spec.licence.split(' (')[0]}).`,
  );
  out(
    `Use it with: tokentax run --corpus ${id} --langs ${r.langs.length > 6 ? 'eu' : r.langs.join(',')} --split devtest`,
  );
}

export async function reportCommand(
  dir: string,
  o: { slides?: boolean; billModels?: string[] },
): Promise<void> {
  const { renderRun, SLIDES_FILE } = await import('../report/index.js');
  const { catalog } = await import('../tokenizers/index.js');
  const { files } = await renderRun(dir, {
    catalog: catalog(),
    slides: !!o.slides,
    ...(o.billModels?.length ? { billModels: o.billModels } : {}),
    threads: availableParallelism(),
    log: (l) => err(l),
  });
  out(`re-rendered ${files.length} files in ${dir}`);
  // The deck is re-rendered with the rest when the folder has one; say so either way.
  out(
    files.some((f) => basename(f) === SLIDES_FILE)
      ? `${SLIDES_FILE} re-rendered with the new figures`
      : `no ${SLIDES_FILE} in ${dir}, so none was written (add --slides, or run tokentax slides ${dir})`,
  );
}

export async function slidesCommand(dir: string): Promise<void> {
  const { readRun, writeSlides } = await import('../report/index.js');
  const { catalog } = await import('../tokenizers/index.js');
  const file = await writeSlides(dir, await readRun(dir, { catalog: catalog() }), {
    threads: availableParallelism(),
  });
  out(`wrote ${file}`);
}

export async function explainCommand(
  text: string,
  o: TokOpts & { html?: string; svg?: string },
): Promise<void> {
  const { explain, renderExplainTerminal, writeExplainHtml, writeExplainSvg } =
    await import('../report/explain.js');
  const { counters, close } = await loadAll(o);
  const api: string[] = [];
  try {
    for (const c of counters)
      if (c.kind === 'api')
        api.push(
          `${c.id}: ${await c.count(text)} tokens (its API gives a count, not the tokens: no boundaries to show)`,
        );
  } finally {
    await close();
  }
  const toks = counters.flatMap((c) => (c.kind === 'local' ? [c.tok] : []));
  const view = explain(text, toks);
  if (toks.length) out(renderExplainTerminal(view, color()));
  for (const line of api) out(line);
  if (o.html) await writeExplainHtml(o.html, view);
  if (o.svg) await writeExplainSvg(o.svg, view);
}

export async function pricesCommand(o: {
  update?: boolean;
  prices?: string;
  all?: boolean;
  json?: boolean;
  on?: string;
}): Promise<void> {
  const { listModels, stateCell } = await import('./models-command.js');
  const { list: listed, asOf, on, prices: p } = await listModels(o);
  const list = listed.map(({ price: r, ...m }) => ({
    ...m,
    inputUsdPerMTok: r?.inputPerMTok,
    cachedInputUsdPerMTok: r?.cachedInputPerMTok,
    outputUsdPerMTok: r?.outputPerMTok,
    tiers: r?.tiers ?? [],
    date: r?.dateChecked,
    ...(r?.validUntil ? { validUntil: r.validUntil } : {}),
    source: r?.source ?? p.missing.get(`${m.provider}/${m.model}`.toLowerCase()) ?? 'no price',
  }));
  if (o.json) return out(JSON.stringify({ source: p.source, catalogAsOf: asOf, on, models: list }, null, 2));
  say(
    `Prices: ${p.source.name}, data of ${p.source.date} (${p.source.dateBasis})${p.source.override ? `; ${p.source.override} on top` : ''}. USD per 1M tokens. Model states on ${on} (lifecycle facts as of ${asOf ?? 'no date'}; \`tokentax models\` gives their sources)${o.all ? '' : "; today's models only (--all adds legacy and retired ones)"}.`,
  );
  const usd = (x?: number) => (x === undefined ? '–' : String(x));
  out(
    table(
      ['provider', 'model', 'state', 'counted with', 'input', 'cached', 'output', 'context tiers', 'date'],
      list.map((m) => [
        m.provider,
        m.model,
        stateCell(m),
        m.countedWith,
        usd(m.inputUsdPerMTok),
        usd(m.cachedInputUsdPerMTok),
        usd(m.outputUsdPerMTok),
        m.tiers.map((t) => `>${t.aboveInputTokens}: ${t.inputPerMTok}/${t.outputPerMTok}`).join('; ') || '–',
        m.date ? `${m.date}${m.validUntil ? ` (until ${m.validUntil})` : ''}` : m.source,
      ]),
    ),
  );
  if (list.some((m) => /peak rate/.test(m.source)))
    say(`\nPeak rate: ${(await import('../prices/index.js')).TIME_OF_DAY_CONVENTION}.`);
  if (!o.update)
    out(
      `\n\`tokentax prices --update\` fetches the latest published data (${(await import('../prices/index.js')).dataUrl()}).`,
    );
}
