// The InsightStore on one SQLite file (better-sqlite3), beside the state and the tickets in
// DATA_DIR. Events are rows of short columns rather than JSON documents, so that reading a
// quarter's million events for a report costs a column copy each, not a JSON parse.
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { migrate, type Migration } from '../tickets/sqlite-migrations';
import type { EventKind, GapSample, InsightStore, SpikeAlert, StoredAlert, TriageEvent } from './types';

/** Numbered steps, only ever appended (see src/tickets/sqlite-migrations.ts). */
const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    sql: `
      CREATE TABLE events (
        at        INTEGER NOT NULL,
        kind      TEXT NOT NULL,
        triage    TEXT NOT NULL,
        user      TEXT NOT NULL,
        tenant    TEXT,
        code      TEXT,
        code_kind TEXT,
        article   TEXT,
        cause     TEXT,
        fact      TEXT,
        value     TEXT,
        facts     TEXT CHECK (facts IS NULL OR json_valid(facts)),
        outcome   TEXT,
        gap       TEXT
      ) STRICT;
      CREATE INDEX events_by_time ON events (at);
      CREATE INDEX events_by_kind ON events (kind, at);
      CREATE TABLE gap_samples (
        gap    TEXT PRIMARY KEY,
        sample TEXT NOT NULL,
        at     INTEGER NOT NULL
      ) STRICT;
      CREATE TABLE alerts (
        family  TEXT PRIMARY KEY,
        version INTEGER NOT NULL,
        doc     TEXT NOT NULL CHECK (json_valid(doc))
      ) STRICT;
    `,
  },
];

const COLUMNS = ['at', 'kind', 'triage', 'user', 'tenant', 'code', 'code_kind', 'article', 'cause', 'fact', 'value', 'facts', 'outcome', 'gap'] as const;
/** What a report reads: the rest stays on disk. */
const LEAN = ['at', 'kind', 'triage', 'user', 'code', 'article', 'cause', 'outcome', 'gap'] as const;
type Row = [number, string, string, string, ...(string | null)[]];

/** A lean row back into an event, leaving out the columns that are null. */
function fromLeanRow(r: Row): TriageEvent {
  const e: TriageEvent = { at: r[0], kind: r[1] as EventKind, triage: r[2], user: r[3] };
  if (r[4] !== null) e.code = r[4]!;
  if (r[5] !== null) e.article = r[5]!;
  if (r[6] !== null) e.cause = r[6]!;
  if (r[7] !== null) e.outcome = r[7] as TriageEvent['outcome'];
  if (r[8] !== null) e.gap = r[8]!;
  return e;
}

function toParams(e: TriageEvent): (string | number | null)[] {
  return [e.at, e.kind, e.triage, e.user, e.tenant ?? null, e.code ?? null, e.codeKind ?? null, e.article ?? null, e.cause ?? null, e.fact ?? null, e.value ?? null, e.facts ? JSON.stringify(e.facts) : null, e.outcome ?? null, e.gap ?? null];
}

/** A row back into an event, leaving out the columns that are null. */
function fromRow(r: Row): TriageEvent {
  const e: TriageEvent = { at: r[0], kind: r[1] as EventKind, triage: r[2], user: r[3] };
  if (r[4] !== null) e.tenant = r[4]!;
  if (r[5] !== null) e.code = r[5]!;
  if (r[6] !== null) e.codeKind = r[6] as TriageEvent['codeKind'];
  if (r[7] !== null) e.article = r[7]!;
  if (r[8] !== null) e.cause = r[8]!;
  if (r[9] !== null) e.fact = r[9]!;
  if (r[10] !== null) e.value = r[10]!;
  if (r[11] !== null) e.facts = JSON.parse(r[11]!) as Record<string, string>;
  if (r[12] !== null) e.outcome = r[12] as TriageEvent['outcome'];
  if (r[13] !== null) e.gap = r[13]!;
  return e;
}

/** Opens (creating and migrating as needed) the insights database at `file`; ':memory:' works too. */
export function openSqliteInsightStore(file: string): InsightStore {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const db = new Database(file, { timeout: 5000 });
  // WAL so a report reading a quarter does not hold up the turns appending; NORMAL because an
  // event lost to a power cut skews a statistic by one, nobody was promised it.
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  migrate(db, MIGRATIONS);

  const insert = db.prepare(`INSERT INTO events (${COLUMNS.join(', ')}) VALUES (${COLUMNS.map(() => '?').join(', ')})`);
  const insertSample = db.prepare<[string, string, number]>('INSERT INTO gap_samples (gap, sample, at) VALUES (?, ?, ?) ON CONFLICT (gap) DO NOTHING');
  const range = db.prepare<[number, number]>(`SELECT ${COLUMNS.join(', ')} FROM events WHERE at >= ? AND at < ? ORDER BY at`).raw(true);
  const leanRange = db.prepare<[number, number]>(`SELECT ${LEAN.join(', ')} FROM events WHERE at >= ? AND at < ? ORDER BY at`).raw(true);
  const sample = db.prepare<[string], { sample: string }>('SELECT sample FROM gap_samples WHERE gap = ?');
  const deleteEvents = db.prepare<[number]>('DELETE FROM events WHERE at < ?');
  const deleteSamples = db.prepare<[number]>('DELETE FROM gap_samples WHERE at < ?');
  const getAlert = db.prepare<[string], { version: number; doc: string }>('SELECT version, doc FROM alerts WHERE family = ?');
  const allAlerts = db.prepare<[], { version: number; doc: string }>('SELECT version, doc FROM alerts ORDER BY family');
  const createAlert = db.prepare<[string, string]>('INSERT INTO alerts (family, version, doc) VALUES (?, 1, ?) ON CONFLICT (family) DO NOTHING');
  const replaceAlert = db.prepare<[string, string, number]>('UPDATE alerts SET doc = ?, version = version + 1 WHERE family = ? AND version = ?');

  const append = db.transaction((events: readonly TriageEvent[], samples: readonly GapSample[]) => {
    for (const e of events) insert.run(toParams(e));
    for (const s of samples) insertSample.run(s.gap, s.sample, s.at);
  });
  const stored = (row: { version: number; doc: string }): StoredAlert => ({ alert: JSON.parse(row.doc) as SpikeAlert, tag: String(row.version) });
  /** Some kinds only, through the kind index; one statement per set of kinds, prepared once. */
  const kindQueries = new Map<string, Database.Statement>();
  const byKind = (kinds: readonly EventKind[], from: number, to: number): TriageEvent[] => {
    let q = kindQueries.get(kinds.join());
    if (!q) {
      q = db.prepare(`SELECT ${COLUMNS.join(', ')} FROM events WHERE kind IN (${kinds.map(() => '?').join(', ')}) AND at >= ? AND at < ? ORDER BY at`).raw(true);
      kindQueries.set(kinds.join(), q);
    }
    return (q.all(...kinds, from, to) as Row[]).map(fromRow);
  };

  return {
    append: async (events, samples = []) => {
      if (events.length > 0 || samples.length > 0) append.immediate(events, samples);
    },
    read: async (from, to, options) => {
      if (options?.kinds) return byKind(options.kinds, from, to);
      // Row by row: no array of a million raw rows beside the million events.
      const out: TriageEvent[] = [];
      if (options?.lean) for (const r of leanRange.iterate(from, to)) out.push(fromLeanRow(r as Row));
      else for (const r of range.iterate(from, to)) out.push(fromRow(r as Row));
      return out;
    },
    samples: async (gaps) => {
      const found = new Map<string, string>();
      for (const g of gaps) {
        const row = sample.get(g);
        if (row) found.set(g, row.sample);
      }
      return found;
    },
    deleteBefore: async (before) =>
      db.transaction(() => {
        deleteSamples.run(before);
        return deleteEvents.run(before).changes;
      }).immediate(),
    getAlert: async (family) => {
      const row = getAlert.get(family);
      return row && stored(row);
    },
    createAlert: async (alert) => (createAlert.run(alert.family, JSON.stringify(alert)).changes === 1 ? { alert, tag: '1' } : undefined),
    replaceAlert: async (alert, tag) =>
      replaceAlert.run(JSON.stringify(alert), alert.family, Number(tag)).changes === 1 ? { alert, tag: String(Number(tag) + 1) } : undefined,
    listAlerts: async () => allAlerts.all().map(stored),
    close: async () => {
      if (db.open) db.close();
    },
  };
}
