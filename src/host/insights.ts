// The bot's side of insights: stamps each turn's events with who and when (hashed) and hands them
// to the writer off the reply path, keeps the outcome projection that re-ranks causes, and sweeps
// events past their retention.
import type { TurnContext } from 'botbuilder';
import type { TurnEvent } from '../conversation/triage-events';
import { EventWriter } from '../insights/event-writer';
import { sweepInsights } from '../insights/open-insight-store';
import { stampEvents } from '../insights/stamp-events';
import type { InsightStore, TriageEvent } from '../insights/types';
import { tenantOf } from './bot';
import type { Logger } from './logger';
import { OutcomeBook, type Counts } from './outcomes';
import { startSweeper, type Sweeper } from './storage/sweeper';

/** Other instances' outcomes reach this one's ranking within this long. */
const OUTCOME_REFRESH_MS = 5 * 60 * 1000;
/** Old events go hourly: one indexed DELETE in SQLite, a few partitions in Azure. */
const SWEEP_MS = 60 * 60 * 1000;

export interface InsightsDeps {
  store: InsightStore;
  logger: Logger;
  /** The clock of event times, retention and spikes (tests pass a fake one). */
  now: () => Date;
  retentionDays: number;
  /** Told of every batch of events written (spike checks). */
  onWritten?: (events: readonly TriageEvent[]) => void;
  /** Resolves when the work onWritten started is over (idle() waits for it too). */
  settled?: () => Promise<void>;
  /** The outcome counts an earlier build kept in the bot's Storage, if any. */
  legacyOutcomes?: () => Promise<Record<string, Counts> | undefined>;
  /** Stops what onWritten started (timers), at shutdown. */
  stopping?: () => Promise<void>;
}

export class Insights {
  readonly outcomes: OutcomeBook;
  private readonly writer: EventWriter;
  private sweeper: Sweeper | null = null;
  private refresh: NodeJS.Timeout | null = null;

  constructor(private readonly deps: InsightsDeps) {
    this.outcomes = new OutcomeBook(deps.store, { now: deps.now, retentionDays: deps.retentionDays });
    this.writer = new EventWriter(deps.store, {
      onError: (error, events) => deps.logger.warn('could not write triage events', { events, error: error.message }),
      onWritten: (events) => {
        this.outcomes.observe(events);
        deps.onWritten?.(events);
      },
    });
  }

  /** Loads the outcome projection and starts the retention sweep. */
  async start(): Promise<void> {
    const legacy = await this.deps.legacyOutcomes?.();
    if (legacy) this.outcomes.seed(legacy);
    await this.outcomes.load();
    const { store, retentionDays, now, logger } = this.deps;
    this.sweeper = startSweeper({ sweep: () => sweepInsights(store, retentionDays, now()), everyMs: SWEEP_MS, logger, what: 'insights' });
    this.refresh = setInterval(() => {
      this.outcomes.load().catch((e: unknown) => logger.warn('could not refresh the learnt outcomes', { error: (e as Error).message }));
    }, OUTCOME_REFRESH_MS);
    this.refresh.unref();
  }

  /** Queues a turn's events; returns at once. */
  record(context: TurnContext, events: readonly TurnEvent[]): void {
    if (events.length === 0) return;
    const a = context.activity;
    const tenant = tenantOf(a);
    const stamped = stampEvents(events, {
      at: this.deps.now().getTime(),
      userId: a.from.aadObjectId ?? a.from.id,
      conversationId: `${a.channelId}/${a.conversation.id}`,
      ...(tenant ? { tenant } : {}),
    });
    this.writer.write(stamped.events, stamped.samples);
  }

  /** Resolves once the events queued so far are written and the checks they started are over. */
  async idle(): Promise<void> {
    await this.writer.idle();
    await this.deps.settled?.();
  }

  async stop(): Promise<void> {
    if (this.refresh) clearInterval(this.refresh);
    await this.sweeper?.stop();
    await this.idle();
    await this.deps.stopping?.();
  }
}
