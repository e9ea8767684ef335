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
  /** Triages fixed without a ticket (the deflection's numerator): what "Fixed without a ticket" shows. */
  fixedWithoutTicket: number;
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
export class Triages {
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
      this.add(e.at, e.at, Number.NaN, e.at >= from ? CURRENT : 0, 0, e.user, undefined);
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

  /** One whole triage, as a store that keeps them folded already returns it (flags as below). */
  add(startedAt: number, lastAt: number, fixedAt: number, flags: number, questions: number, user: string, code: string | undefined): void {
    this.startedAt.push(startedAt);
    this.lastAt.push(lastAt);
    this.fixedAt.push(fixedAt);
    this.flags.push(flags);
    this.questions.push(questions);
    this.user.push(user);
    this.code.push(code);
  }
}
/** The triage began in the period (not in the one before it). */
export const CURRENT = 1;
export const ESCALATED = 2;
export const ABANDONED = 4;
export const SAW_RESULTS = 8;

/** The report's bounds: the period, and the one of the same length before it (for the trend). */
export function reportWindow(period: Pick<Period, 'from' | 'to'>): { previousFrom: number; from: number; to: number } {
  return { previousFrom: period.from - (period.to - period.from), from: period.from, to: period.to };
}

/**
 * What a report is made of before it is ranked and cut: the triages of both periods, the outcomes
 * by cause and the knowledge gaps of the period. Built from events one at a time (`add`), or by a
 * store that keeps parts of it folded already and hands over the rest.
 */
export class ReportParts {
  readonly triages = new Triages();
  readonly causes = new Map<string, CauseRow>();
  readonly gaps = new Map<string, { kind: GapRow['kind']; count: number; users: Set<string> }>();
  /** Pasted messages nothing matched. */
  unmatched = 0;
  private readonly window: ReturnType<typeof reportWindow>;

  constructor(period: Pick<Period, 'from' | 'to'>) {
    this.window = reportWindow(period);
  }

  /** One event, in time order; events outside both periods are skipped. */
  add(e: TriageEvent): void {
    const { previousFrom, from, to } = this.window;
    if (e.at >= to || e.at < previousFrom) return;
    if (e.triage) this.triages.fold(e, from);
    if (e.at < from) return;
    if (e.kind === 'outcome' && e.article && e.cause) this.outcome(e.article, e.cause, e.outcome === 'fixed' ? 1 : 0, e.outcome === 'fixed' ? 0 : 1);
    else if (e.gap && (e.kind === 'identified' || e.kind === 'unmatched')) this.gap(e.gap, e.kind, e.user);
  }

  /** One event of a triage only (its outcome and gap counted elsewhere), in time order. */
  addToTriage(e: TriageEvent): void {
    if (e.triage && e.at < this.window.to && e.at >= this.window.previousFrom) this.triages.fold(e, this.window.from);
  }

  /** Outcomes of one cause's steps in the period. */
  outcome(article: string, cause: string, fixed: number, notFixed: number): void {
    const key = `${article}/${cause}`;
    let row = this.causes.get(key);
    if (!row) this.causes.set(key, (row = { article, cause, notFixed: 0, fixed: 0 }));
    row.fixed += fixed;
    row.notFixed += notFixed;
  }

  /** One paste that reached no article, in time order: the first one says which kind of gap. */
  gap(gap: string, kind: 'identified' | 'unmatched', user: string): void {
    if (kind === 'unmatched') this.unmatched += 1;
    let row = this.gaps.get(gap);
    if (!row) this.gaps.set(gap, (row = { kind: kind === 'unmatched' ? 'message' : 'code', count: 0, users: new Set<string>() }));
    row.count += 1;
    row.users.add(user);
  }
}

/** The middle value (the mean of the two middle ones); null for none. Sorts `values`. */
export function median(values: number[]): number | null {
  if (values.length === 0) return null;
  values.sort((a, b) => a - b);
  const mid = values.length >> 1;
  return values.length % 2 ? values[mid]! : (values[mid - 1]! + values[mid]!) / 2;
}

const byCountThen = <T>(count: (x: T) => number, key: (x: T) => string) => (a: T, b: T) => count(b) - count(a) || (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0);

/**
 * The report's figures before its lists are ranked and cut: what a store hands over, whether it
 * folded every event (`tallyParts`) or keeps triages folded already and lets its database count.
 */
export interface ReportTallies {
  started: number;
  fixed: number;
  escalated: number;
  abandoned: number;
  /** Fixed without a ticket. */
  deflected: number;
  /** Triages of the period before, and how many of them were fixed without a ticket. */
  previous: number;
  previousDeflected: number;
  /** Pasted messages nothing matched. */
  unmatched: number;
  /** Every code identified, in any order. */
  errors: { code: string; triages: number; fixed: number; users: number }[];
  /** Every cause with outcomes in the period, in any order. */
  causes: CauseRow[];
  /** Every gap of the period, in any order. */
  gaps: { gap: string; kind: GapRow['kind']; count: number; users: number }[];
  medianMinutesToFixed: number | null;
  medianQuestions: number | null;
}

/** The options a store needs to tally a report. */
export const tallyOptions = (options: ReportOptions = {}) => ({ abandonAfterMs: options.abandonAfterMs ?? ABANDON_AFTER_MS });

/**
 * The report of `period` from events covering it and the period of the same length before it
 * (for the trend), oldest first as the stores return them. One pass over the events.
 */
export function buildReport(events: readonly TriageEvent[], period: Period, options: ReportOptions = {}): Report {
  const parts = new ReportParts(period);
  for (const e of events) parts.add(e);
  return reportFromTallies(tallyParts(parts, period, tallyOptions(options)), period, options);
}

/** Counts the folded parts of a report whose period ends at `to`. */
export function tallyParts(parts: ReportParts, period: Pick<Period, 'to'>, options: { abandonAfterMs: number }): ReportTallies {
  const { to } = period;
  const abandonAfter = options.abandonAfterMs;
  const { triages } = parts;
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
    ...n,
    unmatched: parts.unmatched,
    errors: [...errors].map(([code, r]) => ({ code, triages: r.triages, fixed: r.fixed, users: r.users.size })),
    causes: [...parts.causes.values()],
    gaps: [...parts.gaps].map(([gap, r]) => ({ gap, kind: r.kind, count: r.count, users: r.users.size })),
    medianMinutesToFixed: median(toFixed),
    medianQuestions: median(questions),
  };
}

/** Ranks and cuts the tallies into the report. */
export function reportFromTallies(t: ReportTallies, period: Period, options: ReportOptions = {}): Report {
  const top = options.top ?? TOP;
  return {
    period,
    empty: t.started === 0 && t.unmatched === 0,
    started: t.started,
    fixed: t.fixed,
    fixedWithoutTicket: t.deflected,
    escalated: t.escalated,
    abandoned: t.abandoned,
    deflection: t.started ? t.deflected / t.started : null,
    previousDeflection: t.previous ? t.previousDeflected / t.previous : null,
    topErrors: t.errors
      .map((r) => ({ code: r.code, triages: r.triages, users: r.users, fixRate: r.fixed / r.triages }))
      .sort(byCountThen((r) => r.triages, (r) => r.code))
      .slice(0, top),
    failingCauses: t.causes
      .filter((r) => r.notFixed > 0)
      .sort(byCountThen((r) => r.notFixed, (r) => `${r.article}/${r.cause}`))
      .slice(0, top),
    gaps: t.gaps.sort(byCountThen((r) => r.count, (r) => r.gap)).slice(0, top),
    medianMinutesToFixed: t.medianMinutesToFixed,
    medianQuestions: t.medianQuestions,
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
