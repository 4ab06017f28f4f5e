// Writing one output file: a failure (a full disk, a quota, a read-only folder) becomes an output error
// (exit 6) that names the file, which the errors of a write on an open file do not.
import { writeFile } from 'node:fs/promises';
import { fileError } from '../errors.js';

export async function writeOutput(path: string, data: string | Uint8Array): Promise<void> {
  try {
    await writeFile(path, data);
  } catch (e) {
    throw fileError(e, path);
  }
}
