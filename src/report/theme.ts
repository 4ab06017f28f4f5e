// One look for charts, HTML and slides: colours, font, sizes. Slides import these so the deck matches the charts.
import type { TokenizerCategory } from '../types.js';
import { FONT_STACK } from './fonts.js';

export const CHART_WIDTH = 1920;
export const CHART_HEIGHT = 1080;

/** Categories in reading order (charts, tables and the headline list them this way). */
export const CATEGORY_ORDER: TokenizerCategory[] = ['english-centric', 'multilingual', 'european'];

export const CATEGORY_LABELS: Record<TokenizerCategory, string> = {
  'english-centric': 'English-centric',
  multilingual: 'Multilingual',
  european: 'European',
};

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

export const LANGUAGE_NAMES: Record<string, string> = {
  en: 'English',
  fr: 'French',
  de: 'German',
  es: 'Spanish',
  it: 'Italian',
  pt: 'Portuguese',
  nl: 'Dutch',
  pl: 'Polish',
  sv: 'Swedish',
  da: 'Danish',
  fi: 'Finnish',
  ro: 'Romanian',
  cs: 'Czech',
  el: 'Greek',
  hu: 'Hungarian',
};

export function languageName(lang: string): string {
  return LANGUAGE_NAMES[lang] ?? lang;
}

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
