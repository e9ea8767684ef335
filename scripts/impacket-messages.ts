// Reads impacket's error tables (hresult_errors.py, system_errors.py, nt_errors.py) as text:
// `ERROR_MESSAGES = { 0x00000005: ("ERROR_ACCESS_DENIED", "Access is denied."), ... }`.
// Nothing runs Python; only the dict literal's shape is understood.

export interface ImpacketMessage {
  value: number;
  name: string;
  text: string;
}

const SIMPLE_ESCAPES: Record<string, string> = {
  '\\': '\\', "'": "'", '"': '"', a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v',
};

/** The value of one Python string literal body (between its quotes), escapes decoded as Python does. */
export function decodePythonString(body: string, raw = false): string {
  if (raw) return body;
  return body.replace(/\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|[0-7]{1,3}|\r?\n|[\s\S])/g, (whole, esc: string) => {
    if (esc === '\n' || esc === '\r\n') return ''; // a backslash at the end of a line continues it
    if (esc in SIMPLE_ESCAPES) return SIMPLE_ESCAPES[esc]!;
    if (/^[xuU]/.test(esc) && esc.length > 1) return String.fromCodePoint(parseInt(esc.slice(1), 16));
    if (/^[0-7]+$/.test(esc)) return String.fromCodePoint(parseInt(esc, 8));
    return whole; // Python keeps an unknown escape as written, backslash included
  });
}

// One literal with an optional prefix; adjacent literals are concatenated, as in Python.
const LITERAL = String.raw`([rRuU]?)("(?:[^"\\\n]|\\[\s\S])*"|'(?:[^'\\\n]|\\[\s\S])*')`;
const STRING = String.raw`(?:${LITERAL}\s*)+`;
const ENTRY = new RegExp(String.raw`(0[xX][0-9a-fA-F]+)\s*:\s*\(\s*(${STRING}),\s*(${STRING})\s*,?\s*\)`, 'g');

function joinLiterals(source: string): string {
  return [...source.matchAll(new RegExp(LITERAL, 'g'))]
    .map((m) => decodePythonString(m[2]!.slice(1, -1), /r/i.test(m[1]!)))
    .join('');
}

/**
 * The entries of the `ERROR_MESSAGES` dict in one impacket module, in file order. A value that
 * appears twice keeps its last entry, as a Python dict would; `duplicates` lists those values.
 */
export function parseImpacketMessages(source: string): { entries: ImpacketMessage[]; duplicates: number[] } {
  const start = source.search(/^ERROR_MESSAGES\s*=\s*\{/m);
  if (start < 0) return { entries: [], duplicates: [] };
  // The dict ends at the first "}" alone at the start of a line; the module's constants follow it.
  const end = source.slice(start).search(/^\}/m);
  const dict = source.slice(start, end < 0 ? undefined : start + end);
  const byValue = new Map<number, ImpacketMessage>();
  const duplicates: number[] = [];
  for (const m of dict.matchAll(ENTRY)) {
    const value = parseInt(m[1]!.slice(2), 16);
    if (byValue.has(value)) duplicates.push(value);
    byValue.set(value, { value, name: joinLiterals(m[2]!), text: joinLiterals(m[5]!) });
  }
  return { entries: [...byValue.values()], duplicates };
}
