// The report's document model: what buildDocument (document.ts) produces and the writers (markdown.ts, html.ts)
// render. Its own module so the builders of its parts (document.ts, model-view.ts) share it without importing
// each other.
import type { TokenizerCategory } from '../types.js';
import type { ChartFile } from './charts.js';

/** Inline text: plain, code, a link, or strong. */
export type Inline = string | { code: string } | { link: string; text: string } | { strong: string };

export interface Cell {
  text: string;
  /** Value used to sort the column in the HTML report (numbers sort numerically). */
  sort?: number | string;
  /** The category, for a colour mark in HTML. */
  category?: TokenizerCategory;
  code?: boolean;
}

export interface Column {
  label: string;
  numeric?: boolean;
  /** One of a table's language columns: with more than MANY_LANGS of them the table is split (splitWide). */
  lang?: boolean;
}

export type Block =
  | { kind: 'heading'; level: 2 | 3; text: string; id: string }
  | { kind: 'para'; content: Inline[] }
  | { kind: 'list'; items: Inline[][] }
  | { kind: 'table'; id: string; caption: string; columns: Column[]; rows: Cell[][] }
  | { kind: 'chart'; chart: ChartFile }
  | { kind: 'code'; text: string };

export interface ReportDocument {
  /** The run's findings (findings.ts), as the headline lists them. */
  findings: string[];
  title: string;
  /** One line under the title: corpus, tokenizers, date, version. */
  subtitle: Inline[];
  headline: string;
  blocks: Block[];
}
