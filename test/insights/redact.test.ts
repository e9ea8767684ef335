// What a kept sample may and may not contain: people, machines and networks go; error codes,
// KB numbers, file names, versions and public update endpoints stay.
import { redact } from '../../src/insights/redact';

test.each([
  // user names in profile paths
  ['C:\\Users\\jdoe\\AppData\\Local\\Temp\\setup.log', 'C:\\Users\\[user]\\AppData\\Local\\Temp\\setup.log'],
  ['c:/users/maria.garcia/Downloads/x.msi', 'c:/users/[user]/Downloads/x.msi'],
  ['C:\\Documents and Settings\\jdoe\\ntuser.dat', 'C:\\Documents and Settings\\[user]\\ntuser.dat'],
  ['/home/jdoe/.wine and /Users/ana/Library', '/home/[user]/.wine and /Users/[user]/Library'],
  ['C:\\Users\\Maria Garcia\\AppData\\Local\\Temp\\setup.log', 'C:\\Users\\[user]\\AppData\\Local\\Temp\\setup.log'],
  ['"C:\\Users\\José Luis Pérez\\OneDrive - Contoso\\x.docx" is locked', '"C:\\Users\\[user]\\OneDrive - Contoso\\x.docx" is locked'],
  ['profile C:\\Users\\jdoe failed to load: 0x80070003', 'profile C:\\Users\\[user] failed to load: 0x80070003'],
  // Event Viewer's labelled fields (English and Spanish), with its empty values kept
  ['Event ID: 7000\nUser: N/A\nComputer: FIN-PC042\nLevel: Error', 'Event ID: 7000\nUser: N/A\nComputer: [host]\nLevel: Error'],
  ['Account Name:\t\tmaria.garcia\nAccount Domain:\t\tCONTOSO', 'Account Name:\t\t[user]\nAccount Domain:\t\t[domain]'],
  ['Workstation Name: PC-RRHH-07 Source Network Address: fe80::1 Logon Type: 3', 'Workstation Name: [host] Source Network Address: [ip] Logon Type: 3'],
  ['Workstation Name: - Source Network Address: -', 'Workstation Name: - Source Network Address: -'],
  ['Nombre de cuenta: mgarcia Dominio de cuenta: CONTOSO Equipo: FIN-PC042', 'Nombre de cuenta: [user] Dominio de cuenta: [domain] Equipo: [host]'],
  // e-mail addresses
  ['Signed in as john.doe+it@contoso.co.uk, failed', 'Signed in as [email], failed'],
  // machine and domain names
  ['Cannot reach \\\\SRV01\\share\\drivers\\x.inf', 'Cannot reach \\\\[host]\\[path]'],
  ['logon CONTOSO\\jdoe failed', 'logon [domain]\\[user] failed'],
  ['proxy.corp.contoso.com refused the connection', '[host] refused the connection'],
  ['KMS host kms01.contoso.local: 0xC004F074', 'KMS host [host]: 0xC004F074'],
  ['on DESKTOP-4F2K9QX since Monday', 'on [host] since Monday'],
  ['acceso denegado (equipo PC-RRHH-07)', 'acceso denegado (equipo [host])'],
  ['the machine FIN-PC042 cannot join', 'the machine [host] cannot join'],
  // host names under any ending: in a URL always, otherwise when three or more parts
  ['server https://outlook.contoso.xyz/owa and http://intranet:8080/x', 'server https://[host]/owa and http://[host]:8080/x'],
  ['fin-pc042.contoso.app and FS01.CORP.EXAMPLE are down', '[host] and [host] are down'],
  ['portal.firma.cz, shop.example.tw and api.contoso.dev', '[host], [host] and [host]'],
  // addresses
  ['from 10.20.30.40 to 192.168.1.254', 'from [ip] to [ip]'],
  ['fe80::1c2b:3ff:fe4d:5e6f%12 and 2001:0db8:85a3:0000:0000:8a2e:0370:7334', '[ip] and [ip]'],
  // device GUIDs and SIDs
  ['Device {6F9619FF-8B86-D011-B42D-00C04FC964FF} failed', 'Device {[guid]} failed'],
  ['SID S-1-5-21-3623811015-3361044348-30300820-1013 denied', 'SID [sid] denied'],
])('%s', (input, expected) => {
  expect(redact(input)).toBe(expected);
});

test.each([
  'Installation failed with error 0x80070005 (E_ACCESSDENIED)',
  'KB5034441 failed: 0x80070643',
  'Exit code = 0x800F081F at 10:00:01.123 in CBS.log and setupact.log',
  'C:\\Windows\\System32\\drivers\\etc\\hosts and %windir%\\SoftwareDistribution\\Download',
  'build 10.0.19045.3803, version 2.0.1',
  'https://ctldl.windowsupdate.com/msdownload/update/v3/static/trustedr/en/authrootstl.cab timed out',
  'STATUS_ACCESS_VIOLATION 0xC0000005 in ntdll.dll, std::bad_alloc',
  'Microsoft.Windows.Common.dll, setup.exe.config and System.Net.Http.HttpRequestException: 0x80072EE2',
  'Windows Server 2019 and Windows Server 2012 R2: restart the computer: KB5005565',
  'https://login.microsoftonline.com/common/oauth2 returned AADSTS50076',
])('kept as is: %s', (input) => {
  expect(redact(input)).toBe(input);
});

test('28 KB of repeated separators comes back unchanged (and within the test timeout: no pattern backtracks)', () => {
  const hostile = ['a.'.repeat(14_000), ':'.repeat(28_000), '\\'.repeat(28_000), '1.'.repeat(14_000)].join(' ');
  expect(redact(hostile)).toBe(hostile);
});
