// Spike alerts over HTTP with two bot instances on one storage (SQLite file, or Azurite), a fake
// clock and several simulated users: one alert card however many instances see the spike, updated
// in place as people arrive; agents acknowledge it and post a notice; later pasters are told.
import { activity, post, startTestBot, submits, visible, type ConnectorCall, type TestBot } from '../support/bot-server';
import { loadConfig } from '../../src/config';
import { openInsightStore } from '../../src/insights/open-insight-store';
import { backends, fakeClock, inSupportChannel, personal, type Backend } from '../support/insights-harness';

jest.setTimeout(120_000);

const MIN = 60_000;
const CHANNEL_POSTS = '/v3/conversations/19%3Asupport%40thread.tacv2/activities';
const CODES = ['0x80072EFE', '0x80072EE2', '0x80072EFD'];

describe.each(backends('spike-http'))('%s: spike alerts with two instances', (_name, open) => {
  let backend: Backend;
  let a: TestBot;
  let b: TestBot;
  const clock = fakeClock('2026-12-02T08:00:00Z');
  beforeAll(async () => {
    backend = await open();
    const env = { ...backend.env, SUPPORT_AGENTS: 'agent-lead' };
    [a, b] = await Promise.all([startTestBot(env, { now: clock.now }), startTestBot(env, { now: clock.now })]);
  });
  afterAll(async () => {
    await Promise.all([a?.close(), b?.close()]);
    await backend?.stop();
  });
  afterEach(() => expect([...a.logs, ...b.logs].filter((l) => l.level === 'error' || l.level === 'warn')).toEqual([]));

  const settle = () => Promise.all([a.insights.idle(), b.insights.idle()]);
  // The support channel was set through instance A, so every channel call lands on A's fake connector.
  const alertPosts = () => a.calls.filter((c) => c.method === 'POST' && c.path === CHANNEL_POSTS && JSON.stringify(c.body).includes('Possible outage'));
  const cardText = (c: ConnectorCall) => JSON.stringify(c.body);
  const paste = (bot: TestBot, user: string, i: number) => post(bot, activity(bot, { text: `${CODES[i % 3]} when updating, we are behind the office proxy`, ...personal(user) }));

  test('four people are no alert; the fifth and sixth, on two instances at once, raise exactly one', async () => {
    await post(a, activity(a, { text: 'set support channel', ...inSupportChannel('agent-lead') }));
    for (let i = 0; i < 4; i++) {
      clock.advance(2 * MIN);
      await paste(i % 2 ? b : a, `user-${i}`, i);
      await settle();
    }
    expect(alertPosts()).toEqual([]);
    clock.advance(2 * MIN);
    await Promise.all([paste(a, 'user-4', 4), paste(b, 'user-5', 5)]);
    await settle();
    const posts = alertPosts();
    expect(posts).toHaveLength(1);
    // Both pastes may have been counted before the card went out, or the sixth updated it after.
    const shown = [cardText(posts[0]!), ...a.calls.filter((c) => c.method === 'PUT').map(cardText)].join('\n');
    expect(shown).toContain('Possible outage: 6 people hit network connection (WinHTTP/WinINet) errors within 30 minutes');
    expect(cardText(posts[0]!)).toContain('Codes: 0x80072EE2, 0x80072EFD, 0x80072EFE');
    expect(cardText(posts[0]!)).toContain('What they have in common');
  });

  test('a seventh person updates the same card in place; a repeat paste changes nothing', async () => {
    const posted = (await a.calls.find((c) => c.method === 'POST' && c.path === CHANNEL_POSTS && cardText(c).includes('Possible outage')))!;
    const id = String(a.calls.indexOf(posted) + 1);
    const mark = a.calls.length;
    clock.advance(MIN);
    await paste(b, 'user-6', 6);
    await settle();
    const puts = a.calls.slice(mark).filter((c) => c.method === 'PUT');
    expect(puts.map((c) => c.path)).toEqual([`${CHANNEL_POSTS}/fake-${id}`]);
    expect(cardText(puts[0]!)).toContain('Possible outage: 7 people');
    const again = a.calls.length;
    await paste(a, 'user-6', 7);
    await settle();
    expect(a.calls.slice(again).filter((c) => c.method === 'PUT' || c.method === 'POST')).toEqual([]);
    expect(alertPosts()).toHaveLength(1);
  });

  test('only agents acknowledge; then people pasting these errors are told support knows and may follow it', async () => {
    const buttons = submits(alertPosts()[0]!.body);
    const ack = buttons.find((d) => d.verb === 'spike-ack')!;
    const refused = await post(b, activity(b, { value: ack, ...inSupportChannel('mallory', 'team-other') }));
    expect(visible(refused)).toEqual(['text: Only the support team can act on spike alerts, so I left this one as it was.']);
    const mark = a.calls.length;
    const done = await post(b, activity(b, { value: ack, ...inSupportChannel('agent-luis') }));
    expect(visible(done)).toEqual(['text: Acknowledged. People who paste these errors now hear that support knows about it.']);
    expect(a.calls.slice(mark).some((c) => c.method === 'PUT' && cardText(c).includes('Acknowledged by agent-luis'))).toBe(true);

    // The other instance learns of the acknowledgement within seconds.
    clock.advance(MIN);
    const told = await paste(a, 'user-late', 0);
    expect(visible(told)).toContain('card: Support already knows about a problem with these errors (7 people since 08:02 UTC) and is working on it. There is no need to open a ticket: follow the incident to hear when it is fixed.');
    const follow = submits(told.body.activities).find((d) => d.verb === 'spike-follow')!;
    const late = { ...personal('user-late'), from: { id: 'user-late', name: 'Lucía Tardía', aadObjectId: 'aad-lucia-0001' } };
    expect(visible(await post(a, activity(a, { value: follow, ...late })))).toEqual(["text: You're following this incident: I'll tell you here when support posts news."]);
    // The alert keeps where to tell her, not who she is.
    const store = await openInsightStore(loadConfig(backend.env).config);
    try {
      const [stored] = await store.listAlerts();
      expect(stored!.alert.followers).toHaveLength(1);
      expect(stored!.alert.followers[0]).not.toHaveProperty('user');
      for (const personalDatum of ['Lucía', 'aad-lucia-0001']) expect(JSON.stringify(stored)).not.toContain(personalDatum);
    } finally {
      await store.close();
    }
    // Another error is not part of the incident.
    expect(visible(await post(b, activity(b, { text: '0x80070005', ...personal('user-other') }))).join('\n')).not.toContain('Support already knows');
  });

  test('an agent posts a notice: the card shows it and followers hear it in their chat', async () => {
    const notice = { ...submits(alertPosts()[0]!.body).find((d) => d.verb === 'spike-notice')!, notice: 'The office proxy is being restarted; try again after 09:00.' };
    const mark = a.calls.length;
    const done = await post(a, activity(a, { value: notice, ...inSupportChannel('agent-luis') }));
    expect(visible(done)).toEqual(['text: Notice posted. 1 people following the incident were told.']);
    const after = a.calls.slice(mark);
    expect(after.some((c) => c.method === 'PUT' && cardText(c).includes('Notice: The office proxy is being restarted'))).toBe(true);
    expect(after.some((c) => c.method === 'POST' && c.path === '/v3/conversations/chat-user-late/activities' && cardText(c).includes('News from support about the network connection (WinHTTP/WinINet) problem'))).toBe(true);
  });
  test('an incident with all the followers an alert holds tells the next person so, and the alert still updates', async () => {
    const store = await openInsightStore(loadConfig(backend.env).config);
    try {
      const stored = (await store.listAlerts())[0]!;
      // What a Teams personal chat's reference weighs once the user is taken out: about 330 characters.
      const chat = (i: number) => ({ conversation: { id: `a:1${String(i).padStart(6, '0')}bX2vQy9kLmN3pR7sT1uV5wZ8aB4cD6eF0gH2iJ4kL6mN8oP0qR2sT4uV6wX8yZ`, conversationType: 'personal', tenantId: '72f988bf-86f1-41af-91ab-2d7cd011db47' }, serviceUrl: 'https://smba.trafficmanager.net/emea/', channelId: 'msteams', bot: { id: '28:bot-1', name: 'Helpdesk Triage' }, locale: 'es-ES' });
      const followers = [...stored.alert.followers, ...Array.from({ length: 999 }, (_, i) => chat(i))];
      expect(await store.replaceAlert({ ...stored.alert, followers }, stored.tag)).toBeDefined();
    } finally {
      await store.close();
    }
    clock.advance(MIN);
    const follow = submits((await paste(a, 'user-full', 1)).body.activities).find((d) => d.verb === 'spike-follow')!;
    expect(visible(await post(a, activity(a, { value: follow, ...personal('user-full') })))).toEqual([
      "text: So many people already follow this incident that I can't add you, sorry. Support knows about it and is working on it; paste the error again later to see if it is fixed.",
    ]);
    await settle();
    // The full alert can still be written: a new person's paste updates its card.
    const mark = a.calls.length;
    clock.advance(MIN);
    await paste(b, 'user-new', 2);
    await settle();
    expect(a.calls.slice(mark).some((c) => c.method === 'PUT' && cardText(c).includes('Possible outage: 10 people'))).toBe(true);
  });
});
