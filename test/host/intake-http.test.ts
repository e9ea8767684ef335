// Screenshots, log files and "Triage this message" over real HTTP: the bot downloads from a local
// fake of the Teams attachment endpoints, which demands the bot's bearer token for images; a
// second server stands for any other host and must hear nothing. Recognition is real (one thread).
import { ServiceClientCredentialsFactory, type ServiceClientCredentials } from 'botframework-connector';
import { say } from '../../src/conversation/strings';
import type { ConversationState } from '../../src/conversation/types';
import { FILE_DOWNLOAD_INFO } from '../../src/host/intake-turn';
import { TRIAGE_MESSAGE_COMMAND } from '../../src/host/message-action';
import { conversationKey } from '../../src/host/storage/expiry';
import { readStrings } from '../../src/node/load-engine';
import { activity, post, startTestBot, visible, type TestBot } from '../support/bot-server';
import { startFakeTeamsFiles, type FakeTeamsFiles } from '../support/fake-teams-files';
import { openDialogCamera } from '../support/render-dialog';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

jest.setTimeout(120_000);
const strings = readStrings();
const TOKEN = 'token-the-connector-gave-the-bot';

/**
 * Credentials as botbuilder's factory makes them, with the token Entra ID would have issued: the
 * bot stays anonymous on the way in (no JWT to forge here) and signs its outgoing calls.
 */
class FixedTokenCredentials extends ServiceClientCredentialsFactory {
  async isValidAppId() {
    return true;
  }
  async isAuthenticationDisabled() {
    return true;
  }
  async createCredentials(): Promise<ServiceClientCredentials> {
    return {
      signRequest: async (request) => {
        request.headers.set('authorization', `Bearer ${TOKEN}`);
        return request;
      },
    } as ServiceClientCredentials;
  }
}

let bot: TestBot;
let teams: FakeTeamsFiles;
let elsewhere: FakeTeamsFiles;
let screenshot: Buffer;
let blank: Buffer;
beforeAll(async () => {
  const camera = await openDialogCamera();
  try {
    screenshot = await camera.shoot({ title: 'Windows Update', lines: ['There were some problems installing updates.', 'Error code: 0x80070005'], button: 'OK', theme: 'light', scale: 1 });
    blank = await camera.shoot({ title: '', lines: [''], button: '', theme: 'light', scale: 1 });
  } finally {
    await camera.close();
  }
  teams = await startFakeTeamsFiles();
  elsewhere = await startFakeTeamsFiles();
  // The "reading your screenshot" line is due after 0 ms here, so that every screenshot shows it.
  bot = await startTestBot({}, { ocr: { size: 1 }, intakeLimits: { slowNoticeMs: 0 }, credentialsFactory: new FixedTokenCredentials() });
});
afterAll(async () => {
  await bot.close();
  await teams.close();
  await elsewhere.close();
});
beforeEach(() => {
  teams.seen.length = 0;
  elsewhere.seen.length = 0;
});

let n = 0;
const personal = () => ({ serviceUrl: `${teams.url}/`, conversation: { id: `intake-${++n}`, conversationType: 'personal' } });
const channel = () => ({
  serviceUrl: `${teams.url}/`,
  conversation: { id: `19:it@thread.tacv2;messageid=${++n}`, conversationType: 'channel', isGroup: true },
  text: '<at>Helpdesk Triage</at>',
  entities: [{ type: 'mention', mentioned: { id: 'bot-1', name: 'Helpdesk Triage' }, text: '<at>Helpdesk Triage</at>' }],
});
const image = (url: string) => ({ contentType: 'image/*', contentUrl: url });
const file = (name: string, url: string) => ({ contentType: FILE_DOWNLOAD_INFO, name, content: { downloadUrl: url, uniqueId: name, fileType: name.split('.').pop() } });
const en = (key: string, vars?: Record<string, string | number>) => say(strings, 'en', key, vars);

describe('a pasted screenshot', () => {
  test.each([
    ['in a personal chat', personal],
    ['in a channel post that @mentions the bot', channel],
  ])('%s is read and triaged as if its text had been typed', async (_where, where) => {
    const url = teams.put(`/v3/attachments/shot-${n}/views/original`, { body: screenshot, contentType: 'image/png', token: TOKEN });
    const r = await post(bot, activity(bot, { ...where(), attachments: [image(url)] }));
    expect(r.status).toBe(200);
    const shown = visible(r);
    expect(r.body.activities?.[0]?.type).toBe('typing');
    expect(shown[0]).toBe(`text: ${en('intake-reading-screenshot')}`);
    expect(shown[1]).toMatch(/^text: Read from your screenshot: .*Error code: 0x80070005/);
    expect(shown[2]).toMatch(/^card: .*0x80070005/);
    expect(teams.seen).toEqual([{ path: expect.stringContaining('/views/original'), authorization: `Bearer ${TOKEN}` }]);
  });

  test('on another host is not fetched: that host receives no request at all', async () => {
    const url = elsewhere.put('/v3/attachments/x/views/original', { body: screenshot, contentType: 'image/png' });
    const r = await post(bot, activity(bot, { ...personal(), attachments: [image(url)] }));
    expect(visible(r)).toEqual([`text: ${en('intake-refused-image-host')}`]);
    expect(elsewhere.seen).toEqual([]);
  });

  test('of 50 MB is refused before it is downloaded', async () => {
    const url = teams.put('/v3/attachments/huge/views/original', { body: Buffer.concat([screenshot, Buffer.alloc(50 * 1024 * 1024)]), contentType: 'image/png', token: TOKEN });
    const r = await post(bot, activity(bot, { ...personal(), attachments: [image(url)] }));
    expect(visible(r).slice(-1)).toEqual([`text: ${en('intake-refused-too-large', { imageMb: 10, fileMb: 64 })}`]);
  });

  test('that declares 20000 × 20000 pixels in its header is refused without being decoded', async () => {
    // The real screenshot's bytes with its IHDR size rewritten: small on the wire, 1.6 GB decoded.
    const bomb = Buffer.from(screenshot);
    bomb.writeUInt32BE(20000, 16);
    bomb.writeUInt32BE(20000, 20);
    const url = teams.put('/v3/attachments/bomb/views/original', { body: bomb, contentType: 'image/png', token: TOKEN });
    const r = await post(bot, activity(bot, { ...personal(), attachments: [image(url)] }));
    expect(visible(r).slice(-1)).toEqual([`text: ${en('intake-refused-too-many-pixels', { maxMp: 40 })}`]);
  });

  test('with no error in it gets "I could not read an error in that image" and a tip', async () => {
    const url = teams.put('/v3/attachments/blank/views/original', { body: blank, contentType: 'image/png', token: TOKEN });
    const r = await post(bot, activity(bot, { ...personal(), attachments: [image(url)] }));
    expect(visible(r)).toEqual([`text: ${en('intake-reading-screenshot')}`, `text: ${en('intake-no-error-in-image')}`]);
  });
});

describe('a log file in a personal chat', () => {
  const cbs = readFileSync(join(__dirname, '..', 'fixtures', 'cbs.log'));

  test('is read without the token, its decisive lines shown with their numbers, its code triaged', async () => {
    const url = teams.put('/files/CBS.log', { body: cbs, contentType: 'application/octet-stream' });
    const where = personal();
    const r = await post(bot, activity(bot, { ...where, attachments: [file('CBS.log', url)] }));
    const shown = visible(r);
    expect(shown[0]).toContain('From CBS.log (cbs, ');
    expect(shown[0]).toContain("3: 2024-01-15 10:40:13, Info                  CBS    Failed to resolve package 'Microsoft-Windows-NetFx3-OnDemand-Package");
    expect(shown[0]).toContain('4: 2024-01-15 10:40:13, Error                 CBS    Failed to perform operation.');
    expect(shown[0]).toContain('What failed: Microsoft-Windows-NetFx3-OnDemand-Package~31bf3856ad364e35~amd64~~10.0.19041.3803');
    expect(shown[1]).toMatch(/^card: .*0x800F081F/);
    expect(teams.seen).toEqual([{ path: '/files/CBS.log', authorization: undefined }]);
    // The triage keeps the excerpt, not the file: that is what an escalation ticket carries.
    const key = conversationKey('msteams', where.conversation.id);
    const stored = (await bot.storage.read([key]))[key] as { state: ConversationState };
    const triage = stored.state.triage!;
    expect(triage.paste).toContain('4: 2024-01-15 10:40:13, Error');
    expect(triage.paste).not.toContain('Ending TrustedInstaller finalization');
  });

  test('that is a screenshot (sent with the paperclip) is read as a screenshot, not refused as "not text"', async () => {
    const url = teams.put('/files/error.png', { body: screenshot, contentType: 'application/octet-stream' });
    const r = await post(bot, activity(bot, { ...personal(), attachments: [file('error.png', url)] }));
    const shown = visible(r);
    expect(shown[0]).toMatch(/^text: Read from your screenshot: .*0x80070005/);
    expect(shown[1]).toMatch(/^card: .*0x80070005/);
    expect(teams.seen).toEqual([{ path: '/files/error.png', authorization: undefined }]);
  });

  test.each([
    ['a zip', 'logs.zip', Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x00, 0x00]), 'intake-refused-zip'],
    ['a PDF', 'report.pdf', Buffer.from('%PDF-1.7\n'), 'intake-refused-pdf'],
  ])('%s is refused with the reason', async (_what, name, body, key) => {
    const url = teams.put(`/files/${name}`, { body, contentType: 'application/octet-stream' });
    const r = await post(bot, activity(bot, { ...personal(), attachments: [file(name, url)] }));
    expect(visible(r)).toEqual([`text: ${en(key)}`]);
  });

  test('in a channel is refused: Teams gives bots no files there, and nothing is fetched', async () => {
    const url = teams.put('/files/channel.log', { body: cbs, contentType: 'text/plain' });
    const r = await post(bot, activity(bot, { ...channel(), attachments: [file('CBS.log', url)] }));
    expect(visible(r)).toEqual([`text: ${en('intake-refused-file-not-personal')}`]);
    expect(teams.seen).toEqual([]);
  });
});

test('a log pasted as text past the 28 KB message limit gets the hint to send it as a file', async () => {
  const text = readFileSync(join(__dirname, '..', 'fixtures', 'cbs.log'), 'utf8').repeat(40);
  expect(text.length).toBeGreaterThan(28 * 1024);
  const r = await post(bot, activity(bot, { ...personal(), text }));
  expect(visible(r)).toEqual([`text: ${en('intake-paste-log-hint')}`]);
});

describe('"Triage this message"', () => {
  const action = (reply: string, content: string) =>
    activity(bot, {
      ...channel(),
      type: 'invoke',
      name: 'composeExtension/submitAction',
      deliveryMode: 'normal',
      value: { commandId: TRIAGE_MESSAGE_COMMAND, commandContext: 'message', data: { reply }, messagePayload: { body: { contentType: 'html', content } } },
    });

  test('privately: the card comes back in the dialog only the user sees, nothing is posted', async () => {
    const posted = teams.posted.length;
    const r = await post(bot, action('private', '<p>Since this morning Outlook says&nbsp;<b>0x8004010F</b> for everyone</p>'));
    expect(r.status).toBe(200);
    const task = (r.body as { task: { type: string; value: { title: string; card: { content: unknown } } } }).task;
    expect(task.type).toBe('continue');
    expect(JSON.stringify(task.value.card.content)).toContain('0x8004010F');
    expect(teams.posted.length).toBe(posted);
  });

  test('privately with a screenshot: not even the "reading your screenshot" line is posted', async () => {
    const url = teams.put(`/v3/attachments/action-${n}/views/original`, { body: screenshot, contentType: 'image/png', token: TOKEN });
    const posted = teams.posted.length;
    const r = await post(bot, action('private', `<p>see this</p><img src="${url}">`));
    expect(r.status).toBe(200);
    expect(JSON.stringify(r.body)).toContain('0x80070005');
    expect(teams.posted.length).toBe(posted);
  });

  test('in the thread: the triage is posted to the conversation the message is in', async () => {
    const before = teams.posted.length;
    const r = await post(bot, action('thread', '<div>Update failed with error 0x80070005</div>'));
    expect(r.status).toBe(200);
    const sent = teams.posted.slice(before);
    expect(sent.length).toBeGreaterThan(0);
    expect(sent[0]!.path).toContain('/v3/conversations/');
    expect(JSON.stringify(sent[0]!.body)).toContain('0x80070005');
  });
});
