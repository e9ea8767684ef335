// The TicketStore on Azure Table Storage, so that every instance of the bot shares one truth.
//
// Layout, all in one table:
//   PartitionKey 'ticket'
//     counter                       Last: the last human number given out
//     k|<sha256(idempotencyKey)>    TicketId: the idempotency claim
//     n|<number, 10 digits>         TicketId: lookup by number
//     r|<sha256(requesterId)>|<9999999999 - number>   TicketId, CreatedAt: a requester's tickets, newest first
//     t|<id>                        the ticket: Doc0…DocN (its JSON), Number, Status, NextDeliveryAt…
//   PartitionKey 'setting'
//     <base64url(key)>              Doc0…DocN: the value's JSON
// Keeping a ticket's rows in one partition lets a create be one entity-group transaction: the
// counter moves (under its ETag) and all four rows appear, or nothing does. A duplicate
// idempotency key fails the batch with 409, a counter moved by another instance with 412; either
// way we re-read and, for 412, try again with the next number, so numbers have no gaps. One
// partition serves about 2,000 entities a second, far beyond a helpdesk's rate of new tickets.
import { randomUUID } from 'node:crypto';
import { odata, TableClient, type TableEntity, type TableEntityResult, type TransactionAction } from '@azure/data-tables';
import { applyChange, buildTicket, nextDeliveryAt, replaceDelivery, type ExternalSystem } from './apply-change';
import { encodeKey, hashKey, invertNumber, joinJson, padNumber, splitJson } from './table-entity-codec';
import type { NewTicket, Ticket, TicketOutbox, TicketStore } from './types';

export interface AzureTableTicketStoreOptions {
  /** An Azure Storage (or Azurite, or UseDevelopmentStorage=true) connection string. */
  connectionString: string;
  /** Table name: a letter, then letters and digits, 3–63 characters. */
  table?: string;
  now?: () => Date;
  /** The systems each new ticket is delivered to: one pending ExternalRecord each. */
  externalSystems?: readonly ExternalSystem[];
}

export const DEFAULT_TICKET_TABLE = 'helpdesktickets';
const TICKETS = 'ticket';
const SETTINGS = 'setting';
const COUNTER = 'counter';
/** Tries at a contended write before giving up; each conflict means another instance progressed. */
const MAX_TRIES = 25;

type Entity = TableEntityResult<Record<string, unknown>>;

const ticketRow = (id: string) => `t|${id}`;
const keyRow = (idempotencyKey: string) => `k|${hashKey(idempotencyKey)}`;
const numberRow = (n: number) => `n|${padNumber(n)}`;
const requesterPrefix = (requesterId: string) => `r|${hashKey(requesterId)}|`;
/** The first key after every key starting with `prefix` (which ends in '|'; '}' follows it). */
const afterPrefix = (prefix: string) => `${prefix.slice(0, -1)}}`;

function statusOf(e: unknown): number | undefined {
  return typeof e === 'object' && e !== null && 'statusCode' in e && typeof e.statusCode === 'number' ? e.statusCode : undefined;
}

/** A short random wait before retrying a conflict, so racing instances spread out. */
function pause(tries: number): Promise<void> {
  return new Promise((r) => setTimeout(r, Math.min(200, 5 * tries) + Math.random() * 20));
}

function toEntity(t: Ticket): TableEntity<Record<string, unknown>> {
  const due = nextDeliveryAt(t);
  return {
    partitionKey: TICKETS,
    rowKey: ticketRow(t.id),
    Number: t.number,
    RequesterId: t.requester.id,
    Status: t.status,
    CreatedAt: t.createdAt,
    UpdatedAt: t.updatedAt,
    Version: t.version,
    // Absent when nothing is pending: a filter on a missing property never matches.
    ...(due ? { NextDeliveryAt: due } : {}),
    ...splitJson(JSON.stringify(t)),
  };
}

function fromEntity(e: Record<string, unknown>): Ticket {
  return JSON.parse(joinJson(e)) as Ticket;
}

/** Opens the table (creating it when missing) and returns the store. */
export async function openAzureTableTicketStore(options: AzureTableTicketStoreOptions): Promise<TicketStore & TicketOutbox> {
  const table = options.table ?? DEFAULT_TICKET_TABLE;
  if (!/^[A-Za-z][A-Za-z0-9]{2,62}$/.test(table)) throw new Error(`"${table}" is not a valid table name: a letter, then letters and digits, 3–63 in all`);
  const now = options.now ?? (() => new Date());
  const systems = options.externalSystems ?? [];
  // Plain http is allowed for Azurite; a production connection string names https endpoints.
  const client = TableClient.fromConnectionString(options.connectionString, table, { allowInsecureConnection: true });
  await client.createTable();

  const read = async (partitionKey: string, rowKey: string): Promise<Entity | undefined> => {
    try {
      return await client.getEntity(partitionKey, rowKey);
    } catch (e) {
      if (statusOf(e) === 404) return undefined;
      throw e;
    }
  };
  const get = async (id: string) => {
    const e = await read(TICKETS, ticketRow(id));
    return e && fromEntity(e);
  };
  const follow = async (rowKey: string) => {
    const pointer = await read(TICKETS, rowKey);
    return typeof pointer?.TicketId === 'string' ? get(pointer.TicketId) : undefined;
  };
  const requesterRows = (requesterId: string, extra?: string) => {
    const prefix = requesterPrefix(requesterId);
    const filter = odata`PartitionKey eq ${TICKETS} and RowKey ge ${prefix} and RowKey lt ${afterPrefix(prefix)}`;
    return client.listEntities({ queryOptions: { filter: extra ? `${filter} and ${extra}` : filter, select: ['TicketId'] } });
  };

  /** Runs `attempt` again, after a pause, while it fails with one of `statuses`: a race lost to another writer. */
  const retrying = async <T>(statuses: readonly number[], attempt: () => Promise<T>): Promise<T> => {
    for (let tries = 1; ; tries += 1) {
      try {
        return await attempt();
      } catch (e) {
        if (!statuses.includes(statusOf(e) ?? 0) || tries >= MAX_TRIES) throw e;
        await pause(tries);
      }
    }
  };

  // 409: the key (or the first counter) exists now; 412: the counter moved. Re-read either way.
  const create = (input: NewTicket): Promise<{ ticket: Ticket; created: boolean }> =>
    retrying([409, 412], async () => {
      const claim = keyRow(input.idempotencyKey);
      const existing = await follow(claim);
      if (existing) return { ticket: existing, created: false };
      const counter = await read(TICKETS, COUNTER);
      const number = (typeof counter?.Last === 'number' ? counter.Last : 0) + 1;
      const ticket = buildTicket(input, randomUUID(), number, now().toISOString(), systems);
      const counterRow = { partitionKey: TICKETS, rowKey: COUNTER, Last: number };
      const actions: TransactionAction[] = [
        counter ? ['update', counterRow, 'Replace', { etag: counter.etag }] : ['create', counterRow],
        ['create', { partitionKey: TICKETS, rowKey: claim, TicketId: ticket.id }],
        ['create', { partitionKey: TICKETS, rowKey: numberRow(number), TicketId: ticket.id }],
        ['create', { partitionKey: TICKETS, rowKey: requesterPrefix(ticket.requester.id) + invertNumber(number), TicketId: ticket.id, CreatedAt: ticket.createdAt }],
        ['create', toEntity(ticket)],
      ];
      await client.submitTransaction(actions);
      return { ticket, created: true };
    });

  /** Read, transform, write under the read's ETag; another writer in between (412) means start over. */
  const write = (id: string, next: (t: Ticket) => Ticket | undefined): Promise<Ticket | undefined> =>
    retrying([412], async () => {
      const e = await read(TICKETS, ticketRow(id));
      if (!e) return undefined;
      const before = fromEntity(e);
      const after = next(before);
      if (after === undefined || after === before) return after;
      await client.updateEntity(toEntity(after), 'Replace', { etag: e.etag });
      return after;
    });

  return {
    create,
    get,
    byNumber: (n) => follow(numberRow(n)),
    listByRequester: async (requesterId, limit) => {
      const ids: string[] = [];
      if (limit <= 0) return [];
      for await (const row of requesterRows(requesterId)) {
        if (typeof row.TicketId === 'string') ids.push(row.TicketId);
        if (ids.length >= limit) break;
      }
      const tickets = await Promise.all(ids.map(get));
      return tickets.filter((t): t is Ticket => t !== undefined);
    },
    change: (id, c) => write(id, (t) => applyChange(t, c, now().toISOString())),
    countSince: async (requesterId, since) => {
      let n = 0;
      for await (const _row of requesterRows(requesterId, odata`CreatedAt ge ${since.toISOString()}`)) n += 1;
      return n;
    },
    getSetting: async <T>(key: string) => {
      const e = await read(SETTINGS, encodeKey(key));
      return e && (JSON.parse(joinJson(e)) as T);
    },
    setSetting: async <T>(key: string, value: T) => {
      if (value === undefined) {
        await client.deleteEntity(SETTINGS, encodeKey(key)).catch((e: unknown) => {
          if (statusOf(e) !== 404) throw e;
        });
        return;
      }
      await client.upsertEntity({ partitionKey: SETTINGS, rowKey: encodeKey(key), ...splitJson(JSON.stringify(value)) }, 'Replace');
    },
    dueDeliveries: async (at, limit) => {
      if (limit <= 0) return [];
      const filter = odata`PartitionKey eq ${TICKETS} and RowKey ge 't|' and RowKey lt 't}' and NextDeliveryAt le ${at.toISOString()}`;
      const due: Ticket[] = [];
      for await (const e of client.listEntities({ queryOptions: { filter } })) due.push(fromEntity(e));
      const when = (t: Ticket) => nextDeliveryAt(t) ?? '';
      const order = (a: Ticket, b: Ticket) => (when(a) < when(b) ? -1 : when(a) > when(b) ? 1 : a.number - b.number);
      return due.sort(order).slice(0, Math.floor(limit));
    },
    updateDelivery: (id, expected, next) => write(id, (t) => replaceDelivery(t, expected, next)),
    close: async () => undefined,
  };
}
