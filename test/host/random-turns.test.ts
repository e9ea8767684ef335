// Whatever a client sends, the bot answers or refuses cleanly and keeps running: random
// activities over real HTTP, with fast-check generating the types, fields, texts and card values.
import fc from 'fast-check';
import { activity, post, startTestBot, type TestBot } from '../support/bot-server';

let bot: TestBot;
beforeAll(async () => {
  bot = await startTestBot({ STORAGE: 'memory' });
});
afterAll(async () => {
  await bot.close();
});

const anyValue = fc.oneof(fc.string(), fc.integer(), fc.boolean(), fc.constant(null), fc.array(fc.string(), { maxLength: 3 }), fc.dictionary(fc.string({ maxLength: 8 }), fc.string(), { maxKeys: 4 }));
const verbs = fc.constantFrom('answer', 'choose', 'not-this', 'change-fact', 'outcome', 'escalate', 'submit-ticket', 'help', 'restart', 'ticket-assign', 'ticket-resolve', 'ticket-note', 'ticket-reopen', 'nonsense', '');
const cardValue = fc.record(
  { verb: verbs, triageId: fc.oneof(fc.constantFrom('t1', 't2', ''), fc.string()), fact: fc.oneof(fc.constantFrom('network-path', 'scope'), fc.string()), value: anyValue, description: fc.string({ maxLength: 5000 }), urgency: fc.string(), causeIndex: anyValue, ticketId: fc.string(), note: fc.string() },
  { requiredKeys: ['verb'] },
);
const text = fc.oneof(fc.string({ maxLength: 300 }), fc.constantFrom('0x800B0004', 'escalate', 'status 7', 'my tickets', 'not sure', 'español', 'restart', '<at>Helpdesk Triage</at> 0x80070005'), fc.string({ unit: 'grapheme', maxLength: 200 }));
const randomActivity = fc.record(
  {
    type: fc.constantFrom('message', 'message', 'message', 'conversationUpdate', 'invoke', 'typing', 'event', 'messageReaction', 'installationUpdate', 'bogus'),
    text,
    value: fc.oneof(cardValue, anyValue),
    locale: fc.oneof(fc.constantFrom('en-US', 'es-ES', 'es', 'fr-FR', ''), fc.string({ maxLength: 12 })),
    name: fc.constantFrom('composeExtension/query', 'adaptiveCard/action', 'signin/verifyState', 'whatever'),
    conversationId: fc.constantFrom('fuzz-a', 'fuzz-b', 'fuzz-c'),
  },
  { requiredKeys: ['type', 'conversationId'] },
);

test('random activities never crash the bot and always get an answer or a clean refusal', async () => {
  await fc.assert(
    fc.asyncProperty(randomActivity, async (a) => {
      const { conversationId, ...fields } = a;
      const r = await post(bot, activity(bot, { ...fields, conversation: { id: conversationId, conversationType: 'personal' } }));
      expect([200, 400]).toContain(r.status);
      expect(bot.logs.filter((l) => l.level === 'error')).toEqual([]);
    }),
    { numRuns: 150 },
  );
  const health = await fetch(`${bot.url}/healthz`);
  expect(health.status).toBe(200);
}, 120_000);
