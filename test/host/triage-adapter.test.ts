// The adapter's HTTP entry, on a real restify server: what botbuilder's CloudAdapter.process does
// for a turn (dates, replies in the response, status codes), without its per-request zod checks.
import { ConfigurationBotFrameworkAuthentication, type TurnContext } from 'botbuilder';
import * as restify from 'restify';
import { isActivityBody, TriageAdapter } from '../../src/host/triage-adapter';

let server: restify.Server;
let url: string;
let logic: (context: TurnContext) => Promise<void>;
const errors: unknown[] = [];

beforeAll(async () => {
  const adapter = new TriageAdapter(new ConfigurationBotFrameworkAuthentication({}));
  adapter.onTurnError = async (_context, error) => {
    throw error;
  };
  server = restify.createServer();
  server.use(restify.plugins.bodyParser({ mapParams: false }));
  server.post('/api/messages', async (req, res) => {
    if (!isActivityBody(req.body)) return res.send(400);
    await adapter.handle(req, res, (context) => logic(context), (e) => errors.push(e));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  url = `http://127.0.0.1:${(server.address() as { port: number }).port}/api/messages`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
beforeEach(() => {
  errors.length = 0;
});

const activity = (extra: Record<string, unknown> = {}) => ({
  type: 'message',
  id: 'a1',
  text: 'hello',
  channelId: 'msteams',
  serviceUrl: 'http://127.0.0.1:9/',
  from: { id: 'u1', name: 'User' },
  recipient: { id: 'bot', name: 'Bot' },
  conversation: { id: 'c1', conversationType: 'personal' },
  ...extra,
});

const post = async (body: unknown) => {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const text = await res.text();
  return { status: res.status, text };
};

test('the replies of an expectReplies turn come back in the response, in order', async () => {
  logic = async (context) => {
    await context.sendActivity(`you said ${context.activity.text}`);
    await context.sendActivity('second');
  };
  const r = await post(activity({ deliveryMode: 'expectReplies', text: '0x800B0004' }));
  expect(r.status).toBe(200);
  const replies = (JSON.parse(r.text) as { activities: { text: string }[] }).activities.map((a) => a.text);
  expect(replies).toEqual(['you said 0x800B0004', 'second']);
});

test('a turn that sends nothing is answered 200 with no body', async () => {
  logic = async () => {};
  const r = await post(activity());
  expect(r).toEqual({ status: 200, text: '' });
});

test('time stamps reach the turn as dates, with the text as sent kept beside them', async () => {
  let seen: Record<string, unknown> = {};
  logic = async (context) => {
    seen = { ...context.activity };
  };
  const sent = '2026-12-03T10:15:30.123+01:00';
  await post(activity({ timestamp: '2026-12-03T09:15:30.123Z', localTimestamp: sent }));
  expect(seen.timestamp).toBeInstanceOf(Date);
  expect((seen.timestamp as Date).toISOString()).toBe('2026-12-03T09:15:30.123Z');
  expect(seen.localTimestamp).toBeInstanceOf(Date);
  expect(seen.rawLocalTimestamp).toBe(sent);
  expect(seen.expiration).toBeUndefined();
});

test('a turn that fails past the error handler gets 500, is reported, and its message stays inside', async () => {
  logic = async () => {
    throw new Error('secret detail of the failure');
  };
  const r = await post(activity());
  expect(r.status).toBe(500);
  expect(r.text).not.toContain('secret detail');
  expect(errors).toHaveLength(1);
  expect(String(errors[0])).toContain('secret detail');
});

test.each([
  ['an array', [{ type: 'message' }]],
  ['an object without a type', { text: 'hello' }],
  ['a type that is not text', { type: 7 }],
])('%s is not an activity', (_what, body) => {
  expect(isActivityBody(body)).toBe(false);
});
