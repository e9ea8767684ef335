// The SQLite ticket store: the shared contract, its migrations, WAL, and processes racing.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { migrate, MIGRATIONS } from '../../src/tickets/sqlite-migrations';
import { openSqliteTicketStore } from '../../src/tickets/sqlite-ticket-store';
import { describeTicketStoreContract } from './store-contract';
import { newTicket } from './ticket-fixtures';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'tickets-sqlite-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let files = 0;
const freshFile = () => join(dir, `t${++files}`, 'tickets.db');

describeTicketStoreContract('SQLite', {
  open: async (options) => {
    const file = freshFile();
    return { store: openSqliteTicketStore(file, options), again: async () => openSqliteTicketStore(file, options) };
  },
});

describe('SQLite schema and file', () => {
  test('a new file gets every migration, in WAL mode; reopening applies none', async () => {
    const file = freshFile();
    const first = openSqliteTicketStore(file);
    expect(first.migrationsApplied).toEqual(MIGRATIONS.map((m) => m.version));
    await first.create(newTicket('k1'));
    await first.close();
    const second = openSqliteTicketStore(file);
    expect(second.migrationsApplied).toEqual([]);
    expect((await second.byNumber(1))?.description).toBe(newTicket('k1').description);
    await second.close();
    const db = new Database(file, { readonly: true });
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
    db.close();
  });

  test('a file at schema 1 gets only step 2, which indexes its pending deliveries', async () => {
    const file = freshFile();
    // Write a ticket as a build with only migration 1 would have.
    const v1 = openSqliteTicketStore(file, { externalSystems: ['webhook'] });
    const { ticket } = await v1.create(newTicket('old'));
    await v1.close();
    const raw = new Database(file);
    raw.exec('DROP INDEX tickets_due; ALTER TABLE tickets DROP COLUMN next_delivery_at; PRAGMA user_version = 1;');
    raw.close();

    const v2 = openSqliteTicketStore(file);
    expect(v2.migrationsApplied).toEqual([2]);
    expect((await v2.dueDeliveries(new Date(ticket.createdAt), 10)).map((t) => t.id)).toEqual([ticket.id]);
    await v2.close();
  });

  test('migrate() applies only the steps after the file’s version, and refuses a newer file', () => {
    const db = new Database(':memory:');
    const steps = [
      { version: 1, sql: 'CREATE TABLE a (x INTEGER);' },
      { version: 2, sql: 'INSERT INTO a VALUES (2);' },
    ];
    expect(migrate(db, steps.slice(0, 1))).toEqual([1]);
    expect(migrate(db, steps)).toEqual([2]);
    expect(migrate(db, steps)).toEqual([]);
    expect(db.prepare('SELECT count(*) AS n FROM a').get()).toEqual({ n: 1 });
    expect(() => migrate(db, steps.slice(0, 1))).toThrow(/schema version 2, newer than this build's 1/);
    expect(() => migrate(db, [{ version: 2, sql: '' }])).toThrow(/numbered 1, 2, 3/);
    db.close();
  });

  test('a failing step leaves the file at the last good version', () => {
    const db = new Database(':memory:');
    migrate(db, [{ version: 1, sql: 'CREATE TABLE a (x INTEGER);' }]);
    const broken = [
      { version: 1, sql: 'CREATE TABLE a (x INTEGER);' },
      { version: 2, sql: 'CREATE TABLE b (y INTEGER);' },
      { version: 3, sql: 'THIS IS NOT SQL;' },
    ];
    expect(() => migrate(db, broken)).toThrow();
    expect(db.pragma('user_version', { simple: true })).toBe(1);
    expect(db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name = 'b'").get()).toEqual({ n: 0 });
    db.close();
  });

  test('an in-memory store works for development', async () => {
    const store = openSqliteTicketStore(':memory:');
    expect((await store.create(newTicket('m'))).ticket.number).toBe(1);
    await store.close();
  });

  test('four processes creating the same 60 tickets at once make exactly 60, numbered 1 to 60', async () => {
    const file = freshFile();
    await openSqliteTicketStore(file).close();
    const keys = Array.from({ length: 60 }, (_, i) => `proc-key-${i}`);
    const procs = [0, 1, 2, 3].map((p) => {
      // Each process walks the keys from a different start, half of them backwards, so they
      // collide on keys (SQLite's busy wait lets one process run ahead for a while; 60 keys are
      // enough for the others to catch up and interleave).
      const rotated = [...keys.slice(p * 15), ...keys.slice(0, p * 15)];
      const order = p % 2 ? rotated.reverse() : rotated;
      const proc = spawn(process.execPath, [require.resolve('tsx/cli'), join(__dirname, 'sqlite-race-child.ts'), file, ...order], { stdio: ['pipe', 'pipe', 'pipe'] });
      let out = '';
      let err = '';
      const ready = new Promise<void>((resolve) => {
        proc.stdout.on('data', (c: Buffer) => {
          out += c.toString();
          if (out.startsWith('ready\n')) resolve();
        });
      });
      proc.stderr.on('data', (c: Buffer) => (err += c.toString()));
      const done = new Promise<{ created: number; ids: Record<string, string> }>((resolve, reject) =>
        proc.once('exit', (code) => (code === 0 ? resolve(JSON.parse(out.slice('ready\n'.length)) as { created: number; ids: Record<string, string> }) : reject(new Error(err)))),
      );
      return { proc, ready, done };
    });
    await Promise.all(procs.map((p) => p.ready));
    for (const p of procs) p.proc.stdin.end('go\n');
    const runs = await Promise.all(procs.map((p) => p.done));
    expect(runs.reduce((n, r) => n + r.created, 0)).toBe(keys.length);
    for (const k of keys) expect(new Set(runs.map((r) => r.ids[k])).size).toBe(1);
    const db = new Database(file, { readonly: true });
    const numbers = db.prepare('SELECT number FROM tickets ORDER BY number').pluck().all();
    expect(numbers).toEqual(keys.map((_, i) => i + 1));
    db.close();
  }, 30_000);
});
