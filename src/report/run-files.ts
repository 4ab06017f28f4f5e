// The files of a run folder, once: each one's name, who writes it, who reads it back, and whether the report's
// list of the run's data lists it. The CSV writer (writeRunCsvs), the re-render (renderRun), the reader
// (readRun), the report (document.ts), the charts and the pipeline (segments.csv, manifest.json) take the names
// from here. Adding an output file: one entry here, its writer, and its reader if the report needs it back.
import { join } from 'node:path';
import type { AnalysisResult } from '../types.js';
import {
  formatClaimCsv,
  formatCostsCsv,
  formatEfficiencyCsv,
  formatModelsCsv,
  formatPricesCsv,
  formatSummaryCsv,
  modelCsvRow,
} from './csv.js';
import { writeOutput } from './write.js';

export interface RunFile {
  name: string;
  /** What writes it. */
  writer: string;
  /** What reads it back ('' when nothing does: it is for the user). */
  reader: string;
  /** Listed among the run's data in the report; a string says what it holds. */
  listed: boolean | string;
  /** For a file the run may not have: whether this run's analysis has it. */
  present?: (a: AnalysisResult) => boolean;
  /** A CSV of the analysis: its text (writeRunCsvs writes every file that has one). */
  format?: (a: AnalysisResult) => string;
}

export const RUN_FILES = {
  summary: {
    name: 'summary.csv',
    writer: 'writeRunCsvs (csv.ts)',
    reader: 'readRun (index.ts)',
    listed: true,
    format: (a) => formatSummaryCsv(a.summary),
  },
  efficiency: {
    name: 'efficiency.csv',
    writer: 'writeRunCsvs (csv.ts)',
    reader: 'readRun (index.ts)',
    listed: true,
    format: (a) => formatEfficiencyCsv(a.efficiency),
  },
  costs: {
    name: 'costs.csv',
    writer: 'writeRunCsvs (csv.ts); renderRun from prices.csv',
    reader: 'readRun (index.ts): the monthly words',
    listed: true,
    format: (a) => formatCostsCsv(a.costs),
  },
  prices: {
    name: 'prices.csv',
    writer: 'writeRunCsvs (csv.ts)',
    reader: 'readRun (index.ts)',
    listed: true,
    format: (a) => formatPricesCsv(a.prices),
  },
  claim: {
    name: 'claim.csv',
    writer: 'writeRunCsvs (csv.ts)',
    reader: 'readRun (index.ts)',
    listed: true,
    present: (a) => !!a.claim,
    format: (a) => formatClaimCsv(a.claim ?? []),
  },
  models: {
    name: 'models.csv',
    writer: 'writeRunCsvs (csv.ts); renderRun from prices.csv',
    reader: 'readRun (index.ts)',
    listed: true,
    present: (a) => !!a.models,
    format: (a) => formatModelsCsv((a.models ?? []).map((r) => modelCsvRow(r, a.options))),
  },
  segments: {
    name: 'segments.csv',
    writer: 'the pipeline, while measuring (pipeline/segments-csv.ts)',
    reader: '',
    listed: 'one row per segment, language and tokenizer',
  },
  manifest: {
    name: 'manifest.json',
    writer: 'the pipeline (pipeline/run.ts)',
    reader: 'readRun (index.ts)',
    listed: true,
  },
  markdown: { name: 'report.md', writer: 'writeReports (index.ts)', reader: '', listed: false },
  html: { name: 'report.html', writer: 'writeReports (index.ts)', reader: '', listed: false },
  charts: {
    name: 'charts',
    writer: 'writeCharts (charts.ts): <name>.vl.json, .svg, .png',
    reader: 'writeCharts: an edited .vl.json is kept',
    listed: false,
  },
  slides: {
    name: 'slides.pptx',
    writer: 'writeSlides (slides.ts), with --slides',
    reader: 'renderRun re-renders it when present',
    listed: false,
  },
} as const satisfies Record<string, RunFile>;

export type RunFileId = keyof typeof RUN_FILES;

/** The deck a run folder may hold (--slides, `tokentax slides`); `tokentax report` re-renders it when present. */
export const SLIDES_FILE = RUN_FILES.slides.name;

/** The run's data files the report lists, in table order, with what each holds when that needs saying. */
export function listedFiles(a: AnalysisResult): { name: string; note?: string }[] {
  return Object.values(RUN_FILES as Record<string, RunFile>)
    .filter((f) => f.listed !== false && (f.present?.(a) ?? true))
    .map((f) => (typeof f.listed === 'string' ? { name: f.name, note: f.listed } : { name: f.name }));
}

/** Writes the analysis CSVs (every RUN_FILES entry with a format, when present) into `dir`; returns their paths. */
export async function writeRunCsvs(dir: string, a: AnalysisResult): Promise<string[]> {
  const out: string[] = [];
  for (const f of Object.values(RUN_FILES as Record<string, RunFile>)) {
    if (!f.format || !(f.present?.(a) ?? true)) continue;
    const file = join(dir, f.name);
    await writeOutput(file, f.format(a));
    out.push(file);
  }
  return out;
}
