// Delivers tickets to the external systems. Each ticket carries one ExternalRecord per system,
// written with the ticket, so a connector being down loses nothing: the record stays 'pending'
// and is tried again with exponential backoff until it is 'sent', or 'failed' on an answer that
// retrying cannot change (a 4xx other than 408 and 429).
//
// Several instances may run the outbox over one store. Before sending, an instance claims the
// record by moving its nextAttemptAt a lease ahead (a compare-and-set on the record); whoever
// loses the swap leaves it alone. A process dying mid-send leaves the claim to expire and another
// instance sends again: delivery is at least once, and each connector passes the ticket id along
// (ServiceNow correlation_id, webhook X-Helpdesk-Delivery) so the far side can spot a repeat.
import { createHash } from 'node:crypto';
import type { ExternalRecord, Ticket, TicketOutbox, TicketStore } from './types';
import { recordDueAt } from './apply-change';
import { DeliveryError, type Connector } from './connectors/send-json';

/** First retry after 30 s, doubling: 30 s, 1 min, 2 min, 4 min… */
export const FIRST_RETRY_MS = 30_000;
/** …up to 30 min, so a long outage is still retried twice an hour and recovers without a restart. */
export const MAX_RETRY_MS = 30 * 60_000;
/** ±20 % spreads the retries of tickets that failed together (an outage) over time. */
const JITTER = 0.2;
/** Longer than any one attempt can take (the connector timeout is at most 2 min). */
export const DEFAULT_LEASE_MS = 3 * 60_000;
/** Tickets looked at per run; the rest wait for the next run. */
const DEFAULT_BATCH = 20;

export interface OutboxLog {
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
}

export interface OutboxOptions {
  limit?: number;
  leaseMs?: number;
  log?: OutboxLog;
}

export interface OutboxReport {
  sent: number;
  retrying: number;
  failed: number;
  /** Claimed by another instance, or for a system no connector is configured for. */
  skipped: number;
}

/**
 * The wait before the next attempt after `attempts` failed ones: doubling from 30 s, capped at
 * 30 min, with a jitter that is a hash of `seed` (the ticket and system) so runs are reproducible.
 */
export function retryDelayMs(attempts: number, seed: string): number {
  const base = FIRST_RETRY_MS * 2 ** Math.min(Math.max(attempts - 1, 0), 20);
  const unit = createHash('sha256').update(`${seed}:${attempts}`).digest().readUInt32BE(0) / 0x1_0000_0000;
  return Math.round(Math.min(MAX_RETRY_MS, base * (1 - JITTER + 2 * JITTER * unit)));
}

function due(t: Ticket, r: ExternalRecord, now: Date): boolean {
  return r.state === 'pending' && recordDueAt(t, r) <= now.toISOString();
}

/** The record after a failed attempt: pending again with its next time, or failed for good. */
function afterFailure(t: Ticket, claimed: ExternalRecord, e: unknown, now: Date): ExternalRecord {
  const attempts = claimed.attempts + 1;
  const message = typeof e === 'object' && e !== null ? (e as { message?: unknown }).message : undefined;
  const lastError = typeof message === 'string' ? message : String(e);
  // An unexpected exception (not a DeliveryError) counts as passing: better late than lost.
  const error = e instanceof DeliveryError ? e : undefined;
  if (error && !error.retryable) return { system: claimed.system, state: 'failed', attempts, lastError };
  const wait = Math.min(MAX_RETRY_MS, Math.max(retryDelayMs(attempts, `${t.id}:${claimed.system}`), error?.retryAfterMs ?? 0));
  return { system: claimed.system, state: 'pending', attempts, lastError, nextAttemptAt: new Date(now.getTime() + wait).toISOString() };
}

/** Sends every delivery due at `now` and records each outcome on its ticket. */
export async function runOutbox(
  store: TicketStore & TicketOutbox,
  connectors: readonly Connector[],
  now: Date,
  options: OutboxOptions = {},
): Promise<OutboxReport> {
  const report: OutboxReport = { sent: 0, retrying: 0, failed: 0, skipped: 0 };
  const bySystem = new Map(connectors.map((c) => [c.system, c]));
  const leaseMs = options.leaseMs ?? DEFAULT_LEASE_MS;
  const tickets = await store.dueDeliveries(now, options.limit ?? DEFAULT_BATCH);

  const deliver = async (t: Ticket, record: ExternalRecord): Promise<void> => {
    const connector = bySystem.get(record.system);
    if (!connector) {
      // Configured once, not now: park it (attempts unchanged) until the connector returns.
      const parked = { ...record, nextAttemptAt: new Date(now.getTime() + MAX_RETRY_MS).toISOString(), lastError: `no ${record.system} connector is configured` };
      await store.updateDelivery(t.id, record, parked);
      report.skipped += 1;
      return;
    }
    const claimed = { ...record, nextAttemptAt: new Date(now.getTime() + leaseMs).toISOString() };
    const current = await store.updateDelivery(t.id, record, claimed);
    if (!current) {
      report.skipped += 1;
      return;
    }
    let next: ExternalRecord;
    try {
      const { externalId, url } = await connector.send(current);
      next = { system: record.system, state: 'sent', attempts: claimed.attempts + 1, ...(externalId ? { externalId } : {}), ...(url ? { url } : {}) };
    } catch (e) {
      next = afterFailure(t, claimed, e, now);
    }
    await store.updateDelivery(t.id, claimed, next);
    const fields = { ticket: t.number, system: record.system, attempts: next.attempts };
    if (next.state === 'sent') {
      report.sent += 1;
      options.log?.info('ticket delivered', { ...fields, externalId: next.externalId });
    } else if (next.state === 'failed') {
      report.failed += 1;
      options.log?.warn('ticket delivery failed for good', { ...fields, error: next.lastError });
    } else {
      report.retrying += 1;
      options.log?.warn('ticket delivery will be retried', { ...fields, error: next.lastError, nextAttemptAt: next.nextAttemptAt });
    }
  };

  // Tickets in parallel, a ticket's systems one after another (they all write the same ticket).
  await Promise.all(
    tickets.map(async (t) => {
      for (const record of t.external.filter((r) => due(t, r, now))) await deliver(t, record);
    }),
  );
  return report;
}

export interface OutboxWorkerOptions extends OutboxOptions {
  /** How often to look for due deliveries. */
  intervalMs?: number;
  now?: () => Date;
}

/** Runs the outbox on a timer that does not keep the process alive; kick() runs it at once. */
export class OutboxWorker {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private again = false;
  private stopped = true;

  constructor(
    private readonly store: TicketStore & TicketOutbox,
    private readonly connectors: readonly Connector[],
    private readonly options: OutboxWorkerOptions = {},
  ) {}

  start(): void {
    this.stopped = false;
    this.schedule(0);
  }

  /** Looks for work now, e.g. right after a ticket was created (one run at a time). */
  kick(): void {
    if (this.stopped) return;
    if (this.running) this.again = true;
    else this.schedule(0);
  }

  /** Stops the timer and waits for a run in progress to record its outcomes. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  private schedule(ms: number): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.tick(), ms);
    this.timer.unref();
  }

  private async tick(): Promise<void> {
    if (this.running || this.stopped) return;
    const now = this.options.now ?? (() => new Date());
    this.running = runOutbox(this.store, this.connectors, now(), this.options)
      .then(() => undefined)
      .catch((e: unknown) => this.options.log?.warn('outbox run failed', { error: e instanceof Error ? e.message : String(e) }));
    await this.running;
    this.running = undefined;
    if (this.stopped) return;
    const again = this.again;
    this.again = false;
    this.schedule(again ? 0 : (this.options.intervalMs ?? 15_000));
  }
}
