// Pre-tokenizers made of several Split regexes in sequence, rewritten as one tiktoken pattern. tiktoken splits a
// text with one regex (its matches, left to right; text no match covers is dropped), while a Hugging Face
// Sequence applies each Split (behaviour Isolated) to every piece the previous one produced, keeping both the
// matches and the stretches between them as pieces. A sequence is read here only when it is listed below, with
// the reasoning that its one pattern gives the same pieces on every text; the tests compare the ids with the
// hf-json engine on FLORES and on generated strings.
//
// DeepSeek-V3: R1 = \p{N}{1,3}, then R2 = [CJK]+ (CJK = 一-龥, Hiragana ぀-ゟ, Katakana ゠-ヿ), then R3 =
// A1 [ASCII punctuation][A-Za-z]+ | A2 [^\r\n\p{L}\p{P}\p{S}]?[\p{L}\p{M}]+ | A3 ␠?[\p{P}\p{S}]+[\r\n]* |
// A4 \s*[\r\n]+ | A5 \s+(?!\S) | A6 \s+.
// - After R1 and R2 the text is cut into segments: digit chunks (each run of \p{N} in threes from its left), CJK
//   runs (CJK holds no \p{N}), and "other" runs O of characters in neither class. R3 then runs in each segment,
//   so its matches never cross a segment and its lookahead sees a segment's end as the end of the text.
// - A digit chunk stays whole: no alternative of R3 matches a digit (A2's optional first character must be
//   followed by a letter or mark), so the chunk is one stretch between matches. Alternative 1 below.
// - In an O run, R3's alternatives with every class restricted to O match the same strings, because a greedy
//   run stops at the segment's end either way and A1's characters are all ASCII; A5's (?!\S) holds at the
//   segment's end, i.e. before a digit, a CJK character or the end of the text: (?![^\s\p{N}CJK]). Left over
//   are characters in no class R3 starts with (X: not a letter, mark, punctuation, symbol, space or digit, e.g.
//   U+200B or a control character) that no letter of O follows; a run of them is a stretch between matches,
//   matched here as such so tiktoken keeps it. Alternatives 2 to 8.
// - In a CJK run, every character is in CJK: A1 and A4 to A6 cannot start, A3 has no space and no \r\n to take,
//   and A2 and the stretches left over (unassigned code points of the Hiragana block) are restricted to CJK as
//   above. Alternatives 9 to 11.
// Every character is a digit, in CJK or in O, and each alternative can start only on its own segment's kind,
// so at each position exactly one group applies, in R3's order; every character is covered.

const DEEPSEEK_CJK = '\u4e00-\u9fa5\u3040-\u309f\u30a0-\u30ff';
const CJK = `[${DEEPSEEK_CJK}]`;
const O_LETTER = `[[\\p{L}\\p{M}]--${CJK}]`;
const CJK_LETTER = `[${CJK}&&[\\p{L}\\p{M}]]`;

/** DeepSeek-V3's three Split regexes, as its tokenizer.json lists them (the key its file is recognised by). */
export const DEEPSEEK_V3_SPLITS: readonly string[] = [
  '\\p{N}{1,3}',
  `${CJK}+`,
  '[!"#$%&\'()*+,\\-./:;<=>?@\\[\\\\\\]^_`{|}~][A-Za-z]+|[^\r\n\\p{L}\\p{P}\\p{S}]?[\\p{L}\\p{M}]+| ?[\\p{P}\\p{S}]+[\r\n]*|\\s*[\r\n]+|\\s+(?!\\S)|\\s+',
];

const DEEPSEEK_V3 = {
  splits: DEEPSEEK_V3_SPLITS,
  pattern: [
    '\\p{N}{1,3}',
    '[!"#$%&\'()*+,\\-./:;<=>?@\\[\\\\\\]^_`{|}~][A-Za-z]+',
    `[^\\r\\n\\p{L}\\p{P}\\p{S}\\p{N}${DEEPSEEK_CJK}]?${O_LETTER}+`,
    ` ?[[\\p{P}\\p{S}]--${CJK}]+[\\r\\n]*`,
    '\\s*[\\r\\n]+',
    `\\s+(?![^\\s\\p{N}${DEEPSEEK_CJK}])`,
    '\\s+',
    `(?:[^\\p{L}\\p{M}\\p{P}\\p{S}\\s\\p{N}${DEEPSEEK_CJK}](?!${O_LETTER}))+`,
    `[${CJK}--[\\p{L}\\p{P}\\p{S}]]?${CJK_LETTER}+`,
    `[${CJK}&&[\\p{P}\\p{S}]]+`,
    `(?:[${CJK}--[\\p{L}\\p{M}\\p{P}\\p{S}]](?!${CJK_LETTER}))+`,
  ].join('|'),
};

const KNOWN = new Map([DEEPSEEK_V3].map((s) => [JSON.stringify(s.splits), s.pattern] as const));

/** The one tiktoken pattern equivalent to these Split regexes applied in sequence (all Isolated), if known. */
export function combinedSplitPattern(splits: readonly string[]): string | undefined {
  return splits.length === 1 ? splits[0] : KNOWN.get(JSON.stringify(splits));
}
