// Windows Setup's Panther logs, setupact.log and setuperr.log (same line shape as CBS). Setup logs
// many errors it recovers from; what matters is the error that made it roll back. So: the last
// error with a code before "rolling back" (or before "Setup failed", or the last one at all), the
// first line that carried that code (where it started), and the rollback line itself.
import { SERVICING_LINE } from './read-servicing-log';
import { clip, decisiveLines, failureCode, noFailure, Ring, scanned, WARNINGS_SHOWN, type LogFinding, type LogLine, type LogReader } from './log-finding';

const ROLLBACK = /\broll(?:ing)?[ -]?back\b|\brollback\b/i;
const SETUP_FAILED = /\bSetup failed\b|\bFatalError\b|\bOperation failed\b/i;
const MAX_CODES = 64;

export function setupLogReader(): LogReader {
  let n = 0;
  const firstWithCode = new Map<string, LogLine>();
  const warnings = new Ring<LogLine>(WARNINGS_SHOWN);
  let lastError: { line: LogLine; code: string } | null = null;
  let failed: { line: LogLine; code: string } | null = null;
  let rollback: LogLine | null = null;
  return {
    push(raw) {
      n++;
      if (rollback) return;
      const text = scanned(raw);
      const line = { n, text: clip(raw) };
      const level = SERVICING_LINE.exec(text)?.groups?.level;
      // setuperr.log has only errors, some without the level column.
      const isError = level === 'Error' || level === 'Fatal' || (!level && /\berror\b/i.test(text));
      if (level === 'Warning') warnings.push(line);
      if (ROLLBACK.test(text) && (lastError || failed)) {
        rollback = line;
        return;
      }
      const code = failureCode(text.replace(/^[^,]*,/, ''));
      if (!code) return;
      if (!firstWithCode.has(code) && firstWithCode.size < MAX_CODES) firstWithCode.set(code, line);
      if (SETUP_FAILED.test(text)) failed = { line, code };
      else if (isError) lastError = { line, code };
    },
    finish(): LogFinding {
      const found = failed ?? lastError;
      if (!found) return noFailure('setup', warnings, n);
      const reason = found.line.text.replace(SERVICING_LINE, '').trim();
      return {
        kind: 'setup',
        failed: true,
        code: found.code,
        subject: reason,
        decisive: decisiveLines(firstWithCode.get(found.code), found.line, rollback),
        warnings: [],
        lines: n,
      };
    },
  };
}
