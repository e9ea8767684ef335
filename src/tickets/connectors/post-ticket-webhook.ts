// Posts a ticket to any HTTPS endpoint, signed so the receiver can tell it came from us:
//   X-Helpdesk-Signature: sha256=<hex HMAC-SHA256 of the raw body, keyed with the shared secret>
//   X-Helpdesk-Timestamp: <Unix seconds>, also inside the signed body, so a receiver can refuse
//   replays of an old delivery (compare the two, and both with its clock).
// Any 2xx means delivered. A JSON answer with an `id` (and `url`) names the receiver's record.
import { createHmac } from 'node:crypto';
import type { Ticket } from '../types';
import { postJson, type Connector, type Delivered } from './send-json';

export interface WebhookConfig {
  url: string;
  secret: string;
  timeoutMs: number;
}

/** The body's shape: versioned by `event`, so receivers can tell future kinds apart. */
export interface TicketWebhookBody {
  event: 'ticket.created';
  timestamp: number;
  /** The ticket without the bot's own routing data (conversation references, delivery states). */
  ticket: Omit<Ticket, 'conversation' | 'channelPost' | 'external'>;
}

/** `sha256=<hex>` of `rawBody` under `secret`: what the receiver recomputes and compares. */
export function signWebhookBody(secret: string, rawBody: string): string {
  return `sha256=${createHmac('sha256', secret).update(rawBody, 'utf8').digest('hex')}`;
}

/** Delivers the ticket; the receiver's id when it answers with one. */
export async function postTicketWebhook(config: WebhookConfig, t: Ticket, now: () => Date = () => new Date()): Promise<Delivered> {
  const { conversation: _c, channelPost: _p, external: _e, ...ticket } = t;
  const timestamp = Math.floor(now().getTime() / 1000);
  const body: TicketWebhookBody = { event: 'ticket.created', timestamp, ticket };
  const raw = JSON.stringify(body);
  const answer = await postJson('The webhook', config.url, raw, {
    'User-Agent': 'helpdesk-triage',
    'X-Helpdesk-Event': body.event,
    // The same ticket id on every retry: a receiver de-duplicates on it.
    'X-Helpdesk-Delivery': t.id,
    'X-Helpdesk-Timestamp': String(timestamp),
    'X-Helpdesk-Signature': signWebhookBody(config.secret, raw),
  }, config.timeoutMs);
  const a = (typeof answer === 'object' && answer !== null ? answer : {}) as { id?: unknown; url?: unknown };
  return {
    ...(typeof a.id === 'string' || typeof a.id === 'number' ? { externalId: String(a.id) } : {}),
    ...(typeof a.url === 'string' ? { url: a.url } : {}),
  };
}

/** The connector the outbox calls. */
export function webhookConnector(config: WebhookConfig): Connector {
  // Only the origin: webhook URLs often carry a token in their path or query.
  return { system: 'webhook', target: `${new URL(config.url).origin}/…`, send: (t) => postTicketWebhook(config, t) };
}
