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
  const s = Uint32Array.of(s0, s1, s2, s3);
  if ((s[0] | s[1] | s[2] | s[3]) === 0) s[0] = 1; // the all-zero state is a fixed point
  return () => {
    const m = Math.imul(s[1], 5);
    const r = Math.imul((m << 7) | (m >>> 25), 9) >>> 0;
    stepState(s);
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

/** The 128-bit xoshiro128** state seededRng(seed, label) starts from (four uint32 words). */
export function seededState(seed: number, label = ''): Uint32Array {
  const sm = splitmix32((seed ^ fnv1a32(label)) >>> 0);
  const s = Uint32Array.of(sm(), sm(), sm(), sm());
  if ((s[0] | s[1] | s[2] | s[3]) === 0) s[0] = 1; // as xoshiro128ss does
  return s;
}

/** One xoshiro128** state update in place (the output is taken from the state before it). */
function stepState(s: Uint32Array): void {
  let a = s[0] | 0,
    b = s[1] | 0,
    c = s[2] | 0,
    d = s[3] | 0;
  const t = b << 9;
  c ^= a;
  d ^= b;
  b ^= c;
  a ^= d;
  c ^= t;
  d = (d << 11) | (d >>> 21);
  s[0] = a;
  s[1] = b;
  s[2] = c;
  s[3] = d;
}

/** A 128 × 128 matrix over GF(2), as 128 columns of 4 words: the image of each state bit. */
type BitMatrix = Uint32Array[];

function apply(m: BitMatrix, v: Uint32Array): Uint32Array {
  const out = new Uint32Array(4);
  for (let k = 0; k < 128; k++) {
    if (((v[k >>> 5] >>> (k & 31)) & 1) === 0) continue;
    const col = m[k];
    out[0] ^= col[0];
    out[1] ^= col[1];
    out[2] ^= col[2];
    out[3] ^= col[3];
  }
  return out;
}

/**
 * The state `steps` draws after `state`, without drawing them: the update is linear over GF(2), so it is the
 * state times the update matrix to the power `steps` (square and multiply, about 60 matrix squarings for any
 * count below 2^53). Lets a resample range start where the draws of the resamples before it end.
 */
export function jumpState(state: Uint32Array, steps: number): Uint32Array {
  if (!Number.isSafeInteger(steps) || steps < 0) throw new RangeError(`jumpState: bad step count ${steps}`);
  let m: BitMatrix = Array.from({ length: 128 }, (_, k) => {
    const e = new Uint32Array(4);
    e[k >>> 5] = 1 << (k & 31);
    stepState(e);
    return e;
  });
  let v: Uint32Array = Uint32Array.from(state);
  for (let n = steps; n > 0; n = Math.floor(n / 2)) {
    if (n % 2 === 1) v = apply(m, v);
    if (n > 1) {
      const sq = m;
      m = sq.map((col) => apply(sq, col));
    }
  }
  return v;
}
