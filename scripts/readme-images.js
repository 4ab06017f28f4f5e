#!/usr/bin/env node
// Writes the README's two pictures from a finished run with a deck (tokentax run --slides):
//   docs/slide-takeaways.png  the deck's second slide (its takeaways), as LibreOffice renders it
//   docs/overhead-flores.png  the run's overhead chart
// Usage: node scripts/readme-images.js <run folder>   (needs LibreOffice's soffice and poppler's pdftoppm)
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const dir = process.argv[2];
if (!dir || !existsSync(join(dir, 'slides.pptx')) || !existsSync(join(dir, 'charts', 'overhead.png'))) {
  console.error('usage: node scripts/readme-images.js <run folder with slides.pptx and charts/overhead.png>');
  process.exit(2);
}
const work = mkdtempSync(join(tmpdir(), 'tokentax-readme-'));
const run = (cmd, args) => {
  const r = spawnSync(cmd, args, { encoding: 'utf8' });
  if (r.status !== 0) {
    console.error(`${cmd} failed: ${r.error?.message ?? r.stderr}`);
    process.exit(1);
  }
};
// A private LibreOffice profile, so a running instance cannot block the conversion.
run('soffice', [
  `-env:UserInstallation=file://${join(work, 'profile')}`,
  '--headless',
  '--convert-to',
  'pdf',
  '--outdir',
  work,
  join(dir, 'slides.pptx'),
]);
run('pdftoppm', [
  '-f',
  '2',
  '-l',
  '2',
  '-scale-to-x',
  '1280',
  '-scale-to-y',
  '-1',
  '-png',
  '-singlefile',
  join(work, 'slides.pdf'),
  join('docs', 'slide-takeaways'),
]);
copyFileSync(join(dir, 'charts', 'overhead.png'), join('docs', 'overhead-flores.png'));
rmSync(work, { recursive: true, force: true });
console.log('wrote docs/slide-takeaways.png and docs/overhead-flores.png');
