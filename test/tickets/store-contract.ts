// The behaviour every TicketStore must show, run against SQLite and against Azure Table Storage.
import type { ExternalSystem } from '../../src/tickets/apply-change';
import type { TicketOutbox, TicketStore } from '../../src/tickets/types';
import { AGENT, BEN, hostilePaste, manualClock, newTicket, OTHER_AGENT } from './ticket-fixtures';

export type Store = TicketStore & TicketOutbox;

export interface StoreHarness {
  /** A store on fresh, empty storage; `again()` opens another instance on the same storage. */
  open(options: { now: () => Date; externalSystems?: readonly ExternalSystem[] }): Promise<{ store: Store; again(): Promise<Store> }>;
}

export function describeTicketStoreContract(name: string, harness: StoreHarness): void {
  describe(`${name}: the TicketStore contract`, () => {
    const opened: Store[] = [];
    const clock = manualClock();
    const open = async (externalSystems: readonly ExternalSystem[] = []) => {
      const h = await harness.open({ now: clock.now, externalSystems });
      opened.push(h.store);
      return {
        store: h.store,
        again: async () => {
          const s = await h.again();
          opened.push(s);
          return s;
        },
      };
    };
    beforeEach(() => clock.set('2025-03-04T09:00:00.000Z'));
    afterEach(async () => {
      await Promise.all(opened.splice(0).map((s) => s.close()));
    });

    test('a new ticket is number 1, status new, version 1, with everything the bot knew', async () => {
      const { store } = await open(['servicenow', 'webhook']);
      const { ticket, created } = await store.create(newTicket('act-1'));
      expect(created).toBe(true);
      expect(ticket).toMatchObject({ number: 1, status: 'new', version: 1, urgency: 'high', notes: [], createdAt: '2025-03-04T09:00:00.000Z' });
      expect(ticket.triage.codes[0]?.names).toEqual(['TRUST_E_SUBJECT_NOT_TRUSTED']);
      expect(ticket.conversation).toEqual(newTicket('x').conversation);
      expect(ticket.external).toEqual([
        { system: 'servicenow', state: 'pending', attempts: 0 },
        { system: 'webhook', state: 'pending', attempts: 0 },
      ]);
      expect(await store.get(ticket.id)).toEqual(ticket);
      expect(await store.get('no-such-ticket')).toBeUndefined();
    });

    test('the same idempotency key returns the first ticket, not a second one', async () => {
      const { store } = await open();
      const first = await store.create(newTicket('act-1'));
      const again = await store.create(newTicket('act-1', { description: 'a double click, slightly different' }));
      expect(again.created).toBe(false);
      expect(again.ticket).toEqual(first.ticket);
      expect((await store.create(newTicket('act-2'))).ticket.number).toBe(2);
    });

    test('numbers go up from 1 and byNumber finds each ticket', async () => {
      const { store } = await open();
      const numbers: number[] = [];
      for (const key of ['a', 'b', 'c']) numbers.push((await store.create(newTicket(key))).ticket.number);
      expect(numbers).toEqual([1, 2, 3]);
      expect((await store.byNumber(2))?.number).toBe(2);
      expect(await store.byNumber(4)).toBeUndefined();
    });

    test('two instances racing on one key make exactly one ticket, and distinct keys get distinct numbers', async () => {
      const { store: a, again } = await open();
      const b = await again();
      const same = await Promise.all([a, b, a, b].map((s) => s.create(newTicket('double-click'))));
      expect(same.filter((r) => r.created)).toHaveLength(1);
      expect(new Set(same.map((r) => r.ticket.id)).size).toBe(1);

      const keys = Array.from({ length: 8 }, (_, i) => `race-${i}`);
      const results = await Promise.all(keys.flatMap((k) => [a.create(newTicket(k)), b.create(newTicket(k))]));
      expect(results.filter((r) => r.created)).toHaveLength(keys.length);
      const numbers = [...new Set(results.map((r) => r.ticket.number))].sort((x, y) => x - y);
      expect(numbers).toEqual([2, 3, 4, 5, 6, 7, 8, 9]);
      keys.forEach((_, i) => expect(results[2 * i]?.ticket.id).toBe(results[2 * i + 1]?.ticket.id));
    });

    test('listByRequester gives that requester’s tickets newest first, up to the limit; countSince counts them', async () => {
      const { store } = await open();
      await store.create(newTicket('a1'));
      clock.advance(60_000);
      await store.create(newTicket('b1', { requester: BEN }));
      clock.advance(60_000);
      await store.create(newTicket('a2'));
      clock.advance(60_000);
      await store.create(newTicket('a3'));
      const mine = await store.listByRequester(newTicket('x').requester.id, 10);
      expect(mine.map((t) => t.number)).toEqual([4, 3, 1]);
      expect((await store.listByRequester(newTicket('x').requester.id, 2)).map((t) => t.number)).toEqual([4, 3]);
      expect((await store.listByRequester(BEN.id, 10)).map((t) => t.number)).toEqual([2]);
      expect(await store.listByRequester('29:nobody', 10)).toEqual([]);
      const start = Date.parse('2025-03-04T09:00:00.000Z');
      expect(await store.countSince(newTicket('x').requester.id, new Date(start))).toBe(3);
      expect(await store.countSince(newTicket('x').requester.id, new Date(start + 90_000))).toBe(2);
      expect(await store.countSince(BEN.id, new Date(start + 90_000))).toBe(0);
    });

    test('assign, note, resolve and reopen change status, version and updatedAt; repeats do nothing', async () => {
      const { store } = await open();
      const { ticket } = await store.create(newTicket('flow'));
      clock.advance(1000);
      const assigned = await store.change(ticket.id, { kind: 'assign', by: AGENT });
      expect(assigned).toMatchObject({ status: 'assigned', assignee: AGENT, version: 2, updatedAt: '2025-03-04T09:00:01.000Z' });
      expect(await store.change(ticket.id, { kind: 'assign', by: AGENT })).toEqual(assigned);

      clock.advance(1000);
      const noted = await store.change(ticket.id, { kind: 'note', by: AGENT, text: '  Asked Ana to run certutil -urlcache.  ' });
      expect(noted?.notes).toEqual([{ at: '2025-03-04T09:00:02.000Z', by: AGENT, text: 'Asked Ana to run certutil -urlcache.' }]);
      expect(noted?.version).toBe(3);
      expect(await store.change(ticket.id, { kind: 'note', by: AGENT, text: '   ' })).toEqual(noted);

      const reassigned = await store.change(ticket.id, { kind: 'assign', by: OTHER_AGENT });
      expect(reassigned).toMatchObject({ status: 'assigned', assignee: OTHER_AGENT, version: 4 });
      expect(await store.change(ticket.id, { kind: 'reopen', by: AGENT })).toEqual(reassigned);

      clock.advance(1000);
      const resolved = await store.change(ticket.id, { kind: 'resolve', by: OTHER_AGENT });
      expect(resolved).toMatchObject({ status: 'resolved', version: 5, resolvedBy: OTHER_AGENT, resolvedAt: '2025-03-04T09:00:03.000Z' });
      clock.advance(1000);
      expect(await store.change(ticket.id, { kind: 'resolve', by: AGENT })).toEqual(resolved);
      expect(await store.change(ticket.id, { kind: 'assign', by: AGENT })).toEqual(resolved);

      const reopened = await store.change(ticket.id, { kind: 'reopen', by: ANA_AS_PERSON });
      expect(reopened).toMatchObject({ status: 'reopened', version: 6, assignee: OTHER_AGENT });
      expect(reopened?.resolvedBy).toBeUndefined();
      expect(reopened?.resolvedAt).toBeUndefined();
      expect(await store.get(ticket.id)).toEqual(reopened);
      expect(await store.change('no-such-ticket', { kind: 'resolve', by: AGENT })).toBeUndefined();
    });

    test('channel-post records where the ticket’s card is', async () => {
      const { store } = await open();
      const { ticket } = await store.create(newTicket('post'));
      const post = { conversation: { id: '19:support@thread.tacv2;messageid=1' }, activityId: '1:card' };
      const posted = await store.change(ticket.id, { kind: 'channel-post', ...post });
      expect(posted?.channelPost).toEqual(post);
      expect(posted?.version).toBe(2);
      expect((await store.get(ticket.id))?.channelPost).toEqual(post);
    });

    test('notes written at the same time by two instances are both kept', async () => {
      const { store: a, again } = await open();
      const b = await again();
      const { ticket } = await a.create(newTicket('busy'));
      const texts = Array.from({ length: 6 }, (_, i) => `note ${i}`);
      await Promise.all(texts.map((text, i) => (i % 2 ? a : b).change(ticket.id, { kind: 'note', by: AGENT, text })));
      const final = await a.get(ticket.id);
      expect(final?.notes.map((n) => n.text).sort()).toEqual(texts);
      expect(final?.version).toBe(1 + texts.length);
    });

    test('settings round-trip, overwrite and forget', async () => {
      const { store } = await open();
      expect(await store.getSetting('support-channel')).toBeUndefined();
      const ref = { conversation: { id: '19:abc@thread.tacv2', isGroup: true }, serviceUrl: 'https://smba.trafficmanager.net/emea/' };
      await store.setSetting('support-channel', ref);
      expect(await store.getSetting('support-channel')).toEqual(ref);
      await store.setSetting('support-channel', { moved: true });
      expect(await store.getSetting<{ moved: boolean }>('support-channel')).toEqual({ moved: true });
      await store.setSetting('support-channel', undefined);
      expect(await store.getSetting('support-channel')).toBeUndefined();
      await store.setSetting('a/b#c?', 3);
      expect(await store.getSetting('a/b#c?')).toBe(3);
    });

    test('a 28 KB paste full of control characters and emoji comes back exactly', async () => {
      const { store } = await open();
      const paste = hostilePaste();
      const { ticket } = await store.create(newTicket('big', { triage: { ...newTicket('x').triage, paste } }));
      expect((await store.get(ticket.id))?.triage.paste).toBe(paste);
      const noted = await store.change(ticket.id, { kind: 'note', by: AGENT, text: 'seen' });
      expect(noted?.triage.paste).toBe(paste);
    });

    test('deliveries: due from creation, swapped only from the record last read, gone once sent', async () => {
      const { store } = await open(['jira']);
      const { ticket } = await store.create(newTicket('deliver'));
      await store.create(newTicket('other'));
      const record = ticket.external[0]!;
      expect((await store.dueDeliveries(clock.now(), 10)).map((t) => t.number)).toEqual([1, 2]);
      expect((await store.dueDeliveries(new Date(Date.parse(ticket.createdAt) - 1), 10))).toEqual([]);
      expect((await store.dueDeliveries(clock.now(), 1)).map((t) => t.number)).toEqual([1]);

      clock.advance(5_000);
      const later = new Date(clock.now().getTime() + 60_000).toISOString();
      const claimed = { ...record, nextAttemptAt: later };
      const t2 = await store.updateDelivery(ticket.id, record, claimed);
      expect(t2?.external).toEqual([claimed]);
      expect(t2?.version).toBe(2);
      expect(t2?.updatedAt).toBe(ticket.updatedAt);
      expect(await store.updateDelivery(ticket.id, record, claimed)).toBeUndefined();
      expect((await store.dueDeliveries(clock.now(), 10)).map((t) => t.number)).toEqual([2]);
      // Most overdue first: ticket 2 has waited since its creation, ticket 1 only since `later`.
      expect((await store.dueDeliveries(new Date(later), 10)).map((t) => t.number)).toEqual([2, 1]);

      const sent = { system: 'jira' as const, state: 'sent' as const, attempts: 1, externalId: 'HELP-24', url: 'https://contoso.atlassian.net/browse/HELP-24' };
      expect((await store.updateDelivery(ticket.id, claimed, sent))?.external).toEqual([sent]);
      expect((await store.dueDeliveries(new Date(later), 10)).map((t) => t.number)).toEqual([2]);
      expect(await store.updateDelivery('no-such-ticket', record, sent)).toBeUndefined();
    });
  });
}

const ANA_AS_PERSON = { id: newTicket('x').requester.id, name: newTicket('x').requester.name };
