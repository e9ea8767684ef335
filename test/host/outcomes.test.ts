// Outcomes recorded by two bot instances at once, on one SQLite file: none is lost, and the
// learnt boost follows them.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EventWriter } from '../../src/insights/event-writer';
import { openSqliteInsightStore } from '../../src/insights/sqlite-insight-store';
import type { TriageEvent } from '../../src/insights/types';
import { OutcomeBook } from '../../src/host/outcomes';

const outcome = (cause: string, o: 'fixed' | 'not-fixed', i: number): TriageEvent => ({ at: Date.now(), kind: 'outcome', triage: `c/t${i}`, user: `u${i}`, article: 'trust-subject-not-trusted', cause, outcome: o, facts: {} });

test('two instances recording at once lose no outcome', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'outcomes-'));
  const file = join(dir, 'insights.sqlite');
  const a = openSqliteInsightStore(file);
  const b = openSqliteInsightStore(file);
  try {
    const bookA = new OutcomeBook(a);
    const bookB = new OutcomeBook(b);
    await Promise.all([bookA.load(), bookB.load()]);
    const writerA = new EventWriter(a, { onWritten: (e) => bookA.observe(e) });
    const writerB = new EventWriter(b, { onWritten: (e) => bookB.observe(e) });
    Array.from({ length: 10 }, (_, i) => (i % 2 ? writerA : writerB).write([outcome('revocation-check-blocked', i < 8 ? 'fixed' : 'not-fixed', i)]));
    await Promise.all([writerA.idle(), writerB.idle()]);
    const fresh = new OutcomeBook(a);
    await fresh.load();
    // 8 fixed, 2 not: (8 + 1) / (2 + 1) = 3, the cap.
    expect(fresh.boost('trust-subject-not-trusted/revocation-check-blocked')).toBe(3);
    expect(fresh.boost('trust-subject-not-trusted/clock-wrong')).toBe(1);
  } finally {
    await a.close();
    await b.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
