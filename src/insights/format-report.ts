// The report as text for the export (npm run report): Markdown for the monthly review, CSV for a
// spreadsheet (one table, a section column), JSON for anything else.
import type { Report } from './build-report';

export type ReportFormat = 'md' | 'csv' | 'json';
export const REPORT_FORMATS: readonly ReportFormat[] = ['md', 'csv', 'json'];

/** Names of codes and causes (the catalog's); ids when none is given. */
export interface ExportNames {
  code(code: string): string;
  cause(article: string, cause: string): string;
}
const ids: ExportNames = { code: (c) => c, cause: (a, c) => `${a}/${c}` };

const pct = (x: number | null) => (x === null ? '' : `${Math.round(x * 100)}%`);
const iso = (ms: number) => new Date(ms).toISOString();

/**
 * One CSV field: quoted when it holds a comma, a quote or a line break. Gap samples are what users
 * pasted, and a spreadsheet runs a cell that starts with = + - @ (or a tab or a carriage return before
 * one) as a formula, so such a text starts with an apostrophe: the lead sees it as text. Numbers are
 * ours and stay as they are.
 */
function csvField(v: string | number): string {
  if (typeof v === 'number') return String(v);
  const s = /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

function csv(r: Report, names: ExportNames): string {
  const rows: (string | number)[][] = [['section', 'item', 'count', 'users', 'rate', 'detail']];
  const figures: [string, number | string][] = [
    ['started', r.started], ['fixed', r.fixed], ['fixed without a ticket', r.fixedWithoutTicket], ['escalated', r.escalated], ['abandoned', r.abandoned],
    ['deflection', pct(r.deflection)], ['previous deflection', pct(r.previousDeflection)],
    ['median minutes to fixed', r.medianMinutesToFixed ?? ''], ['median questions', r.medianQuestions ?? ''],
  ];
  for (const [item, value] of figures) rows.push(['summary', item, value, '', '', '']);
  for (const e of r.topErrors) rows.push(['top error', names.code(e.code), e.triages, e.users, pct(e.fixRate), '']);
  for (const c of r.failingCauses) rows.push(['failing cause', names.cause(c.article, c.cause), c.notFixed, '', '', `${c.fixed} fixed`]);
  for (const g of r.gaps) rows.push(['knowledge gap', g.gap, g.count, g.users, '', g.sample ?? '']);
  return `${rows.map((row) => row.map(csvField).join(',')).join('\r\n')}\r\n`;
}

/** Markdown table cell: no pipes or line breaks. */
const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\s*\n\s*/g, ' ');

function markdown(r: Report, names: ExportNames): string {
  const out = [`# Helpdesk report: ${iso(r.period.from)} to ${iso(r.period.to)} (${r.period.label})`, ''];
  if (r.empty) return `${[...out, 'Nobody pasted an error in this period.'].join('\n')}\n`;
  out.push(
    '| figure | value |', '|---|---|',
    `| triages started | ${r.started} |`, `| fixed without a ticket | ${r.fixedWithoutTicket} |`, `| escalated | ${r.escalated} |`, `| abandoned | ${r.abandoned} |`,
    `| deflection rate | ${pct(r.deflection)} (previous period: ${pct(r.previousDeflection) || 'none'}) |`,
    `| median minutes from paste to fixed | ${r.medianMinutesToFixed ?? 'n/a'} |`, `| median questions asked | ${r.medianQuestions ?? 'n/a'} |`,
    '', '## Top errors', '', '| error | triages | people | fixed |', '|---|---|---|---|',
    ...r.topErrors.map((e) => `| ${cell(names.code(e.code))} | ${e.triages} | ${e.users} | ${pct(e.fixRate)} |`),
    '', '## Steps that fail most', '', '| cause | still failing | fixed |', '|---|---|---|',
    ...r.failingCauses.map((c) => `| ${cell(names.cause(c.article, c.cause))} | ${c.notFixed} | ${c.fixed} |`),
    '', '## Knowledge gaps', '', '| gap | times | people | sample (redacted) |', '|---|---|---|---|',
    ...r.gaps.map((g) => `| ${cell(g.gap)} | ${g.count} | ${g.users} | ${cell(g.sample ?? '')} |`),
  );
  return `${out.join('\n')}\n`;
}

/** The report in one of the export formats. */
export function formatReport(r: Report, format: ReportFormat, names: ExportNames = ids): string {
  if (format === 'json') return `${JSON.stringify(r, null, 2)}\n`;
  return format === 'csv' ? csv(r, names) : markdown(r, names);
}
