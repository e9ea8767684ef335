// The Azurite blob emulator for tests: on loopback, on a port the system picks, its data in a
// temporary folder that stop() removes.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
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

/** The script of one of Azurite's services ('azurite-blob', 'azurite-table'), run with node. */
export function azuriteMain(service: 'azurite-blob' | 'azurite-table'): string {
  const pkg = require.resolve('azurite/package.json');
  const { bin } = JSON.parse(readFileSync(pkg, 'utf8')) as { bin: Record<string, string> };
  return join(dirname(pkg), bin[service]!);
}

/** Starts Azurite's blob service; resolves once it listens. */
export async function startAzurite(): Promise<Azurite> {
  const location = mkdtempSync(join(tmpdir(), 'azurite-'));
  const child = spawn(
    process.execPath,
    // Port 0: the system picks a free one, and Azurite prints it. No telemetry leaves the machine.
    [azuriteMain('azurite-blob'), '--blobHost', '127.0.0.1', '--blobPort', '0', '--location', location, '--silent', '--skipApiVersionCheck', '--loose', '--disableTelemetry'],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  // A test run that ends early (a failure, a timeout) must not leave Azurite running.
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  const exited = new Promise<void>((r) =>
    child.once('exit', () => {
      process.removeListener('exit', killOnExit);
      r();
    }),
  );
  let port: number;
  try {
    port = await listeningPort(child);
  } catch (e) {
    child.kill('SIGKILL');
    await exited;
    rmSync(location, { recursive: true, force: true });
    throw e;
  }
  return {
    port,
    connectionString: `DefaultEndpointsProtocol=http;AccountName=${ACCOUNT};AccountKey=${ACCOUNT_KEY};BlobEndpoint=http://127.0.0.1:${port}/${ACCOUNT};`,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
      rmSync(location, { recursive: true, force: true });
    },
  };
}

function listeningPort(child: ChildProcess): Promise<number> {
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`Azurite did not start within ${START_TIMEOUT_MS} ms:\n${out}`)), START_TIMEOUT_MS);
    const take = (chunk: Buffer) => {
      out += chunk.toString();
      const m = /listens on http:\/\/127\.0\.0\.1:(\d+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(Number(m[1]));
      }
    };
    child.stdout!.on('data', take);
    child.stderr!.on('data', take);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`Azurite exited with code ${code}:\n${out}`));
    });
  });
}
