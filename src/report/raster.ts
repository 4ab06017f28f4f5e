// PNG rasterising of a chart's SVG by resvg with the bundled font, in this thread or on libuv's thread pool.
import { FONT_FAMILY, fontFiles } from './fonts.js';
import { CHART_WIDTH, COLORS } from './theme.js';

/** The width and height the root <svg> declares. */
export function svgSize(svg: string): { width: number; height: number } {
  const tag = /<svg\b[^>]*>/.exec(svg)?.[0] ?? '';
  const w = /\swidth="([\d.]+)"/.exec(tag);
  const h = /\sheight="([\d.]+)"/.exec(tag);
  return { width: w ? Number(w[1]) : NaN, height: h ? Number(h[1]) : NaN };
}

let resvg: Promise<typeof import('@resvg/resvg-js')> | undefined;

/** The PNG of an SVG at the width it declares (one px per SVG unit). */
export async function svgToPng(svg: string): Promise<Buffer> {
  const { Resvg } = await (resvg ??= import('@resvg/resvg-js'));
  return new Resvg(svg, pngOptions(svg)).render().asPng();
}

/**
 * The same PNG, parsed and rasterised on libuv's thread pool (only the PNG encoding, ~30 ms, comes back to
 * this thread), so the caller can draw the next chart meanwhile. Same bytes as svgToPng.
 */
export async function svgToPngAsync(svg: string): Promise<Buffer> {
  const { renderAsync } = await (resvg ??= import('@resvg/resvg-js'));
  return (await renderAsync(svg, pngOptions(svg))).asPng();
}

function pngOptions(svg: string) {
  const w = svgSize(svg).width;
  return {
    fitTo: { mode: 'width' as const, value: Number.isFinite(w) && w > 0 ? Math.round(w) : CHART_WIDTH },
    background: COLORS.background,
    font: fontOptions(),
    shapeRendering: 2 as const,
    textRendering: 1 as const,
  };
}

function fontOptions() {
  const f = fontFiles();
  if (!f) {
    // Without the bundled font the PNG would fall back to whatever the system has.
    return { loadSystemFonts: true, defaultFontFamily: FONT_FAMILY, sansSerifFamily: FONT_FAMILY };
  }
  return {
    loadSystemFonts: false,
    fontFiles: [f.regular, f.bold],
    defaultFontFamily: FONT_FAMILY,
    sansSerifFamily: FONT_FAMILY,
  };
}
