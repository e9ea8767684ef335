// Decoding 32-bit values into what a user reads: the header names, the facility, the Win32 error or
// NTSTATUS an HRESULT wraps, and the HRESULT form of a Win32 number.
//
// Every name and value expected below was checked by hand against the real mingw-w64 headers in
// /usr/share/mingw-w64/include (winerror.h, ntstatus.h, wuerror.h, wininet.h, winhttp.h, lmerr.h,
// and where a name comes from elsewhere the header is named beside it), never against
// catalog/codes/*.json, which is what these tests check.
import { buildCodeTables } from '../../src/engine/codes/code-tables';
import { decode, decodeWin32, formatCode, hresultFromWin32 } from '../../src/engine/codes/decode';
import { projectRoot, readCodeFiles } from '../../src/node/load-engine';

// The header tables only: decoding does not depend on the articles, which change under us.
const tables = buildCodeTables(readCodeFiles(projectRoot()));
const hex = (code: string) => parseInt(code, 16);

describe('plain HRESULTs: first name and facility', () => {
  // [value, first name (core header), facility id, facility name]
  test.each([
    ['0x800B0004', 'TRUST_E_SUBJECT_NOT_TRUSTED', 11, 'FACILITY_CERT'], // winerror.h:3196, FACILITY_CERT 11
    ['0x800B0001', 'TRUST_E_PROVIDER_UNKNOWN', 11, 'FACILITY_CERT'],
    ['0x800B0100', 'TRUST_E_NOSIGNATURE', 11, 'FACILITY_CERT'],
    ['0x800B0101', 'CERT_E_EXPIRED', 11, 'FACILITY_CERT'],
    ['0x800B0109', 'CERT_E_UNTRUSTEDROOT', 11, 'FACILITY_CERT'],
    ['0x800B010A', 'CERT_E_CHAINING', 11, 'FACILITY_CERT'],
    ['0x800B010C', 'CERT_E_REVOKED', 11, 'FACILITY_CERT'],
    ['0x800B010F', 'CERT_E_CN_NO_MATCH', 11, 'FACILITY_CERT'],
    ['0x80004005', 'E_FAIL', 0, 'FACILITY_NULL'],
    ['0x8000FFFF', 'E_UNEXPECTED', 0, 'FACILITY_NULL'],
    ['0x80004001', 'E_NOTIMPL', 0, 'FACILITY_NULL'],
    ['0x80004002', 'E_NOINTERFACE', 0, 'FACILITY_NULL'],
    ['0x80004004', 'E_ABORT', 0, 'FACILITY_NULL'],
    ['0x80040154', 'REGDB_E_CLASSNOTREG', 4, 'FACILITY_ITF'],
    ['0x800401F0', 'CO_E_NOTINITIALIZED', 4, 'FACILITY_ITF'],
    ['0x80010108', 'RPC_E_DISCONNECTED', 1, 'FACILITY_RPC'],
    ['0x80080005', 'CO_E_SERVER_EXEC_FAILURE', 8, 'FACILITY_WINDOWS'],
    // Windows Update: wuerror.h, FACILITY_WINDOWSUPDATE 36 in winerror.h.
    ['0x80240001', 'WU_E_NO_SERVICE', 36, 'FACILITY_WINDOWSUPDATE'],
    ['0x8024402C', 'WU_E_PT_WINHTTP_NAME_NOT_RESOLVED', 36, 'FACILITY_WINDOWSUPDATE'],
    ['0x80240017', 'WU_E_NOT_APPLICABLE', 36, 'FACILITY_WINDOWSUPDATE'],
    ['0x8024001E', 'WU_E_SERVICE_STOP', 36, 'FACILITY_WINDOWSUPDATE'],
    ['0x80244019', 'WU_E_PT_HTTP_STATUS_NOT_FOUND', 36, 'FACILITY_WINDOWSUPDATE'],
    ['0x80246007', 'WU_E_DM_NOTDOWNLOADED', 36, 'FACILITY_WINDOWSUPDATE'],
  ] as const)('%s is %s in %s', (code, name, facility, facilityName) => {
    const d = decode(tables, hex(code));
    expect(d).toMatchObject({ code, kind: 'hresult', severity: 'error', customer: false, ntBit: false });
    expect(d.names[0]).toBe(name);
    expect(d.facility).toEqual({ id: facility, name: facilityName });
    expect(d.win32).toBeUndefined();
  });

  test('facility 9 is named by winerror.h (FACILITY_SECURITY or its alias FACILITY_SSPI)', () => {
    const d = decode(tables, hex('0x80096010'));
    expect(d.names[0]).toBe('TRUST_E_BAD_DIGEST');
    expect(d.facility).toEqual({ id: 9, name: expect.stringMatching(/^FACILITY_(SECURITY|SSPI)$/) });
  });

  test('the seed article was wrong: 0x800B0004 is FACILITY_CERT, 0x800B010A is CERT_E_CHAINING', () => {
    expect(decode(tables, hex('0x800B0004')).facility?.name).not.toBe('FACILITY_WINTRUST');
    expect(decode(tables, hex('0x800B0004')).facility?.name).toBe('FACILITY_CERT');
    const chaining = decode(tables, hex('0x800B010A'));
    expect(chaining.names).toEqual(['CERT_E_CHAINING']);
  });
});

describe('HRESULTs of FACILITY_WIN32 wrap a Win32 error', () => {
  // [value, Win32 code, every Win32 name, an HRESULT name of the value (first when a core header has one)]
  test.each([
    ['0x80070002', 2, ['ERROR_FILE_NOT_FOUND'], 'COR_E_FILENOTFOUND', false], // corerror.h
    ['0x80070003', 3, ['ERROR_PATH_NOT_FOUND'], null, false],
    ['0x80070005', 5, ['ERROR_ACCESS_DENIED'], 'E_ACCESSDENIED', true],
    ['0x80070006', 6, ['ERROR_INVALID_HANDLE'], 'E_HANDLE', true],
    ['0x8007000D', 13, ['DNS_ERROR_INVALID_DATA', 'ERROR_INVALID_DATA'], null, false],
    ['0x8007000E', 14, ['DNS_ERROR_NO_MEMORY', 'ERROR_OUTOFMEMORY'], 'E_OUTOFMEMORY', true],
    ['0x80070057', 87, ['ERROR_INVALID_PARAMETER'], 'E_INVALIDARG', true],
    ['0x80070422', 1058, ['ERROR_SERVICE_DISABLED'], null, false],
    ['0x80070490', 1168, ['ERROR_NOT_FOUND'], 'E_NOTFOUND', false], // devicetopology.h, mmdeviceapi.h
    ['0x80070643', 1603, ['ERROR_INSTALL_FAILURE'], null, false],
    ['0x800708AD', 2221, ['NERR_UserNotFound'], null, false], // lmerr.h: NERR_BASE + 121
    ['0x80072746', 10054, ['WSAECONNRESET'], null, false], // WSABASEERR + 54
    ['0x80072EE2', 12002, ['ERROR_INTERNET_TIMEOUT', 'ERROR_WINHTTP_TIMEOUT'], null, false],
    ['0x80072EE7', 12007, ['ERROR_INTERNET_NAME_NOT_RESOLVED', 'ERROR_WINHTTP_NAME_NOT_RESOLVED'], null, false],
    ['0x80072EFE', 12030, ['ERROR_INTERNET_CONNECTION_ABORTED', 'ERROR_WINHTTP_CONNECTION_ERROR'], null, false],
    ['0x80073712', 14098, ['ERROR_SXS_COMPONENT_STORE_CORRUPT'], null, false],
  ] as const)('%s wraps Win32 %i', (code, win32, win32Names, hrName, first) => {
    const d = decode(tables, hex(code));
    expect(d).toMatchObject({ code, kind: 'hresult', severity: 'error', ntBit: false });
    expect(d.facility).toEqual({ id: 7, name: 'FACILITY_WIN32' });
    expect(d.win32?.code).toBe(win32);
    expect([...(d.win32?.names ?? [])].sort()).toEqual([...win32Names].sort());
    if (hrName === null) return;
    if (first) expect(d.names[0]).toBe(hrName);
    else expect(d.names).toContain(hrName);
  });

  test('0x80070490 reports every header name of the value', () => {
    // E_NOTFOUND (devicetopology.h), E_PROP_ID_UNSUPPORTED (vfwmsgs.h), PEER_E_NOT_FOUND (p2p.h)
    expect(decode(tables, hex('0x80070490')).names).toEqual(
      expect.arrayContaining(['E_NOTFOUND', 'E_PROP_ID_UNSUPPORTED', 'PEER_E_NOT_FOUND']),
    );
  });
});

describe('HRESULT_FROM_NT: the N bit wraps an NTSTATUS', () => {
  test.each([
    ['0xD0000005', '0xC0000005', 'STATUS_ACCESS_VIOLATION'],
    ['0xD0000022', '0xC0000022', 'STATUS_ACCESS_DENIED'],
    ['0xD000021A', '0xC000021A', 'STATUS_SYSTEM_PROCESS_TERMINATED'],
  ])('%s wraps %s %s', (code, nt, name) => {
    const d = decode(tables, hex(code));
    expect(d).toMatchObject({ code, kind: 'hresult', ntBit: true, severity: 'error' });
    expect(d.ntstatus).toEqual({ code: nt, names: [name] });
  });
});

describe('plain NTSTATUS values', () => {
  // [value, name (ntstatus.h), severity from the top two bits]
  test.each([
    ['0xC0000005', 'STATUS_ACCESS_VIOLATION', 'error'],
    ['0xC0000022', 'STATUS_ACCESS_DENIED', 'error'],
    ['0xC000021A', 'STATUS_SYSTEM_PROCESS_TERMINATED', 'error'],
    ['0xC0000142', 'STATUS_DLL_INIT_FAILED', 'error'],
    ['0xC000007B', 'STATUS_INVALID_IMAGE_FORMAT', 'error'],
    ['0xC00000FD', 'STATUS_STACK_OVERFLOW', 'error'],
    ['0xC0000374', 'STATUS_HEAP_CORRUPTION', 'error'],
    ['0xC0000409', 'STATUS_STACK_BUFFER_OVERRUN', 'error'],
    ['0x80000005', 'STATUS_BUFFER_OVERFLOW', 'warning'],
    ['0x80000003', 'STATUS_BREAKPOINT', 'warning'],
    ['0x40000015', 'STATUS_FATAL_APP_EXIT', 'informational'],
    ['0x00000103', 'STATUS_PENDING', 'success'],
  ])('%s is %s (%s)', (code, name, severity) => {
    const d = decode(tables, hex(code));
    expect(d).toMatchObject({ code, kind: 'ntstatus', severity, ntBit: false, customer: false });
    expect(d.names).toEqual([name]);
    // Facility 0 of an NTSTATUS: FACILITY_SYSTEM (bugcodes.h).
    expect(d.facility).toEqual({ id: 0, name: 'FACILITY_SYSTEM' });
  });

  test('an NTSTATUS facility comes from ntstatus.h: 0xC0150002 is FACILITY_SXS_ERROR_CODE (0x15)', () => {
    const d = decode(tables, hex('0xC0150002'));
    expect(d).toMatchObject({ kind: 'ntstatus', names: ['STATUS_SXS_CANT_GEN_ACTCTX'] });
    expect(d.facility).toEqual({ id: 0x15, name: 'FACILITY_SXS_ERROR_CODE' });
  });

  // A value that ntstatus.h names and some other SDK header also defines as an HRESULT shows the
  // core header's name first, as code-tables.ts promises for a value named by several headers.
  test.each([
    ['0xC0000001', 'STATUS_UNSUCCESSFUL', 'hrNyi'], // hrNyi: ntdsbmsg.h (Exchange backup)
    ['0x80000001', 'STATUS_GUARD_PAGE_VIOLATION', 'E_RATING_NOT_FOUND'], // ratings.h
  ])('%s shows %s first, before %s from a non-core header', (code, core, other) => {
    const d = decode(tables, hex(code));
    expect(d.names).toEqual(expect.arrayContaining([core, other]));
    expect(d.names[0]).toBe(core);
  });
});

describe('Win32 codes said as numbers', () => {
  // [number, its names, HRESULT_FROM_WIN32 form, an HRESULT name of that form or null]
  test.each([
    [2, ['ERROR_FILE_NOT_FOUND'], '0x80070002', null],
    [5, ['ERROR_ACCESS_DENIED'], '0x80070005', 'E_ACCESSDENIED'],
    [87, ['ERROR_INVALID_PARAMETER'], '0x80070057', 'E_INVALIDARG'],
    [1058, ['ERROR_SERVICE_DISABLED'], '0x80070422', null],
    [1603, ['ERROR_INSTALL_FAILURE'], '0x80070643', null],
    [1618, ['ERROR_INSTALL_ALREADY_RUNNING'], '0x80070652', null],
    [10054, ['WSAECONNRESET'], '0x80072746', null],
    [12030, ['ERROR_INTERNET_CONNECTION_ABORTED', 'ERROR_WINHTTP_CONNECTION_ERROR'], '0x80072EFE', null],
  ] as const)('%i is %j, HRESULT %s', (n, names, hr, hrName) => {
    const d = decodeWin32(tables, n);
    expect(d).toMatchObject({ kind: 'win32', value: n, code: formatCode(n), severity: 'error' });
    expect([...d.names].sort()).toEqual([...names].sort());
    expect(d.hresult?.code).toBe(hr);
    expect(formatCode(hresultFromWin32(n))).toBe(hr);
    if (hrName) expect(d.hresult?.names[0]).toBe(hrName);
  });

  // winerror.h:1568-1570 define three DNS names as aliases (#define DNS_ERROR_NO_MEMORY
  // ERROR_OUTOFMEMORY): the error's own name is the one to show first, not the DNS alias.
  test.each([
    [13, 'ERROR_INVALID_DATA', 'DNS_ERROR_INVALID_DATA'],
    [14, 'ERROR_OUTOFMEMORY', 'DNS_ERROR_NO_MEMORY'],
    [123, 'ERROR_INVALID_NAME', 'DNS_ERROR_INVALID_NAME'],
  ])('Win32 %i shows %s first, not its alias %s', (n, name, alias) => {
    const d = decodeWin32(tables, n);
    expect(d.names).toEqual(expect.arrayContaining([name, alias]));
    expect(d.names[0]).toBe(name);
  });
});

describe('success codes and the customer bit', () => {
  test.each([
    ['0x00000000', 'S_OK', 'STATUS_SUCCESS'],
    ['0x00000001', 'S_FALSE', 'STATUS_WAIT_1'],
    ['0x00240005', 'WU_S_REBOOT_REQUIRED', null],
  ])('%s is a success: %s', (code, name, ntName) => {
    const d = decode(tables, hex(code));
    expect(d).toMatchObject({ code, severity: 'success', customer: false });
    expect(d.names[0]).toBe(name);
    if (ntName) expect(d.names).toContain(ntName);
    expect(d.win32).toBeUndefined();
  });

  test('Win32 0 is ERROR_SUCCESS and its HRESULT form is S_OK', () => {
    const d = decodeWin32(tables, 0);
    expect(d.severity).toBe('success');
    expect(d.names).toEqual(expect.arrayContaining(['ERROR_SUCCESS', 'NO_ERROR']));
    expect(d.hresult?.code).toBe('0x00000000');
    expect(d.hresult?.names[0]).toBe('S_OK');
  });

  test.each([
    ['0xE0434352', 'hresult', 'error'], // the CLR's exception code: customer bit, no header name
    ['0xA0000001', 'hresult', 'error'],
    ['0x20000001', 'hresult', 'success'],
    ['0xE0000001', 'ntstatus', 'error'],
  ])('%s has the customer bit', (code, kind, severity) => {
    const d = decode(tables, hex(code));
    expect(d).toMatchObject({ code, kind, severity, customer: true, names: [] });
  });

  test.each(['0x800B0004', '0xC0000005', '0x80070005'])('%s has no customer bit', (code) => {
    expect(decode(tables, hex(code)).customer).toBe(false);
  });
});

describe('the generated catalog', () => {
  test('holds well over 5,000 definitions', () => {
    expect(tables.all.length).toBeGreaterThan(5000);
    expect(tables.hresult.size).toBeGreaterThan(3000);
    expect(tables.ntstatus.size).toBeGreaterThan(1000);
    expect(tables.win32.size).toBeGreaterThan(1000);
  });

  test('keeps both names of 12030 (wininet.h and winhttp.h)', () => {
    expect(tables.win32.get(12030)).toEqual(
      expect.arrayContaining(['ERROR_INTERNET_CONNECTION_ABORTED', 'ERROR_WINHTTP_CONNECTION_ERROR']),
    );
    expect(tables.byName.get('error_winhttp_connection_error')?.[0]).toMatchObject({ kind: 'win32', value: 12030 });
  });
});
