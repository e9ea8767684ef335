// Connector settings from the environment: which systems are on, and every problem at once.
import { loadConnectorConfig } from '../../src/tickets/connectors/load-connector-config';

const FULL = {
  SERVICENOW_INSTANCE: 'dev12345',
  SERVICENOW_USER: 'svc-helpdesk',
  SERVICENOW_PASSWORD: 'sn-password-123',
  JIRA_SITE: 'https://contoso.atlassian.net/',
  JIRA_EMAIL: 'bot@contoso.com',
  JIRA_API_TOKEN: 'jira-token-456',
  JIRA_PROJECT: 'HELP',
  WEBHOOK_URL: 'https://hooks.contoso.com/helpdesk/T0KEN-IN-PATH?sig=abc',
  WEBHOOK_SECRET: 'whsec-0123456789abcdef',
};

test('nothing set: no connectors and no problems', () => {
  expect(loadConnectorConfig({})).toMatchObject({ connectors: [], systems: [], problems: [], summary: [] });
});

test('all three configured, with defaults; the summary names no secret', () => {
  const loaded = loadConnectorConfig(FULL);
  expect(loaded.problems).toEqual([]);
  expect(loaded.systems).toEqual(['servicenow', 'jira', 'webhook']);
  expect(loaded.settings.servicenow).toMatchObject({ instance: 'https://dev12345.service-now.com', category: 'software', timeoutMs: 10_000 });
  expect(loaded.settings.jira).toMatchObject({ site: 'https://contoso.atlassian.net', issueType: 'Task', priorities: undefined });
  expect(loaded.settings.webhook?.url).toBe(FULL.WEBHOOK_URL);
  expect(loaded.summary).toEqual([
    'servicenow: https://dev12345.service-now.com (basic auth as svc-helpdesk)',
    'jira: https://contoso.atlassian.net project HELP, issue type Task (as bot@contoso.com)',
    'webhook: https://hooks.contoso.com/… (signed with WEBHOOK_SECRET)',
  ]);
  const shown = JSON.stringify([loaded.summary, loaded.connectors.map((c) => c.target)]);
  for (const secret of ['sn-password-123', 'jira-token-456', 'whsec-0123456789abcdef', 'T0KEN-IN-PATH']) expect(shown).not.toContain(secret);
});

test('a token instead of a password, priorities, a caller, a category and a timeout', () => {
  const loaded = loadConnectorConfig({
    SERVICENOW_INSTANCE: 'https://contoso.service-now.com',
    SERVICENOW_TOKEN: 'oauth',
    SERVICENOW_CALLER_ID: '6816f79cc0a8016401c5a33be04be441',
    SERVICENOW_CATEGORY: 'hardware',
    JIRA_SITE: 'contoso',
    JIRA_EMAIL: 'bot@contoso.com',
    JIRA_API_TOKEN: 't',
    JIRA_PROJECT: 'ITSD',
    JIRA_ISSUE_TYPE: '[System] Service request',
    JIRA_PRIORITIES: 'high=Highest, normal=Medium, low=Low',
    CONNECTOR_TIMEOUT_SECONDS: '5',
  });
  expect(loaded.problems).toEqual([]);
  expect(loaded.settings.servicenow).toMatchObject({ auth: { token: 'oauth' }, callerId: '6816f79cc0a8016401c5a33be04be441', category: 'hardware', timeoutMs: 5000 });
  expect(loaded.settings.jira).toMatchObject({ site: 'https://contoso.atlassian.net', issueType: '[System] Service request', priorities: { high: 'Highest', normal: 'Medium', low: 'Low' } });
});

test('every problem is reported at once, and a half-configured system is not started', () => {
  const loaded = loadConnectorConfig({
    SERVICENOW_USER: 'svc',
    JIRA_SITE: 'http://jira.contoso.local',
    JIRA_PROJECT: 'help desk',
    JIRA_PRIORITIES: 'urgent=High',
    WEBHOOK_URL: 'https://hooks.contoso.com/x',
    WEBHOOK_SECRET: 'short',
    CONNECTOR_TIMEOUT_SECONDS: 'soon',
  });
  expect(loaded.problems).toEqual([
    'CONNECTOR_TIMEOUT_SECONDS must be a number of seconds from 1 to 120 (got "soon")',
    'SERVICENOW_INSTANCE is required when other SERVICENOW_ variables are set',
    'ServiceNow needs SERVICENOW_USER and SERVICENOW_PASSWORD (Basic auth) or SERVICENOW_TOKEN (an OAuth access token)',
    'JIRA_SITE must use https (got "http://jira.contoso.local"): credentials and pastes must not cross the network in clear text',
    'Jira needs JIRA_EMAIL, JIRA_API_TOKEN as well',
    'JIRA_PROJECT must be a project key such as HELP (got "help desk")',
    'JIRA_PRIORITIES must look like "high=High,normal=Medium,low=Low" (got "urgent=High")',
    'WEBHOOK_SECRET must be at least 16 characters (for example the output of: openssl rand -hex 32)',
  ]);
  expect(loaded.connectors).toEqual([]);
});

test('both a token and a password is ambiguous; plain http is allowed only on loopback', () => {
  expect(loadConnectorConfig({ SERVICENOW_INSTANCE: 'x', SERVICENOW_TOKEN: 't', SERVICENOW_USER: 'u', SERVICENOW_PASSWORD: 'p' }).problems).toEqual([
    'set either SERVICENOW_TOKEN or SERVICENOW_USER and SERVICENOW_PASSWORD, not both',
  ]);
  expect(loadConnectorConfig({ WEBHOOK_URL: 'http://127.0.0.1:9000/hook', WEBHOOK_SECRET: '0123456789abcdef' }).problems).toEqual([]);
  expect(loadConnectorConfig({ WEBHOOK_URL: 'https://user:pw@hooks.contoso.com/', WEBHOOK_SECRET: '0123456789abcdef' }).problems).toEqual([
    'WEBHOOK_URL must not carry credentials in the address',
  ]);
  expect(loadConnectorConfig({ SERVICENOW_INSTANCE: 'https://contoso.service-now.com/?x=1', SERVICENOW_TOKEN: 't' }).problems).toEqual([
    'SERVICENOW_INSTANCE must be the site\'s address alone, without ? or # (got "https://contoso.service-now.com/?x=1")',
  ]);
});
