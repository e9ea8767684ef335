// Decodes a 32-bit value the way winerror.h and ntstatus.h lay it out, and names every part.
//
// HRESULT:  S(31) R(30) C(29) N(28) facility(16-28 per HRESULT_FACILITY, 0x1fff) code(0-15)
// NTSTATUS: severity(30-31) C(29) facility(16-27) code(0-15)
import type { CodeKind, CodeTables } from './code-tables';

export const FACILITY_WIN32 = 7;
/** Set in an HRESULT that wraps an NTSTATUS (HRESULT_FROM_NT). */
export const N_BIT = 0x10000000;
const CUSTOMER_BIT = 0x20000000;

export type Severity = 'success' | 'informational' | 'warning' | 'error';

export interface Decoded {
  /** 0x + 8 upper-case hex digits. */
  code: string;
  value: number;
  kind: CodeKind;
  /** Every header name of this exact value (HRESULT and NTSTATUS tables, or the Win32 table). */
  names: string[];
  severity: Severity;
  customer: boolean;
  /** HRESULT only: the N bit, set when the HRESULT wraps an NTSTATUS (HRESULT_FROM_NT). */
  ntBit: boolean;
  facility?: { id: number; name: string | null };
  /** The Win32 error an HRESULT of FACILITY_WIN32 wraps. */
  win32?: { code: number; names: string[] };
  /** The NTSTATUS an HRESULT with the N bit wraps. */
  ntstatus?: { code: string; names: string[] };
  /** For a Win32 code: its HRESULT_FROM_WIN32 form. */
  hresult?: { code: string; names: string[] };
  /** For a bug check: its four parameters as the paste gave them (0x + hex), when it did. */
  parameters?: string[];
  /** For a bug check: the driver the crash names ("What failed: nvlddmkm.sys"). */
  driver?: string;
}

/** Formats a value as 0x + 8 upper-case hex digits. */
export function formatCode(value: number): string {
  return `0x${(value >>> 0).toString(16).toUpperCase().padStart(8, '0')}`;
}

/** HRESULT_FROM_WIN32 as winerror.h defines it. */
export function hresultFromWin32(code: number): number {
  return code <= 0 ? code >>> 0 : ((code & 0xffff) | (FACILITY_WIN32 << 16) | 0x80000000) >>> 0;
}

const names = (m: ReadonlyMap<number, readonly string[]>, v: number): string[] => [...(m.get(v) ?? [])];

function facilityOf(tables: CodeTables, id: number, nt: boolean): { id: number; name: string | null } {
  const list = (nt ? tables.ntFacilities : tables.facilities).get(id);
  return { id, name: list?.[0] ?? null };
}

/**
 * Decides how to read a value written as a 32-bit code: the headers know it as an HRESULT or an
 * NTSTATUS, or (unknown) its layout suggests one. `preferHresult` is for values that an article
 * defines as HRESULTs (setup, activation codes) though they look like NTSTATUS.
 */
export function kindOf(tables: CodeTables, value: number, preferHresult = false): CodeKind {
  if (preferHresult) return 'hresult';
  // 0xC0000001 is STATUS_UNSUCCESSFUL before it is an ESE component's hrNyi: a core header's
  // HRESULT wins, a component's loses to ntstatus.h.
  if (tables.hresult.has(value) && (tables.coreHresult.has(value) || !tables.ntstatus.has(value))) return 'hresult';
  if (tables.ntstatus.has(value)) return 'ntstatus';
  // An unknown 0xC000xxxx-style value (error severity, NT facility 0) is read as an NTSTATUS;
  // bit 28 is reserved in an NTSTATUS, so with it set the value is HRESULT_FROM_NT of one.
  if ((value >>> 30) === 3 && ((value >>> 16) & 0xfff) === 0 && (value & N_BIT) === 0) return 'ntstatus';
  return 'hresult';
}

/** HRESULT_FROM_NT as winerror.h defines it. */
export function hresultFromNt(status: number): number {
  return (status | N_BIT) >>> 0;
}

/** The Win32 error or NTSTATUS a failure HRESULT wraps (HRESULT_FROM_WIN32, HRESULT_FROM_NT), if any. */
export function wrappedCode(value: number): { kind: 'win32' | 'ntstatus'; value: number } | undefined {
  const v = value >>> 0;
  if (v < 0x80000000) return undefined;
  if ((v & N_BIT) !== 0) return { kind: 'ntstatus', value: (v & ~N_BIT) >>> 0 };
  return ((v >>> 16) & 0x1fff) === FACILITY_WIN32 ? { kind: 'win32', value: v & 0xffff } : undefined;
}

/**
 * True when the headers name the value, or the Win32 error or NTSTATUS it wraps: 0x80072EFE has
 * no name of its own but wraps ERROR_INTERNET_CONNECTION_ABORTED.
 */
export function isKnownValue(tables: CodeTables, value: number): boolean {
  const v = value >>> 0;
  if (tables.hresult.has(v) || tables.ntstatus.has(v)) return true;
  const wrapped = wrappedCode(v);
  return wrapped !== undefined && tables[wrapped.kind].has(wrapped.value);
}

/** Decodes a Win32 error code (a small number said as an error) and gives its HRESULT form. */
export function decodeWin32(tables: CodeTables, code: number): Decoded {
  const hr = hresultFromWin32(code);
  return {
    code: formatCode(code),
    value: code,
    kind: 'win32',
    names: names(tables.win32, code),
    severity: code === 0 ? 'success' : 'error',
    customer: false,
    ntBit: false,
    hresult: { code: formatCode(hr), names: names(tables.hresult, hr) },
  };
}

/** Decodes a blue screen's stop code: a number space of its own, with no facility or bits. */
export function decodeBugcheck(tables: CodeTables, code: number): Decoded {
  const v = code >>> 0;
  return { code: formatCode(v), value: v, kind: 'bugcheck', names: names(tables.bugcheck, v), severity: 'error', customer: false, ntBit: false };
}

/** Decodes a 32-bit HRESULT or NTSTATUS value; `kind` defaults to what kindOf says. */
export function decode(tables: CodeTables, value: number, kind: CodeKind = kindOf(tables, value)): Decoded {
  const v = value >>> 0;
  if (kind === 'win32') return decodeWin32(tables, v);
  if (kind === 'bugcheck') return decodeBugcheck(tables, v);
  // The kind's own names first: an NTSTATUS leads with its STATUS_ name.
  const all = kind === 'ntstatus' ? [...names(tables.ntstatus, v), ...names(tables.hresult, v)] : [...names(tables.hresult, v), ...names(tables.ntstatus, v)];
  const base = {
    code: formatCode(v),
    value: v,
    kind,
    names: [...new Set(all)],
    customer: (v & CUSTOMER_BIT) !== 0,
  };
  if (kind === 'ntstatus') {
    const sev = (['success', 'informational', 'warning', 'error'] as const)[v >>> 30]!;
    return { ...base, severity: sev, ntBit: false, facility: facilityOf(tables, (v >>> 16) & 0xfff, true) };
  }
  const failed = (v & 0x80000000) !== 0;
  const decoded: Decoded = { ...base, severity: failed ? 'error' : 'success', ntBit: (v & N_BIT) !== 0 };
  if (decoded.ntBit) {
    // HRESULT_FROM_NT sets the N bit on an NTSTATUS; clearing it gives the NTSTATUS back.
    const nt = (v & ~N_BIT) >>> 0;
    decoded.ntstatus = { code: formatCode(nt), names: names(tables.ntstatus, nt) };
    return decoded;
  }
  const facility = (v >>> 16) & 0x1fff;
  decoded.facility = facilityOf(tables, facility, false);
  if (facility === FACILITY_WIN32 && failed) {
    const code = v & 0xffff;
    decoded.win32 = { code, names: names(tables.win32, code) };
  }
  return decoded;
}
