// The events a triage leaves for the reports, turn by turn, over the real conversation and catalog.
import { converse, initialConversation, initialUser } from '../../src/conversation/converse';
import type { TurnEvent } from '../../src/conversation/triage-events';
import type { ConversationState, Turn, UserState } from '../../src/conversation/types';
import { realDeps } from '../support/conversation';

class EventChat {
  conversation: ConversationState = initialConversation();
  user: UserState = initialUser();
  send(turn: Turn | string): TurnEvent[] {
    const t: Turn = typeof turn === 'string' ? { kind: 'message', text: turn, locale: 'en-US' } : turn;
    const r = converse(realDeps(), this.conversation, this.user, t);
    this.conversation = r.conversation;
    this.user = r.user;
    return r.events;
  }
  click(data: Record<string, unknown>): TurnEvent[] {
    return this.send({ kind: 'action', data: { triageId: this.conversation.triage?.id, ...data } });
  }
}

test('a triage from paste to "fixed": started, identified, each answer, results, outcome', () => {
  const chat = new EventChat();
  const first = chat.send('0x800B0004 behind a proxy with SSL inspection');
  expect(first).toEqual([
    { kind: 'started', triage: 't1' },
    { kind: 'identified', triage: 't1', code: '0x800B0004', codeKind: 'hresult', article: 'trust-subject-not-trusted', facts: expect.objectContaining({ 'network-path': expect.any(String) }) },
  ]);
  const answers: TurnEvent[] = [];
  let events: TurnEvent[] = [];
  while (chat.conversation.triage?.phase === 'asking') {
    events = chat.send('not sure');
    answers.push(...events.filter((e) => e.kind === 'answered'));
  }
  expect(answers.length).toBeGreaterThan(0);
  expect(answers.every((e) => e.kind === 'answered' && e.value === 'unknown')).toBe(true);
  const shown = events.find((e) => e.kind === 'results');
  expect(shown).toMatchObject({ kind: 'results', triage: 't1', article: 'trust-subject-not-trusted' });
  const cause = shown?.kind === 'results' ? shown.cause : '';
  expect(chat.click({ verb: 'outcome', causeIndex: 0, outcome: 'fixed' })).toEqual([
    { kind: 'outcome', triage: 't1', article: 'trust-subject-not-trusted', cause, outcome: 'fixed', facts: expect.any(Object) },
  ]);
});

test('a paste nothing matches is an unmatched event carrying the text for the host to redact', () => {
  expect(new EventChat().send('my printer makes a funny noise')).toEqual([{ kind: 'unmatched', paste: 'my printer makes a funny noise' }]);
});

test('a code without an article is identified with its paste (a knowledge gap)', () => {
  const events = new EventChat().send('setup says 0x8007007A on C:\\Users\\jdoe');
  expect(events[1]).toEqual({ kind: 'identified', triage: 't1', code: '0x8007007A', codeKind: 'hresult', article: null, facts: {}, paste: 'setup says 0x8007007A on C:\\Users\\jdoe' });
});

test('leaving a triage mid-way for another error, or cancelling, abandons it; commands alone record nothing', () => {
  const chat = new EventChat();
  chat.send('0x800B0004');
  expect(chat.send('help')).toEqual([]);
  expect(chat.send('0x80070005').slice(0, 2)).toEqual([{ kind: 'abandoned', triage: 't1' }, { kind: 'started', triage: 't2' }]);
  expect(chat.send('cancel')).toEqual([{ kind: 'abandoned', triage: 't2' }]);
});

test('submitting the escalation form is an escalated event for that triage', () => {
  const chat = new EventChat();
  chat.send('0x800B0004');
  chat.send('escalate');
  const events = chat.click({ verb: 'submit-ticket', description: 'Still failing', urgency: 'normal', contact: '' });
  expect(events).toEqual([{ kind: 'escalated', triage: 't1', code: '0x800B0004', article: 'trust-subject-not-trusted' }]);
});
