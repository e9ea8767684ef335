// The bot as its own process, exactly as `npm start` runs it (src/main.ts under tsx), for tests
// of what survives a restart, a crash, or a second instance. Tests talk to it over real HTTP.
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { visible, type PostResult } from './bot-server';

const ROOT = resolve(__dirname, '../..');
/** A cold start (tsx compiling, the catalog indexed) takes 3–7 s on the 2-core build machine. */
const START_TIMEOUT_MS = 60_000;
/** The settings main.ts reads: never inherited from the environment running the tests. */
const CONFIG_VARIABLES = [
  'PORT', 'HOST', 'MicrosoftAppId', 'MicrosoftAppPassword', 'MicrosoftAppType', 'MicrosoftAppTenantId',
  'DATA_DIR', 'STORAGE', 'AZURE_STORAGE_CONNECTION_STRING', 'AZURE_STORAGE_CONTAINER', 'STATE_TTL_DAYS',
  'INSIGHTS_RETENTION_DAYS', 'SPIKE_MIN_USERS', 'SPIKE_WINDOW_MINUTES',
];

export interface LogLine {
  level: string;
  msg: string;
  [field: string]: unknown;
}

export interface BotProcess {
  /** http://127.0.0.1:<port> */
  url: string;
  /** Every JSON line the process wrote on stdout. */
  logs: LogLine[];
  /** Sends the signal and resolves with how the process ended. */
  kill(signal: NodeJS.Signals): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Starts `node --import tsx src/main.ts` (one process, so a signal reaches the bot itself) on a free port. */
export async function startBotProcess(env: Record<string, string>): Promise<BotProcess> {
  const childEnv: NodeJS.ProcessEnv = { ...process.env };
  for (const name of CONFIG_VARIABLES) delete childEnv[name];
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: ROOT,
    env: { ...childEnv, PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logs: LogLine[] = [];
  let stderr = '';
  // A test run that ends early (a failure, a timeout) must not leave a bot listening.
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((r) =>
    child.once('exit', (code, signal) => {
      process.removeListener('exit', killOnExit);
      r({ code, signal });
    }),
  );
  const url = await new Promise<string>((resolveUrl, reject) => {
    let settled = false;
    const timer = setTimeout(() => fail(`did not listen within ${START_TIMEOUT_MS} ms`), START_TIMEOUT_MS);
    function fail(why: string) {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(new Error(`The bot process ${why}.\nstdout: ${JSON.stringify(logs)}\nstderr: ${stderr}`));
    }
    let pending = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      pending += chunk.toString();
      const lines = pending.split('\n');
      pending = lines.pop()!;
      for (const line of lines) {
        if (!line.trim()) continue;
        let entry: LogLine;
        try {
          entry = JSON.parse(line) as LogLine;
        } catch {
          entry = { level: 'stdout', msg: line };
        }
        logs.push(entry);
        if (entry.msg === 'listening' && !settled) {
          settled = true;
          clearTimeout(timer);
          resolveUrl(String(entry.url).replace(/\/api\/messages$/, ''));
        }
      }
    });
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    void exited.then(({ code, signal }) => fail(`exited (code ${code}, signal ${signal})`));
  });
  return {
    url,
    logs,
    kill: (signal) => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}

let counter = 0;

/** Posts a Teams message to the bot (deliveryMode expectReplies) and returns what the user sees. */
export async function say(bot: { url: string }, conversationId: string, text: string): Promise<string[]> {
  counter += 1;
  const activity = {
    type: 'message',
    id: `proc-${process.pid}-${counter}`,
    channelId: 'msteams',
    // Nothing listens there: these tests send text only, so the bot never calls the connector.
    serviceUrl: 'http://127.0.0.1:9',
    deliveryMode: 'expectReplies',
    from: { id: 'user-1', name: 'Ana' },
    recipient: { id: 'bot-1', name: 'Helpdesk Triage' },
    conversation: { id: conversationId, conversationType: 'personal' },
    locale: 'en-US',
    text,
  };
  const res = await fetch(`${bot.url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(activity) });
  const body = (await res.json()) as PostResult['body'];
  if (res.status !== 200) throw new Error(`POST /api/messages answered ${res.status}: ${JSON.stringify(body)}`);
  return visible({ status: res.status, body });
}
