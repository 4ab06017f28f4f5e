// --sample <n>: a seeded sample of a corpus's segments, stratified by domain, that every tokenizer of the run
// sees (one wrapper, read by the measure stage once for all tokenizers). A provider API costs one request per
// text, so a sample is how to measure it on a budget; the analysis then runs on the sampled segments only, so
// its bootstrap intervals are those of the sample.
//
// Allocation: each domain gets n × (its share of the corpus), rounded by largest remainder (ties: first domain
// first), so the sample keeps the corpus's domain mix. Within a domain, a partial Fisher-Yates shuffle driven by
// splitmix32 seeded from (seed, corpus id, domain) picks its segments; they are yielded in corpus order.
import { createHash } from 'node:crypto';
import { splitmix32 } from '../random.js';
import type { LoadReport, ParallelCorpus } from '../types.js';

export interface SampleInfo {
  /** Segments asked for, segments taken, segments the corpus had. */
  asked: number;
  sampled: number;
  of: number;
  seed: number;
  /** Segments taken per domain. */
  perDomain: Record<string, number>;
}

/** Uniform [0, 1) from splitmix32, for pick(). */
function uniform(seed: number): () => number {
  const next = splitmix32(seed);
  return () => next() / 2 ** 32;
}

const seedOf = (...parts: (string | number)[]) =>
  createHash('sha256').update(parts.join('\0')).digest().readUInt32LE(0);

/** Segments per domain for a sample of n from domains of the given sizes (largest remainder). */
export function allocate(sizes: readonly number[], n: number): number[] {
  const total = sizes.reduce((a, b) => a + b, 0);
  if (n >= total) return [...sizes];
  const exact = sizes.map((s) => (n * s) / total);
  const out = exact.map(Math.floor);
  let left = n - out.reduce((a, b) => a + b, 0);
  const order = exact.map((x, i) => ({ i, r: x - Math.floor(x) })).sort((a, b) => b.r - a.r || a.i - b.i);
  for (const { i } of order) {
    if (left <= 0) break;
    if (out[i] < sizes[i]) {
      out[i]++;
      left--;
    }
  }
  return out;
}

/** The indices (ascending) of a seeded sample of k out of 0..m-1. */
export function pick(m: number, k: number, random: () => number): number[] {
  const idx = Array.from({ length: m }, (_, i) => i);
  for (let i = 0; i < k; i++) {
    const j = i + Math.floor(random() * (m - i));
    [idx[i], idx[j]] = [idx[j], idx[i]];
  }
  return idx.slice(0, k).sort((a, b) => a - b);
}

/**
 * A corpus restricted to a seeded, domain-stratified sample of n segments (all of them when it has n or fewer).
 * Reads the corpus once to choose; the segments left out are counted in its load report as `not-sampled`.
 */
export async function sampleCorpus(
  corpus: ParallelCorpus,
  n: number,
  seed: number,
): Promise<{ corpus: ParallelCorpus; info: SampleInfo }> {
  const byDomain = new Map<string, string[]>();
  for await (const s of corpus.segments()) {
    const ids = byDomain.get(s.domain);
    if (ids) ids.push(s.id);
    else byDomain.set(s.domain, [s.id]);
  }
  const domains = [...byDomain.keys()];
  const sizes = domains.map((d) => byDomain.get(d)!.length);
  const of = sizes.reduce((a, b) => a + b, 0);
  const counts = allocate(sizes, n);
  const chosen = new Set<string>();
  const perDomain: Record<string, number> = {};
  domains.forEach((d, i) => {
    const ids = byDomain.get(d)!;
    for (const j of pick(ids.length, counts[i], uniform(seedOf(seed, corpus.id, d)))) chosen.add(ids[j]);
    perDomain[d] = counts[i];
  });
  const info: SampleInfo = { asked: n, sampled: chosen.size, of, seed, perDomain };
  const note =
    chosen.size < of
      ? `sampled ${chosen.size} of ${of} segments (--sample ${n}, seed ${seed}, stratified by domain: ${domains.map((d) => `${d} ${perDomain[d]}`).join(', ')}); statistics and intervals are those of the sample`
      : `--sample ${n} covers the whole corpus (${of} segments): nothing left out`;

  const withSample = (r: LoadReport): LoadReport => {
    const left = r.used - chosen.size;
    return {
      ...r,
      used: Math.min(r.used, chosen.size),
      skipped: left > 0 ? [...r.skipped, { reason: 'not-sampled', count: left, examples: [] }] : r.skipped,
      notes: [...r.notes, note],
    };
  };
  const sampled: ParallelCorpus = {
    id: corpus.id,
    name: corpus.name,
    langs: corpus.langs,
    provenance: corpus.provenance,
    get report() {
      return withSample(corpus.report);
    },
    segments() {
      return {
        async *[Symbol.asyncIterator]() {
          for await (const s of corpus.segments()) if (chosen.has(s.id)) yield s;
        },
      };
    },
  };
  return { corpus: sampled, info };
}
