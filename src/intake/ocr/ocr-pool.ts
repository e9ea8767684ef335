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
}

export const DEFAULT_OCR_POOL_OPTIONS: Readonly<OcrPoolOptions> = Object.freeze({
  size: Math.max(1, Math.min(4, availableParallelism() - 1)),
  // Four images per message, a few messages at once.
  maxQueue: 16,
  // Measured on dialogs rendered at 100–200 % scale: scaling a 440 px dialog toward 1,000 px (12 px
  // text to about 24 px) reads every code and takes a third of the time 1,600 px / 3x took, with
  // no code read better at the larger size; 6 MP bounds a full-screen shot's time.
  target: Object.freeze({ width: 1000, maxScale: 2, maxPixels: 6_000_000 }),
});

/** How long a thread gets to stop its tesseract.js worker before it is terminated. */
const STOP_GRACE_MS = 2000;

export class OcrBusyError extends Error {}

interface Slot {
  worker: Worker;
  ready: Promise<void>;
  busy: boolean;
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
  private readonly pending = new Map<number, { job: Job; slot: Slot }>();
  private nextId = 1;
  private closed = false;

  constructor(options: Partial<OcrPoolOptions> = {}) {
    this.options = { ...DEFAULT_OCR_POOL_OPTIONS, ...options };
  }

  /** Starts the threads (loading the trained data takes about a second); recognise() calls it. */
  start(): Promise<void> {
    if (this.slots.length === 0) {
      const langPath = this.options.langPath ?? assembleTessdata();
      for (let i = 0; i < this.options.size; i++) this.slots.push(this.spawn(langPath));
    }
    return Promise.all(this.slots.map((s) => s.ready)).then(() => undefined);
  }

  private spawn(langPath: string): Slot {
    const worker = new Worker(join(__dirname, 'ocr-thread.mjs'), {
      workerData: { langPath, languages: OCR_LANGUAGES.join('+'), target: this.options.target },
    });
    const slot: Slot = { worker, busy: true, ready: Promise.resolve() };
    slot.ready = new Promise<void>((resolve, reject) => {
      worker.once('error', reject);
      worker.on('message', (msg: { type: string; id?: number; error?: string } & Partial<Recognised>) => {
        if (msg.type === 'ready') {
          slot.busy = false;
          resolve();
          this.drain();
          return;
        }
        const p = this.pending.get(msg.id!);
        if (!p) return;
        this.pending.delete(msg.id!);
        slot.busy = false;
        if (msg.error) p.job.reject(new Error(msg.error));
        else p.job.resolve({ text: msg.text ?? '', confidence: msg.confidence ?? 0, scale: msg.scale ?? 1, inverted: !!msg.inverted, ms: msg.ms ?? 0 });
        this.drain();
      });
    });
    worker.on('error', (e) => {
      for (const [id, p] of this.pending) {
        if (p.slot !== slot) continue;
        this.pending.delete(id);
        p.job.reject(e);
      }
    });
    return slot;
  }

  /** Reads the text in an encoded image (PNG, JPEG, GIF, BMP, WebP). */
  recognise(bytes: Uint8Array): Promise<Recognised> {
    if (this.closed) return Promise.reject(new Error('OCR pool closed'));
    if (this.queue.length >= this.options.maxQueue) return Promise.reject(new OcrBusyError('OCR queue full'));
    const p = new Promise<Recognised>((resolve, reject) => this.queue.push({ id: this.nextId++, bytes, resolve, reject }));
    void this.start().catch((e: Error) => {
      for (const job of this.queue.splice(0)) job.reject(e);
    });
    this.drain();
    return p;
  }

  private drain(): void {
    for (const slot of this.slots) {
      if (slot.busy || this.queue.length === 0) continue;
      const job = this.queue.shift()!;
      slot.busy = true;
      this.pending.set(job.id, { job, slot });
      slot.worker.postMessage({ type: 'recognise', id: job.id, bytes: job.bytes });
    }
  }

  /** Stops every thread; jobs still waiting are rejected. */
  async close(): Promise<void> {
    this.closed = true;
    for (const job of this.queue.splice(0)) job.reject(new Error('OCR pool closed'));
    // Each thread stops its own tesseract.js worker first, so no nested thread outlives it.
    await Promise.all(
      this.slots.map(async (s) => {
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
