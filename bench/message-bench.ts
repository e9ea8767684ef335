// The message figures of `npm run bench`: finding Windows' messages (every language's table) in a
// 200-character paste, a 2 KB paste and a 28 KB log, against naive Fuse.js over the same texts;
// building every index; the memory the message tables and index add. Texts are real-shaped: the
// accuracy set's pastes (collected from public threads) and the log fixtures of test/fixtures/.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fuse from 'fuse.js';
import { buildEngine } from '../src/engine/build-engine';
import type { CodeFiles } from '../src/engine/codes/code-tables';
import type { Article } from '../src/engine/catalog/schema';
import { MAX_INPUT_CHARS } from '../src/engine/extract-codes';
import { lookup, type Engine } from '../src/engine/lookup';
import { buildMessageIndex } from '../src/engine/messages/message-index';
import { messageTexts, type MessageFile } from '../src/engine/messages/message-tables';
import { buildEngineWithSavedIndex, readMessageFiles } from '../src/node/load-engine';
import { readCases } from '../scripts/accuracy/read-cases';

/** Wall-clock percentiles per call, and the process's CPU time per call (mean over the run). */
export interface Timing {
  runs: number;
  p50: number;
  p99: number;
  wallMean: number;
  cpuMean: number;
}

/** Runs fn over the inputs in turn; CPU time is process.cpuUsage (user + system, every thread). */
export function timeCalls<T>(inputs: readonly T[], runs: number, fn: (x: T) => unknown, warmup = Math.min(20, runs)): Timing {
  for (let i = 0; i < warmup; i++) fn(inputs[i % inputs.length]!);
  const t: number[] = [];
  const cpu0 = process.cpuUsage();
  const wall0 = performance.now();
  for (let i = 0; i < runs; i++) {
    const s = performance.now();
    fn(inputs[i % inputs.length]!);
    t.push(performance.now() - s);
  }
  const wall = performance.now() - wall0;
  const cpu = process.cpuUsage(cpu0);
  t.sort((a, b) => a - b);
  return { runs, p50: t[Math.floor(runs * 0.5)]!, p99: t[Math.min(runs - 1, Math.floor(runs * 0.99))]!, wallMean: wall / runs, cpuMean: (cpu.user + cpu.system) / 1000 / runs };
}

const ms = (v: number) => (v < 0.01 ? `${(v * 1000).toFixed(2)} µs` : v < 100 ? `${v.toFixed(2)} ms` : `${Math.round(v).toLocaleString('en-US')} ms`);
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

/** The log fixtures, one string each. */
function fixtureLogs(root: string): string[] {
  const dirs = [join(root, 'test', 'fixtures'), join(root, 'test', 'fixtures', 'logs')];
  return dirs.flatMap((d) =>
    readdirSync(d, { withFileTypes: true })
      .filter((f) => f.isFile() && /\.(log|txt|csv|xml)$/.test(f.name))
      .map((f) => readFileSync(join(d, f.name), 'utf8')),
  );
}

interface Texts {
  short: string[];
  twoKb: string[];
  log: string;
}

/**
 * 200 characters: the accuracy set's pastes of 120–280 characters, as collected. 2 KB: each
 * message or mixed paste of the set inside log lines from the fixtures, as if copied with its
 * surroundings. 28 KB: the fixtures in turn with the set's pastes between them, up to the limit.
 */
function realShapedTexts(root: string): Texts {
  const cases = readCases(root);
  const short = cases.filter((c) => c.text.length >= 120 && c.text.length <= 280).map((c) => c.text);
  const lines = fixtureLogs(root).flatMap((f) => f.split(/\r?\n/)).filter((l) => l.trim() !== '');
  const wordy = cases.filter((c) => c.kind.startsWith('message') || c.kind === 'mixed').map((c) => c.text);
  const twoKb = wordy.map((text, i) => {
    const before: string[] = [];
    const after: string[] = [];
    for (let k = 0; before.join('\n').length + text.length + after.join('\n').length < 2048 - 200; k++) {
      (k % 2 ? after : before).push(lines[(i * 7 + k) % lines.length]!);
    }
    return [...before, text, ...after].join('\n').slice(0, 2048);
  });
  const parts: string[] = [];
  for (let k = 0; parts.join('\n').length < MAX_INPUT_CHARS - 400; k++) {
    parts.push(lines[k % lines.length]!);
    if (k % 40 === 20) parts.push(wordy[(k / 40) % wordy.length | 0]!);
  }
  return { short, twoKb, log: parts.join('\n').slice(0, MAX_INPUT_CHARS) };
}

function memory(): { rss: number; heap: number } {
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  gc?.();
  const m = process.memoryUsage();
  return { rss: m.rss, heap: m.heapUsed + m.arrayBuffers };
}

/**
 * Memory the message tables and index add, and the first (cold) build, measured before anything
 * else in the process: the engine without messages, then with them; the difference of the two
 * differences is what the messages cost. Both engines stay alive until measured.
 */
export function measureStartUp(root: string, codeFiles: CodeFiles, articles: readonly Article[]): { engine: Engine; print: () => void } {
  const m0 = memory();
  const withoutMessages = buildEngine(codeFiles, articles, []);
  const m1 = memory();
  // In a function of its own, so that the parsed files are garbage once built, as in the bot.
  const built = (() => {
    const r0 = performance.now();
    const files: MessageFile[] = readMessageFiles(root);
    const read = performance.now() - r0;
    const c0 = process.cpuUsage();
    const b0 = performance.now();
    const engine = buildEngine(codeFiles, articles, files);
    const cold = performance.now() - b0;
    const cpu = process.cpuUsage(c0);
    return { engine, files: files.length, read, cold, coldCpu: (cpu.user + cpu.system) / 1000 };
  })();
  const { engine } = built;
  const m2 = memory();
  // Later starts load the index a first one saved (src/node/message-index-cache.ts): the bot's path.
  const saved = (() => {
    const dir = mkdtempSync(join(tmpdir(), 'index-cache-'));
    try {
      const files: MessageFile[] = readMessageFiles(root);
      const start = (): { wall: number; cpu: number; source: string } => {
        const c0 = process.cpuUsage();
        const b0 = performance.now();
        const { messageIndex: source } = buildEngineWithSavedIndex(codeFiles, articles, files, dir);
        const cpu = process.cpuUsage(c0);
        return { wall: performance.now() - b0, cpu: (cpu.user + cpu.system) / 1000, source };
      };
      const first = start();
      const later = [start(), start(), start()].sort((a, b) => a.wall - b.wall)[1]!;
      return { first, later };
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  })();
  const hasGc = typeof (globalThis as { gc?: unknown }).gc === 'function';
  const added = (k: 'rss' | 'heap') => m2[k] - m1[k] - (m1[k] - m0[k]);
  const print = () => {
    console.log(`\nStart-up, first build in this process: reading the ${built.files} message files ${ms(built.read)}; buildEngine with them ${ms(built.cold)} wall, ${ms(built.coldCpu)} CPU (aim ≤ 400 ms)`);
    console.log(`... as the bot starts: the first start builds and saves the message index, ${ms(saved.first.wall)} wall, ${ms(saved.first.cpu)} CPU (${saved.first.source}); later starts load it, ${ms(saved.later.wall)} wall, ${ms(saved.later.cpu)} CPU (${saved.later.source}, median of 3)`);
    console.log(`Memory added by the message tables and index (${engine.messageIndex.templates.toLocaleString('en-US')} distinct templates; the parsed files dropped, as in the bot)${hasGc ? ', after gc()' : ' (without --expose-gc: no gc() before reading, rough)'}:`);
    console.log(`  resident (RSS) ${mb(added('rss'))}, JS heap + array buffers ${mb(added('heap'))}   (aim ≤ 80 MB); the engine without messages: RSS ${mb(m1.rss - m0.rss)}, heap ${mb(m1.heap - m0.heap)}`);
    void withoutMessages;
  };
  return { engine, print };
}

/** Prints the message-matching, build and Fuse figures. */
export function messageBench(root: string, codeFiles: CodeFiles, articles: readonly Article[], engine: Engine): void {
  const texts = realShapedTexts(root);
  const messageFiles = readMessageFiles(root);
  const allTexts = messageFiles.flatMap((f) => f.entries.map((e) => e.text));
  const avg = (l: string[]) => Math.round(l.reduce((n, t) => n + t.length, 0) / l.length);
  console.log(`\nMessage matching over every language's table (${allTexts.length.toLocaleString('en-US')} texts, ${engine.messageIndex.templates.toLocaleString('en-US')} distinct templates)`);
  console.log(`texts: ${texts.short.length} accuracy-set pastes of ${avg(texts.short)} characters on average; ${texts.twoKb.length} pastes of 2 KB (a message among fixture log lines); one ${texts.log.length.toLocaleString('en-US')}-character log`);

  const search = (t: string) => engine.messageIndex.search(t);
  const rows: [string, Timing][] = [
    ['message matching, 200-character paste', timeCalls(texts.short, 1000, search)],
    ['message matching, 2 KB paste', timeCalls(texts.twoKb, 500, search)],
    ['message matching, 28 KB log', timeCalls([texts.log], 100, search, 5)],
    ['whole lookup, 200-character paste', timeCalls(texts.short, 1000, (t) => lookup(engine, t))],
    ['whole lookup, 2 KB paste', timeCalls(texts.twoKb, 500, (t) => lookup(engine, t))],
    ['whole lookup, 28 KB log', timeCalls([texts.log], 100, (t) => lookup(engine, t), 5)],
  ];

  // Naive Fuse: the whole paste as the pattern over every text. Each 200-character query takes
  // seconds here (Fuse cuts a long pattern into 32-character Bitap chunks, each run over all
  // texts), so only a few queries are timed; at 2 KB one, at 28 KB none unless asked.
  const queries = Number(process.env.BENCH_FUSE_QUERIES ?? 3);
  const fuse = { build: 0, short: null as Timing | null, twoKb: null as Timing | null, log: null as Timing | null };
  if (queries > 0) {
    const s = performance.now();
    const index = new Fuse(allTexts, { includeScore: true, ignoreLocation: true, threshold: 0.4 });
    fuse.build = performance.now() - s;
    const q = (t: string) => index.search(t, { limit: 5 });
    fuse.short = timeCalls(texts.short.slice(0, queries), queries, q, 0);
    if (process.env.BENCH_FUSE_2KB !== '0') fuse.twoKb = timeCalls(texts.twoKb.slice(0, 1), 1, q, 0);
    if (process.env.BENCH_FUSE_28KB === '1') fuse.log = timeCalls([texts.log], 1, q, 0);
  }
  const versus = [fuse.short, fuse.twoKb, fuse.log];

  const w = Math.max(...rows.map((r) => r[0].length));
  console.log(`${'what'.padEnd(w)}  ${'p50'.padStart(9)}  ${'p99'.padStart(9)}  ${'wall mean'.padStart(9)}  ${'CPU mean'.padStart(9)}  ${'naive Fuse'.padStart(14)}  ${'Fuse / ours'.padStart(11)}`);
  rows.forEach(([what, f], i) => {
    const naive = i < 3 ? versus[i] : null;
    const fuseCell = naive ? `${ms(naive.wallMean)} (${naive.runs})` : i < 3 ? 'not run' : '';
    const ratio = naive ? `${Math.round(naive.wallMean / f.wallMean).toLocaleString('en-US')}×` : '';
    console.log(`${what.padEnd(w)}  ${ms(f.p50).padStart(9)}  ${ms(f.p99).padStart(9)}  ${ms(f.wallMean).padStart(9)}  ${ms(f.cpuMean).padStart(9)}  ${fuseCell.padStart(14)}  ${ratio.padStart(11)}`);
  });
  console.log('aims: p99 ≤ 5 ms at 2 KB, ≤ 25 ms at 28 KB (message matching)');
  if (queries > 0) {
    console.log(`naive Fuse: building its index over the ${allTexts.length.toLocaleString('en-US')} texts took ${ms(fuse.build)}; the figure in brackets is how many queries were timed (mean wall time); the ratio is of mean wall times.`);
    if (!fuse.log) console.log('naive Fuse at 28 KB not run (minutes a query); BENCH_FUSE_28KB=1 runs one.');
  }

  // Start-up: every index, messages included, as the bot builds them; and the message index alone.
  const build = timeCalls([0], 5, () => buildEngine(codeFiles, articles, messageFiles), 1);
  const indexTexts = messageTexts(messageFiles);
  const messageIndexBuild = timeCalls([0], 5, () => buildMessageIndex(indexTexts), 1);
  console.log('\nStart-up, warm (5 builds after a warm-up; the JSON files already read):');
  console.log(`  every index (buildEngine): p50 ${ms(build.p50)}, p99 ${ms(build.p99)}, CPU mean ${ms(build.cpuMean)}   (aim ≤ 400 ms)`);
  console.log(`  of which the message index: p50 ${ms(messageIndexBuild.p50)}, p99 ${ms(messageIndexBuild.p99)}, CPU mean ${ms(messageIndexBuild.cpuMean)}`);
}
