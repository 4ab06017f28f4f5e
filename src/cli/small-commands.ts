// The commands other than `run`: each is a few lines over the library API.
import { availableParallelism } from 'node:os';
import { readFile } from 'node:fs/promises';
import { inputError, usageError } from '../errors.js';
import type { Tokenizer } from '../types.js';
import { color, err, out, table } from './io.js';

interface TokOpts { tokenizers?: string[]; tokenizerDir?: string; hubTimeout?: number; offline?: boolean }

async function loadAll(o: TokOpts, fallback: string[]): Promise<Tokenizer[]> {
  const { resolveTokenizers, loadTokenizer } = await import('../tokenizers/index.js');
  const ids = o.tokenizers?.length ? o.tokenizers : fallback;
  const { resolved, skipped } = await resolveTokenizers(ids, { tokenizerDir: o.tokenizerDir, hubTimeoutMs: o.hubTimeout, offline: o.offline || undefined, explicit: !!o.tokenizers?.length && !ids.includes('all') });
  for (const s of skipped) err(`skipped ${s.id}: ${s.reason}. ${s.hint}`);
  if (!resolved.length) throw usageError('no tokenizer could be loaded', 'pick ids from `tokentax tokenizers`');
  return Promise.all(resolved.map((r) => loadTokenizer(r)));
}

async function readText(words: string[], file?: string): Promise<string> {
  if (file) {
    try {
      return file === '-' ? await new Response(process.stdin as unknown as ReadableStream).text() : await readFile(file, 'utf8');
    } catch (e) {
      throw inputError(`cannot read ${file} (${(e as NodeJS.ErrnoException).code ?? 'error'})`, 'check the --file path');
    }
  }
  if (!words.length) throw usageError('no text to count', 'give the text as an argument, or use --file <path>');
  return words.join(' ');
}

export async function countCommand(words: string[], o: TokOpts & { file?: string; json?: boolean }): Promise<void> {
  const text = await readText(words, o.file);
  const { codePoints } = await import('../measure/text.js');
  const chars = codePoints(text);
  const toks = await loadAll(o, ['cl100k_base', 'o200k_base']);
  const rows = toks.map((t) => ({ tokenizer: t.info.id, category: t.info.category, tokens: t.count(text), chars }));
  if (o.json) return out(JSON.stringify(rows, null, 2));
  out(table(['tokenizer', 'category', 'tokens', 'chars/token'], rows.map((r) => [r.tokenizer, r.category, r.tokens, r.tokens ? (chars / r.tokens).toFixed(2) : '—'])));
}

export async function tokenizersCommand(o: { tokenizerDir?: string; json?: boolean }): Promise<void> {
  const { listTokenizers } = await import('../tokenizers/index.js');
  const list = await listTokenizers({ tokenizerDir: o.tokenizerDir });
  if (o.json) return out(JSON.stringify(list, null, 2));
  out(table(
    ['id', 'category', 'vocab', 'org', 'source', 'status'],
    list.map((t) => [t.id, t.category, t.vocabSize, t.org.length > 32 ? t.org.slice(0, 31) + '…' : t.org, `${t.source.kind}:${t.source.ref}${t.source.version ? '@' + t.source.version : ''}`, t.status]),
  ));
  const notes = list.filter((t) => t.statusDetail && t.status !== 'ready');
  if (notes.length) out('\n' + notes.map((t) => `${t.id}: ${t.statusDetail}`).join('\n'));
}

export async function corporaCommand(o: { json?: boolean }): Promise<void> {
  const { listCorpora } = await import('../corpus/index.js');
  const list = await listCorpora();
  if (o.json) return out(JSON.stringify(list, null, 2));
  out(table(
    ['id', 'format', 'languages', 'segments', 'domains'],
    list.map((c) => [c.id, c.format, c.langs.join(','), Math.min(...Object.values(c.segmentsPerLang)), Object.entries(c.domains).map(([d, n]) => `${d} ${n}`).join(', ')]),
  ));
  out('\nAlso: --corpus <path> reads FLORES-200 folders, CSV/TSV, JSONL and Moses-style files (see the README).');
}

export async function reportCommand(dir: string, o: { slides?: boolean }): Promise<void> {
  const { renderRun } = await import('../report/index.js');
  const { catalog } = await import('../tokenizers/index.js');
  const { files } = await renderRun(dir, { catalog: catalog(), slides: !!o.slides, threads: availableParallelism(), log: (l) => err(l) });
  out(`re-rendered ${files.length} files in ${dir}`);
}

export async function slidesCommand(dir: string): Promise<void> {
  const { readRun, writeSlides } = await import('../report/index.js');
  const { catalog } = await import('../tokenizers/index.js');
  const file = await writeSlides(dir, await readRun(dir, { catalog: catalog() }), { threads: availableParallelism() });
  out(`wrote ${file}`);
}

export async function explainCommand(text: string, o: TokOpts & { html?: string; svg?: string }): Promise<void> {
  const { explain, renderExplainTerminal, writeExplainHtml, writeExplainSvg } = await import('../report/explain.js');
  const toks = await loadAll(o, ['cl100k_base', 'o200k_base']);
  const view = explain(text, toks);
  out(renderExplainTerminal(view, color()));
  if (o.html) await writeExplainHtml(o.html, view);
  if (o.svg) await writeExplainSvg(o.svg, view);
}
