// npm run bench — the engine's figures on this machine, each beside the floor of a plain Map
// lookup of the same names measured in the same run, as a ratio.
import { buildEngine } from '../src/engine/build-engine';
import { buildCodeTables } from '../src/engine/codes/code-tables';
import { lookup } from '../src/engine/lookup';
import { readCodeFiles, readMessageFiles, projectRoot, readStrings } from '../src/node/load-engine';
import { buildFactDetector } from '../src/engine/triage/detect-facts';
import { runInsightsBench } from './insights-bench';
import { readKnowledge } from '../src/node/read-knowledge';
import { measureStartUp, messageBench } from './message-bench';

interface Figure {
  p50: number;
  p99: number;
}

function measure(runs: number, fn: (i: number) => unknown): Figure {
  for (let i = 0; i < Math.min(50, runs); i++) fn(i); // warm-up: let the JIT settle
  const t: number[] = [];
  for (let i = 0; i < runs; i++) {
    const s = performance.now();
    fn(i);
    t.push(performance.now() - s);
  }
  t.sort((a, b) => a - b);
  return { p50: t[Math.floor(runs * 0.5)]!, p99: t[Math.min(runs - 1, Math.floor(runs * 0.99))]! };
}

const fmt = (ms: number) => (ms < 0.01 ? `${(ms * 1000).toFixed(2)} µs` : `${ms.toFixed(3)} ms`);

/** A 28 KB WindowsUpdate/CBS-style log: ten real codes among time stamps, sizes, GUIDs and KB numbers. */
function syntheticLog(): string {
  const codes = ['0x800B0004', '0x80070002', '0x800f081f', '0x8024402C', '0x80072EFE', '0xC1900101', '0x80070005', '0x80244019', '0x80073712', '0x80240034'];
  const lines: string[] = [];
  for (let i = 0; lines.join('\n').length < 28 * 1024 - 200; i++) {
    const ts = `2026-11-${String(10 + (i % 18)).padStart(2, '0')} 10:${String(i % 60).padStart(2, '0')}:${String((i * 7) % 60).padStart(2, '0')}.${String(i % 1000).padStart(3, '0')}`;
    if (i % 23 === 5) lines.push(`${ts} 1234 5678 Agent  * WARNING: Exit code = ${codes[(i / 23) % codes.length | 0]}`);
    else lines.push(`${ts} 1234 5678 Handler Downloaded ${100000 + i * 37} bytes of KB50${34441 + i} build 19045.${3800 + i} {6F9619FF-8B86-D011-B42D-00C04FC9${String(1000 + i).slice(-4)}}`);
  }
  return lines.join('\n');
}

function main(): Promise<void> {
  const root = projectRoot();
  const files = readCodeFiles(root);
  const knowledge = readKnowledge(root);
  // First, before anything else is allocated: the cold build and the memory the messages add.
  const startUp = measureStartUp(root, files, knowledge.articles);
  const engine = startUp.engine;
  const messageFiles = readMessageFiles(root);
  const tables = buildCodeTables(files);
  const log = syntheticLog();
  const names = [...tables.byName.keys()];
  const floorMap = new Map(names.map((n) => [n, tables.byName.get(n)]));
  const tokenRe = /[A-Za-z_][A-Za-z0-9_]*|0[xX][0-9a-fA-F]+/g;

  console.log(`Helpdesk Triage engine benchmark — ${new Date().toISOString()} — node ${process.version}`);
  console.log(`catalog: ${tables.all.length} header definitions, ${knowledge.articles.length} articles; log: ${log.length} characters\n`);
  const rows: [string, Figure, Figure][] = [];

  // 1. Extract + decode every code in a 28 KB log, against a regex pass + Map lookup of its tokens.
  const found = lookup(engine, log, { limit: 50 }).matches.length;
  rows.push([
    `extract + decode, 28 KB log (${found} codes)`,
    measure(1000, () => lookup(engine, log, { limit: 50 })),
    measure(1000, () => {
      let n = 0;
      for (const m of log.matchAll(tokenRe)) if (floorMap.has(m[0].toLowerCase())) n++;
      return n;
    }),
  ]);

  // 2. Word matching over the whole index: exact names, 2–3 words, a 200-character paste.
  const sample = tables.all.filter((_c, i) => i % 50 === 0).slice(0, 200);
  const exact = sample.map((c) => c.name);
  const words = ['access denied', 'subject not trusted', 'file not found', 'connection aborted', 'path not found', 'disk full', 'invalid parameter', 'service disabled', 'no revocation check', 'root certificate untrusted'];
  const paste = 'When I try to install the monthly cumulative update the installer stops and shows that the certificate chain was processed but terminated in a root certificate which is not trusted by the trust provider, then it rolls back.';
  rows.push(['exact name (e.g. E_ACCESSDENIED)', measure(200, (i) => lookup(engine, exact[i % exact.length]!)), measure(200, (i) => floorMap.get(exact[i % exact.length]!.toLowerCase()))]);
  rows.push(['2–3 words (e.g. "access denied")', measure(200, (i) => lookup(engine, words[i % words.length]!)), measure(200, (i) => floorMap.get(words[i % words.length]!.replace(/ /g, '_')))]);
  rows.push([`${paste.length}-character message paste`, measure(200, () => lookup(engine, paste)), measure(200, () => {
    for (const m of paste.matchAll(tokenRe)) floorMap.get(m[0].toLowerCase());
  })]);

  // 3. Building every index at start-up, against building the Map of names.
  rows.push(['build the engine at start-up', measure(5, () => buildEngine(files, knowledge.articles, messageFiles)), measure(20, () => new Map(names.map((n) => [n, tables.byName.get(n)])))]);

  const w = Math.max(...rows.map((r) => r[0].length));
  console.log(`${'what'.padEnd(w)}  ${'p50'.padStart(10)}  ${'p99'.padStart(10)}  ${'floor p50'.padStart(10)}  ${'ratio p50'.padStart(10)}`);
  for (const [what, f, floor] of rows) {
    const ratio = floor.p50 > 0 ? `${Math.round(f.p50 / floor.p50).toLocaleString('en-US')}×` : '-';
    console.log(`${what.padEnd(w)}  ${fmt(f.p50).padStart(10)}  ${fmt(f.p99).padStart(10)}  ${fmt(floor.p50).padStart(10)}  ${ratio.padStart(10)}`);
  }
  startUp.print();
  messageBench(root, files, knowledge.articles, engine);
  return runInsightsBench({ engine, knowledge, strings: readStrings(root), detector: buildFactDetector(knowledge.facts) });
}

void main();
