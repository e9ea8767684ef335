// WindowsUpdate.log as Get-WindowsUpdateLog writes it:
// "2024/01/15 10:22:33.5834567 1204  6728  ProtocolTalker  *FAILED* [8024402C] Method failed […]".
// The first *FAILED* line (or a non-zero "Exit code") is the failure; the lines just before it that
// say what went wrong ("Original error code: 0x80072EFE", "WS error: …") are what led to it.
// Some *FAILED* lines are routine and open nearly every session of a healthy machine's log; they
// are passed over, or every log would be "failed" with the same meaningless code.
import { clip, decisiveLines, failureCode, noFailure, Ring, scanned, WARNINGS_SHOWN, type LogFinding, type LogLine, type LogReader } from './log-finding';

export const WINDOWSUPDATE_LINE = /^\d{4}\/\d{2}\/\d{2} \d{2}:\d{2}:\d{2}\.\d{7} +\d+ +\d+ +\S+/;
const FAILED = /\*FAILED\*\s*\[([0-9A-Fa-f]{8})\]|Exit code = (0x[0-9A-Fa-f]{8})/;
const CAUSE = /\berror\b|\bfailed\b|\bhr\s*=/i;
const WARNING = /\bwarning\b|\bWARN\b/i;
/**
 * Routine failures, each with the words of its line: 0x800703F0 (ERROR_NO_TOKEN) when the agent,
 * running as SYSTEM, asks for a user's proxy settings; 0x80070426 (ERROR_SERVICE_NOT_ACTIVE) when
 * no account service gives it device tickets.
 */
const ROUTINE: readonly { code: string; words: RegExp }[] = [
  { code: '0x800703F0', words: /proxy settings token|not impersonating/i },
  { code: '0x80070426', words: /GetDeviceTickets|AuthTicketHelper/i },
];
/** Lines before the failure kept as its lead-up: WU logs its cause within a few lines. */
const LEAD_UP = 6;

export function windowsUpdateLogReader(): LogReader {
  let n = 0;
  const recent = new Ring<LogLine>(LEAD_UP);
  const warnings = new Ring<LogLine>(WARNINGS_SHOWN);
  let found: LogFinding | null = null;
  return {
    push(raw) {
      n++;
      if (found) return;
      const text = scanned(raw);
      const line = { n, text: clip(raw) };
      const m = FAILED.exec(text);
      const code = m ? failureCode(m[1] ? `0x${m[1]}` : m[2]!) : null;
      // A routine failure is neither the failure nor part of what led to it.
      if (code && ROUTINE.some((r) => r.code === code && r.words.test(text))) return;
      if (code) {
        const leadUp = recent.toArray().filter((l) => CAUSE.test(l.text));
        found = { kind: 'windowsupdate', failed: true, code, subject: null, decisive: decisiveLines(...leadUp, line), warnings: [], lines: 0 };
        return;
      }
      if (WARNING.test(text)) warnings.push(line);
      recent.push(line);
    },
    finish() {
      return found ? { ...found, lines: n } : noFailure('windowsupdate', warnings, n);
    },
  };
}
