// The Azure Table ticket store against Azurite: the shared contract, and how a ticket is laid out.
import { TableClient } from '@azure/data-tables';
import { openAzureTableTicketStore } from '../../src/tickets/azure-table-ticket-store';
import { startAzuriteTable, type AzuriteTable } from '../support/azurite';
import { describeTicketStoreContract } from './store-contract';
import { hostilePaste, newTicket } from './ticket-fixtures';

let azurite: AzuriteTable;
beforeAll(async () => {
  azurite = await startAzuriteTable();
}, 40_000);
afterAll(async () => azurite?.stop());

let tables = 0;
const freshTable = () => `tickets${++tables}x${process.pid}`;

describeTicketStoreContract('Azure Table Storage', {
  open: async (options) => {
    const table = freshTable();
    const open = () => openAzureTableTicketStore({ connectionString: azurite.connectionString, table, ...options });
    return { store: await open(), again: open };
  },
});

describe('Azure Table layout', () => {
  test('a 28 KB paste is split over several string properties, each under 64 KiB', async () => {
    const table = freshTable();
    const store = await openAzureTableTicketStore({ connectionString: azurite.connectionString, table });
    const paste = hostilePaste();
    const { ticket } = await store.create(newTicket('big', { triage: { ...newTicket('x').triage, paste } }));
    const client = TableClient.fromConnectionString(azurite.connectionString, table, { allowInsecureConnection: true });
    const entity = await client.getEntity<Record<string, unknown>>('ticket', `t|${ticket.id}`);
    expect(entity.DocParts).toBeGreaterThan(1);
    for (let i = 0; i < Number(entity.DocParts); i += 1) expect(String(entity[`Doc${i}`]).length * 2).toBeLessThanOrEqual(64 * 1024);
    expect(entity).toMatchObject({ Number: 1, Status: 'new', RequesterId: newTicket('x').requester.id });
    expect((await store.get(ticket.id))?.triage.paste).toBe(paste);
  });

  test('a number is never given twice and has no gaps when many instances create at once', async () => {
    const table = freshTable();
    const stores = await Promise.all([1, 2, 3].map(() => openAzureTableTicketStore({ connectionString: azurite.connectionString, table })));
    const results = await Promise.all(Array.from({ length: 12 }, (_, i) => stores[i % 3]!.create(newTicket(`many-${i}`))));
    expect(results.map((r) => r.ticket.number).sort((a, b) => a - b)).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
  });

  test('a bad table name is refused before any request', async () => {
    await expect(openAzureTableTicketStore({ connectionString: azurite.connectionString, table: 'help-desk' })).rejects.toThrow(/not a valid table name/);
  });
});
