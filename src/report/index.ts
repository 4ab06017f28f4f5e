// Public API of the report stage: write a run's reports and charts, and read a finished run folder back.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DEFAULTS } from '../config.js';
import { billCaveats, buildHeadline, computeCosts, costNotes, priceModelRows } from '../analysis/index.js';
import { languageName } from '../vocabulary.js';
import { inputError } from '../errors.js';
import type {
  AnalysisOptions,
  Headline,
  Interval,
  Lang,
  RunManifest,
  SummaryRow,
  TokenizerCategory,
  TokenizerInfo,
  Workload,
} from '../types.js';
import { writeCharts, type ChartFile } from './charts.js';
import { writeOutput } from './write.js';
import {
  modelFromCsv,
  readClaimCsv,
  readCostsCsv,
  readEfficiencyCsv,
  readModelsCsv,
  readPricesCsv,
  readSummaryCsv,
} from './csv.js';
import { buildDocument } from './document.js';
import { renderHtml } from './html.js';
import { renderMarkdown } from './markdown.js';
import { RUN_FILES, SLIDES_FILE } from './run-files.js';
import type { RunData, WriteReportsOptions } from './types.js';

export type { RunData, WriteReportsOptions } from './types.js';
export {
  RUN_FILES,
  SLIDES_FILE,
  listedFiles,
  writeRunCsvs,
  type RunFile,
  type RunFileId,
} from './run-files.js';
export type { ChartFile, ChartName, ChartSpec, RenderedChart } from './charts.js';
export {
  buildChartSpecs,
  CHART_NAMES,
  renderChartSpec,
  renderChartSvg,
  warmUpCharts,
  writeCharts,
} from './charts.js';
export * from './csv.js';
export { findings, corpusNote, type Finding } from './findings.js';
export { MANY_LANGS } from './selection.js';
export { writeOutput } from './write.js';
export { buildDocument, TABLE_IDS } from './document.js';
export type { ReportDocument } from './document-model.js';
export { renderHtml, escHtml } from './html.js';
export { renderMarkdown, renderReadmeSnippet } from './markdown.js';
export { fontFiles, FONT_FAMILY, FONT_STACK } from './fonts.js';
export * as theme from './theme.js';
export * as format from './format.js';

const write = writeOutput;

/**
 * Writes report.md, report.html and charts/ (and slides.pptx with `slides`) into `dir`; returns the paths
 * written. The CSVs hold full precision and every view rounds once, so a report re-rendered from the folder is
 * identical.
 */
export async function writeReports(
  dir: string,
  data: RunData,
  opts: WriteReportsOptions = {},
): Promise<string[]> {
  const files: string[] = [];
  let charts: ChartFile[] = [];
  if (opts.charts !== false) {
    charts = await writeCharts(dir, data, { log: opts.log, threads: opts.threads });
    for (const c of charts) files.push(c.specPath, c.svgPath, c.pngPath);
  }
  const doc = buildDocument(data, charts);
  const md = join(dir, RUN_FILES.markdown.name);
  const html = join(dir, RUN_FILES.html.name);
  await write(md, renderMarkdown(doc));
  await write(html, renderHtml(doc));
  files.push(md, html);
  if (opts.slides) files.push(await (await loadSlides()).writeSlides(dir, data, charts, { log: opts.log }));
  return files;
}

/** slides.ts is loaded only when slides are asked for (pptxgenjs is large). */
async function loadSlides(): Promise<typeof import('./slides.js')> {
  return import('./slides.js');
}

/**
 * `tokentax slides <dir>`: writes slides.pptx from a run (the charts are drawn again, so the deck and
 * charts/ always match). Returns the path of the deck.
 */
export async function writeSlides(
  dir: string,
  run: RunData,
  opts: { charts?: ChartFile[]; threads?: number; log?: (line: string) => void } = {},
): Promise<string> {
  const charts = opts.charts ?? (await writeCharts(dir, run, { log: opts.log, threads: opts.threads }));
  return (await loadSlides()).writeSlides(dir, run, charts, { log: opts.log });
}

// ---------------------------------------------------------------- reading a run folder

export interface ReadRunOptions {
  /** Models of the bill chart, replacing the run's (`tokentax report --bill-models`). */
  billModels?: string[];
  /** Catalog entries (tokenizers/catalog.ts) to restore names, models and vocabulary sizes; the manifest has ids only. */
  catalog?: TokenizerInfo[];
  log?: (line: string) => void;
}

async function readManifest(dir: string): Promise<RunManifest> {
  const file = join(dir, RUN_FILES.manifest.name);
  if (!existsSync(file)) {
    throw inputError(
      `${dir} has no manifest.json, so it is not a finished tokentax run`,
      'point to a folder written by `tokentax run` (an interrupted run has no manifest.json; rerun it)',
    );
  }
  let m: RunManifest;
  try {
    m = JSON.parse(await readFile(file, 'utf8')) as RunManifest;
  } catch (e) {
    throw inputError(
      `${file} is not valid JSON: ${(e as Error).message}`,
      'restore manifest.json from the original run',
    );
  }
  if (!m || typeof m !== 'object' || !m.tool || !Array.isArray(m.corpora) || !Array.isArray(m.tokenizers)) {
    throw inputError(`${file} is not a tokentax manifest`, 'restore manifest.json from the original run');
  }
  return m;
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v ? v : undefined);
const num = (v: unknown): number | undefined =>
  typeof v === 'number' && Number.isFinite(v)
    ? v
    : typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))
      ? Number(v)
      : undefined;

/** The baseline is the language whose rows compare with themselves: tokens = baseline tokens in every row. */
function inferBaseline(summary: SummaryRow[]): Lang | undefined {
  const langs = [...new Set(summary.map((r) => r.lang))];
  return langs.find((l) =>
    summary
      .filter((r) => r.lang === l)
      .every((r) => r.tokens === r.baselineTokens && r.chars === r.baselineChars),
  );
}

/**
 * The settings a run used, by their names: the sections of manifest.json's `config` laid flat (their fields keep
 * the names of the flat `options` that folders written before it hold, which are read as they are).
 */
function usedSettings(m: RunManifest): Record<string, unknown> {
  const c = m.config;
  return c ? { ...c.corpus, ...c.analysis, ...c.prices } : (m.options ?? {});
}

function analysisOptions(
  m: RunManifest,
  summary: SummaryRow[],
  reference: string | undefined,
  monthlyFromCsv: number | undefined,
): AnalysisOptions {
  const o = usedSettings(m);
  const d = DEFAULTS.analysis;
  const baseline = str(o.baseline) ?? m.headline?.baseline ?? inferBaseline(summary);
  if (!baseline)
    throw inputError(
      'cannot tell the baseline language of this run',
      'add "baseline": "en" to the options in manifest.json',
    );
  return {
    baseline,
    reference: str(o.reference) ?? reference ?? d.reference,
    claimPct: num(o.claimPct) ?? num(o.claim) ?? m.headline?.claimPct ?? d.claimPct,
    seed: num(m.seed) ?? num(o.seed) ?? 0,
    resamples: num(o.resamples) ?? d.resamples,
    confidence: num(o.confidence) ?? d.confidence,
    byDomain: o.byDomain === true || summary.some((r) => r.domain !== 'all'),
    ...((num(o.monthlyWords) ?? monthlyFromCsv) !== undefined
      ? { monthlyWords: num(o.monthlyWords) ?? monthlyFromCsv }
      : {}),
    ...(num(o.claimMarginPct) !== undefined ? { claimMarginPct: num(o.claimMarginPct) } : {}),
    ...(o.workload && typeof o.workload === 'object' ? { workload: o.workload as Workload } : {}),
    ...(o.currency && typeof o.currency === 'object'
      ? { currency: o.currency as { code: string; perUsd: number } }
      : {}),
    ...(Array.isArray(o.billModels) && o.billModels.every((x) => typeof x === 'string')
      ? { billModels: o.billModels as string[] }
      : {}),
  };
}

function minimalInfo(t: RunManifest['tokenizers'][number]): TokenizerInfo {
  return {
    id: t.id,
    name: t.name,
    category: t.category,
    engine: t.engine,
    org: '',
    region: '',
    models: [],
    vocabSize: Number.NaN,
    source: {
      kind:
        t.loadedFrom.kind === 'npm'
          ? 'npm'
          : t.loadedFrom.kind === 'file'
            ? 'file'
            : t.loadedFrom.kind.startsWith('url')
              ? 'url'
              : 'hub',
      ref: t.loadedFrom.ref,
      version: t.loadedFrom.version,
      revision: t.loadedFrom.revision,
    },
    licence: '',
    provenance: 'manifest.json',
  };
}

/** The headline again, from summary.csv and the category intervals the run stored in its manifest. */
function rebuildHeadline(m: RunManifest, summary: SummaryRow[], o: AnalysisOptions): Headline {
  const stored = m.headline;
  const categoryIntervals: Partial<Record<TokenizerCategory, Interval>> = {};
  for (const c of stored?.categories ?? []) {
    if (c.ciLowPct !== undefined && c.ciHighPct !== undefined)
      categoryIntervals[c.category] = { low: c.ciLowPct, high: c.ciHighPct };
  }
  const corpora = [...new Set(summary.map((r) => r.corpus))];
  const h = buildHeadline(summary, {
    baseline: o.baseline,
    claimPct: o.claimPct,
    ...(stored?.claimSource ? { claimSource: stored.claimSource } : {}),
    corpus: stored?.corpus ?? corpora[0],
    ...(Object.keys(categoryIntervals).length ? { categoryIntervals } : {}),
    confidence: o.confidence,
  });
  if (stored?.claim) {
    // The claim's halves do not depend on prices: the run's own headline text stands.
    return {
      ...h,
      text: stored.text,
      claim: stored.claim,
      ...(stored.marginPct !== undefined ? { marginPct: stored.marginPct } : {}),
    };
  }
  if (corpora.length > 1)
    h.text += ` (Headline on the first corpus; ${corpora.length - 1} more in summary.csv.)`;
  return h;
}

/**
 * Reads a finished run folder back: summary.csv, efficiency.csv, prices.csv and manifest.json. Costs are
 * recomputed from summary.csv and the folder's prices.csv (so an edited price shows up), the headline is
 * rebuilt from summary.csv.
 */
export async function readRun(dir: string, opts: ReadRunOptions = {}): Promise<RunData> {
  const manifest = await readManifest(dir);
  const summary = await readSummaryCsv(join(dir, RUN_FILES.summary.name));
  if (!summary.length)
    throw inputError(
      `${join(dir, RUN_FILES.summary.name)} has no rows`,
      'restore summary.csv from the original run',
    );
  const effFile = join(dir, RUN_FILES.efficiency.name);
  const efficiency = existsSync(effFile) ? await readEfficiencyCsv(effFile) : [];
  const prices = await readPricesCsv(join(dir, RUN_FILES.prices.name));
  const costFile = join(dir, RUN_FILES.costs.name);
  const monthlyFromCsv = existsSync(costFile)
    ? (await readCostsCsv(costFile)).find((c) => c.monthlyWords !== undefined)?.monthlyWords
    : undefined;

  const options = {
    ...analysisOptions(manifest, summary, efficiency[0]?.reference, monthlyFromCsv),
    ...(opts.billModels?.length ? { billModels: opts.billModels } : {}),
  };
  const costs = computeCosts(summary, prices, {
    baseline: options.baseline,
    monthlyWords: options.monthlyWords,
  });
  const headline = rebuildHeadline(manifest, summary, options);
  const claimFile = join(dir, RUN_FILES.claim.name);
  const claim = existsSync(claimFile) ? await readClaimCsv(claimFile) : undefined;
  const modelsFile = join(dir, RUN_FILES.models.name);
  // Prices and the bill again from the folder's prices.csv (which may have been edited); tokens as measured.
  const models = existsSync(modelsFile)
    ? priceModelRows((await readModelsCsv(modelsFile)).map(modelFromCsv), prices, {
        baseline: options.baseline,
        workload: options.workload,
        sourceName: manifest.prices.source?.name ?? 'prices.csv',
      })
    : undefined;

  // Cost remarks depend on the prices, which may have been edited: recompute them, keep the others.
  const notes = [
    ...(manifest.notes ?? []).filter((n) => !n.startsWith('Costs:')),
    ...costNotes(summary, prices, !!models),
  ];

  const catalog = new Map((opts.catalog ?? []).map((t) => [t.id, t]));
  const tokenizers = manifest.tokenizers.map((t) => catalog.get(t.id) ?? minimalInfo(t));
  // A folder from before billCaveats was stored gets them from its workload, by the same rule.
  const caveats =
    manifest.billCaveats ??
    (options.workload
      ? billCaveats(options.workload, {
          baselineName: languageName(options.baseline),
          priceSource: manifest.prices.source
            ? `${manifest.prices.source.name}, data of ${manifest.prices.source.date}`
            : undefined,
          currency: options.currency,
        })
      : undefined);
  return {
    manifest,
    analysis: {
      options,
      summary,
      efficiency,
      costs,
      prices,
      headline,
      notes,
      ...(claim ? { claim } : {}),
      ...(models ? { models } : {}),
      ...(manifest.prices.source ? { priceSource: manifest.prices.source } : {}),
      ...(caveats ? { billCaveats: caveats } : {}),
    },
    tokenizers,
    skipped: manifest.skippedTokenizers ?? [],
  };
}

/**
 * `tokentax report <dir>`: reads the run, rewrites costs.csv from its prices.csv, and re-renders report.md,
 * report.html and the charts (an edited charts/<name>.vl.json is kept), and slides.pptx when the folder has one
 * (or `slides` asks for it). Returns the run and the files written.
 */
export async function renderRun(
  dir: string,
  opts: ReadRunOptions & WriteReportsOptions = {},
): Promise<{ run: RunData; files: string[] }> {
  const run = await readRun(dir, opts);
  // A folder that has a deck gets it re-rendered too, so the slides never show the old prices.
  const slides = opts.slides || existsSync(join(dir, SLIDES_FILE));
  const costs = join(dir, RUN_FILES.costs.name);
  await write(costs, RUN_FILES.costs.format(run.analysis));
  const written = [costs];
  if (run.analysis.models) {
    const models = join(dir, RUN_FILES.models.name);
    await write(models, RUN_FILES.models.format(run.analysis));
    written.push(models);
  }
  const files = await writeReports(dir, run, { ...opts, slides });
  return { run, files: [...written, ...files] };
}
