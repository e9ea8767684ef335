// The insight store the configuration asks for, beside the state and the tickets: SQLite in
// DATA_DIR by default, Azure Table Storage when STORAGE=azure, an in-memory SQLite for memory.
import { join } from 'node:path';
import type { Config } from '../config';
import { openAzureTableInsightStore } from './azure-table-insight-store';
import { openSqliteInsightStore } from './sqlite-insight-store';
import type { InsightStore } from './types';

export const INSIGHTS_FILE = 'insights.sqlite';
const DAY_MS = 86_400_000;

/** Opens the configured store; the caller closes it. */
export async function openInsightStore(config: Pick<Config, 'storage' | 'dataDir' | 'azureConnectionString'>): Promise<InsightStore> {
  if (config.storage === 'azure') return openAzureTableInsightStore({ connectionString: config.azureConnectionString });
  return openSqliteInsightStore(config.storage === 'memory' ? ':memory:' : join(config.dataDir, INSIGHTS_FILE));
}

/** Deletes what is older than the retention period; returns how many events went. */
export function sweepInsights(store: InsightStore, retentionDays: number, now: Date): Promise<number> {
  return store.deleteBefore(now.getTime() - retentionDays * DAY_MS);
}
