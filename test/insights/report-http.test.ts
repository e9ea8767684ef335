// The report over HTTP, on SQLite and on Azure (Azurite): several people triage with a fake clock,
// a support agent asks for the report, everyone else is refused, bad periods get the usage line,
// and nothing personal reaches the store.
import { loadConfig } from '../../src/config';
import { openInsightStore } from '../../src/insights/open-insight-store';
import { activity, post, startTestBot, visible, type TestBot } from '../support/bot-server';
import { backends, clickOutcome, fakeClock, inSupportChannel, say, toResults, type Backend } from '../support/insights-harness';

jest.setTimeout(120_000);

const MIN = 60_000;

describe.each(backends('report-http'))('%s: the report', (_name, open) => {
  let backend: Backend;
  let bot: TestBot;
  const clock = fakeClock('2026-12-01T09:00:00Z');
  beforeAll(async () => {
    backend = await open();
    bot = await startTestBot({ ...backend.env, SUPPORT_AGENTS: 'agent-lead' }, { now: clock.now });
  });
  afterAll(async () => {
    await bot?.close();
    await backend?.stop();
  });
  afterEach(() => expect(bot.logs.filter((l) => l.level === 'error' || l.level === 'warn')).toEqual([]));

  test('an empty period says so', async () => {
    const r = await say(bot, 'agent-lead', 'report');
    expect(visible(r)).toEqual(['card: Helpdesk report: the last 7 days']);
    expect(JSON.stringify(r.body)).toContain('Nobody pasted an error in this period');
  });

  test('after a morning of triages the agent sees figures, top errors, failing steps and redacted gaps', async () => {
    const set = await post(bot, activity(bot, { text: 'set support channel', ...inSupportChannel('agent-lead') }));
    expect(visible(set)[0]).toMatch(/^text: Done/);
    for (const user of ['ana', 'ben', 'carla']) {
      const results = await toResults(bot, user, '0x800B0004');
      expect(visible(results)).toContain('card: Most likely causes');
      clock.advance(3 * MIN);
      await clickOutcome(bot, user, results, user === 'carla' ? 'not-fixed' : 'fixed');
    }
    await say(bot, 'dan', 'setup fails with 0x800700DF, log in C:\\Users\\jdoe\\Desktop and \\\\FS01\\builds');
    await say(bot, 'eve', 'my printer makes a funny noise, ask eve.smith@contoso.com');
    clock.advance(60 * MIN);
    await bot.insights.idle();

    const r = await post(bot, activity(bot, { text: 'report', ...inSupportChannel('agent-luis') }));
    expect(visible(r)).toEqual(['card: Helpdesk report: the last 7 days']);
    const card = JSON.stringify(r.body);
    for (const shown of [
      '"title":"Triages started","value":"4"',
      '"title":"Fixed without a ticket","value":"2"',
      '"title":"Abandoned","value":"2"',
      '50% (no triages in the previous period)',
      '0x800B0004 TRUST_E_SUBJECT_NOT_TRUSTED',
      '3 triages · 3 people · 67% fixed',
      '1 still failing, 2 fixed',
      '0x800700DF (no article)',
      'C:\\\\Users\\\\[user]\\\\Desktop and \\\\\\\\[host]\\\\[path]',
      'Message: my printer makes funny noise ask',
      '[email]',
    ]) expect(card).toContain(shown);
    for (const secret of ['jdoe', 'FS01', 'eve.smith', 'contoso']) expect(card).not.toContain(secret);
  });

  test('the store holds codes, ids and hashes, nothing a person typed except redacted samples', async () => {
    const store = await openInsightStore(loadConfig(backend.env).config);
    try {
      const events = await store.read(0, clock.at() + 1);
      expect(new Set(events.map((e) => e.kind))).toEqual(new Set(['started', 'identified', 'answered', 'results', 'outcome', 'unmatched']));
      const stored = JSON.stringify([events, [...(await store.samples(events.flatMap((e) => (e.gap ? [e.gap] : [])))).values()]]);
      for (const personal of ['ana', 'carla', 'chat-', 'jdoe', 'FS01', 'eve.smith', 'contoso']) expect(stored).not.toContain(personal);
    } finally {
      await store.close();
    }
  });

  test('non-agents are refused; bad periods get the usage line; "report today" works', async () => {
    expect(visible(await say(bot, 'ana', 'report'))).toEqual(['text: Reports are for the support team. If you need one, ask a support agent.']);
    expect(visible(await post(bot, activity(bot, { text: 'report', ...inSupportChannel('mallory', 'team-other') })))).toEqual(['text: Reports are for the support team. If you need one, ask a support agent.']);
    // Not even an agent gets it in a group chat, where everyone else in the chat would see it.
    const groupChat = { from: { id: 'agent-lead', name: 'Lead' }, conversation: { id: 'group-1', conversationType: 'groupChat', isGroup: true } };
    expect(visible(await post(bot, activity(bot, { text: 'report', ...groupChat })))).toEqual(['text: Reports are for the support team. If you need one, ask a support agent.']);
    const usage = 'text: Usage: report, report 30d or report today (periods from 1d to 90d).';
    expect(visible(await say(bot, 'agent-lead', 'report 9999d'))).toEqual([usage]);
    expect(visible(await say(bot, 'agent-lead', 'informe banana'))).toEqual([usage]);
    expect(visible(await say(bot, 'agent-lead', 'report today'))).toEqual(['card: Helpdesk report: today']);
    // A sentence that starts with the word is someone describing their error, not the command.
    expect(visible(await say(bot, 'ana', 'informe: Outlook falla con 0x800B0004'))[0]).toBe('card: 0x800B0004 TRUST_E_SUBJECT_NOT_TRUSTED');
  });
});
