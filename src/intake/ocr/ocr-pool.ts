// A small pool of OCR worker threads. Recognition costs hundreds of milliseconds of CPU per
// screenshot; it runs in the threads, so the event loop keeps answering other turns meanwhile.
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { assembleTessdata, OCR_LANGUAGES } from './assemble-tessdata';

export interface Recognised {
  text: string;
  /** Tesseract's mean word confidence, 0–100. */
  confidence: number;
  /** How much the image was scaled up, and whether it was inverted (a dark theme). */
  scale: number;
  inverted: boolean;
  ms: number;
}

export interface OcrPoolOptions {
  /** Threads; by default one per core but one, at least one, at most 4 (each holds ~100 MB). */
  size: number;
  /** Images waiting beyond those being read; past it, recognition is refused as busy. */
  maxQueue: number;
  /** Scale narrow images up toward this width, by at most maxScale, within maxPixels. */
  target: { width: number; maxScale: number; maxPixels: number };
  langPath?: string;
  /** Longest one recognition may take before its thread is stopped and replaced. */
  timeoutMs: number;
}

export const DEFAULT_OCR_POOL_OPTIONS: Readonly<OcrPoolOptions> = Object.freeze({
  size: Math.max(1, Math.min(4, availableParallelism() - 1)),
  // Four images per message, a few messages at once.
  maxQueue: 16,
  // Measured on dialogs rendered at 100–200 % scale: scaling a 440 px dialog toward 1,000 px (12 px
  // text to about 24 px) reads every code and takes a third of the time 1,600 px / 3x took, with
  // no code read better at the larger size; 6 MP bounds a full-screen shot's time.
  target: Object.freeze({ width: 1000, maxScale: 2, maxPixels: 6_000_000 }),
  // A full-screen shot reads in a few seconds on a busy core; ten times that is no screenshot.
  timeoutMs: 30_000,
});

/** How long a thread gets to stop its tesseract.js worker before it is terminated. */
const STOP_GRACE_MS = 2000;

/**
 * Threads that may die in a row (no recognition finishing in between) before the pool stops
 * replacing them: a thread that cannot start (trained data gone) would otherwise respawn forever.
 */
const MAX_DEATHS_IN_A_ROW = 3;

export class OcrBusyError extends Error {}
/** Recognition did not finish: it ran past its time-out, or its thread died under it. */
export class OcrFailedError extends Error {}

interface Slot {
  worker: Worker;
  ready: Promise<void>;
  busy: boolean;
  /** The thread has exited; the slot is being replaced or the pool is closing. */
  dead: boolean;
}
interface Job {
  id: number;
  bytes: Uint8Array;
  resolve: (r: Recognised) => void;
  reject: (e: Error) => void;
}

export class OcrPool {
  private readonly options: OcrPoolOptions;
  private slots: Slot[] = [];
  private readonly queue: Job[] = [];
  private readonly pending = new Map<number, { job: Job; slot: Slot; timer: NodeJS.Timeout }>();
  private nextId = 1;
  private closed = false;
  private langPath = '';
  private deathsInARow = 0;

  constructor(options: Partial<OcrPoolOptions> = {}) {
    this.options = { ...DEFAULT_OCR_POOL_OPTIONS, ...options };
  }

  /** Starts the threads (loading the trained data takes about a second); recognise() calls it. */
  start(): Promise<void> {
    if (this.slots.length === 0) {
      this.langPath = this.options.langPath ?? assembleTessdata();
      for (let i = 0; i < this.options.size; i++) this.slots.push(this.spawn());
    }
    return Promise.all(this.slots.map((s) => s.ready)).then(() => undefined);
  }

  private spawn(): Slot {
    const worker = new Worker(join(__dirname, 'ocr-thread.mjs'), {
      workerData: { langPath: this.langPath, languages: OCR_LANGUAGES.join('+'), target: this.options.target },
    });
    const slot: Slot = { worker, busy: true, dead: false, ready: Promise.resolve() };
    let lastError = 'the OCR thread stopped';
    slot.ready = new Promise<void>((resolve, reject) => {
      worker.once('exit', () => reject(new OcrFailedError(lastError)));
      worker.on('message', (msg: { type: string; id?: number; error?: string } & Partial<Recognised>) => {
        if (msg.type === 'ready') {
          slot.busy = false;
          resolve();
          this.drain();
          return;
        }
        const p = this.pending.get(msg.id!);
        if (!p) return;
        this.settle(msg.id!);
        slot.busy = false;
        this.deathsInARow = 0;
        if (msg.error) p.job.reject(new Error(msg.error));
        else p.job.resolve({ text: msg.text ?? '', confidence: msg.confidence ?? 0, scale: msg.scale ?? 1, inverted: !!msg.inverted, ms: msg.ms ?? 0 });
        this.drain();
      });
    });
    // A rejected start is reported through start() and the queue, not as an unhandled rejection.
    slot.ready.catch(() => undefined);
    // An uncaught error in the thread (out of memory, a crash in the WASM) is followed by 'exit'.
    worker.on('error', (e) => {
      lastError = e.message;
    });
    worker.once('exit', () => this.onExit(slot, lastError));
    return slot;
  }

  /** A thread ended: its job fails, and unless the pool is closing, a new thread takes its place. */
  private onExit(slot: Slot, why: string): void {
    slot.dead = true;
    for (const [id, p] of this.pending) {
      if (p.slot !== slot) continue;
      this.settle(id);
      p.job.reject(new OcrFailedError(why));
    }
    if (this.closed) return;
    const at = this.slots.indexOf(slot);
    if (at >= 0 && ++this.deathsInARow <= MAX_DEATHS_IN_A_ROW) this.slots[at] = this.spawn();
    else if (at >= 0) this.slots.splice(at, 1);
    // No thread left to read them: the waiting images fail now rather than wait forever.
    if (this.slots.every((s) => s.dead)) for (const job of this.queue.splice(0)) job.reject(new OcrFailedError(why));
  }

  private settle(id: number): void {
    clearTimeout(this.pending.get(id)?.timer);
    this.pending.delete(id);
  }

  /** Reads the text in an encoded image (PNG, JPEG, GIF, BMP, WebP). */
  recognise(bytes: Uint8Array): Promise<Recognised> {
    if (this.closed) return Promise.reject(new Error('OCR pool closed'));
    if (this.queue.length >= this.options.maxQueue) return Promise.reject(new OcrBusyError('OCR queue full'));
    const p = new Promise<Recognised>((resolve, reject) => this.queue.push({ id: this.nextId++, bytes, resolve, reject }));
    void this.start().catch((e: Error) => {
      if (this.slots.every((s) => s.dead)) for (const job of this.queue.splice(0)) job.reject(e);
    });
    this.drain();
    return p;
  }

  private drain(): void {
    for (const slot of this.slots) {
      if (slot.busy || slot.dead || this.queue.length === 0) continue;
      const job = this.queue.shift()!;
      slot.busy = true;
      // Past its deadline the thread is stopped (a recognition cannot be cancelled inside it) and
      // replaced, so one pathological image holds a thread for timeoutMs at most.
      const timer = setTimeout(() => {
        this.settle(job.id);
        job.reject(new OcrFailedError(`recognition took more than ${this.options.timeoutMs} ms`));
        void slot.worker.terminate();
      }, this.options.timeoutMs);
      this.pending.set(job.id, { job, slot, timer });
      slot.worker.postMessage({ type: 'recognise', id: job.id, bytes: job.bytes });
    }
  }

  /** Stops every thread; jobs still waiting are rejected. Returns even if a thread has died. */
  async close(): Promise<void> {
    this.closed = true;
    for (const job of this.queue.splice(0)) job.reject(new Error('OCR pool closed'));
    // Each thread stops its own tesseract.js worker first, so no nested thread outlives it.
    await Promise.all(
      this.slots.map(async (s) => {
        if (s.dead) return;
        const exited = new Promise<void>((resolve) => s.worker.once('exit', () => resolve()));
        s.worker.postMessage({ type: 'stop' });
        const timer = setTimeout(() => void s.worker.terminate(), STOP_GRACE_MS);
        await exited;
        clearTimeout(timer);
      }),
    );
    this.slots = [];
  }
}
