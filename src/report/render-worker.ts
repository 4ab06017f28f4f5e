// Worker-thread side of writeCharts' render pool: draws one Vega-Lite spec to SVG and PNG. Runs the compiled
// file (dist/report/render-worker.js); each thread imports vega once and keeps it for its next charts.
import { renderChartSpec, type RenderedChart } from './charts.js';

export default function render(spec: Record<string, unknown>): Promise<RenderedChart> {
  return renderChartSpec(spec);
}
