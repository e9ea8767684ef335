// The bug check readers, on lines copied from mingw-w64-common 10.0.0-3's bugcodes.h and from
// windows-driver-docs' bug-check-code-reference2.md (commit 825aa15f).
import { isStopCode, parseBugCheckReference, parseBugcodesHeader } from '../../scripts/bugcheck-sources';

const HEADER = `#ifndef __WMCGENERATED_4f4b46e6_H
#define __WMCGENERATED_4f4b46e6_H

/* Severity codes */
#define STATUS_SEVERITY_ERROR	0x3

/* Facility codes */
#define FACILITY_SYSTEM	0x0

/* MessageId  : 0x4000007e */
/* Approximate msg: ReactOS (R) Kernel Version %hs (Build %u%hs) */
#define WINDOWS_NT_BANNER	((ULONG)0x4000007e)

/* Approximate msg: MEMORY_MANAGEMENT */
#define MEMORY_MANAGEMENT	((ULONG)0x0000001a)
#define THREAD_TERMINATE_HELD_MUTEX	((ULONG)0x4000008a)
#define KERNEL_MODE_EXCEPTION_NOT_HANDLED	((ULONG)0x0000008EL)
`;

const REFERENCE = String.raw`| Code       | Name and reference link                                                                                                                           |
|------------|---------------------------------------------------------------------------------------------------------------------------------------------------|
| 0x0000001A | [**MEMORY\_MANAGEMENT**](bug-check-0x1a--memory-management.md)                                                                                    |
| 0x000000DF | I[**MPERSONATING\_WORKER\_THREAD**](bug-check-0xdf--impersonating-worker-thread.md)                                                               |
| 0x000001CF | [**HARDWARE\_WATCHDOG\_TIMEOUT**](bug-check-0x1cf--hardware-watchdog-timeout.md)                                                                  |  
| 0x1000008E | [**KERNEL\_MODE\_EXCEPTION\_NOT\_HANDLED\_M**](bug-check-0x1000008e--kernel-mode-exception-not-handled-m.md)                                      |
`;

describe('parseBugcodesHeader', () => {
  it('reads the ULONG-cast defines, with or without the L suffix, and not severities or facilities', () => {
    expect(parseBugcodesHeader(HEADER)).toEqual([
      { name: 'WINDOWS_NT_BANNER', value: 0x4000007e },
      { name: 'MEMORY_MANAGEMENT', value: 0x1a },
      { name: 'THREAD_TERMINATE_HELD_MUTEX', value: 0x4000008a },
      { name: 'KERNEL_MODE_EXCEPTION_NOT_HANDLED', value: 0x8e },
    ]);
  });
});

describe('parseBugCheckReference', () => {
  it('reads value and name from each row, without links, emphasis or escapes', () => {
    expect(parseBugCheckReference(REFERENCE)).toEqual([
      { value: 0x1a, name: 'MEMORY_MANAGEMENT' },
      { value: 0xdf, name: 'IMPERSONATING_WORKER_THREAD' },
      { value: 0x1cf, name: 'HARDWARE_WATCHDOG_TIMEOUT' },
      { value: 0x1000008e, name: 'KERNEL_MODE_EXCEPTION_NOT_HANDLED_M' },
    ]);
  });
});

describe('isStopCode', () => {
  const listed = new Set(parseBugCheckReference(REFERENCE).map((b) => b.value).concat(0x4000008a));
  it('keeps 16-bit values and large values the reference lists', () => {
    expect(isStopCode(0x1a, listed)).toBe(true);
    expect(isStopCode(0x4000008a, listed)).toBe(true);
  });
  it('leaves out the message strings of the blue screen and the undefined code 0', () => {
    expect(isStopCode(0x4000007e, listed)).toBe(false);
    expect(isStopCode(0, listed)).toBe(false);
  });
});
