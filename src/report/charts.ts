// Slide-size charts: Vega-Lite specs (saved as charts/<name>.vl.json so users can restyle them, built in
// chart-specs.ts), drawn by chart-render.ts and written with their SVG and PNG.
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileError, inputError } from '../errors.js';
import { writeOutput } from './write.js';
import { renderChartSpec, renderChartSvg, type RenderedChart } from './chart-render.js';
import { corpusChartSpecs, DEFAULT_CANVAS } from './chart-specs.js';
import { svgSize, svgToPngAsync } from './raster.js';
import { corporaOf } from './selection.js';
import type { ChartCanvas, ChartName, ChartSpec, RunData } from './types.js';

export type { ChartCanvas, ChartName, ChartSpec } from './types.js';
export {
  canvasOf,
  renderChartSpec,
  renderChartSvg,
  warmUpCharts,
  type RenderedChart,
} from './chart-render.js';

/** The charts every run draws (per corpus), in the order reports and slides show them. */
export const CHART_NAMES: readonly ChartName[] = ['overhead', 'efficiency', 'cost', 'fertility'];

export interface ChartFile {
  name: ChartName;
  corpus: string;
  title: string;
  description: string;
  /** Absolute paths. */
  specPath: string;
  svgPath: string;
  pngPath: string;
  /** Paths relative to the run folder (charts/<file>.png ...), for links in reports and slides. */
  rel: { spec: string; svg: string; png: string };
  /** The SVG text (also in svgPath). */
  svg: string;
  width: number;
  height: number;
  /** True when the spec came from an edited charts/<file>.vl.json. */
  edited: boolean;
}

/** The chart specs of a run: the four charts for each corpus (charts without data are left out). */
export function buildChartSpecs(run: RunData, canvas: ChartCanvas = DEFAULT_CANVAS): ChartSpec[] {
  const corpora = corporaOf([...run.analysis.summary, ...run.analysis.costs], run.analysis.headline.corpus);
  const out: ChartSpec[] = [];
  for (const corpus of corpora) {
    for (const c of corpusChartSpecs(run, corpus, canvas)) {
      if (corpora.length > 1) c.file = `${c.file}-${slug(corpus)}`;
      const meta = (c.spec.usermeta as { tokentax?: Record<string, unknown> } | undefined)?.tokentax ?? {};
      c.spec = stamp({ ...c.spec, usermeta: { tokentax: { chart: c.name, corpus, ...meta } } });
      out.push(c);
    }
  }
  return out;
}

function slug(s: string): string {
  return (
    s
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '') || 'corpus'
  );
}

// ---------------------------------------------------------------- edit detection

/** Canonical JSON (sorted keys), so reformatting a spec does not count as an edit. */
function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v && typeof v === 'object') {
    return `{${Object.keys(v)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((v as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v);
}

/** Hash of everything but the data values and usermeta: what a user restyles. */
function styleHash(spec: Record<string, unknown>): string {
  const { usermeta: _u, data, ...rest } = spec;
  const d =
    data && typeof data === 'object' ? { ...(data as Record<string, unknown>), values: undefined } : data;
  return createHash('sha256')
    .update(canonical({ ...rest, data: d }))
    .digest('hex')
    .slice(0, 16);
}

/** Records the generated style hash, so a later `report` can tell an edited spec from ours. */
function stamp(spec: Record<string, unknown>): Record<string, unknown> {
  const meta = (spec.usermeta ?? {}) as { tokentax?: Record<string, unknown> };
  return {
    ...spec,
    usermeta: { ...meta, tokentax: { ...(meta.tokentax ?? {}), generated: styleHash(spec) } },
  };
}

function isEdited(spec: Record<string, unknown>): boolean {
  const gen = (spec.usermeta as { tokentax?: { generated?: string } } | undefined)?.tokentax?.generated;
  return gen === undefined || gen !== styleHash(spec);
}

/**
 * The spec to draw: ours, unless charts/<file>.vl.json exists and was edited by hand; then the edited one,
 * with its top-level data named "table" refreshed from the run's figures.
 */
async function chooseSpec(
  path: string,
  fresh: ChartSpec,
  log?: (line: string) => void,
): Promise<{ spec: Record<string, unknown>; edited: boolean }> {
  if (!existsSync(path)) return { spec: fresh.spec, edited: false };
  let old: Record<string, unknown>;
  try {
    old = JSON.parse(await readFile(path, 'utf8')) as Record<string, unknown>;
  } catch (e) {
    throw inputError(
      `${path} is not valid JSON: ${(e as Error).message}`,
      'fix the edit, or delete the file to get the default chart back',
    );
  }
  if (!isEdited(old)) return { spec: fresh.spec, edited: false };
  const data = old.data as { name?: string; values?: unknown } | undefined;
  if (data && data.name === 'table' && Array.isArray(data.values)) {
    old = { ...old, data: { ...data, values: (fresh.spec.data as { values: unknown[] }).values } };
  }
  log?.(`${path}: edited spec, rendered as edited (data refreshed)`);
  return { spec: old, edited: true };
}

export interface WriteChartsOptions {
  log?: (line: string) => void;
  /**
   * Threads the charts may use (default 1: everything in this thread). With 2 or more, each PNG is rasterised on
   * libuv's thread pool while the next SVG is drawn here. Drawing stays on one thread: most of vega's cost is JIT
   * warm-up, which a second drawing thread pays again (measured slower than one).
   */
  threads?: number;
}

type Settled = PromiseSettledResult<RenderedChart>;
const settle = <T>(p: Promise<T>): Promise<PromiseSettledResult<T>> =>
  p.then(
    (value) => ({ status: 'fulfilled' as const, value }),
    (reason: unknown) => ({ status: 'rejected' as const, reason }),
  );

/** Renders specs in order; with threads to spare, each PNG is rasterised off this thread while the next SVG is drawn. */
async function renderAll(specs: Record<string, unknown>[], threads: number): Promise<Settled[]> {
  const out: Promise<Settled>[] = [];
  for (const s of specs) {
    if (Math.floor(threads) < 2) {
      out.push(Promise.resolve(await settle(renderChartSpec(s))));
      continue;
    }
    const drawn = await settle(renderChartSvg(s));
    if (drawn.status === 'rejected') out.push(Promise.resolve(drawn));
    else {
      const svg = drawn.value;
      out.push(settle(svgToPngAsync(svg).then((png) => ({ svg, png, ...svgSize(svg) }))));
    }
  }
  return Promise.all(out);
}

/**
 * Writes charts/<file>.vl.json, .svg and .png for every chart of the run. An existing, hand-edited
 * .vl.json is kept and drawn (with fresh data); an unedited one is replaced by the current default.
 */
export async function writeCharts(
  dir: string,
  run: RunData,
  opts: WriteChartsOptions = {},
): Promise<ChartFile[]> {
  const chartsDir = join(dir, 'charts');
  try {
    await mkdir(chartsDir, { recursive: true });
  } catch (e) {
    throw fileError(e, chartsDir);
  }
  const jobs: {
    c: ChartSpec;
    specPath: string;
    spec: Record<string, unknown>;
    edited: boolean;
    rel: ChartFile['rel'];
  }[] = [];
  for (const c of buildChartSpecs(run)) {
    const rel = {
      spec: `charts/${c.file}.vl.json`,
      svg: `charts/${c.file}.svg`,
      png: `charts/${c.file}.png`,
    };
    const specPath = join(dir, rel.spec);
    jobs.push({ c, specPath, rel, ...(await chooseSpec(specPath, c, opts.log)) });
  }
  const rendered = await renderAll(
    jobs.map((j) => j.spec),
    opts.threads ?? 1,
  );
  // Every chart is drawn before any file is written: one that fails leaves the folder's charts as they were.
  for (const [k, { specPath, edited }] of jobs.entries()) {
    const res = rendered[k];
    if (res.status === 'fulfilled') continue;
    const e = res.reason as Error;
    if (!edited) throw e;
    throw inputError(
      `${specPath}: the edited chart spec does not render: ${e.message}`,
      'fix the edit, or delete the file to get the default chart back',
    );
  }
  const out: ChartFile[] = [];
  for (const [k, { c, specPath, spec, edited, rel }] of jobs.entries()) {
    const res = rendered[k];
    if (res.status === 'rejected') continue; // not reached: checked above
    const r = res.value;
    if (!edited) await writeOutput(specPath, JSON.stringify(spec, null, 2) + '\n');
    await writeOutput(join(dir, rel.svg), r.svg);
    await writeOutput(join(dir, rel.png), r.png);
    out.push({
      name: c.name,
      corpus: c.corpus,
      title: c.title,
      description: c.description,
      specPath,
      svgPath: join(dir, rel.svg),
      pngPath: join(dir, rel.png),
      rel,
      svg: r.svg,
      width: r.width,
      height: r.height,
      edited,
    });
  }
  return out;
}
