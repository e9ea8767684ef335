// Which reader a log needs, from its first lines: each kind has a line shape or a header of its own.
import type { LogKind } from './log-finding';
import { SERVICING_LINE } from './read-servicing-log';
import { WINDOWSUPDATE_LINE } from './read-windowsupdate-log';

/** Lines looked at: every kind shows its shape within the first few; more costs nothing useful. */
export const DETECT_LINES = 30;

// Panther's components (MOUPG, SP, PANTHR, SETUPPLAT…) against servicing's (CBS, CSI, DISM).
const SETUP_COMPONENTS = /^(?:MOUPG|SP|PANTHR|SETUP\w*|SYSPRP|IBS|MIG|CONX|DIAGER|DU|ConX|UI)$/i;

/** The kind of log whose first lines are `lines`, or null when none of the readers fits. */
export function detectLogKind(lines: readonly string[]): LogKind | null {
  const head = lines.slice(0, DETECT_LINES).map((l) => l.replace(/^\uFEFF/, ''));
  const first = head.find((l) => l.trim() !== '') ?? '';
  if (/^\s*<(?:\?xml|Events[\s>]|Event[\s>])/.test(first)) return 'event-xml';
  if (/^"?(?:Level|Nivel)"?,/.test(first)) return 'event-csv';
  if (/^(?:Level|Nivel)\t/.test(first) || head.some((l) => /^(?:Log Name|Nombre de registro):/.test(l))) return 'event-text';
  if (head.some((l) => /^=== (?:Verbose )?logging started|^MSI \([cs]\) \(/.test(l))) return 'msi';
  if (head.some((l) => WINDOWSUPDATE_LINE.test(l))) return 'windowsupdate';
  const components = head.map((l) => SERVICING_LINE.exec(l)?.groups?.component).filter((c): c is string => !!c);
  if (components.length === 0) return null;
  if (components.some((c) => c === 'DISM')) return 'dism';
  if (components.some((c) => c === 'CBS' || c === 'CSI')) return 'cbs';
  if (components.some((c) => SETUP_COMPONENTS.test(c))) return 'setup';
  return null;
}
