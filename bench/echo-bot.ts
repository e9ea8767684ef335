// The baseline for npm run bench: an echo bot on the same stack and settings as the real bot
// (restify, CloudAdapter, anonymous, expectReplies), replying with the text it was sent.
// REUSE_CONNECTORS=1 gives it the real bot's reuse of Bot Connector clients, so the bench can
// show what that alone is worth.
import { CloudAdapter, ConfigurationBotFrameworkAuthentication, MessageFactory } from 'botbuilder';
import * as restify from 'restify';
import { ReusedConnectors } from '../src/host/reused-connectors';

const auth = new ConfigurationBotFrameworkAuthentication({});
const adapter = new CloudAdapter(process.env.REUSE_CONNECTORS === '1' ? new ReusedConnectors(auth) : auth);
const server = restify.createServer();
server.use(restify.plugins.bodyParser({ maxBodySize: 256 * 1024, mapParams: false }));
server.post('/api/messages', async (req, res) => {
  await adapter.process(req, res, async (context) => {
    if (context.activity.type === 'message') await context.sendActivity(MessageFactory.text(`echo: ${context.activity.text ?? ''}`));
  });
});
server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  const address = server.address();
  console.log(JSON.stringify({ msg: 'listening', url: `http://127.0.0.1:${address.port}/api/messages` }));
});
process.once('SIGTERM', () => server.close(() => process.exit(0)));
