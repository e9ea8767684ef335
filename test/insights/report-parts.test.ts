// A report read from a store (SQLite's triage roll-up, Azure's events) gives exactly the figures of
// the report folded from every event of the period, whatever order the events arrived in: random
// triages, some out of order, some cut by the period's edges or by retention, on a fake clock.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openAzureTableInsightStore } from '../../src/insights/azure-table-insight-store';
import { buildReport, reportWindow, type Period, type ReportOptions } from '../../src/insights/build-report';
import { reportFromStore } from '../../src/insights/report-from-store';
import { openSqliteInsightStore } from '../../src/insights/sqlite-insight-store';
import type { EventKind, InsightStore, TriageEvent } from '../../src/insights/types';
import { startAzuriteTable, type AzuriteTable } from '../support/azurite';

jest.setTimeout(120_000);

const DAY = 86_400_000;
const MIN = 60_000;
const NOW = Date.parse('2026-12-03T12:00:00Z');

/** A small seeded generator (mulberry32): the same events on every run. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `triages` random triages over 100 days (most in the last ten, some running past now), plus pastes that began none. */
function randomEvents(seed: number, triages: number): TriageEvent[] {
  const r = random(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  const codes = ['0x80072EFE', '0x800B0004', '0x80070005', '0xC0000234', undefined];
  const causes = ['c1', 'c2', 'c3'];
  const events: TriageEvent[] = [];
  for (let t = 0; t < triages; t++) {
    const user = `u${Math.floor(r() * 40)}`;
    const triage = `conv-${t % 50}/t${t}`;
    let at = r() < 0.6 ? NOW - Math.floor(r() * 10 * DAY) : NOW - Math.floor(r() * 100 * DAY);
    const code = pick(codes);
    const gap = r() < 0.2 && code ? code : undefined;
    const steps: Partial<TriageEvent>[] = [{ kind: 'started' }, { kind: 'identified', ...(code ? { code } : {}), ...(gap ? { gap } : { article: 'art' }) }];
    for (let q = Math.floor(r() * 4); q > 0; q--) steps.push({ kind: 'answered', fact: 'network-path', value: 'proxy' });
    if (r() < 0.8) steps.push({ kind: 'results', article: 'art', cause: pick(causes) });
    for (let o = Math.floor(r() * 3); o > 0; o--) steps.push({ kind: 'outcome', article: pick(['art', 'art2', '']), cause: pick(causes), outcome: pick(['fixed', 'not-fixed'] as const) });
    if (r() < 0.15) steps.push({ kind: 'escalated' });
    if (r() < 0.1) steps.push({ kind: 'abandoned' });
    if (r() < 0.1) steps.push({ kind: 'identified', code: pick(codes.filter(Boolean)) });
    // Some triages lose their start (a later event comes first) or have their events shuffled.
    if (r() < 0.05) steps.shift();
    if (r() < 0.05) steps.reverse();
    for (const s of steps) {
      events.push({ at, triage, user, ...s } as TriageEvent);
      // Often the same millisecond, sometimes hours later: triages cross the periods' edges.
      at += r() < 0.3 ? 0 : r() < 0.9 ? Math.floor(r() * 20 * MIN) : Math.floor(r() * 2 * DAY);
    }
  }
  for (let i = 0; i < triages / 5; i++) {
    const at = NOW - Math.floor(r() * 20 * DAY);
    const kind: EventKind = r() < 0.7 ? 'unmatched' : 'identified';
    events.push({ at, kind, triage: '', user: `u${Math.floor(r() * 40)}`, gap: r() < 0.9 ? pick(['text:printer noise', 'text:vpn', '0x8024402C']) : '' });
  }
  // Arrival: in time order, but instances batch, so neighbours now and then arrive swapped.
  events.sort((a, b) => a.at - b.at);
  for (let i = 1; i < events.length; i++) {
    if (r() < 0.03) [events[i - 1], events[i]] = [events[i]!, events[i - 1]!];
  }
  return events;
}

/** Appends in batches of 1–40 events, alternating between two instances on the same storage. */
async function appendAll(stores: [InsightStore, InsightStore], events: readonly TriageEvent[], seed: number): Promise<void> {
  const r = random(seed);
  for (let i = 0, n = 0; i < events.length; n++) {
    const size = 1 + Math.floor(r() * 40);
    await stores[n % 2]!.append(events.slice(i, i + size));
    i += size;
  }
}

const periods: Period[] = [
  { from: Math.floor(NOW / DAY) * DAY, to: NOW, label: 'today' },
  { from: NOW - 7 * DAY, to: NOW, label: '7d' },
  { from: NOW - 30 * DAY, to: NOW, label: '30d' },
  { from: NOW - 90 * DAY, to: NOW, label: '90d' },
  // Ended three days ago: triages still going then, and events after its end.
  { from: NOW - 10 * DAY, to: NOW - 3 * DAY, label: '7d' },
];

/** The report as folded from every event the store holds for the period and the one before it. */
async function folded(store: InsightStore, period: Period, options?: ReportOptions) {
  return buildReport(await store.read(reportWindow(period).previousFrom, period.to), period, options);
}
/** A shorter idle time and longer lists than the defaults. */
const options: ReportOptions = { abandonAfterMs: 10 * MIN, top: 8 };

let dir: string;
let azurite: AzuriteTable;
let n = 0;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'report-parts-'));
  azurite = await startAzuriteTable();
});
afterAll(async () => {
  await azurite?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const harnesses: [string, number, () => Promise<[InsightStore, InsightStore]>][] = [
  ['SQLite', 800, async () => {
    const file = join(dir, `insights-${++n}.sqlite`);
    return [openSqliteInsightStore(file), openSqliteInsightStore(file)];
  }],
  ['Azure Table Storage', 250, async () => {
    const table = `reportparts${++n}x${process.pid}`;
    return Promise.all([1, 2].map(() => openAzureTableInsightStore({ connectionString: azurite.connectionString, table }))) as Promise<[InsightStore, InsightStore]>;
  }],
];

describe.each(harnesses)('%s', (_name, triages, open) => {
  let stores: [InsightStore, InsightStore];
  beforeEach(async () => {
    stores = await open();
  });
  afterEach(async () => {
    await Promise.all(stores.map((s) => s.close()));
  });

  test.each([1, 2])('the report from the store equals the one folded from every event (seed %i)', async (seed) => {
    await appendAll(stores, randomEvents(seed, triages), seed);
    for (const period of periods) {
      expect(await reportFromStore(stores[1], period)).toEqual(await folded(stores[0], period));
      expect(await reportFromStore(stores[0], period, options)).toEqual(await folded(stores[1], period, options));
    }
    // Not vacuous: the 30 days hold every kind of figure.
    const month = await folded(stores[0], periods[2]!);
    expect(month).toMatchObject({ empty: false, started: expect.any(Number), deflection: expect.any(Number), previousDeflection: expect.any(Number), medianMinutesToFixed: expect.any(Number), medianQuestions: expect.any(Number) });
    expect([month.started, month.fixed, month.escalated, month.abandoned, month.topErrors.length, month.failingCauses.length, month.gaps.length].every((x) => x > 0)).toBe(true);
  });

  test('after retention cut triages in two, the report still equals the folded one', async () => {
    await appendAll(stores, randomEvents(3, triages), 3);
    await stores[0].deleteBefore(NOW - 60 * DAY);
    await stores[1].append(randomEvents(4, triages / 10).filter((e) => e.at >= NOW - 60 * DAY));
    for (const period of periods) expect(await reportFromStore(stores[1], period)).toEqual(await folded(stores[0], period));
  });
});
