// The two sources of bug check (stop code) names: mingw-w64's bugcodes.h and the table in
// Microsoft's "Bug check code reference" (windows-driver-docs, bug-check-code-reference2.md).

export interface BugCheckName {
  value: number;
  name: string;
}

// Markers of a range, not codes, as in import-sdk-codes.
const NOT_A_CODE = /^_|_(FIRST|LAST|BASE|MIN|MAX)$/;

/**
 * The `#define NAME ((ULONG)0x0000001AL)` lines of bugcodes.h, in file order. Other defines in the
 * header (STATUS_SEVERITY_*, FACILITY_*, the include guard) have no ULONG cast and are skipped.
 */
export function parseBugcodesHeader(text: string): BugCheckName[] {
  const out: BugCheckName[] = [];
  const re = /^[ \t]*#[ \t]*define[ \t]+([A-Za-z_][A-Za-z0-9_]*)[ \t]+\(\(ULONG\)[ \t]*0x([0-9a-fA-F]{1,8})[uUlL]*\)/gm;
  for (const m of text.matchAll(re)) {
    if (!NOT_A_CODE.test(m[1]!)) out.push({ name: m[1]!, value: parseInt(m[2]!, 16) });
  }
  return out;
}

/**
 * The rows `| 0x0000001A | [**MEMORY\_MANAGEMENT**](bug-check-0x1a--memory-management.md) |` of
 * the reference's table, in page order. The name is the cell's text with links, emphasis and
 * Markdown escapes removed (one row has a letter outside its link: `I[**MPERSONATING...**](...)`).
 */
export function parseBugCheckReference(markdown: string): BugCheckName[] {
  const out: BugCheckName[] = [];
  for (const m of markdown.matchAll(/^\|\s*0x([0-9a-fA-F]{1,8})\s*\|([^|\n]*)\|/gm)) {
    const name = m[2]!
      .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
      .replace(/[*`]/g, '')
      .replace(/\\(.)/g, '$1')
      .trim();
    if (/^[A-Z][A-Z0-9_]*$/.test(name)) out.push({ value: parseInt(m[1]!, 16), name });
  }
  return out;
}

/**
 * Large values in bugcodes.h that the reference does not list are message-table strings the
 * blue screen prints (WINDOWS_NT_BANNER, BUGCODE_ID_DRIVER, BOOTING_IN_SAFEMODE_MINIMAL), not
 * stop codes; the real large stop codes (0x1000007E, 0xC000021A, 0xDEADDEAD) are all listed.
 * Value 0 is UNDEFINED_BUG_CODE, which the header itself says must not be used.
 */
export function isStopCode(value: number, referenceValues: ReadonlySet<number>): boolean {
  if (value === 0) return false;
  return value <= 0xffff || referenceValues.has(value);
}
