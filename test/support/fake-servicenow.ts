// A local ServiceNow Table API for the incident table, as documented: POST
// /api/now/table/incident with Basic or Bearer auth and a JSON body answers 201 with
// { "result": { sys_id, number, … } } (only the fields in sysparm_fields when given) and a
// Location header; errors carry { "error": { message, detail }, "status": "failure" }.
import { randomBytes } from 'node:crypto';
import { basicCredentials, isJson, startFakeService, type FakeAnswer, type FakeService } from './fake-http-service';

export interface FakeServiceNowOptions {
  user?: string;
  password?: string;
  /** An OAuth access token accepted as Bearer. */
  token?: string;
}

export interface FakeIncident {
  sys_id: string;
  number: string;
  fields: Record<string, unknown>;
}

export interface FakeServiceNow extends FakeService {
  readonly incidents: FakeIncident[];
}

const failure = (status: number, message: string, detail: string | null = null): FakeAnswer => ({ status, body: { error: { message, detail }, status: 'failure' } });
const CHOICES_1_TO_3 = ['1', '2', '3'];

export async function startFakeServiceNow(options: FakeServiceNowOptions = {}): Promise<FakeServiceNow> {
  const { user = 'svc-helpdesk', password = 'secret-pw', token } = options;
  const incidents: FakeIncident[] = [];
  // The answers name the fake's own address, known once it listens.
  const self = { url: '' };
  const service = await startFakeService('ServiceNow', (req) => {
    const table = /^\/api\/now\/table\/([^/]+)$/.exec(req.path)?.[1];
    if (!table) return failure(400, 'Requested URI does not represent any resource', req.path);
    const basic = basicCredentials(req.headers.authorization);
    const bearerOk = token !== undefined && req.headers.authorization === `Bearer ${token}`;
    if (!bearerOk && !(basic && basic.user === user && basic.password === password)) {
      return failure(401, 'User Not Authenticated', 'Required to provide Auth information');
    }
    if (req.method !== 'POST') return failure(405, 'Method not Supported', `${req.method} is not handled by this fake`);
    if (table !== 'incident') return failure(400, `Invalid table ${table}`);
    if (req.headers.accept !== undefined && !isJson(req.headers.accept)) return failure(406, 'Unsupported Accept header', req.headers.accept);
    if (!isJson(req.headers['content-type'])) return failure(415, 'Unsupported Media Type', `Content-Type ${req.headers['content-type'] ?? '(none)'}`);
    let body: unknown;
    try {
      body = JSON.parse(req.rawBody);
    } catch {
      return failure(400, 'Exception while reading request', 'The payload is not valid JSON.');
    }
    if (typeof body !== 'object' || body === null || Array.isArray(body)) return failure(400, 'Exception while reading request', 'Expected a JSON object');
    const fields = body as Record<string, unknown>;
    // The incident form's data policy: a short description is mandatory.
    if (typeof fields.short_description !== 'string' || !fields.short_description.trim()) {
      return failure(403, 'Operation Failed', 'Data Policy Exception: \n\tThe following fields are mandatory: Short description\n');
    }
    for (const f of ['urgency', 'impact']) {
      if (fields[f] !== undefined && !CHOICES_1_TO_3.includes(String(fields[f]))) return failure(400, 'Invalid choice', `${f} must be 1, 2 or 3`);
    }
    const sysId = randomBytes(16).toString('hex');
    const number = `INC${String(10001 + incidents.length).padStart(7, '0')}`;
    incidents.push({ sys_id: sysId, number, fields });
    const record: Record<string, unknown> = { ...fields, sys_id: sysId, number, state: '1', sys_class_name: 'incident', priority: '4' };
    const wanted = req.query.get('sysparm_fields');
    const result = wanted ? Object.fromEntries(wanted.split(',').filter((f) => f in record).map((f) => [f, record[f]])) : record;
    return { status: 201, body: { result }, headers: { Location: `${self.url}/api/now/table/incident/${sysId}` } };
  });
  self.url = service.url;
  return Object.assign(service, { incidents });
}
