// Language identification of a labelled text with franc-min (trigram profiles, 82 languages).
// Trigram identification of one sentence is noisy: on FLORES-200 dev+devtest (12,054 sentences in six
// languages) franc-min's top guess is wrong for ~1 % of them, mostly pt/es/it confusions and names.
// So a text is only called mislabelled when its labelled language scores clearly below the best one
// (franc's normalised score < MISMATCH_SCORE), and only when it has enough letters to judge.
// Calibration (texts with ≥ 60 letters): the lowest score of a correctly labelled text was 0.841 on
// FLORES-200 (11,464 texts) and 0.842 on llm-mix; a text given another corpus language's label scores
// below 0.8 in ~80 % of FLORES cases and ~50 % of the shorter llm-mix ones, so a swapped column is
// caught in most of its segments, a single mislabelled segment often but not always.
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

  /** The language the text looks like when it does not look like `lang`, else undefined. */
  mismatch(lang: Lang, text: string): string | undefined {
    const v = this.judge(lang, text);
    return v && v.score < MISMATCH_SCORE ? String(v.detected) : undefined;
  }
}

export function countLetters(text: string): number {
  return text.replace(/\P{L}+/gu, '').length;
}
