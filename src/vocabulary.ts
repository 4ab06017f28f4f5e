// The words every stage shares: languages (code → name, and the three-letter and FLORES codes that mean the same
// language), tokenizer categories and their order, the claim check's verdicts, and how a percentage or an interval
// is written. One table or function each, so the terminal, the headline, the tables, the charts and the slides
// never name or round the same thing two ways.
import type { ClaimVerdict, Lang, TokenizerCategory } from './types.js';

export interface LanguageInfo {
  /** ISO 639-1 where the language has a two-letter code, else its ISO 639-3 code (as FLORES files are read). */
  code: string;
  /** English name, as reports show it. */
  name: string;
  /**
   * ISO 639-3 codes that mean it: the main one first, then individual languages of a macrolanguage that FLORES or
   * franc-min use (FLORES "arb" for Arabic, "lvs" for Latvian), then ISO 639-2/B codes where they differ ("ger").
   */
  iso3: readonly string[];
  /** FLORES-200 codes (facebookresearch/flores, flores200/README.md, "Languages in FLORES-200"). */
  flores?: readonly string[];
}

/**
 * Every FLORES-200 language (204 codes, some sharing a language: two scripts, or varieties of one macrolanguage
 * that this table folds into its ISO 639-1 code), plus the other languages the loaders accept by ISO 639-1 code.
 * Names: the common English name (Intl.DisplayNames, en) for two-letter codes, FLORES's own name otherwise.
 */
export const LANGUAGES: readonly LanguageInfo[] = [
  { code: 'ace', name: 'Acehnese', iso3: ['ace'], flores: ['ace_Arab', 'ace_Latn'] },
  { code: 'acm', name: 'Mesopotamian Arabic', iso3: ['acm'], flores: ['acm_Arab'] },
  { code: 'acq', name: 'Ta’izzi-Adeni Arabic', iso3: ['acq'], flores: ['acq_Arab'] },
  { code: 'aeb', name: 'Tunisian Arabic', iso3: ['aeb'], flores: ['aeb_Arab'] },
  { code: 'af', name: 'Afrikaans', iso3: ['afr'], flores: ['afr_Latn'] },
  { code: 'ajp', name: 'South Levantine Arabic', iso3: ['ajp'], flores: ['ajp_Arab'] },
  { code: 'ak', name: 'Akan', iso3: ['aka'], flores: ['aka_Latn'] },
  { code: 'am', name: 'Amharic', iso3: ['amh'], flores: ['amh_Ethi'] },
  { code: 'apc', name: 'North Levantine Arabic', iso3: ['apc'], flores: ['apc_Arab'] },
  { code: 'ar', name: 'Arabic', iso3: ['ara', 'arb'], flores: ['arb_Arab', 'arb_Latn'] },
  { code: 'ars', name: 'Najdi Arabic', iso3: ['ars'], flores: ['ars_Arab'] },
  { code: 'ary', name: 'Moroccan Arabic', iso3: ['ary'], flores: ['ary_Arab'] },
  { code: 'arz', name: 'Egyptian Arabic', iso3: ['arz'], flores: ['arz_Arab'] },
  { code: 'as', name: 'Assamese', iso3: ['asm'], flores: ['asm_Beng'] },
  { code: 'ast', name: 'Asturian', iso3: ['ast'], flores: ['ast_Latn'] },
  { code: 'awa', name: 'Awadhi', iso3: ['awa'], flores: ['awa_Deva'] },
  { code: 'ay', name: 'Aymara', iso3: ['ayr'], flores: ['ayr_Latn'] },
  { code: 'az', name: 'Azerbaijani', iso3: ['aze', 'azj'], flores: ['azj_Latn'] },
  { code: 'azb', name: 'South Azerbaijani', iso3: ['azb'], flores: ['azb_Arab'] },
  { code: 'ba', name: 'Bashkir', iso3: ['bak'], flores: ['bak_Cyrl'] },
  { code: 'ban', name: 'Balinese', iso3: ['ban'], flores: ['ban_Latn'] },
  { code: 'be', name: 'Belarusian', iso3: ['bel'], flores: ['bel_Cyrl'] },
  { code: 'bem', name: 'Bemba', iso3: ['bem'], flores: ['bem_Latn'] },
  { code: 'bg', name: 'Bulgarian', iso3: ['bul'], flores: ['bul_Cyrl'] },
  { code: 'bho', name: 'Bhojpuri', iso3: ['bho'], flores: ['bho_Deva'] },
  { code: 'bjn', name: 'Banjar', iso3: ['bjn'], flores: ['bjn_Arab', 'bjn_Latn'] },
  { code: 'bm', name: 'Bambara', iso3: ['bam'], flores: ['bam_Latn'] },
  { code: 'bn', name: 'Bengali', iso3: ['ben'], flores: ['ben_Beng'] },
  { code: 'bo', name: 'Tibetan', iso3: ['bod'], flores: ['bod_Tibt'] },
  { code: 'br', name: 'Breton', iso3: ['bre'] },
  { code: 'bs', name: 'Bosnian', iso3: ['bos'], flores: ['bos_Latn'] },
  { code: 'bug', name: 'Buginese', iso3: ['bug'], flores: ['bug_Latn'] },
  { code: 'ca', name: 'Catalan', iso3: ['cat'], flores: ['cat_Latn'] },
  { code: 'ceb', name: 'Cebuano', iso3: ['ceb'], flores: ['ceb_Latn'] },
  { code: 'cjk', name: 'Chokwe', iso3: ['cjk'], flores: ['cjk_Latn'] },
  { code: 'ckb', name: 'Central Kurdish', iso3: ['ckb'], flores: ['ckb_Arab'] },
  { code: 'co', name: 'Corsican', iso3: ['cos'] },
  { code: 'crh', name: 'Crimean Tatar', iso3: ['crh'], flores: ['crh_Latn'] },
  { code: 'cs', name: 'Czech', iso3: ['ces', 'cze'], flores: ['ces_Latn'] },
  { code: 'cy', name: 'Welsh', iso3: ['cym', 'wel'], flores: ['cym_Latn'] },
  { code: 'da', name: 'Danish', iso3: ['dan'], flores: ['dan_Latn'] },
  { code: 'de', name: 'German', iso3: ['deu', 'ger'], flores: ['deu_Latn'] },
  { code: 'dik', name: 'Southwestern Dinka', iso3: ['dik'], flores: ['dik_Latn'] },
  { code: 'dyu', name: 'Dyula', iso3: ['dyu'], flores: ['dyu_Latn'] },
  { code: 'dz', name: 'Dzongkha', iso3: ['dzo'], flores: ['dzo_Tibt'] },
  { code: 'ee', name: 'Ewe', iso3: ['ewe'], flores: ['ewe_Latn'] },
  { code: 'el', name: 'Greek', iso3: ['ell', 'gre'], flores: ['ell_Grek'] },
  { code: 'en', name: 'English', iso3: ['eng'], flores: ['eng_Latn'] },
  { code: 'eo', name: 'Esperanto', iso3: ['epo'], flores: ['epo_Latn'] },
  { code: 'es', name: 'Spanish', iso3: ['spa'], flores: ['spa_Latn'] },
  { code: 'et', name: 'Estonian', iso3: ['est', 'ekk'], flores: ['est_Latn'] },
  { code: 'eu', name: 'Basque', iso3: ['eus', 'baq'], flores: ['eus_Latn'] },
  { code: 'fa', name: 'Persian', iso3: ['fas', 'per', 'pes'], flores: ['pes_Arab'] },
  { code: 'ff', name: 'Fula', iso3: ['fuv'], flores: ['fuv_Latn'] },
  { code: 'fi', name: 'Finnish', iso3: ['fin'], flores: ['fin_Latn'] },
  { code: 'fj', name: 'Fijian', iso3: ['fij'], flores: ['fij_Latn'] },
  { code: 'fo', name: 'Faroese', iso3: ['fao'], flores: ['fao_Latn'] },
  { code: 'fon', name: 'Fon', iso3: ['fon'], flores: ['fon_Latn'] },
  { code: 'fr', name: 'French', iso3: ['fra', 'fre'], flores: ['fra_Latn'] },
  { code: 'fur', name: 'Friulian', iso3: ['fur'], flores: ['fur_Latn'] },
  { code: 'fy', name: 'Western Frisian', iso3: ['fry'] },
  { code: 'ga', name: 'Irish', iso3: ['gle'], flores: ['gle_Latn'] },
  { code: 'gd', name: 'Scottish Gaelic', iso3: ['gla'], flores: ['gla_Latn'] },
  { code: 'gl', name: 'Galician', iso3: ['glg'], flores: ['glg_Latn'] },
  { code: 'gn', name: 'Guarani', iso3: ['grn'], flores: ['grn_Latn'] },
  { code: 'gu', name: 'Gujarati', iso3: ['guj'], flores: ['guj_Gujr'] },
  { code: 'ha', name: 'Hausa', iso3: ['hau'], flores: ['hau_Latn'] },
  { code: 'he', name: 'Hebrew', iso3: ['heb'], flores: ['heb_Hebr'] },
  { code: 'hi', name: 'Hindi', iso3: ['hin'], flores: ['hin_Deva'] },
  { code: 'hne', name: 'Chhattisgarhi', iso3: ['hne'], flores: ['hne_Deva'] },
  { code: 'hr', name: 'Croatian', iso3: ['hrv'], flores: ['hrv_Latn'] },
  { code: 'ht', name: 'Haitian Creole', iso3: ['hat'], flores: ['hat_Latn'] },
  { code: 'hu', name: 'Hungarian', iso3: ['hun'], flores: ['hun_Latn'] },
  { code: 'hy', name: 'Armenian', iso3: ['hye', 'arm'], flores: ['hye_Armn'] },
  { code: 'id', name: 'Indonesian', iso3: ['ind'], flores: ['ind_Latn'] },
  { code: 'ig', name: 'Igbo', iso3: ['ibo'], flores: ['ibo_Latn'] },
  { code: 'ilo', name: 'Ilocano', iso3: ['ilo'], flores: ['ilo_Latn'] },
  { code: 'is', name: 'Icelandic', iso3: ['isl', 'ice'], flores: ['isl_Latn'] },
  { code: 'it', name: 'Italian', iso3: ['ita'], flores: ['ita_Latn'] },
  { code: 'ja', name: 'Japanese', iso3: ['jpn'], flores: ['jpn_Jpan'] },
  { code: 'jv', name: 'Javanese', iso3: ['jav'], flores: ['jav_Latn'] },
  { code: 'ka', name: 'Georgian', iso3: ['kat', 'geo'], flores: ['kat_Geor'] },
  { code: 'kab', name: 'Kabyle', iso3: ['kab'], flores: ['kab_Latn'] },
  { code: 'kac', name: 'Jingpho', iso3: ['kac'], flores: ['kac_Latn'] },
  { code: 'kam', name: 'Kamba', iso3: ['kam'], flores: ['kam_Latn'] },
  { code: 'kbp', name: 'Kabiyè', iso3: ['kbp'], flores: ['kbp_Latn'] },
  { code: 'kea', name: 'Kabuverdianu', iso3: ['kea'], flores: ['kea_Latn'] },
  { code: 'kg', name: 'Kongo', iso3: ['kon'], flores: ['kon_Latn'] },
  { code: 'ki', name: 'Kikuyu', iso3: ['kik'], flores: ['kik_Latn'] },
  { code: 'kk', name: 'Kazakh', iso3: ['kaz'], flores: ['kaz_Cyrl'] },
  { code: 'km', name: 'Khmer', iso3: ['khm'], flores: ['khm_Khmr'] },
  { code: 'kmb', name: 'Kimbundu', iso3: ['kmb'], flores: ['kmb_Latn'] },
  { code: 'kn', name: 'Kannada', iso3: ['kan'], flores: ['kan_Knda'] },
  { code: 'ko', name: 'Korean', iso3: ['kor'], flores: ['kor_Hang'] },
  { code: 'kr', name: 'Kanuri', iso3: ['knc'], flores: ['knc_Arab', 'knc_Latn'] },
  { code: 'ks', name: 'Kashmiri', iso3: ['kas'], flores: ['kas_Arab', 'kas_Deva'] },
  { code: 'ku', name: 'Kurdish', iso3: ['kur', 'kmr'], flores: ['kmr_Latn'] },
  { code: 'ky', name: 'Kyrgyz', iso3: ['kir'], flores: ['kir_Cyrl'] },
  { code: 'la', name: 'Latin', iso3: ['lat'] },
  { code: 'lb', name: 'Luxembourgish', iso3: ['ltz'], flores: ['ltz_Latn'] },
  { code: 'lg', name: 'Ganda', iso3: ['lug'], flores: ['lug_Latn'] },
  { code: 'li', name: 'Limburgish', iso3: ['lim'], flores: ['lim_Latn'] },
  { code: 'lij', name: 'Ligurian', iso3: ['lij'], flores: ['lij_Latn'] },
  { code: 'lmo', name: 'Lombard', iso3: ['lmo'], flores: ['lmo_Latn'] },
  { code: 'ln', name: 'Lingala', iso3: ['lin'], flores: ['lin_Latn'] },
  { code: 'lo', name: 'Lao', iso3: ['lao'], flores: ['lao_Laoo'] },
  { code: 'lt', name: 'Lithuanian', iso3: ['lit'], flores: ['lit_Latn'] },
  { code: 'ltg', name: 'Latgalian', iso3: ['ltg'], flores: ['ltg_Latn'] },
  { code: 'lua', name: 'Luba-Kasai', iso3: ['lua'], flores: ['lua_Latn'] },
  { code: 'luo', name: 'Luo', iso3: ['luo'], flores: ['luo_Latn'] },
  { code: 'lus', name: 'Mizo', iso3: ['lus'], flores: ['lus_Latn'] },
  { code: 'lv', name: 'Latvian', iso3: ['lav', 'lvs'], flores: ['lvs_Latn'] },
  { code: 'mag', name: 'Magahi', iso3: ['mag'], flores: ['mag_Deva'] },
  { code: 'mai', name: 'Maithili', iso3: ['mai'], flores: ['mai_Deva'] },
  { code: 'mg', name: 'Malagasy', iso3: ['mlg', 'plt'], flores: ['plt_Latn'] },
  { code: 'mi', name: 'Māori', iso3: ['mri'], flores: ['mri_Latn'] },
  { code: 'min', name: 'Minangkabau', iso3: ['min'], flores: ['min_Arab', 'min_Latn'] },
  { code: 'mk', name: 'Macedonian', iso3: ['mkd', 'mac'], flores: ['mkd_Cyrl'] },
  { code: 'ml', name: 'Malayalam', iso3: ['mal'], flores: ['mal_Mlym'] },
  { code: 'mn', name: 'Mongolian', iso3: ['mon', 'khk'], flores: ['khk_Cyrl'] },
  { code: 'mni', name: 'Meitei', iso3: ['mni'], flores: ['mni_Beng'] },
  { code: 'mos', name: 'Mossi', iso3: ['mos'], flores: ['mos_Latn'] },
  { code: 'mr', name: 'Marathi', iso3: ['mar'], flores: ['mar_Deva'] },
  { code: 'ms', name: 'Malay', iso3: ['msa', 'may', 'zsm', 'zlm'], flores: ['zsm_Latn'] },
  { code: 'mt', name: 'Maltese', iso3: ['mlt'], flores: ['mlt_Latn'] },
  { code: 'my', name: 'Burmese', iso3: ['mya', 'bur'], flores: ['mya_Mymr'] },
  { code: 'nb', name: 'Norwegian Bokmål', iso3: ['nob'], flores: ['nob_Latn'] },
  { code: 'ne', name: 'Nepali', iso3: ['nep', 'npi'], flores: ['npi_Deva'] },
  { code: 'nl', name: 'Dutch', iso3: ['nld', 'dut'], flores: ['nld_Latn'] },
  { code: 'nn', name: 'Norwegian Nynorsk', iso3: ['nno'], flores: ['nno_Latn'] },
  { code: 'no', name: 'Norwegian', iso3: ['nor'] },
  { code: 'nso', name: 'Northern Sotho', iso3: ['nso'], flores: ['nso_Latn'] },
  { code: 'nus', name: 'Nuer', iso3: ['nus'], flores: ['nus_Latn'] },
  { code: 'ny', name: 'Nyanja', iso3: ['nya'], flores: ['nya_Latn'] },
  { code: 'oc', name: 'Occitan', iso3: ['oci'], flores: ['oci_Latn'] },
  { code: 'om', name: 'Oromo', iso3: ['gaz'], flores: ['gaz_Latn'] },
  { code: 'or', name: 'Odia', iso3: ['ory'], flores: ['ory_Orya'] },
  { code: 'pa', name: 'Punjabi', iso3: ['pan'], flores: ['pan_Guru'] },
  { code: 'pag', name: 'Pangasinan', iso3: ['pag'], flores: ['pag_Latn'] },
  { code: 'pap', name: 'Papiamento', iso3: ['pap'], flores: ['pap_Latn'] },
  { code: 'pl', name: 'Polish', iso3: ['pol'], flores: ['pol_Latn'] },
  { code: 'prs', name: 'Dari', iso3: ['prs'], flores: ['prs_Arab'] },
  { code: 'ps', name: 'Pashto', iso3: ['pus', 'pbt'], flores: ['pbt_Arab'] },
  { code: 'pt', name: 'Portuguese', iso3: ['por'], flores: ['por_Latn'] },
  { code: 'qu', name: 'Quechua', iso3: ['que', 'quy'], flores: ['quy_Latn'] },
  { code: 'rn', name: 'Rundi', iso3: ['run'], flores: ['run_Latn'] },
  { code: 'ro', name: 'Romanian', iso3: ['ron', 'rum'], flores: ['ron_Latn'] },
  { code: 'ru', name: 'Russian', iso3: ['rus'], flores: ['rus_Cyrl'] },
  { code: 'rw', name: 'Kinyarwanda', iso3: ['kin'], flores: ['kin_Latn'] },
  { code: 'sa', name: 'Sanskrit', iso3: ['san'], flores: ['san_Deva'] },
  { code: 'sat', name: 'Santali', iso3: ['sat'], flores: ['sat_Beng'] },
  { code: 'sc', name: 'Sardinian', iso3: ['srd'], flores: ['srd_Latn'] },
  { code: 'scn', name: 'Sicilian', iso3: ['scn'], flores: ['scn_Latn'] },
  { code: 'sd', name: 'Sindhi', iso3: ['snd'], flores: ['snd_Arab'] },
  { code: 'sg', name: 'Sango', iso3: ['sag'], flores: ['sag_Latn'] },
  { code: 'shn', name: 'Shan', iso3: ['shn'], flores: ['shn_Mymr'] },
  { code: 'si', name: 'Sinhala', iso3: ['sin'], flores: ['sin_Sinh'] },
  { code: 'sk', name: 'Slovak', iso3: ['slk', 'slo'], flores: ['slk_Latn'] },
  { code: 'sl', name: 'Slovenian', iso3: ['slv'], flores: ['slv_Latn'] },
  { code: 'sm', name: 'Samoan', iso3: ['smo'], flores: ['smo_Latn'] },
  { code: 'sn', name: 'Shona', iso3: ['sna'], flores: ['sna_Latn'] },
  { code: 'so', name: 'Somali', iso3: ['som'], flores: ['som_Latn'] },
  { code: 'sq', name: 'Albanian', iso3: ['sqi', 'alb', 'als'], flores: ['als_Latn'] },
  { code: 'sr', name: 'Serbian', iso3: ['srp'], flores: ['srp_Cyrl'] },
  { code: 'ss', name: 'Swati', iso3: ['ssw'], flores: ['ssw_Latn'] },
  { code: 'st', name: 'Southern Sotho', iso3: ['sot'], flores: ['sot_Latn'] },
  { code: 'su', name: 'Sundanese', iso3: ['sun'], flores: ['sun_Latn'] },
  { code: 'sv', name: 'Swedish', iso3: ['swe'], flores: ['swe_Latn'] },
  { code: 'sw', name: 'Swahili', iso3: ['swa', 'swh'], flores: ['swh_Latn'] },
  { code: 'szl', name: 'Silesian', iso3: ['szl'], flores: ['szl_Latn'] },
  { code: 'ta', name: 'Tamil', iso3: ['tam'], flores: ['tam_Taml'] },
  { code: 'taq', name: 'Tamasheq', iso3: ['taq'], flores: ['taq_Latn', 'taq_Tfng'] },
  { code: 'te', name: 'Telugu', iso3: ['tel'], flores: ['tel_Telu'] },
  { code: 'tg', name: 'Tajik', iso3: ['tgk'], flores: ['tgk_Cyrl'] },
  { code: 'th', name: 'Thai', iso3: ['tha'], flores: ['tha_Thai'] },
  { code: 'ti', name: 'Tigrinya', iso3: ['tir'], flores: ['tir_Ethi'] },
  { code: 'tk', name: 'Turkmen', iso3: ['tuk'], flores: ['tuk_Latn'] },
  { code: 'tl', name: 'Tagalog', iso3: ['tgl', 'fil'], flores: ['tgl_Latn'] },
  { code: 'tn', name: 'Tswana', iso3: ['tsn'], flores: ['tsn_Latn'] },
  { code: 'tpi', name: 'Tok Pisin', iso3: ['tpi'], flores: ['tpi_Latn'] },
  { code: 'tr', name: 'Turkish', iso3: ['tur'], flores: ['tur_Latn'] },
  { code: 'ts', name: 'Tsonga', iso3: ['tso'], flores: ['tso_Latn'] },
  { code: 'tt', name: 'Tatar', iso3: ['tat'], flores: ['tat_Cyrl'] },
  { code: 'tum', name: 'Tumbuka', iso3: ['tum'], flores: ['tum_Latn'] },
  { code: 'tw', name: 'Twi', iso3: ['twi'], flores: ['twi_Latn'] },
  { code: 'tzm', name: 'Central Atlas Tamazight', iso3: ['tzm'], flores: ['tzm_Tfng'] },
  { code: 'ug', name: 'Uyghur', iso3: ['uig'], flores: ['uig_Arab'] },
  { code: 'uk', name: 'Ukrainian', iso3: ['ukr'], flores: ['ukr_Cyrl'] },
  { code: 'umb', name: 'Umbundu', iso3: ['umb'], flores: ['umb_Latn'] },
  { code: 'ur', name: 'Urdu', iso3: ['urd'], flores: ['urd_Arab'] },
  { code: 'uz', name: 'Uzbek', iso3: ['uzb', 'uzn'], flores: ['uzn_Latn'] },
  { code: 'vec', name: 'Venetian', iso3: ['vec'], flores: ['vec_Latn'] },
  { code: 'vi', name: 'Vietnamese', iso3: ['vie'], flores: ['vie_Latn'] },
  { code: 'war', name: 'Waray', iso3: ['war'], flores: ['war_Latn'] },
  { code: 'wo', name: 'Wolof', iso3: ['wol'], flores: ['wol_Latn'] },
  { code: 'xh', name: 'Xhosa', iso3: ['xho'], flores: ['xho_Latn'] },
  { code: 'yi', name: 'Yiddish', iso3: ['yid', 'ydd'], flores: ['ydd_Hebr'] },
  { code: 'yo', name: 'Yoruba', iso3: ['yor'], flores: ['yor_Latn'] },
  { code: 'yue', name: 'Yue Chinese', iso3: ['yue'], flores: ['yue_Hant'] },
  { code: 'zh', name: 'Chinese', iso3: ['zho', 'chi', 'cmn'], flores: ['zho_Hans', 'zho_Hant'] },
  { code: 'zu', name: 'Zulu', iso3: ['zul'], flores: ['zul_Latn'] },
];

export interface LanguageSet {
  /** What `--langs` takes for it. */
  id: string;
  name: string;
  /** ISO 639-1 codes, in the order the source lists them. */
  codes: readonly string[];
  /** Where the membership comes from. */
  source: string;
}

const EU_OFFICIAL = [
  'bg', 'es', 'cs', 'da', 'de', 'et', 'el', 'en', 'fr', 'ga', 'hr', 'it',
  'lv', 'lt', 'hu', 'mt', 'nl', 'pl', 'pt', 'ro', 'sk', 'sl', 'fi', 'sv',
] as const; // prettier-ignore

/**
 * Named sets of languages for `--langs`. "eu" shadows Basque's ISO 639-1 code there: Basque is `eus` (or
 * `eus_Latn`, `baq`) in `--langs`, and "eu" in every output, as ISO 639-1 has it.
 */
export const LANGUAGE_SETS = [
  {
    id: 'eu',
    name: 'the 24 official languages of the European Union',
    codes: EU_OFFICIAL,
    source:
      'Interinstitutional Style Guide, section 7.2.1 (Publications Office of the EU, style-guide.europa.eu; read 2026-12-06): the 24 official languages under Council Regulation No 1/1958 as amended, with their ISO 639-1 codes',
  },
  {
    id: 'eu+',
    name: 'the 24 official EU languages plus Catalan, Basque and Galician',
    codes: [...EU_OFFICIAL, 'ca', 'eu', 'gl'],
    source:
      'the 24 of "eu", plus the languages of the Council conclusions of 13 June 2005 on additional languages (OJ C 148, 18.6.2005, p. 1): official by the constitution of a Member State in part of its territory, usable with EU institutions under administrative arrangements; Spain concluded them for Catalan, Basque and Galician (read 2026-12-06; not EU official languages: Spain\'s request to make them so was still before the Council in 2025)',
  },
] as const satisfies readonly LanguageSet[];

/** The set named `id` ("eu", "eu+"; any case), if it is one. */
export function languageSet(id: string): LanguageSet | undefined {
  const want = id.trim().toLowerCase();
  return LANGUAGE_SETS.find((s) => s.id === want);
}

const BY_CODE = new Map<string, LanguageInfo>(LANGUAGES.map((l) => [l.code, l]));
const displayNames = new Intl.DisplayNames(['en'], { type: 'language' });

/**
 * The pseudo-language of claim.csv's EU-wide rows: the equal-weight mean over the official EU languages a run
 * measures besides English (never "eu", Basque's ISO 639-1 code).
 */
export const EU_MEAN = 'eu-mean';
/** Official EU languages besides English a run needs before claim.csv gets an EU-wide row (more than the six the
 *  tables show as columns: the mean speaks for Europe, not for three languages). */
export const EU_MEAN_MIN = 7;

/** The official EU languages of `langs` besides `baseline` that an EU-wide mean averages (empty: too few). */
export function euMeanLangs(langs: readonly Lang[], baseline: Lang): Lang[] {
  const eu = new Set<string>(EU_OFFICIAL);
  const mine = langs.filter((l) => l !== baseline && eu.has(l));
  return mine.length >= EU_MEAN_MIN ? mine : [];
}

/** English name of a language code ("fr" → "French", "lv" → "Latvian"); the code itself when nothing knows it. */
export function languageName(code: Lang): string {
  if (code === EU_MEAN) return 'EU mean';
  const known = BY_CODE.get(code);
  if (known) return known.name;
  try {
    const name = displayNames.of(code);
    return name && name !== code ? name : code;
  } catch {
    return code;
  }
}

/** Tokenizer categories in reading order: charts, tables and the headline list them this way. */
export const CATEGORY_ORDER = [
  'english-centric',
  'multilingual',
  'european',
] as const satisfies readonly TokenizerCategory[];

export const CATEGORY_LABELS: Record<TokenizerCategory, string> = {
  'english-centric': 'English-centric',
  multilingual: 'Multilingual',
  european: 'European',
};

/** Whether a word read from a file or a catalog entry is one of the categories. */
export function isCategory(c: unknown): c is TokenizerCategory {
  return (CATEGORY_ORDER as readonly unknown[]).includes(c);
}

/** Position of a category in CATEGORY_ORDER (unknown ones last). */
export function categoryRank(c: TokenizerCategory): number {
  const i = (CATEGORY_ORDER as readonly string[]).indexOf(c);
  return i < 0 ? CATEGORY_ORDER.length : i;
}

// ---------------------------------------------------------------- figures

// Every percentage the terminal, the reports, the charts and the slides show goes through these: each figure is
// rounded once, from its full-precision value (toFixed rounds the double's exact value), so two views of the
// same number never differ in the last digit.
const NBSP = '\u00a0';
const MINUS = '\u2212';

/** A signed number with `digits` decimals: "+60.8", "−1.2", "0.0" (never "−0.0"); "–" when not finite. */
export function signedNumber(x: number | undefined, digits = 1): string {
  if (x === undefined || !Number.isFinite(x)) return '–';
  const s = x.toFixed(digits);
  if (Number(s) === 0) return (0).toFixed(digits);
  return s.startsWith('-') ? MINUS + s.slice(1) : `+${s}`;
}

/** "+60.8 %", "−1.2 %", "0.0 %"; `space` between number and sign (a no-break space in the reports). */
export function fmtPct(x: number | undefined, digits = 1, space = NBSP): string {
  const s = signedNumber(x, digits);
  return s === '–' ? s : `${s}${space}%`;
}

/** A range of percentages: "+31 to +37 %", or one figure when both ends read the same. */
export function fmtPctRange(lo: number, hi: number, digits = 0): string {
  const a = fmtPct(lo, digits);
  const b = fmtPct(hi, digits);
  return a === b ? a : `${a.replace(`${NBSP}%`, '')} to ${b}`;
}

/** fmtPct with a plain space, for the terminal and the sentences that also go there ("+37 %"). */
export function fmtPctPlain(x: number | undefined, digits = 1): string {
  return fmtPct(x, digits, ' ');
}

/** An unsigned share ("12.3 %"), for continued words and the like. */
export function fmtShare(x: number | undefined, digits = 1, space = NBSP): string {
  if (x === undefined || !Number.isFinite(x)) return '–';
  return `${x.toFixed(digits)}${space}%`;
}

/** A confidence interval in percent, bounds without sign unless negative: "[59.2, 62.4]", "[−0.5, 1.2]". */
export function fmtCi(low: number | undefined, high: number | undefined, digits = 1): string {
  if (low === undefined || high === undefined || !Number.isFinite(low) || !Number.isFinite(high)) return '–';
  const f = (x: number) => {
    const s = x.toFixed(digits);
    return Number(s) === 0 ? (0).toFixed(digits) : s.replace('-', MINUS);
  };
  return `[${f(low)}, ${f(high)}]`;
}

// ---------------------------------------------------------------- verdicts

/** The claim check's verdicts, in the order the reports explain them; no file or view uses any other word. */
export const CLAIM_VERDICTS = [
  'matches',
  'above',
  'below',
  'inconclusive',
  'too few segments',
  'not applicable',
  'not measured',
] as const satisfies readonly ClaimVerdict[];

/** Verdicts that state a finding (the others say why there is none). */
export const FINDING_VERDICTS: ReadonlySet<ClaimVerdict> = new Set([
  'matches',
  'above',
  'below',
  'inconclusive',
]);
