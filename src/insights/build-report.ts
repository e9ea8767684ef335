// Events → the helpdesk's report: how many triages, how many fixed without a ticket (and how that
// moved since the previous period), which errors came in, which causes' steps fail, what the
// catalog lacks, and how long fixing takes. Pure: the caller reads the events and the samples.
import type { TriageEvent } from './types';

export interface Period {
  from: number;
  to: number;
  /** '7d', '30d', 'today': how the period was asked for. */
  label: string;
}

export interface ReportOptions {
  /** An unfinished triage idle this long before the period's end counts as abandoned. */
  abandonAfterMs?: number;
  /** Rows in each list. */
  top?: number;
}

/** Half an hour: a person who has not clicked or typed for that long has moved on. */
const ABANDON_AFTER_MS = 30 * 60 * 1000;
const TOP = 5;

export interface ErrorRow {
  code: string;
  triages: number;
  users: number;
  /** Share of its triages that ended "fixed" (0–1). */
  fixRate: number;
}
export interface CauseRow {
  article: string;
  cause: string;
  notFixed: number;
  fixed: number;
}
export interface GapRow {
  gap: string;
  /** A code no article covers, or a message nothing matched. */
  kind: 'code' | 'message';
  count: number;
  users: number;
  sample?: string;
}

export interface Report {
  period: Period;
  /** Nothing at all happened in the period. */
  empty: boolean;
  started: number;
  fixed: number;
  escalated: number;
  abandoned: number;
  /** Triages fixed without a ticket, over triages started (0–1); null with none started. */
  deflection: number | null;
  previousDeflection: number | null;
  topErrors: ErrorRow[];
  failingCauses: CauseRow[];
  gaps: GapRow[];
  medianMinutesToFixed: number | null;
  medianQuestions: number | null;
}

interface TriageFacts {
  startedAt: number;
  lastAt: number;
  user: string;
  code?: string;
  fixedAt?: number;
  escalated: boolean;
  abandoned: boolean;
  questions: number;
  sawResults: boolean;
}

function median(values: number[]): number | null {
  if (values.length === 0) return null;
  values.sort((a, b) => a - b);
  const mid = values.length >> 1;
  return values.length % 2 ? values[mid]! : (values[mid - 1]! + values[mid]!) / 2;
}

/** Folds a period's events into one record a triage (a triage belongs to the period it began in). */
function triagesOf(events: readonly TriageEvent[], from: number, to: number): Map<string, TriageFacts> {
  const triages = new Map<string, TriageFacts>();
  for (const e of events) {
    if (e.at >= to || !e.triage) continue;
    let t = triages.get(e.triage);
    if (!t) {
      if (e.at < from || (e.kind !== 'started' && e.kind !== 'identified')) continue;
      t = { startedAt: e.at, lastAt: e.at, user: e.user, escalated: false, abandoned: false, questions: 0, sawResults: false };
      triages.set(e.triage, t);
    }
    t.lastAt = e.at;
    switch (e.kind) {
      case 'identified':
        t.code = e.code;
        break;
      case 'answered':
        t.questions += 1;
        break;
      case 'results':
        t.sawResults = true;
        break;
      case 'outcome':
        if (e.outcome === 'fixed') t.fixedAt ??= e.at;
        break;
      case 'escalated':
        t.escalated = true;
        break;
      case 'abandoned':
        t.abandoned = true;
        break;
    }
  }
  return triages;
}

const byCountThen = <T>(count: (x: T) => number, key: (x: T) => string) => (a: T, b: T) => count(b) - count(a) || (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0);

/**
 * The report of `period` from events covering it and the period of the same length before it
 * (for the trend), sorted by time or not.
 */
export function buildReport(events: readonly TriageEvent[], period: Period, options: ReportOptions = {}): Report {
  const abandonAfter = options.abandonAfterMs ?? ABANDON_AFTER_MS;
  const top = options.top ?? TOP;
  const { from, to } = period;
  const triages = triagesOf(events, from, to);
  const previous = triagesOf(events, from - (to - from), from);
  const deflected = (m: Map<string, TriageFacts>) => {
    let n = 0;
    for (const t of m.values()) if (t.fixedAt !== undefined && !t.escalated) n += 1;
    return m.size ? n / m.size : null;
  };

  let fixed = 0;
  let escalated = 0;
  let abandoned = 0;
  const toFixed: number[] = [];
  const questions: number[] = [];
  const errors = new Map<string, { triages: number; fixed: number; users: Set<string> }>();
  for (const t of triages.values()) {
    if (t.fixedAt !== undefined) {
      fixed += 1;
      toFixed.push((t.fixedAt - t.startedAt) / 60_000);
    }
    if (t.escalated) escalated += 1;
    else if (t.fixedAt === undefined && (t.abandoned || to - t.lastAt >= abandonAfter)) abandoned += 1;
    if (t.sawResults) questions.push(t.questions);
    if (t.code) {
      const row = errors.get(t.code) ?? { triages: 0, fixed: 0, users: new Set<string>() };
      row.triages += 1;
      if (t.fixedAt !== undefined) row.fixed += 1;
      row.users.add(t.user);
      errors.set(t.code, row);
    }
  }

  const causes = new Map<string, CauseRow>();
  const gaps = new Map<string, { kind: GapRow['kind']; count: number; users: Set<string> }>();
  let unmatched = 0;
  for (const e of events) {
    if (e.at < from || e.at >= to) continue;
    if (e.kind === 'outcome' && e.article && e.cause) {
      const key = `${e.article}/${e.cause}`;
      const row = causes.get(key) ?? { article: e.article, cause: e.cause, notFixed: 0, fixed: 0 };
      if (e.outcome === 'fixed') row.fixed += 1;
      else row.notFixed += 1;
      causes.set(key, row);
    }
    if (e.gap && (e.kind === 'identified' || e.kind === 'unmatched')) {
      if (e.kind === 'unmatched') unmatched += 1;
      const row = gaps.get(e.gap) ?? { kind: e.kind === 'unmatched' ? 'message' : 'code', count: 0, users: new Set<string>() };
      row.count += 1;
      row.users.add(e.user);
      gaps.set(e.gap, row);
    }
  }

  const deflection = deflected(triages);
  return {
    period,
    empty: triages.size === 0 && unmatched === 0,
    started: triages.size,
    fixed,
    escalated,
    abandoned,
    deflection,
    previousDeflection: deflected(previous),
    topErrors: [...errors]
      .map(([code, r]) => ({ code, triages: r.triages, users: r.users.size, fixRate: r.fixed / r.triages }))
      .sort(byCountThen((r) => r.triages, (r) => r.code))
      .slice(0, top),
    failingCauses: [...causes.values()]
      .filter((r) => r.notFixed > 0)
      .sort(byCountThen((r) => r.notFixed, (r) => `${r.article}/${r.cause}`))
      .slice(0, top),
    gaps: [...gaps]
      .map(([gap, r]) => ({ gap, kind: r.kind, count: r.count, users: r.users.size }))
      .sort(byCountThen((r) => r.count, (r) => r.gap))
      .slice(0, top),
    medianMinutesToFixed: median(toFixed),
    medianQuestions: median(questions),
  };
}

const DAY_MS = 86_400_000;
/** The longest period a report covers: the default retention, beyond which there are no events. */
export const MAX_REPORT_DAYS = 90;

/** Reads "7d", "30d", "today"/"hoy" (or nothing: 7 days) into a period ending now; null when it is none of those. */
export function parsePeriod(text: string, now: number, maxDays = MAX_REPORT_DAYS): Period | null {
  const t = text.trim().toLowerCase();
  if (t === '') return { from: now - 7 * DAY_MS, to: now, label: '7d' };
  if (t === 'today' || t === 'hoy') return { from: Math.floor(now / DAY_MS) * DAY_MS, to: now, label: 'today' };
  const m = /^(\d{1,4}) ?(?:d|days?|días?|dias?)$/.exec(t);
  if (!m) return null;
  const days = Number(m[1]);
  if (days < 1 || days > maxDays) return null;
  return { from: now - days * DAY_MS, to: now, label: `${days}d` };
}
