// The Azurite emulator for tests: one service (blob or table) on loopback, a free port, its data in
// a temporary folder that stop() removes. Started and stopped by the suites that need it.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/** Azurite's fixed development account and key, the same in every copy (not a secret). */
const ACCOUNT = 'devstoreaccount1';
const ACCOUNT_KEY = 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';
/** Azurite starts in about a second; a loaded CI machine gets plenty more. */
const START_TIMEOUT_MS = 30_000;

export interface Azurite {
  connectionString: string;
  port: number;
  stop(): Promise<void>;
}
export type AzuriteTable = Azurite;

type Service = 'blob' | 'table';

/** The script of one of Azurite's services, run with node. */
function azuriteMain(service: Service): string {
  const pkg = require.resolve('azurite/package.json');
  const { bin } = JSON.parse(readFileSync(pkg, 'utf8')) as { bin: Record<string, string> };
  return join(dirname(pkg), bin[`azurite-${service}`]!);
}

/** The table service does not report the port it got when given 0, so one is found first. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

async function startService(service: Service): Promise<Azurite> {
  const location = mkdtempSync(join(tmpdir(), `azurite-${service}-`));
  const port = await freePort();
  const child = spawn(
    process.execPath,
    [azuriteMain(service), `--${service}Host`, '127.0.0.1', `--${service}Port`, String(port), '--location', location, '--silent', '--skipApiVersionCheck', '--loose', '--disableTelemetry'],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  const exited = new Promise<void>((r) =>
    child.once('exit', () => {
      process.removeListener('exit', killOnExit);
      r();
    }),
  );
  try {
    await new Promise<void>((resolve, reject) => {
      let out = '';
      const timer = setTimeout(() => reject(new Error(`Azurite ${service} did not start within ${START_TIMEOUT_MS} ms:\n${out}`)), START_TIMEOUT_MS);
      const take = (chunk: Buffer) => {
        out += chunk.toString();
        if (/listens on|successfully (started|listening)/.test(out)) {
          clearTimeout(timer);
          resolve();
        }
      };
      child.stdout.on('data', take);
      child.stderr.on('data', take);
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`Azurite ${service} exited with code ${code}:\n${out}`));
      });
    });
  } catch (e) {
    child.kill('SIGKILL');
    await exited;
    rmSync(location, { recursive: true, force: true });
    throw e;
  }
  const endpoint = service === 'blob' ? 'BlobEndpoint' : 'TableEndpoint';
  return {
    port,
    connectionString: `DefaultEndpointsProtocol=http;AccountName=${ACCOUNT};AccountKey=${ACCOUNT_KEY};${endpoint}=http://127.0.0.1:${port}/${ACCOUNT};`,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
      rmSync(location, { recursive: true, force: true });
    },
  };
}

/** Starts Azurite's blob service (conversation state); resolves once it listens. */
export const startAzurite = () => startService('blob');
/** Starts Azurite's table service (tickets); resolves once it listens. */
export const startAzuriteTable = () => startService('table');
