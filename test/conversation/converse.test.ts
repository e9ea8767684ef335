// Whole conversations against the pure conversation module, as "user says / bot shows" tables.
import { converse } from '../../src/conversation/converse';
import { Chat, realDeps } from '../support/conversation';

type Line = [says: string | Record<string, unknown>, shows: string[]];

/** Plays a script: a string is typed, an object is a click on the current triage's card. */
function play(chat: Chat, script: Line[]): void {
  for (const [says, expected] of script) {
    if (typeof says === 'string') chat.send(says);
    else chat.click(says);
    expect({ says, shows: chat.seen }).toEqual({ says, shows: expected });
  }
}

describe('a triage of 0x800B0004', () => {
  test('happy path: paste, answer by clicking, read the steps, fixed', () => {
    const chat = new Chat();
    play(chat, [
      ['Windows Update failed with 0x800b0004, we are behind a proxy with SSL inspection', ['identification 0x800B0004 TRUST_E_SUBJECT_NOT_TRUSTED', 'question clock-correct']],
      [{ verb: 'answer', fact: 'clock-correct', value: 'yes' }, ['question onset']],
      [{ verb: 'answer', fact: 'onset', value: 'after-network-change' }, ['results revocation-check-blocked']],
      [{ verb: 'outcome', causeIndex: 0, outcome: 'fixed' }, [expect.stringMatching(/^text: Great, glad it's fixed/) as unknown as string]],
    ]);
    expect(chat.effects).toEqual([expect.objectContaining({ kind: 'outcome', article: 'trust-subject-not-trusted', cause: 'revocation-check-blocked', outcome: 'fixed' })]);
  });

  test('the paste\'s facts are said back, and the steps start with a safe one', () => {
    const chat = new Chat();
    const [ident] = chat.send('0x800B0004 on a domain-joined laptop, no proxy');
    expect(ident).toMatchObject({ view: 'identification', understood: expect.arrayContaining([expect.objectContaining({ fact: 'join-state', value: 'ad-domain' }), expect.objectContaining({ fact: 'network-path', value: 'direct' })]) });
    while (chat.last.some((r) => r.view === 'question')) chat.send('not sure');
    const results = chat.last.find((r) => r.view === 'results');
    expect(results?.view).toBe('results');
    if (results?.view === 'results') {
      expect(results.steps[0]).toMatchObject({ risk: 'safe' });
      expect(results.causes.map((c) => c.percent).reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(98);
    }
  });

  test('typed answers work like clicks, in English and Spanish', () => {
    const en = new Chat();
    play(en, [
      ['0x800B0004', ['identification 0x800B0004 TRUST_E_SUBJECT_NOT_TRUSTED', 'question security-software']],
      ['yes, another product', ['question scope']],
      ['2', ['question network-path']],
      ['dunno', ['question clock-correct']],
    ]);
    expect(en.conversation.triage?.facts).toEqual({ 'security-software': 'third-party', scope: 'many-machines', 'network-path': 'unknown' });
    const es = new Chat('es-ES');
    es.send('La actualización falló con el error 0x800B0004');
    expect(es.last[1]).toMatchObject({ view: 'question', fact: 'security-software', text: expect.stringMatching(/^¿Hay instalado software de seguridad/) });
    play(es, [
      ['sí, otro producto', ['question scope']],
      ['no lo sé', ['question clock-correct']],
    ]);
  });

  test('an answer it cannot read asks again without losing anything', () => {
    const chat = new Chat();
    chat.send('0x800B0004');
    play(chat, [['purple', ['text: I didn\'t catch that. Pick one of the answers, or say "not sure".', 'question security-software']]]);
  });

  test('not fixed → the next cause; after the last one, escalation is offered', () => {
    const chat = new Chat();
    chat.send('0x800B0004 no proxy, only defender, on all machines, domain joined');
    while (chat.last.some((r) => r.view === 'question')) chat.send('not sure');
    const first = chat.last.find((r) => r.view === 'results');
    expect(first?.view === 'results' && first.causeIndex).toBe(0);
    const causes = first?.view === 'results' ? first.causes.map((c) => c.cause) : [];
    expect(causes.length).toBe(6);
    for (let i = 1; i < causes.length; i++) {
      chat.click({ verb: 'outcome', causeIndex: i - 1, outcome: 'not-fixed' });
      expect(chat.seen).toEqual(["text: Let's try the next most likely cause.", `results ${causes[i]}`]);
    }
    chat.click({ verb: 'outcome', causeIndex: causes.length - 1, outcome: 'not-fixed' });
    expect(chat.seen[0]).toMatch(/run out of causes/);
    chat.send('escalate');
    expect(chat.last[0]).toMatchObject({ view: 'escalation-form', match: { code: '0x800B0004' }, tried: causes.map((cause) => ({ cause, outcome: 'not-fixed' })) });
  });
});

describe('at any point', () => {
  test('a new code mid-triage starts a new triage', () => {
    const chat = new Chat();
    chat.send('0x800B0004');
    const firstId = chat.conversation.triage?.id;
    chat.send('actually it now says 0x80070005');
    expect(chat.seen[0]).toBe('identification 0x80070005 E_ACCESSDENIED');
    expect(chat.conversation.triage?.id).not.toBe(firstId);
  });

  test('a click on the card of an earlier triage changes nothing', () => {
    const chat = new Chat();
    chat.send('0x800B0004');
    const old = chat.conversation.triage!.id;
    chat.send('0x80070005');
    const before = structuredClone(chat.conversation);
    chat.send({ kind: 'action', data: { verb: 'answer', triageId: old, fact: 'clock-correct', value: 'no' } });
    expect(chat.seen).toEqual(['text: That card belongs to an earlier triage, so I ignored the click. Use the latest card.']);
    expect(chat.conversation).toEqual(before);
  });

  test('a second click on an answered question does not answer twice', () => {
    const chat = new Chat();
    chat.send('0x800B0004');
    chat.click({ verb: 'answer', fact: 'security-software', value: 'defender-only' });
    const before = structuredClone(chat.conversation);
    chat.click({ verb: 'answer', fact: 'security-software', value: 'third-party' });
    expect(chat.seen[0]).toMatch(/^text: That card belongs/);
    expect(chat.conversation).toEqual(before);
  });

  test.each([
    ['help', ['help']],
    ['cancel', ['text: OK, I\'ve stopped this triage. Paste another error whenever you like.']],
    ['español', ['text: A partir de ahora hablaré en español.']],
  ])('"%s"', (command, shows) => {
    const chat = new Chat();
    chat.send('0x800B0004');
    play(chat, [[command, shows]]);
  });

  test('restart forgets the triage and the remembered answers', () => {
    const chat = new Chat();
    chat.send('0x800B0004');
    chat.click({ verb: 'answer', fact: 'security-software', value: 'defender-only' });
    expect(chat.user.facts).toEqual({ 'security-software': 'defender-only' });
    play(chat, [['restart', ['text: Starting over: I\'ve cleared this conversation and the answers I remembered for you.']]]);
    expect(chat.user.facts).toEqual({});
    expect(chat.conversation.triage).toBeUndefined();
  });

  test('answers are remembered for the next triage and offered back; they can be changed', () => {
    const chat = new Chat();
    chat.send('0x800B0004');
    chat.click({ verb: 'answer', fact: 'security-software', value: 'defender-only' });
    chat.send('0x800B0004 again on another update');
    const [ident, next] = chat.last;
    expect(ident).toMatchObject({ view: 'identification', remembered: [expect.objectContaining({ fact: 'security-software', value: 'defender-only' })] });
    expect(next).toMatchObject({ view: 'question' });
    expect(next?.view === 'question' && next.fact).not.toBe('security-software');
    chat.click({ verb: 'change-fact', fact: 'security-software' });
    expect(chat.seen).toEqual(['question security-software']);
  });

  test('no code and no known message gets a helpful answer', () => {
    const chat = new Chat();
    play(chat, [['my computer is slow', [expect.stringMatching(/^text: I couldn't find a Windows error code/) as unknown as string]]]);
  });

  test('a message without text, and an oversized paste, get a clear answer', () => {
    const chat = new Chat();
    expect(chat.send({ kind: 'no-text' }).map((r) => r.view)).toEqual(['text']);
    chat.send('x'.repeat(40000));
    expect(chat.seen[0]).toMatch(/That's 40000 characters; I read at most 28672/);
  });

  test('several codes in one paste: the user chooses which one', () => {
    const chat = new Chat();
    chat.send('first 0x800B0004 then later 0x80070005');
    expect(chat.seen).toEqual(['choose 0x800B0004 0x80070005']);
    chat.click({ verb: 'choose', code: '0x80070005', kind: 'hresult' });
    expect(chat.seen[0]).toBe('identification 0x80070005 E_ACCESSDENIED');
  });
});

describe('outcomes and privacy', () => {
  test('the outcome is credited to the cause the card showed, even if learning reorders the causes meanwhile', () => {
    const boosts: Record<string, number> = {};
    const deps = { ...realDeps(), priorBoost: (key: string) => boosts[key] ?? 1 };
    const chat = new Chat('en-US', deps);
    chat.send('0x800B0004 no proxy, only defender, on all machines, domain joined');
    while (chat.last.some((r) => r.view === 'question')) chat.send('not sure');
    const shown = chat.last.find((r) => r.view === 'results');
    const [first, second] = shown?.view === 'results' ? shown.causes.map((c) => c.cause) : [];
    // Another user's outcome lands between the two clicks and would now rank the second cause first.
    chat.click({ verb: 'outcome', causeIndex: 0, outcome: 'not-fixed' });
    boosts[`trust-subject-not-trusted/${second}`] = 0.01;
    chat.click({ verb: 'outcome', causeIndex: 1, outcome: 'fixed' });
    expect(chat.effects).toEqual([
      expect.objectContaining({ cause: first, outcome: 'not-fixed' }),
      expect.objectContaining({ cause: second, outcome: 'fixed' }),
    ]);
  });

  test('the clicked results card keeps its steps and shows the answer instead of the buttons', () => {
    const chat = new Chat();
    chat.send('0x800B0004 behind a proxy with SSL inspection, on all machines, after a firewall change');
    while (chat.last.some((r) => r.view === 'question')) chat.send('not sure');
    const r = converse(realDeps(), chat.conversation, chat.user, { kind: 'action', data: { verb: 'outcome', triageId: chat.conversation.triage!.id, causeIndex: 0, outcome: 'not-fixed', label: 'No, still failing' } });
    expect(r.updated).toMatchObject({ view: 'results', causeIndex: 0, answered: 'No, still failing', steps: expect.arrayContaining([expect.objectContaining({ n: 1 })]) });
  });

  test('answers given in a personal chat are not shown or stored in a team channel', () => {
    const chat = new Chat();
    chat.send('0x800B0004');
    chat.click({ verb: 'answer', fact: 'security-software', value: 'third-party' });
    expect(chat.user.facts).toEqual({ 'security-software': 'third-party' });
    const inChannel = converse(realDeps(), { started: 0 }, chat.user, { kind: 'message', text: '0x800B0004', scope: 'channel' });
    expect(inChannel.replies[0]).toMatchObject({ view: 'identification', remembered: [] });
    expect(inChannel.replies[1]).toMatchObject({ view: 'question', fact: 'security-software' });
    const answered = converse(realDeps(), inChannel.conversation, inChannel.user, { kind: 'message', text: '2', scope: 'channel' });
    expect(answered.conversation.triage?.facts).toMatchObject({ 'security-software': 'defender-only' });
    expect(answered.user.facts).toEqual({ 'security-software': 'third-party' });
  });
});

test('with the steps on screen, "not sure" is not taken for a new error', () => {
  const chat = new Chat();
  chat.send('0x800B0004 behind a proxy with SSL inspection, on all machines, after a firewall change');
  while (chat.last.some((r) => r.view === 'question')) chat.send('not sure');
  expect(chat.conversation.triage?.phase).toBe('results');
  const id = chat.conversation.triage?.id;
  expect(chat.send('not sure').map((r) => r.view)).toEqual(['text']);
  expect(chat.conversation.triage?.id).toBe(id);
  expect(chat.send('0x80070005')[0]).toMatchObject({ view: 'identification' });
});

test('a lead\'s tree in dialogs/trees fixes the order of the questions for its article', () => {
  const tree = realDeps().knowledge.trees.find((t) => t.article === 'update-service-disabled')!;
  expect(tree.order.slice(0, 2)).toEqual(['scope', 'join-state']);
  const chat = new Chat();
  chat.send('0x80070422');
  expect(chat.seen[1]).toBe('question scope');
  chat.send('only this machine');
  expect(chat.seen[0]).toBe('question join-state');
  // What the paste already says is skipped; a clear leader ends the questions early.
  const other = new Chat();
  other.send('0x80070422, only this machine');
  expect(other.seen[1]).toBe('question join-state');
  const many = new Chat();
  many.send('0x80070422 on all machines');
  expect(many.seen[1]).toBe('results disabled-by-policy');
});

test('facts are read from what the user wrote, not from the log lines they pasted', () => {
  const chat = new Chat();
  const log = ['2026-11-27 10:00:01.123 1234 5678 Misc Service went offline, retrying through a proxy', '2026-11-27 10:00:02.456 1234 5678 Agent Exit code = 0x800B0004'].join('\n');
  const [ident] = chat.send(`We are on the VPN today.\n${log}`);
  expect(ident).toMatchObject({ view: 'identification', understood: [expect.objectContaining({ fact: 'network-path', value: 'vpn' })] });
});
