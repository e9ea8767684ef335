// Which causes' steps fixed which errors: kept in the bot's Storage so later rankings learn.
import type { Storage } from 'botbuilder';
import type { Effect } from '../conversation/types';
import { isETagConflict } from './storage/etag-conflict';

interface Counts {
  fixed: number;
  notFixed: number;
}
type OutcomeDoc = { counts: Record<string, Counts>; eTag?: string };

const KEY = 'helpdesk-triage/outcomes';
/** Learning moves a prior at most threefold either way, so one lucky fix cannot bury a cause. */
const MAX_BOOST = 3;
/** Each round lets at least one of the racing writers through, so N writers need N rounds. */
const MAX_ATTEMPTS = 20;

export class OutcomeBook {
  private counts: Record<string, Counts> = {};

  constructor(private readonly storage: Storage) {}

  /** Loads the recorded outcomes; called once at start-up. */
  async load(): Promise<void> {
    const doc = (await this.storage.read([KEY]))[KEY] as OutcomeDoc | undefined;
    this.counts = doc?.counts ?? {};
    // Create the document once, so that every later write carries an eTag: two first writes
    // with "*" would overwrite each other. Racing here is harmless, both write nothing counted.
    if (!doc) await this.storage.write({ [KEY]: { counts: {}, eTag: '*' } });
  }

  /** Prior multiplier for "article/cause": (fixed + 1) / (not fixed + 1), bounded. */
  boost = (causeKey: string): number => {
    const c = this.counts[causeKey];
    if (!c) return 1;
    return Math.min(MAX_BOOST, Math.max(1 / MAX_BOOST, (c.fixed + 1) / (c.notFixed + 1)));
  };

  /**
   * Records the outcomes a turn produced: read, add, write with the eTag read, again on a
   * conflict, so two instances recording at once both count.
   */
  async record(effects: readonly Effect[]): Promise<void> {
    const outcomes = effects.filter((e) => e.kind === 'outcome');
    if (outcomes.length === 0) return;
    for (let attempt = 1; ; attempt++) {
      const doc = (await this.storage.read([KEY]))[KEY] as OutcomeDoc | undefined;
      const counts = structuredClone(doc?.counts ?? {});
      for (const e of outcomes) {
        const key = `${e.article}/${e.cause}`;
        const c = (counts[key] ??= { fixed: 0, notFixed: 0 });
        if (e.outcome === 'fixed') c.fixed += 1;
        else c.notFixed += 1;
      }
      try {
        await this.storage.write({ [KEY]: { counts, eTag: doc?.eTag ?? '*' } });
        this.counts = counts;
        return;
      } catch (e) {
        if (!isETagConflict(e) || attempt >= MAX_ATTEMPTS) throw e;
      }
    }
  }
}
