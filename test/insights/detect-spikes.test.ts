// Spike detection over events: enough different people, one family, within the window, well above
// the family's usual rate; with what they have in common.
import { codeFamily, detectSpikes } from '../../src/insights/detect-spikes';
import type { TriageEvent } from '../../src/insights/types';

const MIN = 60_000;
const NOW = Date.parse('2026-12-03T10:00:00Z');
const paste = (user: string, code: string, at: number, facts?: Record<string, string>): TriageEvent => ({ at, kind: 'identified', triage: `${user}/t${at}`, user, code, ...(facts ? { facts } : {}) });
const people = (n: number, code: (i: number) => string, at = NOW - 5 * MIN, facts?: (i: number) => Record<string, string>) =>
  Array.from({ length: n }, (_, i) => paste(`u${i}`, code(i), at + i * 1000, facts?.(i)));

test.each([
  ['0x80072EFE', 'winhttp'],
  ['0x80072EE2', 'winhttp'],
  ['0x8024402C', 'windows-update-network'],
  ['0x800B0004', 'certificates'],
  ['0x80092013', 'certificates'],
  ['0x80070005', '0x80070005'],
])('%s belongs to %s', (code, family) => expect(codeFamily(code)).toBe(family));

test('five people with WinHTTP errors of one family in the window are one spike, with the facts they share', () => {
  const codes = ['0x80072EFE', '0x80072EE2', '0x80072EFD'];
  const events = people(6, (i) => codes[i % 3]!, NOW - 20 * MIN, (i) => ({ 'network-path': 'proxy', ...(i < 3 ? { scope: 'many' } : {}) }));
  expect(detectSpikes(events, NOW)).toEqual([
    { family: 'winhttp', codes: ['0x80072EE2', '0x80072EFD', '0x80072EFE'], users: 6, people: ['u0', 'u1', 'u2', 'u3', 'u4', 'u5'], firstAt: NOW - 20 * MIN, lastAt: NOW - 20 * MIN + 5000, usual: 0, shared: [{ fact: 'network-path', value: 'proxy', users: 6 }] },
  ]);
});

test('four people, or one person five times, or five people spread over two hours, are no spike', () => {
  expect(detectSpikes(people(4, () => '0x80072EFE'), NOW)).toEqual([]);
  expect(detectSpikes(Array.from({ length: 5 }, (_, i) => paste('same', '0x80072EFE', NOW - i * MIN)), NOW)).toEqual([]);
  expect(detectSpikes(Array.from({ length: 5 }, (_, i) => paste(`u${i}`, '0x80072EFE', NOW - i * 25 * MIN)), NOW)).toEqual([]);
});

test('an error that always brings many people is a spike only well above its usual rate', () => {
  // Every half hour of the past week, 4 people paste 0x80070005: usual 4 a window.
  const usual = Array.from({ length: 7 * 48 }, (_, w) => [0, 1, 2, 3].map((i) => paste(`b${w % 50}-${i}`, '0x80070005', NOW - 31 * MIN - w * 30 * MIN))).flat();
  expect(detectSpikes([...usual, ...people(8, () => '0x80070005')], NOW)).toEqual([]);
  expect(detectSpikes([...usual, ...people(12, () => '0x80070005')], NOW).map((s) => [s.family, s.users, s.usual])).toEqual([['0x80070005', 12, 4]]);
});
