// Configuration from the environment: pure, every problem reported at once, and where each
// setting came from so that start-up can say it (never the secret itself).
export type AppType = 'MultiTenant' | 'SingleTenant' | 'UserAssignedMSI';
export type StorageKind = 'sqlite' | 'azure' | 'memory';

export interface Config {
  port: number;
  host: string;
  appId: string;
  appPassword: string;
  appType: AppType;
  tenantId: string;
  dataDir: string;
  /** Where conversation and user state live: SQLite in dataDir by default. */
  storage: StorageKind;
  azureConnectionString: string;
  azureContainer: string;
  /** Conversation state untouched for this long is deleted. */
  stateTtlDays: number;
  /** Entra tenant ids whose users may use the bot; empty means any tenant. */
  allowedTenants: string[];
  /** Teams user ids or Entra object ids allowed to work tickets besides the support team. */
  supportAgents: string[];
  /** pino level: info by default; debug adds one line per turn. */
  logLevel: string;
  /** Triage events (the reports' data) older than this are deleted. */
  insightsRetentionDays: number;
  /** A spike alert needs at least this many different people pasting one code family… */
  spikeMinUsers: number;
  /** …within this many minutes. */
  spikeWindowMinutes: number;
  /**
   * Bot Framework cloud settings, under botbuilder's own names, passed through as set: a US
   * Government or private cloud sets ChannelService, or all of the endpoint settings.
   */
  botFrameworkCloud: Partial<Record<CloudSetting, string>>;
}

/** The endpoint settings: botbuilder uses them all, and only them, once any one is set. */
export const CLOUD_ENDPOINTS = [
  'ToChannelFromBotLoginUrl',
  'ToChannelFromBotOAuthScope',
  'ToBotFromChannelTokenIssuer',
  'OAuthUrl',
  'ToBotFromChannelOpenIdMetadataUrl',
  'ToBotFromEmulatorOpenIdMetadataUrl',
  'CallerId',
] as const;
export type CloudSetting = 'ChannelService' | 'ValidateAuthority' | (typeof CLOUD_ENDPOINTS)[number];

export interface LoadedConfig {
  config: Config;
  /** Setting → "env" or "default". */
  sources: Record<keyof Config, 'env' | 'default'>;
  problems: string[];
}

const APP_TYPES: readonly AppType[] = ['MultiTenant', 'SingleTenant', 'UserAssignedMSI'];
const STORAGE_KINDS: readonly StorageKind[] = ['sqlite', 'azure', 'memory'];

/** Reads the configuration from an environment map (process.env in main.ts). */
export function loadConfig(env: Readonly<Record<string, string | undefined>>): LoadedConfig {
  const problems: string[] = [];
  const sources = {} as LoadedConfig['sources'];
  const get = (key: keyof Config, name: string, fallback: string): string => {
    const v = env[name]?.trim();
    sources[key] = v ? 'env' : 'default';
    return v || fallback;
  };
  const appId = get('appId', 'MicrosoftAppId', '');
  const portText = get('port', 'PORT', '3978');
  const port = Number(portText);
  if (!/^\d+$/.test(portText) || port > 65535) problems.push(`PORT must be a whole number from 0 to 65535 (got "${portText}")`);
  const appType = get('appType', 'MicrosoftAppType', 'MultiTenant') as AppType;
  if (!APP_TYPES.includes(appType)) problems.push(`MicrosoftAppType must be one of ${APP_TYPES.join(', ')} (got "${appType}")`);
  const appPassword = get('appPassword', 'MicrosoftAppPassword', '');
  const tenantId = get('tenantId', 'MicrosoftAppTenantId', '');
  if (appId && appType !== 'UserAssignedMSI' && !appPassword) problems.push('MicrosoftAppPassword is required when MicrosoftAppId is set');
  if (appId && appType !== 'MultiTenant' && !tenantId) problems.push(`MicrosoftAppTenantId is required for MicrosoftAppType ${appType}`);
  if (!appId && appPassword) problems.push('MicrosoftAppPassword is set but MicrosoftAppId is not');
  // Without an app id nothing authenticates callers: listen on loopback unless told otherwise.
  const host = get('host', 'HOST', appId ? '0.0.0.0' : '127.0.0.1');
  const dataDir = get('dataDir', 'DATA_DIR', './data');
  const storage = get('storage', 'STORAGE', 'sqlite') as StorageKind;
  if (!STORAGE_KINDS.includes(storage)) problems.push(`STORAGE must be one of ${STORAGE_KINDS.join(', ')} (got "${storage}")`);
  const azureConnectionString = get('azureConnectionString', 'AZURE_STORAGE_CONNECTION_STRING', '');
  if (storage === 'azure' && !azureConnectionString) problems.push('AZURE_STORAGE_CONNECTION_STRING is required when STORAGE is azure');
  const azureContainer = get('azureContainer', 'AZURE_STORAGE_CONTAINER', 'helpdesk-triage');
  const ttlText = get('stateTtlDays', 'STATE_TTL_DAYS', '30');
  const stateTtlDays = Number(ttlText);
  if (!(stateTtlDays > 0)) problems.push(`STATE_TTL_DAYS must be a positive number of days (got "${ttlText}")`);
  const list = (text: string) => text.split(',').map((x) => x.trim()).filter(Boolean);
  const allowedTenants = list(get('allowedTenants', 'ALLOWED_TENANTS', ''));
  const supportAgents = list(get('supportAgents', 'SUPPORT_AGENTS', ''));
  const logLevel = get('logLevel', 'LOG_LEVEL', 'info');
  if (!['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'].includes(logLevel)) problems.push(`LOG_LEVEL must be trace, debug, info, warn, error, fatal or silent (got "${logLevel}")`);
  const positive = (key: 'insightsRetentionDays' | 'spikeMinUsers' | 'spikeWindowMinutes', name: string, fallback: string, what: string): number => {
    const text = get(key, name, fallback);
    const n = Number(text);
    if (!/^\d+$/.test(text) || !(n > 0)) problems.push(`${name} must be a positive whole number of ${what} (got "${text}")`);
    return n;
  };
  const insightsRetentionDays = positive('insightsRetentionDays', 'INSIGHTS_RETENTION_DAYS', '90', 'days');
  const spikeMinUsers = positive('spikeMinUsers', 'SPIKE_MIN_USERS', '5', 'people');
  const spikeWindowMinutes = positive('spikeWindowMinutes', 'SPIKE_WINDOW_MINUTES', '30', 'minutes');
  const botFrameworkCloud: Partial<Record<CloudSetting, string>> = {};
  for (const name of ['ChannelService', 'ValidateAuthority', ...CLOUD_ENDPOINTS] as const) {
    const v = env[name]?.trim();
    if (v) botFrameworkCloud[name] = v;
  }
  sources.botFrameworkCloud = Object.keys(botFrameworkCloud).length ? 'env' : 'default';
  const endpoints = CLOUD_ENDPOINTS.filter((n) => botFrameworkCloud[n]);
  if (endpoints.length > 0 && endpoints.length < CLOUD_ENDPOINTS.length) {
    problems.push(`Bot Framework endpoint settings are all or nothing: ${endpoints.join(', ')} set, but not ${CLOUD_ENDPOINTS.filter((n) => !botFrameworkCloud[n]).join(', ')}`);
  }
  if (botFrameworkCloud.ValidateAuthority && !/^(true|false)$/.test(botFrameworkCloud.ValidateAuthority)) {
    problems.push(`ValidateAuthority must be true or false (got "${botFrameworkCloud.ValidateAuthority}")`);
  }
  return {
    config: { port, host, appId, appPassword, appType, tenantId, dataDir, storage, azureConnectionString, azureContainer, stateTtlDays, allowedTenants, supportAgents, logLevel, insightsRetentionDays, spikeMinUsers, spikeWindowMinutes, botFrameworkCloud },
    sources,
    problems,
  };
}
