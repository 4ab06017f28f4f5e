// Named workloads for the bill (data/workloads.json): requests per month and English-equivalent words per
// request, each figure a declared assumption with its reasoning. Flags override any field.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { UserError, usageError } from '../errors.js';
import { DATA_DIR } from '../paths.js';
import type { Workload, WorkloadFlags } from '../types.js';

export const WORKLOADS_FILE = join(DATA_DIR, 'workloads.json');

interface WorkloadsFile {
  default: string;
  note: string;
  presets: Workload[];
}

let cached: WorkloadsFile | undefined;

function file(): WorkloadsFile {
  if (cached) return cached;
  try {
    cached = JSON.parse(readFileSync(WORKLOADS_FILE, 'utf8')) as WorkloadsFile;
  } catch (e) {
    throw new UserError(
      'internal',
      `${WORKLOADS_FILE} cannot be read (${(e as Error).message})`,
      'reinstall tokentax',
    );
  }
  return cached;
}

export const workloadPresets = (): Workload[] => file().presets;
export const defaultWorkloadName = (): string => file().default;
export const workloadsNote = (): string => file().note;

export type { WorkloadFlags } from '../types.js';

/** The workload of a run: a preset (default: the file's default), with any flag replacing its field. */
export function resolveWorkload(f: WorkloadFlags = {}): Workload {
  const name = f.workload ?? defaultWorkloadName();
  const preset = workloadPresets().find((w) => w.name === name.toLowerCase());
  if (!preset) {
    throw usageError(
      `--workload "${name}" is not a preset`,
      `use one of ${workloadPresets()
        .map((w) => w.name)
        .join(', ')}, or set --requests, --input-words and --output-words`,
    );
  }
  const custom =
    f.requests !== undefined ||
    f.inputWords !== undefined ||
    f.outputWords !== undefined ||
    f.cachedShare !== undefined;
  if (f.cachedShare !== undefined && !(f.cachedShare >= 0 && f.cachedShare <= 1)) {
    throw usageError(
      `--cached-share ${f.cachedShare} is not between 0 and 1`,
      'give the share of input tokens read from the prompt cache, e.g. --cached-share 0.3',
    );
  }
  return {
    ...preset,
    ...(custom ? { name: `${preset.name} (changed by flags)` } : {}),
    requestsPerMonth: f.requests ?? preset.requestsPerMonth,
    inputWords: f.inputWords ?? preset.inputWords,
    outputWords: f.outputWords ?? preset.outputWords,
    cachedShare: f.cachedShare ?? preset.cachedShare,
  };
}
