// STORAGE=azure on Azurite: the configured BlobsStorage, and the sweep that stands in for a
// lifecycle management rule, on a fake clock.
import { ContainerClient } from '@azure/storage-blob';
import { loadConfig } from '../../src/config';
import type { Logger } from '../../src/host/logger';
import { openAzureBlobState, sweepExpiredBlobs } from '../../src/host/storage/azure-blob-storage';
import { createStorage } from '../../src/host/storage/create-storage';
import { ttlMs } from '../../src/host/storage/expiry';
import { startAzurite, type Azurite } from '../support/azurite';

jest.setTimeout(30_000);

const DAY = 24 * 60 * 60 * 1000;
const CONV_A = 'msteams/conversations/19:abc@thread.tacv2;messageid=123';
const CONV_B = 'msteams/conversations/a:1Xz_-9vQ2';
const USER = 'msteams/users/29:ana';
const OUTCOMES = 'helpdesk-triage/outcomes';

let azurite: Azurite;
beforeAll(async () => {
  azurite = await startAzurite();
});
afterAll(async () => {
  await azurite?.stop();
});

let containers = 0;
const freshContainer = () => `sweep-${++containers}`;
const later = (ms: number) => () => new Date(Date.now() + ms);

test('the sweep deletes conversation state older than the TTL and keeps users and outcomes', async () => {
  const { storage, container } = openAzureBlobState(azurite.connectionString, freshContainer());
  await storage.write({ [CONV_A]: { n: 1 }, [CONV_B]: { n: 2 }, [USER]: { facts: {} }, [OUTCOMES]: { counts: {} } });
  const all = [CONV_A, CONV_B, USER, OUTCOMES];
  expect(await sweepExpiredBlobs(container, { ttlMs: ttlMs(30) })).toBe(0);
  expect(await sweepExpiredBlobs(container, { ttlMs: ttlMs(30), now: later(29 * DAY) })).toBe(0);
  expect(Object.keys(await storage.read(all))).toHaveLength(4);
  expect(await sweepExpiredBlobs(container, { ttlMs: ttlMs(30), now: later(31 * DAY) })).toBe(2);
  expect(Object.keys(await storage.read(all)).sort()).toEqual([OUTCOMES, USER].sort());
});

test('the sweep of a container never written is a no-op', async () => {
  const container = new ContainerClient(azurite.connectionString, freshContainer());
  expect(await sweepExpiredBlobs(container, { ttlMs: DAY, now: later(2 * DAY) })).toBe(0);
  expect(await container.exists()).toBe(false);
});

test('a blob rewritten after the sweep listed it is kept (the delete is conditional on its ETag)', async () => {
  const { storage, container } = openAzureBlobState(azurite.connectionString, freshContainer());
  await storage.write({ [CONV_A]: { n: 1 } });
  // Rewrite the blob between the listing and the delete, as another instance's turn could.
  const realDelete = container.deleteBlob.bind(container);
  container.deleteBlob = async (...args: Parameters<ContainerClient['deleteBlob']>) => {
    await storage.write({ [CONV_A]: { n: 2 } });
    return realDelete(...args);
  };
  expect(await sweepExpiredBlobs(container, { ttlMs: DAY, now: later(2 * DAY) })).toBe(0);
  expect((await storage.read([CONV_A]))[CONV_A]).toMatchObject({ n: 2 });
});

test('STORAGE=azure sweeps at start and describes itself without the account key', async () => {
  const name = freshContainer();
  const { storage } = openAzureBlobState(azurite.connectionString, name);
  await storage.write({ [CONV_A]: { n: 1 }, [USER]: { facts: {} } });
  const { config, problems } = loadConfig({ STORAGE: 'azure', AZURE_STORAGE_CONNECTION_STRING: azurite.connectionString, AZURE_STORAGE_CONTAINER: name, STATE_TTL_DAYS: '1' });
  expect(problems).toEqual([]);
  const logs: unknown[] = [];
  const logger: Logger = { info: (msg, fields) => logs.push({ msg, fields }), warn: (msg, fields) => logs.push({ msg, fields }), error: (msg, fields) => logs.push({ msg, fields }) };
  const handle = createStorage(config, logger, { now: later(2 * DAY) });
  await handle.swept();
  expect(handle.kind).toBe('azure');
  expect(handle.describe).toBe(`Azure Blob Storage http://127.0.0.1:${azurite.port}/devstoreaccount1/${name}`);
  expect(JSON.stringify(logs)).not.toContain('AccountKey');
  expect(logs).toEqual([{ msg: 'expired state deleted', fields: { storage: handle.describe, deleted: 1 } }]);
  expect(Object.keys(await handle.storage.read([CONV_A, USER]))).toEqual([USER]);
  await handle.close();
});
