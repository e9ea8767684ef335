// With an app id configured, only the Bot Framework gets in; other tenants are refused politely.
import { activity, post, startTestBot, visible, type TestBot } from '../support/bot-server';

describe('with MicrosoftAppId set', () => {
  let bot: TestBot;
  beforeAll(async () => {
    bot = await startTestBot({ MicrosoftAppId: '11111111-2222-3333-4444-555555555555', MicrosoftAppPassword: 'not-a-real-secret', HOST: '127.0.0.1' });
  });
  afterAll(async () => {
    await bot.close();
  });

  test('a request without a token gets 401 and runs no logic', async () => {
    const r = await post(bot, activity(bot, { text: '0x800B0004', conversation: { id: 'auth-1', conversationType: 'personal' } }));
    expect(r.status).toBe(401);
    expect(r.body.activities).toBeUndefined();
    const items = await bot.storage.read(['msteams/conversations/auth-1']);
    expect(items).toEqual({});
  });

  test('a request with a forged token gets 401', async () => {
    const res = await fetch(`${bot.url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer eyJhbGciOiJub25lIn0.eyJpc3MiOiJtZSJ9.' },
      body: JSON.stringify(activity(bot, { text: 'hello', conversation: { id: 'auth-2', conversationType: 'personal' } })),
    });
    expect(res.status).toBe(401);
  });
});

describe('with ALLOWED_TENANTS set', () => {
  let bot: TestBot;
  beforeAll(async () => {
    bot = await startTestBot({ ALLOWED_TENANTS: 'tenant-contoso, tenant-fabrikam' });
  });
  afterAll(async () => {
    await bot.close();
  });

  test('a user of another tenant gets a polite refusal and nothing is stored', async () => {
    const r = await post(bot, activity(bot, { text: '0x800B0004', channelData: { tenant: { id: 'tenant-evil' } }, conversation: { id: 'ten-1', conversationType: 'personal', tenantId: 'tenant-evil' } }));
    expect(visible(r)).toEqual(['text: Sorry, this Helpdesk Triage bot serves another organisation. Ask your own IT team which bot to use.']);
    expect(await bot.storage.read(['msteams/conversations/ten-1', 'msteams/users/user-1'])).toEqual({});
  });

  test('a user of an allowed tenant is served', async () => {
    const r = await post(bot, activity(bot, { text: '0x800B0004', channelData: { tenant: { id: 'tenant-fabrikam' } }, conversation: { id: 'ten-2', conversationType: 'personal', tenantId: 'tenant-fabrikam' } }));
    expect(visible(r)[0]).toBe('card: 0x800B0004 TRUST_E_SUBJECT_NOT_TRUSTED');
  });
});
