// The insights file's writer thread: appends batches of triage events on its own SQLite connection,
// so that the inserts, the triage roll-up trigger and the commit cost the turns' thread nothing.
// Plain JavaScript because Node starts worker threads from a file it can run as is (tsx, ts-jest,
// a built dist/). The schema, the SQL and the column order come from sqlite-insight-store.ts.
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';

const { file, timeoutMs, insertSql, insertSampleSql, fields } = workerData;
const db = new Database(file, { timeout: timeoutMs });
db.pragma('synchronous = NORMAL');
const insert = db.prepare(insertSql);
const insertSample = db.prepare(insertSampleSql);

/**
 * An event as its row: the columns in the store's order, absent fields as NULL, objects (facts) as
 * JSON. The twin of toParams in sqlite-insight-store.ts, which writes on the turns' thread when
 * this one is gone: a worker cannot import that TypeScript, so the two must stay alike.
 */
function toParams(e) {
  return fields.map((f) => {
    const v = e[f];
    if (v === undefined || v === null) return null;
    return typeof v === 'object' ? JSON.stringify(v) : v;
  });
}

const append = db.transaction((events, samples) => {
  for (const e of events) insert.run(toParams(e));
  for (const s of samples) insertSample.run(s.gap, s.sample, s.at);
});

parentPort.on('message', (msg) => {
  if (msg.type === 'close') {
    db.close();
    parentPort.postMessage({ type: 'closed' });
    return;
  }
  try {
    append.immediate(msg.events, msg.samples);
    parentPort.postMessage({ type: 'done', id: msg.id });
  } catch (e) {
    parentPort.postMessage({ type: 'done', id: msg.id, error: e instanceof Error ? e.message : String(e) });
  }
});
