// The "reading your screenshot" line is sent from a timer while the image is fetched and read. A
// connector that refuses that send (403 when the bot is not in the conversation, 429, 5xx) must
// cost the line only: the images are still read and the turn goes on.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { BotAdapter, TurnContext, type Activity, type ConversationReference, type ResourceResponse } from 'botbuilder';
import { Intake } from '../../src/host/intake-turn';
import type { Logger } from '../../src/host/logger';
import { OcrPool } from '../../src/intake/ocr/ocr-pool';
import { readStrings } from '../../src/node/load-engine';
import { realEngine } from '../support/engine';

/** A Bot Connector that answers every send with an error, as Teams does for a conversation the bot left. */
class RefusingConnector extends BotAdapter {
  sent = 0;
  async sendActivities(): Promise<ResourceResponse[]> {
    this.sent++;
    throw new Error('Forbidden: the bot is not part of the conversation roster');
  }
  async updateActivity(): Promise<void> {}
  async deleteActivity(): Promise<void> {}
  async continueConversation(_ref: Partial<ConversationReference>): Promise<void> {}
}

jest.setTimeout(60_000);

let server: Server;
let url: string;
const ocr = new OcrPool({ size: 1 });
beforeAll(async () => {
  // An image host that is slow to say "not found", so the notice is due while the fetch runs.
  server = createServer((_req, res) =>
    setTimeout(() => {
      res.statusCode = 404;
      res.end();
    }, 100),
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v3/attachments/a/views/original`;
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  await ocr.close();
});

function intakeWith(warnings: string[]): Intake {
  const logger: Logger = { info: () => {}, error: () => {}, warn: (msg) => warnings.push(msg) };
  return new Intake({ engine: realEngine().engine, strings: readStrings(), ocr, anonymous: true, logger, limits: { slowNoticeMs: 0, imageTimeoutMs: 60_000 } });
}

const activity = () => ({ type: 'message', serviceUrl: `${new URL(url).origin}/`, channelId: 'msteams', conversation: { id: 'c1' }, from: { id: 'u1' }, recipient: { id: 'b1' } }) as Activity;

test('a refused "reading your screenshot" send is logged, and the images are still answered', async () => {
  const warnings: string[] = [];
  const connector = new RefusingConnector();
  const read = await intakeWith(warnings).readImages(new TurnContext(connector, activity()), [{ contentType: 'image/png', contentUrl: url }], 'en');
  expect(connector.sent).toBe(1);
  expect(read.refusals.map((r) => r.reason)).toEqual(['http-status']);
  expect(warnings).toContain('could not send the reading notice');
});

test('with notify off (a private message action) nothing is sent into the conversation', async () => {
  const connector = new RefusingConnector();
  const read = await intakeWith([]).readImages(new TurnContext(connector, activity()), [{ contentType: 'image/png', contentUrl: url }], 'en', { notify: false });
  expect(connector.sent).toBe(0);
  expect(read.refusals.map((r) => r.reason)).toEqual(['http-status']);
});
