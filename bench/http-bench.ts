// npm run bench:http — the real bot against an echo bot on the same stack, side by side in one run,
// over this machine's loopback. Each bot runs in its own process, and so does the load generator.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { load, median, memory, startBot, type Load } from './processes';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
/** Each scenario runs this many times, alternating with the echo bot, so drift hits both alike. */
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const CONNECTIONS = [10, 50];
/** Conversations the memory check runs through each bot (0 skips it). */
const LONG_RUN = Number(process.env.BENCH_LONG_RUN ?? 10_000);
/** The aim of issue 8: a paste at this share of the echo bot's throughput. */
const AIM = 0.8;

function logPaste(size: number): string {
  const lines: string[] = [];
  for (let i = 0; lines.join('\n').length < size; i++) {
    lines.push(i % 40 === 7 ? `2026-11-27 10:${String(i % 60).padStart(2, '0')}:01 Agent WARNING: Exit code = 0x800B0004` : `2026-11-27 10:${String(i % 60).padStart(2, '0')}:00 Handler Downloaded ${1000 + i} bytes of KB50${30000 + i}`);
  }
  return lines.join('\n').slice(0, size);
}

/** Every failure HRESULT in the headers: a different code, and so a different card, each request. */
function variedCodes(): string[] {
  const file = JSON.parse(readFileSync('catalog/codes/hresult.json', 'utf8')) as { entries: { value: string }[] };
  return [...new Set(file.entries.map((e) => e.value).filter((v) => parseInt(v, 16) >= 0x80000000))];
}

interface Scenario {
  what: string;
  bot: 'echo' | 'echoReused' | 'bot';
  run: (url: string, c: number, round: number) => Promise<Load>;
  /** The scenario the aim is about. */
  aim?: boolean;
}

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'bench-'));
  const bots = {
    echo: await startBot('bench/echo-bot.ts', {}),
    echoReused: await startBot('bench/echo-bot.ts', { REUSE_CONNECTORS: '1' }),
    bot: await startBot('src/main.ts', { DATA_DIR: dataDir }),
  };
  const codes = variedCodes();
  const log = logPaste(20 * 1024);
  // A timed run of one kind of request, new conversations each time.
  const timed = (what: string, bot: Scenario['bot'], name: string, text: string | string[], aim?: boolean): Scenario => ({
    what,
    bot,
    aim,
    run: (url, c, r) => load({ url, connections: c, seconds: SECONDS, ...(typeof text === 'string' ? { text } : { text: '', texts: text }), pool: 0, prefix: `${name}${c}-${r}` }),
  });
  const scenarios: Scenario[] = [
    timed('echo bot (baseline)', 'echo', 'echo', '0x800B0004'),
    timed('echo bot, connector clients reused', 'echoReused', 'echoR', '0x800B0004'),
    timed('paste → identification + first question', 'bot', 'paste', '0x800B0004', true),
    timed(`paste, a different code each time (${codes.length.toLocaleString('en-US')})`, 'bot', 'varied', codes),
    {
      what: 'mid-triage answer',
      bot: 'bot',
      run: async (url, c, r) => {
        // Conversations that already have a question pending get an answer.
        const pool = 3000;
        await load({ url, connections: c, seconds: 60, text: '0x800B0004', pool, prefix: `mid${c}-${r}`, amount: pool });
        return load({ url, connections: c, seconds: SECONDS, text: 'not sure', pool, prefix: `mid${c}-${r}` });
      },
    },
    timed('20 KB log paste', 'bot', 'log', log),
  ];
  const header = ['what', 'conns', 'req/s', 'p50', 'p99', 'errors', 'peak RSS', 'vs echo', 'vs reused echo'];
  const rows: string[][] = [];
  let pasteRatio: number[] = [];
  try {
    console.log(`HTTP benchmark — ${new Date().toISOString()} — node ${process.version}, ${ROUNDS} rounds × ${SECONDS} s per scenario, loopback, deliveryMode expectReplies`);
    console.log('Each figure is the median of the rounds; a ratio is the median of the rounds\' ratios to the echo bot run in the same round.');
    // Warm up every process first: the first seconds of a fresh one run cold code.
    for (const [name, b] of Object.entries(bots)) await load({ url: b.url, connections: 10, seconds: 3, text: '0x800B0004', pool: 0, prefix: `warm-${name}` });
    for (const c of CONNECTIONS) {
      const results = scenarios.map(() => [] as Load[]);
      for (let r = 1; r <= ROUNDS; r++) {
        for (const [i, sc] of scenarios.entries()) {
          results[i]!.push(await sc.run(bots[sc.bot].url, c, r));
          process.stderr.write(`\r${c} connections, round ${r}/${ROUNDS}: ${sc.what}`.padEnd(100));
        }
      }
      process.stderr.write('\r'.padEnd(101) + '\r');
      // Each round's ratio of scenario i to scenario `base` (the echo bots are 0 and 1).
      const perRound = (i: number, base: number) => results[i]!.map((l, r) => l.rps / results[base]![r]!.rps);
      const ratio = (i: number, base: number) => median(perRound(i, base));
      scenarios.forEach((sc, i) => {
        const ls = results[i]!;
        if (sc.aim && c === CONNECTIONS[0]) pasteRatio = perRound(i, 0);
        rows.push([
          sc.what,
          String(c),
          Math.round(median(ls.map((l) => l.rps))).toLocaleString('en-US'),
          `${median(ls.map((l) => l.p50))} ms`,
          `${median(ls.map((l) => l.p99))} ms`,
          String(ls.reduce((n, l) => n + l.errors, 0)),
          `${memory(bots[sc.bot].proc.pid!).peak} MB`,
          ratio(i, 0).toFixed(2),
          i === 0 ? '' : ratio(i, 1).toFixed(2),
        ]);
      });
    }
    const w = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
    const line = (r: string[]) => r.map((x, i) => (i === 0 ? x.padEnd(w[i]!) : x.padStart(w[i]!))).join('  ');
    console.log(line(header));
    for (const r of rows) console.log(line(r));
    const p = median(pasteRatio);
    console.log(`\npaste at 10 connections: ${p.toFixed(2)} of the echo bot (rounds: ${pasteRatio.map((x) => x.toFixed(2)).join(', ')}); aim ${AIM}: ${p >= AIM ? 'met' : 'not met'}`);

    if (LONG_RUN > 0) {
      // Memory over a long run: RSS before and after LONG_RUN new conversations, both bots.
      console.log(`\nmemory over ${LONG_RUN.toLocaleString('en-US')} new conversations (RSS before → after):`);
      for (const [name, b] of [['echo bot', bots.echo], ['helpdesk bot', bots.bot]] as const) {
        const before = memory(b.proc.pid!).now;
        const r = await load({ url: b.url, connections: 10, seconds: 300, text: '0x800B0004', pool: 0, prefix: `long-${name.replace(' ', '')}`, amount: LONG_RUN });
        console.log(`  ${name.padEnd(12)} ${before} MB → ${memory(b.proc.pid!).now} MB (${r.errors} errors)`);
      }
    }
  } finally {
    for (const b of Object.values(bots)) b.proc.kill('SIGTERM');
    rmSync(dataDir, { recursive: true, force: true });
  }
}

void main();
