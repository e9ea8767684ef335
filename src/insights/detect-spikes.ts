// Spikes: many different people pasting the same error, or errors of one family, within a short
// window, well above what that family usually sees. A pure function over recent events, run by
// each instance; the store decides which instance posts the alert.
import type { TriageEvent } from './types';

export interface SpikeOptions {
  /** Different people needed in the window (SPIKE_MIN_USERS): below it, a bad morning is not an outage. */
  minUsers: number;
  /** The window (SPIKE_WINDOW_MINUTES, in ms). */
  windowMs: number;
  /** How far back the usual rate is measured: a week covers every weekday's rhythm. */
  baselineMs: number;
  /** How far above the usual rate a window must be: three times its usual people per window. */
  factor: number;
  /** A fact shared by at least this share of the spike's people is shown ("all behind the proxy"). */
  sharedShare: number;
}

export const DEFAULT_SPIKE_OPTIONS: Readonly<SpikeOptions> = Object.freeze({
  minUsers: 5,
  windowMs: 30 * 60_000,
  baselineMs: 7 * 86_400_000,
  factor: 3,
  sharedShare: 0.8,
});

export interface Spike {
  family: string;
  codes: string[];
  users: number;
  /** The window's people (user hashes), sorted: an alert adds them up over a long outage. */
  people: string[];
  firstAt: number;
  lastAt: number;
  /** Usual different people per window for this family over the baseline. */
  usual: number;
  shared: { fact: string; value: string; users: number }[];
}

/**
 * Families of codes that one outage produces together, by numeric range. A proxy or network
 * failure surfaces as several WinINet/WinHTTP errors (12001–12175, wrapped as 0x80072EE1…), as
 * Windows Update's protocol errors (WU_E_PT_*, 0x80244000–0x80244FFF), or as certificate and
 * revocation errors (FACILITY_CERT 0x800Bxxxx, CRYPT_E_* revocation 0x80092010–0x80092013).
 * Any other code is its own family.
 */
const FAMILIES: readonly { family: string; from: number; to: number }[] = [
  { family: 'winhttp', from: 0x80072ee1, to: 0x80072f8f },
  { family: 'winhttp', from: 12001, to: 12175 },
  { family: 'windows-update-network', from: 0x80244000, to: 0x80244fff },
  { family: 'certificates', from: 0x800b0000, to: 0x800bffff },
  { family: 'certificates', from: 0x80092010, to: 0x80092013 },
];

/** The family a code belongs to: a named range, or the code itself. */
export function codeFamily(code: string): string {
  const value = Number.parseInt(code, 16);
  if (Number.isNaN(value)) return code;
  return FAMILIES.find((f) => value >= f.from && value <= f.to)?.family ?? code;
}

/** The facts each person stated or answered in their triages of one family. */
function factsByUser(events: readonly TriageEvent[], triages: Map<string, string>): Map<string, Map<string, string>> {
  const byUser = new Map<string, Map<string, string>>();
  const put = (user: string, fact: string, value: string) => {
    if (value === 'unknown') return;
    let facts = byUser.get(user);
    if (!facts) byUser.set(user, (facts = new Map()));
    facts.set(fact, value);
  };
  for (const e of events) {
    if (!triages.has(e.triage)) continue;
    if (e.kind === 'identified' && e.facts) for (const [f, v] of Object.entries(e.facts)) put(e.user, f, v);
    if (e.kind === 'answered' && e.fact && e.value) put(e.user, e.fact, e.value);
  }
  return byUser;
}

/**
 * The spikes at `now`, from the identified and answered events of the window and the baseline
 * before it (other events are ignored), largest first.
 */
export function detectSpikes(events: readonly TriageEvent[], now: number, options: Partial<SpikeOptions> = {}): Spike[] {
  const o = { ...DEFAULT_SPIKE_OPTIONS, ...options };
  const windowStart = now - o.windowMs;
  const baselineStart = windowStart - o.baselineMs;
  const current = new Map<string, { users: Set<string>; codes: Set<string>; triages: Map<string, string>; firstAt: number; lastAt: number }>();
  const usualPairs = new Map<string, Set<string>>();
  for (const e of events) {
    if (e.kind !== 'identified' || !e.code || e.at > now || e.at < baselineStart) continue;
    const family = codeFamily(e.code);
    if (e.at >= windowStart) {
      let c = current.get(family);
      if (!c) current.set(family, (c = { users: new Set(), codes: new Set(), triages: new Map(), firstAt: e.at, lastAt: e.at }));
      c.users.add(e.user);
      c.codes.add(e.code);
      c.triages.set(e.triage, e.user);
      c.firstAt = Math.min(c.firstAt, e.at);
      c.lastAt = Math.max(c.lastAt, e.at);
    } else {
      // Different people per window: the same person pasting twice in one window counts once.
      let pairs = usualPairs.get(family);
      if (!pairs) usualPairs.set(family, (pairs = new Set()));
      pairs.add(`${Math.floor((e.at - baselineStart) / o.windowMs)}|${e.user}`);
    }
  }
  const windows = Math.max(1, o.baselineMs / o.windowMs);
  const spikes: Spike[] = [];
  for (const [family, c] of current) {
    const usual = (usualPairs.get(family)?.size ?? 0) / windows;
    if (c.users.size < o.minUsers || c.users.size < o.factor * usual) continue;
    const counts = new Map<string, number>();
    for (const facts of factsByUser(events, c.triages).values()) {
      for (const [f, v] of facts) counts.set(`${f}=${v}`, (counts.get(`${f}=${v}`) ?? 0) + 1);
    }
    const shared = [...counts]
      .filter(([, n]) => n >= o.sharedShare * c.users.size)
      .map(([key, users]) => {
        const [fact, value] = key.split('=') as [string, string];
        return { fact, value, users };
      })
      .sort((a, b) => b.users - a.users || (a.fact < b.fact ? -1 : 1));
    spikes.push({ family, codes: [...c.codes].sort(), users: c.users.size, people: [...c.users].sort(), firstAt: c.firstAt, lastAt: c.lastAt, usual, shared });
  }
  return spikes.sort((a, b) => b.users - a.users || (a.family < b.family ? -1 : 1));
}
