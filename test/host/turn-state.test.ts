// withTurnState writes only what a turn changed: most turns leave the user's remembered answers
// alone, and a turn that changes nothing (help, a stale click) writes nothing at all.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Storage, StoreItems } from 'botbuilder';
import { ttlMs } from '../../src/host/storage/expiry';
import { SqliteStorage } from '../../src/host/storage/sqlite-storage';
import { withTurnState } from '../../src/host/turn-state';

const KEYS = { conversation: 'msteams/conversations/c1', user: 'msteams/users/u1' };
type Conv = { step: number };
type User = { facts: Record<string, string> };
const initial = () => ({ conversation: { step: 0 }, user: { facts: {} } });

let tmp: string;
let sqlite: SqliteStorage;
/** The keys each write touched, in order. */
let writes: string[][];
let storage: Storage;

beforeEach(() => {
  tmp = mkdtempSync(join(tmpdir(), 'turn-state-'));
  sqlite = new SqliteStorage({ file: join(tmp, 'state.sqlite'), ttlMs: ttlMs(30) });
  writes = [];
  storage = {
    read: (keys) => sqlite.read(keys),
    write: (changes: StoreItems) => {
      writes.push(Object.keys(changes).sort());
      return sqlite.write(changes);
    },
    delete: (keys) => sqlite.delete(keys),
  };
});
afterEach(() => {
  sqlite.close();
  rmSync(tmp, { recursive: true, force: true });
});

const turn = (f: (c: Conv, u: User) => { conversation: Conv; user: User }) =>
  withTurnState<Conv, User, { conversation: Conv; user: User }>(storage, KEYS, initial, (s) => f(s.conversation, s.user));

test('a first turn that leaves the initial state alone stores nothing', async () => {
  await turn((c, u) => ({ conversation: c, user: u }));
  expect(writes).toEqual([]);
  expect(await sqlite.read([KEYS.conversation, KEYS.user])).toEqual({});
});

test('a turn that changes only the conversation does not write the user', async () => {
  await turn((c, u) => ({ conversation: { step: c.step + 1 }, user: u }));
  expect(writes).toEqual([[KEYS.conversation]]);
});

test('a turn that changes both writes both, in one write', async () => {
  await turn((c, u) => ({ conversation: { step: c.step + 1 }, user: { facts: { ...u.facts, proxy: 'yes' } } }));
  expect(writes).toEqual([[KEYS.conversation, KEYS.user].sort()]);
  const items = await sqlite.read([KEYS.conversation, KEYS.user]);
  expect(items[KEYS.conversation]).toMatchObject({ state: { step: 1 } });
  expect(items[KEYS.user]).toMatchObject({ state: { facts: { proxy: 'yes' } } });
});

test('a later turn that changes nothing writes nothing, and the stored state stays', async () => {
  await turn((c) => ({ conversation: { step: c.step + 1 }, user: { facts: { proxy: 'yes' } } }));
  writes = [];
  const seen: Array<{ c: Conv; u: User }> = [];
  await turn((c, u) => {
    seen.push({ c, u });
    return { conversation: { ...c }, user: { facts: { ...u.facts } } };
  });
  expect(writes).toEqual([]);
  expect(seen).toEqual([{ c: { step: 1 }, u: { facts: { proxy: 'yes' } } }]);
});
