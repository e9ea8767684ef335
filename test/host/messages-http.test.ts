// Windows' words instead of a code, over HTTP against the real bot: a message pasted in a personal
// chat or a channel, a blue screen, and a paste too vague to name one error. Each test reads the
// cards as a user does: the lines of text and the facts on them.
import { activity, post, submits, visible, startTestBot, type PostResult, type TestBot } from '../support/bot-server';
import { texts } from '../render/inspect-card';

let bot: TestBot;
beforeAll(async () => {
  bot = await startTestBot();
});
afterAll(async () => {
  await bot.close();
});

const personal = (id: string) => ({ from: { id: `user-${id}`, name: 'Ana' }, conversation: { id, conversationType: 'personal' } });
const MENTION = '<at>Helpdesk Triage</at>';
const inChannel = (id: string) => ({
  from: { id: 'user-luis', name: 'Luis' },
  entities: [{ type: 'mention', mentioned: { id: 'bot-1', name: 'Helpdesk Triage' }, text: MENTION }],
  conversation: { id: `19:${id}@thread.tacv2;messageid=1`, conversationType: 'channel', isGroup: true },
  channelData: { team: { id: 'team-1' }, channel: { id: `19:${id}@thread.tacv2` } },
});

/** Every line of text on the n-th card of the replies (TextBlocks, text runs, fact titles and values). */
function cardText(r: PostResult, n = 0): string[] {
  const cards = (r.body.activities ?? []).filter((a) => a.attachments?.length);
  return texts(cards[n]?.attachments?.[0]?.content);
}

/** The facts of the identification card as title → value. */
function facts(r: PostResult): Record<string, string> {
  const lines = cardText(r);
  const out: Record<string, string> = {};
  // texts() gives a FactSet as title, value, title, value…, after the heading lines.
  for (const title of ['Windows says', 'Windows dice', "Message (machine translation of Microsoft's documentation, not always Windows' own words)", 'Mensaje (traducción automática de la documentación de Microsoft, no siempre las palabras exactas de Windows)', 'Names', 'Nombres', 'Parameters', 'Parámetros', 'Failing driver', 'Controlador que falló']) {
    const i = lines.indexOf(title);
    if (i >= 0) out[title] = lines[i + 1]!;
  }
  return out;
}

test('personal chat, English: the message alone in a sentence is identified, shown with its code and the first question', async () => {
  const paste = 'When I copy the backup it fails with: The process cannot access the file because it is being used by another process.';
  const r = await post(bot, activity(bot, { text: paste, locale: 'en-US', ...personal('msg-en') }));
  expect(r.status).toBe(200);
  expect(visible(r)).toEqual(['card: 32 (0x00000020) ERROR_SHARING_VIOLATION', 'card: Question 1 of at most 4']);
  expect(facts(r)).toMatchObject({
    'Windows says': 'The process cannot access the file because it is being used by another process.',
    Names: expect.stringContaining('ERROR_SHARING_VIOLATION') as unknown,
  });
  // Identified, not offered as a choice.
  expect(cardText(r)).not.toContain("That reads like one of these Windows errors, but I'm not sure which. Which one did you see?");
});

test('channel @mention, Spanish: the Spanish message is identified, shown in Spanish as a documentation translation, and the first question follows', async () => {
  const r = await post(
    bot,
    activity(bot, {
      text: `${MENTION} Hola, el agente de inventario no arranca y en el registro pone: El servidor RPC no está disponible. ¿Alguien sabe qué pasa?`,
      locale: 'es-ES',
      ...inChannel('msg-es'),
    }),
  );
  expect(r.status).toBe(200);
  expect(visible(r)).toEqual(['card: 1722 (0x000006BA) RPC_S_SERVER_UNAVAILABLE', 'card: Pregunta 1 de 4 como máximo']);
  // The Spanish text comes from Microsoft's machine-translated docs: the card says so.
  expect(facts(r)).toMatchObject({ 'Mensaje (traducción automática de la documentación de Microsoft, no siempre las palabras exactas de Windows)': 'El servidor RPC no está disponible.' });
});

const EVENT_1001 =
  'The computer has rebooted from a bugcheck.  The bugcheck was: 0x0000009f (0x0000000000000003, 0xffffc60b2e5b4060, 0xfffff8034a06f7e0, 0xffffc60b3a4e6a20). A dump was saved in: C:\\WINDOWS\\MEMORY.DMP.';

test('a blue screen from Event 1001: the bug check is identified, with its four parameters on the card', async () => {
  const r = await post(bot, activity(bot, { text: EVENT_1001, locale: 'en-US', ...personal('bsod-1001') }));
  expect(visible(r)[0]).toBe('card: 0x0000009F DRIVER_POWER_STATE_FAILURE');
  expect(facts(r)).toMatchObject({ Parameters: '0x0000000000000003, 0xFFFFC60B2E5B4060, 0xFFFFF8034A06F7E0, 0xFFFFC60B3A4E6A20' });
});

// The event's opening sentence is also a message of the general blue-screen article; a family's
// messages belong to no single stop code, so nothing else is offered.
test('a blue screen from Event 1001: no other error is offered beside it', async () => {
  const r = await post(bot, activity(bot, { text: EVENT_1001, locale: 'en-US', ...personal('bsod-1001-alt') }));
  expect(submits(r.body.activities).filter((d) => d.verb === 'not-this')).toEqual([]);
});

test('a blue screen with "What failed": the failing driver is on the card', async () => {
  const r = await post(bot, activity(bot, { text: 'Stop code: VIDEO_TDR_FAILURE\nWhat failed: nvlddmkm.sys', locale: 'en-US', ...personal('bsod-tdr') }));
  expect(visible(r)[0]).toBe('card: 0x00000116 VIDEO_TDR_FAILURE');
  expect(facts(r)).toMatchObject({ 'Failing driver': 'nvlddmkm.sys' });
});

test('a vague paste gets "which one did you see?" with the candidates, and a click identifies the chosen one', async () => {
  const r = await post(bot, activity(bot, { text: 'the service could not start', locale: 'en-US', ...personal('vague') }));
  expect(visible(r)).toEqual(["card: That reads like one of these Windows errors, but I'm not sure which. Which one did you see?"]);
  const options = submits(r.body.activities).filter((d) => d.verb === 'choose');
  expect(options.length).toBeGreaterThan(1);
  // Choosing one starts its triage: the identification card of the chosen code.
  const chosen = options.find((d) => d.kind !== 'win32')!;
  const clicked = await post(bot, activity(bot, { value: chosen, locale: 'en-US', ...personal('vague') }));
  expect(visible(clicked)[0]?.startsWith(`card: ${String(chosen.code)} `)).toBe(true);
});

// A Win32 option shows "8532 (0x00002154)" but its button sends the code as the engine writes it.
test('on the "which one did you see?" card, choosing a Win32 error identifies it', async () => {
  const r = await post(bot, activity(bot, { text: 'the service could not start', locale: 'en-US', ...personal('vague-win32') }));
  const win32 = submits(r.body.activities).find((d) => d.verb === 'choose' && d.kind === 'win32');
  expect(win32).toBeDefined();
  const clicked = await post(bot, activity(bot, { value: win32, locale: 'en-US', ...personal('vague-win32') }));
  // The identification card of that error, shown as "8532 (0x00002154) NAME".
  expect(visible(clicked)[0]).toMatch(new RegExp(`^card: \\d+ \\(${String(win32!.code)}\\) `));
});

