// Language codes: everything the loaders see (ISO 639-1, ISO 639-3, ISO 639-2/B, FLORES "eng_Latn",
// BCP 47 "pt-BR") is normalised to ISO 639-1, the code every output uses.
import type { Lang } from '../types.js';

/** ISO 639-1 (the complete list of current two-letter codes). */
const ISO1 = new Set(
  (
    'aa ab ae af ak am an ar as av ay az ba be bg bi bm bn bo br bs ca ce ch co cr cs cu cv cy da de dv dz ee el en ' +
    'eo es et eu fa ff fi fj fo fr fy ga gd gl gn gu gv ha he hi ho hr ht hu hy hz ia id ie ig ii ik io is it iu ja ' +
    'jv ka kg ki kj kk kl km kn ko kr ks ku kv kw ky la lb lg li ln lo lt lu lv mg mh mi mk ml mn mr ms mt my na nb ' +
    'nd ne ng nl nn no nr nv ny oc oj om or os pa pi pl ps pt qu rm rn ro ru rw sa sc sd se sg si sk sl sm sn so sq ' +
    'sr ss st su sv sw ta te tg th ti tk tl tn to tr ts tt tw ty ug uk ur uz ve vi vo wa wo xh yi yo za zh zu'
  ).split(' '),
);

// ISO 639-1 → three-letter codes that mean it: the ISO 639-3 code first (the one franc-min and FLORES
// use where they differ is listed too: individual languages of a macrolanguage, e.g. FLORES "arb_Arab"),
// then the ISO 639-2/B bibliographic code where it differs ("ger", "fre").
const THREE: Record<string, string[]> = {
  en: ['eng'],
  fr: ['fra', 'fre'],
  de: ['deu', 'ger'],
  es: ['spa'],
  it: ['ita'],
  pt: ['por'],
  nl: ['nld', 'dut'],
  ca: ['cat'],
  gl: ['glg'],
  eu: ['eus', 'baq'],
  oc: ['oci'],
  co: ['cos'],
  br: ['bre'],
  ga: ['gle'],
  gd: ['gla'],
  cy: ['cym', 'wel'],
  is: ['isl', 'ice'],
  fo: ['fao'],
  da: ['dan'],
  sv: ['swe'],
  no: ['nor'],
  nb: ['nob'],
  nn: ['nno'],
  fi: ['fin'],
  et: ['est', 'ekk'],
  lv: ['lav', 'lvs'],
  lt: ['lit'],
  pl: ['pol'],
  cs: ['ces', 'cze'],
  sk: ['slk', 'slo'],
  sl: ['slv'],
  hr: ['hrv'],
  sr: ['srp'],
  bs: ['bos'],
  mk: ['mkd', 'mac'],
  bg: ['bul'],
  ro: ['ron', 'rum'],
  hu: ['hun'],
  el: ['ell', 'gre'],
  sq: ['sqi', 'alb', 'als'],
  mt: ['mlt'],
  lb: ['ltz'],
  fy: ['fry'],
  la: ['lat'],
  eo: ['epo'],
  ru: ['rus'],
  uk: ['ukr'],
  be: ['bel'],
  tr: ['tur'],
  hy: ['hye', 'arm'],
  ka: ['kat', 'geo'],
  az: ['aze', 'azj'],
  kk: ['kaz'],
  ky: ['kir'],
  uz: ['uzb', 'uzn'],
  tg: ['tgk'],
  mn: ['mon', 'khk'],
  ar: ['ara', 'arb'],
  he: ['heb'],
  fa: ['fas', 'per', 'pes'],
  ur: ['urd'],
  ps: ['pus', 'pbt'],
  ku: ['kur', 'kmr'],
  hi: ['hin'],
  bn: ['ben'],
  pa: ['pan'],
  gu: ['guj'],
  mr: ['mar'],
  ta: ['tam'],
  te: ['tel'],
  kn: ['kan'],
  ml: ['mal'],
  ne: ['nep', 'npi'],
  si: ['sin'],
  zh: ['zho', 'chi', 'cmn'],
  ja: ['jpn'],
  ko: ['kor'],
  vi: ['vie'],
  th: ['tha'],
  lo: ['lao'],
  km: ['khm'],
  my: ['mya', 'bur'],
  id: ['ind'],
  ms: ['msa', 'may', 'zsm', 'zlm'],
  jv: ['jav'],
  su: ['sun'],
  tl: ['tgl', 'fil'],
  sw: ['swa', 'swh'],
  am: ['amh'],
  so: ['som'],
  ha: ['hau'],
  yo: ['yor'],
  ig: ['ibo'],
  zu: ['zul'],
  xh: ['xho'],
  af: ['afr'],
  rw: ['kin'],
  ny: ['nya'],
  mg: ['mlg', 'plt'],
  ht: ['hat'],
  qu: ['que'],
  gn: ['grn'],
  yi: ['yid'],
};

const FROM_THREE = new Map<string, Lang>();
for (const [one, threes] of Object.entries(THREE)) for (const t of threes) FROM_THREE.set(t, one);

/**
 * ISO 639-1 code for `code` given as ISO 639-1, 639-3, 639-2/B, a FLORES code (`eng_Latn`) or a BCP 47 tag
 * (`pt-BR`), in any case; undefined when it is not a language code this table knows.
 */
export function normalizeLang(code: string): Lang | undefined {
  if (typeof code !== 'string') return undefined;
  // Primary code, then BCP 47-shaped subtags: script (Latn), region (GB, 419), variant (1996, fonipa).
  const m =
    /^([A-Za-z]{2,3})(?:[-_](?:[A-Za-z]{4}|[A-Za-z]{2}|\d{3}|[A-Za-z0-9]{5,8}|\d[A-Za-z0-9]{3}))*$/.exec(
      code.trim(),
    );
  if (!m) return undefined;
  const primary = m[1].toLowerCase();
  if (primary.length === 2) return ISO1.has(primary) ? primary : undefined;
  return FROM_THREE.get(primary);
}

/** ISO 639-3 codes for an ISO 639-1 code (first = the main one), for language identification. */
export function threeLetterCodes(lang: Lang): readonly string[] {
  return Object.prototype.hasOwnProperty.call(THREE, lang) ? THREE[lang] : [];
}

/** English names of the common languages, for messages. */
const NAMES: Record<string, string> = {
  en: 'English',
  fr: 'French',
  de: 'German',
  es: 'Spanish',
  it: 'Italian',
  pt: 'Portuguese',
  nl: 'Dutch',
  pl: 'Polish',
  ro: 'Romanian',
  sv: 'Swedish',
  da: 'Danish',
  fi: 'Finnish',
  cs: 'Czech',
  hu: 'Hungarian',
  el: 'Greek',
  ru: 'Russian',
  uk: 'Ukrainian',
  tr: 'Turkish',
  ca: 'Catalan',
  zh: 'Chinese',
  ja: 'Japanese',
  ar: 'Arabic',
  hi: 'Hindi',
  ko: 'Korean',
};

export function langName(lang: Lang): string {
  return Object.prototype.hasOwnProperty.call(NAMES, lang) ? NAMES[lang] : lang;
}
