// The real bot over real HTTP: what a Teams client sends, and what comes back in the response
// (deliveryMode expectReplies) or goes to the Bot Connector.
import { activity, post, startTestBot, submits, visible, type TestBot } from '../support/bot-server';

let bot: TestBot;
beforeAll(async () => {
  bot = await startTestBot();
});
afterAll(async () => {
  await bot.close();
});
afterEach(() => {
  // A turn that failed would have logged an error and apologised: no test may cause that.
  expect(bot.logs.filter((l) => l.level === 'error')).toEqual([]);
});


const conv = (id: string, extra: Record<string, unknown> = {}) => ({ conversation: { id, conversationType: 'personal' }, ...extra });

test('GET /healthz reports the catalog', async () => {
  const res = await fetch(`${bot.url}/healthz`);
  expect(res.status).toBe(200);
  const body = (await res.json()) as { status: string; catalog: { articles: number; codes: number } };
  expect(body.status).toBe('ok');
  expect(body.catalog.articles).toBeGreaterThanOrEqual(60);
  expect(body.catalog.codes).toBeGreaterThan(5000);
});

test('a malformed body gets 400 with a JSON explanation', async () => {
  expect((await post(bot, '{not json', true)).status).toBe(400);
  const noType = await post(bot, { text: 'hello' });
  expect(noType.status).toBe(400);
  expect(noType.body.error).toMatch(/activity/);
});

test('a paste gets the identification card and the first question in the response', async () => {
  const r = await post(bot, activity(bot, { text: 'Windows Update failed with 0x800b0004', ...conv('http-1') }));
  expect(r.status).toBe(200);
  expect(visible(r)).toEqual(['card: 0x800B0004 TRUST_E_SUBJECT_NOT_TRUSTED', 'card: Question 1 of at most 4']);
});

test('a click answers the question, and the clicked card is replaced by its answered form', async () => {
  const first = await post(bot, activity(bot, { text: '0x800B0004', ...conv('http-2') }));
  const question = first.body.activities!.find((a) => JSON.stringify(a).includes('"verb":"answer"'))!;
  const yes = submits(question.attachments![0]!.content).find((d) => d.verb === 'answer')!;
  const before = bot.calls.length;
  const r = await post(bot, activity(bot, { value: yes, replyToId: 'card-17', ...conv('http-2') }));
  expect(visible(r)[0]).toMatch(/^card: Question 2 of at most 4/);
  const update = bot.calls.slice(before).find((c) => c.method === 'PUT');
  expect(update?.path).toBe('/v3/conversations/http-2/activities/card-17');
  expect(JSON.stringify(update?.body)).toContain(`✓ ${String(yes.label)}`);
  // The same click again changes nothing and says so.
  const again = await post(bot, activity(bot, { value: yes, replyToId: 'card-17', ...conv('http-2') }));
  expect(visible(again)).toEqual(['text: That card belongs to an earlier triage, so I ignored the click. Use the latest card.']);
});

test('in a channel the @mention is stripped before the text is read', async () => {
  const r = await post(
    bot,
    activity(bot, {
      text: '<at>Helpdesk Triage</at> 0x80070005',
      entities: [{ type: 'mention', mentioned: { id: 'bot-1', name: 'Helpdesk Triage' }, text: '<at>Helpdesk Triage</at>' }],
      conversation: { id: '19:abc@thread.tacv2;messageid=123', conversationType: 'channel', isGroup: true },
    }),
  );
  expect(visible(r)[0]).toBe('card: 0x80070005 E_ACCESSDENIED');
});

test('installing the bot shows the welcome card; a message without text gets a helpful answer', async () => {
  const welcome = await post(bot, activity(bot, { type: 'conversationUpdate', membersAdded: [{ id: 'bot-1' }], ...conv('http-3') }));
  expect(visible(welcome)).toEqual(['card: Helpdesk Triage']);
  const sticker = await post(bot, activity(bot, { text: '', attachments: [{ contentType: 'application/vnd.microsoft.card.hero', content: {} }], ...conv('http-3') }));
  expect(visible(sticker)[0]).toMatch(/^text: I read text, screenshots and log files/);
  // An image from anywhere but the chat's own Bot Connector is not fetched, and the user hears why.
  const image = await post(bot, activity(bot, { text: '', attachments: [{ contentType: 'image/png', contentUrl: 'https://example.invalid/x.png' }], ...conv('http-3') }));
  expect(visible(image)[0]).toMatch(/^text: I didn't open that image/);
});

test('Spanish comes back for a Spanish client', async () => {
  const r = await post(bot, activity(bot, { text: 'ayuda', locale: 'es-ES', ...conv('http-4') }));
  expect(visible(r)).toEqual(['card: Cómo usar Helpdesk Triage']);
});

test('a whole triage over HTTP ends with steps that start safe', async () => {
  let r = await post(bot, activity(bot, { text: '0x800B0004 behind a proxy with SSL inspection, on all machines', ...conv('http-5') }));
  for (let i = 0; i < 5 && visible(r).some((v) => v.startsWith('card: Question')); i++) {
    r = await post(bot, activity(bot, { text: 'not sure', ...conv('http-5') }));
  }
  const results = r.body.activities!.find((a) => JSON.stringify(a).includes('"verb":"outcome"'));
  expect(results).toBeDefined();
  const text = JSON.stringify(results);
  expect(text).toContain('A proxy or firewall blocks the certificate revocation check');
  expect(text).toContain('netsh winhttp show proxy');
  expect(text).toContain('Safe, changes nothing');
});

test('the compose box\'s "Look up error" returns the error\'s card to insert', async () => {
  // Teams sends invokes without expectReplies: the answer is the HTTP response's body.
  const r = await post(bot, activity(bot, { deliveryMode: 'normal', type: 'invoke', name: 'composeExtension/query', value: { commandId: 'lookupError', parameters: [{ name: 'code', value: '0x80070005' }] }, ...conv('http-6') }));
  expect(r.status).toBe(200);
  const body = r.body as unknown as { composeExtension: { type: string; attachments: { content: unknown; preview: { content: { title: string } } }[] } };
  expect(body.composeExtension.type).toBe('result');
  expect(body.composeExtension.attachments[0]!.preview.content.title).toBe('0x80070005 E_ACCESSDENIED');
  expect(JSON.stringify(body.composeExtension.attachments[0]!.content)).toContain('Access is denied');
  const nothing = await post(bot, activity(bot, { deliveryMode: 'normal', type: 'invoke', name: 'composeExtension/query', value: { commandId: 'lookupError', parameters: [{ name: 'code', value: 'purple elephants' }] }, ...conv('http-6') }));
  expect((nothing.body as unknown as { composeExtension: { type: string } }).composeExtension.type).toBe('message');
});

test('what a turn logs carries its correlation id and never the pasted text', async () => {
  const secretPaste = '0x800B0004 on host FINANCE-PC-7 for user j.smith';
  const first = await post(bot, activity(bot, { text: secretPaste, ...conv('http-log') }));
  const yes = submits(first.body.activities).find((d) => d.verb === 'answer')!;
  // The connector is unreachable for this click, so updating the card fails and is logged.
  await post(bot, activity(bot, { id: 'click-with-id-42', value: yes, replyToId: 'card-x', serviceUrl: 'http://127.0.0.1:9', ...conv('http-log') }));
  const line = bot.logs.find((l) => l.msg === 'could not update the clicked card');
  expect(line?.fields).toMatchObject({ correlationId: 'click-with-id-42' });
  expect(JSON.stringify(bot.logs)).not.toContain('FINANCE-PC-7');
  // The Bot Framework client retries an unreachable connector for a few seconds.
}, 30_000);

test('a long paste shows "typing…" before the answer', async () => {
  const log = Array.from({ length: 40 }, (_, i) => `2026-11-27 10:00:${String(i).padStart(2, '0')} Agent Installing updates, attempt ${i}`).join('\n');
  const r = await post(bot, activity(bot, { text: `${log}\nFATAL: Exit code = 0x800B0004`, ...conv('http-typing') }));
  expect(r.body.activities!.map((a) => a.type)).toEqual(['typing', 'message', 'message']);
  expect(visible(r)[0]).toBe('card: 0x800B0004 TRUST_E_SUBJECT_NOT_TRUSTED');
});
