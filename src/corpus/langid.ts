// Language identification of a labelled text with franc-all (trigram profiles of 385 languages, 0.6 MB; franc-min,
// used before, has no profile for 13 of the 27 FLORES languages of the EU set: Slovak, Slovenian, Danish, Finnish,
// Estonian, Latvian, Lithuanian, Irish, Maltese, Catalan, Basque, Galician, Greek by script).
//
// One sentence is too little to tell close languages apart: on FLORES-200 dev+devtest in the 27 languages of
// `--langs eu+` (50,737 texts of 60+ letters), franc-all ranks another of those languages first for 3.3 % of the
// texts, up to 17 % of the Slovenian ones (Croatian) and 13 % of the Portuguese ones (Galician), and no threshold on
// one text's score separates them: the lowest score of a correctly labelled text is 0.649, while Portuguese labelled
// Galician scores 0.95 or more half of the time. A wrong column is another matter: its label is ranked first on at
// most 16 % of its texts, for every pair of the 27 languages. So a text is judged with its neighbours:
//
//   a text is rejected when franc-all does not rank its label first, and does not rank it first either on more
//   than half of the judged texts of the same language within WINDOW segments either side (itself included);
//   a text whose script has no place in its label's language (Greek text labelled French) is rejected alone.
//
// Measured on FLORES-200 dev+devtest, all 27 languages (scripts/langid-calibration.js): no text rejected (the
// most doubtful window of a correct column has 39 % of its texts doubted, Slovenian), while a column holding
// another of the 27 languages has 84 % or more of its judged texts rejected, for each of the 702 ordered pairs.
// What it gives up: a single mislabelled text in the same script, and the first text or two of a wrong block; and
// a correct text next to a wrong block is rejected with it when it is doubted itself.
//
// Judging one text costs several times counting its tokens, so a corpus is not judged text by text but sampled
// (SampledLangCheck, below): the first segments in full, then one text per language in every period of segments at
// a seeded place, around any doubted text its window, and around a rejected one every text of that language,
// backwards and forwards.
import { francAll } from 'franc-all';
import { data } from 'franc-all/data.js';
import { expressions } from 'franc-all/expressions.js';
import type { Lang } from '../types.js';
import { LANGUAGE_SETS } from '../vocabulary.js';
import { normalizeLang, threeLetterCodes } from './langs.js';

/** Texts with fewer letters than this are not judged. */
export const MIN_LETTERS = 60;
/** Half-width, in segments, of the window a doubted text is judged with. */
export const WINDOW = 16;
/** A doubted text is rejected when more than this share of the judged texts of its window are doubted. */
export const MAJORITY = 0.5;
/**
 * Languages always offered to the identifier besides the corpus's own: the 27 of `--langs eu+`, so that a column
 * holding one of them under another's label is told apart whatever languages the corpus has (the calibration above
 * offered all 27; fewer can only rank a text's own label higher).
 */
const ALWAYS = LANGUAGE_SETS.find((s) => s.id === 'eu+')!.codes;

/** franc's scripts with several languages, each with its languages (the trigram data is per script). */
const SCRIPT_LANGS = Object.values(data).map((langs) => Object.keys(langs));
const IN_DATA = new Set(SCRIPT_LANGS.flat());
/**
 * Languages franc tells by their script alone (Greek, Armenian, Georgian, ...); not Javanese, which franc also
 * has in Latin script, where offering it would add a competitor to every Latin text.
 */
const SCRIPT_ONLY = Object.keys(expressions).filter((k) => !(k in data) && !IN_DATA.has(k));
const SUPPORTED = new Set([...IN_DATA, ...SCRIPT_ONLY]);

/** franc-all's code for a language, or undefined when it has no profile for it. */
export function francCode(lang: Lang): string | undefined {
  return threeLetterCodes(lang).find((c) => SUPPORTED.has(c));
}

export interface LangVerdict {
  /** The language franc-all ranks first. */
  detected: Lang | string;
  /** The labelled language's normalised score (1 = ranked first; 0 = not ranked: the text is in another script). */
  score: number;
}

/** What the check knows of one text. */
export const TextState = {
  Unjudged: 0,
  /** Judged, but too short, or its language has no profile: no verdict. */
  NoVerdict: 1,
  /** Its label is ranked first. */
  Match: 2,
  /** Another language is ranked first, in the label's script. */
  Doubt: 3,
  /** The label is not ranked at all: the text is in a script its language does not use. */
  OtherScript: 4,
} as const;
export type TextState = (typeof TextState)[keyof typeof TextState];

/** One text as the rule sees it: its state, and the language franc-all ranks first when it has a verdict. */
export interface Judged {
  state: TextState;
  detected?: string;
}

export function judgedOf(v: LangVerdict | undefined): Judged {
  if (!v) return { state: TextState.NoVerdict };
  const state = v.score >= 1 ? TextState.Match : v.score > 0 ? TextState.Doubt : TextState.OtherScript;
  return { state, detected: String(v.detected) };
}

/**
 * The rule, on one text and the texts of its language within WINDOW segments either side (itself included):
 * rejected when in another script, or when doubted and more than MAJORITY of the judged texts of its window are
 * doubted too. (Counting only the texts doubted as the same language as it would spare a doubted text next to a
 * block of another language, but keep the 17 % of a Slovenian column mislabelled Spanish that look Croatian.)
 */
export function rejects(text: Judged, window: Iterable<Judged>): boolean {
  if (text.state === TextState.OtherScript) return true;
  if (text.state !== TextState.Doubt) return false;
  let judged = 0;
  let doubted = 0;
  for (const w of window) {
    if (w.state < TextState.Match) continue;
    judged++;
    if (w.state !== TextState.Match) doubted++;
  }
  return doubted > MAJORITY * judged;
}

export class LangChecker {
  private readonly only: string[];
  constructor(corpusLangs: Lang[]) {
    const codes = new Set<string>(SCRIPT_ONLY);
    for (const l of [...corpusLangs, ...ALWAYS]) {
      const c = francCode(l);
      if (c) codes.add(c);
    }
    // One language of each other script, so that a text in a script none of these languages uses is ranked
    // (and its label not), instead of franc answering "und".
    for (const langs of SCRIPT_LANGS) if (!langs.some((c) => codes.has(c))) codes.add(langs[0]);
    this.only = [...codes];
  }

  /** True when franc-all can judge texts labelled `lang`. */
  supports(lang: Lang): boolean {
    return francCode(lang) !== undefined;
  }

  /** Undefined when the text is too short to judge or its language has no profile; else franc's verdict. */
  judge(lang: Lang, text: string): LangVerdict | undefined {
    const code = francCode(lang);
    if (!code) return undefined;
    if (countLetters(text) < MIN_LETTERS) return undefined;
    const ranked = this.rank(text);
    if (!ranked.length || ranked[0][0] === 'und') return undefined;
    const own = ranked.find((r) => r[0] === code);
    return { detected: normalizeLang(ranked[0][0]) ?? ranked[0][0], score: own ? own[1] : 0 };
  }

  /** franc-all's ranking of the offered languages for a text, best first, with normalised scores. */
  rank(text: string): [string, number][] {
    return francAll(text, { only: this.only, minLength: 1 });
  }
}

export function countLetters(text: string): number {
  return text.replace(/\P{L}+/gu, '').length;
}

// ---------------------------------------------------------------- sampling

export interface SampleOptions {
  /** The first segments, judged in every language (a mislabelled or swapped column shows at once). */
  full: number;
  /** One text per language is judged in every period of this many segments, at a seeded place. */
  period: number;
  /** Around a rejected text, every text of that language within this many segments is judged. */
  window: number;
  seed: number;
}

export const SAMPLE: SampleOptions = { full: 16, period: 128, window: 384, seed: 0x746f6b };

/** One language of a segment that the check rejected, and the language its text looks like. */
export interface LangRejection {
  lang: Lang;
  looksLike: string;
}

/** What the check found about one segment: its rejected languages, in corpus order (none: it passes). */
export interface LangFinding<T> {
  item: T;
  /** The first rejected language, undefined when none was. */
  lang?: Lang;
  looksLike?: string;
  rejected?: LangRejection[];
}

interface Held<T> {
  item: T;
  index: number;
  /** Dropped once the segment is released (the state is kept a little longer, for its neighbours' windows). */
  texts?: string[];
  state: Uint8Array;
  detected: (string | undefined)[];
}

/**
 * The sampled language check over a stream of segments. It applies the rule above to the texts it judges, and
 * judges only:
 *  - every text of the first `full` segments;
 *  - one text per language in each period of `period` segments, at a seeded place (the next one long enough to
 *    judge when that one is too short);
 *  - around a doubted text, the texts of its language WINDOW segments either side (so every doubted text it
 *    judges is judged with its whole window, as if every text were judged);
 *  - around a rejected text, every text of that language `window` segments back and forth, and again `window`
 *    past each later rejection, so a wrong run is judged to its end.
 * Segments are held back `window` + 2 × WINDOW segments for the backward part; `push` returns the segments that
 * leave, each with its finding, in the order they came; `finish` the rest.
 *
 * So it rejects, as a check of every text would, every rejected text of: a column (or file) in another language
 * than its label, from the first segments; a run of segments in the wrong language in some column, once the run
 * reaches a sample point (any run of 2 × period − 1 segments does). It misses a run shorter than that unless a
 * sample point or a rejection lands near it.
 */
export class SampledLangCheck<T> {
  /** Segments by index from `base`: the unreleased ones, and the last WINDOW released ones (state only). */
  private readonly buf: Held<T>[] = [];
  private base = 0;
  private released = 0;
  private seen = 0;
  private readonly hold: number;
  /** Per language: judge every text up to this segment index (exclusive). */
  private readonly watchUntil: number[];
  /** Per language: every segment from this index to the newest has its text judged. */
  private readonly judgedFrom: number[];
  /** Per language: doubted texts whose window is not yet complete. */
  private readonly pending: number[][];
  private readonly point: number[];
  private readonly owed: boolean[];
  private rng: number;
  /** Texts franc-all judged so far (for the tests and the README's cost figure). */
  judged = 0;
  /** The rejections by segment index, complete once finish() has run: a later pass replays them. */
  readonly decisions = new Map<number, LangRejection[]>();

  constructor(
    private readonly checker: LangChecker,
    private readonly langs: Lang[],
    private readonly opts: SampleOptions = SAMPLE,
  ) {
    this.hold = opts.window + 2 * WINDOW + 1;
    this.watchUntil = langs.map(() => opts.full);
    this.judgedFrom = langs.map(() => 0);
    this.pending = langs.map(() => []);
    this.point = langs.map(() => -1);
    this.owed = langs.map(() => false);
    this.rng = opts.seed >>> 0 || 1;
  }

  /** xorshift32: the same sample points for the same seed. */
  private next(): number {
    let x = this.rng;
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    this.rng = x >>> 0;
    return this.rng;
  }

  private at(index: number): Held<T> | undefined {
    return this.buf[index - this.base];
  }

  /** Judges language li of a held segment and reacts to what it finds; false when it gave no verdict. */
  private judge(h: Held<T>, li: number): boolean {
    if (h.state[li] !== TextState.Unjudged) return h.state[li] !== TextState.NoVerdict;
    const v = this.checker.judge(this.langs[li], h.texts![li]);
    const { state: s, detected } = judgedOf(v);
    h.state[li] = s;
    if (!v) return false;
    this.judged++;
    h.detected[li] = detected;
    if (s === TextState.Match) return true;
    this.watch(li, h.index, WINDOW);
    if (s === TextState.OtherScript) this.watch(li, h.index, this.opts.window);
    else this.pending[li].push(h.index);
    return true;
  }

  /** Judges language li `span` segments back from `at` (as far as unreleased) and forward. */
  private watch(li: number, at: number, span: number): void {
    this.watchUntil[li] = Math.max(this.watchUntil[li], at + span + 1);
    const from = Math.max(at - span, this.released);
    if (from >= this.judgedFrom[li]) return; // all judged already (a wrong column is watched throughout)
    for (let i = from - this.base; i < this.buf.length; i++) this.judge(this.buf[i], li);
    this.judgedFrom[li] = from;
  }

  private judgedAt(li: number, index: number): Judged {
    const h = this.at(index)!;
    return { state: h.state[li] as TextState, detected: h.detected[li] };
  }

  /** The texts of language li within WINDOW segments of `index`, as far as the buffer holds them. */
  private *window(li: number, index: number): Iterable<Judged> {
    const to = Math.min(index + WINDOW, this.base + this.buf.length - 1);
    for (let i = Math.max(index - WINDOW, this.base); i <= to; i++) yield this.judgedAt(li, i);
  }

  private rejected(li: number, index: number): boolean {
    const text = this.judgedAt(li, index);
    return text.state >= TextState.Doubt && rejects(text, this.window(li, index));
  }

  /** Doubted texts whose window is complete (or all, at the end): when rejected, their language is watched. */
  private settle(last: number): void {
    for (let li = 0; li < this.langs.length; li++) {
      while (this.pending[li].some((k) => k + WINDOW <= last)) {
        const ready = this.pending[li].filter((k) => k + WINDOW <= last);
        this.pending[li] = this.pending[li].filter((k) => k + WINDOW > last);
        for (const k of ready) if (this.rejected(li, k)) this.watch(li, k, this.opts.window);
      }
    }
  }

  push(item: T, texts: string[]): LangFinding<T>[] {
    const k = this.seen++;
    const { period } = this.opts;
    const n = this.langs.length;
    const h: Held<T> = { item, index: k, texts, state: new Uint8Array(n), detected: new Array(n) };
    if (k % period === 0) {
      for (let li = 0; li < n; li++) {
        this.point[li] = k + (this.next() % period);
        this.owed[li] = false;
      }
    }
    this.buf.push(h);
    for (let li = 0; li < n; li++) {
      if (!this.checker.supports(this.langs[li])) continue;
      if (k === this.point[li]) this.owed[li] = true;
      if ((k < this.watchUntil[li] || this.owed[li]) && this.judge(h, li)) this.owed[li] = false;
      if (h.state[li] === TextState.Unjudged) this.judgedFrom[li] = k + 1;
    }
    this.settle(k);
    const out: LangFinding<T>[] = [];
    while (k - this.released >= this.hold) out.push(this.release());
    return out;
  }

  finish(): LangFinding<T>[] {
    this.settle(Infinity);
    const out: LangFinding<T>[] = [];
    while (this.released < this.seen) out.push(this.release());
    return out;
  }

  private release(): LangFinding<T> {
    const h = this.at(this.released++)!;
    const rejected: LangRejection[] = [];
    for (let li = 0; li < this.langs.length; li++) {
      if (this.rejected(li, h.index)) rejected.push({ lang: this.langs[li], looksLike: h.detected[li]! });
    }
    h.texts = undefined;
    if (rejected.length) this.decisions.set(h.index, rejected);
    while (this.base < this.released - WINDOW) {
      this.buf.shift();
      this.base++;
    }
    return rejected.length
      ? { item: h.item, lang: rejected[0].lang, looksLike: rejected[0].looksLike, rejected }
      : { item: h.item };
  }
}

/** The check as an earlier pass over the same segments decided it, without judging anything again. */
export class ReplayedLangCheck<T> {
  private seen = 0;
  judged = 0;
  constructor(private readonly decisions: ReadonlyMap<number, LangRejection[]>) {}

  push(item: T, _texts: string[]): LangFinding<T>[] {
    const rejected = this.decisions.get(this.seen++);
    return [
      rejected ? { item, lang: rejected[0].lang, looksLike: rejected[0].looksLike, rejected } : { item },
    ];
  }

  finish(): LangFinding<T>[] {
    return [];
  }
}
