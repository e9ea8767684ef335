// The HTTP side: restify serving the Bot Framework endpoint and a health check.
import { ConfigurationBotFrameworkAuthentication } from 'botbuilder';
import type { ServiceClientCredentialsFactory } from 'botframework-connector';
import * as restify from 'restify';
import type { Config } from '../config';
import type { Logger } from './logger';
import type { TriageBot } from './bot';
import { ReusedConnectors } from './reused-connectors';
import { isActivityBody, TriageAdapter } from './triage-adapter';

/** Bot Framework activities are small; 256 KB leaves room for a 28 KB paste many times over. */
const MAX_BODY_BYTES = 256 * 1024;

export interface RunningServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

export interface ServerDeps {
  config: Config;
  bot: TriageBot;
  logger: Logger;
  health: () => Record<string, unknown>;
  /** Replaces botbuilder's credentials (tests: a token without Entra ID). */
  credentialsFactory?: ServiceClientCredentialsFactory;
}

/** Starts the bot's HTTP server; resolves once it listens. */
export async function startServer({ config, bot, logger, health, credentialsFactory }: ServerDeps): Promise<RunningServer> {
  const auth = new ReusedConnectors(
    new ConfigurationBotFrameworkAuthentication({
      MicrosoftAppId: config.appId,
      MicrosoftAppPassword: config.appPassword,
      MicrosoftAppType: config.appType,
      MicrosoftAppTenantId: config.tenantId,
      ...config.botFrameworkCloud,
    }, credentialsFactory),
  );
  const adapter = new TriageAdapter(auth);
  adapter.onTurnError = (context, error) => bot.onError(context, error);
  await bot.ready();

  const server = restify.createServer({ name: 'helpdesk-triage' });
  server.use(restify.plugins.bodyParser({ maxBodySize: MAX_BODY_BYTES, mapParams: false }));
  server.post('/api/messages', async (req, res) => {
    if (!isActivityBody(req.body)) {
      res.send(400, { error: 'The body must be a Bot Framework activity (JSON with a "type").' });
      return;
    }
    await adapter.handle(req, res, (context) => bot.onTurn(context), (e) =>
      logger.error('turn failed', { error: e instanceof Error ? e.message : String(e) }),
    );
  });
  // Clients (the Agents Playground) probe the endpoint with HEAD before they post to it.
  server.head('/api/messages', async (_req, res) => {
    res.send(204);
  });
  server.get('/healthz', async (_req, res) => {
    // A load balancer takes an instance whose storage fails out of rotation.
    const report = health();
    const ok = (report.storage as { ok?: boolean } | undefined)?.ok !== false;
    res.send(ok ? 200 : 503, { status: ok ? 'ok' : 'degraded', ...report });
  });
  server.on('restifyError', (req: restify.Request, res: restify.Response, err: Error & { statusCode?: number }, cb: () => void) => {
    logger.warn('request failed', { path: req.path(), status: err.statusCode ?? 500, error: err.message });
    return cb();
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const host = config.host === '0.0.0.0' ? '127.0.0.1' : config.host;
  return {
    url: `http://${host}:${port}`,
    port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
