// Measure stage: streams a corpus in chunks; per chunk, has the runner do the text pass once (characters,
// bytes, words and cache keys of each text, in a worker when there are workers: chunk.ts) and then count it
// once per tokenizer with those words; streams Measurement rows out in corpus order and keeps only compact
// typed columns. This thread reads, validates (the corpus stage), and collects and writes. A runner with
// prepareAndCount counts a tokenizer in the text pass's own task (one with nothing cached to look up first),
// so on a cold run a chunk's texts go to a worker once.
import type { CountTable, Lang, Measurement, ParallelCorpus, Segment, TokenColumn } from '../types.js';
import { textPass } from './chunk.js';
import type { ChunkResult, ChunkRunner, PreparedCounts, TextFacts } from './types.js';

export interface MeasureProgress {
  corpus: string;
  tokenizer: string;
  /** Segments done for this tokenizer. */
  done: number;
}

export interface MeasureOptions {
  langs: Lang[];
  /** Tokenizer ids, in output order; the runner must know each one. */
  tokenizers: string[];
  runner: ChunkRunner;
  /** Segments per chunk. */
  chunkSize?: number;
  /** Chunks in flight at once (a worker pool wants more than one). */
  inFlight?: number;
  /** Receives the rows of each chunk, in corpus order; awaited (back-pressure). */
  onRows?: (rows: Measurement[]) => void | Promise<void>;
  onProgress?: (p: MeasureProgress) => void;
  /** A tokenizer that throws is dropped from the rest of the run and reported here, the others go on. */
  onTokenizerError?: (tokenizer: string, error: unknown) => void;
  signal?: AbortSignal;
}

/** An Int32Array that grows by doubling; `view()` returns the filled part. */
class Column {
  private buf = new Int32Array(1024);
  length = 0;
  push(v: number): void {
    if (this.length === this.buf.length) {
      const next = new Int32Array(this.buf.length * 2);
      next.set(this.buf);
      this.buf = next;
    }
    this.buf[this.length++] = v;
  }
  view(): Int32Array {
    return this.buf.slice(0, this.length);
  }
}

interface Prepared {
  segments: Segment[];
  texts: string[];
  /** The text pass: per text chars, bytes, words (3 per text), word spans and cache keys. */
  facts: Promise<TextFacts>;
  /** Counts done with the text pass (ChunkRunner.prepareAndCount), by tokenizer. */
  counted: Promise<PreparedCounts['counts']>;
}

function prepare(segments: Segment[], langs: Lang[], runner: ChunkRunner, live: Set<string>): Prepared {
  const texts: string[] = [];
  for (const s of segments) for (const l of langs) texts.push(s.text[l]);
  const task = { texts, langs };
  // A text pass lost with its worker thread (a tokenizer that crashed the thread it shared) is done here instead,
  // and the tokenizers it was to count are run again as usual (the pool has failed the one that crashed it).
  const here = (): PreparedCounts => ({ facts: textPass(task), counts: new Map() });
  const both: Promise<PreparedCounts> = runner.prepareAndCount
    ? runner.prepareAndCount(task, [...live]).catch(here)
    : runner.prepare
      ? runner.prepare(task).then((facts) => ({ facts, counts: new Map() }), here)
      : Promise.resolve().then(here);
  return { segments, texts, facts: both.then((b) => b.facts), counted: both.then((b) => b.counts) };
}

// The first chunks are small and grow to `size`: workers start counting sooner (the main thread prepares a
// chunk before any worker sees it), and on a short corpus there are enough tasks to even out the workers' ends.
async function* chunks(corpus: ParallelCorpus, size: number): AsyncGenerator<Segment[]> {
  let want = Math.min(size, 64);
  let buf: Segment[] = [];
  for await (const s of corpus.segments()) {
    buf.push(s);
    if (buf.length >= want) {
      yield buf;
      buf = [];
      want = Math.min(size, want * 2);
    }
  }
  if (buf.length) yield buf;
}

export async function measureCorpus(corpus: ParallelCorpus, opts: MeasureOptions): Promise<CountTable> {
  const { langs, runner } = opts;
  const L = langs.length;
  const live = new Set(opts.tokenizers);
  const domains: string[] = [];
  const domainIndex = new Map<string, number>();
  const domainOf = new Column();
  const text = Object.fromEntries(
    langs.map((l) => [l, { chars: new Column(), bytes: new Column(), words: new Column() }]),
  );
  const cols = Object.fromEntries(
    opts.tokenizers.map((t) => [
      t,
      Object.fromEntries(
        langs.map((l) => [
          l,
          { tokens: new Column(), continuedWords: new Column(), fallbackTokens: new Column() },
        ]),
      ),
    ]),
  );
  const done = new Map(opts.tokenizers.map((t) => [t, 0]));

  const dispatch = (
    p: Prepared,
    f: TextFacts,
    counted: PreparedCounts['counts'],
  ): Promise<Map<string, ChunkResult>> => {
    const ids = [...live];
    const task = { texts: p.texts, wordStart: f.wordStart, wordSpans: f.wordSpans, keys: f.keys };
    const count = (t: string): Promise<ChunkResult> => {
      const c = counted.get(t);
      if (!c) return runner.run({ tokenizer: t, ...task });
      return 'error' in c ? Promise.reject(c.error) : Promise.resolve(c);
    };
    return Promise.all(
      ids.map((t) =>
        count(t).then(
          (r) => [t, r] as const,
          (e) => {
            // After an abort the runner is being closed: its rejections are not the tokenizer's fault.
            if (opts.signal?.aborted) return [t, undefined] as const;
            if (live.delete(t)) opts.onTokenizerError?.(t, e);
            return [t, undefined] as const;
          },
        ),
      ),
    ).then((pairs) => new Map(pairs.filter((x): x is readonly [string, ChunkResult] => x[1] !== undefined)));
  };

  const collect = async (
    p: Prepared,
    stats: Int32Array,
    results: Map<string, ChunkResult>,
  ): Promise<void> => {
    const rows: Measurement[] = [];
    p.segments.forEach((s, si) => {
      let d = domainIndex.get(s.domain);
      if (d === undefined) {
        d = domains.length;
        domains.push(s.domain);
        domainIndex.set(s.domain, d);
      }
      domainOf.push(d);
      langs.forEach((lang, li) => {
        const i = si * L + li;
        const st = { chars: stats[3 * i], bytes: stats[3 * i + 1], words: stats[3 * i + 2] };
        text[lang].chars.push(st.chars);
        text[lang].bytes.push(st.bytes);
        text[lang].words.push(st.words);
        for (const t of opts.tokenizers) {
          const r = results.get(t);
          if (!r || !live.has(t)) continue;
          const c = cols[t][lang];
          c.tokens.push(r.tokens[i]);
          c.continuedWords.push(r.continuedWords[i]);
          c.fallbackTokens.push(r.fallbackTokens[i]);
          if (opts.onRows) {
            rows.push({
              corpus: corpus.id,
              segmentId: s.id,
              domain: s.domain,
              lang,
              tokenizer: t,
              tokens: r.tokens[i],
              ...st,
              continuedWords: r.continuedWords[i],
              fallbackTokens: r.fallbackTokens[i],
            });
          }
        }
      });
    });
    for (const t of results.keys()) {
      if (!live.has(t)) continue;
      const n = (done.get(t) ?? 0) + p.segments.length;
      done.set(t, n);
      opts.onProgress?.({ corpus: corpus.id, tokenizer: t, done: n });
    }
    if (opts.onRows && rows.length) await opts.onRows(rows);
  };

  // A small pipeline: up to `inFlight` chunks are in their text pass or being counted while earlier ones are
  // collected in order.
  const inFlight = Math.max(1, opts.inFlight ?? 1);
  const queue: { p: Prepared; r: Promise<[TextFacts, Map<string, ChunkResult>]> }[] = [];
  const next = async () => {
    const head = queue.shift()!;
    const [f, r] = await head.r;
    await collect(head.p, f.stats, r);
  };
  let read = 0;
  for await (const segs of chunks(corpus, opts.chunkSize ?? 256)) {
    opts.signal?.throwIfAborted();
    read += segs.length;
    if (corpus.size !== undefined) runner.expect?.(Math.max(0, corpus.size - read) * L);
    const p = prepare(segs, langs, runner, live);
    const r = Promise.all([p.facts, p.counted]).then(([f, counted]) =>
      dispatch(p, f, counted).then((m) => [f, m] as [TextFacts, Map<string, ChunkResult>]),
    );
    void r.catch(() => {}); // awaited in order below; a failed text pass must not go unhandled meanwhile
    queue.push({ p, r });
    if (queue.length >= inFlight) await next();
  }
  while (queue.length) {
    opts.signal?.throwIfAborted();
    await next();
  }

  const tokenizers = opts.tokenizers.filter((t) => live.has(t));
  const counts: Record<string, Record<Lang, TokenColumn>> = {};
  for (const t of tokenizers) {
    counts[t] = Object.fromEntries(
      langs.map((l) => [
        l,
        {
          tokens: cols[t][l].tokens.view(),
          continuedWords: cols[t][l].continuedWords.view(),
          fallbackTokens: cols[t][l].fallbackTokens.view(),
        },
      ]),
    );
  }
  return {
    corpus: corpus.id,
    n: domainOf.length,
    langs: [...langs],
    tokenizers,
    domains,
    domainOf: Uint16Array.from(domainOf.view()),
    text: Object.fromEntries(
      langs.map((l) => [
        l,
        { chars: text[l].chars.view(), bytes: text[l].bytes.view(), words: text[l].words.view() },
      ]),
    ),
    counts,
  };
}
