// PNG rasterising of a chart's SVG by resvg with the bundled font, in this thread or on libuv's thread pool.
import { FONT_FAMILY, fontFiles } from './fonts.js';
import { CHART_WIDTH, COLORS } from './theme.js';

let resvg: Promise<typeof import('@resvg/resvg-js')> | undefined;

/** The PNG of a CHART_WIDTH-wide SVG, at CHART_WIDTH px wide. */
export async function svgToPng(svg: string): Promise<Buffer> {
  const { Resvg } = await (resvg ??= import('@resvg/resvg-js'));
  return new Resvg(svg, pngOptions()).render().asPng();
}

/**
 * The same PNG, parsed and rasterised on libuv's thread pool (only the PNG encoding, ~30 ms, comes back to
 * this thread), so the caller can draw the next chart meanwhile. Same bytes as svgToPng.
 */
export async function svgToPngAsync(svg: string): Promise<Buffer> {
  const { renderAsync } = await (resvg ??= import('@resvg/resvg-js'));
  return (await renderAsync(svg, pngOptions())).asPng();
}

function pngOptions() {
  return {
    fitTo: { mode: 'width' as const, value: CHART_WIDTH },
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
