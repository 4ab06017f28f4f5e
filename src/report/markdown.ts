// report.md: GitHub-flavoured Markdown of the report document.
import type { Block, Cell, Inline, ReportDocument } from './document-model.js';

/**
 * Escapes text so Markdown shows it literally (also inside table cells). Underscores inside words are left
 * alone: GitHub does not read them as emphasis, and ids such as cl100k_base stay readable in the source.
 */
export function mdText(s: string): string {
  return (
    s
      .replace(/\r?\n/g, ' ')
      .replace(/[\\`*<>|~]/g, '\\$&')
      // "[a](b)" and "[a][b]" would become links; a lone "[59.2, 62.4]" is plain text (no link definitions here).
      .replace(/\]([([])/g, ']\\$1')
      .replace(/_/g, (m, i: number, all: string) =>
        /\w/.test(all[i - 1] ?? '') && /\w/.test(all[i + 1] ?? '') ? m : '\\_',
      )
  );
}

/** Text at the start of a line: also keep "#", "-", "+", "1." from starting a heading or a list. */
function mdLineStart(s: string): string {
  return s.replace(/^(#|\[|[-+]\s|\d+\.\s)/, '\\$1');
}

/** Inline code that survives any backticks or pipes inside it. */
function mdCode(s: string, inTable: boolean): string {
  const body = inTable ? s.replace(/\|/g, '\\|') : s;
  const ticks = (s.match(/`+/g) ?? []).reduce((n, t) => Math.max(n, t.length), 0) + 1;
  const fence = '`'.repeat(ticks);
  const pad = body.startsWith('`') || body.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${body}${pad}${fence}`;
}

function inline(parts: Inline[], inTable = false): string {
  return parts
    .map((p) => {
      if (typeof p === 'string') return mdText(p);
      if ('code' in p) return mdCode(p.code, inTable);
      if ('link' in p) return `[${mdText(p.text)}](<${p.link.replace(/[<>\s]/g, encodeURIComponent)}>)`;
      return `**${mdText(p.strong)}**`;
    })
    .join('');
}

function cellText(c: Cell): string {
  return c.code ? mdCode(c.text, true) : mdText(c.text);
}

function block(b: Block): string {
  switch (b.kind) {
    case 'heading':
      return `${'#'.repeat(b.level)} ${mdText(b.text)}`;
    case 'para':
      return mdLineStart(inline(b.content));
    case 'list':
      return b.items.map((i) => `- ${mdLineStart(inline(i))}`).join('\n');
    case 'code':
      return '```\n' + b.text + '\n```';
    case 'chart': {
      const c = b.chart;
      return (
        `![${mdText(c.title)}: ${mdText(c.description)}](${c.rel.png})\n\n` +
        `*${mdText(c.title)}* — [SVG](${c.rel.svg}) · [Vega-Lite spec](${c.rel.spec})`
      );
    }
    case 'table': {
      const head = `| ${b.columns.map((c) => mdText(c.label)).join(' | ')} |`;
      const sep = `| ${b.columns.map((c) => (c.numeric ? '---:' : '---')).join(' | ')} |`;
      const rows = b.rows.map((r) => `| ${r.map(cellText).join(' | ')} |`);
      return [`**${mdText(b.caption)}**`, '', head, sep, ...rows].join('\n');
    }
  }
}

export function renderMarkdown(doc: ReportDocument): string {
  const parts = [`# ${mdText(doc.title)}`, `*${inline(doc.subtitle)}*`, ...doc.blocks.map(block)];
  return parts.join('\n\n') + '\n';
}

/**
 * The README block for a run (issue #6, point 10): the findings, the claim table, one chart and the command that
 * regenerates them. `chart` is the image path as the README should link it.
 */
export function renderReadmeSnippet(
  doc: ReportDocument,
  opts: { chart: string; chartAlt?: string; command: string },
): string {
  const table = doc.blocks.find((b) => b.kind === 'table' && b.id === 'table-headline');
  // The findings, as the report's headline lists them (a run without a claim check: its headline paragraph).
  const parts = [
    doc.findings.length
      ? doc.findings.map((f) => `- ${mdLineStart(mdText(f))}`).join('\n')
      : mdLineStart(mdText(doc.headline)),
  ];
  if (table) parts.push(block(table));
  parts.push(`![${mdText(opts.chartAlt ?? 'Token overhead by tokenizer and language')}](${opts.chart})`);
  parts.push('Regenerate with:\n\n```sh\n' + opts.command + '\n```');
  return parts.join('\n\n') + '\n';
}
