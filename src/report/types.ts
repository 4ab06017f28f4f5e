// What the report writers take: everything a run produced, as written to (or read back from) its folder.
import type { AnalysisResult, RunManifest, SkippedTokenizer, TokenizerInfo } from '../types.js';

export interface RunData {
  manifest: RunManifest;
  analysis: AnalysisResult;
  /** Full catalog entries of the tokenizers measured (name, models, source, licence). */
  tokenizers: TokenizerInfo[];
  skipped: SkippedTokenizer[];
}

export interface WriteReportsOptions {
  /** Draw charts (default true). Without them the reports still link to existing charts/ files, if any. */
  charts?: boolean;
  /** Also write slides.pptx (done by the slides module when present). */
  slides?: boolean;
  /** Worker threads to draw the charts on (default 1: this thread). */
  threads?: number;
  log?: (line: string) => void;
}

export type ChartName = 'overhead' | 'efficiency' | 'cost' | 'fertility';

/** The size a chart is drawn at, and whether it carries its own title (a slide gives it one instead). */
export interface ChartCanvas {
  width: number;
  height: number;
  titled: boolean;
}

export interface ChartSpec {
  name: ChartName;
  corpus: string;
  /** File stem inside charts/: the chart name, plus "-<corpus>" when the run has several corpora. */
  file: string;
  title: string;
  /** Short description for alt text and slide notes. */
  description: string;
  spec: Record<string, unknown>;
}
