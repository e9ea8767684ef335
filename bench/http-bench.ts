// npm run bench:http — the real bot against an echo bot on the same stack, side by side in one run,
// over this machine's loopback. Each bot runs in its own process, and so does the load generator.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 8);
const CONNECTIONS = [10, 50];
/** Conversations the memory check runs through each bot. */
const LONG_RUN = 10_000;

interface Load {
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  total: number;
}

function startBot(script: string, env: Record<string, string>): Promise<{ proc: ChildProcess; url: string }> {
  const proc = spawn(process.execPath, ['--import', 'tsx', script], { env: { ...process.env, PORT: '0', ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let buf = '';
    proc.stdout!.on('data', (d: Buffer) => {
      buf += d.toString();
      for (const line of buf.split('\n')) {
        if (!line.includes('"listening"')) continue;
        const entry = JSON.parse(line) as { msg?: string; url?: string };
        if (entry.msg === 'listening' && entry.url) return resolve({ proc, url: entry.url });
      }
    });
    proc.once('exit', (code) => reject(new Error(`${script} exited with ${code}`)));
  });
}

/** Peak and current resident memory of a process, in MB. */
function memory(pid: number): { peak: number; now: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
  return { peak: Math.round(kb('VmHWM') / 1024), now: Math.round(kb('VmRSS') / 1024) };
}

function load(args: { url: string; connections: number; seconds: number; text: string; pool: number; prefix: string; amount?: number }): Promise<Load> {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, ['--import', 'tsx', 'bench/load.ts', JSON.stringify(args)], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    proc.stdout.on('data', (d: Buffer) => (out += d.toString()));
    proc.once('exit', (code) => (code === 0 ? resolve(JSON.parse(out.trim().split('\n').pop()!) as Load) : reject(new Error(`load exited ${code}`))));
  });
}

function logPaste(size: number): string {
  const lines: string[] = [];
  for (let i = 0; lines.join('\n').length < size; i++) {
    lines.push(i % 40 === 7 ? `2026-11-27 10:${String(i % 60).padStart(2, '0')}:01 Agent WARNING: Exit code = 0x800B0004` : `2026-11-27 10:${String(i % 60).padStart(2, '0')}:00 Handler Downloaded ${1000 + i} bytes of KB50${30000 + i}`);
  }
  return lines.join('\n').slice(0, size);
}

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'bench-'));
  const echo = await startBot('bench/echo-bot.ts', {});
  const bot = await startBot('src/main.ts', { DATA_DIR: dataDir });
  const rows: string[][] = [];
  const row = (what: string, conns: number, l: Load, pid: number, baseline?: Load) =>
    rows.push([what, String(conns), Math.round(l.rps).toLocaleString('en-US'), `${l.p50} ms`, `${l.p99} ms`, String(l.errors), `${memory(pid).peak} MB`, baseline ? (l.rps / baseline.rps).toFixed(2) : '1.00']);
  try {
    console.log(`HTTP benchmark — ${new Date().toISOString()} — node ${process.version}, ${SECONDS} s per run, loopback, deliveryMode expectReplies`);
    for (const c of CONNECTIONS) {
      const base = await load({ url: echo.url, connections: c, seconds: SECONDS, text: '0x800B0004', pool: 0, prefix: `echo${c}` });
      row('echo bot (baseline)', c, base, echo.proc.pid!);
      const paste = await load({ url: bot.url, connections: c, seconds: SECONDS, text: '0x800B0004', pool: 0, prefix: `paste${c}` });
      row('paste → identification + question', c, paste, bot.proc.pid!, base);
      // Mid-triage: conversations that already have a question pending get an answer.
      const pool = 3000;
      await load({ url: bot.url, connections: c, seconds: 60, text: '0x800B0004', pool, prefix: `mid${c}`, amount: pool });
      const mid = await load({ url: bot.url, connections: c, seconds: SECONDS, text: 'not sure', pool, prefix: `mid${c}` });
      row('mid-triage answer', c, mid, bot.proc.pid!, base);
      const log = await load({ url: bot.url, connections: c, seconds: SECONDS, text: logPaste(20 * 1024), pool: 0, prefix: `log${c}` });
      row('20 KB log paste', c, log, bot.proc.pid!, base);
    }
    const w = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length), ['what', 'conns', 'req/s', 'p50', 'p99', 'errors', 'peak RSS', 'vs echo'][i]!.length));
    const line = (r: string[]) => r.map((x, i) => (i === 0 ? x.padEnd(w[i]!) : x.padStart(w[i]!))).join('  ');
    console.log(line(['what', 'conns', 'req/s', 'p50', 'p99', 'errors', 'peak RSS', 'vs echo']));
    for (const r of rows) console.log(line(r));

    // Memory over a long run: RSS before and after LONG_RUN new conversations, both bots.
    console.log(`\nmemory over ${LONG_RUN.toLocaleString('en-US')} new conversations (RSS before → after):`);
    for (const [name, b] of [['echo bot', echo], ['helpdesk bot', bot]] as const) {
      const before = memory(b.proc.pid!).now;
      const r = await load({ url: b.url, connections: 10, seconds: 300, text: '0x800B0004', pool: 0, prefix: `long-${name.replace(' ', '')}`, amount: LONG_RUN });
      console.log(`  ${name.padEnd(12)} ${before} MB → ${memory(b.proc.pid!).now} MB (${r.errors} errors)`);
    }
  } finally {
    echo.proc.kill('SIGTERM');
    bot.proc.kill('SIGTERM');
    rmSync(dataDir, { recursive: true, force: true });
  }
}

void main();
