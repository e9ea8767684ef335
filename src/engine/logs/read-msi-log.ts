// A Windows Installer verbose log (msiexec /l*v). "Return value 3" is how the log writes
// ERROR_INSTALL_FAILURE for an action: the first such line names the action that failed, and the
// error just above it ("Error 1920. Service … failed to start", "CustomAction … returned actual
// error code 1603") says why. That is the trick Windows Installer's own people describe.
import { clip, decisiveLines, noFailure, Ring, scanned, WARNINGS_SHOWN, type LogFinding, type LogLine, type LogReader } from './log-finding';

// Windows Installer writes its log in the system's language; the Spanish forms are "Acción
// finalizada …: <acción>. Valor devuelto 3." and "Estado de error o éxito de la instalación: 1603".
const RETURN_3 = /(?:Action ended|Acción finalizada) [\d:]+: ([^.]+)\. (?:Return value|Valor devuelto) 3\./;
const ERROR_LINE = /\bError \d{4}\.|returned actual error code \d+|\berror code \d+|\bError: \d+/i;
// The custom action's own code, when the log gives it, is a Windows error number.
const ACTUAL_CODE = /returned actual error code (\d+)/i;
const STATUS = /(?:Installation success or error status|Estado de error o éxito de la instalación): (\d+)/;
const WARNING = /\bWarning \d{4}\.|\bWARNING\b/;
/** How far above "Return value 3" its error can be: custom actions log a few lines of their own. */
const LEAD_UP = 40;

export function msiLogReader(): LogReader {
  let n = 0;
  const recent = new Ring<LogLine>(LEAD_UP);
  const warnings = new Ring<LogLine>(WARNINGS_SHOWN);
  let found: { action: string; line: LogLine; error: LogLine | null; code: string } | null = null;
  let status: string | null = null;
  return {
    push(raw) {
      n++;
      const text = scanned(raw);
      const s = STATUS.exec(text);
      if (s) status = s[1]!;
      if (found) return;
      const line = { n, text: clip(raw) };
      const m = RETURN_3.exec(text);
      if (m) {
        const error = recent.toArray().reverse().find((l) => ERROR_LINE.test(l.text)) ?? null;
        const actual = error ? ACTUAL_CODE.exec(error.text)?.[1] : undefined;
        // 1603 is what return value 3 means (ERROR_INSTALL_FAILURE); a custom action's own
        // non-generic code says more.
        found = { action: m[1]!.trim(), line, error, code: actual && actual !== '0' ? actual : '1603' };
        return;
      }
      if (WARNING.test(text)) warnings.push(line);
      recent.push(line);
    },
    finish(): LogFinding {
      if (!found) {
        if (status && status !== '0') return { kind: 'msi', failed: true, code: `error ${status}`, subject: null, decisive: [], warnings: [], lines: n };
        return noFailure('msi', warnings, n);
      }
      return { kind: 'msi', failed: true, code: `error ${found.code}`, subject: found.action, decisive: decisiveLines(found.error, found.line), warnings: [], lines: n };
    },
  };
}
