// The ticket's rules, shared by every store: what a change does, when it does nothing, and how an
// outbox delivery record is compared and swapped. Pure: the stores pass in the id, number and time.
import type { ExternalRecord, NewTicket, Ticket, TicketChange } from './types';

/** Systems a ticket can be delivered to, in the order their records are kept. */
export type ExternalSystem = ExternalRecord['system'];

/** The ticket as first stored: status new, version 1, one pending record per external system. */
export function buildTicket(input: NewTicket, id: string, number: number, at: string, systems: readonly ExternalSystem[]): Ticket {
  return {
    id,
    number,
    requester: input.requester,
    triage: input.triage,
    description: input.description,
    urgency: input.urgency,
    contact: input.contact,
    status: 'new',
    notes: [],
    createdAt: at,
    updatedAt: at,
    conversation: input.conversation,
    external: [...new Set(systems)].map((system) => ({ system, state: 'pending', attempts: 0 })),
    version: 1,
  };
}

function bump(t: Ticket, at: string): Ticket {
  return { ...t, version: t.version + 1, updatedAt: at };
}

/**
 * Applies a change at time `at`. Returns the very same object when the change does nothing, so a
 * store can skip the write: a second resolve, a reopen of an open ticket, an assign of a resolved
 * ticket or to the person who already has it (a double click), an empty note.
 */
export function applyChange(t: Ticket, change: TicketChange, at: string): Ticket {
  switch (change.kind) {
    case 'assign':
      if (t.status === 'resolved') return t;
      if (t.status === 'assigned' && t.assignee?.id === change.by.id) return t;
      return bump({ ...t, status: 'assigned', assignee: change.by }, at);
    case 'note': {
      const text = change.text.trim();
      if (!text) return t;
      return bump({ ...t, notes: [...t.notes, { at, by: change.by, text }] }, at);
    }
    case 'resolve':
      if (t.status === 'resolved') return t;
      return bump({ ...t, status: 'resolved', resolvedAt: at, resolvedBy: change.by }, at);
    case 'reopen': {
      if (t.status !== 'resolved') return t;
      const { resolvedAt: _at, resolvedBy: _by, ...open } = t;
      return bump({ ...open, status: 'reopened' }, at);
    }
    case 'channel-post':
      if (t.channelPost?.activityId === change.activityId && JSON.stringify(t.channelPost.conversation) === JSON.stringify(change.conversation)) return t;
      return bump({ ...t, channelPost: { conversation: change.conversation, activityId: change.activityId } }, at);
  }
}

function sameRecord(a: ExternalRecord, b: ExternalRecord): boolean {
  return a.system === b.system && a.state === b.state && a.attempts === b.attempts && a.nextAttemptAt === b.nextAttemptAt && a.externalId === b.externalId;
}

/**
 * Swaps the record for `expected.system` for `next` when the stored one still equals `expected`;
 * undefined when it does not (another instance got there first) or the ticket has no such record.
 */
export function replaceDelivery(t: Ticket, expected: ExternalRecord, next: ExternalRecord): Ticket | undefined {
  const i = t.external.findIndex((r) => r.system === expected.system);
  const current = t.external[i];
  if (!current || !sameRecord(current, expected) || next.system !== expected.system) return undefined;
  const external = t.external.map((r, j) => (j === i ? dropUndefined(next) : r));
  // The version moves (it is a write) but updatedAt does not: it tells people when a person last
  // changed the ticket, not when the outbox retried.
  return { ...t, external, version: t.version + 1 };
}

function dropUndefined(r: ExternalRecord): ExternalRecord {
  return Object.fromEntries(Object.entries(r).filter(([, v]) => v !== undefined)) as unknown as ExternalRecord;
}

/** When a record is next due: its next attempt, or the ticket's creation for one never tried. */
export const recordDueAt = (t: Ticket, r: ExternalRecord): string => r.nextAttemptAt ?? t.createdAt;

/**
 * When the outbox should next look at this ticket: the earliest next attempt of a pending record
 * (a record never tried is due from the ticket's creation), or undefined when nothing is pending.
 */
export function nextDeliveryAt(t: Ticket): string | undefined {
  const times = t.external.filter((r) => r.state === 'pending').map((r) => recordDueAt(t, r));
  return times.length ? times.reduce((a, b) => (b < a ? b : a)) : undefined;
}
