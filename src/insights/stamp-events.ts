// Turns a turn's events into stored ones: the time, the user and the conversation as hashes, the
// tenant, and for a knowledge gap its key and one redacted sample. The only text that leaves here
// has been through redact().
import { createHash } from 'node:crypto';
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

/**
 * The people and chats of the last few thousand turns: hashing each again is most of a turn's
 * event cost. Two generations of plain maps rather than an LRU list: a busy bot's new users cost
 * a map insert, not a list update and an eviction each.
 */
const GENERATION = 10_000;
let recent = new Map<string, string>();
let older = new Map<string, string>();

/** A short, stable pseudonym (base64url of SHA-256, 16 characters: 96 bits). */
export function hashId(value: string): string {
  let h = recent.get(value);
  if (h !== undefined) return h;
  h = older.get(value) ?? createHash('sha256').update(value, 'utf8').digest('base64url').slice(0, 16);
  if (recent.size >= GENERATION) {
    older = recent;
    recent = new Map();
  }
  recent.set(value, h);
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
  // Each event built whole, without spreads: this runs on every turn.
  const event = (kind: TriageEvent['kind'], triage: string): TriageEvent => {
    const e: TriageEvent = { at: stamp.at, kind, triage, user };
    if (stamp.tenant) e.tenant = stamp.tenant;
    return e;
  };
  const events: TriageEvent[] = [];
  const samples: GapSample[] = [];
  const keep = (gap: string, paste: string) => samples.push({ gap, sample: redact(paste.slice(0, SAMPLE_CHARS * 2)).slice(0, SAMPLE_CHARS), at: stamp.at });
  for (const e of turn) {
    const triage = 'triage' in e && e.triage ? `${conversation}/${e.triage}` : '';
    switch (e.kind) {
      case 'started':
      case 'abandoned':
        events.push(event(e.kind, triage));
        break;
      case 'identified': {
        const out = event('identified', triage);
        out.code = e.code;
        out.codeKind = e.codeKind;
        if (e.article) out.article = e.article;
        else out.gap = e.code;
        for (const _ in e.facts) {
          out.facts = e.facts;
          break;
        }
        events.push(out);
        if (!e.article && e.code && e.paste) keep(e.code, e.paste);
        break;
      }
      case 'answered': {
        const out = event('answered', triage);
        out.fact = e.fact;
        out.value = e.value;
        events.push(out);
        break;
      }
      case 'results': {
        const out = event('results', triage);
        out.article = e.article;
        out.cause = e.cause;
        events.push(out);
        break;
      }
      case 'outcome': {
        const out = event('outcome', triage);
        out.article = e.article;
        out.cause = e.cause;
        out.outcome = e.outcome;
        out.facts = e.facts;
        events.push(out);
        break;
      }
      case 'escalated': {
        const out = event('escalated', triage);
        if (e.code) out.code = e.code;
        if (e.article) out.article = e.article;
        events.push(out);
        break;
      }
      case 'unmatched': {
        const gap = messageGap(redact(e.paste.slice(0, SAMPLE_CHARS * 2)));
        const out = event('unmatched', '');
        out.gap = gap;
        events.push(out);
        keep(gap, e.paste);
        break;
      }
    }
  }
  return { events, samples };
}
