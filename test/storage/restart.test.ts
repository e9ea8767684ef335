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

test('SIGTERM under load: every turn the bot answered is kept, and the process exits 0', async () => {
  const bot = await start();
  await say(bot, 'drain-warm', '0x800B0004');
  // Sixty pastes at once, and the stop signal while they are being handled.
  const ids = Array.from({ length: 60 }, (_, i) => `drain-${i}`);
  const turns = Promise.allSettled(ids.map((id) => say(bot, id, '0x800B0004')));
  await new Promise((r) => setTimeout(r, 15));
  const exited = bot.kill('SIGTERM');
  const results = await turns;
  expect(await exited).toEqual({ code: 0, signal: null });
  const answered = ids.filter((_, i) => results[i]!.status === 'fulfilled');
  // Connections the server had not accepted yet are refused; nothing accepted is dropped half-way.
  for (const [i, r] of results.entries()) {
    if (r.status === 'fulfilled') expect(r.value).toEqual(['card: 0x800B0004 TRUST_E_SUBJECT_NOT_TRUSTED', 'card: Question 1 of at most 4']);
    else expect({ id: ids[i], error: String((r.reason as Error).cause ?? r.reason) }).toEqual({ id: ids[i], error: expect.stringMatching(/ECONNREFUSED|ECONNRESET|other side closed|socket/i) });
  }
  expect(answered.length).toBeGreaterThan(0);
  expect(bot.logs.filter((l) => l.level === 'error')).toEqual([]);

  // Every answered triage was written before its answer went out: after a restart each goes on.
  const again = await start();
  for (const id of answered) expect(await say(again, id, 'not sure')).toEqual(['card: Question 2 of at most 4']);
  expect(await again.kill('SIGTERM')).toEqual({ code: 0, signal: null });
});
