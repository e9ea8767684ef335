// Drives the real conversation over the real catalog, and describes replies the way a user sees
// them, so conversation tests read as tables of "user says / bot shows".
import { converse, initialConversation, initialUser, type ConversationDeps } from '../../src/conversation/converse';
import type { ConversationState, Reply, Turn, UserState } from '../../src/conversation/types';
import { buildFactDetector } from '../../src/engine/triage/detect-facts';
import { readStrings } from '../../src/node/load-engine';
import { realEngine } from './engine';

let deps: ConversationDeps | undefined;

/** The conversation's dependencies, built from the real data once per test file. */
export function realDeps(): ConversationDeps {
  if (!deps) {
    const { engine, knowledge } = realEngine();
    deps = { engine, knowledge, strings: readStrings(), detector: buildFactDetector(knowledge.facts) };
  }
  return deps;
}

/** A short description of what a reply shows. */
export function shows(r: Reply): string {
  switch (r.view) {
    case 'text':
      return `text: ${r.text}`;
    case 'identification':
      return `identification ${r.match.code} ${r.match.name}`;
    case 'choose-code':
      return `choose ${r.options.map((o) => o.code).join(' ')}`;
    case 'question':
      return `question ${r.fact}`;
    case 'results':
      return `results ${r.current.cause}`;
    case 'escalation-form':
      return `escalation ${r.match?.code ?? '-'}`;
    default:
      return r.view;
  }
}

/** A user and their chat: send turns, keep state between them as the host would. */
export class Chat {
  conversation: ConversationState = initialConversation();
  user: UserState = initialUser();
  last: Reply[] = [];
  effects: unknown[] = [];

  constructor(private readonly locale = 'en-US', private readonly d: ConversationDeps = realDeps()) {}

  send(turn: Turn | string): Reply[] {
    const t: Turn = typeof turn === 'string' ? { kind: 'message', text: turn, locale: this.locale } : { locale: this.locale, ...turn };
    const r = converse(this.d, this.conversation, this.user, t);
    this.conversation = r.conversation;
    this.user = r.user;
    this.last = r.replies;
    this.effects.push(...r.effects);
    return r.replies;
  }

  /** Clicks a button of the last card of the given view. */
  click(data: Record<string, unknown>): Reply[] {
    const id = this.conversation.triage?.id;
    return this.send({ kind: 'action', data: { triageId: id, ...data } });
  }

  /** What the last turn showed, one line per reply. */
  get seen(): string[] {
    return this.last.map(shows);
  }
}
