// The tokens a count request adds around the text (the message wrapper, role markers, ...), measured per model
// so that segments.csv holds text-only counts, comparable with local tokenizers. Counting each sentence with
// the framing included biases every premium toward 1 (8 framing tokens on a 27-token sentence and a 37-token
// one turn 1.37 into 1.29).
//
// The framing F is measured with probe texts whose text-only counts follow without knowing the tokenizer:
//  - a lone ASCII letter is one token in every vocabulary (byte-level BPE holds every byte; SentencePiece
//    vocabularies hold the letter, with or without "▁"): F = count("a") − 1;
//  - a word repeated after a space costs twice the word (" Hello" and "Hello" are one token each in English-
//    centric and multilingual vocabularies alike): F = 2·count("Hello") − count("Hello Hello"), which does
//    not even need the word's own count.
// Every probe must give the same F; otherwise the framing is not a constant and the counts cannot be made
// text-only, and the counter fails rather than report biased figures. test/providers/framing.test.ts checks
// the probe relations on every local tokenizer of the catalog.
import { UserError } from '../errors.js';

export interface ProbeResult {
  how: string;
  counts: { text: string; count: number }[];
  implies: number;
}
export interface Framing {
  tokens: number;
  probes: ProbeResult[];
}

interface Probe {
  /** Texts to count. */
  texts: string[];
  /** The framing their counts imply. */
  implies(counts: number[]): number;
  how: string;
}

const letter = (t: string): Probe => ({ texts: [t], implies: ([c]) => c - 1, how: `count("${t}") − 1` });
const repeated = (w: string): Probe => ({
  texts: [w, `${w} ${w}`],
  implies: ([one, two]) => 2 * one - two,
  how: `2 × count("${w}") − count("${w} ${w}")`,
});

export const PROBES: readonly Probe[] = [letter('a'), letter('x'), repeated('Hello'), repeated('world')];

/** Every probe text, in request order. */
export const PROBE_TEXTS: readonly string[] = PROBES.flatMap((p) => p.texts);

/** Measures the framing from raw counts; throws when the probes disagree or imply a negative framing. */
export async function measureFraming(
  ref: string,
  count: (text: string) => Promise<number>,
): Promise<Framing> {
  const probes: ProbeResult[] = [];
  for (const p of PROBES) {
    const counts = await Promise.all(p.texts.map(count));
    probes.push({
      how: p.how,
      counts: p.texts.map((text, i) => ({ text, count: counts[i] })),
      implies: p.implies(counts),
    });
  }
  const values = [...new Set(probes.map((p) => p.implies))];
  if (values.length !== 1 || values[0] < 0) {
    throw new UserError(
      'apiAnswer',
      `${ref}: the request's framing is not one fixed number of tokens over the probe texts (${probes.map((p) => `${p.how} = ${p.implies}`).join('; ')}), so its counts cannot be made text-only`,
      'count this model another way for now (a local tokenizer), and report the probe counts above',
    );
  }
  return { tokens: values[0], probes };
}
