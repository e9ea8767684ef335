// The view models of the ticket cards: one for the requester, one with the agent's buttons for the
// support channel, and the "my tickets" list.
import { say, type Locale, type Strings } from '../conversation/strings';
import { labels } from '../conversation/views';
import type { Ticket } from '../tickets/types';

/** Longest paste shown on a ticket card; the ticket itself keeps all of it. */
const PASTE_ON_CARD = 2000;

const LABEL_KEYS = ['requester-label', 'urgency-label', 'contact-label', 'assignee-label', 'facts-label', 'tried-label', 'assign-to-me', 'resolve', 'add-note', 'note-placeholder', 'reopen', 'my-tickets-title'];

/** The data of cards/ticket.json. */
export function ticketView(t: Ticket, locale: Locale, strings: Strings, agent: boolean) {
  return {
    ticketId: t.id,
    number: t.number,
    title: say(strings, locale, 'ticket-title', { number: t.number }),
    status: t.status,
    statusLabel: say(strings, locale, `status-${t.status}`),
    urgencyLabel: say(strings, locale, `urgency-${t.urgency}`),
    requester: t.requester.name,
    contact: t.contact,
    assignee: t.assignee?.name ?? null,
    description: t.description,
    codes: t.triage.codes.map((c) => ({ code: c.code, name: c.names[0] ?? '', decode: c.decode, title: c.title })),
    facts: t.triage.facts.map((f) => ({ question: f.question, label: f.label })),
    causes: t.triage.causes.slice(0, 5),
    tried: t.triage.tried,
    notes: t.notes.map((n) => ({ by: n.by.name, text: n.text })),
    external: t.external
      .filter((e) => e.state !== 'sent')
      .map((e) => ({ text: say(strings, locale, 'external-pending', { system: e.system }) })),
    paste: t.triage.paste.length > PASTE_ON_CARD ? `${t.triage.paste.slice(0, PASTE_ON_CARD)}…` : t.triage.paste,
    agent,
    labels: labels(strings, locale, LABEL_KEYS),
  };
}

/** The data of cards/ticket-list.json. */
export function ticketListView(tickets: readonly Ticket[], locale: Locale, strings: Strings) {
  return {
    tickets: tickets.map((t) => ({
      number: t.number,
      statusLabel: say(strings, locale, `status-${t.status}`),
      summary: [t.triage.codes[0]?.code, t.description].filter(Boolean).join(' · ').slice(0, 140),
    })),
    labels: labels(strings, locale, LABEL_KEYS),
  };
}
