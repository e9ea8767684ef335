// npm run accuracy — runs the engine over real pastes collected from public threads
// (test/fixtures/accuracy/cases.yaml) and prints, per kind of paste and overall, how often the
// first match and the top three are the right error, then every miss.
//   --kind K        only the cases of kind K (message-en, message-other, bugcheck, notation, mixed)
//   --json          machine-readable output
//   --verbose       every case, not only the misses
//   --min-first P   exit 1 when the overall first-match rate is below P percent
import { parseArgs } from 'node:util';
import { lookup, type Match } from '../src/engine/lookup';
import { loadEngine, projectRoot } from '../src/node/load-engine';
import { isRight, type Expected } from './accuracy/is-right';
import { CASE_KINDS, checkExpectations, readCases, type AccuracyCase } from './accuracy/read-cases';

// Top-3 is what the bot can offer as "did you mean one of these" when it is not sure.
const TOP = 3;

interface Outcome {
  case: AccuracyCase;
  first: boolean;
  top: boolean;
  /** Rank (1-based) of the first right match, or null. */
  rank: number | null;
  got: Match | undefined;
  /** Set when lookup threw on this paste. */
  threw?: string;
}

interface Row {
  /** A kind of paste, a language, or "overall". */
  group: string;
  cases: number;
  first: number;
  top3: number;
}

const pct = (n: number, d: number) => (d === 0 ? 0 : Math.round((1000 * n) / d) / 10);
const firstOf = (o: Outcome) => {
  if (o.threw) return `lookup threw: ${o.threw}`;
  const m = o.got;
  return m ? `${m.kind} ${m.code} ${m.names[0] ?? '(no name)'} @${m.score} via ${m.source}` : 'nothing';
};
const expected = (e: Expected) => `${e.kind} ${e.code} ${e.name}`;

function run(c: AccuracyCase, engine: ReturnType<typeof loadEngine>['engine']): Outcome {
  let matches: Match[];
  try {
    matches = lookup(engine, c.text).matches;
  } catch (e) {
    // lookup must never throw on user input; count it as a miss and say so, rather than lose the run.
    return { case: c, first: false, top: false, rank: null, got: undefined, threw: e instanceof Error ? e.message : String(e) };
  }
  const i = matches.findIndex((m) => isRight(m, c.expect));
  return { case: c, first: i === 0, top: i >= 0 && i < TOP, rank: i < 0 ? null : i + 1, got: matches[0] };
}

function row(group: string, outs: readonly Outcome[]): Row {
  return { group, cases: outs.length, first: pct(outs.filter((o) => o.first).length, outs.length), top3: pct(outs.filter((o) => o.top).length, outs.length) };
}

function main(): number {
  const { values } = parseArgs({
    options: { kind: { type: 'string' }, json: { type: 'boolean' }, verbose: { type: 'boolean' }, 'min-first': { type: 'string' } },
  });
  if (values.kind && !(CASE_KINDS as readonly string[]).includes(values.kind)) {
    console.error(`--kind must be one of ${CASE_KINDS.join(', ')}`);
    return 2;
  }
  const minFirst = values['min-first'] === undefined ? null : Number(values['min-first']);
  if (minFirst !== null && !Number.isFinite(minFirst)) {
    console.error('--min-first takes a percentage, e.g. --min-first 95');
    return 2;
  }
  const root = projectRoot();
  const all = readCases(root);
  const broken = checkExpectations(root, all);
  const cases = all.filter((c) => !values.kind || c.kind === values.kind);
  const { engine } = loadEngine(root);
  const outs = cases.map((c) => run(c, engine));
  const kinds = CASE_KINDS.filter((k) => outs.some((o) => o.case.kind === k));
  const rows = [...kinds.map((k) => row(k, outs.filter((o) => o.case.kind === k))), row('overall', outs)];
  const langs = [...new Set(outs.map((o) => o.case.lang))].sort();
  const byLang = langs.map((l) => row(l, outs.filter((o) => o.case.lang === l)));
  const misses = outs.filter((o) => !o.first);
  const overall = rows[rows.length - 1] as Row;

  if (values.json) {
    const detail = (o: Outcome) => ({ id: o.case.id, kind: o.case.kind, lang: o.case.lang, expect: o.case.expect, rank: o.rank, first: o.got ? { kind: o.got.kind, code: o.got.code, names: o.got.names, score: o.got.score, source: o.got.source } : null, threw: o.threw, source: o.case.source });
    console.log(JSON.stringify({ byKind: rows, byLang, broken, cases: (values.verbose ? outs : misses).map(detail) }, null, 2));
  } else {
    if (values.verbose) {
      for (const o of outs) console.log(`${o.first ? 'ok  ' : o.top ? 'top3' : 'MISS'} ${o.case.id.padEnd(14)} want ${expected(o.case.expect)}; first ${firstOf(o)}`);
      console.log();
    }
    if (misses.length) {
      console.log(`Misses (${misses.length}): id, expected, what came first, source`);
      for (const o of misses) console.log(`  ${o.case.id.padEnd(14)} ${expected(o.case.expect)}\n  ${''.padEnd(14)} first: ${firstOf(o)}${o.rank ? ` (right at #${o.rank})` : ''}\n  ${''.padEnd(14)} ${o.case.source}`);
      console.log();
    }
    if (broken.length) console.log(`Cases whose expectation the catalog does not confirm (${broken.length}):\n  ${broken.join('\n  ')}\n`);
    const line = (r: Row) => `${r.group.padEnd(14)} ${String(r.cases).padStart(5)} ${`${r.first}%`.padStart(12)} ${`${r.top3}%`.padStart(10)}`;
    console.log(`${'language'.padEnd(14)} ${'cases'.padStart(5)} ${'first right'.padStart(12)} ${'top-3'.padStart(10)}`);
    byLang.forEach((r) => console.log(line(r)));
    console.log();
    console.log(`${'kind'.padEnd(14)} ${'cases'.padStart(5)} ${'first right'.padStart(12)} ${'top-3'.padStart(10)}`);
    rows.forEach((r) => console.log(line(r)));
  }
  if (minFirst !== null && overall.first < minFirst) {
    console.error(`first-match rate ${overall.first}% is below --min-first ${minFirst}%`);
    return 1;
  }
  return 0;
}

process.exitCode = main();
