// Drawing a chart spec: vega-lite compiles it, vega lays it out and draws it to SVG in headless mode (text measured
// with the bundled font's metrics), a fit pass resizes the panels until the drawing fills the canvas exactly, and
// resvg rasterises it to PNG.
import type { TopLevelSpec } from 'vega-lite';
import { chartFontMetrics } from './fonts.js';
import { svgSize, svgToPng } from './raster.js';
import { CHART_HEIGHT, CHART_WIDTH } from './theme.js';

// ---------------------------------------------------------------- text measurement

type Libs = { vega: typeof import('vega'); compile: typeof import('vega-lite').compile };
let libsLoading: Promise<Libs> | undefined;

// vega and vega-lite take ~0.15 s to import: only a process that draws pays for them.
function libs(): Promise<Libs> {
  libsLoading ??= Promise.all([import('vega'), import('vega-lite')]).then(([vega, vl]) => {
    const l = { vega, compile: vl.compile };
    installTextMetrics(l.vega);
    return l;
  });
  return libsLoading;
}

/** Makes vega measure text with the chart font's real advance widths (instead of 0.8 em per character). */
function installTextMetrics(vega: Libs['vega']): void {
  const m = chartFontMetrics();
  if (!m) return;
  const tm = (
    vega as unknown as { textMetrics: { width: (item: Record<string, unknown>, text: unknown) => number } }
  ).textMetrics;
  tm.width = (item, text) => {
    const size = item.fontSize != null ? Number(item.fontSize) || 0 : 11;
    const t = text == null ? '' : String(text).trim();
    const w = item.fontWeight;
    const bold = w === 'bold' || w === 'bolder' || Number(w) >= 600;
    return (bold ? m.bold : m.regular).width(t, size);
  };
}

// ---------------------------------------------------------------- rendering

export interface RenderedChart {
  svg: string;
  png: Buffer;
  width: number;
  height: number;
}

/** A compiled chart whose view stays alive, so the fit pass can resize it through signals. */
interface Drawing {
  view: import('vega').View;
  /** Names of the width and height signals of the sized view, when the compiled spec has them. */
  size?: { width: string; height: string };
  svg: string;
  width: number;
  height: number;
}

async function draw(
  spec: Record<string, unknown>,
  sizeSignals?: { width: string; height: string },
): Promise<Drawing> {
  const { vega, compile } = await libs();
  // Vega-Lite warnings (e.g. about a hand-edited spec) would go to the console; the render itself reports errors.
  const vg = compile(spec as unknown as TopLevelSpec, { logger: vega.logger(vega.None) as never }).spec;
  const names = new Set((vg.signals ?? []).map((x) => x.name));
  const size =
    sizeSignals && names.has(sizeSignals.width) && names.has(sizeSignals.height) ? sizeSignals : undefined;
  const view = new vega.View(vega.parse(vg), { renderer: 'none', logLevel: vega.Error });
  try {
    return { view, size, ...(await svgOf(view)) };
  } catch (e) {
    view.finalize();
    throw e;
  }
}

async function svgOf(view: import('vega').View): Promise<{ svg: string; width: number; height: number }> {
  const svg = await view.toSVG();
  const m = /<svg[^>]*\swidth="([\d.]+)"[^>]*\sheight="([\d.]+)"/.exec(svg);
  return { svg, width: m ? Number(m[1]) : NaN, height: m ? Number(m[2]) : NaN };
}

interface TokentaxMeta {
  /** Panels per row of the sized view, or false: the spec is laid out by hand and keeps the size it draws. */
  fit?: { columns?: number; view?: number } | false;
  /** The canvas in px (default CHART_WIDTH × CHART_HEIGHT). */
  size?: { width: number; height: number };
}

const metaOf = (spec: Record<string, unknown>) =>
  (spec.usermeta as { tokentax?: TokentaxMeta } | undefined)?.tokentax ?? {};

/** The canvas a spec is drawn to: usermeta.tokentax.size, else 1920×1080; undefined for a hand-laid-out spec. */
export function canvasOf(spec: Record<string, unknown>): { width: number; height: number } | undefined {
  const m = metaOf(spec);
  if (m.fit === false) return undefined;
  const w = Number(m.size?.width);
  const h = Number(m.size?.height);
  return w > 0 && h > 0
    ? { width: Math.round(w), height: Math.round(h) }
    : { width: CHART_WIDTH, height: CHART_HEIGHT };
}

/**
 * The view whose width/height the fit pass adjusts: the facet's inner spec (or the view itself) at index
 * `fit.view` of a vconcat (default 0), else the top level.
 */
function sizedView(
  spec: Record<string, unknown>,
):
  { view: Record<string, unknown>; columns: number; signals: { width: string; height: string } } | undefined {
  const fit = metaOf(spec).fit;
  if (fit === false) return undefined;
  const columns = (fit && fit.columns) || 1;
  const concat = Array.isArray(spec.vconcat);
  const index = concat ? Math.min((fit && fit.view) || 0, (spec.vconcat as unknown[]).length - 1) : 0;
  const first = concat ? ((spec.vconcat as unknown[])[index] as Record<string, unknown>) : spec;
  const inner = (first.spec ?? first) as Record<string, unknown>;
  if (typeof inner.width !== 'number' || typeof inner.height !== 'number') return undefined;
  // Vega-Lite names the size signals of a view after its place in the layout: concat_<i>_ for a view of a
  // vconcat, child_ for a facet's inner spec.
  const prefix = (concat ? `concat_${index}_` : '') + (first.spec ? 'child_' : '');
  return { view: inner, columns, signals: { width: `${prefix}width`, height: `${prefix}height` } };
}

/**
 * Vega-Lite cannot fit facets to a size, so: draw once, measure, grow or shrink the panels by the
 * difference (axes and labels keep their size), draw again. Whatever rounding is left is absorbed by the
 * root viewBox, so every chart is exactly its canvas (canvasOf: 1920×1080 unless the spec says). A spec laid out by
 * hand (fit: false) is framed at the size it draws. Later passes set the size signals of the same view
 * (a fraction of the cost of compiling again); a spec without them is compiled again at each pass.
 */
export async function renderChartSvg(
  spec: Record<string, unknown>,
  opts: { recompile?: boolean } = {},
): Promise<string> {
  const s = structuredClone(spec);
  const sized = sizedView(s);
  const canvas = canvasOf(s);
  // `recompile` takes the slow path even when the signals exist (tests compare the two).
  let d = await draw(s, opts.recompile ? undefined : sized?.signals);
  try {
    let out: { svg: string; width: number; height: number } = d;
    const redraw = async (change: { width?: number; height?: number; padding?: Record<string, number> }) => {
      if (d.size) {
        if (change.width !== undefined) d.view.signal(d.size.width, change.width);
        if (change.height !== undefined) d.view.signal(d.size.height, change.height);
        if (change.padding) d.view.padding(change.padding);
        // Autosize is worked out once unless asked again: without resize() the drawing would only ever grow.
        d.view.resize();
        await d.view.runAsync();
        out = await svgOf(d.view);
      } else {
        d.view.finalize();
        d = await draw(s);
        out = d;
      }
    };
    if (sized) {
      // Secant steps: the drawing grows about `columns` px per px of panel width, but titles, labels that
      // overhang a panel and the legend make it less than linear, so the slope is measured as we go.
      const clamp = (x: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, x));
      let prev: { w: number; h: number; W: number; H: number } | undefined;
      for (let pass = 0; pass < 6; pass++) {
        const dw = canvas!.width - out.width;
        const dh = canvas!.height - out.height;
        if (dh === 0 && dw >= 0 && dw <= sized.columns + 2) break;
        const v = sized.view;
        const cur = { w: v.width as number, h: v.height as number, W: out.width, H: out.height };
        let sw = sized.columns;
        let sh = 1;
        if (prev && cur.w !== prev.w)
          sw = clamp((cur.W - prev.W) / (cur.w - prev.w), 0.5, sized.columns * 1.5);
        if (prev && cur.h !== prev.h) sh = clamp((cur.H - prev.H) / (cur.h - prev.h), 0.5, 1.5);
        v.width = Math.max(80, Math.floor(cur.w + dw / sw));
        v.height = Math.max(80, Math.floor(cur.h + dh / sh));
        prev = cur;
        await redraw({ width: v.width as number, height: v.height as number });
      }
      // Panels share one width, so a few pixels can remain: give them to the right padding.
      const dw = canvas!.width - out.width;
      const dh = canvas!.height - out.height;
      if ((dw > 0 && dw <= sized.columns + 2) || (dh > 0 && dh <= 2)) {
        const cfg = (s.config as { padding?: Record<string, number> } | undefined)?.padding ?? {};
        const pad = {
          left: 0,
          right: 0,
          top: 0,
          bottom: 0,
          ...cfg,
          ...((s.padding as Record<string, number>) ?? {}),
        };
        s.padding = { ...pad, right: pad.right + Math.max(0, dw), bottom: pad.bottom + Math.max(0, dh) };
        await redraw({ padding: s.padding as Record<string, number> });
      }
    }
    checkInFrame(d.view, out.width, out.height);
    return renumberIds(frame(out.svg, out.width, out.height, sized ? canvas : undefined));
  } finally {
    d.view.finalize();
  }
}

/**
 * Loads vega and draws a small faceted chart, so that the run's charts later find the code compiled and warm
 * (~0.3 s of a first chart's cost). A run with several workers calls it while they count.
 */
export async function warmUpCharts(): Promise<void> {
  const data = [
    { t: 'a', l: 'fr', v: 1.2 },
    { t: 'b', l: 'fr', v: 0.9 },
    { t: 'a', l: 'de', v: 1.4 },
    { t: 'b', l: 'de', v: 1.1 },
  ];
  await renderChartSvg({
    data: { values: data },
    facet: { column: { field: 'l' } },
    spec: {
      width: 200,
      height: 100,
      layer: [
        {
          mark: 'bar',
          encoding: { y: { field: 't' }, x: { field: 'v', type: 'quantitative' }, color: { field: 't' } },
        },
        { mark: 'rule', encoding: { x: { datum: 1 } } },
        {
          mark: 'text',
          encoding: {
            y: { field: 't' },
            x: { field: 'v', type: 'quantitative' },
            text: { field: 'v', format: '.1f' },
          },
        },
      ],
    },
    usermeta: { tokentax: { fit: false } },
  });
}

/** A chart drawn to SVG (renderChartSvg) and rasterised to PNG, both exactly the size the SVG declares. */
export async function renderChartSpec(spec: Record<string, unknown>): Promise<RenderedChart> {
  const svg = await renderChartSvg(spec);
  return { svg, png: await svgToPng(svg), ...svgSize(svg) };
}

/**
 * resvg aborts the whole process (a Rust panic, no error to catch) on a semi-transparent mark lying about twice
 * the image's size away from it, which an edited spec can do (e.g. "autosize": "none" with the default sizes).
 * Such marks would not be visible anyway, so a drawing that reaches more than half its size outside its frame
 * is refused with an error instead.
 */
function checkInFrame(view: import('vega').View, width: number, height: number): void {
  const b = (
    view.scenegraph() as unknown as { root: { bounds: { x1: number; y1: number; x2: number; y2: number } } }
  ).root.bounds;
  const [ox, oy] = view.origin();
  const pad = view.padding() as { left: number; top: number };
  const x1 = b.x1 + ox + pad.left;
  const x2 = b.x2 + ox + pad.left;
  const y1 = b.y1 + oy + pad.top;
  const y2 = b.y2 + oy + pad.top;
  if (x1 < -width / 2 || x2 > 1.5 * width || y1 < -height / 2 || y2 > 1.5 * height) {
    const px = (a: number, z: number) => `${Math.round(a)}…${Math.round(z)}`;
    throw new Error(
      `its marks reach far outside the drawing (x ${px(x1, x2)}, y ${px(y1, y2)} px in a ${Math.round(width)}×${Math.round(height)} px frame; is "autosize" "none" or a width too small?)`,
    );
  }
}

/**
 * Vega numbers clip paths with a process-wide counter (clip601...); renumbering them per chart makes the
 * SVG the same bytes for the same data, whatever was drawn before.
 */
function renumberIds(svg: string): string {
  const map = new Map<string, string>();
  for (const m of svg.matchAll(/\sid="([^"]+)"/g)) if (!map.has(m[1])) map.set(m[1], `clip${map.size + 1}`);
  if (!map.size) return svg;
  const sub = (id: string) => map.get(id) ?? id;
  return svg
    .replace(/(\sid=")([^"]+)"/g, (_, a: string, id: string) => `${a}${sub(id)}"`)
    .replace(/url\(#([^)]+)\)/g, (_, id: string) => `url(#${sub(id)})`)
    .replace(/(\s(?:xlink:)?href=")#([^"]+)"/g, (_, a: string, id: string) => `${a}#${sub(id)}"`);
}

/**
 * Sets the root <svg> to the canvas, showing the drawing's own extent through viewBox (the fit pass leaves at most
 * a pixel or two between them); without a canvas, to the drawing's own size, so width, height and viewBox agree.
 */
function frame(svg: string, w: number, h: number, canvas?: { width: number; height: number }): string {
  const size = canvas ?? { width: Math.ceil(w), height: Math.ceil(h) };
  return svg.replace(/<svg\b[^>]*>/, (tag) => {
    let t = tag
      .replace(/\swidth="[^"]*"/, ` width="${size.width}"`)
      .replace(/\sheight="[^"]*"/, ` height="${size.height}"`);
    const vb = ` viewBox="0 0 ${canvas ? w : size.width} ${canvas ? h : size.height}"`;
    t = /\sviewBox="[^"]*"/.test(t) ? t.replace(/\sviewBox="[^"]*"/, vb) : t.replace(/>$/, `${vb}>`);
    if (!/preserveAspectRatio=/.test(t)) t = t.replace(/>$/, ' preserveAspectRatio="xMidYMid meet">');
    return t;
  });
}
