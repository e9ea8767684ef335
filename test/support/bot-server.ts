// Starts the real bot on port 0 and a local fake of the Bot Connector that records the calls the
// bot makes back to Teams (updating a card). Tests talk to the bot over real HTTP.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Storage } from 'botbuilder';
import { loadConfig } from '../../src/config';
import { startBot, type StartOptions } from '../../src/host/start-bot';
import { loadConnectorConfig } from '../../src/tickets/connectors/load-connector-config';
import type { Logger } from '../../src/host/logger';
import type { Insights } from '../../src/host/insights';

export interface ConnectorCall {
  method: string;
  path: string;
  body: unknown;
}

export interface TestBot {
  url: string;
  connectorUrl: string;
  calls: ConnectorCall[];
  logs: { level: string; msg: string; fields?: Record<string, unknown> }[];
  storage: Storage;
  /** Triage events: idle() waits until what the turns so far recorded is written. */
  insights: Insights;
  close(): Promise<void>;
}

/** What a test may set of startBot's options (the clock, the OCR pool, credentials…). */
export type TestBotOptions = Partial<StartOptions>;

async function readBody(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  return text ? (JSON.parse(text) as unknown) : undefined;
}

async function startConnector(calls: ConnectorCall[]): Promise<Server> {
  const server = createServer((req, res) => {
    void readBody(req).then((body) => {
      calls.push({ method: req.method ?? '', path: req.url ?? '', body });
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ id: `fake-${calls.length}` }));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return server;
}

/** The real bot (anonymous, like local development) plus a fake connector; `options` as startBot takes them. */
export async function startTestBot(env: Record<string, string> = {}, options: TestBotOptions = {}): Promise<TestBot> {
  const calls: ConnectorCall[] = [];
  const logs: TestBot['logs'] = [];
  const connector = await startConnector(calls);
  // Records every line, with the bindings of child loggers (the turn's correlation id) merged in.
  const recorder = (bound: Record<string, unknown>): Logger => ({
    info: (msg, fields) => logs.push({ level: 'info', msg, fields: { ...bound, ...fields } }),
    warn: (msg, fields) => logs.push({ level: 'warn', msg, fields: { ...bound, ...fields } }),
    error: (msg, fields) => logs.push({ level: 'error', msg, fields: { ...bound, ...fields } }),
    child: (more) => recorder({ ...bound, ...more }),
  });
  const logger = recorder({});
  const all = { PORT: '0', STORAGE: 'memory', ...env };
  const { config } = loadConfig(all);
  const bot = await startBot({ config, logger, connectors: loadConnectorConfig(all), ...options });
  return {
    url: bot.url,
    connectorUrl: `http://127.0.0.1:${(connector.address() as AddressInfo).port}`,
    calls,
    logs,
    storage: bot.storage,
    insights: bot.insights,
    close: async () => {
      await bot.close();
      await new Promise<void>((r) => connector.close(() => r()));
    },
  };
}

let counter = 0;

/** Builds a Teams-like activity addressed to the bot. */
export function activity(bot: TestBot, fields: Record<string, unknown>): Record<string, unknown> {
  counter += 1;
  return {
    type: 'message',
    id: `act-${counter}`,
    channelId: 'msteams',
    serviceUrl: bot.connectorUrl,
    deliveryMode: 'expectReplies',
    from: { id: 'user-1', name: 'Ana' },
    recipient: { id: 'bot-1', name: 'Helpdesk Triage' },
    conversation: { id: 'conv-1', conversationType: 'personal' },
    locale: 'en-US',
    ...fields,
  };
}

export interface PostResult {
  status: number;
  body: { activities?: { type: string; text?: string; attachments?: { content: Record<string, unknown> }[] }[] } & Record<string, unknown>;
}

/** POSTs to /api/messages and returns the status and the parsed body. */
export async function post(bot: TestBot, body: unknown, raw = false): Promise<PostResult> {
  const res = await fetch(`${bot.url}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: raw ? (body as string) : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as PostResult['body']) : {} };
}

/** The messages a user sees from a reply list: text, or the card's first line of text. */
export function visible(result: PostResult): string[] {
  return (result.body.activities ?? [])
    .filter((a) => a.type === 'message')
    .map((a) => {
      if (a.attachments?.length) return `card: ${firstText(a.attachments[0]!.content)}`;
      return `text: ${a.text ?? ''}`;
    });
}

function firstText(node: unknown): string {
  if (Array.isArray(node)) {
    for (const n of node) {
      const t = firstText(n);
      if (t) return t;
    }
    return '';
  }
  if (node && typeof node === 'object') {
    const o = node as Record<string, unknown>;
    if (o.type === 'TextBlock' && typeof o.text === 'string') return o.text;
    if (o.type === 'RichTextBlock' && Array.isArray(o.inlines)) return (o.inlines as { text: string }[]).map((i) => i.text).join('');
    return firstText(o.body ?? o.items ?? o.columns ?? '');
  }
  return '';
}

/** The data of every Action.Submit in a card or a list of activities, in order. */
export function submits(node: unknown): Record<string, unknown>[] {
  if (Array.isArray(node)) return node.flatMap(submits);
  if (!node || typeof node !== 'object') return [];
  const o = node as Record<string, unknown>;
  const own = o.type === 'Action.Submit' && o.data && typeof o.data === 'object' ? [o.data as Record<string, unknown>] : [];
  return [...own, ...Object.values(o).flatMap(submits)];
}
