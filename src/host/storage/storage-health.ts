// What /healthz says about storage: its kind, where it is, and whether a cheap read works. The
// health answer is synchronous and never waits on storage, so it reports the latest probe and
// starts a fresh one when that is getting old.
import type { Storage } from 'botbuilder';

/** A key nothing writes: reading it costs one lookup (SQLite) or one GET answered 404 (Azure). */
const PROBE_KEY = 'helpdesk-triage/health-probe';
/** A probe older than this is repeated on the next /healthz, so a load balancer polling every few seconds costs at most one read per 10 s. */
const MAX_AGE_MS = 10_000;

export interface StorageHealthReport {
  kind: string;
  describe: string;
  /** null until the first probe has finished. */
  ok: boolean | null;
  checkedAt: string | null;
  error?: string;
}

export interface StorageHealth {
  /** Reads the probe key now; never rejects. */
  probe(): Promise<void>;
  report(): StorageHealthReport;
}

/** Health reporting for one storage. */
export function storageHealth(storage: Storage, kind: string, describe: string, now: () => Date = () => new Date()): StorageHealth {
  let last: { ok: boolean; at: Date; error?: string } | null = null;
  let running: Promise<void> | null = null;
  const probe = (): Promise<void> =>
    (running ??= storage
      .read([PROBE_KEY])
      .then(
        () => {
          last = { ok: true, at: now() };
        },
        (e: unknown) => {
          last = { ok: false, at: now(), error: String((e as Error)?.message ?? e).split('\n')[0] };
        },
      )
      .finally(() => {
        running = null;
      }));
  return {
    probe,
    report() {
      if (!last || now().getTime() - last.at.getTime() > MAX_AGE_MS) void probe();
      return { kind, describe, ok: last?.ok ?? null, checkedAt: last?.at.toISOString() ?? null, ...(last?.error ? { error: last.error } : {}) };
    },
  };
}
