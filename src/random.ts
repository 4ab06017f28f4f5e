// Seeded random numbers shared by the stages that sample: the bootstrap (analysis/stats.ts) and --sample
// (corpus/sample.ts). Each is small and documented where it is defined.

/** 32-bit FNV-1a hash of a string (UTF-16 code units), for deriving sub-seeds from labels. */
export function fnv1a32(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** SplitMix32-style seeder: a Weyl sequence (step 0x9E3779B9) passed through the MurmurHash3 32-bit finaliser.
 *  Used only to expand one 32-bit seed into the 128-bit xoshiro state. */
export function splitmix32(seed: number): () => number {
  let a = seed | 0;
  return () => {
    a = (a + 0x9e3779b9) | 0;
    let z = a;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  };
}

/** xoshiro128** (Blackman & Vigna 2018, "Scrambled linear pseudorandom number generators"): returns uint32.
 *  out = rotl(s1 × 5, 7) × 9; state update by xor/shift/rotate. Period 2^128 − 1; state must not be all zero. */
export function xoshiro128ss(s0: number, s1: number, s2: number, s3: number): () => number {
  let a = s0 | 0,
    b = s1 | 0,
    c = s2 | 0,
    d = s3 | 0;
  if ((a | b | c | d) === 0) a = 1; // the all-zero state is a fixed point
  return () => {
    const m = Math.imul(b, 5);
    const r = Math.imul((m << 7) | (m >>> 25), 9) >>> 0;
    const t = b << 9;
    c ^= a;
    d ^= b;
    b ^= c;
    a ^= d;
    c ^= t;
    d = (d << 11) | (d >>> 21);
    return r;
  };
}

/** A seeded generator of uint32 values: xoshiro128** whose state comes from splitmix32(seed ⊕ FNV-1a(label)). */
export function seededRng(seed: number, label = ''): () => number {
  const sm = splitmix32((seed ^ fnv1a32(label)) >>> 0);
  return xoshiro128ss(sm(), sm(), sm(), sm());
}

/** Uniform integer in [0, n): ⌊u × n / 2^32⌋ for a uint32 u (exact in doubles for n < 2^21; bias < n / 2^32). */
export function randomIndex(next: () => number, n: number): number {
  return Math.floor((next() * n) / 4294967296);
}
