// A local receiver of the ticket webhook that checks what a real receiver should: JSON, a
// timestamp within five minutes that matches the signed body's, and X-Helpdesk-Signature equal to
// sha256=HMAC-SHA256(raw body, shared secret), compared in constant time. 401 otherwise.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { isJson, startFakeService, type FakeService } from './fake-http-service';

export interface FakeWebhookDelivery {
  id: string;
  headers: Record<string, string | string[] | undefined>;
  body: { event: string; timestamp: number; ticket: Record<string, unknown> };
}

export interface FakeWebhook extends FakeService {
  /** The full address to configure, path included. */
  readonly hookUrl: string;
  readonly deliveries: FakeWebhookDelivery[];
}

/** Clock skew a receiver tolerates. */
const TOLERANCE_S = 300;

export async function startFakeWebhook(secret: string, path = '/hooks/helpdesk'): Promise<FakeWebhook> {
  const deliveries: FakeWebhookDelivery[] = [];
  const service = await startFakeService('Webhook receiver', (req) => {
    if (req.path !== path) return { status: 404, body: { error: 'no such hook' } };
    if (req.method !== 'POST') return { status: 405, body: { error: 'POST only' } };
    if (!isJson(req.headers['content-type'])) return { status: 415, body: { error: 'JSON only' } };
    const expected = Buffer.from(`sha256=${createHmac('sha256', secret).update(req.rawBody, 'utf8').digest('hex')}`);
    const given = Buffer.from(String(req.headers['x-helpdesk-signature'] ?? ''));
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { status: 401, body: { error: 'bad signature' } };
    const ts = Number(req.headers['x-helpdesk-timestamp']);
    if (!Number.isInteger(ts) || Math.abs(Date.now() / 1000 - ts) > TOLERANCE_S) return { status: 401, body: { error: 'stale or missing timestamp' } };
    const body = JSON.parse(req.rawBody) as FakeWebhookDelivery['body'];
    if (body.timestamp !== ts) return { status: 401, body: { error: 'timestamp does not match the signed body' } };
    const id = `delivery-${deliveries.length + 1}`;
    deliveries.push({ id, headers: req.headers, body });
    return { status: 202, body: { id } };
  });
  return Object.assign(service, { hookUrl: `${service.url}${path}`, deliveries });
}
