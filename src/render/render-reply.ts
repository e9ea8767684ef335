// Turns the conversation's view models into what Teams shows: Adaptive Cards filled from the
// templates in cards/, or plain text. No card JSON is assembled here by hand.
import * as ACData from 'adaptivecards-templating';
import { LRUCache } from 'lru-cache';
import type { Reply } from '../conversation/types';

export const CARD_VIEWS = ['welcome', 'help', 'identification', 'choose-code', 'question', 'results', 'escalation-form', 'answered', 'ticket', 'ticket-list', 'report', 'spike-alert', 'incident-notice'] as const;
export type CardView = (typeof CARD_VIEWS)[number];
export type Templates = Readonly<Record<CardView, object>>;

export type Rendered = { kind: 'text'; text: string } | { kind: 'card'; view: CardView; card: object; summary: string };

// Building an ACData.Template costs 3–16 ms (it parses every expression); expanding a built one
// costs 50–100 µs. Build each template once per set of templates and reuse it.
const built = new WeakMap<Templates, Map<CardView, ACData.Template>>();

// The templates use only pure functions, so the same view data always gives the same card. When
// a bad update hits a fleet, everyone pastes the same code and gets the same identification and
// first question: the last cards are kept, frozen, and served again.
const EXPANDED_KEPT = 512;
/** Data this large (an escalation form with a long paste) is unique to one person: not kept. */
const MAX_KEY_CHARS = 16 * 1024;
const expanded = new WeakMap<Templates, LRUCache<string, object>>();

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

function expandFresh(templates: Templates, view: CardView, data: object): object {
  let cache = built.get(templates);
  if (!cache) built.set(templates, (cache = new Map()));
  let template = cache.get(view);
  if (!template) cache.set(view, (template = new ACData.Template(templates[view])));
  return template.expand({ $root: data }) as object;
}

// A reply carries every card label (some forty strings); a template reads a few of them. Only
// those go into the cache key and the expansion: the key is a third as long to build and hash.
const labelsRead = new WeakMap<Templates, Map<CardView, readonly string[] | null>>();

/** The labels a template reads (`labels.x`), or null when it reads the labels object some other way. */
function labelNames(templates: Templates, view: CardView): readonly string[] | null {
  let byView = labelsRead.get(templates);
  if (!byView) labelsRead.set(templates, (byView = new Map()));
  let names = byView.get(view);
  if (names === undefined) {
    const json = JSON.stringify(templates[view]);
    names = /\blabels\b(?!\.\w)/.test(json) ? null : [...new Set(Array.from(json.matchAll(/\blabels\.(\w+)/g), (m) => m[1]!))];
    byView.set(view, names);
  }
  return names;
}

/** The data with only the labels its template reads. */
function withLabelsRead(templates: Templates, view: CardView, data: object): object {
  const all = (data as { labels?: Record<string, unknown> }).labels;
  const names = all && typeof all === 'object' ? labelNames(templates, view) : null;
  if (!names) return data;
  const labels: Record<string, unknown> = {};
  for (const n of names) if (n in all!) labels[n] = all![n];
  return { ...data, labels };
}

/** Fills a template with data. The card returned is frozen: it may be shared with other turns. */
export function expandCard(templates: Templates, view: CardView, full: object): object {
  const data = withLabelsRead(templates, view, full);
  const key = `${view}\n${JSON.stringify(data)}`;
  if (key.length > MAX_KEY_CHARS) return deepFreeze(expandFresh(templates, view, data));
  let cards = expanded.get(templates);
  if (!cards) expanded.set(templates, (cards = new LRUCache({ max: EXPANDED_KEPT })));
  let card = cards.get(key);
  if (!card) cards.set(key, (card = deepFreeze(expandFresh(templates, view, data))));
  return card;
}

/** A one-line text for notifications and clients that cannot show cards. */
function summaryOf(r: Exclude<Reply, { view: 'text' }>): string {
  switch (r.view) {
    case 'identification':
      return `${r.match.code} ${r.match.name}`.trim();
    case 'question':
      return r.text;
    case 'results':
      return r.current.title;
    case 'choose-code':
      return r.options.map((o) => o.code).join(', ');
    case 'escalation-form':
      return r.match?.code ?? '';
    default:
      return 'Helpdesk Triage';
  }
}

/** Renders one reply. */
export function renderReply(templates: Templates, reply: Reply): Rendered {
  if (reply.view === 'text') return { kind: 'text', text: reply.text };
  return { kind: 'card', view: reply.view, card: expandCard(templates, reply.view, reply), summary: summaryOf(reply) };
}

/** The card that replaces a clicked card, so that it cannot be clicked again. */
export function renderAnswered(templates: Templates, title: string, answer: string): object {
  return expandCard(templates, 'answered', { title, answer });
}
