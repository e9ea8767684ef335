// Part of npm run bench: what triage events cost a paste turn (working them out, stamping them,
// writing them in batches to SQLite), a spike check, and a 90-day report over a million events.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { converse, initialConversation, initialUser, type ConversationDeps } from '../src/conversation/converse';
import { triageEvents } from '../src/conversation/triage-events';
import { buildReport } from '../src/insights/build-report';
import { detectSpikes } from '../src/insights/detect-spikes';
import { EventWriter } from '../src/insights/event-writer';
import { reportFromStore } from '../src/insights/report-from-store';
import { openSqliteInsightStore } from '../src/insights/sqlite-insight-store';
import { stampEvents } from '../src/insights/stamp-events';
import type { EventKind, TriageEvent } from '../src/insights/types';

/** The paste → identification turn over HTTP in README's last npm run bench:http (10 connections): 1,541 req/s. */
const HTTP_PASTE_TURN_US = 1e6 / 1541;
const DAY = 86_400_000;

function p50(runs: number, fn: (i: number) => unknown): number {
  for (let i = 0; i < Math.min(50, runs); i++) fn(i);
  const t: number[] = [];
  for (let i = 0; i < runs; i++) {
    const s = performance.now();
    fn(i);
    t.push(performance.now() - s);
  }
  return t.sort((a, b) => a - b)[Math.floor(runs / 2)]!;
}

const us = (ms: number) => `${(ms * 1000).toFixed(1)} µs`;

/** Writes `turns` paste turns' events through the EventWriter, `perPass` turns an event-loop pass; µs an event. */
async function writeCost(file: string, events: readonly TriageEvent[], turns: number, perPass: number, flushAfterMs?: number): Promise<number> {
  const store = openSqliteInsightStore(file);
  const writer = new EventWriter(store, flushAfterMs === undefined ? {} : { flushAfterMs });
  const start = performance.now();
  for (let i = 0; i < turns; i += perPass) {
    for (let j = 0; j < perPass; j++) writer.write(events.map((e) => ({ ...e, at: e.at + i + j })));
    await new Promise((r) => setImmediate(r));
  }
  await writer.idle();
  const ms = performance.now() - start;
  await store.close();
  return (ms * 1000) / (turns * events.length);
}

/** A quarter of a helpdesk's events: triages of 60 codes by 5,000 people, with answers, results and outcomes. */
function quarter(n: number, now: number): TriageEvent[] {
  const events: TriageEvent[] = [];
  const kinds: EventKind[] = ['started', 'identified', 'answered', 'answered', 'results', 'outcome'];
  let t = 0;
  while (events.length < n) {
    const at = now - 90 * DAY + Math.floor((t / (n / 6)) * 90 * DAY);
    const user = `user-${(t * 7919) % 5000}`;
    const code = `0x8007${(0x2ee0 + (t % 60)).toString(16).toUpperCase()}`;
    const triage = `conv-${t % 20000}/t${t}`;
    for (const [step, kind] of kinds.entries()) {
      // A triage's events a second apart, in order, as a turn writes them.
      const e: TriageEvent = { at: at + step * 1000, kind, triage, user };
      if (kind === 'identified') Object.assign(e, t % 25 === 0 ? { code, gap: code } : { code, article: 'art' });
      if (kind === 'answered') Object.assign(e, { fact: 'network-path', value: 'proxy' });
      if (kind === 'results' || kind === 'outcome') Object.assign(e, { article: 'art', cause: `c${t % 3}` });
      if (kind === 'outcome') e.outcome = t % 3 === 0 ? 'not-fixed' : 'fixed';
      events.push(e);
    }
    if (t % 10 === 0) events.push({ at: at + kinds.length * 1000, kind: 'escalated', triage, user });
    t += 1;
  }
  return events.slice(0, n);
}

/** Prints the insights figures; `deps` is the real conversation's. */
export async function runInsightsBench(deps: ConversationDeps): Promise<void> {
  console.log('\nInsights: triage events on the paste turn, a spike check, a 90-day report');
  const turn = { kind: 'message' as const, text: '0x800B0004 behind the office proxy', locale: 'en-US' };
  const conv = initialConversation();
  const result = converse(deps, conv, initialUser(), turn);
  const pasteTurn = p50(500, () => converse(deps, conv, initialUser(), turn));
  const derive = p50(5000, () => triageEvents(conv, { ...result, unmatched: null }));
  const stamp = { at: Date.now(), userId: '29:1a2b3c-user', conversationId: 'msteams/a:1Xy-conversation' };
  const stampCost = p50(5000, () => stampEvents(result.events, stamp));
  const { events } = stampEvents(result.events, stamp);

  const dir = mkdtempSync(join(tmpdir(), 'insights-bench-'));
  try {
    // A turn a batch: an idle bot, whose cost competes with nothing. Under load, the writer's
    // 100 ms wait gathers every turn of that time into one batch: 1,541 turns/s is ~150 a batch.
    const one = await writeCost(join(dir, 'one.sqlite'), events, 2000, 1, 0);
    const loaded = await writeCost(join(dir, 'loaded.sqlite'), events, 30000, 150, 0);
    const perTurnLight = derive + stampCost + (one / 1000) * events.length;
    const perTurnLoaded = derive + stampCost + (loaded / 1000) * events.length;
    console.log(`paste turn in-process (converse, events included)   ${us(pasteTurn)}`);
    console.log(`work out the turn's ${events.length} events                        ${us(derive)}`);
    console.log(`stamp them (hashes, redaction of gap samples)       ${us(stampCost)}`);
    console.log(`write an event, one turn a batch (idle bot)         ${one.toFixed(1)} µs`);
    console.log(`write an event, 150 turns a batch (bot under load)  ${loaded.toFixed(1)} µs`);
    console.log(`events per paste turn, all in: ${us(perTurnLight)} idle, ${us(perTurnLoaded)} under load = ` +
      `${((perTurnLoaded * 1000 * 100) / HTTP_PASTE_TURN_US).toFixed(1)} % of the HTTP paste turn (${HTTP_PASTE_TURN_US.toFixed(0)} µs at 1,541 req/s, README)`);

    const now = Date.now();
    const window = Array.from({ length: 50_000 }, (_, i): TriageEvent => ({ at: now - (i % 1800) * 1000, kind: 'identified', triage: `c${i}/t1`, user: `u${i % 3000}`, code: i % 2 ? '0x80072EFE' : '0x80070005', facts: { 'network-path': 'proxy' } }));
    console.log(`spike check over a full window (50,000 pastes)      ${p50(10, () => detectSpikes(window, now)).toFixed(1)} ms (at most one every 10 s an instance)`);

    const million = quarter(1_000_000, now);
    const period = { from: now - 90 * DAY, to: now, label: '90d' };
    const report = p50(5, () => buildReport(million, period));
    console.log(`90-day report over 1,000,000 events (in memory)     ${report.toFixed(0)} ms`);
    const store = openSqliteInsightStore(join(dir, 'quarter.sqlite'));
    for (let i = 0; i < million.length; i += 10_000) await store.append(million.slice(i, i + 10_000));
    // The bot's path (report command, export): SQLite's triage roll-up and indexed aggregates → the card's figures.
    const fromStore: number[] = [];
    for (let i = 0; i < 5; i++) {
      const started = performance.now();
      await reportFromStore(store, period);
      fromStore.push(performance.now() - started);
    }
    console.log(`... from SQLite (store → report, 5 runs)            ${fromStore.map((ms) => ms.toFixed(0)).join(', ')} ms`);
    const started = performance.now();
    const read = await store.read(now - 180 * DAY, now + 1, { lean: true });
    const readMs = performance.now() - started;
    buildReport(read, period);
    console.log(`... every event read from SQLite, then folded       ${readMs.toFixed(0)} ms + ${(performance.now() - started - readMs).toFixed(0)} ms (what the store → report path avoids)`);
    await store.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
