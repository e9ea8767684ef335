// What a log reader gives back, and the small bounded pieces every reader is built from. Readers
// are fed one line at a time and keep a fixed amount of state, so a 50 MB log costs no more
// memory than a 50 KB one.

export type LogKind = 'cbs' | 'dism' | 'windowsupdate' | 'setup' | 'msi' | 'event-text' | 'event-csv' | 'event-xml';

/** A line as the user sees it in their editor: 1-based number and its text. */
export interface LogLine {
  n: number;
  text: string;
}

export interface LogFinding {
  kind: LogKind;
  /** False when the log holds no failure: then `warnings` says what it did hold. */
  failed: boolean;
  /** The decisive code as it should be triaged ("0x800F081F", "error 1603"), or null. */
  code: string | null;
  /** What failed, in the log's own words: the package, the MSI action, the rollback reason. */
  subject: string | null;
  /** The lines that decide it, first fatal error and what led to it, in file order. */
  decisive: LogLine[];
  /** With no failure: the last warning lines. */
  warnings: LogLine[];
  /** Lines read. */
  lines: number;
}

/** Fed line by line; `finish` gives the finding. Neither ever throws on what a log contains. */
export interface LogReader {
  push(line: string): void;
  finish(): LogFinding;
}

/** Longest line kept for display: a base64 blob or a minified JSON line is not worth more. */
export const MAX_LINE_CHARS = 400;
/** Warnings shown when nothing failed. */
export const WARNINGS_SHOWN = 5;

/**
 * How much of a line the readers' patterns look at. Codes sit near the start of a log line; the
 * cap keeps each pattern's cost per line fixed on a line that is megabytes long.
 */
export const MAX_SCAN_CHARS = 2000;
export const scanned = (text: string) => (text.length > MAX_SCAN_CHARS ? text.slice(0, MAX_SCAN_CHARS) : text);

export const clip = (text: string) => (text.length > MAX_LINE_CHARS ? `${text.slice(0, MAX_LINE_CHARS)}…` : text);

/** The last `size` items pushed, oldest first: constant memory whatever the log's length. */
export class Ring<T> {
  private readonly items: T[] = [];
  constructor(private readonly size: number) {}
  push(item: T): void {
    this.items.push(item);
    if (this.items.length > this.size) this.items.shift();
  }
  toArray(): T[] {
    return [...this.items];
  }
  clear(): void {
    this.items.length = 0;
  }
}

// A failure HRESULT or NTSTATUS written as hex, with or without 0x, in brackets or not; not a
// piece of a GUID ({945a8954-c147-…}). Single bounded classes with look-arounds: linear time.
const FAILURE_HEX = /(?<![0-9A-Za-z_-])(?:0x)?([89A-Fa-f][0-9A-Fa-f]{7})(?![0-9A-Za-z_-])/i;

/** The first failure code (high bit set) written in `text`, as 0x + 8 upper-case digits, or null. */
export function failureCode(text: string): string | null {
  const m = FAILURE_HEX.exec(text);
  if (!m) return null;
  const hex = m[1]!.toUpperCase();
  // A bare 8-digit run needs a letter or a 0x: a time stamp or a size is all digits.
  if (!/0x/i.test(m[0]) && /^\d+$/.test(hex)) return null;
  return `0x${hex}`;
}

/** Ordered, de-duplicated decisive lines. */
export function decisiveLines(...lines: (LogLine | undefined | null)[]): LogLine[] {
  const byN = new Map<number, LogLine>();
  for (const l of lines) if (l) byN.set(l.n, { n: l.n, text: clip(l.text) });
  return [...byN.values()].sort((a, b) => a.n - b.n);
}

/** The finding of a log with no failure in it. */
export function noFailure(kind: LogKind, warnings: Ring<LogLine>, lines: number): LogFinding {
  return { kind, failed: false, code: null, subject: null, decisive: [], warnings: decisiveLines(...warnings.toArray()), lines };
}
