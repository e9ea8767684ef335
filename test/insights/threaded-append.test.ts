// The insights file's writer thread: batches are committed off the turns' thread, and when the
// thread dies, what it had not confirmed and everything after is written on the turns' thread.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqliteInsightStore } from '../../src/insights/sqlite-insight-store';
import { AppendThread } from '../../src/insights/threaded-append';
import type { GapSample, TriageEvent } from '../../src/insights/types';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'append-thread-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const T0 = Date.parse('2026-12-03T10:00:00Z');
const event = (i: number): TriageEvent => ({ at: T0 + i, kind: 'identified', triage: `conv/t${i}`, user: `u${i % 7}`, code: '0x800B0004', codeKind: 'hresult', article: 'trust-subject-not-trusted' });

test('a thousand turns of events written through the thread are all there, in order, after close', async () => {
  const file = join(dir, 'many.sqlite');
  const store = openSqliteInsightStore(file);
  const batches = Array.from({ length: 20 }, (_, b) => Array.from({ length: 100 }, (_, i) => event(b * 100 + i)));
  await Promise.all(batches.map((batch) => store.append(batch)));
  await store.close();
  const again = openSqliteInsightStore(file);
  const read = await again.read(T0, T0 + 10_000);
  await again.close();
  expect(read).toHaveLength(2000);
  expect(read.map((e) => e.at)).toEqual(batches.flat().map((e) => e.at));
});

test('when the thread dies, its batches and the later ones are written here instead', async () => {
  const written: TriageEvent[] = [];
  const thread = new AppendThread({
    file: join(dir, 'unused.sqlite'),
    timeoutMs: 1000,
    insertSql: '',
    insertSampleSql: '',
    fields: [],
    fallback: (events: readonly TriageEvent[], _samples: readonly GapSample[]) => void written.push(...events),
    script: join(__dirname, '..', 'fixtures', 'threads', 'failing-append-thread.mjs'),
  });
  await thread.append([event(1), event(2)], []);
  await thread.append([event(3)], []);
  await thread.close();
  expect(written.map((e) => e.at)).toEqual([T0 + 1, T0 + 2, T0 + 3]);
});
