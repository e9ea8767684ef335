// Events past INSIGHTS_RETENTION_DAYS are deleted when the bot's insights start (and hourly), and
// outcomes older than that no longer move the ranking.
import { Insights } from '../../src/host/insights';
import type { Logger } from '../../src/host/logger';
import { openSqliteInsightStore } from '../../src/insights/sqlite-insight-store';
import type { TriageEvent } from '../../src/insights/types';

const DAY = 86_400_000;
const NOW = Date.parse('2026-12-03T12:00:00Z');
const logs: string[] = [];
const logger: Logger = { info: (msg, f) => logs.push(`${msg} ${JSON.stringify(f)}`), warn: (msg) => logs.push(`warn ${msg}`), error: (msg) => logs.push(`error ${msg}`) };
const fixed = (at: number, cause: string): TriageEvent => ({ at, kind: 'outcome', triage: `c/${at}`, user: 'u', article: 'trust-subject-not-trusted', cause, outcome: 'fixed' });

test('at start, events older than the retention period are deleted and their outcomes forgotten', async () => {
  const store = openSqliteInsightStore(':memory:');
  await store.append([fixed(NOW - 91 * DAY, 'old-cause'), fixed(NOW - 91 * DAY, 'old-cause'), fixed(NOW - 2 * DAY, 'recent-cause'), fixed(NOW - 2 * DAY, 'recent-cause')]);
  const insights = new Insights({ store, logger, now: () => new Date(NOW), retentionDays: 90 });
  await insights.start();
  await insights.stop();
  expect((await store.read(0, NOW)).map((e) => e.cause)).toEqual(['recent-cause', 'recent-cause']);
  expect(insights.outcomes.boost('trust-subject-not-trusted/recent-cause')).toBe(3);
  expect(insights.outcomes.boost('trust-subject-not-trusted/old-cause')).toBe(1);
  expect(logs).toEqual(['expired state deleted {"storage":"insights","deleted":2}']);
  await store.close();
});

test('counts learnt by an earlier build (one Storage document) still count, beside the events', async () => {
  const store = openSqliteInsightStore(':memory:');
  await store.append([fixed(NOW - DAY, 'revocation-check-blocked')]);
  const legacy = { 'trust-subject-not-trusted/revocation-check-blocked': { fixed: 1, notFixed: 0 }, 'trust-subject-not-trusted/clock-wrong': { fixed: 0, notFixed: 2 } };
  const insights = new Insights({ store, logger, now: () => new Date(NOW), retentionDays: 90, legacyOutcomes: async () => legacy });
  await insights.start();
  await insights.stop();
  // 1 fixed kept + 1 fixed event: (2 + 1) / (0 + 1) = 3; 2 not fixed kept: (0 + 1) / (2 + 1) = 1/3.
  expect(insights.outcomes.boost('trust-subject-not-trusted/revocation-check-blocked')).toBe(3);
  expect(insights.outcomes.boost('trust-subject-not-trusted/clock-wrong')).toBeCloseTo(1 / 3);
  await store.close();
});
