// The ticket model and the store's contract. The bot (src/host, src/conversation) codes against
// these types; src/tickets implements them on SQLite and the external connectors.

export type TicketStatus = 'new' | 'assigned' | 'resolved' | 'reopened';
export type Urgency = 'low' | 'normal' | 'high';

export interface Person {
  /** Teams user id (29:…). */
  id: string;
  name: string;
  /** Entra object id, when Teams sends it. */
  aadObjectId?: string;
}

export interface Requester extends Person {
  tenantId?: string;
}

/** Everything the bot knew when the user escalated, so nobody has to ask again. */
export interface TriageSnapshot {
  paste: string;
  codes: { code: string; names: string[]; kind: string; decode: string; article: string | null; title: string | null }[];
  facts: { fact: string; question: string; value: string; label: string }[];
  causes: { cause: string; title: string; percent: number }[];
  tried: { cause: string; outcome: string }[];
}

export interface TicketNote {
  at: string;
  by: Person;
  text: string;
}

/** Where a ticket was also filed: ServiceNow, Jira, a webhook. */
export interface ExternalRecord {
  system: 'servicenow' | 'jira' | 'webhook';
  state: 'pending' | 'sent' | 'failed';
  /** The other system's id / key / number once sent (INC0010001, HELP-42). */
  externalId?: string;
  url?: string;
  attempts: number;
  lastError?: string;
  nextAttemptAt?: string;
}

export interface Ticket {
  id: string;
  /** The human number people quote: "status 42". */
  number: number;
  requester: Requester;
  triage: TriageSnapshot;
  description: string;
  urgency: Urgency;
  contact: string;
  status: TicketStatus;
  assignee?: Person;
  /** Set by a resolve, cleared by a reopen (addition). */
  resolvedAt?: string;
  resolvedBy?: Person;
  notes: TicketNote[];
  createdAt: string;
  updatedAt: string;
  /** The requester's conversation (a botbuilder ConversationReference), to notify them. */
  conversation: Record<string, unknown>;
  /** The ticket's card in the support channel, once posted. */
  channelPost?: { conversation: Record<string, unknown>; activityId: string };
  external: ExternalRecord[];
  /** Incremented on every update; updates name the version they read. */
  version: number;
}

export interface NewTicket {
  /** Same key → same ticket: a double click, a retried activity or two instances racing. */
  idempotencyKey: string;
  requester: Requester;
  triage: TriageSnapshot;
  description: string;
  urgency: Urgency;
  contact: string;
  conversation: Record<string, unknown>;
}

export type TicketChange =
  | { kind: 'assign'; by: Person }
  | { kind: 'note'; by: Person; text: string }
  | { kind: 'resolve'; by: Person }
  | { kind: 'reopen'; by: Person }
  | { kind: 'channel-post'; conversation: Record<string, unknown>; activityId: string };

export interface TicketStore {
  /** Creates the ticket, or returns the one already created with this idempotency key. */
  create(t: NewTicket): Promise<{ ticket: Ticket; created: boolean }>;
  get(id: string): Promise<Ticket | undefined>;
  byNumber(n: number): Promise<Ticket | undefined>;
  /** Newest first. */
  listByRequester(requesterId: string, limit: number): Promise<Ticket[]>;
  /** Applies a change; returns the updated ticket, or undefined when the ticket does not exist. */
  change(id: string, change: TicketChange): Promise<Ticket | undefined>;
  /** How many tickets this requester opened since `since` (for the per-hour limit). */
  countSince(requesterId: string, since: Date): Promise<number>;
  /** Small settings such as the support channel's conversation reference. */
  getSetting<T>(key: string): Promise<T | undefined>;
  setSetting<T>(key: string, value: T): Promise<void>;
  close(): Promise<void>;
}

/**
 * The outbox's view of a store (addition; both src/tickets stores implement it). A ticket is
 * created with one 'pending' ExternalRecord for each system the store was opened with, so a ticket
 * and its deliveries are written together and nothing is lost while a connector is down.
 */
export interface TicketOutbox {
  /** Tickets with a pending external record whose next attempt is due at `now`, most overdue first. */
  dueDeliveries(now: Date, limit: number): Promise<Ticket[]>;
  /**
   * Replaces the ticket's record for `expected.system` with `next`, only while the stored record
   * still equals `expected` (state, attempts, nextAttemptAt, externalId): a compare-and-set, so two
   * instances never both claim one delivery. Undefined when the ticket is gone or the record moved.
   */
  updateDelivery(id: string, expected: ExternalRecord, next: ExternalRecord): Promise<Ticket | undefined>;
}
