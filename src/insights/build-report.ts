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

/**
 * Every triage of the two periods, one column an attribute: a quarter holds a few hundred thousand
 * triages, and columns of numbers cost the garbage collector nothing where as many objects would.
 */
class Triages {
  readonly index = new Map<string, number>();
  readonly startedAt: number[] = [];
  readonly lastAt: number[] = [];
  /** NaN until fixed. */
  readonly fixedAt: number[] = [];
  readonly flags: number[] = [];
  readonly questions: number[] = [];
  readonly user: string[] = [];
  readonly code: (string | undefined)[] = [];

  /** Adds one event to its triage; a triage belongs to the period it began in. */
  fold(e: TriageEvent, from: number): void {
    let i = this.index.get(e.triage);
    if (i === undefined) {
      if (e.kind !== 'started' && e.kind !== 'identified') return;
      i = this.startedAt.length;
      this.index.set(e.triage, i);
      this.startedAt.push(e.at);
      this.lastAt.push(e.at);
      this.fixedAt.push(Number.NaN);
      this.flags.push(e.at >= from ? CURRENT : 0);
      this.questions.push(0);
      this.user.push(e.user);
      this.code.push(undefined);
    }
    this.lastAt[i] = e.at;
    switch (e.kind) {
      case 'identified':
        this.code[i] = e.code;
        break;
      case 'answered':
        this.questions[i]! += 1;
        break;
      case 'results':
        this.flags[i]! |= SAW_RESULTS;
        break;
      case 'outcome':
        if (e.outcome === 'fixed' && Number.isNaN(this.fixedAt[i]!)) this.fixedAt[i] = e.at;
        break;
      case 'escalated':
        this.flags[i]! |= ESCALATED;
        break;
      case 'abandoned':
        this.flags[i]! |= ABANDONED;
        break;
    }
  }
}
const CURRENT = 1;
const ESCALATED = 2;
const ABANDONED = 4;
const SAW_RESULTS = 8;

function median(values: number[]): number | null {
  if (values.length === 0) return null;
  values.sort((a, b) => a - b);
  const mid = values.length >> 1;
  return values.length % 2 ? values[mid]! : (values[mid - 1]! + values[mid]!) / 2;
}

const byCountThen = <T>(count: (x: T) => number, key: (x: T) => string) => (a: T, b: T) => count(b) - count(a) || (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0);

/**
 * The report of `period` from events covering it and the period of the same length before it
 * (for the trend), oldest first as the stores return them. One pass over the events: a quarter's
 * million takes well under a second.
 */
export function buildReport(events: readonly TriageEvent[], period: Period, options: ReportOptions = {}): Report {
  const abandonAfter = options.abandonAfterMs ?? ABANDON_AFTER_MS;
  const top = options.top ?? TOP;
  const { from, to } = period;
  const previousFrom = from - (to - from);
  const triages = new Triages();
  const causes = new Map<string, CauseRow>();
  const gaps = new Map<string, { kind: GapRow['kind']; count: number; users: Set<string> }>();
  let unmatched = 0;
  for (const e of events) {
    if (e.at >= to || e.at < previousFrom) continue;
    if (e.triage) triages.fold(e, from);
    if (e.at < from) continue;
    if (e.kind === 'outcome' && e.article && e.cause) {
      const key = `${e.article}/${e.cause}`;
      let row = causes.get(key);
      if (!row) causes.set(key, (row = { article: e.article, cause: e.cause, notFixed: 0, fixed: 0 }));
      if (e.outcome === 'fixed') row.fixed += 1;
      else row.notFixed += 1;
    } else if (e.gap && (e.kind === 'identified' || e.kind === 'unmatched')) {
      if (e.kind === 'unmatched') unmatched += 1;
      let row = gaps.get(e.gap);
      if (!row) gaps.set(e.gap, (row = { kind: e.kind === 'unmatched' ? 'message' : 'code', count: 0, users: new Set<string>() }));
      row.count += 1;
      row.users.add(e.user);
    }
  }

  const n = { started: 0, fixed: 0, escalated: 0, abandoned: 0, deflected: 0, previous: 0, previousDeflected: 0 };
  const toFixed: number[] = [];
  const questions: number[] = [];
  const errors = new Map<string, { triages: number; fixed: number; users: Set<string> }>();
  for (let i = 0; i < triages.startedAt.length; i++) {
    const flags = triages.flags[i]!;
    const fixedAt = triages.fixedAt[i]!;
    const wasFixed = !Number.isNaN(fixedAt);
    const fixedWithoutTicket = wasFixed && !(flags & ESCALATED);
    if (!(flags & CURRENT)) {
      n.previous += 1;
      if (fixedWithoutTicket) n.previousDeflected += 1;
      continue;
    }
    n.started += 1;
    if (fixedWithoutTicket) n.deflected += 1;
    if (wasFixed) {
      n.fixed += 1;
      toFixed.push((fixedAt - triages.startedAt[i]!) / 60_000);
    }
    if (flags & ESCALATED) n.escalated += 1;
    else if (!wasFixed && (flags & ABANDONED || to - triages.lastAt[i]! >= abandonAfter)) n.abandoned += 1;
    if (flags & SAW_RESULTS) questions.push(triages.questions[i]!);
    const code = triages.code[i];
    if (code) {
      let row = errors.get(code);
      if (!row) errors.set(code, (row = { triages: 0, fixed: 0, users: new Set<string>() }));
      row.triages += 1;
      if (wasFixed) row.fixed += 1;
      row.users.add(triages.user[i]!);
    }
  }

  return {
    period,
    empty: n.started === 0 && unmatched === 0,
    started: n.started,
    fixed: n.fixed,
    escalated: n.escalated,
    abandoned: n.abandoned,
    deflection: n.started ? n.deflected / n.started : null,
    previousDeflection: n.previous ? n.previousDeflected / n.previous : null,
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
