// Outcomes recorded by two bot instances at once, on one SQLite file: none is lost, and the
// learnt boost follows them.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../src/config';
import type { Effect } from '../../src/conversation/types';
import { createStorage } from '../../src/host/storage/create-storage';
import { OutcomeBook } from '../../src/host/outcomes';
import type { Logger } from '../../src/host/logger';

const quiet: Logger = { info: () => undefined, warn: () => undefined, error: () => undefined };
const outcome = (cause: string, o: 'fixed' | 'not-fixed'): Effect => ({ kind: 'outcome', article: 'trust-subject-not-trusted', cause, outcome: o, facts: {} });

test('two instances recording at once lose no outcome', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'outcomes-'));
  const config = loadConfig({ DATA_DIR: dir }).config;
  const a = createStorage(config, quiet);
  const b = createStorage(config, quiet);
  try {
    const bookA = new OutcomeBook(a.storage);
    const bookB = new OutcomeBook(b.storage);
    await Promise.all([bookA.load(), bookB.load()]);
    await Promise.all(
      Array.from({ length: 10 }, (_, i) => (i % 2 ? bookA : bookB).record([outcome('revocation-check-blocked', i < 8 ? 'fixed' : 'not-fixed')])),
    );
    const fresh = new OutcomeBook(a.storage);
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
