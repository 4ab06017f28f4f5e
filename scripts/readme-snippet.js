#!/usr/bin/env node
// Prints the README's headline block (between <!-- readme:start --> and <!-- readme:end -->) for a finished run:
//   node scripts/readme-snippet.js reports/readme docs/bill-llm-mix.png "<the command that made the run>"
import { buildDocument, readRun, renderReadmeSnippet } from '../dist/report/index.js';
import { catalog } from '../dist/tokenizers/index.js';

const [dir, chart, command] = process.argv.slice(2);
if (!dir || !chart || !command) {
  console.error('usage: node scripts/readme-snippet.js <run folder> <chart path for the README> "<command>"');
  process.exit(2);
}
const run = await readRun(dir, { catalog: catalog() });
const doc = buildDocument(run, []);
process.stdout.write(
  renderReadmeSnippet(doc, {
    chart,
    chartAlt: "What a workload costs a month on today's models, per language",
    command,
  }),
);
