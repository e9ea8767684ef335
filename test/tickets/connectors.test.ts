// Each connector against a local fake of its service: the request the service documents, the
// answer it documents, and how failures are sorted into "try again" and "give up".
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileJiraIssue, type JiraConfig } from '../../src/tickets/connectors/file-jira-issue';
import { fileServiceNowIncident, type ServiceNowConfig } from '../../src/tickets/connectors/file-servicenow-incident';
import { postTicketWebhook, signWebhookBody } from '../../src/tickets/connectors/post-ticket-webhook';
import { DeliveryError } from '../../src/tickets/connectors/send-json';
import { startFakeJira, type FakeJira } from '../support/fake-jira';
import { startFakeServiceNow, type FakeServiceNow } from '../support/fake-servicenow';
import { startFakeWebhook, type FakeWebhook } from '../support/fake-webhook';
import { hostilePaste, newTicket, PASTE, sampleTicket } from './ticket-fixtures';

const SECRET = 'whsec-0123456789abcdef0123456789';

/** The DeliveryError a promise rejects with. */
async function failure(p: Promise<unknown>): Promise<DeliveryError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof DeliveryError) return e;
    throw e;
  }
  throw new Error('expected a DeliveryError');
}

describe('ServiceNow Table API', () => {
  let sn: FakeServiceNow;
  let config: ServiceNowConfig;
  beforeAll(async () => {
    sn = await startFakeServiceNow({ user: 'svc-helpdesk', password: 'pw-1', token: 'oauth-token-1' });
  });
  beforeEach(async () => {
    await sn.setMode('up');
    config = { instance: sn.url, auth: { user: 'svc-helpdesk', password: 'pw-1' }, category: 'software', timeoutMs: 2000 };
  });
  afterAll(() => sn.close());

  test('files an incident with Basic auth and returns its number and form link', async () => {
    const t = sampleTicket();
    const result = await fileServiceNowIncident(config, t);
    const incident = sn.incidents.at(-1)!;
    expect(result).toEqual({ externalId: incident.number, url: `${sn.url}/nav_to.do?uri=incident.do?sys_id=${incident.sys_id}` });
    expect(incident.number).toMatch(/^INC\d{7}$/);
    const req = sn.requests.at(-1)!;
    expect(req.method).toBe('POST');
    expect(req.path).toBe('/api/now/table/incident');
    expect(req.query.get('sysparm_fields')).toBe('sys_id,number');
    expect(req.headers.authorization).toBe(`Basic ${Buffer.from('svc-helpdesk:pw-1').toString('base64')}`);
    expect(req.headers.accept).toBe('application/json');
    expect(req.headers['content-type']).toBe('application/json');
    expect(incident.fields).toMatchObject({
      short_description: '#42 0x800B0004 TRUST_E_SUBJECT_NOT_TRUSTED: The subject is not trusted for the specified action',
      urgency: '1',
      impact: '3',
      category: 'software',
      correlation_id: t.id,
      correlation_display: 'Helpdesk Triage #42',
    });
    expect(incident.fields.caller_id).toBeUndefined();
    const description = String(incident.fields.description);
    for (const seen of ['Updates fail every night since Monday.', 'Ana Ruiz', 'ana.ruiz@contoso.com', 'TRUST_E_SUBJECT_NOT_TRUSTED', '62 % The proxy blocks', 'The PC clock is wrong: did not help', PASTE]) {
      expect(description).toContain(seen);
    }
  });

  test('a bearer token, a caller and a low urgency', async () => {
    const t = sampleTicket({ urgency: 'low' });
    await fileServiceNowIncident({ ...config, auth: { token: 'oauth-token-1' }, callerId: '6816f79cc0a8016401c5a33be04be441' }, t);
    expect(sn.requests.at(-1)?.headers.authorization).toBe('Bearer oauth-token-1');
    expect(sn.incidents.at(-1)?.fields).toMatchObject({ urgency: '3', caller_id: '6816f79cc0a8016401c5a33be04be441' });
  });

  test('a 28 KB paste is cut so the description stays within 4,000 characters, saying so', async () => {
    await fileServiceNowIncident(config, sampleTicket({ triage: { ...newTicket('x').triage, paste: hostilePaste() } }));
    const description = String(sn.incidents.at(-1)?.fields.description);
    expect(description.length).toBeLessThanOrEqual(4000);
    expect(description).toMatch(/cut at \d+ of 28\d{3} characters: the whole paste is on Teams ticket #42\]$/);
  });

  test('a wrong password is a permanent failure with ServiceNow’s own words', async () => {
    const e = await failure(fileServiceNowIncident({ ...config, auth: { user: 'svc-helpdesk', password: 'wrong' } }, sampleTicket()));
    expect(e).toMatchObject({ retryable: false, status: 401 });
    expect(e.message).toBe('ServiceNow answered 401: User Not Authenticated; Required to provide Auth information');
    expect(e.message).not.toContain('wrong');
  });

  test('503 and a refused connection are worth retrying', async () => {
    await sn.setMode('unavailable');
    expect(await failure(fileServiceNowIncident(config, sampleTicket()))).toMatchObject({ retryable: true, status: 503 });
    await sn.setMode('refused');
    // The first try may meet the kept-alive socket the server just closed; the next one connects afresh.
    expect(await failure(fileServiceNowIncident(config, sampleTicket()))).toMatchObject({ retryable: true, message: expect.stringMatching(/^ServiceNow could not be reached/) });
    const refused = await failure(fileServiceNowIncident(config, sampleTicket()));
    expect(refused.retryable).toBe(true);
    expect(refused.message).toMatch(/^ServiceNow could not be reached \(connect ECONNREFUSED 127\.0\.0\.1:\d+\)$/);
  });

  test('429 is retried after the Retry-After it gives', async () => {
    sn.answerNext({ status: 429, headers: { 'Retry-After': '120' }, body: { error: { message: 'Rate limit exceeded' }, status: 'failure' } });
    expect(await failure(fileServiceNowIncident(config, sampleTicket()))).toMatchObject({ retryable: true, status: 429, retryAfterMs: 120_000 });
  });

  test('a 201 without sys_id and number is not retried (the incident may exist)', async () => {
    sn.answerNext({ status: 201, body: { result: {} } });
    expect(await failure(fileServiceNowIncident(config, sampleTicket()))).toMatchObject({ retryable: false });
  });
});

describe('Jira Cloud REST API v3', () => {
  let jira: FakeJira;
  let config: JiraConfig;
  beforeAll(async () => {
    jira = await startFakeJira({ email: 'bot@contoso.com', apiToken: 'tok-1', projects: ['HELP'] });
  });
  beforeEach(() => {
    config = { site: jira.url, email: 'bot@contoso.com', apiToken: 'tok-1', project: 'HELP', issueType: 'Task', timeoutMs: 2000 };
  });
  afterAll(() => jira.close());

  test('creates an issue with an ADF description and returns its key and browse link', async () => {
    const result = await fileJiraIssue(config, sampleTicket());
    expect(result).toEqual({ externalId: 'HELP-24', url: `${jira.url}/browse/HELP-24` });
    const req = jira.requests.at(-1)!;
    expect(req.headers.authorization).toBe(`Basic ${Buffer.from('bot@contoso.com:tok-1').toString('base64')}`);
    expect(req.headers.accept).toBe('application/json');
    const fields = jira.issues.at(-1)!.fields as { description: { content: { type: string; content?: { text?: string }[] }[] } } & Record<string, unknown>;
    expect(fields.project).toEqual({ key: 'HELP' });
    expect(fields.issuetype).toEqual({ name: 'Task' });
    expect(fields.summary).toBe('#42 0x800B0004 TRUST_E_SUBJECT_NOT_TRUSTED: The subject is not trusted for the specified action');
    expect(fields.labels).toEqual(['helpdesk-triage', 'urgency-high', '0x800B0004']);
    expect(fields.priority).toBeUndefined();
    expect(fields.description).toMatchObject({ type: 'doc', version: 1 });
    const content = fields.description.content;
    expect(content.find((n) => n.type === 'codeBlock')?.content?.[0]?.text).toBe(PASTE);
    expect(content.filter((n) => n.type === 'heading').map((n) => n.content?.[0]?.text)).toEqual([
      'Request', 'Error codes', 'Environment', 'Likely causes', 'Already tried', 'Paste',
    ]);
  });

  test('a 28 KB paste keeps the description under Jira’s 32,767 characters', async () => {
    await fileJiraIssue(config, sampleTicket({ triage: { ...newTicket('x').triage, paste: hostilePaste() } }));
    const description = JSON.stringify(jira.issues.at(-1)!.fields.description);
    const text = [...description.matchAll(/"text":"((?:[^"\\]|\\.)*)"/g)].map((m) => JSON.parse(`"${m[1]}"`) as string).join('');
    expect(text.length).toBeLessThan(32_767);
  });

  test('priority is sent only when mapped, and a screen without it is a permanent 400', async () => {
    const e = await failure(fileJiraIssue({ ...config, priorities: { high: 'High' } }, sampleTicket()));
    expect(e).toMatchObject({ retryable: false, status: 400 });
    expect(e.message).toBe("Jira answered 400: priority: Field 'priority' cannot be set. It is not on the appropriate screen, or unknown.");
    expect(JSON.parse(jira.requests.at(-1)!.rawBody).fields.priority).toEqual({ name: 'High' });
  });

  test('an unknown project is a permanent 400 naming the field', async () => {
    const e = await failure(fileJiraIssue({ ...config, project: 'NOPE' }, sampleTicket()));
    expect(e.message).toBe('Jira answered 400: project: Specify a valid project ID or key');
  });

  test('a wrong API token is a permanent 401', async () => {
    expect(await failure(fileJiraIssue({ ...config, apiToken: 'nope' }, sampleTicket()))).toMatchObject({ retryable: false, status: 401 });
  });
});

describe('signed webhook', () => {
  let hook: FakeWebhook;
  beforeAll(async () => {
    hook = await startFakeWebhook(SECRET);
  });
  afterAll(() => hook.close());

  test('posts the ticket, signed; the receiver verifies the HMAC and the timestamp', async () => {
    const t = sampleTicket();
    const result = await postTicketWebhook({ url: hook.hookUrl, secret: SECRET, timeoutMs: 2000 }, t);
    expect(result).toEqual({ externalId: 'delivery-1' });
    const d = hook.deliveries.at(-1)!;
    expect(d.headers['x-helpdesk-signature']).toBe(signWebhookBody(SECRET, hook.requests.at(-1)!.rawBody));
    expect(d.headers['x-helpdesk-event']).toBe('ticket.created');
    expect(d.headers['x-helpdesk-delivery']).toBe(t.id);
    expect(d.body.event).toBe('ticket.created');
    expect(d.body.ticket).toMatchObject({ id: t.id, number: 42, urgency: 'high', contact: t.contact, description: t.description });
    expect(d.body.ticket).not.toHaveProperty('conversation');
    expect(d.body.ticket).not.toHaveProperty('external');
  });

  test('the signature is HMAC-SHA256 of the raw body in hex (a known vector)', () => {
    // RFC 4231 test case 2: key "Jefe", data "what do ya want for nothing?".
    expect(signWebhookBody('Jefe', 'what do ya want for nothing?')).toBe('sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843');
  });

  test('a receiver with another secret answers 401: permanent', async () => {
    const e = await failure(postTicketWebhook({ url: hook.hookUrl, secret: 'some-other-secret-value', timeoutMs: 2000 }, sampleTicket()));
    expect(e).toMatchObject({ retryable: false, status: 401 });
  });
});

describe('timeouts and redirects', () => {
  let silent: Server;
  let url: string;
  beforeAll(async () => {
    // Accepts connections and never answers.
    silent = createServer(() => undefined);
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', () => r()));
    url = `http://127.0.0.1:${(silent.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    silent.closeAllConnections();
    await new Promise<void>((r) => silent.close(() => r()));
  });

  test('a service that does not answer in time is retried later', async () => {
    const e = await failure(postTicketWebhook({ url, secret: SECRET, timeoutMs: 200 }, sampleTicket()));
    expect(e).toMatchObject({ retryable: true, message: 'The webhook did not answer within 0.2 s' });
  });

  test('a redirect is not followed: it means a wrong address', async () => {
    const sn = await startFakeServiceNow();
    sn.answerNext({ status: 302, headers: { Location: 'https://login.example.com/' } });
    const e = await failure(fileServiceNowIncident({ instance: sn.url, auth: { user: 'svc-helpdesk', password: 'secret-pw' }, category: 'software', timeoutMs: 2000 }, sampleTicket()));
    expect(e).toMatchObject({ retryable: false, status: 302 });
    expect(e.message).toContain('https://login.example.com/');
    await sn.close();
  });
});
