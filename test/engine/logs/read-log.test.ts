// Log files as users send them: the reader is picked from the first lines, and the finding names
// the decisive code, what failed, and the lines (with their numbers) a helpdesk agent would read.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { detectingLogReader, readLog, type LogFinding } from '../../../src/engine/logs/read-log';

const fixture = (name: string) => readFileSync(join(__dirname, '..', '..', 'fixtures', name), 'utf8');
const read = (name: string): LogFinding => {
  const f = readLog(fixture(name));
  if (!f) throw new Error(`${name}: no reader`);
  return f;
};

describe('the decisive failure of each kind of log', () => {
  // [fixture, kind, code to triage, what failed (part of it), decisive line numbers]
  test.each([
    ['cbs.log', 'cbs', '0x800F081F', 'Microsoft-Windows-NetFx3-OnDemand-Package~31bf3856ad364e35~amd64~~10.0.19041.3803', [3, 4]],
    ['logs/dism.log', 'dism', '0x800F081F', null, [6, 7]],
    ['windowsupdate.log', 'windowsupdate', '0x8024402C', null, [5, 6, 7, 8, 9]],
    ['setupact.log', 'setup', '0xC1900101', 'Setup failed: 0xC1900101 - 0x4000D', [4, 6, 7]],
    ['logs/setuperr.log', 'setup', '0x80070070', 'Setup failed: 0x80070070 - 0x2000D', [4, 7, 8]],
    ['logs/msi-service.log', 'msi', 'error 1603', 'InstallFinalize', [16, 17]],
    ['logs/msi-custom-action.log', 'msi', 'error 1638', 'CA_RegisterPlugin', [5, 6]],
    ['event-1000.txt', 'event-text', '0xC0000005', null, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14]],
    ['logs/event-list-es.txt', 'event-text', '0x800F0922', null, [3]],
    ['logs/event-list.csv', 'event-csv', '0xC0000005', null, [5, 6, 7, 8]],
    ['logs/event-list.xml', 'event-xml', '0x80073712', null, [2]],
  ])('%s → %s, %s', (name, kind, code, subject, lines) => {
    const f = read(name);
    expect(f.kind).toBe(kind);
    expect(f.failed).toBe(true);
    expect(f.code).toBe(code);
    if (subject) expect(f.subject).toContain(subject);
    expect(f.decisive.map((l) => l.n)).toEqual(lines);
  });

  test('each decisive line is the text of that line of the file', () => {
    const text = fixture('logs/msi-service.log').split('\n');
    for (const l of read('logs/msi-service.log').decisive) expect(text[l.n - 1]).toBe(l.text);
  });

  test('MSI: the error just above "Return value 3" is the one shown, not an earlier warning', () => {
    const f = read('logs/msi-service.log');
    expect(f.decisive[0]!.text).toContain("Error 1920. Service 'Contoso Agent' (ContosoAgent) failed to start.");
    expect(f.decisive.some((l) => /Warning 1910/.test(l.text))).toBe(false);
  });
});

describe('the failure that matters on realistic logs', () => {
  const cbsLine = (level: string, text: string) => `2024-03-0${level === 'Error' ? 2 : 1} 10:40:13, ${level.padEnd(22)}CBS    ${text}`;

  test('WindowsUpdate.log: the routine proxy-token *FAILED* that opens a session is passed over for the real one', () => {
    const f = readLog(
      [
        '2025/10/16 18:39:46.9594277 6536  6560  Agent           WU client version 10.0.19041.2913',
        '2025/10/16 18:39:47.3498804 6536  6644  Misc            *FAILED* [800703F0] Failed to get proxy settings token, not impersonating user',
        '2025/10/16 18:39:47.3667887 6536  6644  SLS             Making request with URL HTTPS://slscr.update.microsoft.com/SLS/x and send SLS events.',
        '2025/10/16 18:41:02.1000001 6536  6700  WebServices     WS error: There was an error communicating with the endpoint',
        '2025/10/16 18:41:02.1000002 6536  6700  ProtocolTalker  *FAILED* [80072EFE] Method failed [CClientWebService::SyncUpdates]',
        '2025/10/16 18:41:02.1000003 6536  6700  Agent           Exit code = 0x80072EFE',
      ].join('\n'),
    )!;
    expect(f).toMatchObject({ kind: 'windowsupdate', failed: true, code: '0x80072EFE' });
    expect(f.decisive.map((l) => l.n)).toEqual([4, 5]);
  });

  test('CBS.log of a healthy machine (a real, public sample): Info lines with codes are no failure', () => {
    expect(read('logs/cbs-loghub-healthy.log')).toMatchObject({ kind: 'cbs', failed: false, code: null });
  });

  test('CBS.log: the last session\'s failure is the one reported, not an older one higher up', () => {
    const f = readLog(
      [
        cbsLine('Info', 'Session: 31048563_2187412395 initialized by client DISM Package Manager Provider.'),
        cbsLine('Error', 'Failed to perform operation.  [HRESULT = 0x800f081f - CBS_E_SOURCE_MISSING]'),
        cbsLine('Info', 'Session: 31048600_1111111111 initialized by client WindowsUpdateAgent.'),
        cbsLine('Info', 'Exec: Processing started.  Client: WindowsUpdateAgent, Package: Package_for_KB5034441~31bf3856ad364e35~amd64~~19041.3920.1.7'),
        cbsLine('Info', 'Failed to execute advanced installer [HRESULT = 0x800f0922 - CBS_E_INSTALLERS_FAILED]'),
        cbsLine('Error', 'Failed to perform operation.  [HRESULT = 0x800f0922 - CBS_E_INSTALLERS_FAILED]'),
      ].join('\n'),
    )!;
    expect(f).toMatchObject({ failed: true, code: '0x800F0922', subject: 'Package_for_KB5034441~31bf3856ad364e35~amd64~~19041.3920.1.7' });
    expect(f.decisive.map((l) => l.n)).toEqual([5, 6]);
  });

  test('CBS.log: the Windows Error Reporting line names the package and its status', () => {
    const f = readLog(
      [
        cbsLine('Info', 'Session: 31048600_1111111111 initialized by client WindowsUpdateAgent.'),
        cbsLine('Info', 'WER: Generating failure report for package: Package_for_RollupFix~31bf3856ad364e35~amd64~~19041.3930.1.1, status: 0x800f0922, failure source: Execute, start state: Staged, target state: Installed, client id: UpdateAgentLCU'),
      ].join('\n'),
    )!;
    expect(f).toMatchObject({ failed: true, code: '0x800F0922', subject: 'Package_for_RollupFix~31bf3856ad364e35~amd64~~19041.3930.1.1' });
  });

  test('an MSI verbose log written in Spanish: the action that returned 3 and the error above it', () => {
    const f = readLog(
      [
        '=== Registro detallado iniciado: 15/01/2024  10:22:30  Compilación: 5.0.19041.1 ===',
        'MSI (s) (D8:3C) [10:22:35:100]: Producto: Contoso Agent -- Error 1920. Error al iniciar el servicio.',
        "Error 1920. Error al iniciar el servicio 'Contoso Agent' (ContosoAgent).",
        'Acción finalizada 10:22:35: InstallFinalize. Valor devuelto 3.',
        'MSI (s) (D8:3C) [10:22:36:000]: Windows Installer instaló el producto. Nombre de producto: Contoso Agent. Estado de error o éxito de la instalación: 1603.',
      ].join('\n'),
    )!;
    expect(f).toMatchObject({ kind: 'msi', failed: true, code: 'error 1603', subject: 'InstallFinalize' });
    expect(f.decisive.map((l) => l.n)).toEqual([3, 4]);
  });
});

describe('a log with no failure', () => {
  test('says so and gives the last warning lines', () => {
    const f = read('logs/cbs-clean.log');
    expect(f).toMatchObject({ kind: 'cbs', failed: false, code: null });
    expect(f.warnings.map((l) => l.n)).toEqual([3, 5]);
  });

  test('a text that is no log of a kind we read gives no reader', () => {
    expect(readLog('Dear helpdesk,\nmy computer is slow.\n')).toBeNull();
  });
});

describe('streaming', () => {
  test('a long log is read line by line and finds the failure near its end', () => {
    const r = detectingLogReader();
    const filler = '2024-01-15 10:40:12, Info                  CBS    Exec: Processing started.  Client: WindowsUpdateAgent';
    for (let i = 0; i < 200_000; i++) r.push(filler);
    r.push('2024-01-15 10:40:13, Error                 CBS    Failed to perform operation.  [HRESULT = 0x800f0922 - CBS_E_INSTALLERS_FAILED]');
    const f = r.finish()!;
    expect(f.code).toBe('0x800F0922');
    expect(f.decisive.map((l) => l.n)).toEqual([200_001]);
    expect(f.lines).toBe(200_001);
  });

  test('a line megabytes long is cut for display', () => {
    const f = readLog(`2024-01-15 10:40:13, Error                 CBS    Failed [HRESULT = 0x800f0922] ${'x'.repeat(3_000_000)}`)!;
    expect(f.code).toBe('0x800F0922');
    expect(f.decisive[0]!.text.length).toBeLessThan(500);
  });
});
