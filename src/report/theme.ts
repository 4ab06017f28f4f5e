// One look for charts, HTML and slides: colours, font, sizes. Slides import these so the deck matches the charts.
import type { TokenizerCategory } from '../types.js';
import { FONT_STACK } from './fonts.js';

export const CHART_WIDTH = 1920;
export const CHART_HEIGHT = 1080;

/** Okabe–Ito colours (distinguishable with the common colour-vision deficiencies). */
export const CATEGORY_COLORS: Record<TokenizerCategory, string> = {
  'english-centric': '#D55E00',
  multilingual: '#009E73',
  european: '#0072B2',
};

export const COLORS = {
  text: '#1f2328',
  muted: '#59636e',
  grid: '#d8dee4',
  claim: '#1f2328',
  background: '#ffffff',
  accent: '#0072B2',
};

/** Pixel sizes at 1920×1080, chosen to stay legible when projected. */
export const SIZES = { title: 44, subtitle: 26, label: 24, axisTitle: 26, footer: 22, valueLabel: 22 };

/** Vega-Lite config shared by every chart (also written into each .vl.json, so it can be restyled there). */
export function vegaLiteConfig(): Record<string, unknown> {
  return {
    font: FONT_STACK,
    background: COLORS.background,
    padding: { left: 40, right: 48, top: 32, bottom: 24 },
    view: { stroke: null },
    title: {
      fontSize: SIZES.title,
      fontWeight: 'bold',
      color: COLORS.text,
      anchor: 'start',
      offset: 28,
      subtitleFontSize: SIZES.subtitle,
      subtitleColor: COLORS.muted,
      subtitlePadding: 10,
      limit: 0,
    },
    axis: {
      labelFontSize: SIZES.label,
      titleFontSize: SIZES.axisTitle,
      labelColor: COLORS.text,
      titleColor: COLORS.text,
      titleFontWeight: 'normal',
      gridColor: COLORS.grid,
      domainColor: '#8c959f',
      tickColor: '#8c959f',
      labelLimit: 0,
      titlePadding: 16,
      labelPadding: 8,
    },
    header: {
      labelFontSize: SIZES.axisTitle,
      labelFontWeight: 'bold',
      labelColor: COLORS.text,
      titleFontSize: SIZES.axisTitle,
      labelLimit: 0,
      labelPadding: 12,
    },
    legend: {
      labelFontSize: SIZES.label,
      titleFontSize: SIZES.label,
      titleFontWeight: 'bold',
      labelColor: COLORS.text,
      symbolSize: 400,
      labelLimit: 0,
      orient: 'top',
      direction: 'horizontal',
      columnPadding: 32,
      titlePadding: 10,
      symbolStrokeWidth: 0,
      offset: 12,
    },
    text: { fontSize: SIZES.valueLabel, color: COLORS.text },
    bar: { cornerRadiusEnd: 3 },
  };
}
