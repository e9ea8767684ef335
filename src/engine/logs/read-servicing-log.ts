// CBS.log and DISM.log: "2024-01-15 10:40:13, Error  CBS  Failed to … [HRESULT = 0x800f081f - …]".
// An Error-level line carrying a failure code is the operation that failed; the first line that
// carried the same code is where it started, and the package named last before that is the one
// that failed. Info lines with codes are not failures: a healthy CBS.log holds thousands
// ("Failed to get next element [HRESULT = 0x800f080d …]", "SQM: Failed to start upload … E_FAIL"),
// except the Windows Error Reporting line CBS writes when a package really failed. The log
// appends session after session, so it is the last session's failure that is the user's.
import { clip, decisiveLines, failureCode, noFailure, Ring, scanned, WARNINGS_SHOWN, type LogFinding, type LogLine, type LogReader } from './log-finding';

// "<date> <time>, <Level> <Component> <message>": the shape CBS, CSI, DISM and Panther share.
export const SERVICING_LINE = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}, (?<level>Info|Warning|Error|Perf|Fatal)\s+(?<component>\S+)\s/;

// CBS writes "HRESULT = 0x…", DISM "hr:0x…" or "(hr:0x…)"; both also quote package identities.
const HRESULT = /(?:HRESULT\s*=\s*|hr\s*[:=]\s*)(0x[0-9A-Fa-f]{8})/i;
// Package identities: name~publickey~arch~lang~version (Microsoft-Windows-NetFx3-OnDemand-Package~31bf3856ad364e35~amd64~~10.0.19041.3803)
// or Package_for_KB5034441~…; a KB number as a fallback.
// "WER: Generating failure report for package: <identity>, status: 0x800f0922, failure source: …"
const WER_REPORT = /WER: Generating failure report for package: ([^,\s]+),\s*status: (0x[0-9A-Fa-f]{8})/i;
// A new session: CBS "Session: 31090001_1234567890 initialized by client …", DISM "Starting Dism.exe session".
const SESSION_START = /\bSession: \S+ initialized\b|Starting Dism\.exe session/i;

const PACKAGE = /(?<![\w-])((?:Package_for_)?[A-Za-z][\w.-]{0,200}~[0-9a-f]{16}~[\w]{0,10}~[\w-]{0,20}~[\d.]{1,30})|\b(KB\d{6,8})\b/;

/** A reader for CBS.log (kind 'cbs') or DISM.log (kind 'dism'). */
export function servicingLogReader(kind: 'cbs' | 'dism'): LogReader {
  let n = 0;
  const firstWithCode = new Map<string, LogLine>();
  // Codes seen before the fatal line; bounded, since a long log can name thousands of codes.
  const MAX_CODES = 64;
  let lastPackage: { name: string; line: LogLine } | null = null;
  const packageAtOrigin = new Map<string, string>();
  let fatal: { line: LogLine; code: string; subject?: string } | null = null;
  // A session began after the failure found so far: the next failure replaces it.
  let stale = false;
  const warnings = new Ring<LogLine>(WARNINGS_SHOWN);

  return {
    push(text) {
      n++;
      const line = { n, text: clip(text) };
      text = scanned(text);
      if (SESSION_START.test(text)) {
        if (fatal) stale = true;
        // Where a code started is looked for within the session that failed, not in older ones.
        firstWithCode.clear();
        packageAtOrigin.clear();
        return;
      }
      if (fatal && !stale) return;
      // Most lines name no package: a cheap test first keeps the pattern off them.
      const pkg = text.includes('~') || text.includes('KB') ? PACKAGE.exec(text) : null;
      if (pkg) lastPackage = { name: pkg[1] ?? pkg[2]!, line };
      const level = SERVICING_LINE.exec(text)?.groups?.level;
      if (level === 'Warning') warnings.push(line);
      const wer = text.includes('WER:') ? WER_REPORT.exec(text) : null;
      const hr = (/hr/i.test(text) ? HRESULT.exec(text)?.[1] : undefined) ?? wer?.[2];
      const code = hr ? failureCode(hr) : null;
      if (!code) return;
      if (!firstWithCode.has(code) && firstWithCode.size < MAX_CODES) {
        firstWithCode.set(code, line);
        if (lastPackage) packageAtOrigin.set(code, lastPackage.name);
      }
      if (level === 'Error' || level === 'Fatal' || wer) {
        fatal = { line, code, ...(wer ? { subject: wer[1]! } : {}) };
        stale = false;
      }
    },
    finish(): LogFinding {
      const found = fatal;
      if (!found) return noFailure(kind, warnings, n);
      const origin = firstWithCode.get(found.code);
      const subject = found.subject ?? packageAtOrigin.get(found.code) ?? null;
      return { kind, failed: true, code: found.code, subject, decisive: decisiveLines(origin, found.line), warnings: [], lines: n };
    },
  };
}
