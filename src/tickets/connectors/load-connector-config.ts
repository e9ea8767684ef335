// Which external systems tickets are filed in, from the environment: pure, every problem reported
// at once. A system is on when any of its variables is set; then all it needs must be there.
import type { ExternalSystem } from '../apply-change';
import type { Urgency } from '../types';
import { jiraConnector, type JiraConfig } from './file-jira-issue';
import { serviceNowConnector, type ServiceNowConfig } from './file-servicenow-incident';
import { webhookConnector, type WebhookConfig } from './post-ticket-webhook';
import { DEFAULT_TIMEOUT_MS, type Connector } from './send-json';

export interface LoadedConnectors {
  connectors: Connector[];
  /** The systems to open the ticket store with (one pending delivery each per new ticket). */
  systems: ExternalSystem[];
  /** One line per connector for the start-up log: where it sends and how it signs in, never a secret. */
  summary: string[];
  problems: string[];
  /** The parsed settings, for tests and diagnostics (these do hold the secrets: never log them). */
  settings: { servicenow?: ServiceNowConfig; jira?: JiraConfig; webhook?: WebhookConfig };
}

const URGENCIES: readonly Urgency[] = ['low', 'normal', 'high'];
/** Shorter shared secrets are guessable offline from one signed body. */
const MIN_SECRET_LENGTH = 16;
const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

type Env = Readonly<Record<string, string | undefined>>;

/**
 * Reads an https base address (http only on loopback, for local fakes): `cloudHost` turns a bare
 * name such as "dev12345" into https://dev12345.<cloudHost>. Returns it without a trailing slash.
 */
function baseUrl(name: string, value: string, problems: string[], cloudHost?: string): string | undefined {
  if (cloudHost && /^[A-Za-z0-9-]+$/.test(value)) return `https://${value}.${cloudHost}`;
  let u: URL;
  try {
    u = new URL(value);
  } catch {
    problems.push(`${name} must be an address like https://example.${cloudHost ?? 'com'} (got "${value}")`);
    return undefined;
  }
  if (u.protocol !== 'https:' && !(u.protocol === 'http:' && LOOPBACK.has(u.hostname))) {
    problems.push(`${name} must use https (got "${u.protocol}//${u.host}"): credentials and pastes must not cross the network in clear text`);
    return undefined;
  }
  if (u.username || u.password) {
    problems.push(`${name} must not carry credentials in the address`);
    return undefined;
  }
  // A base address gets API paths appended: a query or fragment there would swallow them.
  if (cloudHost && (u.search || u.hash)) {
    problems.push(`${name} must be the site's address alone, without ? or # (got "${value}")`);
    return undefined;
  }
  return `${u.origin}${u.pathname.replace(/\/+$/, '')}${u.search}`;
}

function parsePriorities(value: string, problems: string[]): Partial<Record<Urgency, string>> | undefined {
  const map: Partial<Record<Urgency, string>> = {};
  for (const pair of value.split(',').map((p) => p.trim()).filter(Boolean)) {
    const [urgency, priority] = pair.split('=').map((s) => s.trim());
    if (!URGENCIES.includes(urgency as Urgency) || !priority) {
      problems.push(`JIRA_PRIORITIES must look like "high=High,normal=Medium,low=Low" (got "${pair}")`);
      return undefined;
    }
    map[urgency as Urgency] = priority;
  }
  return map;
}

/** Reads SERVICENOW_*, JIRA_*, WEBHOOK_* and CONNECTOR_TIMEOUT_SECONDS (see src/tickets/README.md). */
export function loadConnectorConfig(env: Env): LoadedConnectors {
  const problems: string[] = [];
  const get = (name: string) => env[name]?.trim() ?? '';
  const anySet = (...names: string[]) => names.some((n) => get(n));
  const settings: LoadedConnectors['settings'] = {};
  const summary: string[] = [];

  const timeoutText = get('CONNECTOR_TIMEOUT_SECONDS');
  let timeoutMs = DEFAULT_TIMEOUT_MS;
  if (timeoutText) {
    const s = Number(timeoutText);
    // Two minutes: the outbox leases a delivery for longer than any one attempt can take.
    if (!(s > 0 && s <= 120)) problems.push(`CONNECTOR_TIMEOUT_SECONDS must be a number of seconds from 1 to 120 (got "${timeoutText}")`);
    else timeoutMs = s * 1000;
  }

  if (anySet('SERVICENOW_INSTANCE', 'SERVICENOW_USER', 'SERVICENOW_PASSWORD', 'SERVICENOW_TOKEN', 'SERVICENOW_CALLER_ID', 'SERVICENOW_CATEGORY')) {
    const before = problems.length;
    const instanceText = get('SERVICENOW_INSTANCE');
    const instance = instanceText ? baseUrl('SERVICENOW_INSTANCE', instanceText, problems, 'service-now.com') : undefined;
    if (!instanceText) problems.push('SERVICENOW_INSTANCE is required when other SERVICENOW_ variables are set');
    const [user, password, token] = [get('SERVICENOW_USER'), get('SERVICENOW_PASSWORD'), get('SERVICENOW_TOKEN')];
    if (token && (user || password)) problems.push('set either SERVICENOW_TOKEN or SERVICENOW_USER and SERVICENOW_PASSWORD, not both');
    else if (!token && !(user && password)) problems.push('ServiceNow needs SERVICENOW_USER and SERVICENOW_PASSWORD (Basic auth) or SERVICENOW_TOKEN (an OAuth access token)');
    if (instance && problems.length === before) {
      const callerId = get('SERVICENOW_CALLER_ID') || undefined;
      settings.servicenow = { instance, auth: token ? { token } : { user, password }, category: get('SERVICENOW_CATEGORY') || 'software', callerId, timeoutMs };
      summary.push(`servicenow: ${instance} (${token ? 'bearer token' : `basic auth as ${user}`})`);
    }
  }

  if (anySet('JIRA_SITE', 'JIRA_EMAIL', 'JIRA_API_TOKEN', 'JIRA_PROJECT', 'JIRA_ISSUE_TYPE', 'JIRA_PRIORITIES')) {
    const before = problems.length;
    const siteText = get('JIRA_SITE');
    const site = siteText ? baseUrl('JIRA_SITE', siteText, problems, 'atlassian.net') : undefined;
    const missing = ['JIRA_SITE', 'JIRA_EMAIL', 'JIRA_API_TOKEN', 'JIRA_PROJECT'].filter((n) => !get(n));
    if (missing.length) problems.push(`Jira needs ${missing.join(', ')} as well`);
    const project = get('JIRA_PROJECT');
    if (project && !/^[A-Z][A-Z0-9_]+$/.test(project)) problems.push(`JIRA_PROJECT must be a project key such as HELP (got "${project}")`);
    const priorities = get('JIRA_PRIORITIES') ? parsePriorities(get('JIRA_PRIORITIES'), problems) : undefined;
    if (site && problems.length === before) {
      const issueType = get('JIRA_ISSUE_TYPE') || 'Task';
      settings.jira = { site, email: get('JIRA_EMAIL'), apiToken: get('JIRA_API_TOKEN'), project, issueType, priorities, timeoutMs };
      summary.push(`jira: ${site} project ${project}, issue type ${issueType} (as ${get('JIRA_EMAIL')})`);
    }
  }

  if (anySet('WEBHOOK_URL', 'WEBHOOK_SECRET')) {
    const before = problems.length;
    const urlText = get('WEBHOOK_URL');
    const url = urlText ? baseUrl('WEBHOOK_URL', urlText, problems) : undefined;
    if (!urlText) problems.push('WEBHOOK_URL is required when WEBHOOK_SECRET is set');
    const secret = get('WEBHOOK_SECRET');
    if (secret.length < MIN_SECRET_LENGTH) {
      problems.push(`WEBHOOK_SECRET must be at least ${MIN_SECRET_LENGTH} characters (for example the output of: openssl rand -hex 32)`);
    }
    if (url && problems.length === before) {
      settings.webhook = { url, secret, timeoutMs };
      summary.push(`webhook: ${new URL(url).origin}/… (signed with WEBHOOK_SECRET)`);
    }
  }

  const connectors: Connector[] = [];
  if (settings.servicenow) connectors.push(serviceNowConnector(settings.servicenow));
  if (settings.jira) connectors.push(jiraConnector(settings.jira));
  if (settings.webhook) connectors.push(webhookConnector(settings.webhook));
  return { connectors, systems: connectors.map((c) => c.system), summary, problems, settings };
}
