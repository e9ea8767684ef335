// A long outage over HTTP with a fake clock: new people keep arriving window after window, and the
// alert card in the support channel counts all of them, not only the busiest half hour.
import { activity, post, startTestBot, type ConnectorCall, type TestBot } from '../support/bot-server';
import { fakeClock, inSupportChannel, personal, sqliteBackend, type Backend } from '../support/insights-harness';

jest.setTimeout(60_000);

const MIN = 60_000;
const CHANNEL_POSTS = '/v3/conversations/19%3Asupport%40thread.tacv2/activities';
let backend: Backend;
let bot: TestBot;
const clock = fakeClock('2026-12-02T08:00:00Z');

beforeAll(async () => {
  backend = await sqliteBackend();
  bot = await startTestBot({ ...backend.env, SUPPORT_AGENTS: 'agent-lead' }, { now: clock.now });
});
afterAll(async () => {
  await bot?.close();
  await backend?.stop();
});

const cardText = (c: ConnectorCall) => JSON.stringify(c.body);
async function pastes(users: string[]) {
  for (const user of users) {
    clock.advance(2 * MIN);
    await post(bot, activity(bot, { text: '0x80072EFE when updating, behind the office proxy', ...personal(user) }));
    await bot.insights.idle();
  }
}

test('an outage that brings five new people every half hour shows ten people after an hour, not five', async () => {
  await post(bot, activity(bot, { text: 'set support channel', ...inSupportChannel('agent-lead') }));
  await pastes(['p1', 'p2', 'p3', 'p4', 'p5']);
  const posted = bot.calls.filter((c) => c.method === 'POST' && c.path === CHANNEL_POSTS && cardText(c).includes('Possible outage'));
  expect(posted).toHaveLength(1);
  expect(cardText(posted[0]!)).toContain('Possible outage: 5 people hit network connection (WinHTTP/WinINet) errors within 30 minutes');

  // Half an hour later the first five are out of the window; five others arrive.
  clock.advance(30 * MIN);
  const mark = bot.calls.length;
  await pastes(['p6', 'p7', 'p8', 'p9', 'p10']);
  const updates = bot.calls.slice(mark).filter((c) => c.method === 'PUT' && c.path.startsWith(`${CHANNEL_POSTS}/`));
  expect(updates.length).toBeGreaterThan(0);
  expect(cardText(updates.at(-1)!)).toContain('Possible outage: 10 people have hit network connection (WinHTTP/WinINet) errors since 08:02 UTC');
  // Still one alert card.
  expect(bot.calls.filter((c) => c.method === 'POST' && c.path === CHANNEL_POSTS && cardText(c).includes('Possible outage'))).toHaveLength(1);
});
