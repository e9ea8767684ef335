// The behaviour every InsightStore shows, run against a SQLite file and against Azure Table
// Storage (Azurite): events come back in time order with nothing added or lost, a gap keeps its
// first sample, retention deletes the old, and an alert is created by one instance only.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openAzureTableInsightStore } from '../../src/insights/azure-table-insight-store';
import { openSqliteInsightStore } from '../../src/insights/sqlite-insight-store';
import type { InsightStore, SpikeAlert, TriageEvent } from '../../src/insights/types';
import { startAzuriteTable, type AzuriteTable } from '../support/azurite';

jest.setTimeout(60_000);

let azurite: AzuriteTable;
let dir: string;
let n = 0;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'insights-'));
  azurite = await startAzuriteTable();
});
afterAll(async () => {
  await azurite?.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** Two instances on one fresh storage: a file, or a table. */
const harnesses: [string, () => Promise<[InsightStore, InsightStore]>][] = [
  ['SQLite', async () => {
    const file = join(dir, `insights-${++n}.sqlite`);
    return [openSqliteInsightStore(file), openSqliteInsightStore(file)];
  }],
  ['Azure Table Storage', async () => {
    const table = `insights${++n}x${process.pid}`;
    return Promise.all([1, 2].map(() => openAzureTableInsightStore({ connectionString: azurite.connectionString, table }))) as Promise<[InsightStore, InsightStore]>;
  }],
];

const T0 = Date.parse('2026-11-30T23:59:00Z');
const MIN = 60_000;
const event = (at: number, fields: Partial<TriageEvent> = {}): TriageEvent => ({ at, kind: 'identified', triage: `tr-${at}`, user: 'u1', code: '0x80072EFE', codeKind: 'hresult', article: 'network-connection-aborted', ...fields });
const alert = (fields: Partial<SpikeAlert> = {}): SpikeAlert => ({ family: 'winhttp', id: 'winhttp@1', openedAt: T0, lastAt: T0, users: 5, usual: 0, codes: ['0x80072EFE'], shared: [], followers: [], ...fields });

describe.each(harnesses)('%s: the InsightStore contract', (_name, open) => {
  let a: InsightStore;
  let b: InsightStore;
  beforeEach(async () => {
    [a, b] = await open();
  });
  afterEach(async () => {
    await a.close();
    await b.close();
  });

  test('events written by two instances come back whole, oldest first, across a day boundary', async () => {
    const outcome = event(T0 + 3 * MIN, { kind: 'outcome', cause: 'proxy-blocks', outcome: 'fixed', facts: { 'network-path': 'proxy' }, tenant: 'contoso' });
    await Promise.all([a.append([event(T0 + 2 * MIN), outcome]), b.append([event(T0 - MIN, { kind: 'started', code: undefined, codeKind: undefined, article: undefined })])]);
    const all = await a.read(T0 - 10 * MIN, T0 + 10 * MIN);
    expect(all).toEqual([event(T0 - MIN, { kind: 'started', code: undefined, codeKind: undefined, article: undefined }), event(T0 + 2 * MIN), outcome].map((e) => JSON.parse(JSON.stringify(e)) as TriageEvent));
    expect(await b.read(T0, T0 + 10 * MIN, { kinds: ['outcome'] })).toEqual([outcome]);
    // A lean read, for reports, leaves out the facts, the tenant and the code kind.
    const { facts: _f, tenant: _t, codeKind: _k, ...lean } = outcome;
    expect((await a.read(T0 + 3 * MIN, T0 + 4 * MIN, { lean: true }))).toEqual([lean]);
    // The end of a range is excluded, its start included.
    expect((await a.read(T0 + 2 * MIN, T0 + 3 * MIN)).map((e) => e.at)).toEqual([T0 + 2 * MIN]);
  });

  test('a gap keeps the first sample it was given', async () => {
    await a.append([event(T0, { article: undefined, gap: '0x80070BC9' })], [{ gap: '0x80070BC9', sample: 'first [user]', at: T0 }]);
    await b.append([event(T0 + MIN, { article: undefined, gap: '0x80070BC9' })], [{ gap: '0x80070BC9', sample: 'second', at: T0 + MIN }]);
    expect(await a.samples(['0x80070BC9', 'none'])).toEqual(new Map([['0x80070BC9', 'first [user]']]));
  });

  test('deleting before an instant removes older events, samples and alerts only', async () => {
    await a.append([event(T0 - 2 * 86_400_000), event(T0 - MIN), event(T0), event(T0 + MIN)], [{ gap: 'old', sample: 'x', at: T0 - 2 * 86_400_000 }, { gap: 'new', sample: 'y', at: T0 }]);
    const follower = { conversation: { id: 'chat-ana' }, serviceUrl: 'https://smba.example/', channelId: 'msteams' };
    await a.createAlert(alert({ family: 'old-spike', lastAt: T0 - MIN, followers: [follower], acknowledged: { by: 'Luis', at: T0 - MIN } }));
    await a.createAlert(alert({ family: 'new-spike', lastAt: T0 }));
    expect(await a.deleteBefore(T0)).toBe(2);
    expect((await b.listAlerts()).map((s) => s.alert.family)).toEqual(['new-spike']);
    expect((await b.read(0, T0 + 86_400_000)).map((e) => e.at)).toEqual([T0, T0 + MIN]);
    expect(await b.samples(['old', 'new'])).toEqual(new Map([['new', 'y']]));
  });

  test('of two instances creating one family’s alert, one wins; a stale replace is refused', async () => {
    const [ca, cb] = await Promise.all([a.createAlert(alert({ id: 'from-a' })), b.createAlert(alert({ id: 'from-b' }))]);
    expect([ca, cb].filter(Boolean)).toHaveLength(1);
    const read = (await b.getAlert('winhttp'))!;
    expect(read.alert.id).toBe((ca ?? cb)!.alert.id);
    const moved = await a.replaceAlert({ ...read.alert, users: 7 }, read.tag);
    expect(moved?.alert.users).toBe(7);
    expect(await b.replaceAlert({ ...read.alert, users: 6 }, read.tag)).toBeUndefined();
    expect((await b.listAlerts()).map((s) => [s.alert.family, s.alert.users])).toEqual([['winhttp', 7]]);
    expect(await a.getAlert('other')).toBeUndefined();
  });
});
