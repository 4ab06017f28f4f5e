#!/usr/bin/env node
// Thin launcher: the compiled CLI lives in dist/ (built by `npm ci` through the `prepare` script).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const entry = new URL('../dist/cli/main.js', import.meta.url);
if (!existsSync(fileURLToPath(entry))) {
  process.stderr.write(
    'tokentax: the compiled CLI is missing (dist/). Fix: run `npm ci` or `npm run build` in the project folder.\n',
  );
  process.exit(70);
}
await import(entry.href);
