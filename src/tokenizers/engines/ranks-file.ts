// A tiktoken ranks file: one "<base64 bytes> <rank>" line per token, as tiktoken's load_tiktoken_bpe reads it
// (Meta's Llama 3 and Llama 4 `tokenizer.model`, despite the name; OpenAI's *.tiktoken files). The file holds
// no pre-tokenizer pattern and no special tokens: the catalog entry names both (TokenizerInfo.tiktokenFile).
// The WASM BPE reads these lines as they are; this module only checks them, so a wrong file is named, not
// handed to tiktoken, which traps on a line it cannot read.

const LINE = /^[A-Za-z0-9+/]+={0,2} (0|[1-9]\d*)$/;

export type RanksFileCheck = { ranks: number } | { bad: string };

/**
 * Checks the text of a ranks file: every line "<base64> <rank>", ranks exactly 0..n-1 once each (a final
 * newline is allowed). The first bad line is named.
 */
export function checkRanksFile(text: string): RanksFileCheck {
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  if (!lines.length) return { bad: 'it holds no lines' };
  const seen = new Uint8Array(lines.length);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].endsWith('\r') ? lines[i].slice(0, -1) : lines[i];
    const m = LINE.exec(line);
    if (!m) return { bad: `line ${i + 1} is not "<base64> <rank>"` };
    const rank = Number(m[1]);
    if (rank >= lines.length || seen[rank])
      return {
        bad: `rank ${rank} on line ${i + 1} is ${rank >= lines.length ? 'out of range' : 'repeated'}`,
      };
    seen[rank] = 1;
  }
  return { ranks: lines.length };
}

/** True when the first line looks like a ranks line: cheap, for telling file formats apart. */
export function looksLikeRanksFile(head: Buffer | string): boolean {
  const s = typeof head === 'string' ? head : head.subarray(0, 256).toString('latin1');
  const first = s.split('\n', 1)[0].replace(/\r$/, '');
  return LINE.test(first);
}
