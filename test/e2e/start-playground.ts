// Starts the Microsoft 365 Agents Playground (@microsoft/m365agentsplayground) as a child process,
// pointed at a local bot, with nothing that reaches beyond 127.0.0.1 and no sign-in.
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';

/** The Playground's own start-up (a 5 MB bundle) takes 2–6 s on the 2-core build machine. */
const START_TIMEOUT_MS = 60_000;
/** How long a polite SIGTERM gets before SIGKILL. */
const STOP_GRACE_MS = 5_000;
/** Another process can take the port between our probe and the Playground's listen: try again. */
const START_ATTEMPTS = 3;

export interface Playground {
  /** http://127.0.0.1:<port>/ — the web page. */
  url: string;
  stop(): Promise<void>;
}

export interface PlaygroundOptions {
  /** The bot's messaging endpoint, http://127.0.0.1:<port>/api/messages. */
  botEndpoint: string;
  /** Where its stdout, stderr and log file go. */
  artifactsDir: string;
}

/** A port that was free a moment ago on 127.0.0.1. */
async function probeFreePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (!address || typeof address !== 'object') throw new Error('could not probe a free port');
  return address.port;
}

/**
 * The Playground's only children are the short-lived shells it runs at start-up to read the machine
 * id, so ending its own process ends it all. It stays in our process group, so Ctrl-C reaches it too.
 */
function stopChild(child: ChildProcess, exited: Promise<unknown>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
  return exited.then(() => clearTimeout(timer));
}

async function startOnce(port: number, options: PlaygroundOptions, attempt: number): Promise<Playground> {
  const cli = require.resolve('@microsoft/m365agentsplayground/cli.js');
  const out = createWriteStream(join(options.artifactsDir, `playground-${attempt}.out.txt`));
  const args = [
    cli,
    'start',
    '--app-endpoint', options.botEndpoint,
    '--channel-id', 'msteams',
    '--port', String(port),
    // Its default is http://localhost:<port>/_connector; say 127.0.0.1 so the bot's replies stay on IPv4 loopback.
    '--service-url', `http://127.0.0.1:${port}/_connector`,
    '--disable-telemetry',
  ];
  const missing = join(options.artifactsDir, 'no-playground-config.yml');
  const child = spawn(process.execPath, args, {
    cwd: options.artifactsDir,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      // Otherwise it tries to open its page in a desktop browser (xdg-open), which CI has not got.
      TEAMSAPPTESTER_BROWSER: 'none',
      // --disable-telemetry stops its events, but the Application Insights SDK it starts anyway
      // would still send its own "statsbeat" to Azure without this.
      APPLICATION_INSIGHTS_NO_STATSBEAT: 'true',
      M365_AGENTS_PLAYGROUND_LOGFILE: join(options.artifactsDir, `playground-${attempt}.log`),
      // The built-in defaults (Alex Wilber, "My Team", the bot as "Test Bot"), never a
      // .m365agentsplayground.yml that happens to lie around.
      M365_AGENTS_PLAYGROUND_CONFIG_PATH: missing,
      TEAMS_APP_TEST_TOOL_CONFIG_PATH: missing,
    },
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let output = '';
  const collect = (chunk: Buffer) => {
    output += chunk.toString();
    out.write(chunk);
  };
  child.stdout!.on('data', collect);
  child.stderr!.on('data', collect);
  void exited.then(() => out.end());
  const stop = () => stopChild(child, exited);

  // With stdout not a TTY it prints "Listening on <port>" once the server is up.
  const listening = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => done(new Error(`did not say "Listening on" within ${START_TIMEOUT_MS} ms`)), START_TIMEOUT_MS);
    const poll = setInterval(() => {
      const m = /Listening on (\d+)/.exec(output);
      if (m) done(undefined, Number(m[1]));
    }, 100);
    void exited.then(() => done(new Error(`exited with code ${child.exitCode} before listening`)));
    let settled = false;
    function done(error?: Error, value?: number) {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      clearInterval(poll);
      if (error) reject(new Error(`The Agents Playground ${error.message}.\nOutput:\n${output}`));
      else resolve(value!);
    }
  }).catch(async (e: unknown) => {
    await stop();
    throw e;
  });
  if (listening !== port) {
    // It fell back to a random port, so the service URL we gave it is wrong: start again.
    await stop();
    throw new PortTaken(port);
  }
  await waitForPage(`http://127.0.0.1:${port}/`).catch(async (e: unknown) => {
    await stop();
    throw e;
  });
  return { url: `http://127.0.0.1:${port}/`, stop };
}

class PortTaken extends Error {
  constructor(port: number) {
    super(`port ${port} was taken before the Agents Playground could listen on it`);
  }
}

async function waitForPage(url: string): Promise<void> {
  const deadline = Date.now() + START_TIMEOUT_MS;
  let last = '';
  while (Date.now() < deadline) {
    try {
      const res = await fetch(url);
      if (res.ok && (await res.text()).includes('Microsoft 365 Agents Playground')) return;
      last = `status ${res.status}`;
    } catch (e) {
      last = (e as Error).message;
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`The Agents Playground page at ${url} did not answer within ${START_TIMEOUT_MS} ms (${last}).`);
}

/** Starts the Playground on a free port and resolves once its page answers. */
export async function startPlayground(options: PlaygroundOptions): Promise<Playground> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await startOnce(await probeFreePort(), options, attempt);
    } catch (e) {
      if (!(e instanceof PortTaken) || attempt >= START_ATTEMPTS) throw e;
    }
  }
}
