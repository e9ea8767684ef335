// Writes triage events off the reply path: a turn hands its events over and carries on; the
// events of every turn that reached this point in one pass of the event loop are appended in one
// batch (one SQLite transaction, one table transaction a partition), like the state's group commit.
import type { GapSample, InsightStore, TriageEvent } from './types';

export interface EventWriterOptions {
  /** Told of a failed write: the events are lost, the turns they came from are not. */
  onError?: (error: Error, events: number) => void;
  /** Told of every batch written, in order (the outcome projection, the spike check). */
  onWritten?: (events: readonly TriageEvent[]) => void;
}

export class EventWriter {
  private events: TriageEvent[] = [];
  private samples: GapSample[] = [];
  private scheduled = false;
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
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      // Batches go one after another, so events reach the store in the order they happened.
      this.writing = this.writing.then(() => this.flush());
    });
  }

  private async flush(): Promise<void> {
    const events = this.events;
    const samples = this.samples;
    this.events = [];
    this.samples = [];
    if (events.length === 0 && samples.length === 0) return;
    try {
      await this.store.append(events, samples);
    } catch (e) {
      this.options.onError?.(e as Error, events.length);
      return;
    }
    this.options.onWritten?.(events);
  }

  /** Resolves once everything queued so far is written (tests, shutdown, reports). */
  async idle(): Promise<void> {
    while (this.scheduled || this.events.length > 0) {
      await new Promise((r) => setImmediate(r));
      await this.writing;
    }
    await this.writing;
  }
}
