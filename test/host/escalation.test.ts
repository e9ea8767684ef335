// Escalation over the real bot, a real SQLite file and a fake Bot Connector: the ticket carries the
// triage, lands in the support channel in its own thread, is worked there, and the user hears back.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { activity, post, startTestBot, submits, visible, type TestBot } from '../support/bot-server';
import { startFakeWebhook, type FakeWebhook } from '../support/fake-webhook';

const SECRET = 'a-shared-secret-of-32-characters';
let bot: TestBot;
let hook: FakeWebhook;
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'escalation-'));
  hook = await startFakeWebhook(SECRET);
  bot = await startTestBot({ STORAGE: 'sqlite', DATA_DIR: dir, WEBHOOK_URL: hook.hookUrl, WEBHOOK_SECRET: SECRET, SUPPORT_AGENTS: '' });
});
afterAll(async () => {
  await bot.close();
  await hook.close();
  rmSync(dir, { recursive: true, force: true });
});

const user = { from: { id: 'user-ana', name: 'Ana' } };
const personal = (id: string) => ({ ...user, conversation: { id, conversationType: 'personal' } });
const inChannel = (from: { id: string; name: string }, team = 'team-support') => ({
  from,
  conversation: { id: '19:support@thread.tacv2;messageid=100', conversationType: 'channel', isGroup: true },
  channelData: { team: { id: team }, channel: { id: '19:support@thread.tacv2' } },
});


async function triageToResults(conv: string) {
  let r = await post(bot, activity(bot, { text: '0x800B0004 behind a proxy with SSL inspection, on all machines', ...personal(conv) }));
  for (let i = 0; i < 5 && visible(r).some((v) => v.startsWith('card: Question')); i++) r = await post(bot, activity(bot, { text: 'not sure', ...personal(conv) }));
  return r;
}

test('the whole escalation: channel set, ticket filed once, worked in the channel, the requester told', async () => {
  const set = await post(bot, activity(bot, { text: '<at>Helpdesk Triage</at> set support channel', entities: [{ type: 'mention', mentioned: { id: 'bot-1' }, text: '<at>Helpdesk Triage</at>' }], ...inChannel({ id: 'agent-luis', name: 'Luis' }) }));
  expect(visible(set)).toEqual(['text: Done: new tickets will be posted in this channel, each in its own thread.']);

  const results = await triageToResults('esc-1');
  const notFixed = submits(results.body.activities).find((d) => d.outcome === 'not-fixed')!;
  await post(bot, activity(bot, { value: notFixed, ...personal('esc-1') }));
  const form = await post(bot, activity(bot, { text: 'escalate', ...personal('esc-1') }));
  expect(visible(form)).toEqual(['card: Escalate to the support team']);
  const submit = { ...submits(form.body.activities).find((d) => d.verb === 'submit-ticket')!, description: 'Updates fail on every laptop since Monday', urgency: 'high', contact: 'ext. 4411' };

  const before = bot.calls.length;
  const filed = await post(bot, activity(bot, { value: submit, replyToId: 'form-1', ...personal('esc-1') }));
  expect(visible(filed)).toEqual(['text: Ticket #1 is filed. The support team sees it in their channel now. I\'ll tell you here when someone picks it up.', 'card: Ticket #1']);
  const channelPost = bot.calls.slice(before).find((c) => c.method === 'POST' && c.path === '/v3/conversations/19%3Asupport%40thread.tacv2/activities');
  expect(bot.calls.slice(before).map((c) => `${c.method} ${c.path}`)).toContain('POST /v3/conversations/19%3Asupport%40thread.tacv2/activities');
  const channelCard = JSON.stringify(channelPost!.body);
  for (const shown of ['0x800B0004', 'Updates fail on every laptop since Monday', 'A proxy or firewall blocks the certificate revocation check', 'Through a proxy or firewall that inspects HTTPS', 'not-fixed', 'Assign to me']) expect(channelCard).toContain(shown);

  // A double submit, or the same activity retried, files nothing new.
  const again = await post(bot, activity(bot, { value: submit, replyToId: 'form-1', ...personal('esc-1') }));
  expect(visible(again)).toEqual(['text: This triage is already ticket #1 (New).']);

  const ticketId = String(submits(channelPost!.body).find((d) => d.verb === 'ticket-assign')!.ticketId);
  // Someone outside the support team cannot touch it.
  const refused = await post(bot, activity(bot, { value: { verb: 'ticket-resolve', ticketId }, ...inChannel({ id: 'stranger', name: 'Eve' }, 'team-other') }));
  expect(visible(refused)).toEqual(['text: Only members of the support team can change tickets, so I left this one as it was.']);
  const status = await post(bot, activity(bot, { text: 'status 1', ...personal('esc-1') }));
  expect(JSON.stringify(status.body)).toContain('"New"');

  // An agent takes it: the channel card is updated in place and Ana is told.
  const mark = bot.calls.length;
  await post(bot, activity(bot, { value: { verb: 'ticket-assign', ticketId }, ...inChannel({ id: 'agent-luis', name: 'Luis' }) }));
  const afterAssign = bot.calls.slice(mark);
  expect(afterAssign.some((c) => c.method === 'PUT' && c.path.startsWith('/v3/conversations/19%3Asupport%40thread.tacv2/activities/') && JSON.stringify(c.body).includes('Luis'))).toBe(true);
  expect(afterAssign.some((c) => c.method === 'POST' && c.path === '/v3/conversations/esc-1/activities' && JSON.stringify(c.body).includes('Your ticket #1 was picked up by Luis.'))).toBe(true);

  const mark2 = bot.calls.length;
  await post(bot, activity(bot, { value: { verb: 'ticket-resolve', ticketId }, ...inChannel({ id: 'agent-luis', name: 'Luis' }) }));
  expect(bot.calls.slice(mark2).some((c) => JSON.stringify(c.body).includes('Your ticket #1 was marked resolved by Luis.'))).toBe(true);

  const mine = await post(bot, activity(bot, { text: 'my tickets', ...personal('esc-1') }));
  expect(visible(mine)).toEqual(['card: Your tickets']);
  expect(JSON.stringify(mine.body)).toContain('Resolved');
  // Another user asking for it is told it does not exist.
  const nosy = await post(bot, activity(bot, { text: 'status 1', from: { id: 'stranger', name: 'Eve' }, conversation: { id: 'eve', conversationType: 'personal' } }));
  expect(visible(nosy)).toEqual(['text: I can\'t find ticket #1 among yours.']);

  // The webhook connector received it, signed (the fake checks the HMAC).
  await waitFor(() => hook.deliveries.length > 0);
  expect(hook.deliveries[0]!.body.ticket).toMatchObject({ number: 1, description: 'Updates fail on every laptop since Monday' });
});

test('escalating mid-triage carries the answers so far; a bad form changes nothing', async () => {
  await post(bot, activity(bot, { text: '0x800B0004 we are behind a proxy', ...personal('esc-2') }));
  const form = await post(bot, activity(bot, { text: 'escalate', ...personal('esc-2') }));
  // What the client sends: the button's data merged with the form's inputs.
  const submit = { ...submits(form.body.activities).find((d) => d.verb === 'submit-ticket')!, description: 'Cannot update behind the office proxy', urgency: 'normal', contact: '' };
  const empty = await post(bot, activity(bot, { value: { ...submit, description: '   ' }, ...personal('esc-2') }));
  expect(visible(empty)).toEqual(['text: Please say in a few words what is happening before sending the ticket.']);
  const huge = await post(bot, activity(bot, { value: { ...submit, description: 'x'.repeat(5000) }, ...personal('esc-2') }));
  expect(visible(huge)[0]).toMatch(/too long for a ticket field/);
  const forged = await post(bot, activity(bot, { value: { ...submit, urgency: 'apocalyptic' }, ...personal('esc-2') }));
  expect(visible(forged)).toEqual(['text: Pick one of the urgency options; nothing was filed.']);
  const filed = await post(bot, activity(bot, { value: submit, ...personal('esc-2') }));
  expect(visible(filed)[1]).toBe('card: Ticket #2');
  expect(JSON.stringify(filed.body)).toContain('Through a proxy server');
});

const setChannel = (from: { id: string; name: string }, team: string) =>
  activity(bot, { text: '<at>Helpdesk Triage</at> set support channel', entities: [{ type: 'mention', mentioned: { id: 'bot-1' }, text: '<at>Helpdesk Triage</at>' }], ...inChannel(from, team) });

test('once a support channel is set, someone outside the support team cannot move it to their own team', async () => {
  // The first test set it in team-support (SUPPORT_AGENTS is empty, so anyone could the first time).
  const taken = await post(bot, setChannel({ id: 'stranger', name: 'Eve' }, 'team-other'));
  expect(visible(taken)).toEqual(['text: Only the support team can choose the support channel, so I left it where it was. Ask a support agent if it should move.']);
  const spanish = await post(bot, { ...setChannel({ id: 'stranger', name: 'Eve' }, 'team-other'), locale: 'es-ES' });
  expect(visible(spanish)).toEqual(['text: Solo el equipo de soporte puede elegir el canal de soporte, así que lo he dejado donde estaba. Pide a un agente de soporte que lo cambie si hace falta.']);
  // So Eve's team is still no support team: no report for it.
  const report = await post(bot, activity(bot, { text: '<at>Helpdesk Triage</at> report', entities: [{ type: 'mention', mentioned: { id: 'bot-1' }, text: '<at>Helpdesk Triage</at>' }], ...inChannel({ id: 'stranger', name: 'Eve' }, 'team-other') }));
  expect(visible(report)).toEqual(['text: Reports are for the support team. If you need one, ask a support agent.']);
  // A member of the support team may still set it again (here, in the same team).
  const moved = await post(bot, setChannel({ id: 'agent-luis', name: 'Luis' }, 'team-support'));
  expect(visible(moved)).toEqual(['text: Done: new tickets will be posted in this channel, each in its own thread.']);
});

test('with SUPPORT_AGENTS configured, only those people may set the first support channel', async () => {
  const dir2 = mkdtempSync(join(tmpdir(), 'escalation-agents-'));
  const other = await startTestBot({ STORAGE: 'sqlite', DATA_DIR: dir2, SUPPORT_AGENTS: 'aad-luis' });
  try {
    const set = (from: { id: string; name: string; aadObjectId?: string }, team: string) =>
      post(other, activity(other, { text: 'set support channel', ...inChannel(from as { id: string; name: string }, team) }));
    expect(visible(await set({ id: 'stranger', name: 'Eve' }, 'team-other'))).toEqual(['text: Only the support team can choose the support channel, so I left it where it was. Ask a support agent if it should move.']);
    expect(visible(await set({ id: 'agent-luis', name: 'Luis', aadObjectId: 'aad-luis' }, 'team-support'))).toEqual(['text: Done: new tickets will be posted in this channel, each in its own thread.']);
  } finally {
    await other.close();
    rmSync(dir2, { recursive: true, force: true });
  }
}, 60_000);

async function waitFor(cond: () => boolean, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 50));
  }
}
