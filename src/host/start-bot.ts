// Wires the engine, the conversation, storage and the server together; used by main.ts and tests.
import { MemoryStorage, type Storage } from 'botbuilder';
import type { Config } from '../config';
import { buildFactDetector } from '../engine/triage/detect-facts';
import { loadEngine, projectRoot, readStrings, readTemplates } from '../node/load-engine';
import { createBot } from './bot';
import { jsonLogger, type Logger } from './logger';
import { startServer, type RunningServer } from './server';

export interface StartOptions {
  config: Config;
  storage?: Storage;
  logger?: Logger;
  root?: string;
}

/** Loads everything, builds the bot and starts listening. Throws KnowledgeError on bad data. */
export async function startBot(options: StartOptions): Promise<RunningServer & { storage: Storage }> {
  const root = options.root ?? projectRoot();
  const logger = options.logger ?? jsonLogger();
  const { engine, knowledge } = loadEngine(root);
  const storage = options.storage ?? new MemoryStorage();
  const bot = createBot({
    conversation: { engine, knowledge, strings: readStrings(root), detector: buildFactDetector(knowledge.facts) },
    templates: readTemplates(root),
    storage,
    logger,
  });
  const codes = engine.tables.hresult.size + engine.tables.win32.size + engine.tables.ntstatus.size;
  const server = await startServer({
    config: options.config,
    bot,
    logger,
    health: () => ({ catalog: { articles: knowledge.articles.length, codes, facts: knowledge.facts.length }, storage: storage.constructor.name }),
  });
  return { ...server, storage };
}
