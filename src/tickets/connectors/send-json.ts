// What every connector shares: the Connector shape, the error that says whether to try again, and
// one POST with a timeout that sorts the outcome into delivered, retryable and permanent.
import type { ExternalRecord, Ticket } from '../types';

/** What the other system calls the ticket, and where a person can open it. */
export interface Delivered {
  externalId?: string;
  url?: string;
}

/** Files tickets in one external system. */
export interface Connector {
  readonly system: ExternalRecord['system'];
  /** Where it sends, for the start-up log: an address, never a secret. */
  readonly target: string;
  send(ticket: Ticket): Promise<Delivered>;
}

/**
 * A failed delivery. Retryable: the network, a timeout, 408, 429 and 5xx (the service may be back
 * later). Permanent: any other answer, because sending the same request again gets the same 4xx.
 */
export class DeliveryError extends Error {
  constructor(
    message: string,
    readonly retryable: boolean,
    readonly status?: number,
    /** The service's Retry-After, when it gave one. */
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = 'DeliveryError';
  }
}

/** How long a connector waits for an answer unless configured otherwise. */
export const DEFAULT_TIMEOUT_MS = 10_000;
/** Error texts are stored on the ticket and shown to support staff: keep them to a line or two. */
const MAX_DETAIL = 300;

function clip(s: string, max: number): string {
  const one = s.replace(/\s+/g, ' ').trim();
  return one.length > max ? `${one.slice(0, max - 1)}…` : one;
}

/** The service's own words from an error body: ServiceNow's error.message/detail, Jira's errorMessages/errors. */
export function describeErrorBody(text: string): string {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return clip(text.replace(/<[^>]*>/g, ' '), MAX_DETAIL);
  }
  const parts: string[] = [];
  const add = (v: unknown) => {
    if (typeof v === 'string' && v.trim()) parts.push(v.trim());
  };
  if (typeof body === 'object' && body !== null) {
    const b = body as Record<string, unknown>;
    if (typeof b.error === 'object' && b.error !== null) {
      const e = b.error as Record<string, unknown>;
      add(e.message);
      add(e.detail);
    } else add(b.error);
    if (Array.isArray(b.errorMessages)) b.errorMessages.forEach(add);
    if (typeof b.errors === 'object' && b.errors !== null && !Array.isArray(b.errors)) {
      for (const [field, msg] of Object.entries(b.errors as Record<string, unknown>)) if (typeof msg === 'string') add(`${field}: ${msg}`);
    }
    add(b.message);
  }
  return clip(parts.length ? parts.join('; ') : text, MAX_DETAIL);
}

function retryAfterMs(value: string | null, now: number): number | undefined {
  if (!value) return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/** A property of an unknown thrown value. Errors from fetch are read by shape, not instanceof:
 *  they may come from another realm (a test runner's sandbox), where instanceof Error fails. */
function field(v: unknown, key: string): unknown {
  return typeof v === 'object' && v !== null ? (v as Record<string, unknown>)[key] : undefined;
}

/** "connect ECONNREFUSED 10.0.0.5:443", "getaddrinfo ENOTFOUND …", "other side closed": fetch's cause. */
function networkReason(e: unknown): string {
  const cause = field(e, 'cause');
  for (const v of [field(cause, 'message'), field(cause, 'code'), field(e, 'message')]) if (typeof v === 'string' && v) return v;
  return String(e);
}

/** An HTTP Basic Authorization value. */
export function basicAuth(user: string, secret: string): string {
  return `Basic ${Buffer.from(`${user}:${secret}`, 'utf8').toString('base64')}`;
}

/**
 * POSTs the JSON `body` (with `headers` beside the JSON ones) and returns the parsed JSON of a 2xx
 * answer (undefined when it has none). Throws a DeliveryError otherwise. Redirects are not
 * followed: a POST redirected is a wrong address.
 */
export async function postJson(service: string, url: string, body: string, headers: Record<string, string>, timeoutMs: number): Promise<unknown> {
  let res: Response;
  let text: string;
  try {
    res = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json', Accept: 'application/json', ...headers }, body, redirect: 'manual', signal: AbortSignal.timeout(timeoutMs) });
    text = await res.text();
  } catch (e) {
    const name = field(e, 'name');
    if (name === 'TimeoutError' || name === 'AbortError') {
      throw new DeliveryError(`${service} did not answer within ${timeoutMs / 1000} s`, true);
    }
    throw new DeliveryError(`${service} could not be reached (${networkReason(e)})`, true);
  }
  if (res.status >= 200 && res.status < 300) {
    try {
      return text ? (JSON.parse(text) as unknown) : undefined;
    } catch {
      return undefined;
    }
  }
  if (res.status >= 300 && res.status < 400) {
    throw new DeliveryError(`${service} answered ${res.status}, a redirect to ${res.headers.get('location') ?? 'nowhere'}: check the configured address`, false, res.status);
  }
  const detail = describeErrorBody(text);
  const message = `${service} answered ${res.status}${detail ? `: ${detail}` : ''}`;
  const retryable = res.status === 408 || res.status === 429 || res.status >= 500;
  throw new DeliveryError(message, retryable, res.status, retryable ? retryAfterMs(res.headers.get('retry-after'), Date.now()) : undefined);
}
