// Conversation and user state in one SQLite file: the embedded default, so that a restart (or a
// crash) loses nothing. botbuilder's Storage contract, eTags as MemoryStorage and BlobsStorage
// define them: a write with eTag "*" or none replaces, a write with another eTag must match the
// stored one, and every write gets a new eTag that read() returns in the item.
import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import type { Storage, StoreItems } from 'botbuilder';
import { ETagConflictError } from './etag-conflict';
import { isExpiringKey, type ExpiryOptions } from './expiry';

/**
 * The schema, one step a version; PRAGMA user_version says how many have run. Append, never edit:
 * a file written by this build must open in every later one.
 */
const MIGRATIONS: readonly string[] = [
  // 1. One row a key. written_at (ms since the epoch) drives expiry of the keys that expire.
  `CREATE TABLE items (
     key TEXT PRIMARY KEY,
     doc TEXT NOT NULL,
     etag TEXT NOT NULL,
     written_at INTEGER NOT NULL,
     expires INTEGER NOT NULL
   );
   CREATE INDEX items_expiring ON items (written_at) WHERE expires = 1;`,
];

/** The schema version this build writes. */
export const SCHEMA_VERSION = MIGRATIONS.length;

/** Another process (or a second connection) holding the write lock is waited for this long. */
const BUSY_TIMEOUT_MS = 5000;

export interface SqliteStorageOptions extends ExpiryOptions {
  /** The database file; its folder is created. */
  file: string;
}

interface PendingWrite {
  changes: StoreItems;
  writtenAt: number;
  resolve: () => void;
  reject: (e: unknown) => void;
}

interface Row {
  doc: string;
  etag: string;
  written_at: number;
  expires: number;
}

/** The file's schema version; refuses a file a newer build wrote, before changing anything. */
function schemaVersion(db: Database.Database): number {
  const version = db.pragma('user_version', { simple: true }) as number;
  if (version > SCHEMA_VERSION) {
    throw new Error(`${db.name} has state schema version ${version}, but this build knows only up to ${SCHEMA_VERSION}: run a newer build, or move the file away`);
  }
  return version;
}

function migrate(db: Database.Database): void {
  db.transaction(() => {
    // Read again under the write lock: another process opening the same file may have just migrated it.
    const version = schemaVersion(db);
    for (let v = version; v < SCHEMA_VERSION; v++) {
      db.exec(MIGRATIONS[v]!);
      db.pragma(`user_version = ${v + 1}`);
    }
  }).immediate();
}

export class SqliteStorage implements Storage {
  readonly file: string;
  private readonly db: Database.Database;
  private readonly now: () => Date;
  private readonly ttlMs: number;
  private readonly expires: (key: string) => boolean;
  private readonly readTx: (keys: string[], cutoff: number) => StoreItems;
  private readonly writeTx: Database.Transaction<(changes: StoreItems, writtenAt: number) => void>;
  private readonly deleteTx: Database.Transaction<(keys: string[]) => void>;
  private readonly deleteExpired: Database.Statement<[number]>;
  private readonly batchTx: Database.Transaction<(batch: readonly PendingWrite[]) => (Error | null)[]>;
  /** Writes waiting for the next commit (see write()). */
  private pending: PendingWrite[] = [];

  constructor(options: SqliteStorageOptions) {
    this.file = options.file;
    this.now = options.now ?? (() => new Date());
    this.ttlMs = options.ttlMs;
    this.expires = options.expires ?? isExpiringKey;
    mkdirSync(dirname(options.file), { recursive: true });
    const db = (this.db = new Database(options.file, { timeout: BUSY_TIMEOUT_MS }));
    try {
      schemaVersion(db);
      // WAL: readers never wait for the writer. NORMAL: a killed process loses nothing (the WAL is
      // in the OS cache); only a power cut can lose the last transactions, never corrupt the file.
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = NORMAL');
      // A checkpoint (copying the WAL into the file, with an fsync) every 4,000 pages rather than
      // 1,000: a quarter less write time a turn under load, for a WAL of at most about 16 MB.
      db.pragma('wal_autocheckpoint = 4000');
      migrate(db);
    } catch (e) {
      db.close();
      throw e;
    }
    const selectRow = db.prepare<[string], Row>('SELECT doc, etag, written_at, expires FROM items WHERE key = ?');
    const upsertRow = db.prepare<[{ key: string; doc: string; etag: string; writtenAt: number; expires: number }]>(
      `INSERT INTO items (key, doc, etag, written_at, expires) VALUES (@key, @doc, @etag, @writtenAt, @expires)
       ON CONFLICT (key) DO UPDATE SET doc = excluded.doc, etag = excluded.etag, written_at = excluded.written_at, expires = excluded.expires`,
    );
    const deleteRow = db.prepare<[string]>('DELETE FROM items WHERE key = ?');
    this.deleteExpired = db.prepare<[number]>('DELETE FROM items WHERE expires = 1 AND written_at < ?');
    const live = (row: Row | undefined, cutoff: number): row is Row => row !== undefined && !(row.expires === 1 && row.written_at < cutoff);

    // One transaction: every key is read from the same snapshot.
    this.readTx = db.transaction((keys: string[], cutoff: number) => {
      const items: StoreItems = {};
      for (const key of keys) {
        const row = selectRow.get(key);
        if (live(row, cutoff)) items[key] = { ...(JSON.parse(row.doc) as object), eTag: row.etag };
      }
      return items;
    });
    this.writeTx = db.transaction((changes: StoreItems, writtenAt: number) => {
      const cutoff = writtenAt - this.ttlMs;
      for (const [key, item] of Object.entries(changes)) {
        if (typeof item !== 'object' || item === null) throw new TypeError(`Storage: the item for "${key}" must be an object`);
        const { eTag, ...doc } = item as { eTag?: unknown };
        if (typeof eTag === 'string' && eTag !== '' && eTag !== '*') {
          // An item that is gone (deleted or expired) has changed since it was read, as in Azure.
          const row = selectRow.get(key);
          if (!live(row, cutoff) || row.etag !== eTag) throw new ETagConflictError(key);
        }
        upsertRow.run({ key, doc: JSON.stringify(doc), etag: randomUUID(), writtenAt, expires: this.expires(key) ? 1 : 0 });
      }
    });
    // Group commit: the writes of every turn that reached this point in one pass of the event loop
    // share one transaction, each in its own savepoint, so a stale eTag fails only its own write.
    // Under load, with several turns a pass, a write costs a third to a half less: they share the commit.
    this.batchTx = db.transaction((batch: readonly PendingWrite[]) =>
      batch.map((w) => {
        try {
          this.writeTx(w.changes, w.writtenAt);
          return null;
        } catch (e) {
          if (e instanceof ETagConflictError || e instanceof TypeError) return e;
          throw e;
        }
      }),
    );
    this.deleteTx = db.transaction((keys: string[]) => {
      for (const key of keys) deleteRow.run(key);
    });
  }

  /** Items written before this instant have expired (for the keys that expire). */
  private cutoff(): number {
    return this.now().getTime() - this.ttlMs;
  }

  async read(keys: string[]): Promise<StoreItems> {
    return this.readTx(keys, this.cutoff());
  }

  /**
   * Writes all the changes or, when one eTag is stale, none of them (ETagConflictError). Resolves
   * once the changes are committed.
   */
  write(changes: StoreItems): Promise<void> {
    return new Promise((resolve, reject) => {
      this.pending.push({ changes, writtenAt: this.now().getTime(), resolve, reject });
      if (this.pending.length === 1) setImmediate(() => this.flush());
    });
  }

  /** Commits the pending writes in one transaction and settles each one's promise. */
  private flush(): void {
    const batch = this.pending;
    if (batch.length === 0) return;
    this.pending = [];
    let results: (Error | null)[];
    try {
      // IMMEDIATE takes the write lock before the eTag checks, so no other connection (another
      // process on the same file) can slip a write in between a check and its write.
      results = this.batchTx.immediate(batch);
    } catch (e) {
      for (const w of batch) w.reject(e);
      return;
    }
    batch.forEach((w, i) => (results[i] ? w.reject(results[i]) : w.resolve()));
  }

  async delete(keys: string[]): Promise<void> {
    // A write asked for before this delete must not land after it.
    this.flush();
    this.deleteTx.immediate(keys);
  }

  /** Deletes the expired items; returns how many. */
  sweep(): number {
    return this.deleteExpired.run(this.cutoff()).changes;
  }

  /** Commits what is pending, then closes the file. */
  close(): void {
    if (!this.db.open) return;
    this.flush();
    this.db.close();
  }
}
