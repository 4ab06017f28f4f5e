// Locations inside the installed package. src/ and dist/ sit at the same depth, so one URL works for both.
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

export const PROJECT_ROOT = fileURLToPath(new URL('../', import.meta.url));
export const DATA_DIR = join(PROJECT_ROOT, 'data');
export const CORPORA_DIR = join(PROJECT_ROOT, 'corpora');
export const REPORTS_DIR = join(PROJECT_ROOT, 'reports');
