// Reads the accuracy test set (test/fixtures/accuracy/cases.yaml) and checks each case's expected
// code and name against the catalog, so a typo in the fixture shows as a broken case, not a miss.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';
import { readCodeFiles } from '../../src/node/load-engine';
import type { CodeFile } from '../../src/engine/codes/code-tables';

export const CASE_KINDS = ['message-en', 'message-other', 'bugcheck', 'notation', 'mixed'] as const;
export const LANGS = ['en', 'es', 'de', 'fr', 'pt', 'it', 'ru', 'zh'] as const;

const caseSchema = z.object({
  id: z.string().regex(/^[a-z0-9-]+$/),
  kind: z.enum(CASE_KINDS),
  lang: z.enum(LANGS),
  text: z.string().min(1),
  expect: z.object({
    code: z.string().regex(/^0x[0-9A-F]{8}$/),
    kind: z.enum(['win32', 'hresult', 'ntstatus', 'bugcheck']),
    name: z.string().regex(/^[A-Z][A-Z0-9_]*$/),
  }),
  source: z.string().url(),
  note: z.string().optional(),
});
export type AccuracyCase = z.infer<typeof caseSchema>;

export const CASES_FILE = join('test', 'fixtures', 'accuracy', 'cases.yaml');

/** Parses the file; throws one error listing every malformed case. */
export function readCases(root: string): AccuracyCase[] {
  const raw: unknown = parse(readFileSync(join(root, CASES_FILE), 'utf8'));
  const parsed = z.array(z.unknown()).parse(raw);
  const problems: string[] = [];
  const out: AccuracyCase[] = [];
  const ids = new Set<string>();
  parsed.forEach((c, i) => {
    const r = caseSchema.safeParse(c);
    if (!r.success) {
      problems.push(`case #${i + 1}: ${r.error.issues.map((x) => `${x.path.join('.')}: ${x.message}`).join('; ')}`);
      return;
    }
    if (ids.has(r.data.id)) problems.push(`case ${r.data.id}: duplicate id`);
    ids.add(r.data.id);
    out.push(r.data);
  });
  if (problems.length) throw new Error(`${CASES_FILE} has ${problems.length} problem(s):\n  ${problems.join('\n  ')}`);
  return out;
}

type NameTable = Map<number, Set<string>>;
function table(file: CodeFile): NameTable {
  const t: NameTable = new Map();
  for (const e of file.entries) {
    const v = parseInt(e.value, 16) >>> 0;
    if (!t.has(v)) t.set(v, new Set());
    t.get(v)?.add(e.name);
  }
  return t;
}

/** Values that have an English message (catalog/codes/messages-en.json), once it exists. */
function messageValues(root: string): Set<string> | null {
  const f = join(root, 'catalog', 'codes', 'messages-en.json');
  if (!existsSync(f)) return null;
  const file = JSON.parse(readFileSync(f, 'utf8')) as { entries: { kind: string; value: string }[] };
  return new Set(file.entries.map((e) => `${e.kind}:${e.value}`));
}

/** The bug check table, once catalog/codes/bugcheck.json exists; null before. */
function bugcheckTable(root: string): NameTable | null {
  const f = join(root, 'catalog', 'codes', 'bugcheck.json');
  return existsSync(f) ? table(JSON.parse(readFileSync(f, 'utf8')) as CodeFile) : null;
}

/**
 * Cases whose expected name is not a name of the expected value in the catalog (for an HRESULT
 * that wraps a Win32 error or an NTSTATUS, the wrapped value's names count too).
 */
export function checkExpectations(root: string, cases: readonly AccuracyCase[]): string[] {
  const files = readCodeFiles(root);
  const hresult = table(files.hresult);
  const win32 = table(files.win32);
  const ntstatus = table(files.ntstatus);
  const bugcheck = bugcheckTable(root);
  const messages = messageValues(root);
  const problems: string[] = [];
  for (const c of cases) {
    const v = parseInt(c.expect.code, 16) >>> 0;
    const names = new Set<string>();
    const add = (t: NameTable | null, k: number) => t?.get(k >>> 0)?.forEach((n) => names.add(n));
    if (c.expect.kind === 'bugcheck') {
      if (!bugcheck) continue;
      add(bugcheck, v);
    } else if (c.expect.kind === 'win32') add(win32, v);
    else if (c.expect.kind === 'ntstatus') add(ntstatus, v);
    else {
      add(hresult, v);
      if ((v & 0xffff0000) >>> 0 === 0x80070000) add(win32, v & 0xffff);
      if (v & 0x10000000) add(ntstatus, v & ~0x10000000);
    }
    // A few values (ERROR_ELEVATION_REQUIRED, 740) have a Windows message but no name in the
    // mingw headers: the message table vouches for the value, and the name cannot be checked.
    const vouched = names.size === 0 && messages?.has(`${c.expect.kind}:${c.expect.code}`) === true;
    if (!names.has(c.expect.name) && !vouched) {
      const known = [...names].join(', ') || 'nothing';
      problems.push(`${c.id}: ${c.expect.kind} ${c.expect.code} is ${known} in the catalog, not ${c.expect.name}`);
    }
  }
  return problems;
}
