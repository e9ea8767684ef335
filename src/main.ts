// Composition root: the only reader of process.env and the only process.exit.
import { loadConfig } from './config';
import { KnowledgeError } from './engine/catalog/validate-knowledge';
import { jsonLogger } from './host/logger';
import { startBot } from './host/start-bot';
import { loadConnectorConfig } from './tickets/connectors/load-connector-config';

async function main(): Promise<void> {
  const { config, sources, problems: configProblems } = loadConfig(process.env);
  const logger = jsonLogger(configProblems.length ? 'info' : config.logLevel);
  const connectors = loadConnectorConfig(process.env);
  const problems = [...configProblems, ...connectors.problems];
  if (problems.length) {
    console.error(`Configuration problems:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    process.exit(1);
  }
  logger.info('configuration', { port: config.port, host: config.host, appType: config.appType, appId: config.appId || null, sources });
  if (!config.appId) {
    logger.warn('NO AUTHENTICATION: MicrosoftAppId is not set, so any caller can talk to this bot. Fine for the Agents Playground on this machine; set MicrosoftAppId and MicrosoftAppPassword before exposing it.', { host: config.host });
  }
  try {
    logger.info('ticket connectors', { connectors: connectors.summary });
    const server = await startBot({ config, logger, connectors });
    logger.info('listening', { url: `${server.url}/api/messages` });
    // Closing the server lets in-flight turns finish, then closes the storage (the SQLite file
    // is checkpointed and released), so an orchestrator's stop loses nothing.
    const stop = () => {
      logger.info('shutting down');
      server.close().then(
        () => process.exit(0),
        (e: unknown) => {
          logger.error('could not close cleanly', { error: (e as Error).message });
          process.exit(1);
        },
      );
    };
    process.once('SIGTERM', stop);
    process.once('SIGINT', stop);
  } catch (e) {
    // Bad knowledge files, or a port already taken: say what, without a stack trace.
    console.error(e instanceof KnowledgeError ? e.message : `Could not start: ${(e as Error).message}`);
    process.exit(1);
  }
}

void main();
