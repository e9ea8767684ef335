// The turns' side of the insights writer thread (append-thread.mjs): hands it each batch of
// events and resolves when they are committed. Should the thread die, the batches it had not
// confirmed, and every later one, go to `fallback` on this thread instead: nothing is lost.
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { GapSample, TriageEvent } from './types';

export interface AppendThreadOptions {
  file: string;
  timeoutMs: number;
  insertSql: string;
  insertSampleSql: string;
  /** The event's fields in the insert's column order. */
  fields: readonly string[];
  /** Writes a batch on this thread: the store's own transaction. */
  fallback: (events: readonly TriageEvent[], samples: readonly GapSample[]) => void;
  /** The thread's script (tests give one that fails). */
  script?: string;
}

interface Batch {
  events: readonly TriageEvent[];
  samples: readonly GapSample[];
  resolve: () => void;
  reject: (e: Error) => void;
}

export class AppendThread {
  private worker: Worker | null;
  private readonly pending = new Map<number, Batch>();
  private nextId = 1;
  private closing: Promise<void> | null = null;

  constructor(private readonly options: AppendThreadOptions) {
    const { fallback: _fallback, script, ...data } = options;
    const worker = new Worker(script ?? join(__dirname, 'append-thread.mjs'), { workerData: data });
    worker.on('message', (msg: { type: string; id?: number; error?: string }) => {
      if (msg.type !== 'done') return;
      const batch = this.pending.get(msg.id!);
      this.pending.delete(msg.id!);
      if (this.pending.size === 0) worker.unref();
      if (msg.error) batch?.reject(new Error(msg.error));
      else batch?.resolve();
    });
    worker.on('error', () => this.lost());
    worker.on('exit', () => this.lost());
    // Idle, the thread does not keep the process alive; with batches in flight it does.
    worker.unref();
    this.worker = worker;
  }

  /** Resolves once the batch is committed. */
  append(events: readonly TriageEvent[], samples: readonly GapSample[]): Promise<void> {
    if (!this.worker || this.closing) return this.inThread(events, samples);
    return new Promise((resolve, reject) => {
      const id = this.nextId++;
      this.pending.set(id, { events, samples, resolve, reject });
      this.worker!.ref();
      this.worker!.postMessage({ type: 'append', id, events, samples });
    });
  }

  /** Waits for the batches in flight, then stops the thread. */
  close(): Promise<void> {
    this.closing ??= new Promise((resolve) => {
      const worker = this.worker;
      if (!worker) return resolve();
      worker.ref();
      // Messages are handled in order: 'closed' comes after every batch sent before it.
      worker.on('message', (msg: { type: string }) => {
        if (msg.type === 'closed') void worker.terminate().then(() => resolve());
      });
      worker.once('exit', () => resolve());
      worker.postMessage({ type: 'close' });
    });
    return this.closing;
  }

  /** The thread is gone: what it had not confirmed is written here, and so is everything after. */
  private lost(): void {
    this.worker = null;
    const batches = [...this.pending.values()];
    this.pending.clear();
    for (const b of batches) this.inThread(b.events, b.samples).then(b.resolve, b.reject);
  }

  private async inThread(events: readonly TriageEvent[], samples: readonly GapSample[]): Promise<void> {
    this.options.fallback(events, samples);
  }
}
