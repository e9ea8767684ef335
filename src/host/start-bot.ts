// Wires the engine, the conversation, storage and the server together; used by main.ts and tests.
import type { ServiceClientCredentialsFactory } from 'botframework-connector';
import type { Storage, TurnContext } from 'botbuilder';
import type { Config } from '../config';
import { buildFactDetector } from '../engine/triage/detect-facts';
import { loadEngine, projectRoot, readStrings, readTemplates } from '../node/load-engine';
import { join } from 'node:path';
import type { LoadedConnectors } from '../tickets/connectors/load-connector-config';
import { openAzureTableTicketStore } from '../tickets/azure-table-ticket-store';
import { OutboxWorker } from '../tickets/outbox';
import { openSqliteTicketStore } from '../tickets/sqlite-ticket-store';
import type { TicketOutbox, TicketStore } from '../tickets/types';
import { OcrPool, type OcrPoolOptions } from '../intake/ocr/ocr-pool';
import { openInsightStore } from '../insights/open-insight-store';
import type { InsightStore } from '../insights/types';
import { createBot } from './bot';
import { Intake, type IntakeLimits } from './intake-turn';
import { Escalation } from './escalation';
import { Insights } from './insights';
import { LEGACY_OUTCOMES_KEY, type Counts } from './outcomes';
import { answerReportCommand, mayReadReports } from './report-command';
import { SpikeAlerts } from './spike-alerts';
import { DEFAULT_SPIKE_OPTIONS } from '../insights/detect-spikes';
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
  /** External ticket systems (main.ts reads them from the environment); none by default. */
  connectors?: LoadedConnectors;
  /** Overrides the configured ticket store (tests); the caller then owns it and closes it. */
  tickets?: TicketStore & TicketOutbox;
  /** Screenshot reading and attachment limits (tests make them small). */
  ocr?: Partial<OcrPoolOptions>;
  intakeLimits?: Partial<IntakeLimits>;
  /** Replaces botbuilder's credentials (tests: a token without Entra ID). */
  credentialsFactory?: ServiceClientCredentialsFactory;
  /** Overrides the configured insight store (tests); the caller then owns it and closes it. */
  insights?: InsightStore;
  /** The clock of triage events, reports and spike alerts (tests pass a fake one). */
  now?: () => Date;
}

/** The ticket store the configuration asks for: beside the state, on the same kind of storage. */
async function openTickets(config: Config, connectors: LoadedConnectors | undefined): Promise<TicketStore & TicketOutbox> {
  const externalSystems = connectors?.systems ?? [];
  if (config.storage === 'azure') return openAzureTableTicketStore({ connectionString: config.azureConnectionString, externalSystems });
  if (config.storage === 'memory') return openSqliteTicketStore(':memory:', { externalSystems });
  return openSqliteTicketStore(join(config.dataDir, 'tickets.sqlite'), { externalSystems });
}

/** Loads everything, builds the bot and starts listening. Throws KnowledgeError on bad data. */
export async function startBot(options: StartOptions): Promise<RunningServer & { storage: Storage; insights: Insights }> {
  const root = options.root ?? projectRoot();
  const now = options.now ?? (() => new Date());
  const logger = options.logger ?? jsonLogger();
  const { engine, knowledge, messageIndex } = loadEngine(root);
  logger.info('message index', { templates: engine.messageIndex.templates, from: messageIndex === 'loaded' ? 'saved copy' : 'built now' });
  const owned = options.storage ? null : createStorage(options.config, logger);
  const storage = options.storage ?? owned!.storage;
  if (owned) logger.info('storage', { storage: owned.describe });
  const health = storageHealth(storage, owned?.kind ?? 'custom', owned?.describe ?? storage.constructor.name);
  let server: RunningServer;
  let tickets: (TicketStore & TicketOutbox) | undefined;
  let outbox: OutboxWorker | undefined;
  // Threads start on the first screenshot, not at start-up: most turns are typed text.
  const ocr = new OcrPool(options.ocr);
  let insightStore: InsightStore | undefined;
  let insights: Insights | undefined;
  const closeTickets = async () => {
    await outbox?.stop();
    if (!options.tickets) await tickets?.close();
    // Events queued by the last turns are written before the screenshot readers go.
    await insights?.stop();
    await ocr.close();
    if (!options.insights) await insightStore?.close();
  };
  try {
    tickets = options.tickets ?? (await openTickets(options.config, options.connectors));
    outbox = new OutboxWorker(tickets, options.connectors?.connectors ?? [], { log: logger });
    outbox.start();
    insightStore = options.insights ?? (await openInsightStore(options.config));
    const strings = readStrings(root);
    const templates = readTemplates(root);
    const escalation = new Escalation({
      store: tickets,
      strings,
      templates,
      logger,
      appId: options.config.appId,
      agents: options.config.supportAgents,
      onCreated: () => outbox?.kick(),
    });
    const spikes = new SpikeAlerts({
      store: insightStore,
      now,
      logger,
      strings,
      templates,
      facts: knowledge.facts,
      appId: options.config.appId,
      options: { ...DEFAULT_SPIKE_OPTIONS, minUsers: options.config.spikeMinUsers, windowMs: options.config.spikeWindowMinutes * 60_000 },
      supportChannel: () => escalation.supportChannel(),
      isAgent: (c) => escalation.isAgent(c),
    });
    insights = new Insights({
      store: insightStore,
      logger,
      now,
      retentionDays: options.config.insightsRetentionDays,
      onWritten: (events) => spikes.schedule(events),
      settled: () => spikes.idle(),
      stopping: () => spikes.stop(),
      legacyOutcomes: async () => ((await storage.read([LEGACY_OUTCOMES_KEY]))[LEGACY_OUTCOMES_KEY] as { counts?: Record<string, Counts> } | undefined)?.counts,
    });
    const reportDeps = { store: insightStore, engine, strings, templates, now, mayRead: (c: TurnContext) => mayReadReports(escalation, c), flushed: () => insights!.idle() };
    const bot = createBot({
      conversation: { engine, knowledge, strings, detector: buildFactDetector(knowledge.facts) },
      templates,
      storage,
      logger,
      insights,
      allowedTenants: options.config.allowedTenants,
      escalation,
      spikes,
      report: (context, text, locale) => answerReportCommand(reportDeps, context, text, locale),
      intake: new Intake({ engine, strings, ocr, anonymous: !options.config.appId, logger, limits: options.intakeLimits }),
    });
    const codes = engine.tables.hresult.size + engine.tables.win32.size + engine.tables.ntstatus.size;
    server = await startServer({
      config: options.config,
      bot,
      logger,
      credentialsFactory: options.credentialsFactory,
      health: () => ({ catalog: { articles: knowledge.articles.length, codes, facts: knowledge.facts.length }, storage: health.report() }),
    });
  } catch (e) {
    await closeTickets();
    await owned?.close();
    throw e;
  }
  await health.probe();
  return {
    ...server,
    storage,
    insights: insights!,
    // In-flight turns finish before the storage closes.
    close: async () => {
      await server.close();
      await closeTickets();
      await owned?.close();
    },
  };
}
