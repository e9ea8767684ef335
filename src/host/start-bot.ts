// Wires the engine, the conversation, storage and the server together; used by main.ts and tests.
import type { Storage } from 'botbuilder';
import type { Config } from '../config';
import { buildFactDetector } from '../engine/triage/detect-facts';
import { loadEngine, projectRoot, readStrings, readTemplates } from '../node/load-engine';
import { createBot } from './bot';
import { jsonLogger, type Logger } from './logger';
import { startServer, type RunningServer } from './server';
import { createStorage } from './storage/create-storage';
import { storageHealth } from './storage/storage-health';

export interface StartOptions {
  config: Config;
  /** Overrides the configured storage (tests); the caller then owns it and closes it. */
  storage?: Storage;
  logger?: Logger;
  root?: string;
}

/** Loads everything, builds the bot and starts listening. Throws KnowledgeError on bad data. */
export async function startBot(options: StartOptions): Promise<RunningServer & { storage: Storage }> {
  const root = options.root ?? projectRoot();
  const logger = options.logger ?? jsonLogger();
  const { engine, knowledge } = loadEngine(root);
  const owned = options.storage ? null : createStorage(options.config, logger);
  const storage = options.storage ?? owned!.storage;
  if (owned) logger.info('storage', { storage: owned.describe });
  const health = storageHealth(storage, owned?.kind ?? 'custom', owned?.describe ?? storage.constructor.name);
  let server: RunningServer;
  try {
    const bot = createBot({
      conversation: { engine, knowledge, strings: readStrings(root), detector: buildFactDetector(knowledge.facts) },
      templates: readTemplates(root),
      storage,
      logger,
    });
    const codes = engine.tables.hresult.size + engine.tables.win32.size + engine.tables.ntstatus.size;
    server = await startServer({
      config: options.config,
      bot,
      logger,
      health: () => ({ catalog: { articles: knowledge.articles.length, codes, facts: knowledge.facts.length }, storage: health.report() }),
    });
  } catch (e) {
    await owned?.close();
    throw e;
  }
  await health.probe();
  return {
    ...server,
    storage,
    // In-flight turns finish before the storage closes.
    close: async () => {
      await server.close();
      await owned?.close();
    },
  };
}
