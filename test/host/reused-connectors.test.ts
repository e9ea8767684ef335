// The reuse of Bot Connector clients: one client per bot identity and service URL, a bounded
// number of them, and every request still authenticated on its own.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ConfigurationBotFrameworkAuthentication, type Activity } from 'botbuilder';
import type { ConnectorClient } from 'botframework-connector';
import { ReusedConnectors } from '../../src/host/reused-connectors';

/** A Bot Connector stand-in that records the paths it is sent activities on. */
let connector: Server;
let base: string;
const paths: string[] = [];
beforeAll(async () => {
  connector = createServer((req, res) => {
    paths.push(req.url ?? '');
    req.resume();
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"id":"1"}');
    });
  });
  await new Promise<void>((resolve) => connector.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(connector.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => connector.close(() => resolve())));

/** Sends an activity with the client and returns the path the service saw. */
async function sentTo(client: ConnectorClient): Promise<string> {
  paths.length = 0;
  await client.conversations.sendToConversation('c1', { type: 'message', text: 'hi' });
  return paths[0]!;
}

const activity = (serviceUrl: string): Activity =>
  ({
    type: 'message',
    channelId: 'msteams',
    serviceUrl,
    from: { id: 'u1' },
    recipient: { id: 'bot' },
    conversation: { id: 'c1' },
  }) as Activity;

async function connectorFor(auth: ReusedConnectors, serviceUrl: string) {
  const result = await auth.authenticateRequest(activity(serviceUrl), '');
  return result.connectorFactory!.create(serviceUrl, result.audience);
}

describe('connector clients', () => {
  test('turns from the same service URL share one client; another service URL gets its own', async () => {
    const auth = new ReusedConnectors(new ConfigurationBotFrameworkAuthentication({}));
    const a = await connectorFor(auth, `${base}/emea/`);
    const b = await connectorFor(auth, `${base}/emea/`);
    const c = await connectorFor(auth, `${base}/amer/`);
    expect(b).toBe(a);
    expect(c).not.toBe(a);
    // Each client still talks to its own service.
    expect(await sentTo(a)).toBe('/emea/v3/conversations/c1/activities');
    expect(await sentTo(c)).toBe('/amer/v3/conversations/c1/activities');
  });

  test('a stream of different service URLs keeps at most 64 clients', async () => {
    const auth = new ReusedConnectors(new ConfigurationBotFrameworkAuthentication({}));
    for (let i = 0; i < 100; i++) await connectorFor(auth, `${base}/${i}/`);
    expect(auth.clientCount).toBe(64);
    // The oldest were forgotten: asking for one again builds a working client anew.
    const again = await connectorFor(auth, `${base}/0/`);
    expect(await sentTo(again)).toBe('/0/v3/conversations/c1/activities');
  });

  test('proactive messages (createConnectorFactory) reuse the same clients as turns', async () => {
    const auth = new ReusedConnectors(new ConfigurationBotFrameworkAuthentication({}));
    const result = await auth.authenticateRequest(activity('https://example.test/p/'), '');
    const fromTurn = await result.connectorFactory!.create('https://example.test/p/', result.audience);
    const proactive = await auth.createConnectorFactory(result.claimsIdentity).create('https://example.test/p/', result.audience);
    expect(proactive).toBe(fromTurn);
  });

  test('the user token client is built once per bot identity', async () => {
    const auth = new ReusedConnectors(new ConfigurationBotFrameworkAuthentication({}));
    const { claimsIdentity } = await auth.authenticateRequest(activity('https://example.test/'), '');
    expect(await auth.createUserTokenClient(claimsIdentity)).toBe(await auth.createUserTokenClient(claimsIdentity));
  });

  test('with an app id, a request without a token is refused every time, cached clients or not', async () => {
    const auth = new ReusedConnectors(new ConfigurationBotFrameworkAuthentication({ MicrosoftAppId: '00000000-0000-0000-0000-000000000001', MicrosoftAppPassword: 'not-a-real-secret' }));
    for (let i = 0; i < 2; i++) {
      await expect(auth.authenticateRequest(activity('https://smba.trafficmanager.net/emea/'), '')).rejects.toMatchObject({ statusCode: 401 });
    }
    expect(auth.clientCount).toBe(0);
  });
});
