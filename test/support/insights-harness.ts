// Shared by the insights HTTP tests: the storage a bot runs on (a SQLite folder, or Azurite's blob
// and table services as one account), a fake clock, and simulated users working through triages.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { activity, post, submits, visible, type PostResult, type TestBot } from './bot-server';
import { startAzurite, startAzuriteTable } from './azurite';

export interface Backend {
  env: Record<string, string>;
  stop(): Promise<void>;
}

/** A fresh SQLite data folder. */
export async function sqliteBackend(): Promise<Backend> {
  const dir = mkdtempSync(join(tmpdir(), 'insights-http-'));
  return { env: { STORAGE: 'sqlite', DATA_DIR: dir }, stop: async () => rmSync(dir, { recursive: true, force: true }) };
}

/** Azurite's blob (state) and table (tickets, insights) services behind one connection string. */
export async function azureBackend(container: string): Promise<Backend> {
  const [blob, table] = await Promise.all([startAzurite(), startAzuriteTable()]);
  const tableEndpoint = /TableEndpoint=[^;]+;/.exec(table.connectionString)![0];
  return {
    env: { STORAGE: 'azure', AZURE_STORAGE_CONNECTION_STRING: `${blob.connectionString}${tableEndpoint}`, AZURE_STORAGE_CONTAINER: container },
    stop: async () => {
      await Promise.all([blob.stop(), table.stop()]);
    },
  };
}

/** A clock the test moves by hand. */
export function fakeClock(startIso: string) {
  let t = Date.parse(startIso);
  return { now: () => new Date(t), advance: (ms: number) => (t += ms), at: () => t };
}

export const personal = (user: string, name = user) => ({ from: { id: user, name }, conversation: { id: `chat-${user}`, conversationType: 'personal' } });
export const inSupportChannel = (user: string, team = 'team-support') => ({
  from: { id: user, name: user },
  conversation: { id: '19:support@thread.tacv2;messageid=1', conversationType: 'channel', isGroup: true },
  channelData: { team: { id: team }, channel: { id: '19:support@thread.tacv2' } },
});

/** A user says something in their personal chat. */
export const say = (bot: TestBot, user: string, text: string) => post(bot, activity(bot, { text, ...personal(user) }));

/** Pastes, answers every question with "not sure", and returns the results turn. */
export async function toResults(bot: TestBot, user: string, paste: string): Promise<PostResult> {
  let r = await say(bot, user, paste);
  for (let i = 0; i < 6 && visible(r).some((v) => v.startsWith('card: Question')); i++) r = await say(bot, user, 'not sure');
  return r;
}

/** Clicks "fixed" or "still failing" on the results card of `results`. */
export async function clickOutcome(bot: TestBot, user: string, results: PostResult, outcome: 'fixed' | 'not-fixed'): Promise<PostResult> {
  const data = submits(results.body.activities).find((d) => d.outcome === outcome)!;
  return post(bot, activity(bot, { value: data, ...personal(user) }));
}

/** Both storages a test runs on, for describe.each: [name, open]. */
export function backends(container: string): [string, () => Promise<Backend>][] {
  return [
    ['SQLite', () => sqliteBackend()],
    ['Azure Table Storage', () => azureBackend(container)],
  ];
}
