// Event Viewer's saved lists: "Copy details as text" blocks (Log Name: … Description: …), the
// tab-separated .txt and the .csv of "Save All Events As", and the .xml export. Events are grouped
// as they stream by; the first Error or Critical event is the decisive one. Event Viewer lists the
// newest first, so that is the error the user most recently hit.
import { clip, decisiveLines, failureCode, noFailure, Ring, scanned, WARNINGS_SHOWN, type LogFinding, type LogKind, type LogLine, type LogReader } from './log-finding';

/** Lines of one event kept and shown: the header fields and the first lines of its description. */
const EVENT_LINES = 14;

const ERROR_LEVELS = /^(?:error|critical|crítico|critico)$/i;
const WARNING_LEVELS = /^(?:warning|advertencia)$/i;
// A row of the tab-separated or CSV list starts with the level name.
const ROW_LEVEL = /^"?(Error|Warning|Information|Critical|Verbose|Advertencia|Información|Informacion|Crítico|Critico|Detallado)"?[\t,]/;
const BLOCK_START = /^(?:Log Name|Nombre de registro):/;
const BLOCK_LEVEL = /^(?:Level|Nivel):\s*(\S+)/;

interface EventGroup {
  lines: LogLine[];
  level: string | null;
}

interface EventGrouper {
  /** One line, or one piece of a line, with the number of the line it is on. */
  feed(raw: string, n: number): void;
  finish(lines: number): LogFinding;
}

/** Groups lines into events with `startsEvent`, and keeps the first error event and the last warnings. */
function eventGrouper(kind: LogKind, startsEvent: (text: string) => boolean, levelOf: (text: string) => string | null): EventGrouper {
  let current: EventGroup | null = null;
  let decisive: EventGroup | null = null;
  const warnings = new Ring<LogLine>(WARNINGS_SHOWN);
  const close = () => {
    if (!current || decisive) return;
    if (current.level && ERROR_LEVELS.test(current.level)) decisive = current;
    else if (current.level && WARNING_LEVELS.test(current.level) && current.lines[0]) warnings.push(current.lines[0]);
    current = null;
  };
  return {
    feed(raw, n) {
      if (decisive) return;
      const text = scanned(raw);
      if (startsEvent(text)) {
        close();
        if (decisive) return;
        current = { lines: [], level: null };
      }
      if (!current) return;
      current.level ??= levelOf(text);
      if (current.lines.length < EVENT_LINES && text.trim() !== '') current.lines.push({ n, text: clip(raw) });
    },
    finish(lines): LogFinding {
      close();
      if (!decisive) return noFailure(kind, warnings, lines);
      const event: EventGroup = decisive;
      const all = event.lines.map((l) => l.text).join('\n');
      return { kind, failed: true, code: failureCode(all), subject: null, decisive: decisiveLines(...event.lines), warnings: [], lines };
    },
  };
}

/** A reader that numbers lines and hands each, cut into pieces by `split`, to a grouper. */
function eventReader(grouper: EventGrouper, split: (raw: string) => string[] = (raw) => [raw]): LogReader {
  let n = 0;
  return {
    push(raw) {
      n++;
      for (const piece of split(raw)) grouper.feed(piece, n);
    },
    finish: () => grouper.finish(n),
  };
}

/** Event Viewer text: "Copy details as text" blocks, or the tab-separated list. */
export function eventTextReader(): LogReader {
  return eventReader(eventGrouper(
    'event-text',
    (t) => BLOCK_START.test(t) || ROW_LEVEL.test(t),
    (t) => BLOCK_LEVEL.exec(t)?.[1] ?? ROW_LEVEL.exec(t)?.[1] ?? null,
  ));
}

/** Event Viewer CSV: a header row, then one row per event (descriptions may span lines). */
export function eventCsvReader(): LogReader {
  return eventReader(eventGrouper('event-csv', (t) => ROW_LEVEL.test(t), (t) => ROW_LEVEL.exec(t)?.[1] ?? null));
}

// <Level>2</Level> in System: 1 critical, 2 error, 3 warning (Event Viewer's own numbering).
const XML_LEVELS: Record<string, string> = { '1': 'Critical', '2': 'Error', '3': 'Warning' };

/**
 * Event Viewer XML. The export may put every event on one line, so each line is cut at event
 * boundaries first; every piece keeps the number of the line it is on.
 */
export function eventXmlReader(): LogReader {
  const grouper = eventGrouper(
    'event-xml',
    (t) => /<Event[\s>]/.test(t),
    (t) => XML_LEVELS[/<Level>(\d)<\/Level>/.exec(t)?.[1] ?? ''] ?? /<RenderingInfo[^>]*>[\s\S]*?<Level>([^<]+)<\/Level>/.exec(t)?.[1] ?? null,
  );
  return eventReader(grouper, (raw) => raw.split(/(?=<Event[\s>])/));
}
