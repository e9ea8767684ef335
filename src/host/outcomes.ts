// Which causes' steps fixed which errors: kept in the bot's Storage so later rankings learn.
import type { Storage } from 'botbuilder';
import type { Effect } from '../conversation/types';

interface Counts {
  fixed: number;
  notFixed: number;
}
type OutcomeDoc = { counts: Record<string, Counts>; eTag?: string };

const KEY = 'helpdesk-triage/outcomes';
/** Learning moves a prior at most threefold either way, so one lucky fix cannot bury a cause. */
const MAX_BOOST = 3;

export class OutcomeBook {
  private counts: Record<string, Counts> = {};

  constructor(private readonly storage: Storage) {}

  /** Loads the recorded outcomes; called once at start-up. */
  async load(): Promise<void> {
    const doc = (await this.storage.read([KEY]))[KEY] as OutcomeDoc | undefined;
    this.counts = doc?.counts ?? {};
  }

  /** Prior multiplier for "article/cause": (fixed + 1) / (not fixed + 1), bounded. */
  boost = (causeKey: string): number => {
    const c = this.counts[causeKey];
    if (!c) return 1;
    return Math.min(MAX_BOOST, Math.max(1 / MAX_BOOST, (c.fixed + 1) / (c.notFixed + 1)));
  };

  /** Records the outcomes a turn produced. */
  async record(effects: readonly Effect[]): Promise<void> {
    const outcomes = effects.filter((e) => e.kind === 'outcome');
    if (outcomes.length === 0) return;
    for (const e of outcomes) {
      const key = `${e.article}/${e.cause}`;
      const c = (this.counts[key] ??= { fixed: 0, notFixed: 0 });
      if (e.outcome === 'fixed') c.fixed += 1;
      else c.notFixed += 1;
    }
    await this.storage.write({ [KEY]: { counts: this.counts, eTag: '*' } });
  }
}
