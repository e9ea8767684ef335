// Bot Framework authentication that reuses its HTTP clients and answers every refused token with
// 401. botbuilder builds a new ConnectorClient and a new UserTokenClient, each with its own HTTP
// pipeline, for every incoming activity, even when the replies travel back in the response. A
// client holds only its base URL and credentials (which cache their tokens), so one per bot
// identity and service URL is enough.
import {
  AuthenticationError,
  BotFrameworkAuthentication,
  ConnectorFactory,
  type AuthenticateRequestResult,
  type BotFrameworkClient,
  type ClaimsIdentity,
  type ConnectorClient,
  type UserTokenClient,
} from 'botframework-connector';
import type { Activity } from 'botbuilder';
import { LRUCache } from 'lru-cache';

/** Service URLs come from activities: bound the cache so a stream of odd ones cannot grow it. */
const MAX_CLIENTS = 64;

/** The client for `key`, built by `make` the first time; a build that fails is not kept. */
function reuse<V extends Promise<unknown>>(clients: LRUCache<string, V>, key: string, make: () => V): V {
  let client = clients.get(key);
  if (client === undefined) {
    client = make();
    clients.set(key, client);
    const built = client;
    built.catch(() => clients.peek(key) === built && clients.delete(key));
  }
  return client;
}

/** What jsonwebtoken throws for a token it refuses: a bad signature, a malformed or expired token. */
const TOKEN_ERRORS = new Set(['JsonWebTokenError', 'TokenExpiredError', 'NotBeforeError']);

/**
 * botbuilder reports most bad tokens as 401 but lets a bad signature through as a plain error,
 * which CloudAdapter answers with 500: a forged token is the caller's fault, so it is a 401 too.
 */
async function refusingBadTokens(check: Promise<AuthenticateRequestResult>): Promise<AuthenticateRequestResult> {
  try {
    return await check;
  } catch (e) {
    if (e instanceof Error && TOKEN_ERRORS.has(e.name)) throw new AuthenticationError(`Unauthorized: ${e.message}`, 401);
    throw e;
  }
}

/** The bot identity a claims identity speaks for, as botbuilder reads it ('' when anonymous). */
function botIdOf(identity: ClaimsIdentity): string {
  return identity.getClaimValue('aud') ?? identity.getClaimValue('appid') ?? '';
}

/** Caches what a ConnectorFactory creates. */
class ReusingConnectorFactory extends ConnectorFactory {
  constructor(
    private readonly inner: ConnectorFactory,
    private readonly botId: string,
    private readonly clients: LRUCache<string, Promise<ConnectorClient>>,
  ) {
    super();
  }

  create(serviceUrl: string, audience?: string): Promise<ConnectorClient> {
    return reuse(this.clients, JSON.stringify([this.botId, serviceUrl, audience ?? null]), () => this.inner.create(serviceUrl, audience));
  }
}

export class ReusedConnectors extends BotFrameworkAuthentication {
  private readonly connectors = new LRUCache<string, Promise<ConnectorClient>>({ max: MAX_CLIENTS });
  private readonly tokenClients = new LRUCache<string, Promise<UserTokenClient>>({ max: MAX_CLIENTS });

  constructor(private readonly inner: BotFrameworkAuthentication) {
    super();
  }

  /** How many connector clients are kept (for tests and the health report). */
  get clientCount(): number {
    return this.connectors.size;
  }

  private reuse(result: AuthenticateRequestResult): AuthenticateRequestResult {
    if (!result.connectorFactory) return result;
    return { ...result, connectorFactory: new ReusingConnectorFactory(result.connectorFactory, botIdOf(result.claimsIdentity), this.connectors) };
  }

  async authenticateRequest(activity: Activity, authHeader: string): Promise<AuthenticateRequestResult> {
    // The token check itself is never cached: every request is authenticated on its own.
    return this.reuse(await refusingBadTokens(this.inner.authenticateRequest(activity, authHeader)));
  }

  async authenticateStreamingRequest(authHeader: string, channelIdHeader: string): Promise<AuthenticateRequestResult> {
    return this.reuse(await refusingBadTokens(this.inner.authenticateStreamingRequest(authHeader, channelIdHeader)));
  }

  createConnectorFactory(claimsIdentity: ClaimsIdentity): ConnectorFactory {
    return new ReusingConnectorFactory(this.inner.createConnectorFactory(claimsIdentity), botIdOf(claimsIdentity), this.connectors);
  }

  createUserTokenClient(claimsIdentity: ClaimsIdentity): Promise<UserTokenClient> {
    return reuse(this.tokenClients, botIdOf(claimsIdentity), () => this.inner.createUserTokenClient(claimsIdentity));
  }

  override createBotFrameworkClient(): BotFrameworkClient {
    return this.inner.createBotFrameworkClient();
  }

  override getOriginatingAudience(): string {
    return this.inner.getOriginatingAudience();
  }

  override authenticateChannelRequest(authHeader: string): Promise<ClaimsIdentity> {
    return this.inner.authenticateChannelRequest(authHeader);
  }
}
