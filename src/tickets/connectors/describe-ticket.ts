// A ticket in words for the systems it is filed in: one summary line and titled sections of
// facts, the same for ServiceNow (plain text) and Jira (Atlassian Document Format).
import type { Ticket } from '../types';

export interface TicketSection {
  title: string;
  /** A paragraph of the user's own words, shown before the items. */
  text?: string;
  items: string[];
}

/** Collapses whitespace and cuts at `max` characters with an ellipsis. */
export function oneLine(s: string, max: number): string {
  const line = s.replace(/\s+/g, ' ').trim();
  return line.length > max ? `${line.slice(0, max - 1).trimEnd()}…` : line;
}

/** "#42 0x800B0004 TRUST_E_SUBJECT_NOT_TRUSTED: The certificate chain is not trusted", cut to `max`. */
export function summaryLine(t: Ticket, max: number): string {
  const code = t.triage.codes[0];
  const lead = code ? `${code.code}${code.names[0] ? ` ${code.names[0]}` : ''}` : '';
  const what = code?.title ?? t.description.split('\n').find((l) => l.trim()) ?? '';
  const body = [lead, what].filter((s) => s.trim()).join(': ') || 'Help requested from Teams';
  return oneLine(`#${t.number} ${body}`, max);
}

/** Everything the bot learnt, as sections; empty sections are left out. */
export function ticketSections(t: Ticket): TicketSection[] {
  const causeTitle = new Map(t.triage.causes.map((c) => [c.cause, c.title]));
  const sections: TicketSection[] = [
    {
      title: 'Request',
      text: t.description.trim() || undefined,
      items: [
        `Requester: ${t.requester.name} (${t.requester.id})`,
        `Contact: ${t.contact || '(none given)'}`,
        `Urgency: ${t.urgency}`,
        `Teams ticket: #${t.number} (${t.id}), opened ${t.createdAt}`,
      ],
    },
    {
      title: 'Error codes',
      items: t.triage.codes.map((c) => {
        const names = c.names.length ? ` ${c.names.join(' / ')}` : '';
        return `${c.code}${names} (${c.kind})${c.decode ? `: ${c.decode}` : ''}${c.title ? `. Article: ${c.title}` : ''}`;
      }),
    },
    { title: 'Environment', items: t.triage.facts.map((f) => `${f.question} ${f.label}`) },
    { title: 'Likely causes', items: t.triage.causes.map((c) => `${Math.round(c.percent)} % ${c.title}`) },
    { title: 'Already tried', items: t.triage.tried.map((x) => `${causeTitle.get(x.cause) ?? x.cause}: ${x.outcome}`) },
  ];
  return sections.filter((s) => s.text || s.items.length);
}

/**
 * The paste, cut to `budget` characters when it does not fit, saying so and where the whole is.
 * Cutting keeps the start: a log's first lines usually name the failing operation.
 */
export function fitPaste(t: Ticket, budget: number): string {
  const paste = t.triage.paste;
  if (paste.length <= budget) return paste;
  const note = `\n[… cut at ${budget} of ${paste.length} characters: the whole paste is on Teams ticket #${t.number}]`;
  let head = paste.slice(0, Math.max(0, budget - note.length));
  const last = head.charCodeAt(head.length - 1);
  if (last >= 0xd800 && last <= 0xdbff) head = head.slice(0, -1);
  return head + note;
}

/** The sections as plain text (ServiceNow's description). */
export function sectionsAsText(sections: readonly TicketSection[]): string {
  return sections
    .map((s) => [`${s.title}:`, ...(s.text ? [s.text] : []), ...s.items.map((i) => `- ${i}`)].join('\n'))
    .join('\n\n');
}
