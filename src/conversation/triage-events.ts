// What a turn did to the triage, as events for the helpdesk's reports: worked out from the state
// before and after the turn, so the conversation itself needs only to say which paste matched
// nothing. The host stamps them (time, hashed user, tenant) and stores them off the reply path.
import type { ConversationState, Effect, Reply } from './types';
import type { CodeKind } from '../engine/codes/code-tables';

export type TurnEvent =
  | { kind: 'started'; triage: string }
  | { kind: 'identified'; triage: string; code: string; codeKind: CodeKind; article: string | null; facts: Record<string, string>; paste?: string }
  | { kind: 'answered'; triage: string; fact: string; value: string }
  | { kind: 'results'; triage: string; article: string; cause: string }
  | { kind: 'outcome'; triage: string; article: string; cause: string; outcome: 'fixed' | 'not-fixed'; facts: Record<string, string> }
  | { kind: 'escalated'; triage: string; code?: string; article?: string }
  | { kind: 'abandoned'; triage: string }
  /** A paste in which nothing was recognised: the raw text, which the host redacts before keeping it. */
  | { kind: 'unmatched'; paste: string };

export interface TurnOutput {
  conversation: ConversationState;
  replies: readonly Reply[];
  effects: readonly Effect[];
  /** The text of a paste that matched nothing, when the turn was one. */
  unmatched: string | null;
}

/** The events of one turn, in the order they happened. */
export function triageEvents(before: ConversationState, after: TurnOutput): TurnEvent[] {
  const events: TurnEvent[] = [];
  const was = before.triage;
  const now = after.conversation.triage;
  const isNew = Boolean(now && now.id !== was?.id);
  const unfinished = was && was.phase !== 'closed' && was.chosen !== null;
  // A triage left mid-way for another one, or cancelled, or reset.
  if (unfinished && (isNew || !now)) events.push({ kind: 'abandoned', triage: was.id });
  if (after.unmatched !== null) events.push({ kind: 'unmatched', paste: after.unmatched });
  if (now) {
    if (isNew && (now.candidates.length > 0 || now.paste)) events.push({ kind: 'started', triage: now.id });
    const chosen = now.chosen;
    const rechosen = chosen && (isNew || !was?.chosen || was.chosen.code !== chosen.code || was.chosen.kind !== chosen.kind);
    if (chosen && rechosen) {
      events.push({
        kind: 'identified',
        triage: now.id,
        code: chosen.code,
        codeKind: chosen.kind,
        article: chosen.article,
        facts: { ...now.facts },
        // Without an article this is a knowledge gap, and one sample of it is kept (redacted).
        ...(chosen.article ? {} : { paste: now.paste }),
      });
    }
    const askedBefore = !isNew && was ? was.asked : [];
    for (const fact of now.asked) if (!askedBefore.includes(fact)) events.push({ kind: 'answered', triage: now.id, fact, value: now.facts[fact] ?? 'unknown' });
    for (const r of after.replies) {
      if (r.view === 'results' && r.answered === null && chosen?.article) events.push({ kind: 'results', triage: now.id, article: chosen.article, cause: r.cause });
    }
  }
  for (const e of after.effects) {
    if (e.kind === 'outcome') events.push({ kind: 'outcome', triage: now?.id ?? '', article: e.article, cause: e.cause, outcome: e.outcome, facts: e.facts });
    if (e.kind === 'create-ticket') {
      const code = now?.id === e.triageId ? now.chosen : null;
      events.push({ kind: 'escalated', triage: e.triageId, ...(code ? { code: code.code, ...(code.article ? { article: code.article } : {}) } : {}) });
    }
  }
  return events;
}
