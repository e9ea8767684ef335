// Reads what a report needs from the store: its parts over the period and the one before it (for
// the trend), then the samples of the gaps the report lists.
import { reportFromTallies, tallyOptions, type Period, type Report, type ReportOptions } from './build-report';
import type { InsightStore } from './types';

/** The report of `period`, with each knowledge gap's redacted sample where one is kept. */
export async function reportFromStore(store: InsightStore, period: Period, options?: ReportOptions): Promise<Report> {
  const report = reportFromTallies(await store.reportTallies(period, tallyOptions(options)), period, options);
  const samples = await store.samples(report.gaps.map((g) => g.gap));
  return { ...report, gaps: report.gaps.map((g) => ({ ...g, ...(samples.has(g.gap) ? { sample: samples.get(g.gap)! } : {}) })) };
}
