// The checks every loader shares, applied while segments stream: empty texts, duplicate ids, texts in
// another language than their label (a sampled check, langid.ts: segments are held back a window for it, so
// accept() returns the segments that leave the window, finish() the rest). Each skip is counted with its
// reason and example ids (never a silent drop); a corpus with no usable segment is an error.
import { UserError } from '../errors.js';
import type { CorpusOptions, CorpusProvenance, Lang, LoadReport, ParallelCorpus, Segment } from '../types.js';
import {
  LangChecker,
  type LangFinding,
  type LangRejection,
  ReplayedLangCheck,
  SampledLangCheck,
} from './langid.js';
import { languageName } from '../vocabulary.js';

/** A record as a loader read it, before validation. A missing language is `undefined`. */
export interface RawSegment {
  id: string;
  domain: string;
  sourceLang?: Lang;
  text: Record<Lang, string | undefined>;
}

export const MAX_EXAMPLES = 5;

export class Validator {
  readonly report: LoadReport;
  private readonly seen = new Set<string>();
  private readonly check?: SampledLangCheck<Segment> | ReplayedLangCheck<Segment>;
  private mismatchNotes = 0;

  constructor(
    private readonly name: string,
    private readonly langs: Lang[],
    notes: string[],
    noLangId: boolean,
    /** Ids made from line numbers are unique by construction: no need to remember them. */
    private readonly uniqueIds = false,
    /** The language check's decisions of an earlier complete pass over the same segments, replayed. */
    replay?: ReadonlyMap<number, LangRejection[]>,
  ) {
    this.report = { read: 0, used: 0, skipped: [], notes: [...notes] };
    if (!noLangId) {
      this.check = replay
        ? new ReplayedLangCheck(replay)
        : new SampledLangCheck(new LangChecker(langs), langs);
      this.report.languageCheck = { checked: 0, rejected: {} };
    }
  }

  /** Counts a record that is not a segment at all (a blank line, a blank CSV row). */
  skip(reason: string, example: string): void {
    this.report.read++;
    this.count(reason, example);
  }

  private count(reason: string, example: string): void {
    let s = this.report.skipped.find((x) => x.reason === reason);
    if (!s) this.report.skipped.push((s = { reason, count: 0, examples: [] }));
    s.count++;
    if (s.examples.length < MAX_EXAMPLES) s.examples.push(example);
  }

  /** The segments ready to yield (none, this one, or earlier ones leaving the language check's window). */
  accept(raw: RawSegment): Segment[] {
    this.report.read++;
    const text: Record<Lang, string> = {};
    for (const l of this.langs) {
      const t = raw.text[l];
      if (t === undefined) return this.drop('missing-lang', `${raw.id} (${l})`);
      if (t.trim() === '') return this.drop('empty', `${raw.id} (${l})`);
      text[l] = t;
    }
    if (!this.uniqueIds) {
      if (this.seen.has(raw.id)) return this.drop('duplicate-id', raw.id);
      this.seen.add(raw.id);
    }
    const seg: Segment = { id: raw.id, domain: raw.domain, text };
    if (raw.sourceLang) seg.sourceLang = raw.sourceLang;
    if (!this.check) return this.use([{ item: seg }]);
    this.report.languageCheck!.checked++;
    return this.use(
      this.check.push(
        seg,
        this.langs.map((l) => text[l]),
      ),
    );
  }

  /** The segments still held by the language check; then throws when nothing was usable. */
  flush(): Segment[] {
    return this.check ? this.use(this.check.finish()) : [];
  }

  /** Counts a skipped segment; nothing to yield. */
  private drop(reason: string, example: string): Segment[] {
    this.count(reason, example);
    return [];
  }

  private use(found: LangFinding<Segment>[]): Segment[] {
    const out: Segment[] = [];
    for (const f of found) {
      if (f.lang === undefined) {
        this.report.used++;
        out.push(f.item);
        continue;
      }
      for (const r of f.rejected ?? []) {
        const tally = (this.report.languageCheck!.rejected[r.lang] ??= { count: 0, looksLike: {} });
        tally.count++;
        tally.looksLike[r.looksLike] = (tally.looksLike[r.looksLike] ?? 0) + 1;
      }
      this.count('language-mismatch', `${f.item.id} (${f.lang})`);
      if (this.mismatchNotes++ < MAX_EXAMPLES) {
        this.report.notes.push(
          `language-mismatch: ${f.item.id}: the ${languageName(f.lang)} (${f.lang}) text looks like ${languageName(f.looksLike!)} (${f.looksLike}): "${clip(f.item.text[f.lang])}"`,
        );
      }
    }
    return out;
  }

  /** What the language check decided, once the pass is complete (for a later pass to replay). */
  decisions(): ReadonlyMap<number, LangRejection[]> | undefined {
    return this.check instanceof SampledLangCheck ? this.check.decisions : undefined;
  }

  /** Throws when nothing was usable. */
  finish(): void {
    if (this.report.used > 0) return;
    const why = this.report.skipped.map((s) => `${s.count} ${s.reason}`).join(', ');
    throw new UserError(
      'input',
      `corpus "${this.name}" has no usable segments (read ${this.report.read}${why ? `; skipped: ${why}` : ''})`,
      this.report.skipped.some((s) => s.reason === 'language-mismatch')
        ? 'check that each column/file holds the language its name says, or pass --no-lang-id to skip the language check'
        : 'check that the file holds aligned, non-empty texts in every language of --langs',
    );
  }
}

function clip(s: string, n = 60): string {
  const one = s.replace(/\s+/g, ' ');
  return one.length > n ? one.slice(0, n) + '…' : one;
}

export interface CorpusMeta {
  id: string;
  name: string;
  langs: Lang[];
  provenance: CorpusProvenance;
  /** Notes found while opening (BOM, CRLF, ignored columns), repeated in every report. */
  notes: string[];
  /** The options the corpus was opened with (noLangId; splits, which only FLORES reads). */
  opts: CorpusOptions;
  /** True when the loader makes every id from a line number (FLORES, Moses, UDHR). */
  uniqueIds?: boolean;
  /** Records counted by the first pass (ParallelCorpus.size). */
  size?: number;
}

/** A ParallelCorpus whose segments() re-runs `source` through a fresh Validator on each call. */
export function makeCorpus(
  meta: CorpusMeta,
  source: (v: Validator) => AsyncIterable<RawSegment>,
): ParallelCorpus {
  const notes = [...meta.notes];
  if (meta.opts.splits?.length && meta.provenance.format !== 'flores') {
    notes.unshift(`--split ${meta.opts.splits.join(',')} ignored: only FLORES folders have splits`);
  }
  let decided: ReadonlyMap<number, LangRejection[]> | undefined;
  const corpus: ParallelCorpus = {
    id: meta.id,
    name: meta.name,
    langs: meta.langs,
    provenance: meta.provenance,
    report: { read: 0, used: 0, skipped: [], notes: [...notes] },
    ...(meta.size !== undefined ? { size: meta.size } : {}),
    segments() {
      return {
        async *[Symbol.asyncIterator]() {
          const v = new Validator(
            meta.id,
            meta.langs,
            notes,
            !!meta.opts.noLangId,
            !!meta.uniqueIds,
            decided,
          );
          corpus.report = v.report;
          for await (const raw of source(v)) yield* v.accept(raw);
          yield* v.flush();
          v.finish();
          // A complete pass: the next one (the run reads a corpus twice: the stop before measuring, then the
          // measuring) replays the language check instead of judging the same texts again.
          decided ??= v.decisions();
        },
      };
    },
  };
  return corpus;
}
