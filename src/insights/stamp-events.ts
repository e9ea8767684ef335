// Turns a turn's events into stored ones: the time, the user and the conversation as hashes, the
// tenant, and for a knowledge gap its key and one redacted sample. The only text that leaves here
// has been through redact().
import { createHash } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import type { TurnEvent } from '../conversation/triage-events';
import { redact } from './redact';
import type { GapSample, TriageEvent } from './types';

export interface TurnStamp {
  at: number;
  /** The user's Teams or Entra id, hashed here. */
  userId: string;
  tenant?: string;
  /** The conversation's id, hashed here: a triage's key is the hash and its number in the chat. */
  conversationId: string;
}

/** A kept sample is a few lines: enough to recognise the error, little else of the paste. */
const SAMPLE_CHARS = 400;
/** Words of an unmatched message that name its gap: a message differs after them by details. */
const GAP_WORDS = 8;

/** The people and chats of the last few thousand turns: hashing each again is most of a turn's event cost. */
const hashed = new LRUCache<string, string>({ max: 10_000 });

/** A short, stable pseudonym (base64url of SHA-256, 16 characters: 96 bits). */
export function hashId(value: string): string {
  let h = hashed.get(value);
  if (h === undefined) hashed.set(value, (h = createHash('sha256').update(value, 'utf8').digest('base64url').slice(0, 16)));
  return h;
}

/** The gap an unmatched paste belongs to: its first words, without numbers or placeholders. */
export function messageGap(redacted: string): string {
  const words = redacted
    .toLowerCase()
    .replace(/\[[a-z]+\]/g, ' ')
    .match(/\p{L}{2,}/gu);
  return `text:${(words ?? []).slice(0, GAP_WORDS).join(' ')}`;
}

/** Stored events and gap samples for a turn's events. */
export function stampEvents(turn: readonly TurnEvent[], stamp: TurnStamp): { events: TriageEvent[]; samples: GapSample[] } {
  const user = hashId(`user:${stamp.userId}`);
  const conversation = hashId(`conversation:${stamp.conversationId}`);
  const base = { at: stamp.at, user, ...(stamp.tenant ? { tenant: stamp.tenant } : {}) };
  const events: TriageEvent[] = [];
  const samples: GapSample[] = [];
  const keep = (gap: string, paste: string) => samples.push({ gap, sample: redact(paste.slice(0, SAMPLE_CHARS * 2)).slice(0, SAMPLE_CHARS), at: stamp.at });
  for (const e of turn) {
    const triage = 'triage' in e && e.triage ? `${conversation}/${e.triage}` : '';
    switch (e.kind) {
      case 'started':
      case 'abandoned':
        events.push({ ...base, kind: e.kind, triage });
        break;
      case 'identified': {
        const gap = e.article ? undefined : e.code;
        events.push({ ...base, kind: 'identified', triage, code: e.code, codeKind: e.codeKind, ...(e.article ? { article: e.article } : { gap }), ...(Object.keys(e.facts).length ? { facts: e.facts } : {}) });
        if (gap && e.paste) keep(gap, e.paste);
        break;
      }
      case 'answered':
        events.push({ ...base, kind: 'answered', triage, fact: e.fact, value: e.value });
        break;
      case 'results':
        events.push({ ...base, kind: 'results', triage, article: e.article, cause: e.cause });
        break;
      case 'outcome':
        events.push({ ...base, kind: 'outcome', triage, article: e.article, cause: e.cause, outcome: e.outcome, facts: e.facts });
        break;
      case 'escalated':
        events.push({ ...base, kind: 'escalated', triage, ...(e.code ? { code: e.code } : {}), ...(e.article ? { article: e.article } : {}) });
        break;
      case 'unmatched': {
        const gap = messageGap(redact(e.paste.slice(0, SAMPLE_CHARS * 2)));
        events.push({ ...base, kind: 'unmatched', triage: '', gap });
        keep(gap, e.paste);
        break;
      }
    }
  }
  return { events, samples };
}
