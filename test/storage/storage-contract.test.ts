// One contract, three storages: SQLite (the default), Azure Blob Storage (on Azurite) and
// botbuilder's MemoryStorage. What turn-state.ts relies on: eTags that change on every write, a
// stale one refused with an error isETagConflict() knows, "*" and no eTag overwriting.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MemoryStorage, type Storage, type StoreItem } from 'botbuilder';
import { BlobsStorage } from 'botbuilder-azure-blobs';
import { SqliteStorage } from '../../src/host/storage/sqlite-storage';
import { ttlMs } from '../../src/host/storage/expiry';
import { isETagConflict } from '../../src/host/storage/etag-conflict';
import { withTurnState } from '../../src/host/turn-state';
import { startAzurite, type Azurite } from '../support/azurite';

jest.setTimeout(30_000);

interface Backend {
  name: string;
  /** A fresh, empty store, and a second client of the same store (another bot instance). */
  open(): { storage: Storage; twin(): Storage };
  /** A write with an eTag to an item that does not exist: Azure refuses it (412), MemoryStorage creates it. */
  eTagOnMissing: 'conflict' | 'creates';
}

let azurite: Azurite;
const tmp = mkdtempSync(join(tmpdir(), 'storage-contract-'));
const toClose: SqliteStorage[] = [];
let opened = 0;

beforeAll(async () => {
  azurite = await startAzurite();
});
afterAll(async () => {
  for (const s of toClose) s.close();
  rmSync(tmp, { recursive: true, force: true });
  await azurite?.stop();
});

const backends: Backend[] = [
  {
    name: 'SQLite',
    eTagOnMissing: 'conflict',
    open() {
      const file = join(tmp, `state-${++opened}.sqlite`);
      const make = () => {
        const s = new SqliteStorage({ file, ttlMs: ttlMs(30) });
        toClose.push(s);
        return s;
      };
      return { storage: make(), twin: make };
    },
  },
  {
    name: 'Azure Blob Storage',
    eTagOnMissing: 'conflict',
    open() {
      const container = `contract-${++opened}`;
      const make = () => new BlobsStorage(azurite.connectionString, container);
      return { storage: make(), twin: make };
    },
  },
  {
    name: 'MemoryStorage',
    eTagOnMissing: 'creates',
    open() {
      const storage = new MemoryStorage();
      return { storage, twin: () => storage };
    },
  },
];

/** Teams conversation and user ids as they really come, and keys a sanitiser could confuse. */
const AWKWARD_KEYS = [
  'msteams/conversations/19:abc@thread.tacv2;messageid=123',
  'msteams/conversations/19:abc@thread.tacv2',
  'msteams/conversations/a:1Xz_-9vQ2-kLmN0pQrStUvWxYz',
  'msteams/users/29:1AbCdEfGhIjKlMnOpQrStUvWxYz-ÅÄÖ',
  'emulator/conversations/ключ 🙂 & ? # % + =',
  'helpdesk-triage/outcomes',
];

async function rejection(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (e) {
    return e;
  }
  throw new Error('expected the promise to reject');
}

describe.each(backends)('$name', (backend) => {
  let storage: Storage;
  let twin: () => Storage;
  beforeEach(() => {
    ({ storage, twin } = backend.open());
  });

  test('reading keys never written gives nothing', async () => {
    expect(await storage.read(['msteams/conversations/none', 'msteams/users/none'])).toEqual({});
    expect(await storage.read([])).toEqual({});
  });

  test('a written item reads back with an eTag', async () => {
    await storage.write({ 'msteams/users/u1': { facts: { proxy: 'yes' } } });
    const items = await storage.read(['msteams/users/u1', 'msteams/users/missing']);
    expect(Object.keys(items)).toEqual(['msteams/users/u1']);
    const item = items['msteams/users/u1'] as StoreItem;
    expect(item).toEqual({ facts: { proxy: 'yes' }, eTag: expect.any(String) });
    expect(item.eTag).not.toBe('*');
    expect(item.eTag!.length).toBeGreaterThan(0);
  });

  test('every write gives a new eTag, and a write with the current eTag succeeds', async () => {
    const key = 'msteams/conversations/c1';
    await storage.write({ [key]: { n: 1 } });
    const first = (await storage.read([key]))[key] as StoreItem;
    await storage.write({ [key]: { n: 2, eTag: first.eTag } });
    const second = (await storage.read([key]))[key] as StoreItem;
    expect(second.n).toBe(2);
    expect(second.eTag).not.toBe(first.eTag);
    await storage.write({ [key]: { n: 3, eTag: '*' } });
    const third = (await storage.read([key]))[key] as StoreItem;
    expect(third.eTag).not.toBe(second.eTag);
  });

  test('a write with a stale eTag fails with a conflict turn-state recognises, and changes nothing', async () => {
    const key = 'msteams/conversations/c2';
    await storage.write({ [key]: { n: 1 } });
    const stale = ((await storage.read([key]))[key] as StoreItem).eTag;
    await storage.write({ [key]: { n: 2, eTag: stale } });
    const error = await rejection(storage.write({ [key]: { n: 3, eTag: stale } }));
    expect(isETagConflict(error)).toBe(true);
    expect(String((error as Error).message)).toMatch(/eTag conflict/);
    expect((await storage.read([key]))[key]).toMatchObject({ n: 2 });
  });

  test('a write with a made-up eTag fails the same way', async () => {
    const key = 'msteams/conversations/c3';
    await storage.write({ [key]: { n: 1 } });
    expect(isETagConflict(await rejection(storage.write({ [key]: { n: 2, eTag: '"0x8DC0000000000000"' } })))).toBe(true);
  });

  test('"*" and a missing eTag both overwrite whatever is stored', async () => {
    const key = 'msteams/conversations/c4';
    await storage.write({ [key]: { n: 1 } });
    await storage.write({ [key]: { n: 2, eTag: '*' } });
    expect((await storage.read([key]))[key]).toMatchObject({ n: 2 });
    await storage.write({ [key]: { n: 3 } });
    expect((await storage.read([key]))[key]).toMatchObject({ n: 3 });
  });

  test(`a write with an eTag to an item that does not exist ${backend.eTagOnMissing === 'conflict' ? 'is a conflict (it changed: it is gone)' : 'creates it'}`, async () => {
    const key = 'msteams/conversations/never-written';
    const write = storage.write({ [key]: { n: 1, eTag: '"0x8DC0000000000001"' } });
    if (backend.eTagOnMissing === 'conflict') {
      expect(isETagConflict(await rejection(write))).toBe(true);
      expect(await storage.read([key])).toEqual({});
    } else {
      await write;
      expect((await storage.read([key]))[key]).toMatchObject({ n: 1 });
    }
  });

  test('deleted items are gone; deleting what is not there is fine', async () => {
    await storage.write({ 'msteams/conversations/d1': { n: 1 }, 'msteams/conversations/d2': { n: 2 } });
    await storage.delete(['msteams/conversations/d1', 'msteams/conversations/never']);
    expect(Object.keys(await storage.read(['msteams/conversations/d1', 'msteams/conversations/d2']))).toEqual(['msteams/conversations/d2']);
  });

  test('many keys in one write and one read', async () => {
    const changes = Object.fromEntries(Array.from({ length: 60 }, (_, i) => [`msteams/conversations/many-${i}`, { i }]));
    await storage.write(changes);
    const keys = [...Object.keys(changes), 'msteams/conversations/many-missing'];
    const items = await storage.read(keys);
    expect(Object.keys(items).sort()).toEqual(Object.keys(changes).sort());
    for (const [key, value] of Object.entries(changes)) expect(items[key]).toMatchObject(value);
  });

  test('nested objects round-trip as JSON, and what was written is a copy', async () => {
    const state = {
      started: 2,
      triage: {
        id: 't2',
        paste: 'Windows Update — 0x800B0004 «sin conexión» 日本語 ✓ "quoted" \\ back\nslash\ttab',
        candidates: [{ code: '0x800B0004', kind: 'hresult', article: 'trust-subject-not-trusted' }],
        chosen: null,
        facts: { proxy: 'yes', 'ssl-inspection': 'unknown' },
        asked: [],
        phase: 'asking',
        causeIndex: 0,
        tried: [{ cause: 'proxy-blocks-crl', outcome: 'not-fixed' }],
        flags: [true, false, null, 0, -1.5, 1e21],
      },
    };
    const written = structuredClone(state);
    await storage.write({ 'msteams/conversations/json': { state: written, savedAt: '2026-11-27T10:00:00.000Z' } });
    written.triage.facts.proxy = 'changed after the write';
    const { eTag, ...doc } = (await storage.read(['msteams/conversations/json']))['msteams/conversations/json'] as StoreItem;
    expect(typeof eTag).toBe('string');
    expect(doc).toEqual({ state, savedAt: '2026-11-27T10:00:00.000Z' });
  });

  test('keys with "/", ";", ":", "@", spaces and unicode each hold their own item', async () => {
    await storage.write(Object.fromEntries(AWKWARD_KEYS.map((key, i) => [key, { i, key }])));
    const items = await storage.read(AWKWARD_KEYS);
    expect(Object.keys(items).sort()).toEqual([...AWKWARD_KEYS].sort());
    AWKWARD_KEYS.forEach((key, i) => expect(items[key]).toMatchObject({ i, key }));
    await storage.delete([AWKWARD_KEYS[0]!]);
    expect(Object.keys(await storage.read(AWKWARD_KEYS))).toHaveLength(AWKWARD_KEYS.length - 1);
  });

  test('concurrent turns on two instances lose no update: the stale write is detected and the turn recomputed', async () => {
    const keys = { conversation: 'msteams/conversations/19:race@thread.tacv2;messageid=1', user: 'msteams/users/29:race' };
    // The conversation exists, as it does once a triage has started (its first write has no eTag to check).
    await storage.write({ [keys.conversation]: { state: { answers: [] }, savedAt: '' } });
    const instances = [storage, twin()];
    let computed = 0;
    const answers = ['a', 'b', 'c', 'd'];
    await Promise.all(
      answers.map((answer, i) =>
        withTurnState<{ answers: string[] }, { n: number }, { conversation: { answers: string[] }; user: { n: number } }>(
          instances[i % 2]!,
          keys,
          () => ({ conversation: { answers: [] }, user: { n: 0 } }),
          (state) => {
            computed += 1;
            return { conversation: { answers: [...state.conversation.answers, answer] }, user: { n: state.user.n + 1 } };
          },
        ),
      ),
    );
    const saved = (await storage.read([keys.conversation]))[keys.conversation] as { state: { answers: string[] } };
    expect([...saved.state.answers].sort()).toEqual(answers);
    // Four turns read the same state at once, so some writes were refused and those turns re-run.
    expect(computed).toBeGreaterThan(answers.length);
  });
});
