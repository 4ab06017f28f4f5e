// Which rows a view shows, decided once for the report, the charts, the deck and the terminal: the whole-corpus
// rows, the order of languages and tokenizers, today's models, and the models of the bill chart.
import { tokenizerStatus } from '../models/index.js';
import type { ModelRow, RunManifest, TokenizerCategory } from '../types.js';
import { isServed } from '../types.js';
import type { RunData } from './types.js';
import { categoryRank } from '../vocabulary.js';
import { fmtCorpus } from './format.js';

/** More languages than this and a view lists languages as rows (or splits its columns), not one column each. */
export const MANY_LANGS = 6;

/** Rows over the whole corpus: domain "all" when present (with --by-domain there are per-domain rows too). */
export function wholeCorpus<T extends { corpus: string; domain: string }>(
  rows: readonly T[],
  corpus: string,
): T[] {
  const mine = rows.filter((r) => r.corpus === corpus);
  const all = mine.filter((r) => r.domain === 'all');
  return all.length ? all : mine.filter((r) => r.domain === mine[0]?.domain);
}

/** The languages of the rows in order of appearance, baseline first. */
export function langOrder(rows: readonly { lang: string }[], baseline: string): string[] {
  const seen = [...new Set(rows.map((r) => r.lang))];
  return [...seen.filter((l) => l === baseline), ...seen.filter((l) => l !== baseline)];
}

/** Tokenizers ordered by category, then by `key` (largest first, when given), then by id. */
export function tokenizerOrder(
  rows: readonly { tokenizer: string; category: TokenizerCategory }[],
  key?: (t: string) => number,
): string[] {
  const cat = new Map(rows.map((r) => [r.tokenizer, r.category]));
  return [...cat.keys()].sort(
    (a, b) =>
      categoryRank(cat.get(a)!) - categoryRank(cat.get(b)!) ||
      (key ? key(b) - key(a) : 0) ||
      a.localeCompare(b),
  );
}

/** Corpus ids in the order of the run (the headline corpus first). */
export function corporaOf(rows: readonly { corpus: string }[], headline?: string): string[] {
  const ids = [...new Set(rows.map((r) => r.corpus))];
  return headline && ids.includes(headline) ? [headline, ...ids.filter((c) => c !== headline)] : ids;
}

export function corpusLabel(m: RunManifest, id: string): string {
  return fmtCorpus(m.corpora.find((x) => x.id === id)?.name, id);
}

/**
 * A tokenizer whose catalog models are all legacy (gpt2, llama-2, mistral-v1, claude-legacy): measurable, but never
 * part of a headline figure, and marked wherever it is drawn.
 */
export function isLegacyTokenizer(id: string): boolean {
  return tokenizerStatus(id) === 'legacy';
}

/** Each tokenizer's category, from the catalog entries and the summary rows of the run. */
export function tokenizerCategories(run: RunData): Map<string, TokenizerCategory> {
  return new Map<string, TokenizerCategory>([
    ...run.tokenizers.map((t) => [t.id, t.category] as const),
    ...run.analysis.summary.map((r) => [r.tokenizer, r.category] as const),
  ]);
}

// ---------------------------------------------------------------- models

/** The models a "today" view shows: models.csv rows of the corpus still served (current or deprecated). */
export function todaysModels(rows: readonly ModelRow[], corpus?: string): ModelRow[] {
  return rows.filter((r) => (corpus === undefined || r.corpus === corpus) && isServed(r.status));
}

const key = (r: Pick<ModelRow, 'model' | 'provider'>) => `${r.provider}/${r.model}`;

/** One entry per model: its rows by language. */
export function groupModels(rows: readonly ModelRow[]): ModelRow[][] {
  const groups = new Map<string, ModelRow[]>();
  for (const r of rows)
    groups.set(`${r.corpus}\0${key(r)}`, [...(groups.get(`${r.corpus}\0${key(r)}`) ?? []), r]);
  return [...groups.values()];
}

export interface BillSelection {
  /** Rows (every language) of the models shown. */
  rows: ModelRow[];
  /** How the models were chosen, in words, for the chart and the notes. */
  rule: string;
  /** Models asked for with --bill-models that have no bill in this run, with why. */
  missing: { id: string; why: string }[];
}

/** True when `id` names this model: its id or provider/id, case-insensitive. */
export function modelMatches(r: Pick<ModelRow, 'model' | 'provider'>, id: string): boolean {
  const x = id.toLowerCase();
  return r.model.toLowerCase() === x || key(r).toLowerCase() === x;
}

/**
 * The models of the bill chart. With `ids` (--bill-models), those. By default, among today's models with a bill:
 * the cheapest and the dearest of each provider (by the baseline language's monthly total) plus every model
 * counted with a European tokenizer.
 */
export function billModels(
  rows: readonly ModelRow[],
  o: {
    corpus: string;
    baseline: string;
    ids?: readonly string[];
    category: (tokenizer: string) => TokenizerCategory | undefined;
  },
): BillSelection {
  const hasBill = (r: ModelRow) => !!r.bill && r.bill.totalUsd > 0;
  const groups = groupModels(todaysModels(rows, o.corpus).filter(hasBill));
  const base = (g: ModelRow[]) => g.find((r) => r.lang === o.baseline)?.bill?.totalUsd ?? NaN;
  if (o.ids?.length) {
    // Models named with --bill-models are shown whatever their state: retired ones stay available by name.
    const named = groupModels(rows.filter((r) => r.corpus === o.corpus && hasBill(r)));
    const chosen = named.filter((g) => o.ids!.some((id) => modelMatches(g[0], id)));
    const missing = o.ids
      .filter((id) => !chosen.some((g) => modelMatches(g[0], id)))
      .map((id) => {
        const r = rows.find((x) => x.corpus === o.corpus && modelMatches(x, id));
        const why = !r
          ? 'not a model of this run'
          : r.countedBy === 'not measured'
            ? 'not measured in this run'
            : 'no price';
        return { id, why };
      });
    return { rows: chosen.flat(), rule: 'the models chosen with --bill-models', missing };
  }
  const keep = new Set<ModelRow[]>();
  for (const p of [...new Set(groups.map((g) => g[0].provider))]) {
    const mine = groups.filter((g) => g[0].provider === p && Number.isFinite(base(g)));
    if (!mine.length) continue;
    mine.sort((a, b) => base(a) - base(b) || a[0].model.localeCompare(b[0].model));
    keep.add(mine[0]);
    keep.add(mine[mine.length - 1]);
  }
  for (const g of groups) if (o.category(g[0].tokenizer) === 'european') keep.add(g);
  return {
    rows: groups.filter((g) => keep.has(g)).flat(),
    rule: "the cheapest and the dearest of today's models of each provider, and every model counted with a European tokenizer",
    missing: [],
  };
}
