// The TicketStore on one SQLite file (better-sqlite3). Every write is a short IMMEDIATE
// transaction, so several processes sharing the file (a restart overlapping the old process, or
// two instances on one volume) serialise on SQLite's write lock instead of racing.
import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { applyChange, buildTicket, nextDeliveryAt, replaceDelivery, type ExternalSystem } from './apply-change';
import { migrate } from './sqlite-migrations';
import type { ExternalRecord, NewTicket, Ticket, TicketChange, TicketOutbox, TicketStore } from './types';

export interface SqliteTicketStoreOptions {
  /** The clock for createdAt, updatedAt and note times (tests pass a fixed one). */
  now?: () => Date;
  /** The systems each new ticket is delivered to: one pending ExternalRecord each. */
  externalSystems?: readonly ExternalSystem[];
  /** How long a write waits for another process's lock before failing (ms). */
  busyTimeoutMs?: number;
}

export type SqliteTicketStore = TicketStore & TicketOutbox & {
  /** The schema versions this open applied (empty when the file was current). */
  readonly migrationsApplied: readonly number[];
};

interface TicketRow {
  id: string;
  number: number;
  status: string;
  urgency: string;
  created_at: string;
  updated_at: string;
  version: number;
  description: string;
  contact: string;
  requester: string;
  triage: string;
  conversation: string;
  notes: string;
  external: string;
  assignee: string | null;
  channel_post: string | null;
  resolved_at: string | null;
  resolved_by: string | null;
}

function fromRow(r: TicketRow): Ticket {
  const t: Ticket = {
    id: r.id,
    number: r.number,
    requester: JSON.parse(r.requester) as Ticket['requester'],
    triage: JSON.parse(r.triage) as Ticket['triage'],
    description: r.description,
    urgency: r.urgency as Ticket['urgency'],
    contact: r.contact,
    status: r.status as Ticket['status'],
    notes: JSON.parse(r.notes) as Ticket['notes'],
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    conversation: JSON.parse(r.conversation) as Ticket['conversation'],
    external: JSON.parse(r.external) as Ticket['external'],
    version: r.version,
  };
  if (r.assignee !== null) t.assignee = JSON.parse(r.assignee) as Ticket['assignee'];
  if (r.channel_post !== null) t.channelPost = JSON.parse(r.channel_post) as Ticket['channelPost'];
  if (r.resolved_at !== null) t.resolvedAt = r.resolved_at;
  if (r.resolved_by !== null) t.resolvedBy = JSON.parse(r.resolved_by) as Ticket['resolvedBy'];
  return t;
}

const json = (v: unknown) => (v === undefined ? null : JSON.stringify(v));

/** The named parameters of the update: only the columns a change may touch. */
function changeParams(t: Ticket): Record<string, string | number | null> {
  return {
    id: t.id,
    status: t.status,
    updated_at: t.updatedAt,
    version: t.version,
    notes: JSON.stringify(t.notes),
    external: JSON.stringify(t.external),
    assignee: json(t.assignee),
    channel_post: json(t.channelPost),
    resolved_at: t.resolvedAt ?? null,
    resolved_by: json(t.resolvedBy),
    next_delivery_at: nextDeliveryAt(t) ?? null,
  };
}

/** The named parameters of the insert: every column (the paste is serialised only here). */
function toParams(t: Ticket): Record<string, string | number | null> {
  return {
    ...changeParams(t),
    number: t.number,
    requester_id: t.requester.id,
    urgency: t.urgency,
    created_at: t.createdAt,
    description: t.description,
    contact: t.contact,
    requester: JSON.stringify(t.requester),
    triage: JSON.stringify(t.triage),
    conversation: JSON.stringify(t.conversation),
  };
}

/** Opens (creating and migrating as needed) the ticket database at `file`; ':memory:' works too. */
export function openSqliteTicketStore(file: string, options: SqliteTicketStoreOptions = {}): SqliteTicketStore {
  const now = options.now ?? (() => new Date());
  const systems = options.externalSystems ?? [];
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const db = new Database(file, { timeout: options.busyTimeoutMs ?? 5000 });
  // WAL lets readers carry on while a writer commits; synchronous stays FULL (the default) because
  // a ticket someone was told about must survive a power cut, and tickets are few.
  db.pragma('journal_mode = WAL');
  const migrationsApplied = migrate(db);

  const byId = db.prepare<[string], TicketRow>('SELECT * FROM tickets WHERE id = ?');
  const byKey = db.prepare<[string], TicketRow>('SELECT * FROM tickets WHERE idempotency_key = ?');
  const byNumber = db.prepare<[number], TicketRow>('SELECT * FROM tickets WHERE number = ?');
  const byRequester = db.prepare<[string, number], TicketRow>('SELECT * FROM tickets WHERE requester_id = ? ORDER BY number DESC LIMIT ?');
  const countSince = db.prepare<[string, string], { n: number }>('SELECT count(*) AS n FROM tickets WHERE requester_id = ? AND created_at >= ?');
  const lastNumber = db.prepare<[], { n: number }>('SELECT coalesce(max(number), 0) AS n FROM tickets');
  const due = db.prepare<[string, number], TicketRow>(
    'SELECT * FROM tickets WHERE next_delivery_at IS NOT NULL AND next_delivery_at <= ? ORDER BY next_delivery_at, number LIMIT ?',
  );
  const insert = db.prepare(`
    INSERT INTO tickets (id, number, idempotency_key, requester_id, status, urgency, created_at, updated_at, version,
      description, contact, requester, triage, conversation, notes, external, assignee, channel_post, resolved_at,
      resolved_by, next_delivery_at)
    VALUES (@id, @number, @idempotency_key, @requester_id, @status, @urgency, @created_at, @updated_at, @version,
      @description, @contact, @requester, @triage, @conversation, @notes, @external, @assignee, @channel_post,
      @resolved_at, @resolved_by, @next_delivery_at)
    ON CONFLICT (idempotency_key) DO NOTHING`);
  // The version in the WHERE clause is the optimistic check; inside the transaction it always holds.
  const update = db.prepare(`
    UPDATE tickets SET status = @status, updated_at = @updated_at, version = @version, notes = @notes,
      external = @external, assignee = @assignee, channel_post = @channel_post, resolved_at = @resolved_at,
      resolved_by = @resolved_by, next_delivery_at = @next_delivery_at
    WHERE id = @id AND version = @version - 1`);
  const getSetting = db.prepare<[string], { value: string }>('SELECT value FROM settings WHERE key = ?');
  const putSetting = db.prepare<[string, string, string]>(
    'INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at',
  );
  const deleteSetting = db.prepare<[string]>('DELETE FROM settings WHERE key = ?');

  const create = db.transaction((input: NewTicket): { ticket: Ticket; created: boolean } => {
    const existing = byKey.get(input.idempotencyKey);
    if (existing) return { ticket: fromRow(existing), created: false };
    const ticket = buildTicket(input, randomUUID(), lastNumber.get()!.n + 1, now().toISOString(), systems);
    const { changes } = insert.run({ ...toParams(ticket), idempotency_key: input.idempotencyKey });
    // Unreachable while the lock is held, but the UNIQUE constraint is the guarantee, not the read.
    if (changes === 0) return { ticket: fromRow(byKey.get(input.idempotencyKey)!), created: false };
    return { ticket, created: true };
  });

  const write = (id: string, next: (t: Ticket) => Ticket | undefined): Ticket | undefined => {
    const row = byId.get(id);
    if (!row) return undefined;
    const before = fromRow(row);
    const after = next(before);
    if (after === undefined || after === before) return after;
    if (update.run(changeParams(after)).changes !== 1) throw new Error(`ticket ${id} changed under a write lock`);
    return after;
  };
  const change = db.transaction((id: string, c: TicketChange) => write(id, (t) => applyChange(t, c, now().toISOString())));
  const delivery = db.transaction((id: string, expected: ExternalRecord, next: ExternalRecord) =>
    write(id, (t) => replaceDelivery(t, expected, next)),
  );

  return {
    migrationsApplied,
    create: async (input) => create.immediate(input),
    get: async (id) => {
      const row = byId.get(id);
      return row && fromRow(row);
    },
    byNumber: async (n) => {
      const row = byNumber.get(n);
      return row && fromRow(row);
    },
    listByRequester: async (requesterId, limit) => (limit > 0 ? byRequester.all(requesterId, Math.floor(limit)).map(fromRow) : []),
    change: async (id, c) => change.immediate(id, c),
    countSince: async (requesterId, since) => countSince.get(requesterId, since.toISOString())!.n,
    getSetting: async <T>(key: string) => {
      const row = getSetting.get(key);
      return row && (JSON.parse(row.value) as T);
    },
    setSetting: async <T>(key: string, value: T) => {
      // undefined has no JSON form: storing it means forgetting the setting.
      if (value === undefined) deleteSetting.run(key);
      else putSetting.run(key, JSON.stringify(value), now().toISOString());
    },
    dueDeliveries: async (at, limit) => (limit > 0 ? due.all(at.toISOString(), Math.floor(limit)).map(fromRow) : []),
    updateDelivery: async (id, expected, next) => delivery.immediate(id, expected, next),
    close: async () => {
      if (db.open) db.close();
    },
  };
}
