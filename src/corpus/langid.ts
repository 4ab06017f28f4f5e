// Language identification of a labelled text with franc-min (trigram profiles, 82 languages).
// Trigram identification of one sentence is noisy: on FLORES-200 dev+devtest (12,054 sentences in six
// languages) franc-min's top guess is wrong for ~1 % of them, mostly pt/es/it confusions and names.
// So a text is only called mislabelled when its labelled language scores clearly below the best one
// (franc's normalised score < MISMATCH_SCORE), and only when it has enough letters to judge.
// Calibration (texts with ≥ 60 letters): the lowest score of a correctly labelled text was 0.841 on
// FLORES-200 (11,464 texts) and 0.842 on llm-mix; a text given another corpus language's label scores
// below 0.8 in ~80 % of FLORES cases and ~50 % of the shorter llm-mix ones, so a swapped column is
// caught in most of its segments, a single mislabelled segment often but not always.
//
// Judging one text costs about 7× counting its tokens, so a corpus is not judged text by text but sampled
// (SampledLangCheck, below): the first segments in full, then one text per language in every period of
// segments at a seeded place, and around any mismatch every text of that language, backwards and forwards.
import { francAll } from 'franc-min';
import { data } from 'franc-min/data.js';
import type { Lang } from '../types.js';
import { normalizeLang, threeLetterCodes } from './langs.js';

/** Texts with fewer letters than this are not judged. */
export const MIN_LETTERS = 60;
/** The labelled language's normalised franc score (best = 1) below which a text is called mislabelled. */
export const MISMATCH_SCORE = 0.8;
/** Languages always offered to the identifier besides the corpus's own (common confusions in Europe). */
const ALWAYS = ['en', 'fr', 'de', 'es', 'it', 'pt', 'nl'];

const SUPPORTED = new Set(Object.values(data).flatMap((langs) => Object.keys(langs)));

/** franc-min's code for a language, or undefined when franc-min has no profile for it. */
export function francCode(lang: Lang): string | undefined {
  return threeLetterCodes(lang).find((c) => SUPPORTED.has(c));
}

export interface LangVerdict {
  /** The language franc-min ranks first. */
  detected: Lang | string;
  /** The labelled language's normalised score (1 = ranked first). */
  score: number;
}

export class LangChecker {
  private readonly only: string[];
  constructor(corpusLangs: Lang[]) {
    const codes = new Set<string>();
    for (const l of [...corpusLangs, ...ALWAYS]) {
      const c = francCode(l);
      if (c) codes.add(c);
    }
    this.only = [...codes];
  }

  /** True when franc-min can judge texts labelled `lang`. */
  supports(lang: Lang): boolean {
    return francCode(lang) !== undefined;
  }

  /** Undefined when the text is too short to judge or its language has no profile; else franc's verdict. */
  judge(lang: Lang, text: string): LangVerdict | undefined {
    const code = francCode(lang);
    if (!code) return undefined;
    if (countLetters(text) < MIN_LETTERS) return undefined;
    const ranked = francAll(text, { only: this.only, minLength: 1 });
    if (!ranked.length || ranked[0][0] === 'und') return undefined;
    const own = ranked.find((r) => r[0] === code);
    return { detected: normalizeLang(ranked[0][0]) ?? ranked[0][0], score: own ? own[1] : 0 };
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
  /** A suspicious text (its label not ranked first) has this many segments on either side judged. */
  probe: number;
  /** Around a confirmed suspicion, every text of that language within this many segments is judged. */
  window: number;
  seed: number;
}

export const SAMPLE: SampleOptions = { full: 16, period: 128, probe: 8, window: 384, seed: 0x746f6b };

/** What the check found about one segment: the first language (in corpus order) whose text was mislabelled. */
export interface LangFinding<T> {
  item: T;
  /** Undefined when no judged text of the segment was mislabelled. */
  lang?: Lang;
  looksLike?: string;
}

interface Held<T> {
  item: T;
  index: number;
  texts: string[];
  /** Bit i: the text of language i was judged. */
  judged: number;
  bad?: number;
  looksLike?: string;
}

/**
 * The sampled language check over a stream of segments. Every text it judges is judged as before (a mismatch
 * is a score < MISMATCH_SCORE), but it judges only:
 *  - every text of the first `full` segments;
 *  - one text per language in each period of `period` segments, at a seeded place (the next one long enough to
 *    judge when that one is too short);
 *  - around a suspicious text — its label not ranked first by franc-min, which 99.5 % of the texts given
 *    another corpus language's label are on FLORES and llm-mix, and 0.3-0.8 % of correctly labelled ones —
 *    the texts of that language `probe` segments either side; a second suspicious text among them, or a
 *    mismatch anywhere, confirms it: then every text of that language `window` segments back and forth, and
 *    again `window` past each later mismatch, so a wrong run is judged to its end.
 * Segments are held back `window` segments for the backward part; `push` returns the segments that leave the
 * window, each with its finding, in the order they came; `finish` the rest.
 *
 * So it finds, as a full check would, every mislabelled text of: a column (or file) in another language than its
 * label, from the first segments; a run of segments in the wrong language in some column, once the run reaches
 * a sample point (any run of 2 × period − 1 segments does). It misses a single mislabelled segment, or a run
 * shorter than that, unless a sample point or a confirmed suspicion lands on it.
 */
export class SampledLangCheck<T> {
  private readonly held: Held<T>[] = [];
  private seen = 0;
  /** Per language: judge every text up to this segment index (exclusive). */
  private readonly watchUntil: number[];
  /** Per language: the index of the last suspicious text, this period's sample point, whether it is still owed. */
  private readonly lastSuspicious: number[];
  private readonly point: number[];
  private readonly owed: boolean[];
  private rng: number;
  /** Texts franc-min judged so far (for the tests and the README's cost figure). */
  judged = 0;

  constructor(
    private readonly checker: LangChecker,
    private readonly langs: Lang[],
    private readonly opts: SampleOptions = SAMPLE,
  ) {
    this.watchUntil = langs.map(() => opts.full);
    this.lastSuspicious = langs.map(() => -Infinity);
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

  /** Judges language li of a held segment and reacts to what it finds; false when the text is too short to judge. */
  private judge(h: Held<T>, li: number): boolean {
    if (h.judged & (1 << li)) return true;
    h.judged |= 1 << li;
    const v = this.checker.judge(this.langs[li], h.texts[li]);
    if (v === undefined) return false;
    this.judged++;
    if (v.score >= 1) return true;
    const mismatch = v.score < MISMATCH_SCORE;
    if (mismatch && (h.bad === undefined || li < h.bad)) {
      h.bad = li;
      h.looksLike = String(v.detected);
    }
    const near = Math.abs(h.index - this.lastSuspicious[li]) <= this.opts.probe;
    this.lastSuspicious[li] = h.index;
    this.watch(li, h.index, mismatch || near ? this.opts.window : this.opts.probe);
    return true;
  }

  /** Judges language li `span` segments back from `at` (as far as held) and forward. */
  private watch(li: number, at: number, span: number): void {
    this.watchUntil[li] = Math.max(this.watchUntil[li], at + span + 1);
    for (const h of this.held) if (h.index >= at - span) this.judge(h, li);
  }

  push(item: T, texts: string[]): LangFinding<T>[] {
    const k = this.seen++;
    const { period } = this.opts;
    const h: Held<T> = { item, index: k, texts, judged: 0 };
    if (k % period === 0) {
      for (let li = 0; li < this.langs.length; li++) {
        this.point[li] = k + (this.next() % period);
        this.owed[li] = false;
      }
    }
    this.held.push(h);
    for (let li = 0; li < this.langs.length; li++) {
      if (!this.checker.supports(this.langs[li])) continue;
      if (k === this.point[li]) this.owed[li] = true;
      if ((k < this.watchUntil[li] || this.owed[li]) && this.judge(h, li)) this.owed[li] = false;
    }
    const out: LangFinding<T>[] = [];
    while (this.held.length > this.opts.window) out.push(this.release(this.held.shift()!));
    return out;
  }

  finish(): LangFinding<T>[] {
    return this.held.splice(0).map((h) => this.release(h));
  }

  private release(h: Held<T>): LangFinding<T> {
    return h.bad === undefined
      ? { item: h.item }
      : { item: h.item, lang: this.langs[h.bad], looksLike: h.looksLike };
  }
}
