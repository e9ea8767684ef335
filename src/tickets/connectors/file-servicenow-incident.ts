// Files a ticket as a ServiceNow incident through the Table API:
// POST {instance}/api/now/table/incident, JSON in and out, 201 { "result": { sys_id, number, … } }.
import type { Ticket, Urgency } from '../types';
import { fitPaste, sectionsAsText, summaryLine, ticketSections } from './describe-ticket';
import { basicAuth, DeliveryError, postJson, type Connector } from './send-json';

export interface ServiceNowConfig {
  /** https://<name>.service-now.com, without a trailing slash. */
  instance: string;
  /** Basic auth for an integration user, or an OAuth access token. */
  auth: { user: string; password: string } | { token: string };
  /** The incident category choice value (the base system has inquiry, software, hardware, network, database). */
  category: string;
  /** sys_id of a sys_user to file as the caller, e.g. an integration "Teams helpdesk" user. */
  callerId?: string;
  timeoutMs: number;
}

// ServiceNow's urgency choices: 1 High, 2 Medium, 3 Low.
const URGENCY: Record<Urgency, string> = { high: '1', normal: '2', low: '3' };
/** Impact 3 (Low): the bot files for one person; support raises it when more are affected. */
const IMPACT_ONE_PERSON = '3';
/** incident.short_description and task.description are 160 and 4,000 characters by default. */
const SHORT_DESCRIPTION_MAX = 160;
const DESCRIPTION_MAX = 4000;

function authorization(auth: ServiceNowConfig['auth']): string {
  return 'token' in auth ? `Bearer ${auth.token}` : basicAuth(auth.user, auth.password);
}

/** The incident's field values for a ticket (the request body). */
export function incidentFields(config: Pick<ServiceNowConfig, 'category' | 'callerId'>, t: Ticket): Record<string, string> {
  const facts = sectionsAsText(ticketSections(t));
  const room = DESCRIPTION_MAX - facts.length - '\n\nPaste:\n'.length;
  const description = t.triage.paste.trim() && room > 200 ? `${facts}\n\nPaste:\n${fitPaste(t, room)}` : facts.slice(0, DESCRIPTION_MAX);
  return {
    short_description: summaryLine(t, SHORT_DESCRIPTION_MAX),
    description,
    urgency: URGENCY[t.urgency],
    impact: IMPACT_ONE_PERSON,
    category: config.category,
    ...(config.callerId ? { caller_id: config.callerId } : {}),
    // task.correlation_id lets ServiceNow people find (and de-duplicate) what this bot filed.
    correlation_id: t.id,
    correlation_display: `Helpdesk Triage #${t.number}`,
  };
}

/** Creates the incident; returns its number (INC0010001) and the link to its form. */
export async function fileServiceNowIncident(config: ServiceNowConfig, t: Ticket): Promise<{ externalId: string; url: string }> {
  const url = `${config.instance}/api/now/table/incident?sysparm_fields=sys_id,number`;
  const answer = await postJson('ServiceNow', url, JSON.stringify(incidentFields(config, t)), { Authorization: authorization(config.auth) }, config.timeoutMs);
  const result = (answer as { result?: { sys_id?: unknown; number?: unknown } } | undefined)?.result;
  if (typeof result?.sys_id !== 'string' || typeof result.number !== 'string') {
    // Something was probably created: trying again could file it twice, so this is not retried.
    throw new DeliveryError('ServiceNow accepted the incident but its answer lacks result.sys_id and result.number', false);
  }
  return { externalId: result.number, url: `${config.instance}/nav_to.do?uri=incident.do?sys_id=${result.sys_id}` };
}

/** The connector the outbox calls. */
export function serviceNowConnector(config: ServiceNowConfig): Connector {
  return { system: 'servicenow', target: `${config.instance}/api/now/table/incident`, send: (t) => fileServiceNowIncident(config, t) };
}
