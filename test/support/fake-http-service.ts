// The common part of the local fakes of external services: an HTTP server on 127.0.0.1, port 0,
// that records every request (raw body included) and can be taken down, either refusing
// connections or answering 503, and brought back on the same port.
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  method: string;
  /** Path and query, as sent. */
  url: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  rawBody: string;
}

export interface FakeAnswer {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

/** 'up' answers; 'refused' closes the port; 'unavailable' answers 503 to everything. */
export type FakeMode = 'up' | 'refused' | 'unavailable';

export interface FakeService {
  /** http://127.0.0.1:<port> */
  readonly url: string;
  readonly requests: RecordedRequest[];
  setMode(mode: FakeMode): Promise<void>;
  /** The next request gets this answer instead of the service's own (then back to normal). */
  answerNext(answer: FakeAnswer): void;
  close(): Promise<void>;
}

export async function startFakeService(name: string, handle: (req: RecordedRequest) => FakeAnswer): Promise<FakeService> {
  const requests: RecordedRequest[] = [];
  const overrides: FakeAnswer[] = [];
  let mode: FakeMode = 'up';
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const u = new URL(req.url ?? '/', 'http://fake');
      const recorded: RecordedRequest = {
        method: req.method ?? '',
        url: req.url ?? '',
        path: u.pathname,
        query: u.searchParams,
        headers: req.headers,
        rawBody: Buffer.concat(chunks).toString('utf8'),
      };
      requests.push(recorded);
      const answer: FakeAnswer =
        mode === 'unavailable'
          ? { status: 503, body: { error: { message: `${name} is down for maintenance` } } }
          : (overrides.shift() ?? handle(recorded));
      const body = answer.body === undefined ? '' : typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body);
      res.writeHead(answer.status, { ...(body ? { 'Content-Type': 'application/json;charset=UTF-8' } : {}), ...answer.headers });
      res.end(body);
    });
  });
  const listen = (port: number) => new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const stopListening = () => new Promise<void>((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
  await listen(0);
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    setMode: async (next) => {
      if (next === 'refused' && server.listening) await stopListening();
      if (next !== 'refused' && !server.listening) await listen(port);
      mode = next;
    },
    answerNext: (answer) => overrides.push(answer),
    close: async () => {
      if (server.listening) await stopListening();
    },
  };
}

/** The Basic credentials in an Authorization header, or undefined. */
export function basicCredentials(header: string | undefined): { user: string; password: string } | undefined {
  const m = /^Basic ([A-Za-z0-9+/=]+)$/.exec(header ?? '');
  if (!m?.[1]) return undefined;
  const decoded = Buffer.from(m[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon < 0 ? undefined : { user: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

/** Whether a Content-Type or Accept header names application/json (parameters allowed). */
export function isJson(header: string | undefined): boolean {
  return /^application\/json\s*(;|$)/i.test(header ?? '');
}
