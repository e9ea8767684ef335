// What a triage leaves behind for the people who run the helpdesk: small events holding codes,
// article and cause ids, facts and outcomes, never the text a user pasted. The one exception is a
// knowledge gap's sample, kept once per gap and redacted before it reaches a store.

import type { Period, ReportTallies } from './build-report';

export type EventKind = 'started' | 'identified' | 'answered' | 'results' | 'outcome' | 'escalated' | 'abandoned' | 'unmatched';
import type { CodeKind } from '../engine/codes/code-tables';
export type { CodeKind };

export interface TriageEvent {
  /** Milliseconds since the epoch. */
  at: number;
  kind: EventKind;
  /** Opaque: a hash of the conversation with the triage's number; '' for a paste that started none. */
  triage: string;
  /** A hash of the user's id: counts distinct people without naming them. */
  user: string;
  tenant?: string;
  code?: string;
  codeKind?: CodeKind;
  article?: string;
  cause?: string;
  /** answered: the fact and the value given ("unknown" for "I don't know"). */
  fact?: string;
  value?: string;
  /** identified: facts stated in the paste or remembered; outcome: the facts at that moment. */
  facts?: Record<string, string>;
  outcome?: 'fixed' | 'not-fixed';
  /** A knowledge gap's key (a code without article, or a message nobody matched). */
  gap?: string;
}

/** One redacted paste kept for a knowledge gap: the first one seen in the retention period. */
export interface GapSample {
  gap: string;
  sample: string;
  at: number;
}

/** A spike's shared record: which instance posted the card, whether an agent acknowledged it. */
export interface SpikeAlert {
  /** The code family; one open alert per family. */
  family: string;
  /** Unique per spike: a later spike of the same family is another alert. */
  id: string;
  openedAt: number;
  /** The last paste counted in the spike. */
  lastAt: number;
  users: number;
  /** Different people a window usually brings for this family. */
  usual: number;
  codes: string[];
  /** "fact=value" pairs most of the spike's users share, with how many share each. */
  shared: { fact: string; value: string; users: number }[];
  /** Where the card is; absent until the instance that opened the alert has posted it. */
  post?: { conversation: Record<string, unknown>; activityId: string };
  acknowledged?: { by: string; at: number };
  notice?: { text: string; by: string; at: number };
  /** Conversations of people who chose to follow the incident: told when a notice is posted. */
  followers: Record<string, unknown>[];
}

/** An alert as read, with the tag a conditional write must present (a version or an ETag). */
export interface StoredAlert {
  alert: SpikeAlert;
  tag: string;
}

export interface ReadOptions {
  /** Only these kinds; all when absent. */
  kinds?: readonly EventKind[];
  /** Leave out what reports do not use (tenant, code kind, facts, answered values): a quarter reads faster. */
  lean?: boolean;
}

/** Append-only events plus the two small records that instances share (gap samples, alerts). */
export interface InsightStore {
  /** Appends events and the samples of new gaps (a gap that has one keeps it). */
  append(events: readonly TriageEvent[], samples?: readonly GapSample[]): Promise<void>;
  /** Events with from ≤ at < to, oldest first. */
  read(from: number, to: number, options?: ReadOptions): Promise<TriageEvent[]>;
  /**
   * The figures of the report of `period` (and of the period as long before it, for the trend),
   * exactly as folding `read(from - (to - from), to)` would count them (see buildReport).
   */
  reportTallies(period: Pick<Period, 'from' | 'to'>, options: { abandonAfterMs: number }): Promise<ReportTallies>;
  /** The samples of these gaps (those that have one). */
  samples(gaps: readonly string[]): Promise<Map<string, string>>;
  /** Deletes events and samples older than `before`; returns how many events went. */
  deleteBefore(before: number): Promise<number>;
  getAlert(family: string): Promise<StoredAlert | undefined>;
  /** Creates the family's alert; undefined when another instance created one first. */
  createAlert(alert: SpikeAlert): Promise<StoredAlert | undefined>;
  /** Replaces the alert if it is still as read (`tag`); undefined when someone changed it first. */
  replaceAlert(alert: SpikeAlert, tag: string): Promise<StoredAlert | undefined>;
  listAlerts(): Promise<StoredAlert[]>;
  close(): Promise<void>;
}
