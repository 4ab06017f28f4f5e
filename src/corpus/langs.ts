// Language codes: everything the loaders see (ISO 639-1, ISO 639-3, ISO 639-2/B, FLORES "eng_Latn",
// BCP 47 "pt-BR") is normalised to ISO 639-1, the code every output uses.
import type { Lang } from '../types.js';
import { LANGUAGES, languageSet } from '../vocabulary.js';

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

// Three-letter codes (ISO 639-3, FLORES, ISO 639-2/B) of languages with an ISO 639-1 code, from the vocabulary's table.
const THREE: Record<string, readonly string[]> = Object.fromEntries(
  LANGUAGES.filter((l) => l.code.length === 2).map((l) => [l.code, l.iso3]),
);

const FROM_THREE = new Map<string, Lang>();
for (const [one, threes] of Object.entries(THREE)) for (const t of threes) FROM_THREE.set(t, one);
// Languages without a two-letter code keep their three letters (Asturian "ast", as the FLORES loader names them).
for (const l of LANGUAGES) if (l.code.length === 3) for (const t of l.iso3) FROM_THREE.set(t, l.code);

/**
 * ISO 639-1 code for `code` given as ISO 639-1, 639-3, 639-2/B, a FLORES code (`eng_Latn`) or a BCP 47 tag
 * (`pt-BR`), in any case; the ISO 639-3 code of a language of the vocabulary that has no ISO 639-1 code
 * (`ast`, `ast_Latn`); undefined when it is not a language code this table knows.
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

/**
 * `--langs` values with the named sets ("eu", "eu+") replaced by their languages, first occurrence kept. A set
 * name wins over a language code: "eu" is the 24 official EU languages here, Basque is "eus".
 */
export function expandLangSets(codes: readonly string[]): string[] {
  const out = codes.flatMap((c) => languageSet(c)?.codes ?? [c]);
  return [...new Set(out)];
}
