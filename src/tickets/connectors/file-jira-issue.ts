// Files a ticket as a Jira Cloud issue through REST API v3: POST {site}/rest/api/3/issue with the
// description in Atlassian Document Format; 201 { id, key, self }. Jira Service Management takes
// the same call with the service desk's project key and one of its issue types (for example
// "[System] Service request"); JSM's own /rest/servicedeskapi/request would add a customer portal
// request type, which this bot does not need.
import type { Ticket, Urgency } from '../types';
import { fitPaste, summaryLine, ticketSections, type TicketSection } from './describe-ticket';
import { basicAuth, DeliveryError, postJson, type Connector } from './send-json';

export interface JiraConfig {
  /** https://<site>.atlassian.net, without a trailing slash. */
  site: string;
  email: string;
  apiToken: string;
  /** The project key, e.g. HELP. */
  project: string;
  /** The issue type name, e.g. Task (it must be on the project's create screen). */
  issueType: string;
  /** Priority names by urgency; left out of the request when not configured, since many
   *  projects' create screens lack the priority field and Jira then answers 400. */
  priorities?: Partial<Record<Urgency, string>>;
  timeoutMs: number;
}

/** Summary: 255 characters, one line. */
const SUMMARY_MAX = 255;
/** Jira refuses a description over 32,767 characters; the facts come first, the paste gets the rest. */
const DESCRIPTION_MAX = 30_000;

type AdfNode = Record<string, unknown>;
const text = (s: string): AdfNode => ({ type: 'text', text: s });
/** A paragraph; line breaks become hardBreak nodes (ADF text nodes may not be empty). */
function paragraph(s: string): AdfNode {
  const content: AdfNode[] = [];
  s.split('\n').forEach((line, i) => {
    if (i > 0) content.push({ type: 'hardBreak' });
    if (line) content.push(text(line));
  });
  return { type: 'paragraph', content };
}

function sectionNodes(s: TicketSection): AdfNode[] {
  return [
    { type: 'heading', attrs: { level: 3 }, content: [text(s.title)] },
    ...(s.text ? [paragraph(s.text)] : []),
    ...(s.items.length ? [{ type: 'bulletList', content: s.items.map((i) => ({ type: 'listItem', content: [paragraph(i)] })) }] : []),
  ];
}

/** The ticket as an ADF document: the sections, then the paste in a code block. */
export function ticketAsAdf(t: Ticket): AdfNode {
  const sections = ticketSections(t);
  const used = sections.reduce((n, s) => n + s.title.length + (s.text?.length ?? 0) + s.items.join('').length, 0);
  const paste = t.triage.paste.trim() ? fitPaste(t, Math.max(0, DESCRIPTION_MAX - used)) : '';
  const content = sections.flatMap(sectionNodes);
  if (paste) {
    content.push({ type: 'heading', attrs: { level: 3 }, content: [text('Paste')] });
    content.push({ type: 'codeBlock', attrs: { language: 'text' }, content: [text(paste)] });
  }
  return { type: 'doc', version: 1, content };
}

/** The create-issue request body. */
export function issueFields(config: Pick<JiraConfig, 'project' | 'issueType' | 'priorities'>, t: Ticket): { fields: Record<string, unknown> } {
  const priority = config.priorities?.[t.urgency];
  // Labels may not contain spaces; codes (0x800B0004) make issues findable by code.
  const labels = [...new Set(['helpdesk-triage', `urgency-${t.urgency}`, ...t.triage.codes.map((c) => c.code)])];
  return {
    fields: {
      project: { key: config.project },
      summary: summaryLine(t, SUMMARY_MAX),
      issuetype: { name: config.issueType },
      description: ticketAsAdf(t),
      labels,
      ...(priority ? { priority: { name: priority } } : {}),
    },
  };
}

/** Creates the issue; returns its key (HELP-24) and its browse link. */
export async function fileJiraIssue(config: JiraConfig, t: Ticket): Promise<{ externalId: string; url: string }> {
  const answer = await postJson('Jira', `${config.site}/rest/api/3/issue`, JSON.stringify(issueFields(config, t)), { Authorization: basicAuth(config.email, config.apiToken) }, config.timeoutMs);
  const key = (answer as { key?: unknown } | undefined)?.key;
  if (typeof key !== 'string') throw new DeliveryError('Jira accepted the issue but its answer lacks the issue key', false);
  return { externalId: key, url: `${config.site}/browse/${key}` };
}

/** The connector the outbox calls. */
export function jiraConnector(config: JiraConfig): Connector {
  return { system: 'jira', target: `${config.site}/rest/api/3/issue (project ${config.project})`, send: (t) => fileJiraIssue(config, t) };
}
