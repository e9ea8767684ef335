// The storage the configuration asks for, its sweep of expired state, and what /healthz says.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { MemoryStorage, type Storage } from 'botbuilder';
import { loadConfig } from '../../src/config';
import type { Logger } from '../../src/host/logger';
import { startBot } from '../../src/host/start-bot';
import { createStorage, SQLITE_FILE } from '../../src/host/storage/create-storage';
import { ttlMs } from '../../src/host/storage/expiry';
import { SqliteStorage } from '../../src/host/storage/sqlite-storage';
import { storageHealth } from '../../src/host/storage/storage-health';
import { startSweeper } from '../../src/host/storage/sweeper';

const DAY = 24 * 60 * 60 * 1000;
const CONV = 'msteams/conversations/19:old@thread.tacv2;messageid=1';
const USER = 'msteams/users/29:ana';

let tmp: string;
beforeEach(() => {
  tmp = mkdtempSync(join(tmpdir(), 'create-storage-'));
});
afterEach(() => {
  rmSync(tmp, { recursive: true, force: true });
});

function recordingLogger() {
  const logs: { level: string; msg: string; fields?: Record<string, unknown> }[] = [];
  const logger: Logger = {
    info: (msg, fields) => logs.push({ level: 'info', msg, fields }),
    warn: (msg, fields) => logs.push({ level: 'warn', msg, fields }),
    error: (msg, fields) => logs.push({ level: 'error', msg, fields }),
  };
  return { logger, logs };
}

const config = (env: Record<string, string>) => {
  const { config, problems } = loadConfig(env);
  expect(problems).toEqual([]);
  return config;
};

test('SQLite is the default: DATA_DIR is created and holds state.sqlite', async () => {
  const dataDir = join(tmp, 'data', 'nested');
  const { logger } = recordingLogger();
  const handle = createStorage(config({ DATA_DIR: dataDir }), logger);
  expect(handle.kind).toBe('sqlite');
  expect(handle.describe).toBe(`SQLite ${join(dataDir, SQLITE_FILE)}`);
  await handle.storage.write({ [USER]: { facts: {} } });
  await handle.close();
  expect(existsSync(join(dataDir, SQLITE_FILE))).toBe(true);
  await expect(handle.storage.read([USER])).rejects.toThrow();
});

test('at start, conversation state older than STATE_TTL_DAYS is deleted and the count logged', async () => {
  const file = join(tmp, SQLITE_FILE);
  const then = new Date('2026-01-01T00:00:00Z');
  const old = new SqliteStorage({ file, ttlMs: ttlMs(7), now: () => then });
  await old.write({ [CONV]: { n: 1 }, [USER]: { n: 1 } });
  old.close();
  const { logger, logs } = recordingLogger();
  const handle = createStorage(config({ DATA_DIR: tmp, STATE_TTL_DAYS: '7' }), logger, { now: () => new Date(then.getTime() + 8 * DAY) });
  await handle.swept();
  await handle.close();
  const db = new Database(file, { readonly: true });
  expect(db.prepare('SELECT key FROM items').all()).toEqual([{ key: USER }]);
  db.close();
  expect(logs).toContainEqual({ level: 'info', msg: 'expired state deleted', fields: { storage: handle.describe, deleted: 1 } });
});

test('STORAGE=memory is botbuilder\'s MemoryStorage', async () => {
  const handle = createStorage(config({ STORAGE: 'memory' }), recordingLogger().logger);
  expect(handle.storage).toBeInstanceOf(MemoryStorage);
  expect(handle.describe).toMatch(/^memory/);
  await handle.close();
});

describe('the sweeper', () => {
  test('runs at once and then on its interval, one run at a time, and stop() waits for the run', async () => {
    let runs = 0;
    let active = 0;
    let overlapped = false;
    const { logger } = recordingLogger();
    const sweeper = startSweeper({
      sweep: async () => {
        runs += 1;
        active += 1;
        overlapped ||= active > 1;
        await new Promise((r) => setTimeout(r, 15));
        active -= 1;
        return 0;
      },
      everyMs: 5,
      logger,
      what: 'test',
    });
    expect(runs).toBe(1);
    await new Promise((r) => setTimeout(r, 100));
    await sweeper.stop();
    const after = runs;
    expect(after).toBeGreaterThan(2);
    expect(overlapped).toBe(false);
    expect(active).toBe(0);
    await new Promise((r) => setTimeout(r, 30));
    expect(runs).toBe(after);
  });

  test('a failed sweep is a warning, and the next one still runs', async () => {
    let runs = 0;
    const { logger, logs } = recordingLogger();
    const sweeper = startSweeper({
      sweep: () => {
        runs += 1;
        if (runs === 1) throw new Error('disk on fire');
        return 2;
      },
      everyMs: 5,
      logger,
      what: 'test',
    });
    await new Promise((r) => setTimeout(r, 40));
    await sweeper.stop();
    expect(logs[0]).toEqual({ level: 'warn', msg: 'could not delete expired state', fields: { storage: 'test', error: 'disk on fire' } });
    expect(logs[1]).toEqual({ level: 'info', msg: 'expired state deleted', fields: { storage: 'test', deleted: 2 } });
  });
});

describe('health', () => {
  test('/healthz reports the kind of storage, where it is, and that a read works', async () => {
    const { logger, logs } = recordingLogger();
    const bot = await startBot({ config: config({ PORT: '0', DATA_DIR: tmp }), logger });
    try {
      const body = (await (await fetch(`${bot.url}/healthz`)).json()) as { storage: Record<string, unknown> };
      expect(body.storage).toMatchObject({ kind: 'sqlite', describe: `SQLite ${join(tmp, SQLITE_FILE)}`, ok: true });
      expect(logs).toContainEqual({ level: 'info', msg: 'storage', fields: { storage: `SQLite ${join(tmp, SQLITE_FILE)}` } });
    } finally {
      await bot.close();
    }
    // Closing the bot closed the file: it opens again, with the outcome book's first read done.
    new SqliteStorage({ file: join(tmp, SQLITE_FILE), ttlMs: DAY }).close();
  });

  test('a failing storage is reported once a probe sees it, at most one probe every 10 s', async () => {
    let t = 0;
    let broken = false;
    let reads = 0;
    const storage: Storage = {
      read: async () => {
        reads += 1;
        if (broken) throw new Error('connect ECONNREFUSED 127.0.0.1:10000\n    at stack');
        return {};
      },
      write: async () => {},
      delete: async () => {},
    };
    const health = storageHealth(storage, 'azure', 'Azure Blob Storage http://127.0.0.1:10000/devstoreaccount1/c', () => new Date(t));
    expect(health.report()).toMatchObject({ ok: null, checkedAt: null }); // ...and starts a probe,
    await health.probe(); // which this joins
    expect(health.report()).toEqual({ kind: 'azure', describe: 'Azure Blob Storage http://127.0.0.1:10000/devstoreaccount1/c', ok: true, checkedAt: new Date(0).toISOString() });
    broken = true;
    t = 5_000;
    expect(health.report().ok).toBe(true);
    expect(reads).toBe(1); // none while the last probe is fresh
    t = 11_000;
    expect(health.report().ok).toBe(true); // this report starts a probe...
    await health.probe(); // ...which this joins
    expect(reads).toBe(2);
    expect(health.report()).toMatchObject({ ok: false, error: 'connect ECONNREFUSED 127.0.0.1:10000' });
  });
});
