// One entry point for the host: detect the kind from the first lines, then stream the rest through
// that kind's reader. The first lines are held until the kind is known, nothing else is.
import { detectLogKind, DETECT_LINES } from './detect-log-kind';
import type { LogFinding, LogKind, LogReader } from './log-finding';
import { eventCsvReader, eventTextReader, eventXmlReader } from './read-event-export';
import { msiLogReader } from './read-msi-log';
import { servicingLogReader } from './read-servicing-log';
import { setupLogReader } from './read-setup-log';
import { windowsUpdateLogReader } from './read-windowsupdate-log';

export type { LogFinding, LogKind, LogLine } from './log-finding';

/** The reader for one kind of log. */
export function readerFor(kind: LogKind): LogReader {
  switch (kind) {
    case 'cbs':
    case 'dism':
      return servicingLogReader(kind);
    case 'windowsupdate':
      return windowsUpdateLogReader();
    case 'setup':
      return setupLogReader();
    case 'msi':
      return msiLogReader();
    case 'event-text':
      return eventTextReader();
    case 'event-csv':
      return eventCsvReader();
    case 'event-xml':
      return eventXmlReader();
  }
}

/** Fed line by line; `finish` gives the finding, or null when the log is of no kind we read. */
export interface DetectingReader {
  push(line: string): void;
  finish(): LogFinding | null;
}

/** A reader that picks its kind from the first lines it is fed. */
export function detectingLogReader(): DetectingReader {
  const head: string[] = [];
  let reader: LogReader | null = null;
  let unknown = false;
  const decide = () => {
    const kind = detectLogKind(head);
    if (!kind) {
      unknown = true;
      return;
    }
    reader = readerFor(kind);
    for (const l of head) reader.push(l);
  };
  return {
    push(line) {
      if (reader) return reader.push(line);
      if (unknown) return;
      head.push(line);
      if (head.length >= DETECT_LINES) decide();
    },
    finish() {
      if (!reader && !unknown) decide();
      return reader ? (reader as LogReader).finish() : null;
    },
  };
}

/** Reads a whole log held in memory (tests, pasted text). */
export function readLog(text: string): LogFinding | null {
  const r = detectingLogReader();
  for (const line of text.split(/\r?\n/)) r.push(line);
  return r.finish();
}
