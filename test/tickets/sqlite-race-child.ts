// One of several processes creating tickets in one SQLite file at once (see the race test). It
// says "ready" once loaded and starts on "go", so that all of them write at the same moment;
// then it prints how many it created and the id each key got.
import { createInterface } from 'node:readline';
import { openSqliteTicketStore } from '../../src/tickets/sqlite-ticket-store';
import { newTicket } from './ticket-fixtures';

async function main(): Promise<void> {
  const [file, ...keys] = process.argv.slice(2);
  const store = openSqliteTicketStore(file!);
  const lines = createInterface({ input: process.stdin });
  const go = new Promise<void>((resolve) => lines.once('line', () => resolve()));
  process.stdout.write('ready\n');
  await go;
  lines.close();
  let created = 0;
  const ids: Record<string, string> = {};
  for (const key of keys) {
    const r = await store.create(newTicket(key));
    if (r.created) created += 1;
    ids[key] = r.ticket.id;
  }
  await store.close();
  process.stdout.write(`${JSON.stringify({ created, ids })}\n`);
}

void main();
