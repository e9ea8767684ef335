// Plain-text rendering of lookup results for the terminal.
import type { LookupResult, Match } from '../engine/lookup';
import type { ArticleIndex } from '../engine/catalog/article-index';

function decodeLine(m: Match): string {
  const parts: string[] = [];
  if (m.kind === 'bugcheck') {
    parts.push(`Bug check (stop code) ${m.code}`);
    if (m.parameters) parts.push(`parameters ${m.parameters.join(', ')}`);
    if (m.driver) parts.push(`failing driver ${m.driver}`);
    return parts.join('; ');
  }
  if (m.kind === 'win32') {
    parts.push(`Win32 error ${m.value}`);
    if (m.hresult) parts.push(`as an HRESULT ${m.hresult.code}${m.hresult.names.length ? ` (${m.hresult.names.join(', ')})` : ''}`);
    return parts.join('; ');
  }
  parts.push(`${m.kind === 'hresult' ? 'HRESULT' : 'NTSTATUS'}, ${m.severity}`);
  if (m.customer) parts.push('customer bit set');
  if (m.facility) parts.push(`facility ${m.facility.id}${m.facility.name ? ` ${m.facility.name}` : ''}`);
  parts.push(`code 0x${(m.value & 0xffff).toString(16).toUpperCase().padStart(4, '0')}`);
  if (m.win32) parts.push(`wraps Win32 error ${m.win32.code}${m.win32.names.length ? ` ${m.win32.names.join(' / ')}` : ''}`);
  if (m.ntstatus) parts.push(`wraps NTSTATUS ${m.ntstatus.code}${m.ntstatus.names.length ? ` ${m.ntstatus.names.join(' / ')}` : ''}`);
  return parts.join('; ');
}

/** Human-readable lines for a lookup result. */
export function formatResult(result: LookupResult, articles: ArticleIndex): string {
  if (result.problem?.kind === 'too-large') {
    return `That text is ${result.problem.length} characters long; paste at most ${result.problem.limit} (the part of the log around the error is enough).`;
  }
  if (result.problem?.kind === 'empty') return 'Nothing to look up: give an error code, a message or a log excerpt.';
  if (result.matches.length === 0) {
    return 'No Windows error code or known error message found in that text. Try the code as Windows shows it (0x80070005), its name (E_ACCESSDENIED) or the exact message.';
  }
  return result.matches
    .map((m) => {
      const lines = [`${m.code}  ${m.names.join(', ') || '(no name in the SDK headers)'}`];
      lines.push(`  ${decodeLine(m)}`);
      if (m.message?.en) lines.push(`  Windows says: ${m.message.en}`);
      if (!m.known) lines.push('  (neither the SDK headers nor an article define this value)');
      const art = m.article ? articles.byId(m.article) : undefined;
      if (art) lines.push(`  ${art.title.en} [${art.id}]`, `  ${art.summary.en.replace(/\s+/g, ' ')}`);
      lines.push(`  found as ${m.found.map((f) => JSON.stringify(f)).join(', ')} (${m.source}, score ${m.score.toFixed(2)})`);
      return lines.join('\n');
    })
    .join('\n\n');
}

/** The JSON contract of `npm run lookup -- --json` (see README). */
export function toJson(result: LookupResult): object {
  return {
    matches: result.matches.map(({ value: _value, ...m }) => m),
    ...(result.problem ? { problem: result.problem } : {}),
  };
}
