// npm run bench:builds -- <checkout> [<checkout> ...] — two or more builds of the bot side by side:
// the paste turn at 10 connections, rounds alternating so that the machine's drift hits every build
// alike. This answers "is this build slower than that one?", which a ratio to the echo bot cannot
// when the echo bot's own speed moves between runs. The current checkout is added last unless it
// is named. A checkout needs its dependencies: `git worktree add ../before <commit>` and then
// `ln -s "$PWD/node_modules" ../before/node_modules` when they are the same.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { cpuMicros, load, median, startBot } from './processes';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const CONNECTIONS = 10;
const TEXT = '0x800B0004';

function usage(problem: string): never {
  console.error(`${problem}\nusage: npm run bench:builds -- <checkout> [<checkout> ...]   (BENCH_ROUNDS, BENCH_SECONDS)`);
  process.exit(2);
}

async function main(): Promise<void> {
  const here = process.cwd();
  const named = process.argv.slice(2).map((d) => resolve(d));
  if (named.length === 0) usage('Name at least one other checkout of the bot.');
  const builds = named.includes(here) ? named : [...named, here];
  for (const dir of builds) {
    if (!existsSync(join(dir, 'src/main.ts'))) usage(`${dir} is not a checkout of the bot (no src/main.ts).`);
    if (!existsSync(join(dir, 'node_modules/tsx'))) usage(`${dir} has no node_modules: install them there or link this checkout's.`);
  }
  const dataDirs = builds.map(() => mkdtempSync(join(tmpdir(), 'bench-builds-')));
  const bots = [];
  try {
    for (const [i, dir] of builds.entries()) bots.push(await startBot('src/main.ts', { DATA_DIR: dataDirs[i]! }, dir));
    console.log(`Builds side by side — ${new Date().toISOString()} — node ${process.version}, ${ROUNDS} rounds × ${SECONDS} s, ${CONNECTIONS} connections, a new conversation pasting ${TEXT} each request`);
    for (const [i, b] of bots.entries()) await load({ url: b.url, connections: CONNECTIONS, seconds: 3, text: TEXT, pool: 0, prefix: `warm${i}-` });
    const rps = builds.map(() => [] as number[]);
    const cpu = builds.map(() => [] as number[]);
    for (let r = 1; r <= ROUNDS; r++) {
      for (const [i, b] of bots.entries()) {
        process.stderr.write(`\rround ${r}/${ROUNDS}: ${basename(builds[i]!)}`.padEnd(60));
        const before = cpuMicros(b.proc.pid!);
        const l = await load({ url: b.url, connections: CONNECTIONS, seconds: SECONDS, text: TEXT, pool: 0, prefix: `b${i}-${r}-` });
        if (l.errors > 0) throw new Error(`${builds[i]} answered ${l.errors} requests with errors`);
        rps[i]!.push(l.rps);
        cpu[i]!.push((cpuMicros(b.proc.pid!) - before) / l.total);
      }
    }
    process.stderr.write('\r'.padEnd(61) + '\r');
    const first = rps[0]!;
    for (const [i, dir] of builds.entries()) {
      const ratios = rps[i]!.map((x, r) => x / first[r]!);
      console.log(
        `${dir}\n  turns/s ${rps[i]!.map((x) => Math.round(x)).join(', ')}; ÷ first build per round ${ratios.map((x) => x.toFixed(2)).join(', ')} (median ${median(ratios).toFixed(2)}); bot CPU per request ${Math.round(median(cpu[i]!))} µs`,
      );
    }
  } finally {
    for (const b of bots) b.proc.kill('SIGTERM');
    for (const d of dataDirs) rmSync(d, { recursive: true, force: true });
  }
}

void main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
