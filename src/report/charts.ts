// Writing a run's charts: each Vega-Lite spec (built in chart-specs.ts) saved as charts/<name>.vl.json so users can
// restyle it (an edited one is kept: chart-stamp.ts tells it apart), drawn by chart-render.ts, and written with
// its SVG and PNG.
import { existsSync } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileError, inputError } from '../errors.js';
import { writeOutput } from './write.js';
import { renderChartSpec, renderChartSvg, type RenderedChart } from './chart-render.js';
import { RUN_FILES } from './run-files.js';
import { buildChartSpecs } from './chart-specs.js';
import { isEdited } from './chart-stamp.js';
import { svgSize, svgToPngAsync } from './raster.js';
import type { ChartName, ChartSpec, RunData } from './types.js';

export type { ChartCanvas, ChartName, ChartSpec } from './types.js';
export { buildChartSpecs } from './chart-specs.js';
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
  const chartsDir = join(dir, RUN_FILES.charts.name);
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
