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
