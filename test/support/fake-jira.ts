// A local Jira Cloud REST API v3 create-issue endpoint, as documented: POST /rest/api/3/issue with
// Basic auth (email:API token) and { fields: { project: { key }, summary, issuetype: { name },
// description (Atlassian Document Format), priority?, labels? } } answers 201 { id, key, self };
// a bad field answers 400 { errorMessages: [], errors: { <field>: <message> } }.
import { basicCredentials, isJson, startFakeService, type FakeService } from './fake-http-service';

export interface FakeJiraOptions {
  email?: string;
  apiToken?: string;
  projects?: string[];
  issueTypes?: string[];
  /** Whether the project's create screen has the priority field (many do not). */
  priorityOnScreen?: boolean;
}

export interface FakeIssue {
  id: string;
  key: string;
  fields: Record<string, unknown>;
}

export interface FakeJira extends FakeService {
  readonly issues: FakeIssue[];
}

const PRIORITIES = ['Highest', 'High', 'Medium', 'Low', 'Lowest'];
const BLOCKS = new Set(['paragraph', 'heading', 'bulletList', 'orderedList', 'listItem', 'codeBlock', 'blockquote', 'rule']);

type Node = Record<string, unknown>;
const isNode = (n: unknown): n is Node => typeof n === 'object' && n !== null && !Array.isArray(n);

/** The first thing wrong with an ADF node tree, or undefined when it is valid. */
export function adfProblem(node: unknown, path = 'doc'): string | undefined {
  if (!isNode(node) || typeof node.type !== 'string') return `${path}: not a node`;
  const children = (allowed: (c: Node) => boolean): string | undefined => {
    if (node.content === undefined) return undefined;
    if (!Array.isArray(node.content)) return `${path}.content: not an array`;
    for (const [i, c] of node.content.entries()) {
      const p = adfProblem(c, `${path}.content[${i}]`);
      if (p) return p;
      if (!allowed(c as Node)) return `${path}.content[${i}]: ${String((c as Node).type)} is not allowed in ${String(node.type)}`;
    }
    return undefined;
  };
  const inline = (c: Node) => c.type === 'text' || c.type === 'hardBreak';
  switch (node.type) {
    case 'doc':
      if (node.version !== 1) return `${path}.version must be 1`;
      if (!Array.isArray(node.content)) return `${path}.content: not an array`;
      return children((c) => BLOCKS.has(String(c.type)));
    case 'text':
      return typeof node.text === 'string' && node.text.length > 0 ? undefined : `${path}: a text node needs non-empty text`;
    case 'hardBreak':
    case 'rule':
      return undefined;
    case 'paragraph':
      return children(inline);
    case 'heading': {
      const level = isNode(node.attrs) ? node.attrs.level : undefined;
      if (typeof level !== 'number' || level < 1 || level > 6) return `${path}.attrs.level must be 1 to 6`;
      return children(inline);
    }
    case 'codeBlock':
      return children((c) => c.type === 'text' && c.marks === undefined);
    case 'bulletList':
    case 'orderedList':
      return children((c) => c.type === 'listItem');
    case 'listItem':
    case 'blockquote':
      return children((c) => BLOCKS.has(String(c.type)) && c.type !== 'listItem');
    default:
      return `${path}: unknown node type ${node.type}`;
  }
}

export async function startFakeJira(options: FakeJiraOptions = {}): Promise<FakeJira> {
  const { email = 'bot@contoso.com', apiToken = 'jira-api-token', projects = ['HELP'], issueTypes = ['Task', 'Bug', '[System] Service request'] } = options;
  const issues: FakeIssue[] = [];
  // The answers name the fake's own address, known once it listens.
  const self = { url: '' };
  const service = await startFakeService('Jira', (req) => {
    if (req.path !== '/rest/api/3/issue') return { status: 404, body: { errorMessages: ['Not found'], errors: {} } };
    const basic = basicCredentials(req.headers.authorization);
    if (!basic || basic.user !== email || basic.password !== apiToken) {
      return { status: 401, body: { errorMessages: ['You are not authenticated. Authentication required to perform this operation.'], errors: {} } };
    }
    if (req.method !== 'POST') return { status: 405, body: { errorMessages: ['Method not allowed'], errors: {} } };
    if (!isJson(req.headers['content-type'])) return { status: 415, body: { errorMessages: ['Unsupported Media Type'], errors: {} } };
    let body: unknown;
    try {
      body = JSON.parse(req.rawBody);
    } catch {
      return { status: 400, body: { errorMessages: ['Unexpected character in the request body'], errors: {} } };
    }
    const fields = isNode(body) && isNode(body.fields) ? body.fields : undefined;
    if (!fields) return { status: 400, body: { errorMessages: ['The request body needs a fields object'], errors: {} } };
    const errors: Record<string, string> = {};
    const project = isNode(fields.project) ? fields.project.key : undefined;
    if (typeof project !== 'string' || !projects.includes(project)) errors.project = 'Specify a valid project ID or key';
    const summary = fields.summary;
    if (typeof summary !== 'string' || !summary.trim()) errors.summary = 'You must specify a summary of the issue.';
    else if (/[\r\n]/.test(summary)) errors.summary = 'The summary is invalid because it contains newline characters.';
    else if (summary.length > 255) errors.summary = 'Summary must be less than 255 characters.';
    const issueType = isNode(fields.issuetype) ? fields.issuetype.name : undefined;
    if (typeof issueType !== 'string' || !issueTypes.includes(issueType)) errors.issuetype = 'Specify a valid issue type';
    if (fields.description !== undefined) {
      const problem = adfProblem(fields.description);
      if (problem) errors.description = `Operation value must be an Atlassian Document (see the Atlassian Document Format): ${problem}`;
    }
    if (fields.priority !== undefined) {
      const name = isNode(fields.priority) ? fields.priority.name : undefined;
      if (!options.priorityOnScreen) errors.priority = "Field 'priority' cannot be set. It is not on the appropriate screen, or unknown.";
      else if (typeof name !== 'string' || !PRIORITIES.includes(name)) errors.priority = 'Specify a valid priority';
    }
    if (fields.labels !== undefined) {
      const bad = Array.isArray(fields.labels) ? fields.labels.find((l) => typeof l !== 'string' || /\s/.test(l) || !l) : 'not an array';
      if (bad !== undefined) errors.labels = `The label '${String(bad)}' contains spaces which is invalid.`;
    }
    if (Object.keys(errors).length) return { status: 400, body: { errorMessages: [], errors } };
    const id = String(10000 + issues.length);
    const key = `${String(project)}-${24 + issues.length}`;
    issues.push({ id, key, fields });
    return { status: 201, body: { id, key, self: `${self.url}/rest/api/3/issue/${id}` } };
  });
  self.url = service.url;
  return Object.assign(service, { issues });
}
