// What a step's command line runs, as the dictionary check sees it: every program and cmdlet, and
// nothing that is only an expression (a string, a .NET call, a hashtable entry).
import { invocationsOf } from '../../src/engine/catalog/command-line';

const names = (run: string, shell: 'cmd' | 'powershell') => invocationsOf(run, shell).map((i) => (i.args ? `${i.name} ${i.args}` : i.name));

test.each([
  ['cmd', 'whoami /groups | findstr /i "S-1-5-32-544"', ['whoami /groups', 'findstr /i "S-1-5-32-544"']],
  ['cmd', 'mkdir C:\\Temp\\x && tar -xf "a.zip" -C C:\\Temp\\x', ['mkdir C:\\Temp\\x', 'tar -xf "a.zip" -C C:\\Temp\\x']],
  ['cmd', 'net stop bits & net start bits', ['net stop bits', 'net start bits']],
  ['cmd', 'netsh winhttp show proxy > "%TEMP%\\p.txt" 2>&1', ['netsh winhttp show proxy > "%TEMP%\\p.txt" 2>&1']],
  ['cmd', 'cscript //nologo %windir%\\system32\\slmgr.vbs /dlv', ['slmgr /dlv']],
  ['cmd', '"%ProgramFiles%\\Windows Defender\\MpCmdRun.exe" -SignatureUpdate', ['mpcmdrun -SignatureUpdate']],
  ['cmd', 'icacls "C:\\f" /grant *S-1-5-32-544:(OI)(CI)F /t', ['icacls "C:\\f" /grant *S-1-5-32-544:(OI)(CI)F /t']],
  ['cmd', 'start outlook.exe /safe', ['start outlook.exe /safe', 'outlook /safe']],
  ['cmd', 'start ms-settings:windowsupdate', ['start ms-settings:windowsupdate']],
  ['powershell', "Get-Service wuauserv | Select-Object Name, Status", ['get-service wuauserv', 'select-object Name, Status']],
  ['powershell', "$sig = Get-AuthenticodeSignature -FilePath 'a.exe'; $sig.Status", ["get-authenticodesignature -FilePath 'a.exe'"]],
  ['powershell', "Get-Process | Where-Object { $_.Path -like '*x*' } | ForEach-Object { Stop-Process -Id $_.Id }", ['get-process', 'where-object', 'foreach-object', 'stop-process -Id $_.Id']],
  ['powershell', "Get-WinEvent -FilterHashtable @{ LogName = 'System'; StartTime = (Get-Date).AddDays(-1) }", ['get-winevent -FilterHashtable @', 'get-date']],
  ['powershell', "'a.com', 'b.com' | ForEach-Object { Test-NetConnection -ComputerName $_ -Port 443 }", ['foreach-object', 'test-netconnection -ComputerName $_ -Port 443']],
  ['powershell', "$b=[IO.File]::ReadAllBytes('x'); '{0:X4}' -f [BitConverter]::ToUInt16($b,4)", []],
  ['powershell', "& \"C:\\Tools\\SetupDiag.exe\" /Output:C:\\r.log", ['setupdiag /Output:C:\\r.log']],
  ['powershell', "Select-String -Path x.log -Pattern 'a|b;c'", ["select-string -Path x.log -Pattern 'a|b;c'"]],
] as const)('[%s] %s', (shell, run, expected) => {
  expect(names(run, shell)).toEqual(expected);
});
