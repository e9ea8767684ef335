// A local fake of where Teams keeps what users send a bot: the Bot Connector's attachment views
// (GET {serviceUrl}/v3/attachments/{id}/views/original, bearer token required) and a file store
// standing in for the pre-authorised OneDrive/SharePoint downloadUrl (no token expected), and the
// Connector's activity endpoints. It records every request, so a test can assert which host was
// asked and with which header.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeFile {
  body: Buffer;
  contentType: string;
  /** Send no content-length (chunked), so only the cap while reading can catch a large body. */
  chunked?: boolean;
  /** Answer with a redirect to this location instead. */
  redirect?: string;
  /** Wait this long before answering. */
  delayMs?: number;
  /** The bearer token this path requires (the attachment views); none for pre-authorised URLs. */
  token?: string;
}

export interface SeenRequest {
  path: string;
  authorization: string | undefined;
}

/** What the bot posted to the Bot Connector on this server (replies sent outside the HTTP response). */
export interface PostedActivity {
  path: string;
  body: Record<string, unknown>;
}

export interface FakeTeamsFiles {
  url: string;
  seen: SeenRequest[];
  posted: PostedActivity[];
  put(path: string, file: FakeFile): string;
  close(): Promise<void>;
}

export async function startFakeTeamsFiles(): Promise<FakeTeamsFiles> {
  const files = new Map<string, FakeFile>();
  const seen: SeenRequest[] = [];
  const posted: PostedActivity[] = [];
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0]!;
    // The same origin is the bot's serviceUrl: activities it posts are recorded and acknowledged.
    if (req.method === 'POST' || req.method === 'PUT') {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        posted.push({ path, body: JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as Record<string, unknown> });
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ id: `posted-${posted.length}` }));
      });
      return;
    }
    seen.push({ path, authorization: req.headers.authorization });
    const f = files.get(path);
    const answer = () => {
      if (!f) {
        res.writeHead(404);
        return res.end();
      }
      if (f.token && req.headers.authorization !== `Bearer ${f.token}`) {
        res.writeHead(401, { 'content-type': 'application/json' });
        return res.end('{"error":{"code":"Unauthorized"}}');
      }
      if (f.redirect) {
        res.writeHead(302, { location: f.redirect });
        return res.end();
      }
      res.writeHead(200, { 'content-type': f.contentType, ...(f.chunked ? {} : { 'content-length': String(f.body.byteLength) }) });
      if (!f.chunked) return res.end(f.body);
      // Chunked: written in 64 KB pieces, stopping if the client goes away.
      let at = 0;
      const more = () => {
        while (at < f.body.byteLength) {
          const ok = res.write(f.body.subarray(at, at + 65536));
          at += 65536;
          if (!ok) return void res.once('drain', more);
        }
        res.end();
      };
      res.on('close', () => (at = f.body.byteLength));
      more();
    };
    if (f?.delayMs) setTimeout(answer, f.delayMs);
    else answer();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    seen,
    posted,
    put(path, file) {
      files.set(path, file);
      return `${url}${path}`;
    },
    close: () =>
      new Promise<void>((r) => {
        server.close(() => r());
        server.closeAllConnections();
      }),
  };
}
