// The bot process killed outright mid-triage (SIGKILL: no shutdown, nothing flushed) and started
// again on the same DATA_DIR: the conversation carries on where it was.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { say, startBotProcess, type BotProcess } from '../support/bot-process';

jest.setTimeout(120_000);

const dataDir = mkdtempSync(join(tmpdir(), 'restart-'));
const started: BotProcess[] = [];
afterAll(async () => {
  for (const bot of started) await bot.kill('SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
});

const start = async () => {
  const bot = await startBotProcess({ STORAGE: 'sqlite', DATA_DIR: dataDir });
  started.push(bot);
  return bot;
};

test('a triage survives SIGKILL: the next answer after the restart gets the next question', async () => {
  const first = await start();
  expect(await say(first, 'restart-1', 'Windows Update failed with 0x800b0004')).toEqual([
    'card: 0x800B0004 TRUST_E_SUBJECT_NOT_TRUSTED',
    'card: Question 1 of at most 4',
  ]);
  expect(await say(first, 'restart-1', 'not sure')).toEqual(['card: Question 2 of at most 4']);
  expect(await first.kill('SIGKILL')).toEqual({ code: null, signal: 'SIGKILL' });

  const second = await start();
  expect(await say(second, 'restart-1', 'not sure')).toEqual(['card: Question 3 of at most 4']);
  expect(await say(second, 'restart-1', 'not sure')).toEqual(['card: Question 4 of at most 4']);
  // An orderly stop closes the storage and exits 0.
  expect(await second.kill('SIGTERM')).toEqual({ code: 0, signal: null });
  expect([...first.logs, ...second.logs].filter((l) => l.level === 'error')).toEqual([]);
  expect(second.logs.map((l) => l.msg)).toEqual(expect.arrayContaining(['storage', 'listening', 'shutting down']));
});
