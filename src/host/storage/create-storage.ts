// The storage the configuration asks for: SQLite in DATA_DIR (the default), Azure Blob Storage
// (STORAGE=azure) or botbuilder's MemoryStorage (STORAGE=memory), with expired state swept.
import { resolve } from 'node:path';
import { MemoryStorage, type Storage } from 'botbuilder';
import type { Config, StorageKind } from '../../config';
import type { Logger } from '../logger';
import { openAzureBlobState, sweepExpiredBlobs } from './azure-blob-storage';
import { ttlMs } from './expiry';
import { SqliteStorage } from './sqlite-storage';
import { startSweeper, type Sweeper } from './sweeper';

/** The file in DATA_DIR. */
export const SQLITE_FILE = 'state.sqlite';
/** SQLite sweeps hourly: one indexed DELETE, and the file stays small. */
const SQLITE_SWEEP_MS = 60 * 60 * 1000;
/**
 * Azure sweeps daily, like a lifecycle rule: each sweep lists the whole container, which costs
 * transactions, and reads of state a little past its TTL do no harm.
 */
const AZURE_SWEEP_MS = 24 * 60 * 60 * 1000;

export interface StorageHandle {
  storage: Storage;
  kind: StorageKind;
  /** Where the state is, for logs and /healthz: never a secret. */
  describe: string;
  /** Resolves when the sweep in progress (the one at start, for instance) is over. */
  swept(): Promise<void>;
  close(): Promise<void>;
}

export interface CreateStorageOptions {
  /** The clock of expiry; tests pass a fake one. */
  now?: () => Date;
}

/** Opens the configured storage and starts sweeping expired state (now, then periodically). */
export function createStorage(config: Config, logger: Logger, options: CreateStorageOptions = {}): StorageHandle {
  const expiry = { ttlMs: ttlMs(config.stateTtlDays), now: options.now };
  let storage: Storage;
  let describe: string;
  let sweeper: Sweeper | null = null;
  let closeStorage = () => {};
  switch (config.storage) {
    case 'sqlite': {
      const sqlite = new SqliteStorage({ file: resolve(config.dataDir, SQLITE_FILE), ...expiry });
      storage = sqlite;
      describe = `SQLite ${sqlite.file}`;
      sweeper = startSweeper({ sweep: () => sqlite.sweep(), everyMs: SQLITE_SWEEP_MS, logger, what: describe });
      closeStorage = () => sqlite.close();
      break;
    }
    case 'azure': {
      const azure = openAzureBlobState(config.azureConnectionString, config.azureContainer);
      storage = azure.storage;
      describe = `Azure Blob Storage ${azure.url}`;
      sweeper = startSweeper({ sweep: (signal) => sweepExpiredBlobs(azure.container, { ...expiry, signal }), everyMs: AZURE_SWEEP_MS, logger, what: describe });
      break;
    }
    case 'memory':
      storage = new MemoryStorage();
      describe = 'memory (lost when the process ends)';
      break;
  }
  return {
    storage,
    kind: config.storage,
    describe,
    swept: () => sweeper?.idle() ?? Promise.resolve(),
    close: async () => {
      await sweeper?.stop();
      closeStorage();
    },
  };
}
