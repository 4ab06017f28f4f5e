// The report's model view: the claim's two halves, today's models with their prices, the workload's bill, and
// the legacy models in an appendix. Blocks of the document model (document.ts), so Markdown and HTML agree.
import { DEFAULTS } from '../config.js';
import { isServed } from '../types.js';
import type { ClaimRow, ModelRow, PriceSource, Workload } from '../types.js';
import { MIN_SEGMENTS } from '../analysis/index.js';
import { claimData, type ClaimFact } from '../models/index.js';
import type { Block, Cell, Column, Inline } from './document-model.js';
import { fmtCi, fmtInt, fmtMoney, fmtMoneySigned, fmtPct, fmtPrice } from './format.js';
import { languageName } from '../vocabulary.js';
import type { RunData } from './types.js';

export const MODEL_TABLE_IDS = {
  claim: 'table-headline',
  models: 'table-models',
  bill: 'table-bill',
  legacyModels: 'table-legacy-models',
  legacyBill: 'table-legacy-bill',
} as const;

const cell = (text: string, sort?: number | string, extra: Partial<Cell> = {}): Cell => ({
  text,
  sort,
  ...extra,
});

/** The claim rows of the headline's corpus. */
export function headlineClaim(run: RunData): ClaimRow[] {
  const a = run.analysis;
  const corpus = a.headline.corpus ?? a.claim?.[0]?.corpus;
  return (a.claim ?? a.headline.claim ?? []).filter((r) => r.corpus === corpus);
}

/** The claim table: one row per half, subject and language, with the overhead split into length × tokenizer and
 *  both verdicts: the whole overhead against the claimed figure, the tokenizer's own share against 0. */
export function claimTable(rows: readonly ClaimRow[], confidence: number): Block {
  const conf = Math.round(confidence * 100);
  const m = rows[0]?.marginPct ?? DEFAULTS.analysis.claimMarginPct;
  return {
    kind: 'table',
    id: MODEL_TABLE_IDS.claim,
    caption: `The claim, checked in its two halves: overhead vs English with its ${conf} % confidence interval, split into what the longer text costs (length) and what the tokenizer adds (its own share), each with its verdict`,
    columns: [
      { label: 'Part' },
      { label: 'Subject' },
      { label: 'Tokenizer' },
      { label: 'Language' },
      { label: 'Overhead', numeric: true },
      { label: `${conf} % CI`, numeric: true },
      { label: 'Claimed', numeric: true },
      { label: 'Verdict' },
      { label: 'Length', numeric: true },
      { label: 'Tokenizer share', numeric: true },
      { label: `${conf} % CI (share)`, numeric: true },
      { label: `Share vs 0 ± ${m}` },
    ],
    rows: rows.map((r) => [
      cell(String(r.part), r.part),
      cell(r.subjectName, r.subject),
      cell(r.tokenizer, r.tokenizer, { code: true }),
      cell(languageName(r.lang), r.lang),
      cell(fmtPct(r.overheadPct), r.overheadPct),
      cell(fmtCi(r.ciLowPct, r.ciHighPct), r.ciLowPct),
      cell(`${fmtPct(r.claimedPct, 0)} ± ${r.marginPct}`, r.claimedPct),
      cell(r.verdict, r.verdict),
      cell(fmtPct(r.lengthPct), r.lengthPct),
      cell(fmtPct(r.tokenizerPct), r.tokenizerPct),
      cell(fmtCi(r.tokenizerCiLowPct, r.tokenizerCiHighPct), r.tokenizerCiLowPct),
      cell(r.tokenizerVerdict, r.tokenizerVerdict),
    ]),
  };
}

/** A fact as the report cites it: the statement, then its source and the day it was read, or why it is unchecked. */
function factItem(f: ClaimFact): Inline[] {
  const src: Inline[] = f.source ? [' (', { link: f.source, text: f.title ?? f.source }, ')'] : [];
  return f.checked ? [f.fact, ...src, `, read ${f.read}.`] : [f.fact, ...src, ` Unchecked: ${f.why}`];
}

/** What the claim check assumes, in a list under the claim table, with the sources of its dated facts. */
export function claimNotes(run: RunData, rows: readonly ClaimRow[]): Block[] {
  const a = run.analysis;
  const margin = rows[0]?.marginPct ?? a.options.claimMarginPct ?? DEFAULTS.analysis.claimMarginPct;
  const items: Inline[][] = [
    [
      { strong: 'What was found' },
      ': per subject and language, in the headline above; both readings of part 2 are there: whether the tokenizer removes its own surcharge, and what is left once the longer text is counted.',
    ],
    [
      { strong: 'Part 1' },
      `: ChatGPT as it ran at the dates the claim can mean, each on the tokenizer its models count with: ${[
        ...new Set(rows.filter((r) => r.part === 1).map((r) => `${r.subjectName} on ${r.tokenizer}`)),
      ].join('; ')}. Subjects on the same tokenizer share their figures; the sources are listed below.`,
    ],
    [
      { strong: 'Part 2' },
      `: "removes the surcharge" is read as an overhead of 0 %. Lucie-7B is the European tokenizer the claim is about; every other European tokenizer measured in this run is listed too (tokenizers whose models are all legacy are not).`,
    ],
    [
      { strong: 'Verdicts' },
      `: "matches" when the whole interval lies within the claimed figure ± ${margin} points (--claim-margin), "above" or "below" when it lies wholly outside that band, "inconclusive" when it straddles an edge. The tokenizer's own share is judged the same way against 0 ± ${margin}. No verdict below ${MIN_SEGMENTS} aligned segments, or from an interval of zero width where the texts differ ("too few segments"); "not applicable" when the corpus has no English to compare with.`,
    ],
    [
      { strong: 'Length and tokenizer' },
      ': 1 + overhead = (1 + length) × (1 + tokenizer share). Length is the character ratio of the texts minus 1, which no tokenizer can remove; the tokenizer share is the character-normalised overhead.',
    ],
  ];
  for (const s of [...new Set(rows.filter((r) => r.verdict === 'not measured').map((r) => r.subject))]) {
    const r = rows.find((x) => x.subject === s)!;
    items.push([
      { strong: `${r.subjectName}: not measured` },
      ` — ${(r.note ?? `${r.tokenizer} was not in this run`).replace(/\.$/, '')}.`,
    ]);
  }
  items.push([
    'No headline figure averages a legacy tokenizer in (gpt2, llama-2, mistral-v1, claude-legacy: their models are all legacy); they stay measurable with ',
    { code: '--tokenizers default,legacy' },
    '.',
  ]);
  const blocks: Block[] = [{ kind: 'list', items }];
  // The dated facts behind the subjects shown (data/claim.json), each with its source and the day it was read.
  const data = claimData();
  const shown = new Set(rows.map((r) => r.subject));
  const facts: Inline[][] = [
    ...(data.event?.facts ?? []).map((f) => [{ strong: data.event!.name }, ': ', ...factItem(f)]),
    ...data.parts
      .flatMap((p) => p.subjects)
      .filter((sub) => shown.has(sub.id))
      .flatMap((sub) => (sub.facts ?? []).map((f) => [{ strong: sub.name }, ': ', ...factItem(f)])),
  ];
  if (facts.length) {
    blocks.push({
      kind: 'para',
      content: ['Sources of the dates and subjects above (', { code: 'data/claim.json' }, '):'],
    });
    blocks.push({ kind: 'list', items: facts });
  }
  return blocks;
}

function langsOf(rows: readonly ModelRow[], baseline: string): string[] {
  const seen = [...new Set(rows.map((r) => r.lang))];
  return [...seen.filter((l) => l === baseline), ...seen.filter((l) => l !== baseline)];
}

/** One entry per corpus × model: its rows by language. */
function byModel(rows: readonly ModelRow[]): ModelRow[][] {
  const groups = new Map<string, ModelRow[]>();
  for (const r of rows) {
    const k = `${r.corpus}\0${r.provider}\0${r.model}`;
    groups.set(k, [...(groups.get(k) ?? []), r]);
  }
  return [...groups.values()];
}

const countedText = (r: ModelRow) =>
  r.countedBy === 'not measured'
    ? 'not measured'
    : `${r.tokenizer}${r.countedBy === 'approx' ? ' (approx.)' : r.countedBy === 'api' ? ' (API)' : ''}`;

/** Models of the headline corpus still served on the run's day (today's), or not (legacy and retired). */
function modelRowsOf(run: RunData, served: boolean): ModelRow[] {
  const a = run.analysis;
  const corpus = a.headline.corpus ?? a.models?.[0]?.corpus;
  return (a.models ?? []).filter((r) => r.corpus === corpus && isServed(r.status) === served);
}

/** "deprecated 2026-11-23, shutdown 2027-01-22", "retired 2026-03-09", "current". */
export function stateLabel(r: Pick<ModelRow, 'status' | 'statusSince' | 'statusUntil'>): string {
  const since = r.status !== 'current' && r.statusSince ? ` ${r.statusSince}` : '';
  return `${r.status}${since}${r.statusUntil ? `, shutdown ${r.statusUntil}` : ''}`;
}

/** The sentence that dates the states: the run's day and the catalog's as-of date. */
function lifecycleText(run: RunData, rows: readonly ModelRow[]): string {
  const day = run.manifest.startedAt?.slice(0, 10);
  const asOf = rows.find((r) => r.catalogAsOf)?.catalogAsOf;
  return `States (current, deprecated, retired, legacy) are computed for the run's day${day ? `, ${day}` : ''}, from the lifecycle dates of the model catalog${asOf ? `, whose facts are as of ${asOf}` : ''} (a deprecation announced after that is not known to it); models.csv gives each state's date and source.`;
}

/** The models table: overhead per language and list prices (USD per 1M tokens). */
function modelsTable(rows: readonly ModelRow[], baseline: string, id: string, caption: string): Block {
  const langs = langsOf(rows, baseline).filter((l) => l !== baseline);
  const groups = byModel(rows);
  const columns: Column[] = [
    { label: 'Provider' },
    { label: 'Model' },
    { label: 'Counted with' },
    { label: 'State' },
    ...langs.map((l) => ({ label: languageName(l), numeric: true, lang: true })),
    // One column for the three prices, so the table stays within a 1280 px page with six language columns.
    { label: 'Input / cached input / output', numeric: true },
    { label: 'Price date' },
  ];
  return {
    kind: 'table',
    id,
    caption,
    columns,
    rows: groups.map((g) => {
      const r0 = g[0];
      return [
        cell(r0.provider),
        cell(r0.model, r0.model, { code: true }),
        cell(countedText(r0), r0.tokenizer || 'zz'),
        cell(stateLabel(r0), r0.status),
        ...langs.map((l) => {
          const r = g.find((x) => x.lang === l);
          return r?.overheadPct !== undefined
            ? cell(`${fmtPct(r.overheadPct)} ${fmtCi(r.ciLowPct ?? NaN, r.ciHighPct ?? NaN)}`, r.overheadPct)
            : cell('–');
        }),
        cell(
          r0.inputPerMTok === undefined
            ? '–'
            : `${fmtPrice(r0.inputPerMTok)} / ${fmtPrice(r0.cachedInputPerMTok)} / ${fmtPrice(r0.outputPerMTok)}`,
          r0.inputPerMTok,
        ),
        cell(
          r0.priceDate
            ? `${r0.priceDate}${r0.priceUntil ? `, until ${r0.priceUntil}` : ''}`
            : r0.priceSource || '–',
          r0.priceDate || r0.priceSource,
        ),
      ];
    }),
  };
}

/** The bill table: monthly cost per language, the extra over the baseline in brackets. */
function billTable(
  rows: readonly ModelRow[],
  baseline: string,
  id: string,
  caption: string,
  currency?: { code: string; perUsd: number },
): Block | undefined {
  const billed = byModel(rows.filter((r) => r.bill)).sort(
    (a, b) =>
      (b.find((r) => r.lang === baseline)?.bill?.totalUsd ?? 0) -
      (a.find((r) => r.lang === baseline)?.bill?.totalUsd ?? 0),
  );
  if (!billed.length) return undefined;
  const langs = langsOf(rows, baseline);
  return {
    kind: 'table',
    id,
    caption,
    columns: [
      { label: 'Provider' },
      { label: 'Model' },
      { label: 'Counted with' },
      ...langs.map((l) => ({ label: languageName(l), numeric: true, lang: true })),
      { label: 'Price tier' },
    ],
    rows: billed.map((g) => [
      cell(g[0].provider),
      cell(g[0].model, g[0].model, { code: true }),
      cell(countedText(g[0]), g[0].tokenizer),
      ...langs.map((l) => {
        const r = g.find((x) => x.lang === l);
        if (!r?.bill) return cell('–');
        const extra =
          l === baseline ? '' : ` (${fmtMoneySigned(r.extraUsd, currency)}, ${fmtPct(r.extraPct, 0)})`;
        return cell(`${fmtMoney(r.bill.totalUsd, currency)}${extra}`, r.bill.totalUsd);
      }),
      cell([...new Set(g.map((r) => r.bill?.priceTier).filter(Boolean))].join(', ') || 'base'),
    ]),
  };
}

/** "chat: 100,000 requests a month, 400 words in, 250 out, 40 % of the input cached". */
export function workloadText(w: Workload): string {
  return `${w.name}${w.description ? ` (${w.description.toLowerCase()})` : ''}: ${fmtInt(w.requestsPerMonth)} requests a month, ${fmtInt(w.inputWords)} English-equivalent words in and ${fmtInt(w.outputWords)} out per request, ${Math.round(w.cachedShare * 100)} % of the input read from the prompt cache`;
}

export function priceSourceText(s: PriceSource | undefined): string {
  if (!s) return 'the prices.csv of this run';
  return `${s.name}, data of ${s.date} (${s.dateBasis})${s.override ? `, with ${s.override} on top` : ''}`;
}

/** "Today's models" and "The bill" sections. */
export function modelSections(run: RunData, chart: Block[]): Block[] {
  const a = run.analysis;
  const base = a.options.baseline;
  const current = modelRowsOf(run, true);
  if (!a.models) return [];
  const blocks: Block[] = [{ kind: 'heading', level: 2, text: "Today's models", id: 'models' }];
  const measured = byModel(current).filter((g) => g[0].countedBy !== 'not measured').length;
  const total = byModel(current).length;
  blocks.push({
    kind: 'para',
    content: [
      `${total} models of the catalog (data/models.json) still served on the run's day; ${measured} counted in this run, each with the tokenizer (or provider counting API) the catalog names for it; an approximation says so. `,
      `${lifecycleText(run, a.models)} `,
      `List prices in USD per 1M tokens from ${priceSourceText(a.priceSource)}.`,
      current.some((r) => /peak rate/.test(r.priceSource))
        ? " A price that depends on the time of day (DeepSeek) is taken at the peak rate of the run's day, whatever the hour the run started: off-peak hours cost less."
        : '',
      current.some((r) => r.priceUntil)
        ? ' A price with an end date (an introductory rate the price data already replaces) shows "until" that day.'
        : '',
    ],
  });
  blocks.push(
    modelsTable(
      current,
      base,
      MODEL_TABLE_IDS.models,
      `Today's models: state, overhead vs ${languageName(base)} (95 % CI) and list prices (USD per 1M tokens)`,
    ),
  );
  const unmeasured = byModel(current).filter((g) => g[0].countedBy === 'not measured');
  if (unmeasured.length) {
    blocks.push({
      kind: 'para',
      content: [`Not measured in this run (${unmeasured.length}), and what would measure them:`],
    });
    blocks.push({
      kind: 'list',
      items: unmeasured.map((g) => [{ code: g[0].model }, `: ${g[0].note ?? 'not measured'}`]),
    });
  }

  blocks.push({ kind: 'heading', level: 2, text: 'The bill', id: 'bill' });
  const w = a.options.workload;
  if (!w) {
    blocks.push({ kind: 'para', content: ['No workload was set for this run.'] });
    return blocks;
  }
  const cur = a.options.currency;
  blocks.push({
    kind: 'para',
    content: [
      `Workload ${workloadText(w)}. `,
      w.reasoning ? `Why these figures: ${w.reasoning} ` : '',
      `Prices from ${priceSourceText(a.priceSource)}.`,
    ],
  });
  if (a.billCaveats?.length) {
    blocks.push({ kind: 'para', content: [{ strong: 'What the bill assumes' }, ':'] });
    blocks.push({ kind: 'list', items: a.billCaveats.map((c) => [c]) });
  }
  const table = billTable(
    current,
    base,
    MODEL_TABLE_IDS.bill,
    `Monthly bill of the "${w.name}" workload on current models, per language; in brackets the extra over ${languageName(base)}`,
    cur,
  );
  if (table) {
    blocks.push(table);
    blocks.push(...chart);
  } else {
    blocks.push({
      kind: 'para',
      content: ['No current model was both counted and priced in this run, so there is no bill.'],
    });
  }
  return blocks;
}

/** Appendix: legacy and retired models, their overhead and bill (never in a headline figure). */
export function legacySections(run: RunData): Block[] {
  const a = run.analysis;
  const legacy = modelRowsOf(run, false);
  if (!legacy.length) return [];
  const base = a.options.baseline;
  const blocks: Block[] = [
    { kind: 'heading', level: 3, text: 'Legacy and retired models', id: 'legacy-models' },
    {
      kind: 'para',
      content: [
        'Models their provider no longer serves (retired, with the date) or that the catalog keeps as superseded or historical (legacy), kept for comparison (GPT-4 and GPT-3.5 are part 1 of the claim); each stays available by name. Their tokenizers are measured only when asked for (',
        { code: '--tokenizers default,legacy' },
        `). ${lifecycleText(run, legacy)}`,
      ],
    },
    modelsTable(
      legacy,
      base,
      MODEL_TABLE_IDS.legacyModels,
      'Legacy and retired models: state, overhead and list prices (USD per 1M tokens)',
    ),
  ];
  const w = a.options.workload;
  const bill = w
    ? billTable(
        legacy,
        base,
        MODEL_TABLE_IDS.legacyBill,
        `Monthly bill of the "${w.name}" workload on legacy and retired models`,
        a.options.currency,
      )
    : undefined;
  if (bill) blocks.push(bill);
  return blocks;
}
