// Writes triage events off the reply path: a turn hands its events over and carries on. Events
// wait up to FLUSH_AFTER_MS, or until MAX_BATCH are waiting, and go in one append (one SQLite
// transaction, one table transaction a partition): under load a commit is shared by a hundred
// turns rather than paid by each, which is what keeps the cost per turn at a few microseconds.
import type { GapSample, InsightStore, TriageEvent } from './types';

/** How long an event may wait for company: nobody reads an event within a tenth of a second. */
const FLUSH_AFTER_MS = 100;
/** A batch this large is written at once: a bounded transaction, and bounded memory if the store is slow. */
const MAX_BATCH = 1000;

export interface EventWriterOptions {
  /** Told of a failed write: the events are lost, the turns they came from are not. */
  onError?: (error: Error, events: number) => void;
  /** Told of every batch written, in order (the outcome projection, the spike check). */
  onWritten?: (events: readonly TriageEvent[]) => void;
  /** Overrides FLUSH_AFTER_MS (the bench compares batch sizes). */
  flushAfterMs?: number;
}

export class EventWriter {
  private events: TriageEvent[] = [];
  private samples: GapSample[] = [];
  private timer: NodeJS.Timeout | null = null;
  private writing: Promise<void> = Promise.resolve();

  constructor(
    private readonly store: InsightStore,
    private readonly options: EventWriterOptions = {},
  ) {}

  /** Queues events for the next batch; never waits and never throws. */
  write(events: readonly TriageEvent[], samples: readonly GapSample[] = []): void {
    if (events.length === 0 && samples.length === 0) return;
    this.events.push(...events);
    this.samples.push(...samples);
    if (this.events.length >= MAX_BATCH) this.flushNow();
    else this.timer ??= setTimeout(() => this.flushNow(), this.options.flushAfterMs ?? FLUSH_AFTER_MS).unref();
  }

  /** Starts writing what is waiting; batches go one after another, so events keep their order. */
  private flushNow(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const events = this.events;
    const samples = this.samples;
    this.events = [];
    this.samples = [];
    if (events.length === 0 && samples.length === 0) return;
    this.writing = this.writing.then(async () => {
      try {
        await this.store.append(events, samples);
      } catch (e) {
        this.options.onError?.(e as Error, events.length);
        return;
      }
      this.options.onWritten?.(events);
    });
  }

  /** Writes what is waiting now and resolves once everything queued so far is written. */
  async idle(): Promise<void> {
    this.flushNow();
    await this.writing;
  }
}
