// What only the SQLite storage promises: a versioned schema in a WAL file that survives reopening,
// all-or-nothing writes, and conversation state that expires on the clock it is given.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { StoreItem } from 'botbuilder';
import { ttlMs } from '../../src/host/storage/expiry';
import { SCHEMA_VERSION, SqliteStorage } from '../../src/host/storage/sqlite-storage';
import { isETagConflict } from '../../src/host/storage/etag-conflict';

const DAY = 24 * 60 * 60 * 1000;
const CONV = 'msteams/conversations/19:abc@thread.tacv2;messageid=123';
const USER = 'msteams/users/29:ana';
const OUTCOMES = 'helpdesk-triage/outcomes';

let tmp: string;
const opened: SqliteStorage[] = [];
beforeEach(() => {
  tmp = mkdtempSync(join(tmpdir(), 'sqlite-storage-'));
});
afterEach(() => {
  for (const s of opened.splice(0)) s.close();
  rmSync(tmp, { recursive: true, force: true });
});

/** A clock the test moves by hand. */
function fakeClock(start = '2026-03-01T09:00:00Z') {
  let t = new Date(start).getTime();
  return { now: () => new Date(t), advance: (ms: number) => (t += ms) };
}

function open(file = join(tmp, 'state.sqlite'), clock = fakeClock()) {
  const s = new SqliteStorage({ file, ttlMs: ttlMs(30), now: clock.now });
  opened.push(s);
  return s;
}

function rows(file: string): string[] {
  const db = new Database(file, { readonly: true });
  try {
    return (db.prepare('SELECT key FROM items ORDER BY key').all() as { key: string }[]).map((r) => r.key);
  } finally {
    db.close();
  }
}

test('creates its folder and a WAL database at the current schema version', () => {
  const file = join(tmp, 'nested', 'data', 'state.sqlite');
  open(file);
  const db = new Database(file, { readonly: true });
  expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
  expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
  db.close();
});

test('items and their eTags survive closing and reopening', async () => {
  const file = join(tmp, 'state.sqlite');
  const first = open(file);
  await first.write({ [CONV]: { state: { started: 1 } } });
  const before = (await first.read([CONV]))[CONV] as StoreItem;
  first.close();
  const again = open(file);
  expect((await again.read([CONV]))[CONV]).toEqual(before);
  // The eTag read before the restart still guards the item.
  await again.write({ [CONV]: { state: { started: 2 }, eTag: before.eTag } });
  await expect(again.write({ [CONV]: { state: { started: 3 }, eTag: before.eTag } })).rejects.toThrow(/eTag conflict/);
});

test('a file from a newer schema is refused with a message saying so, and left as it was', () => {
  const file = join(tmp, 'state.sqlite');
  const db = new Database(file);
  db.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
  db.close();
  expect(() => open(file)).toThrow(`has state schema version ${SCHEMA_VERSION + 1}, but this build knows only up to ${SCHEMA_VERSION}`);
  const check = new Database(file, { readonly: true });
  expect(check.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION + 1);
  check.close();
});

test('a write with one stale eTag writes none of its items', async () => {
  const s = open();
  await s.write({ [CONV]: { n: 1 }, [USER]: { n: 1 } });
  const stale = ((await s.read([CONV]))[CONV] as StoreItem).eTag;
  await s.write({ [CONV]: { n: 2, eTag: stale } });
  let error: unknown;
  try {
    await s.write({ [USER]: { n: 2, eTag: '*' }, [CONV]: { n: 3, eTag: stale } });
  } catch (e) {
    error = e;
  }
  expect(isETagConflict(error)).toBe(true);
  expect(error).toMatchObject({ statusCode: 412, key: CONV });
  const items = await s.read([CONV, USER]);
  expect(items[CONV]).toMatchObject({ n: 2 });
  expect(items[USER]).toMatchObject({ n: 1 });
});

test('an item that is not an object is refused', async () => {
  await expect(open().write({ [CONV]: 5 })).rejects.toThrow(/must be an object/);
});

describe('expiry (30 days, on a fake clock)', () => {
  test('conversation state not written for longer than the TTL is never read, then swept; user state and outcomes stay', async () => {
    const clock = fakeClock();
    const file = join(tmp, 'state.sqlite');
    const s = open(file, clock);
    await s.write({ [CONV]: { n: 1 }, [USER]: { facts: { proxy: 'yes' } }, [OUTCOMES]: { counts: {} } });
    clock.advance(30 * DAY);
    expect(Object.keys(await s.read([CONV, USER, OUTCOMES])).sort()).toEqual([OUTCOMES, CONV, USER].sort());
    expect(s.sweep()).toBe(0);
    clock.advance(1);
    expect(Object.keys(await s.read([CONV, USER, OUTCOMES])).sort()).toEqual([OUTCOMES, USER].sort());
    expect(rows(file)).toContain(CONV);
    expect(s.sweep()).toBe(1);
    expect(rows(file)).toEqual([OUTCOMES, USER].sort());
  });

  test('every write restarts the clock', async () => {
    const clock = fakeClock();
    const s = open(undefined, clock);
    await s.write({ [CONV]: { n: 1 } });
    clock.advance(20 * DAY);
    await s.write({ [CONV]: { n: 2 } });
    clock.advance(20 * DAY);
    expect(s.sweep()).toBe(0);
    expect((await s.read([CONV]))[CONV]).toMatchObject({ n: 2 });
  });

  test('an expired item is gone for writes too: its old eTag conflicts, "*" starts afresh', async () => {
    const clock = fakeClock();
    const s = open(undefined, clock);
    await s.write({ [CONV]: { n: 1 } });
    const eTag = ((await s.read([CONV]))[CONV] as StoreItem).eTag;
    clock.advance(31 * DAY);
    await expect(s.write({ [CONV]: { n: 2, eTag } })).rejects.toThrow(/eTag conflict/);
    await s.write({ [CONV]: { n: 3, eTag: '*' } });
    expect((await s.read([CONV]))[CONV]).toMatchObject({ n: 3 });
  });

  test('the keys that expire can be chosen', async () => {
    const clock = fakeClock();
    const s = new SqliteStorage({ file: join(tmp, 'all.sqlite'), ttlMs: DAY, now: clock.now, expires: () => true });
    opened.push(s);
    await s.write({ [CONV]: {}, [USER]: {}, [OUTCOMES]: {} });
    clock.advance(DAY + 1);
    expect(s.sweep()).toBe(3);
  });
});

describe('writes from many turns at once (one commit for all of them)', () => {
  test('every write lands, and each is readable once its own promise resolves', async () => {
    const s = open();
    const keys = Array.from({ length: 50 }, (_, i) => `msteams/conversations/c${i}`);
    await Promise.all(keys.map((key, i) => s.write({ [key]: { state: { i } } })));
    const items = await s.read(keys);
    keys.forEach((key, i) => expect(items[key]).toMatchObject({ state: { i } }));
  });

  test('a stale eTag among them fails only its own write', async () => {
    const s = open();
    await s.write({ [CONV]: { state: { v: 1 } } });
    const stale = (await s.read([CONV]))[CONV]!.eTag as string;
    await s.write({ [CONV]: { state: { v: 2 } } });
    const results = await Promise.allSettled([
      s.write({ [USER]: { facts: { proxy: 'yes' } } }),
      s.write({ [CONV]: { state: { v: 3 }, eTag: stale } }),
      s.write({ [OUTCOMES]: { counts: {} } }),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(isETagConflict((results[1] as PromiseRejectedResult).reason)).toBe(true);
    const items = await s.read([CONV, USER, OUTCOMES]);
    expect(items[CONV]).toMatchObject({ state: { v: 2 } });
    expect(items[USER]).toMatchObject({ facts: { proxy: 'yes' } });
    expect(items[OUTCOMES]).toBeDefined();
  });

  test('a delete asked for after a write is not undone by that write', async () => {
    const s = open();
    const written = s.write({ [CONV]: { state: { v: 1 } } });
    await s.delete([CONV]);
    await written;
    expect(await s.read([CONV])).toEqual({});
  });

  test('closing commits the writes still waiting', async () => {
    const file = join(tmp, 'state.sqlite');
    const s = new SqliteStorage({ file, ttlMs: ttlMs(30) });
    const written = s.write({ [CONV]: { state: { v: 1 } } });
    s.close();
    await written;
    expect(rows(file)).toEqual([CONV]);
    await expect(s.write({ [USER]: { facts: {} } })).rejects.toThrow();
  });
});
