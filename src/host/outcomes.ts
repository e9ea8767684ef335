// Which causes' steps fixed which errors, so later rankings learn: a projection of the outcome
// events in the insight store (no shared document that every instance rewrites). Each instance
// counts its own outcomes as it writes them and re-reads everyone's now and then.
import type { InsightStore, TriageEvent } from '../insights/types';

export interface Counts {
  fixed: number;
  notFixed: number;
}

/** Where earlier builds kept the counts, as one document in the bot's Storage. */
export const LEGACY_OUTCOMES_KEY = 'helpdesk-triage/outcomes';

/** Learning moves a prior at most threefold either way, so one lucky fix cannot bury a cause. */
const MAX_BOOST = 3;
const DAY_MS = 86_400_000;

export interface OutcomeBookOptions {
  now?: () => Date;
  /** Outcomes older than this are forgotten with their events (INSIGHTS_RETENTION_DAYS). */
  retentionDays?: number;
}

export class OutcomeBook {
  private counts: Record<string, Counts> = {};
  /** Counts learnt before outcomes were events (LEGACY_OUTCOMES_KEY): kept, as they never expire. */
  private legacy: Record<string, Counts> = {};

  constructor(
    private readonly store: InsightStore,
    private readonly options: OutcomeBookOptions = {},
  ) {}

  /** Counts every outcome recorded in the retention period; at start-up, then to catch up with other instances. */
  async load(): Promise<void> {
    const now = (this.options.now?.() ?? new Date()).getTime();
    const events = await this.store.read(now - (this.options.retentionDays ?? 90) * DAY_MS, now + 1, { kinds: ['outcome'] });
    const counts = structuredClone(this.legacy);
    add(counts, events);
    this.counts = counts;
  }

  /** Starts from the counts an earlier build kept (call before load). */
  seed(legacy: Record<string, Counts>): void {
    this.legacy = structuredClone(legacy);
  }

  /** Prior multiplier for "article/cause": (fixed + 1) / (not fixed + 1), bounded. */
  boost = (causeKey: string): number => {
    const c = this.counts[causeKey];
    if (!c) return 1;
    return Math.min(MAX_BOOST, Math.max(1 / MAX_BOOST, (c.fixed + 1) / (c.notFixed + 1)));
  };

  /** Counts outcomes this instance has just written. */
  observe(events: readonly TriageEvent[]): void {
    add(this.counts, events);
  }
}

function add(counts: Record<string, Counts>, events: readonly TriageEvent[]): void {
  for (const e of events) {
    if (e.kind !== 'outcome' || !e.article || !e.cause) continue;
    const c = (counts[`${e.article}/${e.cause}`] ??= { fixed: 0, notFixed: 0 });
    if (e.outcome === 'fixed') c.fixed += 1;
    else c.notFixed += 1;
  }
}
