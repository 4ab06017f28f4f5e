// Progress on long work: one bar per tokenizer on a TTY (segments done / total, rate, ETA),
// one line per finished tokenizer otherwise, nothing with --quiet.
import type { FetchEvent } from '../corpus/index.js';
import type { DownloadEvent } from '../tokenizers/index.js';
export interface ProgressSink {
  update(corpus: string, tokenizer: string, done: number, total?: number): void;
  finish(corpus: string, tokenizer: string, segments: number): void;
  stop(): void;
}

export function createProgress(
  mode: 'tty' | 'lines' | 'quiet',
  stream: NodeJS.WriteStream = process.stderr,
): ProgressSink {
  if (mode === 'quiet') return { update() {}, finish() {}, stop() {} };
  const started = new Map<string, number>();
  const key = (c: string, t: string) => `${c} · ${t}`;
  if (mode === 'lines') {
    return {
      update(c, t) {
        if (!started.has(key(c, t))) started.set(key(c, t), Date.now());
      },
      finish(c, t, n) {
        const s = (Date.now() - (started.get(key(c, t)) ?? Date.now())) / 1000;
        stream.write(`done ${key(c, t)}: ${n} segments${s > 0 ? ` in ${s.toFixed(1)} s` : ''}\n`);
      },
      stop() {},
    };
  }
  const state = new Map<string, { done: number; total?: number }>();
  let drawn = 0;
  let last = 0;
  const draw = (force = false) => {
    const now = Date.now();
    if (!force && now - last < 100) return;
    last = now;
    const width = Math.max(10, Math.min(30, (stream.columns ?? 80) - 60));
    const lines = [...state].map(([k, s]) => {
      const secs = Math.max(0.001, (now - (started.get(k) ?? now)) / 1000);
      const rate = s.done / secs;
      const frac = s.total ? Math.min(1, s.done / s.total) : 0;
      const bar = s.total ? '█'.repeat(Math.round(frac * width)).padEnd(width, '░') : ''.padEnd(width, '·');
      const eta = s.total && rate > 0 ? ` ETA ${Math.max(0, (s.total - s.done) / rate).toFixed(0)} s` : '';
      return `${k.padEnd(28).slice(0, 28)} ${bar} ${s.done}${s.total ? '/' + s.total : ''} ${rate.toFixed(0)}/s${eta}`;
    });
    let buf = drawn ? `\x1b[${drawn}A` : '';
    for (const l of lines) buf += `\x1b[2K${l}\n`;
    drawn = lines.length;
    stream.write(buf);
  };
  return {
    update(c, t, done, total) {
      const k = key(c, t);
      if (!started.has(k)) started.set(k, Date.now());
      state.set(k, { done, total });
      draw();
    },
    finish(c, t, n) {
      const k = key(c, t);
      state.set(k, { done: n, total: n });
      draw(true);
    },
    stop() {
      if (state.size) draw(true);
    },
  };
}

// ---------------------------------------------------------------- hub downloads of a default run

const mb = (n: number) => `${(n / 1e6).toFixed(1)} MB`;

/** A bar of `width` cells for a fraction, or dots when the total is unknown. */
const bar = (done: number, total: number | undefined, width: number) =>
  total
    ? '█'.repeat(Math.round(Math.min(1, done / total) * width)).padEnd(width, '░')
    : ''.padEnd(width, '·');

/** Draws a default run's download events: the announcement with sizes, then one bar (TTY) or a closing line. */
export function createDownloadProgress(
  mode: 'tty' | 'lines' | 'quiet',
  stream: NodeJS.WriteStream = process.stderr,
): (e: DownloadEvent) => void {
  if (mode === 'quiet') return () => {};
  let last = 0;
  let drawn = false;
  return (e) => {
    if (e.kind === 'start') {
      const list = e.items
        .map((i) => `${i.id} (${i.bytes !== undefined ? mb(i.bytes) : 'size unknown'})`)
        .join(', ');
      stream.write(
        `Downloading ${e.items.length} European hub tokenizer${e.items.length > 1 ? 's' : ''} once into ${e.cacheDir}${e.totalBytes !== undefined ? `, ${mb(e.totalBytes)}` : ''}: ${list}. --offline or HF_HUB_OFFLINE=1 skips this.\n`,
      );
    } else if (e.kind === 'progress') {
      if (mode !== 'tty') return;
      const now = Date.now();
      if (now - last < 100) return;
      last = now;
      const width = Math.max(10, Math.min(30, (stream.columns ?? 80) - 50));
      stream.write(
        `\r\x1b[2K${bar(e.bytes, e.totalBytes, width)} ${mb(e.bytes)}${e.totalBytes ? ` / ${mb(e.totalBytes)}` : ''} ${e.id}`,
      );
      drawn = true;
    } else {
      if (drawn) stream.write('\r\x1b[2K');
      stream.write(
        `Downloaded ${e.downloaded.length ? e.downloaded.join(', ') : 'nothing'}; later runs use the cached copies.\n`,
      );
    }
  };
}

// ---------------------------------------------------------------- tokentax corpora fetch

/** Draws a corpus fetch: what it fetches and from where, a bar on a TTY, and a closing line. */
export function createFetchProgress(
  name: string,
  mode: 'tty' | 'lines' | 'quiet',
  stream: NodeJS.WriteStream = process.stderr,
): (e: FetchEvent) => void {
  if (mode === 'quiet') return () => {};
  let last = 0;
  let drawn = false;
  return (e) => {
    if (e.kind === 'start') {
      stream.write(
        e.files
          ? `Fetching ${name}: ${e.files} file${e.files > 1 ? 's' : ''}, ${mb(e.bytes)}, from ${e.from} into ${e.dir}${e.present ? ` (${e.present} already there)` : ''}\n`
          : `${name}: all ${e.present} files are already in ${e.dir}\n`,
      );
    } else if (e.kind === 'progress') {
      if (mode !== 'tty') return;
      const now = Date.now();
      if (now - last < 100 && e.files < e.of) return;
      last = now;
      const width = Math.max(10, Math.min(30, (stream.columns ?? 80) - 40));
      stream.write(
        `\r\x1b[2K${bar(e.bytes, e.total, width)} ${mb(e.bytes)} / ${mb(e.total)}, ${e.files}/${e.of} files`,
      );
      drawn = true;
    } else {
      if (drawn) stream.write('\r\x1b[2K');
      if (e.fetched)
        stream.write(
          `Fetched ${e.fetched} file${e.fetched > 1 ? 's' : ''} (${mb(e.bytes)}), each checked against its pin.\n`,
        );
    }
  };
}
