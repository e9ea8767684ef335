// The whole Bot Framework token check, with real RS256 tokens: a local identity service publishes
// OpenID metadata and signing keys the way login.botframework.com does, and the bot is pointed at
// it through botbuilder's own endpoint settings. A token the channel would send gets in; one for
// another bot, expired, signed with another key or naming another service URL does not.
import { createSign, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { activity, startTestBot, visible, type PostResult, type TestBot } from '../support/bot-server';

const APP_ID = '6f1c1e5a-3c4b-4f7e-9b8a-2d1e0c9b8a71';
const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';
const ISSUER = 'https://api.botframework.com';
const KID = 'test-signing-key';

const signing = generateKeyPairSync('rsa', { modulusLength: 2048 });
const other = generateKeyPairSync('rsa', { modulusLength: 2048 });

let identity: Server;
let identityUrl: string;
beforeAll(async () => {
  identity = createServer((req, res) => {
    // Two calls, not a chain: restify, loaded in this process, replaces writeHead with one returning nothing.
    const json = (body: unknown) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (req.url === '/v1/.well-known/openidconfiguration') {
      return json({ issuer: ISSUER, jwks_uri: `${identityUrl}/v1/.well-known/keys`, id_token_signing_alg_values_supported: ['RS256'] });
    }
    if (req.url === '/v1/.well-known/keys') {
      // Keys are endorsed for the channels that may use them, as the real service does.
      return json({ keys: [{ ...signing.publicKey.export({ format: 'jwk' }), kid: KID, use: 'sig', endorsements: ['msteams'] }] });
    }
    res.writeHead(404);
    res.end();
  });
  await new Promise<void>((resolve) => identity.listen(0, '127.0.0.1', resolve));
  identityUrl = `http://127.0.0.1:${(identity.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => identity.close(() => resolve())));

const b64url = (x: object | Buffer) => (Buffer.isBuffer(x) ? x : Buffer.from(JSON.stringify(x))).toString('base64url');

/** An RS256 JWT as the Bot Connector service signs it. */
function token(claims: Record<string, unknown>, key: KeyObject = signing.privateKey): string {
  const now = Math.floor(Date.now() / 1000);
  const head = `${b64url({ alg: 'RS256', typ: 'JWT', kid: KID })}.${b64url({ iss: ISSUER, aud: APP_ID, nbf: now - 60, iat: now - 60, exp: now + 3600, ...claims })}`;
  return `${head}.${b64url(createSign('RSA-SHA256').update(head).sign(key))}`;
}

async function postWith(bot: TestBot, body: Record<string, unknown>, bearer: string): Promise<PostResult> {
  const res = await fetch(`${bot.url}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${bearer}` },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as PostResult['body']) : {} };
}

describe.each([
  ['MultiTenant', {}],
  ['SingleTenant', { MicrosoftAppTenantId: TENANT }],
  ['UserAssignedMSI', { MicrosoftAppTenantId: TENANT }],
])('a %s bot', (appType, extra) => {
  let bot: TestBot;
  let n = 0;
  beforeAll(async () => {
    bot = await startTestBot({
      MicrosoftAppId: APP_ID,
      MicrosoftAppType: appType,
      ...(appType === 'UserAssignedMSI' ? {} : { MicrosoftAppPassword: 'not-a-real-secret' }),
      ...extra,
      HOST: '127.0.0.1',
      ToBotFromChannelOpenIdMetadataUrl: `${identityUrl}/v1/.well-known/openidconfiguration`,
      ToBotFromEmulatorOpenIdMetadataUrl: `${identityUrl}/v2.0/.well-known/openid-configuration`,
      ToBotFromChannelTokenIssuer: ISSUER,
      ToChannelFromBotLoginUrl: 'https://login.microsoftonline.com/botframework.com',
      ToChannelFromBotOAuthScope: 'https://api.botframework.com',
      OAuthUrl: 'https://api.botframework.com',
      CallerId: 'urn:botframework:azure',
    });
  });
  afterAll(async () => {
    await bot.close();
  });

  const paste = () => {
    n += 1;
    return activity(bot, { text: '0x800B0004', conversation: { id: `token-${appType}-${n}`, conversationType: 'personal' } });
  };

  test('a token the channel would send gets the triage', async () => {
    const body = paste();
    const r = await postWith(bot, body, token({ serviceurl: body.serviceUrl }));
    expect(r.status).toBe(200);
    expect(visible(r)[0]).toMatch(/^card: 0x800B0004/);
  });

  test.each<[string, (serviceUrl: unknown) => string]>([
    ['for another bot', (serviceUrl) => token({ aud: '00000000-0000-0000-0000-000000000000', serviceurl: serviceUrl })],
    ['expired an hour ago', (serviceUrl) => token({ serviceurl: serviceUrl, nbf: Math.floor(Date.now() / 1000) - 7200, exp: Math.floor(Date.now() / 1000) - 3600 })],
    ['signed with another key', (serviceUrl) => token({ serviceurl: serviceUrl }, other.privateKey)],
    ['from another issuer', (serviceUrl) => token({ serviceurl: serviceUrl, iss: 'https://sts.example.test/' })],
    ['naming another service URL', () => token({ serviceurl: 'https://attacker.example.test/' })],
  ])('a token %s gets 401, and nothing is stored', async (_what, make) => {
    const body = paste();
    const r = await postWith(bot, body, make(body.serviceUrl));
    expect(r.status).toBe(401);
    expect(r.body.activities).toBeUndefined();
    const conversation = (body.conversation as { id: string }).id;
    expect(await bot.storage.read([`msteams/conversations/${conversation}`])).toEqual({});
  });
});
