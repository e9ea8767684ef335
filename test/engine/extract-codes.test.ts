// Finding codes in what people paste: every notation, English and Spanish prose, real log excerpts,
// and ordinary numbers that must stay out. Goes through the public lookup(), as the bot does.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { MAX_INPUT_CHARS } from '../../src/engine/extract-codes';
import { lookup, type Match } from '../../src/engine/lookup';
import { realEngine } from '../support/engine';

const { engine } = realEngine();
const fixture = (name: string) => readFileSync(join(__dirname, '..', 'fixtures', name), 'utf8');

/** The matches found as codes or names (not the word-matching fallback). */
function codeMatches(text: string): Match[] {
  return lookup(engine, text, { limit: 50 }).matches.filter((m) => m.source !== 'text');
}
/** Each code as an HRESULT, so that 0x80070490 and the ERROR_NOT_FOUND written beside it count once. */
function hresultsIn(text: string): string[] {
  const codes = codeMatches(text).map((m) => (m.kind === 'win32' ? m.hresult!.code : m.code));
  return [...new Set(codes)].sort();
}
const allNames = (m: Match) => [...m.names, ...(m.win32?.names ?? []), ...(m.ntstatus?.names ?? []), ...(m.hresult?.names ?? [])];

describe('notations people paste', () => {
  // [text, code, a header name the user sees for it]
  test.each([
    ['0x800B0004', '0x800B0004', 'TRUST_E_SUBJECT_NOT_TRUSTED'],
    ['0X800b0004', '0x800B0004', 'TRUST_E_SUBJECT_NOT_TRUSTED'],
    ['Windows Update error 800B0004', '0x800B0004', 'TRUST_E_SUBJECT_NOT_TRUSTED'],
    ['the install stopped (0x8007000d)', '0x8007000D', 'ERROR_INVALID_DATA'],
    ['CoCreateInstance hr=0x80070005', '0x80070005', 'E_ACCESSDENIED'],
    ['HRESULT: 0x80070002', '0x80070002', 'ERROR_FILE_NOT_FOUND'],
    ['Failed with error 0X800B010A.', '0x800B010A', 'CERT_E_CHAINING'],
    ['Exception from HRESULT: -2146762748', '0x800B0004', 'TRUST_E_SUBJECT_NOT_TRUSTED'],
    ['ErrorCode 2148204548', '0x800B0004', 'TRUST_E_SUBJECT_NOT_TRUSTED'],
    ['$LASTEXITCODE is -2147024891', '0x80070005', 'E_ACCESSDENIED'],
    ['e_accessdenied', '0x80070005', 'E_ACCESSDENIED'],
    ['cert_e_chaining when opening the site', '0x800B010A', 'CERT_E_CHAINING'],
    ['recv failed: WSAECONNRESET', '0x00002746', 'WSAECONNRESET'],
    ['app crashed with STATUS_ACCESS_VIOLATION', '0xC0000005', 'STATUS_ACCESS_VIOLATION'],
    ['0xD0000005', '0xD0000005', 'STATUS_ACCESS_VIOLATION'],
    ['error 5', '0x00000005', 'ERROR_ACCESS_DENIED'],
    ['error 0x5 when copying', '0x00000005', 'ERROR_ACCESS_DENIED'],
    ['msiexec exit code 1618', '0x00000652', 'ERROR_INSTALL_ALREADY_RUNNING'],
  ])('%j → %s', (text, code, name) => {
    const found = codeMatches(text);
    expect(found.map((m) => m.code)).toEqual([code]);
    expect(allNames(found[0]!)).toContain(name);
  });

  test('a lower-case Winsock name is a name too (symbolic names in any case)', () => {
    expect(codeMatches('socket error wsaeconnreset').map((m) => m.code)).toEqual(['0x00002746']);
  });
});

describe('Spanish and English prose', () => {
  test.each([
    ['La actualización falló con el código de error 0x80070002', '0x80070002'],
    ['Windows Update falló: error 0x8024402c, ¿qué hago?', '0x8024402C'],
    ['No puedo abrir la carpeta, me da hr=0x80070005 desde ayer', '0x80070005'],
    ['The update keeps failing with 0x800B0004 on three laptops since Monday', '0x800B0004'],
  ])('%j → %s', (text, code) => {
    expect(codeMatches(text).map((m) => m.code)).toEqual([code]);
  });

  test.each([
    ['código de error 1603', 1603, 'ERROR_INSTALL_FAILURE', '0x80070643'],
    ['Al instalar Office me sale el código 1603', 1603, 'ERROR_INSTALL_FAILURE', '0x80070643'],
    ['The installer returned 1603', 1603, 'ERROR_INSTALL_FAILURE', '0x80070643'],
    ['copy failed with error 5', 5, 'ERROR_ACCESS_DENIED', '0x80070005'],
  ])('%j is Win32 %i %s, HRESULT %s', (text, value, name, hr) => {
    const [m, ...rest] = codeMatches(text);
    expect(rest).toEqual([]);
    expect(m).toMatchObject({ kind: 'win32', value });
    expect(m!.names).toContain(name);
    expect(m!.hresult?.code).toBe(hr);
  });

  test('several codes in one paste are all found, each once', () => {
    const text = 'First 0x80070005, then 0x800B0004 twice (0x800b0004) and finally STATUS_ACCESS_VIOLATION; also c0000142';
    expect(hresultsIn(text)).toEqual(['0x80070005', '0x800B0004', '0xC0000005', '0xC0000142']);
    expect(codeMatches(text).find((m) => m.code === '0x800B0004')?.found).toEqual(['0x800B0004', '0x800b0004']);
  });
});

describe('log excerpts: every real code, nothing else', () => {
  test.each([
    ['windowsupdate.log', ['0x80072EFE', '0x8024402C', '0x800B0004']],
    ['cbs.log', ['0x80070490', '0x800F081F']],
    ['setupact.log', ['0x800704D3', '0xC1900101']],
    ['event-1000.txt', ['0xC0000005']],
  ])('%s', (file, codes) => {
    expect(hresultsIn(fixture(file))).toEqual([...codes].sort());
  });

  test('WindowsUpdate.log: the code repeated in three notations is one match, quoted as written', () => {
    const m = codeMatches(fixture('windowsupdate.log')).find((x) => x.code === '0x8024402C');
    expect(m?.names).toContain('WU_E_PT_WINHTTP_NAME_NOT_RESOLVED');
    expect(m?.found).toEqual(['8024402c', '8024402C', '0x8024402C']);
  });

  test('WindowsUpdate.log: 0x80072EFE shows both names of Win32 12030', () => {
    const m = codeMatches(fixture('windowsupdate.log')).find((x) => x.code === '0x80072EFE');
    expect(m?.win32?.names).toEqual(expect.arrayContaining(['ERROR_INTERNET_CONNECTION_ABORTED', 'ERROR_WINHTTP_CONNECTION_ERROR']));
  });

  test('Event Viewer 1000: the exception code is read as the NTSTATUS STATUS_ACCESS_VIOLATION', () => {
    const [m] = codeMatches(fixture('event-1000.txt'));
    expect(m).toMatchObject({ code: '0xC0000005', kind: 'ntstatus', names: ['STATUS_ACCESS_VIOLATION'] });
  });

  // sfc /scannow writes CSI lines numbered 00000001, 00000002…; those counters (and "flags =
  // 00000004") are not codes, though some equal success HRESULTs (dinput.h's DI_DOWNLOADSKIPPED 3,
  // DI_EFFECTRESTARTED 4; S_FALSE is 1).
  test('CBS.log from sfc: CSI line numbers and flags are not codes', () => {
    expect(hresultsIn(fixture('cbs-sfc.log'))).toEqual(['0x80073712']);
  });

  // Since Windows 10 a system DLL's "time stamp" is a build hash, so half of them have the top bit
  // set; it is still a time stamp, not an error.
  test('Event Viewer 1000: a module time stamp with the top bit set is not a code', () => {
    const text = fixture('event-1000.txt').replace('time stamp: 0x4a2b1c9e', 'time stamp: 0xa5c3a7d3');
    expect(hresultsIn(text)).toEqual(['0xC0000005']);
  });
});

describe('gaps closed: glued labels and codes nobody defines', () => {
  test.each([
    ['HRESULT:80070005', '0x80070005'],
    ['error:0x80070005', '0x80070005'],
    ['ExitCode=-1073741819', '0xC0000005'],
    ['process exited with code:-1073741819', '0xC0000005'],
    ['exit code:3221225477', '0xC0000005'],
  ])('%j → %s', (text, code) => {
    expect(codeMatches(text).map((m) => m.code)).toEqual([code]);
  });

  test.each([
    ['Error reading broker pipe: The pipe has been ended. (0x6D)', '0x0000006D'],
    ['robocopy: El sistema no puede encontrar el archivo especificado. (0x2)', '0x00000002'],
    ['读取失败：拒绝访问。 (0x5)', '0x00000005'],
  ])('a small hex number in brackets after a message is its Win32 error: %j', (text, code) => {
    expect(codeMatches(text).map((m) => m.code)).toContain(code);
    expect(codeMatches(text)[0]).toMatchObject({ code, kind: 'win32' });
  });

  test('an explicit 0x failure code that no header knows is returned, decoded and flagged unknown', () => {
    const [m] = codeMatches('Setup failed with 0x8FFE1234 on two machines');
    expect(m).toMatchObject({ code: '0x8FFE1234', kind: 'hresult', known: false, severity: 'error' });
    expect(m!.score).toBeLessThan(0.5);
  });

  test('"bugcheck C000021A" is the stop code, and the NTSTATUS of the same number ranks below it', () => {
    const [stop, status] = codeMatches('bugcheck C000021A');
    expect(stop).toMatchObject({ code: '0xC000021A', kind: 'bugcheck' });
    expect(status).toMatchObject({ code: '0xC000021A', kind: 'ntstatus', names: ['STATUS_SYSTEM_PROCESS_TERMINATED'] });
    expect(stop!.score).toBeGreaterThan(status!.score);
  });
});

describe('numbers that are not codes', () => {
  test.each([
    'Updated on 2024-01-15 at 10:22:33',
    'Sent 15/01/2024 10:22',
    'KB5034441 will not install',
    'we are on build 19045.3803',
    'version 10.0.19045.3803',
    'the download is 123456789 bytes',
    'the cache is 1,234,567 KB',
    'device {6F9619FF-8B86-D011-B42D-00C04FC964FF}',
    'Report Id: 6f9619ff-8b86-d011-b42d-00c04fc964ff',
    'status 42',
    'ticket 123456 from room 204',
    'IP 192.168.1.10 port 8080',
    'C:\\Windows\\Logs\\CBS\\CBS.log',
    'es la versión 22H2, compilación 19045.3803, del 15/01/2024',
    'error 0',
    'exit code 0x0',
    'the code 0x12345678 is not a failure',
    'we shipped 3 boxes (0x10) today',
    'flags (0x2) and mask (0x5) are set',
  ])('%j', (text) => {
    expect(codeMatches(text)).toEqual([]);
  });
});

describe('input limits', () => {
  test('an input over 28 KB gets "too-large", without throwing', () => {
    const log = fixture('windowsupdate.log');
    const text = log.repeat(Math.ceil((MAX_INPUT_CHARS + 1) / log.length));
    expect(text.length).toBeGreaterThan(28 * 1024);
    const r = lookup(engine, text);
    expect(r.problem).toEqual({ kind: 'too-large', limit: MAX_INPUT_CHARS, length: text.length });
    expect(r.matches).toEqual([]);
  });

  test('an input of exactly the limit is read, up to its last code', () => {
    const tail = 'error 0x800B0004';
    const text = ' '.repeat(MAX_INPUT_CHARS - tail.length) + tail;
    const r = lookup(engine, text);
    expect(r.problem).toBeUndefined();
    expect(r.matches[0]?.code).toBe('0x800B0004');
  });

  test.each(['', '   ', '\n\t \r\n'])('%j gets "empty"', (text) => {
    expect(lookup(engine, text)).toEqual({ matches: [], problem: { kind: 'empty' } });
  });
});
