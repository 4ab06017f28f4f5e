// Line-aligned files (FLORES, Moses): line N of every file is the same segment. The first pass checks that
// the files have the same number of lines; reading then walks them in lock-step, one line at a time.
import { basename } from 'node:path';
import { UserError } from '../../errors.js';
import type { Lang } from '../../types.js';
import { readLines, type FileScan } from '../text.js';

/** Throws when the files do not all have the same number of lines, naming each file and its count. */
export function checkLineCounts(
  corpus: string,
  scans: FileScan[],
  show: (p: string) => string = basename,
): number {
  const counts = new Set(scans.map((s) => s.lines));
  if (counts.size > 1) {
    const list = scans.map((s) => `${show(s.path)} has ${s.lines}`).join(', ');
    throw new UserError(
      'input',
      `corpus "${corpus}" is misaligned: the files must have one line per segment, but ${list} lines`,
      'line N of every file must translate the same segment: find the extra or missing lines (often a blank last line or a sentence split in two)',
    );
  }
  return scans[0]?.lines ?? 0;
}

/** Lines of several files in lock-step: yields one record per line index with each language's line. */
export async function* zipLines(files: Map<Lang, string>): AsyncGenerator<Record<Lang, string>> {
  const langs = [...files.keys()];
  const its = langs.map((l) => readLines(files.get(l)!)[Symbol.asyncIterator]());
  try {
    for (;;) {
      const next = await Promise.all(its.map((it) => it.next()));
      const done = next.filter((r) => r.done).length;
      if (done === next.length) return;
      if (done > 0) {
        // The first pass found equal counts, so a file changed while being read.
        throw new UserError(
          'input',
          `the files ${[...files.values()].map((f) => basename(f)).join(', ')} changed while being read (line counts now differ)`,
          'rerun once the files are no longer being written',
        );
      }
      const rec: Record<Lang, string> = {};
      langs.forEach((l, i) => (rec[l] = next[i].value as string));
      yield rec;
    }
  } finally {
    await Promise.all(its.map((it) => it.return?.(undefined)));
  }
}
