// The outbox over a real SQLite store and the local fakes: a connector down keeps the ticket
// pending with its attempts and next time, a connector back delivers it, a 400 gives up.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConnectorConfig } from '../../src/tickets/connectors/load-connector-config';
import { FIRST_RETRY_MS, MAX_RETRY_MS, OutboxWorker, retryDelayMs, runOutbox } from '../../src/tickets/outbox';
import { openSqliteTicketStore, type SqliteTicketStore } from '../../src/tickets/sqlite-ticket-store';
import type { Ticket } from '../../src/tickets/types';
import { startFakeJira, type FakeJira } from '../support/fake-jira';
import { startFakeServiceNow, type FakeServiceNow } from '../support/fake-servicenow';
import { startFakeWebhook, type FakeWebhook } from '../support/fake-webhook';
import { manualClock, newTicket } from './ticket-fixtures';

const SECRET = 'whsec-0123456789abcdef0123456789';
let sn: FakeServiceNow;
let jira: FakeJira;
let hook: FakeWebhook;
let dir: string;
let files = 0;
const stores: SqliteTicketStore[] = [];

beforeAll(async () => {
  [sn, jira, hook] = await Promise.all([startFakeServiceNow({ user: 'svc', password: 'pw' }), startFakeJira({ email: 'bot@contoso.com', apiToken: 'tok' }), startFakeWebhook(SECRET)]);
  dir = mkdtempSync(join(tmpdir(), 'tickets-outbox-'));
});
afterAll(async () => {
  await Promise.all([sn.close(), jira.close(), hook.close()]);
  rmSync(dir, { recursive: true, force: true });
});
beforeEach(() => Promise.all([sn, jira, hook].map((f) => f.setMode('up'))));
afterEach(async () => {
  await Promise.all(stores.splice(0).map((s) => s.close()));
});

function setup() {
  const { connectors, systems, problems } = loadConnectorConfig({
    SERVICENOW_INSTANCE: sn.url,
    SERVICENOW_USER: 'svc',
    SERVICENOW_PASSWORD: 'pw',
    JIRA_SITE: jira.url,
    JIRA_EMAIL: 'bot@contoso.com',
    JIRA_API_TOKEN: 'tok',
    JIRA_PROJECT: 'HELP',
    WEBHOOK_URL: hook.hookUrl,
    WEBHOOK_SECRET: SECRET,
    CONNECTOR_TIMEOUT_SECONDS: '2',
  });
  expect(problems).toEqual([]);
  const clock = manualClock();
  const file = join(dir, `outbox-${++files}.db`);
  const open = () => {
    const s = openSqliteTicketStore(file, { now: clock.now, externalSystems: systems });
    stores.push(s);
    return s;
  };
  return { connectors, clock, store: open(), open };
}

const record = (t: Ticket | undefined, system: string) => t?.external.find((r) => r.system === system);

test('a new ticket is filed in every configured system and not again', async () => {
  const { connectors, clock, store } = setup();
  const { ticket } = await store.create(newTicket('all'));
  const before = { sn: sn.incidents.length, jira: jira.issues.length, hook: hook.deliveries.length };
  expect(await runOutbox(store, connectors, clock.now())).toEqual({ sent: 3, retrying: 0, failed: 0, skipped: 0 });
  const t = await store.get(ticket.id);
  const incident = sn.incidents.at(-1)!;
  expect(t?.external).toEqual([
    { system: 'servicenow', state: 'sent', attempts: 1, externalId: incident.number, url: `${sn.url}/nav_to.do?uri=incident.do?sys_id=${incident.sys_id}` },
    { system: 'jira', state: 'sent', attempts: 1, externalId: jira.issues.at(-1)!.key, url: `${jira.url}/browse/${jira.issues.at(-1)!.key}` },
    { system: 'webhook', state: 'sent', attempts: 1, externalId: hook.deliveries.at(-1)!.id },
  ]);
  expect(await runOutbox(store, connectors, clock.advance(3_600_000))).toEqual({ sent: 0, retrying: 0, failed: 0, skipped: 0 });
  expect({ sn: sn.incidents.length, jira: jira.issues.length, hook: hook.deliveries.length }).toEqual({ sn: before.sn + 1, jira: before.jira + 1, hook: before.hook + 1 });
});

test('ServiceNow down: the ticket stays pending with attempts and backoff, and is filed once it is back', async () => {
  const { connectors, clock, store } = setup();
  await sn.setMode('refused');
  const { ticket } = await store.create(newTicket('down'));
  const t0 = clock.now().getTime();

  expect(await runOutbox(store, connectors, clock.now())).toMatchObject({ sent: 2, retrying: 1 });
  let r = record(await store.get(ticket.id), 'servicenow');
  expect(r).toMatchObject({ state: 'pending', attempts: 1, lastError: expect.stringMatching(/^ServiceNow could not be reached/) });
  const first = retryDelayMs(1, `${ticket.id}:servicenow`);
  expect(r?.nextAttemptAt).toBe(new Date(t0 + first).toISOString());

  // Not due yet: nothing is tried.
  const tried = sn.requests.length;
  clock.advance(first - 1000);
  expect(await runOutbox(store, connectors, clock.now())).toEqual({ sent: 0, retrying: 0, failed: 0, skipped: 0 });
  expect(sn.requests.length).toBe(tried);

  // Due and still down (now answering 503): the second wait is about twice the first.
  await sn.setMode('unavailable');
  clock.set(r!.nextAttemptAt!);
  expect(await runOutbox(store, connectors, clock.now())).toMatchObject({ retrying: 1 });
  r = record(await store.get(ticket.id), 'servicenow');
  expect(r).toMatchObject({ state: 'pending', attempts: 2, lastError: 'ServiceNow answered 503: ServiceNow is down for maintenance' });
  expect(Date.parse(r!.nextAttemptAt!) - clock.now().getTime()).toBe(retryDelayMs(2, `${ticket.id}:servicenow`));

  await sn.setMode('up');
  const filed = sn.incidents.length;
  clock.set(r!.nextAttemptAt!);
  expect(await runOutbox(store, connectors, clock.now())).toMatchObject({ sent: 1 });
  const incident = sn.incidents.at(-1)!;
  expect(sn.incidents.length).toBe(filed + 1);
  expect(record(await store.get(ticket.id), 'servicenow')).toEqual({
    system: 'servicenow', state: 'sent', attempts: 3, externalId: incident.number, url: `${sn.url}/nav_to.do?uri=incident.do?sys_id=${incident.sys_id}`,
  });
  expect(incident.fields.correlation_id).toBe(ticket.id);
});

test('a 400 is failed for good: recorded with the message and never retried', async () => {
  const { connectors, clock, store } = setup();
  const { ticket } = await store.create(newTicket('bad'));
  sn.answerNext({ status: 400, body: { error: { message: 'Invalid choice', detail: 'category software is not allowed' }, status: 'failure' } });
  expect(await runOutbox(store, connectors, clock.now())).toMatchObject({ sent: 2, failed: 1 });
  const r = record(await store.get(ticket.id), 'servicenow');
  expect(r).toEqual({ system: 'servicenow', state: 'failed', attempts: 1, lastError: 'ServiceNow answered 400: Invalid choice; category software is not allowed' });
  const tried = sn.requests.length;
  expect(await runOutbox(store, connectors, clock.advance(24 * 3_600_000))).toEqual({ sent: 0, retrying: 0, failed: 0, skipped: 0 });
  expect(sn.requests.length).toBe(tried);
  expect(await store.dueDeliveries(clock.now(), 10)).toEqual([]);
});

test('two instances running the outbox at once deliver each ticket once', async () => {
  const { connectors, clock, store, open } = setup();
  const other = open();
  const keys = ['x1', 'x2', 'x3'];
  for (const k of keys) await store.create(newTicket(k));
  const before = hook.deliveries.length;
  const [a, b] = await Promise.all([runOutbox(store, connectors, clock.now()), runOutbox(other, connectors, clock.now())]);
  expect(a.sent + b.sent).toBe(3 * keys.length);
  expect(a.skipped + b.skipped).toBe(3 * keys.length);
  expect(hook.deliveries.length - before).toBe(keys.length);
});

test('a system no longer configured is parked, not counted as an attempt', async () => {
  const { connectors, clock, store } = setup();
  const { ticket } = await store.create(newTicket('parked'));
  const webhookOnly = connectors.filter((c) => c.system === 'webhook');
  expect(await runOutbox(store, webhookOnly, clock.now())).toEqual({ sent: 1, retrying: 0, failed: 0, skipped: 2 });
  const jiraRecord = record(await store.get(ticket.id), 'jira');
  expect(jiraRecord).toEqual({
    system: 'jira', state: 'pending', attempts: 0, lastError: 'no jira connector is configured', nextAttemptAt: new Date(clock.now().getTime() + MAX_RETRY_MS).toISOString(),
  });
  // Configured again: delivered at the next due time.
  clock.set(jiraRecord!.nextAttemptAt!);
  expect(await runOutbox(store, connectors, clock.now())).toMatchObject({ sent: 2 });
});

test('a claimed delivery whose instance died is sent again once the lease runs out', async () => {
  const { connectors, clock, store } = setup();
  const { ticket } = await store.create(newTicket('lease'));
  const r = record(ticket, 'webhook')!;
  // An instance claimed it, then died before recording the outcome.
  await store.updateDelivery(ticket.id, r, { ...r, nextAttemptAt: new Date(clock.now().getTime() + 180_000).toISOString() });
  const webhook = connectors.filter((c) => c.system === 'webhook');
  expect(await runOutbox(store, webhook, clock.advance(60_000))).toMatchObject({ sent: 0 });
  expect(await runOutbox(store, webhook, clock.advance(120_000))).toMatchObject({ sent: 1 });
});

test('the backoff doubles from 30 s, is capped at 30 min, and its jitter is reproducible', () => {
  const delays = Array.from({ length: 10 }, (_, i) => retryDelayMs(i + 1, 'ticket:servicenow'));
  delays.slice(0, 6).forEach((d, i) => {
    expect(d).toBeGreaterThanOrEqual(0.8 * FIRST_RETRY_MS * 2 ** i);
    expect(d).toBeLessThanOrEqual(1.2 * FIRST_RETRY_MS * 2 ** i);
  });
  expect(Math.max(...delays)).toBeLessThanOrEqual(MAX_RETRY_MS);
  expect(delays.at(-1)).toBe(MAX_RETRY_MS);
  expect(retryDelayMs(3, 'ticket:servicenow')).toBe(delays[2]);
  expect(retryDelayMs(1, 'another:servicenow')).not.toBe(delays[0]);
});

test('the worker delivers soon after a kick and stops cleanly', async () => {
  const { connectors, store } = setup();
  const worker = new OutboxWorker(store, connectors, { intervalMs: 60_000 });
  const before = hook.deliveries.length;
  worker.start();
  const { ticket } = await store.create(newTicket('kick'));
  worker.kick();
  for (let i = 0; i < 100 && record(await store.get(ticket.id), 'webhook')?.state !== 'sent'; i += 1) await new Promise((r) => setTimeout(r, 20));
  await worker.stop();
  expect(record(await store.get(ticket.id), 'webhook')?.state).toBe('sent');
  expect(hook.deliveries.length).toBe(before + 1);
});
