// The insights settings: embedded defaults, and every bad value reported at once.
import { loadConfig } from '../../src/config';

test('retention and spike settings default to 90 days, 5 people, 30 minutes', () => {
  const { config, problems } = loadConfig({});
  expect(problems).toEqual([]);
  expect(config).toMatchObject({ insightsRetentionDays: 90, spikeMinUsers: 5, spikeWindowMinutes: 30 });
});

test('bad insights settings are all reported together', () => {
  const { problems } = loadConfig({ INSIGHTS_RETENTION_DAYS: '0', SPIKE_MIN_USERS: 'five', SPIKE_WINDOW_MINUTES: '-3' });
  expect(problems).toEqual([
    'INSIGHTS_RETENTION_DAYS must be a positive whole number of days (got "0")',
    'SPIKE_MIN_USERS must be a positive whole number of people (got "five")',
    'SPIKE_WINDOW_MINUTES must be a positive whole number of minutes (got "-3")',
  ]);
});
