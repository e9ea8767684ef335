// Learning from outcomes over HTTP: when the first cause's steps keep failing and the second's keep
// fixing the error, the next person sees the second cause first. The outcomes travel as events.
import { activity, post, startTestBot, submits, type TestBot } from '../support/bot-server';
import { personal, toResults } from '../support/insights-harness';

let bot: TestBot;
beforeAll(async () => {
  bot = await startTestBot({ STORAGE: 'memory' });
});
afterAll(async () => bot?.close());

/** The cause whose steps a results reply shows ("Steps for: …"). */
const shownCause = (r: Awaited<ReturnType<typeof toResults>>) => /Steps for: ([^"]+)/.exec(JSON.stringify(r.body))?.[1];

test('three "still failing" on one cause and "fixed" on the next put the next one first', async () => {
  const before = await toResults(bot, 'first-user', '0x800B0004');
  const top = shownCause(before);
  expect(top).toBeTruthy();
  let second: string | undefined;
  for (const user of ['u1', 'u2', 'u3']) {
    const results = await toResults(bot, user, '0x800B0004');
    const notFixed = submits(results.body.activities).find((d) => d.outcome === 'not-fixed')!;
    const next = await post(bot, activity(bot, { value: notFixed, ...personal(user) }));
    second = shownCause(next);
    const fixed = submits(next.body.activities).find((d) => d.outcome === 'fixed')!;
    await post(bot, activity(bot, { value: fixed, ...personal(user) }));
  }
  await bot.insights.idle();
  expect(second).toBeTruthy();
  expect(second).not.toBe(top);
  expect(shownCause(await toResults(bot, 'later-user', '0x800B0004'))).toBe(second);
});
