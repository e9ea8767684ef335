// The InsightStore on one SQLite file (better-sqlite3), beside the state and the tickets in
// DATA_DIR. Events are rows of short columns rather than JSON documents, so that reading a
// quarter's million events for a report costs a column copy each, not a JSON parse.
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { migrate, type Migration } from '../tickets/sqlite-migrations';
import { AppendThread } from './threaded-append';
import { CURRENT, median, ReportParts, reportWindow, type CauseRow, type ReportTallies } from './build-report';
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
  {
    // Reports: one row a triage, folded as its events are inserted (by a trigger, so that every
    // instance writing the file keeps it), so that a quarter's report reads some 160,000 triages
    // rather than a million events. The fold is the report's (ReportParts): the first 'started' or
    // 'identified' begins the triage, the last 'identified' gives its code. It holds only while a
    // triage's events arrive in time order, its first one beginning it; otherwise the row is marked
    // irregular and the report folds that triage from its events. Rows already
    // there are all irregular: they age out with the retention period.
    version: 2,
    sql: `
      CREATE TABLE triages (
        triage     TEXT PRIMARY KEY,
        min_at     INTEGER NOT NULL,
        last_at    INTEGER NOT NULL,
        started_at INTEGER,
        user       TEXT,
        code       TEXT,
        questions  INTEGER NOT NULL,
        fixed_at   INTEGER,
        flags      INTEGER NOT NULL,
        irregular  INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX triages_by_start ON triages (started_at);
      CREATE INDEX events_outcomes ON events (article, cause, outcome, at) WHERE kind = 'outcome';
      CREATE INDEX events_gaps ON events (at) WHERE gap != '';
      INSERT INTO triages SELECT triage, min(at), max(at), NULL, NULL, NULL, 0, NULL, 0, 1 FROM events WHERE triage != '' GROUP BY triage;
      -- Flags as in build-report.ts: 2 escalated, 4 abandoned, 8 results shown.
      CREATE TRIGGER events_fold_triage AFTER INSERT ON events WHEN NEW.triage != '' BEGIN
        INSERT INTO triages (triage, min_at, last_at, started_at, user, code, questions, fixed_at, flags, irregular)
        VALUES (
          NEW.triage, NEW.at, NEW.at,
          CASE WHEN NEW.kind IN ('started', 'identified') THEN NEW.at END,
          CASE WHEN NEW.kind IN ('started', 'identified') THEN NEW.user END,
          CASE WHEN NEW.kind = 'identified' THEN NEW.code END,
          0, NULL, 0,
          NEW.kind NOT IN ('started', 'identified'))
        ON CONFLICT (triage) DO UPDATE SET
          min_at = min(min_at, NEW.at),
          last_at = max(last_at, NEW.at),
          code = CASE WHEN NEW.kind = 'identified' THEN NEW.code ELSE code END,
          questions = questions + (NEW.kind = 'answered'),
          fixed_at = coalesce(fixed_at, CASE WHEN NEW.kind = 'outcome' AND NEW.outcome = 'fixed' THEN NEW.at END),
          flags = flags | CASE NEW.kind WHEN 'escalated' THEN 2 WHEN 'abandoned' THEN 4 WHEN 'results' THEN 8 ELSE 0 END,
          irregular = irregular OR NEW.at < last_at;
      END;
    `,
  },
];

const COLUMNS = ['at', 'kind', 'triage', 'user', 'tenant', 'code', 'code_kind', 'article', 'cause', 'fact', 'value', 'facts', 'outcome', 'gap'] as const;
/** The event field of each column, in COLUMNS' order. */
const FIELDS = ['at', 'kind', 'triage', 'user', 'tenant', 'code', 'codeKind', 'article', 'cause', 'fact', 'value', 'facts', 'outcome', 'gap'] as const satisfies readonly (keyof TriageEvent)[];
/** Another connection holding the write lock is waited for this long. */
const BUSY_TIMEOUT_MS = 5000;
/** What a report reads: the rest stays on disk. */
const LEAN = ['at', 'kind', 'triage', 'user', 'code', 'article', 'cause', 'outcome', 'gap'] as const;
type Row = [number, string, string, string, ...(string | null)[]];
type EdgeRow = [number, EventKind, string, string, string | null, TriageEvent['outcome'] | null];

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

/** An event as its row; append-thread.mjs has the same mapping for the writer thread. */
function toParams(e: TriageEvent): (string | number | null)[] {
  return FIELDS.map((f) => {
    const v = e[f];
    if (v === undefined || v === null) return null;
    return typeof v === 'object' ? JSON.stringify(v) : v;
  });
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

/** LIMIT and OFFSET of the middle value of `n` sorted values, or of the two middle ones. */
const middle = (n: number) => ({ limit: n % 2 ? 1 : 2, offset: n % 2 ? (n - 1) / 2 : Math.max(0, n / 2 - 1) });

/** Opens (creating and migrating as needed) the insights database at `file`; ':memory:' works too. */
export function openSqliteInsightStore(file: string): InsightStore {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const db = new Database(file, { timeout: BUSY_TIMEOUT_MS });
  // WAL so a report reading a quarter does not hold up the turns appending; NORMAL because an
  // event lost to a power cut skews a statistic by one, nobody was promised it.
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  migrate(db, MIGRATIONS);

  const insertSql = `INSERT INTO events (${COLUMNS.join(', ')}) VALUES (${COLUMNS.map(() => '?').join(', ')})`;
  const insertSampleSql = 'INSERT INTO gap_samples (gap, sample, at) VALUES (?, ?, ?) ON CONFLICT (gap) DO NOTHING';
  const insert = db.prepare(insertSql);
  const insertSample = db.prepare<[string, string, number]>(insertSampleSql);
  const range = db.prepare<[number, number]>(`SELECT ${COLUMNS.join(', ')} FROM events WHERE at >= ? AND at < ? ORDER BY at`).raw(true);
  const leanRange = db.prepare<[number, number]>(`SELECT ${LEAN.join(', ')} FROM events WHERE at >= ? AND at < ? ORDER BY at`).raw(true);
  const sample = db.prepare<[string], { sample: string }>('SELECT sample FROM gap_samples WHERE gap = ?');
  const deleteEvents = db.prepare<[number]>('DELETE FROM events WHERE at < ?');
  // A triage that lost some events to retention is folded from those left, as a read would.
  const deleteTriages = db.prepare<[number]>('DELETE FROM triages WHERE last_at < ?');
  const markTriages = db.prepare<[number]>('UPDATE triages SET irregular = 1 WHERE min_at < ?');
  // Reports: the triages of both periods are the roll-up's regular rows that began in the window
  // and ended before its end, plus the edge triages folded from their events into a temporary table.
  // All of them: (started_at, last_at, fixed_at, flags, questions, user, code), flags without CURRENT.
  db.exec('CREATE TEMP TABLE report_edges (started_at INTEGER, last_at INTEGER, fixed_at INTEGER, flags INTEGER, questions INTEGER, user TEXT, code TEXT)');
  const clearEdges = db.prepare('DELETE FROM temp.report_edges');
  const insertEdge = db.prepare('INSERT INTO temp.report_edges VALUES (?, ?, ?, ?, ?, ?, ?)');
  const WINDOW = `(SELECT started_at, last_at, fixed_at, flags, questions, user, code FROM triages
      WHERE started_at >= :previousFrom AND started_at < :to AND last_at < :to AND irregular = 0
    UNION ALL SELECT started_at, last_at, fixed_at, flags, questions, user, code FROM temp.report_edges)`;
  /** Flags as in build-report.ts: 2 escalated, 4 abandoned, 8 results shown. */
  const tallyTriages = db.prepare(`SELECT
      count(*) FILTER (WHERE started_at >= :from) AS started,
      count(*) FILTER (WHERE started_at >= :from AND fixed_at IS NOT NULL) AS fixed,
      count(*) FILTER (WHERE started_at >= :from AND flags & 2) AS escalated,
      count(*) FILTER (WHERE started_at >= :from AND NOT flags & 2 AND fixed_at IS NULL AND (flags & 4 OR :to - last_at >= :abandonAfter)) AS abandoned,
      count(*) FILTER (WHERE started_at >= :from AND fixed_at IS NOT NULL AND NOT flags & 2) AS deflected,
      count(*) FILTER (WHERE started_at < :from) AS previous,
      count(*) FILTER (WHERE started_at < :from AND fixed_at IS NOT NULL AND NOT flags & 2) AS previousDeflected,
      count(*) FILTER (WHERE started_at >= :from AND flags & 8) AS withResults
    FROM ${WINDOW}`);
  const tallyErrors = db.prepare(`SELECT code, count(*) AS triages, count(fixed_at) AS fixed, count(DISTINCT user) AS users
    FROM ${WINDOW} WHERE started_at >= :from AND code != '' GROUP BY code`);
  const middleToFixed = db.prepare(`SELECT fixed_at - started_at FROM ${WINDOW} WHERE started_at >= :from AND fixed_at IS NOT NULL ORDER BY 1 LIMIT :limit OFFSET :offset`).pluck();
  const middleQuestions = db.prepare(`SELECT questions FROM ${WINDOW} WHERE started_at >= :from AND flags & 8 ORDER BY 1 LIMIT :limit OFFSET :offset`).pluck();
  /**
   * Triages the roll-up cannot give as the window sees them (irregular, going on past its end, or
   * begun before it), then their events, read by time over their span: few unless many triages
   * arrived out of order, and none in a report that ends now over triages that arrived in order.
   */
  db.exec('CREATE TEMP TABLE report_edge_ids (triage TEXT PRIMARY KEY) WITHOUT ROWID');
  const clearEdgeIds = db.prepare('DELETE FROM temp.report_edge_ids');
  const findEdges = db.prepare<{ previousFrom: number; to: number }>(`INSERT INTO temp.report_edge_ids SELECT triage FROM triages
    WHERE min_at < :to AND last_at >= :previousFrom AND (irregular OR last_at >= :to OR started_at < :previousFrom)`);
  const edgeSpan = db.prepare('SELECT min(min_at) AS first, max(last_at) AS last FROM triages WHERE triage IN temp.report_edge_ids');
  const edgeEvents = db
    .prepare<[number, number]>('SELECT at, kind, triage, user, code, outcome FROM events WHERE at >= ? AND at < ? AND triage IN temp.report_edge_ids ORDER BY at, rowid')
    .raw(true);
  const outcomes = db.prepare<[number, number]>(`SELECT article, cause, count(*) FILTER (WHERE outcome IS NOT 'fixed') AS notFixed, count(*) FILTER (WHERE outcome IS 'fixed') AS fixed
    FROM events INDEXED BY events_outcomes WHERE kind = 'outcome' AND at >= ? AND at < ? AND article != '' AND cause != '' GROUP BY article, cause`);
  const gapEvents = db.prepare<[number, number]>("SELECT kind, gap, user FROM events INDEXED BY events_gaps WHERE gap != '' AND at >= ? AND at < ? AND kind IN ('identified', 'unmatched') ORDER BY at, rowid").raw(true);
  const deleteSamples = db.prepare<[number]>('DELETE FROM gap_samples WHERE at < ?');
  // An alert holds its followers' conversations and agents' names: it goes with the events it counted.
  const deleteAlerts = db.prepare<[number]>("DELETE FROM alerts WHERE json_extract(doc, '$.lastAt') < ?");
  const getAlert = db.prepare<[string], { version: number; doc: string }>('SELECT version, doc FROM alerts WHERE family = ?');
  const allAlerts = db.prepare<[], { version: number; doc: string }>('SELECT version, doc FROM alerts ORDER BY family');
  const createAlert = db.prepare<[string, string]>('INSERT INTO alerts (family, version, doc) VALUES (?, 1, ?) ON CONFLICT (family) DO NOTHING');
  const replaceAlert = db.prepare<[string, string, number]>('UPDATE alerts SET doc = ?, version = version + 1 WHERE family = ? AND version = ?');

  const append = db.transaction((events: readonly TriageEvent[], samples: readonly GapSample[]) => {
    for (const e of events) insert.run(toParams(e));
    for (const s of samples) insertSample.run(s.gap, s.sample, s.at);
  });
  // A file's appends go to a thread of their own: a busy bot's turns do not wait on the inserts.
  // An in-memory database is one connection's own, so it stays on this thread.
  const thread = file === ':memory:' ? null : new AppendThread({ file, timeoutMs: BUSY_TIMEOUT_MS, insertSql, insertSampleSql, fields: FIELDS, fallback: (e, s) => append.immediate(e, s) });
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
      if (events.length === 0 && samples.length === 0) return;
      if (thread) await thread.append(events, samples);
      else append.immediate(events, samples);
    },
    read: async (from, to, options) => {
      if (options?.kinds) return byKind(options.kinds, from, to);
      // Row by row: no array of a million raw rows beside the million events.
      const out: TriageEvent[] = [];
      if (options?.lean) for (const r of leanRange.iterate(from, to)) out.push(fromLeanRow(r as Row));
      else for (const r of range.iterate(from, to)) out.push(fromRow(r as Row));
      return out;
    },
    reportTallies: async (period, options) => {
      const { previousFrom, from, to } = reportWindow(period);
      const read = db.transaction((): ReportTallies => {
        // The triages the roll-up cannot give, folded from their events, join the others in SQL.
        const edges = new ReportParts(period);
        clearEdgeIds.run();
        if (findEdges.run({ previousFrom, to }).changes > 0) {
          const span = edgeSpan.get() as { first: number; last: number };
          for (const [at, kind, triage, user, code, outcome] of edgeEvents.iterate(Math.max(previousFrom, span.first), Math.min(to, span.last + 1)) as IterableIterator<EdgeRow>) {
            const e: TriageEvent = { at, kind, triage, user };
            if (code !== null) e.code = code;
            if (outcome !== null) e.outcome = outcome;
            edges.addToTriage(e);
          }
        }
        clearEdges.run();
        const t = edges.triages;
        for (let i = 0; i < t.startedAt.length; i++) {
          insertEdge.run(t.startedAt[i]!, t.lastAt[i]!, Number.isNaN(t.fixedAt[i]!) ? null : t.fixedAt[i]!, t.flags[i]! & ~CURRENT, t.questions[i]!, t.user[i]!, t.code[i] ?? null);
        }
        const window = { previousFrom, from, to, abandonAfter: options.abandonAfterMs };
        const n = tallyTriages.get(window) as Omit<ReportTallies, 'unmatched' | 'errors' | 'causes' | 'gaps' | 'medianMinutesToFixed' | 'medianQuestions'> & { withResults: number };
        const gaps = new ReportParts(period);
        for (const [kind, gap, user] of gapEvents.iterate(from, to) as IterableIterator<['identified' | 'unmatched', string, string]>) gaps.gap(gap, kind, user);
        const { withResults, ...counts } = n;
        return {
          ...counts,
          unmatched: gaps.unmatched,
          errors: tallyErrors.all(window) as ReportTallies['errors'],
          causes: outcomes.all(from, to) as CauseRow[],
          gaps: [...gaps.gaps].map(([gap, r]) => ({ gap, kind: r.kind, count: r.count, users: r.users.size })),
          // The middle one or two values, as buildReport's median sees them.
          medianMinutesToFixed: median((middleToFixed.all({ ...window, ...middle(n.fixed) }) as number[]).map((ms) => ms / 60_000)),
          medianQuestions: median(middleQuestions.all({ ...window, ...middle(withResults) }) as number[]),
        };
      });
      // One read transaction: the figures agree with each other while turns append.
      return read.deferred();
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
        deleteAlerts.run(before);
        deleteTriages.run(before);
        markTriages.run(before);
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
      await thread?.close();
      if (db.open) db.close();
    },
  };
}
