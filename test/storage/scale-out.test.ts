// Two bot processes behind one Azure Blob Storage (Azurite), as two instances behind a load
// balancer: a conversation moves between them, and turns racing on both lose nothing.
import { say, startBotProcess, type BotProcess } from '../support/bot-process';
import { startAzurite, startAzuriteTable, type Azurite, type AzuriteTable } from '../support/azurite';

jest.setTimeout(120_000);

let azurite: Azurite;
let tables: AzuriteTable;
let a: BotProcess;
let b: BotProcess;
beforeAll(async () => {
  [azurite, tables] = await Promise.all([startAzurite(), startAzuriteTable()]);
  // One account, as in Azure: state in blobs, tickets in a table.
  const tableEndpoint = /TableEndpoint=[^;]+;/.exec(tables.connectionString)![0];
  const env = { STORAGE: 'azure', AZURE_STORAGE_CONNECTION_STRING: `${azurite.connectionString}${tableEndpoint}`, AZURE_STORAGE_CONTAINER: 'scale-out' };
  const started = await Promise.allSettled([startBotProcess(env), startBotProcess(env)]);
  const failed = started.find((s) => s.status === 'rejected');
  if (failed) {
    await Promise.all(started.map((s) => (s.status === 'fulfilled' ? s.value.kill('SIGKILL') : null)));
    throw failed.reason;
  }
  [a, b] = started.map((s) => (s as PromiseFulfilledResult<BotProcess>).value) as [BotProcess, BotProcess];
});
afterAll(async () => {
  await Promise.all([a?.kill('SIGTERM'), b?.kill('SIGTERM')]);
  await Promise.all([azurite?.stop(), tables?.stop()]);
});
afterEach(() => {
  // A turn that failed (a conflict retried too often, say) would have logged an error and apologised.
  expect([...(a?.logs ?? []), ...(b?.logs ?? [])].filter((l) => l.level === 'error')).toEqual([]);
});

test('first turns on one instance, the next ones on the other: one triage', async () => {
  expect(await say(a, 'scale-1', '0x800B0004')).toEqual(['card: 0x800B0004 TRUST_E_SUBJECT_NOT_TRUSTED', 'card: Question 1 of at most 4']);
  expect(await say(a, 'scale-1', 'not sure')).toEqual(['card: Question 2 of at most 4']);
  expect(await say(b, 'scale-1', 'not sure')).toEqual(['card: Question 3 of at most 4']);
  expect(await say(a, 'scale-1', 'not sure')).toEqual(['card: Question 4 of at most 4']);
  expect(await say(b, 'scale-1', 'not sure')).toEqual(['card: Most likely causes']);
});

test('answers sent at once to both instances are each applied once, in some order', async () => {
  expect(await say(b, 'scale-2', '0x800B0004')).toEqual(['card: 0x800B0004 TRUST_E_SUBJECT_NOT_TRUSTED', 'card: Question 1 of at most 4']);
  // Four answers race. Without the eTag check two turns could both answer question 1 and one
  // answer would be lost; with it, the loser is recomputed from the winner's state.
  const replies = await Promise.all([a, b, a, b].map((bot) => say(bot, 'scale-2', 'not sure')));
  expect(replies.flat().sort()).toEqual([
    'card: Most likely causes',
    'card: Question 2 of at most 4',
    'card: Question 3 of at most 4',
    'card: Question 4 of at most 4',
  ]);
});

test('a ticket filed through one instance is the same ticket on the other (Azure Table Storage)', async () => {
  const send = async (bot: BotProcess, fields: Record<string, unknown>) => {
    const res = await fetch(`${bot.url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        type: 'message', id: `t-${Math.random()}`, channelId: 'msteams', serviceUrl: 'http://127.0.0.1:9', deliveryMode: 'expectReplies',
        from: { id: 'user-tk', name: 'Ana' }, recipient: { id: 'bot-1', name: 'Helpdesk Triage' }, conversation: { id: 'scale-tk', conversationType: 'personal' }, locale: 'en-US', ...fields,
      }),
    });
    return JSON.stringify(await res.json());
  };
  await send(a, { text: '0x800B0004' });
  const form = await send(a, { text: 'escalate' });
  const triageId = /"verb":"submit-ticket","triageId":"(t\d+)"/.exec(form)![1];
  const value = { verb: 'submit-ticket', triageId, description: 'Filed on instance A', urgency: 'normal', contact: '' };
  expect(await send(a, { value })).toContain('Ticket #1 is filed');
  // The same submit retried on the other instance finds the same ticket.
  expect(await send(b, { value })).toContain('This triage is already ticket #1');
  const mine = await send(b, { text: 'my tickets' });
  expect(mine).toContain('#1');
  expect(mine).toContain('Filed on instance A');
});

test('both instances stop cleanly on SIGTERM', async () => {
  expect(await Promise.all([a.kill('SIGTERM'), b.kill('SIGTERM')])).toEqual([
    { code: 0, signal: null },
    { code: 0, signal: null },
  ]);
});
