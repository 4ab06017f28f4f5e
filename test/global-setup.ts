// CLI tests run the compiled bin, so build dist/ from the current sources once before the suite.
// In CI a type error fails the run; locally it warns (tsc still emits) so one stage's work in progress
// does not block another's tests. TOKENTAX_SKIP_BUILD=1 skips the build.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export default function setup(): void {
  if (process.env.TOKENTAX_SKIP_BUILD === '1') return;
  const root = fileURLToPath(new URL('..', import.meta.url));
  const r = spawnSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.build.json'], {
    cwd: root,
    encoding: 'utf8',
  });
  if (r.status !== 0) {
    const msg = `tsc failed:\n${r.stdout}${r.stderr}`;
    if (process.env.CI) throw new Error(msg);
    console.warn(msg);
  }
}
