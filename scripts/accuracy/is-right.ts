// When a lookup's match counts as the right answer for an accuracy case. One error has several
// spellings: Win32 5 is also the HRESULT 0x80070005, and NTSTATUS 0xC0000005 is also the HRESULT
// 0xD0000005 (HRESULT_FROM_NT). A user helped by either form was helped, so the rule accepts every
// form that wraps or is wrapped by the expected value, and never a different value.

export type ExpectKind = 'win32' | 'hresult' | 'ntstatus' | 'bugcheck';

export interface Expected {
  /** 0x + 8 upper-case hex digits. */
  code: string;
  kind: ExpectKind;
  /** The SDK name, as the headers (or the bug check reference) spell it. */
  name: string;
}

/** The parts of a lookup match the rule reads; typed loosely so a new kind needs no change here. */
export interface ScoredMatch {
  code: string;
  kind: string;
  names: readonly string[];
  hresult?: { code: string };
  win32?: { code: number };
  ntstatus?: { code: string };
}

const hex8 = (v: number) => `0x${(v >>> 0).toString(16).toUpperCase().padStart(8, '0')}`;

// HRESULT_FROM_NT sets this bit; FACILITY_WIN32 HRESULTs carry 0x8007 in their top half.
const NT_BIT = 0x10000000;
const WIN32_HRESULT_PREFIX = 0x80070000;
const BUGCHECK_M_BIT = 0x10000000;

/** The expected value in every form that names the same error. */
export function equivalentCodes(e: Expected): Set<string> {
  const v = parseInt(e.code, 16) >>> 0;
  const forms = new Set([hex8(v)]);
  if (e.kind === 'win32' && v > 0 && v <= 0xffff) forms.add(hex8(WIN32_HRESULT_PREFIX | v));
  if (e.kind === 'hresult' && (v & 0xffff0000) >>> 0 === WIN32_HRESULT_PREFIX) forms.add(hex8(v & 0xffff));
  if (e.kind === 'ntstatus') forms.add(hex8(v | NT_BIT));
  if (e.kind === 'hresult' && (v & NT_BIT) !== 0) forms.add(hex8(v & ~NT_BIT));
  return forms;
}

/** The match's value and the values it wraps or is wrapped by. */
function matchCodes(m: ScoredMatch): string[] {
  const out = [m.code.toUpperCase().replace(/^0X/, '0x')];
  if (m.hresult) out.push(m.hresult.code);
  if (m.win32) out.push(hex8(m.win32.code));
  if (m.ntstatus) out.push(m.ntstatus.code);
  return out;
}

/** True when the match names the expected error. */
export function isRight(m: ScoredMatch, e: Expected): boolean {
  // A stop code is its own numbering: 0x0000001A the bug check is not Win32 error 26. The
  // 0x10000000 bit only marks the parameter format (BugCheck 1000007E is 0x7E), so either counts.
  if (e.kind === 'bugcheck') return m.kind === 'bugcheck' && (m.code === e.code || m.code === hex8(parseInt(e.code, 16) | BUGCHECK_M_BIT));
  if (m.kind === 'bugcheck') return false;
  const want = equivalentCodes(e);
  return matchCodes(m).some((c) => want.has(c)) || m.names.includes(e.name);
}
