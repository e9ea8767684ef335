// The report from events: what a support lead reads on the card, checked against hand-counted events.
import { buildReport, parsePeriod } from '../../src/insights/build-report';
import type { TriageEvent } from '../../src/insights/types';

const DAY = 86_400_000;
const MIN = 60_000;
const NOW = Date.parse('2026-12-03T12:00:00Z');
const week = { from: NOW - 7 * DAY, to: NOW, label: '7d' };

/** One triage's events: started and identified at `at`, then the given steps a minute apart. */
function triage(id: string, user: string, at: number, code: string, steps: Partial<TriageEvent>[] = [], article: string | null = 'art'): TriageEvent[] {
  const base = { triage: id, user };
  return [
    { ...base, at, kind: 'started' },
    { ...base, at, kind: 'identified', code, ...(article ? { article } : { gap: code }) },
    ...steps.map((s, i) => ({ ...base, at: at + (i + 1) * MIN, kind: 'answered' as const, ...s })),
  ];
}
const answered = { kind: 'answered' as const, fact: 'network-path', value: 'proxy' };
const results = { kind: 'results' as const, article: 'art', cause: 'c1' };
const fixed = { kind: 'outcome' as const, article: 'art', cause: 'c1', outcome: 'fixed' as const };
const notFixed = (cause: string) => ({ kind: 'outcome' as const, article: 'art', cause, outcome: 'not-fixed' as const });

test('figures, deflection and its trend, top errors, failing causes, gaps and medians', () => {
  const t = NOW - DAY;
  const events: TriageEvent[] = [
    // previous week: 1 of 2 fixed without a ticket (50 %)
    ...triage('p1', 'u1', NOW - 10 * DAY, '0x800B0004', [results, fixed]),
    ...triage('p2', 'u2', NOW - 9 * DAY, '0x800B0004', [results]),
    // this week: 4 triages
    ...triage('a', 'u1', t, '0x800B0004', [answered, answered, results, fixed]), // fixed in 4 min, 2 questions
    ...triage('b', 'u2', t + 10 * MIN, '0x800B0004', [results, notFixed('c1'), notFixed('c2'), fixed]), // fixed in 4 min, 0 questions
    ...triage('c', 'u3', t + 20 * MIN, '0x80072EFE', [answered, results, notFixed('c1'), { kind: 'escalated' }]), // escalated
    ...triage('d', 'u3', t + 30 * MIN, '0x80070BC9', [], null), // no article: a gap; idle, so abandoned
    { at: t + 40 * MIN, kind: 'unmatched', triage: '', user: 'u4', gap: 'text:printer noise' },
    { at: t + 50 * MIN, kind: 'unmatched', triage: '', user: 'u5', gap: 'text:printer noise' },
  ];
  const r = buildReport(events, week);
  expect(r).toMatchObject({ empty: false, started: 4, fixed: 2, escalated: 1, abandoned: 1, deflection: 0.5, previousDeflection: 0.5, medianMinutesToFixed: 4, medianQuestions: 1 });
  expect(r.topErrors).toEqual([
    { code: '0x800B0004', triages: 2, users: 2, fixRate: 1 },
    { code: '0x80070BC9', triages: 1, users: 1, fixRate: 0 },
    { code: '0x80072EFE', triages: 1, users: 1, fixRate: 0 },
  ]);
  expect(r.failingCauses).toEqual([
    { article: 'art', cause: 'c1', notFixed: 2, fixed: 2 },
    { article: 'art', cause: 'c2', notFixed: 1, fixed: 0 },
  ]);
  expect(r.gaps).toEqual([
    { gap: 'text:printer noise', kind: 'message', count: 2, users: 2 },
    { gap: '0x80070BC9', kind: 'code', count: 1, users: 1 },
  ]);
});

test('an unfinished triage counts as abandoned only once it has been idle half an hour', () => {
  const events = triage('x', 'u1', NOW - 10 * MIN, '0x800B0004', [answered]);
  expect(buildReport(events, week).abandoned).toBe(0);
  expect(buildReport(events, { ...week, to: NOW + 30 * MIN }).abandoned).toBe(1);
  expect(buildReport([...events, { at: NOW - MIN, kind: 'abandoned', triage: 'x', user: 'u1' }], week).abandoned).toBe(1);
});

test('a period with nothing in it is empty, with no rates that look like failures', () => {
  const r = buildReport(triage('old', 'u1', NOW - 20 * DAY, '0x800B0004'), week);
  expect(r).toMatchObject({ empty: true, started: 0, deflection: null, medianMinutesToFixed: null, topErrors: [], gaps: [] });
});

test.each([
  ['', { from: NOW - 7 * DAY, to: NOW, label: '7d' }],
  ['30d', { from: NOW - 30 * DAY, to: NOW, label: '30d' }],
  ['today', { from: Date.parse('2026-12-03T00:00:00Z'), to: NOW, label: 'today' }],
  ['hoy', { from: Date.parse('2026-12-03T00:00:00Z'), to: NOW, label: 'today' }],
  ['9999d', null],
  ['0d', null],
  ['banana', null],
])('period "%s"', (text, expected) => {
  expect(parsePeriod(text, NOW)).toEqual(expected);
});

test('"Fixed without a ticket" leaves out a triage fixed after it went to a ticket', () => {
  const t = NOW - DAY;
  const escalated = { kind: 'escalated' as const };
  const r = buildReport([...triage('a', 'u1', t, '0x800B0004', [results, fixed]), ...triage('b', 'u2', t, '0x800B0004', [results, escalated, fixed])], week);
  expect(r.fixed).toBe(2);
  expect(r.fixedWithoutTicket).toBe(1);
  expect(r.deflection).toBe(0.5);
});
