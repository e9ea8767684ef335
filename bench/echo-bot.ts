// The baseline for npm run bench: an echo bot on the same stack and settings as the real bot
// (restify, CloudAdapter, anonymous, expectReplies), replying with the text it was sent.
import { CloudAdapter, ConfigurationBotFrameworkAuthentication, MessageFactory } from 'botbuilder';
import * as restify from 'restify';

const adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication({}));
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
