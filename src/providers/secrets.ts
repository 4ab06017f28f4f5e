// Removing an API key from text a provider sent back, before anything else touches that text. A hostile or
// careless server may echo the key whole, split by whitespace or line breaks, cut, or masked ("sk-proj-****abcd").
// Shortening or collapsing first would hide part of a key from the search and keep the rest, so scrubbing
// comes first and only then is the message made into one short line (http.ts clean()).

/** A run of this many characters of the key is treated as the key. */
export const KEY_RUN = 8;
export const REDACTED = '[key removed]';

/** Longest provider text looked at: a hostile server may send megabytes; only a short excerpt is ever shown. */
const MAX_SCAN = 64 * 1024;

const WS = /\s/;

/**
 * `text` with every run of KEY_RUN or more characters of `key` replaced by REDACTED, whitespace between the
 * characters ignored (a key split across lines is one run), and masked forms of the key removed too.
 */
export function scrubKey(text: string, key: string): string {
  if (text.length > MAX_SCAN) text = text.slice(0, MAX_SCAN);
  const k = key.replace(/\s+/g, '');
  if (k.length < 4) return text;
  // A key shorter than a run is only removed whole.
  const n = Math.min(KEY_RUN, k.length);
  const grams = new Set<string>();
  for (let j = 0; j + n <= k.length; j++) grams.add(k.slice(j, j + n));
  // The text without whitespace, and where each of its characters sits in the text.
  const at: number[] = [];
  let compact = '';
  for (let i = 0; i < text.length; i++) {
    if (WS.test(text[i])) continue;
    at.push(i);
    compact += text[i];
  }
  const hit = new Uint8Array(compact.length);
  for (let i = 0; i + n <= compact.length; i++) if (grams.has(compact.slice(i, i + n))) hit.fill(1, i, i + n);
  let out = '';
  let from = 0;
  for (let i = 0; i < compact.length;) {
    if (!hit[i]) {
      i++;
      continue;
    }
    let j = i;
    while (j < compact.length && hit[j]) j++;
    out += text.slice(from, at[i]) + REDACTED;
    from = at[j - 1] + 1;
    i = j;
  }
  return unmask(out + text.slice(from), k);
}

/**
 * Masked echoes: key characters around a mask of stars or dots. OpenAI's 401 prints the first 8 and last 4
 * characters around stars ("Incorrect API key provided: sk-PMafP***…***E873.", as quoted in public issue threads,
 * e.g. github.com/dKosarevsky/AI-Talks/issues/32 and popjane/free_chatgpt_api/issues/3; checked 2026-12).
 */
const MASKED = /([\w-]*)([*•]{3,}|…|\.{3,})([\w-]*)/g;

const REPEATED = /\[key removed\](?:\s*\[key removed\])+/g;

function unmask(text: string, k: string): string {
  return text
    .replace(MASKED, (all, left: string, mask: string, right: string) => {
      // Stars are always a mask; dots are a mask only around a sizeable piece of the key.
      const least = /^[*•]/.test(mask) ? 1 : 3;
      const ofKey = (s: string) => s.length >= least && k.includes(s);
      return ofKey(left) || ofKey(right) ? REDACTED : all;
    })
    .replace(REPEATED, REDACTED);
}

/** Every run of `length` characters of `key` found in `text` (for tests and checks of outputs). */
export function keyRuns(text: string, key: string, length = KEY_RUN): string[] {
  const found = new Set<string>();
  for (let j = 0; j + length <= key.length; j++) {
    const g = key.slice(j, j + length);
    if (text.includes(g)) found.add(g);
  }
  return [...found];
}
