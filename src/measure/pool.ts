// A pool of worker threads that count chunks (one chunk × tokenizer per task) with tokenizers loaded lazily,
// once per worker, and do each chunk's text pass (chunk.ts: characters, bytes, words, cache keys; one task per
// chunk, any worker). Each worker is a one-thread Tinypool, so this scheduler decides which worker gets which
// task ("lanes" with affinity) instead of handing tasks to whichever thread is free:
//
//  - A text pass goes first, to the least busy worker: the chunk's counts wait for it.
//  - An idle worker first takes a task of a tokenizer no worker has loaded yet, largest files first, so the first
//    chunk spreads the tokenizers over the workers, they load in parallel, and the slowest do not start last;
//    otherwise (or when busy) the oldest waiting task of a tokenizer it has loaded.
//  - An idle worker loads a tokenizer that another worker already holds (a replica) when the replica would count
//    for longer than it takes to load: when the measure stage says how many texts are still to come (`expect`,
//    from the corpus size), once the tokenizer's measured time per text × the texts left, shared with the new
//    worker, reaches `replicateAfter` × its load time; without that hint, once the tokenizer has spent as much
//    time counting as its load took (the ski-rental rule, which never costs more than twice the best choice made
//    knowing the corpus size in advance); before the first load has finished, only when more than SPECULATE_TEXTS
//    texts are still to come. Either way only while the heap of all loaded tokenizers stays under
//    `maxTokenizerHeapBytes`. On a short corpus the large tokenizers (Qwen 3's tokenizer.json: ~0.6 s and ~50 MB
//    of heap to load) stay in one worker; on a long one every busy tokenizer ends up in every worker.
//
// Tokenizer errors come back as values (worker.ts); a load error fails every waiting task of that tokenizer at
// once, an error while counting fails that task only. A worker that dies fails its running task, and its
// tokenizer is not tried again; the other tokenizers reload lazily in the replacement thread.
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import Tinypool from 'tinypool';
import { UserError, type ExitCodeName } from '../errors.js';
import { PROJECT_ROOT } from '../paths.js';
import type { ResolvedTokenizer } from '../tokenizers/index.js';
import type { EngineKind } from '../types.js';
import {
  type ChunkResult,
  type ChunkRunner,
  type ChunkTask,
  countsView,
  type PreparedCounts,
  type TextFacts,
  type TextTask,
} from './types.js';
import type { TextReply, WorkerError, WorkerReply, WorkerRequest } from './worker.js';

/** The compiled worker module (tests run TypeScript sources, but a worker thread needs JavaScript). */
export const WORKER_FILE = join(PROJECT_ROOT, 'dist', 'measure', 'worker.js');

export interface PoolOptions {
  workers: number;
  /** Worker module (default WORKER_FILE). */
  workerFile?: string;
  /** Load a replica once a tokenizer's counting time reaches this multiple of its load time (default 1; Infinity: never; 0: at once). */
  replicateAfter?: number;
  /** No replica is loaded while the tokenizers' measured heap, summed over workers, would exceed this (default 1 GiB). */
  maxTokenizerHeapBytes?: number;
}

/** What the pool did per tokenizer, for the benchmark and the documentation. */
export interface PoolTokenizerStats {
  tokenizer: string;
  /** Workers that loaded it. */
  workers: number;
  /** Slowest load, in ms. */
  loadMs: number;
  /** Heap growth of one load, in bytes. */
  heapBytes: number;
  /** Time spent counting, summed over workers, in ms. */
  countMs: number;
  tasks: number;
  /** The engine kind that loaded the files (the entry's, or its fallback: load.ts FALLBACK_ENGINE). */
  counted?: EngineKind;
}

interface CountJob {
  seq: number;
  spec: ResolvedTokenizer;
  task: ChunkTask;
  text?: undefined;
  /** The chunk's text pass, done first in the same worker task (prepareAndCount); its facts come back too. */
  prep?: TextTask;
  resolve: (r: ChunkResult, facts?: TextFacts) => void;
  /** `facts` when the text pass was done before the tokenizer failed. */
  reject: (e: unknown, facts?: TextFacts) => void;
}

interface TextJob {
  seq: number;
  text: TextTask;
  spec?: undefined;
  task?: undefined;
  resolve: (r: TextFacts) => void;
  reject: (e: unknown) => void;
}

type Job = CountJob | TextJob;

interface Lane {
  id: number;
  /** Started on the lane's first task, so a run answered from the count cache starts no thread. */
  pool?: Tinypool;
  /** Tasks handed to this worker and not yet answered (one running, the others queued in its Tinypool). */
  running: number;
  holds: Set<string>;
  watched: WeakSet<object>;
}

interface TokState {
  holders: Set<number>;
  loadMs: number;
  heapBytes: number;
  countMs: number;
  tasks: number;
  /** Texts counted (for the time per text). */
  texts: number;
  loads: number;
  /** Bytes of its files. */
  weight: number;
  counted?: EngineKind;
  failed?: Error;
}

/**
 * Texts still to come above which an idle worker loads a replica of a tokenizer whose first load has not finished
 * yet. o200k_base, the fastest engine here, counts 20,000 texts of FLORES sentence pairs in about 0.6 s, more than
 * its load in a worker (~0.45 s); slower engines gain more. On such a corpus waiting for measured figures only idles.
 */
const SPECULATE_TEXTS = 20_000;

/** Tasks given to one worker at a time: one running plus one waiting, so it never idles between tasks. */
const DEPTH = 2;

function toError(e: WorkerError): Error {
  const err = e.exit ? new UserError(e.exit as ExitCodeName, e.message, e.hint) : new Error(e.message);
  if (!e.exit) err.name = e.name;
  if (e.stack)
    err.stack = `${err.name}: ${e.message}\n    (in a worker thread)\n${e.stack.split('\n').slice(1).join('\n')}`;
  return err;
}

export class WorkerPoolRunner implements ChunkRunner {
  private readonly lanes: Lane[] = [];
  private readonly specs = new Map<string, ResolvedTokenizer>();
  private readonly state = new Map<string, TokState>();
  private readonly pending: Job[] = [];
  private seq = 0;
  private closed = false;
  private readonly replicateAfter: number;
  private readonly maxHeap: number;
  private readonly file: string;

  constructor(specs: readonly ResolvedTokenizer[], opts: PoolOptions) {
    this.file = opts.workerFile ?? WORKER_FILE;
    if (!existsSync(this.file)) {
      throw new UserError(
        'internal',
        `the worker module ${this.file} is missing`,
        'build tokentax first (npm run build), or run with --workers 1',
      );
    }
    this.replicateAfter = opts.replicateAfter ?? 1;
    this.maxHeap = opts.maxTokenizerHeapBytes ?? 2 ** 30;
    for (const s of specs) {
      this.specs.set(s.info.id, s);
      let weight = 0;
      for (const f of s.local.files) {
        try {
          weight += statSync(f).size;
        } catch {
          // a missing file fails at load time, with the loader's message
        }
      }
      this.state.set(s.info.id, {
        holders: new Set(),
        loadMs: 0,
        heapBytes: 0,
        countMs: 0,
        tasks: 0,
        texts: 0,
        loads: 0,
        weight,
      });
    }
    const n = Math.max(1, Math.floor(opts.workers));
    for (let i = 0; i < n; i++) this.lanes.push(this.newLane(i));
  }

  private newLane(id: number): Lane {
    return { id, running: 0, holds: new Set(), watched: new WeakSet() };
  }

  private poolOf(lane: Lane): Tinypool {
    lane.pool ??= new Tinypool({ filename: this.file, minThreads: 1, maxThreads: 1, idleTimeout: 0 });
    return lane.pool;
  }

  get workers(): number {
    return this.lanes.length;
  }

  run(task: ChunkTask): Promise<ChunkResult> {
    const spec = this.specs.get(task.tokenizer);
    if (!spec) return Promise.reject(new Error(`tokenizer ${task.tokenizer} is not known to this pool`));
    const st = this.state.get(task.tokenizer)!;
    if (st.failed) return Promise.reject(st.failed);
    if (this.closed) return Promise.reject(new Error('the worker pool is closed'));
    return new Promise<ChunkResult>((resolve, reject) => {
      this.pending.push({ seq: this.seq++, spec, task, resolve, reject });
      this.scheduleSoon();
    });
  }

  prepare(text: TextTask): Promise<TextFacts> {
    if (this.closed) return Promise.reject(new Error('the worker pool is closed'));
    return new Promise<TextFacts>((resolve, reject) => {
      this.pending.push({ seq: this.seq++, text, resolve, reject });
      this.scheduleSoon();
    });
  }

  /**
   * The text pass and one tokenizer's count in one worker task: the chunk's texts cross to a worker once. The
   * first of `tokenizers` this pool counts is taken (the measure stage runs the others with `run`).
   */
  prepareAndCount(task: TextTask, tokenizers: readonly string[]): Promise<PreparedCounts> {
    const t = tokenizers.find((x) => this.specs.has(x) && !this.state.get(x)!.failed);
    if (t === undefined || this.closed)
      return this.prepare(task).then((facts) => ({ facts, counts: new Map() }));
    const spec = this.specs.get(t)!;
    const none = new Int32Array(0);
    return new Promise<PreparedCounts>((resolve, reject) => {
      this.pending.push({
        seq: this.seq++,
        spec,
        task: { tokenizer: t, texts: task.texts, wordStart: none, wordSpans: none },
        prep: task,
        resolve: (r, facts) => resolve({ facts: facts!, counts: new Map([[t, r]]) }),
        reject: (error, facts) =>
          facts ? resolve({ facts, counts: new Map([[t, { error }]]) }) : reject(error),
      });
      this.scheduleSoon();
    });
  }

  /** Texts still to come per tokenizer, from the measure stage (undefined: unknown). */
  private remaining: number | undefined;

  expect(texts: number): void {
    this.remaining = texts;
  }

  /** Whether a replica of this tokenizer would count for at least `replicateAfter` × its load time. */
  private worthReplica(t: string, st: TokState): boolean {
    if (this.remaining === undefined || st.texts === 0) return st.countMs >= this.replicateAfter * st.loadMs;
    let waiting = 0;
    for (const j of this.pending) if (j.task?.tokenizer === t) waiting += j.task.texts.length;
    const left = ((this.remaining + waiting) * st.countMs) / st.texts;
    return left / (st.holders.size + 1) >= this.replicateAfter * st.loadMs;
  }

  private scheduled = false;

  /**
   * The measure stage hands over a chunk's tasks (one per tokenizer) in one synchronous loop: scheduling once
   * they are all waiting lets the first pick see every tokenizer, so the largest is loaded first.
   */
  private scheduleSoon(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    queueMicrotask(() => {
      this.scheduled = false;
      this.schedule();
    });
  }

  /** Hands waiting tasks to workers with room, least busy first. */
  private schedule(): void {
    for (let progress = true; progress && this.pending.length;) {
      progress = false;
      for (const lane of [...this.lanes].sort((a, b) => a.running - b.running)) {
        if (lane.running >= DEPTH) continue;
        const i = this.pick(lane);
        if (i < 0) continue;
        const [job] = this.pending.splice(i, 1);
        this.dispatch(lane, job);
        progress = true;
      }
    }
  }

  private heapInUse(): number {
    let h = 0;
    for (const s of this.state.values()) h += s.heapBytes * s.holders.size;
    return h;
  }

  /** Index of the waiting task this worker should take, or -1. */
  private pick(lane: Lane): number {
    // First loads go first, largest files first (a proxy for load and counting time, as in longest-job-first
    // scheduling), so the slow tokenizers do not start last; then the oldest task of a tokenizer this worker holds.
    // A busy worker does not claim a new tokenizer: it could not start it before its current task ends, and
    // another worker may be free sooner (list scheduling).
    for (let i = 0; i < this.pending.length; i++) if (this.pending[i].text) return i;
    let first = -1;
    for (let i = 0; lane.running === 0 && i < this.pending.length; i++) {
      const t = this.pending[i].task!.tokenizer;
      const st = this.state.get(t)!;
      if (
        st.holders.size === 0 &&
        (first < 0 || st.weight > this.state.get(this.pending[first].task!.tokenizer)!.weight)
      )
        first = i;
    }
    if (first >= 0) {
      this.hold(lane, this.pending[first].task!.tokenizer);
      return first;
    }
    for (let i = 0; i < this.pending.length; i++)
      if (lane.holds.has(this.pending[i].task!.tokenizer)) return i;
    if (lane.running > 0) return -1;
    // Idle: is a replica of a busy tokenizer worth its load?
    for (let i = 0; i < this.pending.length; i++) {
      const t = this.pending[i].task!.tokenizer;
      const st = this.state.get(t)!;
      // Before its first load has finished its cost is unknown: a replica then only when so many texts are still
      // to come that any engine here counts them for longer than it loads (SPECULATE_TEXTS), else wait.
      if (
        st.loads === 0
          ? !(this.remaining !== undefined && this.remaining >= SPECULATE_TEXTS)
          : !this.worthReplica(t, st)
      )
        continue;
      if (this.heapInUse() + st.heapBytes > this.maxHeap) continue;
      this.hold(lane, t);
      return i;
    }
    return -1;
  }

  private hold(lane: Lane, t: string): void {
    lane.holds.add(t);
    this.state.get(t)!.holders.add(lane.id);
  }

  private release(lane: Lane): void {
    for (const t of lane.holds) this.state.get(t)?.holders.delete(lane.id);
    lane.holds.clear();
  }

  /** Fails a tokenizer for good: its waiting tasks are rejected with the same error. */
  private fail(t: string, err: Error): void {
    const st = this.state.get(t)!;
    st.failed ??= err;
    for (let i = this.pending.length - 1; i >= 0; i--) {
      if (this.pending[i].task?.tokenizer === t) this.pending.splice(i, 1)[0].reject(st.failed);
    }
  }

  private watch(lane: Lane): void {
    // Tinypool does not notice a worker thread that exits without an error (process.exit in a library): its
    // task would wait for ever. Watch each thread of the lane and replace the lane when one exits that way.
    for (const w of this.poolOf(lane).threads as unknown as { on(ev: string, f: () => void): void }[]) {
      if (lane.watched.has(w)) continue;
      lane.watched.add(w);
      let errored = false;
      w.on('error', () => (errored = true)); // Tinypool handles these (it rejects the task and starts a new thread)
      w.on('exit', () => {
        if (errored || this.closed || this.lanes[lane.id] !== lane) return;
        queueMicrotask(() => this.replaceLane(lane));
      });
    }
  }

  private readonly inLane = new Map<Lane, Set<Job>>();

  /** After a silent thread exit: the task it was running fails, the tasks queued behind it wait again. */
  private replaceLane(lane: Lane): void {
    if (this.closed || this.lanes[lane.id] !== lane) return;
    const set = this.inLane.get(lane) ?? new Set<Job>();
    const [running, ...queued] = [...set];
    set.clear(); // the destroyed pool's late answers are ignored
    this.inLane.delete(lane);
    this.release(lane);
    this.lanes[lane.id] = this.newLane(lane.id);
    void lane.pool?.destroy().catch(() => {});
    this.pending.push(...queued);
    this.pending.sort((a, b) => a.seq - b.seq);
    if (running?.text) running.reject(new Error('a worker thread exited during a text pass'));
    else if (running) {
      const err = new Error(`tokenizer ${running.task.tokenizer}: the worker thread exited while counting`);
      running.reject(err);
      this.fail(running.task.tokenizer, err);
    }
    this.schedule();
  }

  private dispatch(lane: Lane, job: Job): void {
    lane.running++;
    let set = this.inLane.get(lane);
    if (!set) this.inLane.set(lane, (set = new Set()));
    set.add(job);
    if (job.text) return this.dispatchText(lane, job, set);
    const t = job.task.tokenizer;
    const { tokenizer, texts, wordStart, wordSpans } = job.task;
    const req: WorkerRequest = job.prep
      ? { spec: job.spec, task: { tokenizer, texts: [], wordStart, wordSpans }, prep: job.prep }
      : { spec: job.spec, task: { tokenizer, texts, wordStart, wordSpans } };
    const p = this.poolOf(lane).run(req) as Promise<WorkerReply>;
    this.watch(lane);
    void p.then(
      (reply) => {
        if (!set.delete(job)) return; // already failed by replaceLane
        lane.running--;
        const st = this.state.get(t)!;
        if (reply.loadMs > 0 && (reply.ok || !reply.error?.load)) {
          st.loads++;
          st.loadMs = Math.max(st.loadMs, reply.loadMs);
          st.heapBytes = Math.max(st.heapBytes, reply.loadHeapBytes);
        }
        st.countMs += reply.countMs;
        st.tasks++;
        if (reply.ok) st.texts += job.task.texts.length;
        if (reply.counted) st.counted = reply.counted;
        if (reply.ok && !lane.holds.has(t)) this.hold(lane, t); // loaded again in a replacement thread
        if (reply.ok && reply.counts) job.resolve(countsView(reply.counts), reply.facts);
        else {
          const err = toError(
            reply.error ?? { name: 'Error', message: 'no reply from the worker', load: false },
          );
          job.reject(err, reply.facts);
          if (reply.error?.load) {
            lane.holds.delete(t);
            st.holders.delete(lane.id);
            this.fail(t, err);
          }
        }
        this.schedule();
      },
      (e: unknown) => {
        // The worker thread died (uncaught error, out of memory): Tinypool starts a fresh one for the lane,
        // which holds no tokenizer yet.
        if (!set.delete(job)) return;
        lane.running--;
        if (this.closed) return job.reject(new Error('the worker pool was closed'));
        this.release(lane);
        const err = new Error(
          `tokenizer ${t}: the worker thread died while counting (${e instanceof Error ? e.message : String(e)})`,
        );
        job.reject(err);
        this.fail(t, err);
        this.schedule();
      },
    );
  }

  private dispatchText(lane: Lane, job: TextJob, set: Set<Job>): void {
    const req: WorkerRequest = { text: job.text };
    const p = this.poolOf(lane).run(req) as Promise<TextReply>;
    this.watch(lane);
    void p.then(
      (reply) => {
        if (!set.delete(job)) return;
        lane.running--;
        job.resolve(reply.facts);
        this.schedule();
      },
      (e: unknown) => {
        if (!set.delete(job)) return;
        lane.running--;
        job.reject(
          this.closed
            ? new Error('the worker pool was closed')
            : new Error(
                `a worker thread died during a text pass (${e instanceof Error ? e.message : String(e)})`,
              ),
        );
        if (!this.closed) {
          this.release(lane);
          this.schedule();
        }
      },
    );
  }

  stats(): PoolTokenizerStats[] {
    return [...this.state].map(([tokenizer, s]) => ({
      tokenizer,
      workers: s.loads,
      loadMs: Math.round(s.loadMs),
      heapBytes: s.heapBytes,
      countMs: Math.round(s.countMs),
      tasks: s.tasks,
      counted: s.counted,
    }));
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const err = new Error('the worker pool was closed');
    for (const job of this.pending.splice(0)) job.reject(err);
    await Promise.all(this.lanes.map((l) => l.pool?.destroy().catch(() => {})));
  }
}
