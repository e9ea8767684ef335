// The ticket database's schema as numbered steps. A file records the last step it has in
// PRAGMA user_version; opening applies the later steps, in order, in one transaction. Steps are
// only ever appended: a released step is never edited, a change is a new step.
import type Database from 'better-sqlite3';

export interface Migration {
  version: number;
  sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    sql: `
      CREATE TABLE tickets (
        id              TEXT PRIMARY KEY,
        number          INTEGER NOT NULL UNIQUE,
        idempotency_key TEXT NOT NULL UNIQUE,
        requester_id    TEXT NOT NULL,
        status          TEXT NOT NULL,
        urgency         TEXT NOT NULL,
        created_at      TEXT NOT NULL,
        updated_at      TEXT NOT NULL,
        version         INTEGER NOT NULL,
        description     TEXT NOT NULL,
        contact         TEXT NOT NULL,
        requester       TEXT NOT NULL CHECK (json_valid(requester)),
        triage          TEXT NOT NULL CHECK (json_valid(triage)),
        conversation    TEXT NOT NULL CHECK (json_valid(conversation)),
        notes           TEXT NOT NULL CHECK (json_valid(notes)),
        external        TEXT NOT NULL CHECK (json_valid(external)),
        assignee        TEXT CHECK (assignee IS NULL OR json_valid(assignee)),
        channel_post    TEXT CHECK (channel_post IS NULL OR json_valid(channel_post)),
        resolved_at     TEXT,
        resolved_by     TEXT CHECK (resolved_by IS NULL OR json_valid(resolved_by))
      ) STRICT;
      CREATE INDEX tickets_by_requester ON tickets (requester_id, number DESC);
      CREATE TABLE settings (
        key        TEXT PRIMARY KEY,
        value      TEXT NOT NULL CHECK (json_valid(value)),
        updated_at TEXT NOT NULL
      ) STRICT;
    `,
  },
  {
    // The outbox's index: the earliest due attempt of a ticket's pending deliveries, so that
    // finding work is an index range scan rather than a pass over every ticket's JSON.
    version: 2,
    sql: `
      ALTER TABLE tickets ADD COLUMN next_delivery_at TEXT;
      UPDATE tickets SET next_delivery_at = (
        SELECT min(coalesce(json_extract(e.value, '$.nextAttemptAt'), tickets.created_at))
        FROM json_each(tickets.external) AS e
        WHERE json_extract(e.value, '$.state') = 'pending'
      );
      CREATE INDEX tickets_due ON tickets (next_delivery_at) WHERE next_delivery_at IS NOT NULL;
    `,
  },
];

/**
 * Brings the database to the last of `migrations` and returns the versions it applied (none when
 * it was current). Refuses a file written by a newer build rather than guess at its schema.
 */
export function migrate(db: Database.Database, migrations: readonly Migration[] = MIGRATIONS): number[] {
  migrations.forEach((m, i) => {
    if (m.version !== i + 1) throw new Error(`migration ${i + 1} is numbered ${m.version}: steps must be numbered 1, 2, 3… in order`);
  });
  const latest = migrations.length;
  // IMMEDIATE takes the write lock before reading user_version, so two processes opening one new
  // file cannot both apply the same step.
  const run = db.transaction((): number[] => {
    const current = db.pragma('user_version', { simple: true }) as number;
    if (current > latest) {
      throw new Error(`the ticket database is at schema version ${current}, newer than this build's ${latest}: run a newer build`);
    }
    const applied: number[] = [];
    for (const m of migrations.slice(current)) {
      db.exec(m.sql);
      db.pragma(`user_version = ${m.version}`);
      applied.push(m.version);
    }
    return applied;
  });
  return run.immediate();
}
