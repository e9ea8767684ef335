// npm run dev — the bot (restarting on every change) and the Microsoft 365 Agents Playground
// pointed at it, to chat with the bot in a browser. Ctrl-C stops both.
import { spawn, type ChildProcess } from 'node:child_process';

const BOT_PORT = process.env.PORT ?? '3978';
const PLAYGROUND_PORT = process.env.PLAYGROUND_PORT ?? '56150';
const children: ChildProcess[] = [];

function run(name: string, command: string, args: string[], env: NodeJS.ProcessEnv): void {
  const child = spawn(command, args, { stdio: 'inherit', env: { ...process.env, ...env } });
  child.once('exit', (code) => {
    console.error(`${name} exited (${code ?? 'signal'}); stopping.`);
    stop(code ?? 1);
  });
  children.push(child);
}

function stop(code: number): void {
  for (const c of children) if (c.exitCode === null) c.kill('SIGTERM');
  process.exit(code);
}

run('bot', process.execPath, ['--import', 'tsx', '--watch', 'src/main.ts'], { PORT: BOT_PORT });
run('playground', process.execPath, [require.resolve('@microsoft/m365agentsplayground/cli.js'), 'start', '--app-endpoint', `http://127.0.0.1:${BOT_PORT}/api/messages`, '--channel-id', 'msteams', '--port', PLAYGROUND_PORT, '--disable-telemetry'], {
  // The Playground's own usage statistics stay off, as with --disable-telemetry.
  APPLICATION_INSIGHTS_NO_STATSBEAT: 'true',
});
console.log(`Agents Playground: http://localhost:${PLAYGROUND_PORT} (bot at http://127.0.0.1:${BOT_PORT}/api/messages). Ctrl-C stops both.`);
process.once('SIGINT', () => stop(0));
process.once('SIGTERM', () => stop(0));
