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

/** Service URLs come from activities: bound the cache so a stream of odd ones cannot grow it. */
const MAX_CLIENTS = 64;

/** A Map that forgets its oldest entry beyond `max`: enough for a handful of hot keys. */
class Bounded<V> {
  private readonly items = new Map<string, V>();
  constructor(private readonly max: number) {}

  get(key: string, make: () => V): V {
    const hit = this.items.get(key);
    if (hit !== undefined) return hit;
    const value = make();
    this.items.set(key, value);
    if (this.items.size > this.max) this.items.delete(this.items.keys().next().value!);
    return value;
  }

  delete(key: string): void {
    this.items.delete(key);
  }

  get size(): number {
    return this.items.size;
  }
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

/** Caches what a ConnectorFactory creates; a creation that fails is not kept. */
class ReusingConnectorFactory extends ConnectorFactory {
  constructor(
    private readonly inner: ConnectorFactory,
    private readonly botId: string,
    private readonly clients: Bounded<Promise<ConnectorClient>>,
  ) {
    super();
  }

  create(serviceUrl: string, audience?: string): Promise<ConnectorClient> {
    const key = JSON.stringify([this.botId, serviceUrl, audience ?? null]);
    const client = this.clients.get(key, () => this.inner.create(serviceUrl, audience));
    client.catch(() => this.clients.delete(key));
    return client;
  }
}

export class ReusedConnectors extends BotFrameworkAuthentication {
  private readonly connectors = new Bounded<Promise<ConnectorClient>>(MAX_CLIENTS);
  private readonly tokenClients = new Bounded<Promise<UserTokenClient>>(MAX_CLIENTS);

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
    const key = botIdOf(claimsIdentity);
    const client = this.tokenClients.get(key, () => this.inner.createUserTokenClient(claimsIdentity));
    client.catch(() => this.tokenClients.delete(key));
    return client;
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
