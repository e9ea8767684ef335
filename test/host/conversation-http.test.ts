// The conversation tables again, over HTTP against the real bot: what a Teams client posts, and
// the first line of each message it gets back.
import { activity, post, startTestBot, submits, visible, type TestBot } from '../support/bot-server';

let bot: TestBot;
beforeAll(async () => {
  bot = await startTestBot();
});
afterAll(async () => {
  await bot.close();
});

type Line = [says: string | Record<string, unknown>, shows: (string | RegExp)[]];

/** Plays a script in one conversation: strings are typed, objects are card clicks. */
async function play(conversation: string, locale: string, script: Line[]): Promise<void> {
  let lastCards: unknown = [];
  for (const [says, expected] of script) {
    const value = typeof says === 'string' ? undefined : { ...clickData(lastCards, says) };
    const r = await post(bot, activity(bot, { ...(value ? { value } : { text: says }), locale, from: { id: `user-${conversation}`, name: 'Ana' }, conversation: { id: conversation, conversationType: 'personal' } }));
    const got = visible(r);
    expect({ says, got: got.map((g, i) => (expected[i] instanceof RegExp && (expected[i] as RegExp).test(g) ? expected[i] : g)) }).toEqual({ says, got: expected });
    lastCards = r.body.activities;
  }
}

/** The data of the button on the last cards whose data contains every field of `match`. */
function clickData(cards: unknown, match: Record<string, unknown>): Record<string, unknown> {
  const all = submits(cards);
  const found = all.find((d) => Object.entries(match).every(([k, v]) => d[k] === v));
  if (!found) throw new Error(`No button with ${JSON.stringify(match)} among ${JSON.stringify(all.map((d) => d.verb))}`);
  return found;
}

const IDENT = 'card: 0x800B0004 TRUST_E_SUBJECT_NOT_TRUSTED';

test('typed answers, then the steps', async () => {
  await play('h-typed', 'en-US', [
    ['0x800B0004', [IDENT, 'card: Question 1 of at most 4']],
    ['yes, another product', ['card: Question 2 of at most 4']],
    ['2', ['card: Question 3 of at most 4']],
    ['dunno', ['card: Question 4 of at most 4']],
    ['not sure', ['card: Most likely causes']],
  ]);
});

test('in Spanish', async () => {
  await play('h-es', 'es-ES', [
    ['La actualización falló con el error 0x800B0004', [IDENT, 'card: Pregunta 1 de 4 como máximo']],
    ['sí, otro producto', ['card: Pregunta 2 de 4 como máximo']],
    ['cancelar', ['text: De acuerdo, he detenido este diagnóstico. Pega otro error cuando quieras.']],
  ]);
});

test('a new code mid-triage, cancel and restart', async () => {
  await play('h-new', 'en-US', [
    ['0x800B0004', [IDENT, 'card: Question 1 of at most 4']],
    ['now it says 0x80070005', ['card: 0x80070005 E_ACCESSDENIED', /^card: Question 1 of at most 4|^card: Most likely causes/]],
    ['cancel', ['text: OK, I\'ve stopped this triage. Paste another error whenever you like.']],
    ['cancel', ['text: There\'s nothing in progress. Paste an error code or message to start.']],
    ['restart', ['text: Starting over: I\'ve cleared this conversation and the answers I remembered for you.']],
  ]);
});

test('the next-cause path with clicks', async () => {
  await play('h-next', 'en-US', [
    ['0x800B0004 behind a proxy with SSL inspection, on all machines, after a firewall change', [IDENT, 'card: Most likely causes']],
    [{ verb: 'outcome', outcome: 'not-fixed' }, ['text: Let\'s try the next most likely cause.', 'card: Most likely causes']],
    [{ verb: 'outcome', outcome: 'fixed' }, [/^text: Great, glad it's fixed!/]],
  ]);
});
