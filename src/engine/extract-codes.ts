// Finds error codes in pasted text: 0x-hex, bare 8-digit hex, signed and unsigned decimal
// HRESULTs, small Win32 numbers said as errors, and symbolic names. One linear-time scan.
import type { CodeKind, CodeTables } from './codes/code-tables';

/** Teams stops a message near 28 KB; anything longer was not typed into Teams. */
export const MAX_INPUT_CHARS = 28 * 1024;

export type Notation = 'hex' | 'bare-hex' | 'decimal' | 'name';

export interface CodeHit {
  value: number;
  /** Set when the notation itself says what it is: a Win32 number, or a name from one table. */
  kind?: CodeKind;
  notation: Notation;
  /** Where it was found, for ordering and for quoting back. */
  index: number;
  text: string;
}

export interface ExtractOptions {
  /** Values the catalog knows (header tables or articles): bare hex and decimal must be known. */
  isKnown: (value: number) => boolean;
  /** Names the headers do not define but an article does (CBS_E_SOURCE_MISSING), by lower case. */
  lookupName: (lower: string) => readonly { value: number; kind: CodeKind }[];
}

// Each alternative is anchored by look-arounds on single characters, so there is no nested
// repetition to backtrack through: the scan stays linear in the input (see PERFORMANCE.md).
const PATTERN = new RegExp(
  [
    // 0x800B0004, 0X800b0004, (0x8007000d), hr=0x80070005
    // (leading zeros past eight digits are padding: "0x080070035" is 0x80070035)
    String.raw`(?<![0-9A-Za-z_])0[xX]0{0,8}(?<hex>[0-9a-fA-F]{1,8})(?![0-9A-Za-z_])`,
    // TRUST_E_SUBJECT_NOT_TRUSTED, e_accessdenied, NERR_Success; and the few header names without
    // an underscore: WSAECONNRESET, NOERROR, and ESE's hrNone / evtOpenURL
    String.raw`(?<![0-9A-Za-z_])(?<name>[A-Za-z][A-Za-z0-9]*(?:_[A-Za-z0-9]+)+|(?:hr|evt)[A-Z][A-Za-z0-9]*|WSA[A-Z]+|NOERROR)(?![0-9A-Za-z_])`,
    // 800B0004, CAA50021 standing alone; not part of a GUID (8-4-4-4-12)
    // A colon glued to a word before it is a label ("HRESULT:80070005"); after a digit it is a time.
    String.raw`(?<![0-9A-Za-z_\-.])(?<!\d:)(?<bare>[0-9a-fA-F]{8})(?![0-9A-Za-z_]|-[0-9a-fA-F]{4}-)`,
    // -2146762748, 2148204548, 1603; not part of a date, time, version or size (12.5, 10:22, 2024-01)
    // "exit code:-1073741819" is a code; "10:22" is a time
    // ("32-bit", "64-byte" are sizes)
    String.raw`(?<![0-9A-Za-z_\-./,])(?<!\d:)(?<dec>-?\d{1,10})(?![0-9A-Za-z_]|[.,:/\-]\d|-[A-Za-z])`,
  ].join('|'),
  // Case-insensitive: names come in any case (e_accessdenied, wsaeconnreset); hex already does.
  'gi',
);

// A small number is a Win32 error only when the words just before it say so ("error 5",
// "código de error 1603", "exit code 1618"). 40 characters covers "failed with error code: ".
// Not a bare "failed": "failed for 2 of 5 updates" holds no error 2.
// Not "status": "status 42" asks about a ticket, and HTTP statuses are not Win32 errors.
// Python prints Win32 errors as "[WinError 10061]"; .NET as "NativeErrorCode".
// The word for "error" or "failed" in the other languages Windows speaks counts too.
const ERROR_CONTEXT = /(?:\b(?:error|err|errno|code|exit|win32|returned|hresult|hr|failed with|failure|winerror|nativeerrorcode|fehler|erreur|errore|erro|ошибка|ошибки)|c[oó]digo|fall[oó] con|错误|錯誤|失败|失敗)[^\n\d]{0,24}$/i;
const CONTEXT_CHARS = 40;

const hasHighBit = (v: number) => v >= 0x80000000;

// Labels of numbers that are written in hex but are not codes: Event Viewer's time stamps, fault
// offsets, addresses, process and thread ids, handles, sizes, checksums.
// Also a blue screen's numbered parameters (WinDbg's "Arg2:", Windows Error Reporting's "BCP2:").
const NOT_A_CODE_CONTEXT = /(?:time ?stamp|offset|address|addr|base|start time|process id|thread id|\bp?id|\btid|handle|pointer|\bptr|size|length|checksum|crc|hash|\bat|memory|\barg\d|\bbcp\d|parameter \d)\s*[:=]?\s*$/i;

// A product or version name just before a small number makes it a version, not an error.
const PRODUCT_BEFORE = /(?:windows|win|server|version|ver|office|sql|python|build|release|v)\s*$/i;

function notACodeContext(text: string, index: number): boolean {
  return NOT_A_CODE_CONTEXT.test(text.slice(Math.max(0, index - CONTEXT_CHARS), index));
}

function win32Context(text: string, index: number): boolean {
  return ERROR_CONTEXT.test(text.slice(Math.max(0, index - CONTEXT_CHARS), index));
}

// Windows tools print a Win32 error as its message with the number in brackets after it: "The pipe
// has been ended. (0x6D)", "管道已结束。 (0x6D)". A small hex number alone in brackets right after
// a sentence's end is that number.
const AFTER_SENTENCE = /[.!?。！？]["'”’]?[ \t]*\($/;

function bracketedAfterSentence(text: string, index: number, length: number): boolean {
  return text[index + length] === ')' && AFTER_SENTENCE.test(text.slice(Math.max(0, index - 4), index));
}

/** Every code-like token in `text` that reads as a Windows error, in order of appearance. */
export function extractCodes(text: string, tables: CodeTables, options: ExtractOptions): CodeHit[] {
  const hits: CodeHit[] = [];
  const input = text.length > MAX_INPUT_CHARS ? text.slice(0, MAX_INPUT_CHARS) : text;
  for (const m of input.matchAll(PATTERN)) {
    const g = m.groups ?? {};
    const index = m.index;
    if (g.hex !== undefined) {
      const v = parseInt(g.hex, 16);
      if (v <= 0xffff) {
        if (v > 0 && (win32Context(input, index) || bracketedAfterSentence(input, index, m[0].length)) && tables.win32.has(v)) hits.push({ value: v, kind: 'win32', notation: 'hex', index, text: m[0] });
      } else if (options.isKnown(v) || (hasHighBit(v) && !notACodeContext(input, index))) {
        // A failure value written out with 0x is a code even when nobody defines it (it is then
        // flagged unknown), unless the words before it say what else it is: "time stamp:
        // 0xa5c3a7d3" in Event Viewer is a build hash, "offset 0x…" an address.
        hits.push({ value: v, notation: 'hex', index, text: m[0] });
      }
    } else if (g.name !== undefined) {
      const lower = g.name.toLowerCase();
      for (const c of tables.byName.get(lower) ?? options.lookupName(lower)) {
        hits.push({ value: c.value, kind: c.kind, notation: 'name', index, text: m[0] });
      }
    } else if (g.bare !== undefined) {
      const v = parseInt(g.bare, 16);
      const digitsOnly = /^\d+$/.test(g.bare);
      // Bare hex needs a digit (so "deadbeef" and "acceeded" stay words) and the failure bit, to
      // keep time stamps, sizes, line numbers (CBS.log's 00000003) and addresses out.
      if (/\d/.test(g.bare) && hasHighBit(v) && (options.isKnown(v) || (!digitsOnly && !notACodeContext(input, index)))) {
        hits.push({ value: v, notation: 'bare-hex', index, text: m[0] });
      } else if (digitsOnly) {
        pushDecimal(hits, g.bare, index, input, tables, options);
      }
    } else if (g.dec !== undefined) {
      pushDecimal(hits, g.dec, index, input, tables, options);
    }
  }
  return hits;
}

function pushDecimal(hits: CodeHit[], digits: string, index: number, text: string, tables: CodeTables, options: ExtractOptions): void {
  const n = Number(digits);
  if (n < 0) {
    // A signed 32-bit HRESULT as .NET and PowerShell print it.
    if (n >= -0x80000000 && options.isKnown(n >>> 0)) hits.push({ value: n >>> 0, notation: 'decimal', index, text: digits });
    return;
  }
  if (n <= 0xffff) {
    // 0 is ERROR_SUCCESS: never an error to triage. "Windows 10", "Server 2019" are versions.
    if (n > 0 && !PRODUCT_BEFORE.test(text.slice(Math.max(0, index - 16), index)) && win32Context(text, index) && tables.win32.has(n)) hits.push({ value: n, kind: 'win32', notation: 'decimal', index, text: digits });
    return;
  }
  if (n <= 0xffffffff && hasHighBit(n) && options.isKnown(n)) hits.push({ value: n, notation: 'decimal', index, text: digits });
}
