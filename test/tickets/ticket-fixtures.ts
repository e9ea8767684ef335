// Tickets as the bot files them: a requester from Teams, what the triage found, a paste.
import { buildTicket, type ExternalSystem } from '../../src/tickets/apply-change';
import type { NewTicket, Person, Ticket } from '../../src/tickets/types';

export const ANA = { id: '29:1ana-teams-id', name: 'Ana Ruiz', aadObjectId: '6f1c2a3b-0000-4000-8000-00000000a0a0', tenantId: 'contoso-tenant' };
export const BEN = { id: '29:1ben-teams-id', name: 'Ben Okafor' };
export const AGENT: Person = { id: '29:1agent-teams-id', name: 'Sam (IT support)' };
export const OTHER_AGENT: Person = { id: '29:1other-agent', name: 'Kim (IT support)' };

export const PASTE = 'Windows Update failed to install KB5034441 with error 0x800B0004 on a domain-joined PC behind a proxy.';

/** A NewTicket; `key` doubles as the idempotency key (the activity id in the bot). */
export function newTicket(key: string, overrides: Partial<NewTicket> = {}): NewTicket {
  return {
    idempotencyKey: key,
    requester: ANA,
    triage: {
      paste: PASTE,
      codes: [
        {
          code: '0x800B0004',
          names: ['TRUST_E_SUBJECT_NOT_TRUSTED'],
          kind: 'hresult',
          decode: 'error, FACILITY_CERT (11), code 4',
          article: 'trust-subject-not-trusted',
          title: 'The subject is not trusted for the specified action',
        },
      ],
      facts: [{ fact: 'network-proxy', question: 'Is the PC behind a proxy?', value: 'yes', label: 'Yes' }],
      causes: [
        { cause: 'proxy-blocks-crl', title: 'The proxy blocks the certificate revocation list', percent: 62 },
        { cause: 'clock-wrong', title: 'The PC clock is wrong', percent: 21 },
      ],
      tried: [{ cause: 'clock-wrong', outcome: 'did not help' }],
    },
    description: 'Updates fail every night since Monday.\nI restarted twice.',
    urgency: 'high',
    contact: 'ana.ruiz@contoso.com, ext. 4411',
    conversation: { conversation: { id: 'a:1ana-personal' }, serviceUrl: 'https://smba.trafficmanager.net/emea/', bot: { id: '28:bot' } },
    ...overrides,
  };
}

/** A stored-looking ticket for connector tests. */
export function sampleTicket(overrides: Partial<NewTicket> = {}, systems: readonly ExternalSystem[] = []): Ticket {
  return buildTicket(newTicket('k-sample', overrides), '7d3c1f9e-2b4a-4c6d-8e0f-123456789abc', 42, '2025-03-04T09:15:00.000Z', systems);
}

/** A 28 KB paste full of what makes JSON grow (control characters, quotes, backslashes) and of
 *  characters outside the BMP, whose UTF-16 halves must never be split. */
export function hostilePaste(length = 28 * 1024): string {
  const unit = 'CBS  \u0001\u0002 "quoted" C:\\Windows\\Logs 0x800F081F ✓ 😀 ñ\r\n\t';
  let s = '';
  while (s.length + unit.length <= length) s += unit;
  return s;
}

/** A clock the test moves by hand. */
export function manualClock(start = '2025-03-04T09:00:00.000Z'): { now: () => Date; advance(ms: number): Date; set(iso: string): void } {
  let t = Date.parse(start);
  return {
    now: () => new Date(t),
    advance: (ms) => {
      t += ms;
      return new Date(t);
    },
    set: (iso) => {
      t = Date.parse(iso);
    },
  };
}
