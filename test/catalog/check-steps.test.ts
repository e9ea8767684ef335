// Each step rule of catalog:check, on a small bad article: the rule names the file, the cause, the
// step and the command, and the corrected article passes. The dictionary is the real one.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { buildCommandDictionary } from '../../src/engine/catalog/command-dictionary';
import {
  checkCauseReferences,
  checkCommandFlags,
  checkCommandsKnown,
  checkGroupPolicySteps,
  checkRecordedBeforeOverwrite,
  checkSameCommandSameFlags,
  checkStepsInSpanish,
} from '../../src/engine/catalog/check-steps';
import { articleSchema, commandSchema, type Article } from '../../src/engine/catalog/schema';

const root = join(__dirname, '..', '..');
const { dictionary } = buildCommandDictionary(
  readdirSync(join(root, 'catalog/commands')).map((f) => commandSchema.parse(parse(readFileSync(join(root, 'catalog/commands', f), 'utf8')))),
);

type StepIn = { title: string; run?: string | string[]; shell?: 'cmd' | 'powershell'; admin?: boolean; registry?: boolean; risk?: 'safe' | 'changes-system' | 'destructive'; undo?: string };
const text = (en: string) => ({ en, es: en });

/** A two-cause article whose first cause has the given steps (the second is a harmless check). */
function article(id: string, steps: StepIn[], extra: { references?: number; causeRefs?: (number | string)[] } = {}): Article {
  const toStep = (s: StepIn) => ({
    title: text(s.title),
    why: text('Because.'),
    commands: (Array.isArray(s.run) ? s.run : s.run ? [s.run] : []).map((run) => ({ shell: s.shell ?? 'cmd', run })),
    admin: s.admin ?? false,
    registry: s.registry ?? false,
    risk: s.risk ?? 'safe',
    verify: text('It worked.'),
    ...(s.risk && s.risk !== 'safe' ? { warning: text('Careful.'), undo: text(s.undo ?? 'Go back.') } : {}),
  });
  const refs = Array.from({ length: extra.references ?? 1 }, (_, i) => ({ title: `Page ${i}`, url: `https://learn.microsoft.com/page-${i}` }));
  return articleSchema.parse({
    id,
    codes: [{ code: '0x80070005', names: [] }],
    title: text('Title'),
    summary: text('Summary.'),
    appearsIn: ['network'],
    aliases: { en: ['alias'], es: ['alias'] },
    causes: [
      { id: 'first', title: text('First'), description: text('d'), prior: 0.5, references: extra.causeRefs ?? [], steps: steps.map(toStep) },
      { id: 'second', title: text('Second'), description: text('d'), prior: 0.5, references: extra.causeRefs ?? [], steps: [toStep({ title: 'Look', run: 'whoami' })] },
    ],
    references: refs,
  });
}

test('a command the dictionary lacks, or used in a shell it does not list, is named with its file, cause and step', () => {
  const a = article('unknown-command', [{ title: 'Look', run: 'frobnicate /all' }, { title: 'List', run: 'Get-Service | Sort-Object Name', shell: 'cmd' }]);
  expect(checkCommandsKnown([a], dictionary)).toEqual([
    'catalog/articles/unknown-command.yaml: causes.0 (first) steps.0: `frobnicate /all`: "frobnicate" is not in the command dictionary (add catalog/commands/frobnicate.yaml)',
    'catalog/articles/unknown-command.yaml: causes.0 (first) steps.1: `Get-Service`: get-service is listed for powershell, not cmd',
    'catalog/articles/unknown-command.yaml: causes.0 (first) steps.1: `Sort-Object Name`: sort-object is listed for powershell, not cmd',
  ]);
});

test('chkdsk C: /scan flagged safe is caught: /scan can repair, so it is not read-only (the file-corrupt finding)', () => {
  const bad = article('file-corrupt', [{ title: 'Scan the disk', run: 'chkdsk C: /scan', admin: true }]);
  expect(checkCommandFlags([bad], dictionary)).toEqual([
    'catalog/articles/file-corrupt.yaml: causes.0 (first) steps.0: `chkdsk C: /scan`: is changes-system (catalog/commands/chkdsk.yaml), the step says risk: safe',
  ]);
  // A bare chkdsk only reads; a step that runs it without admin is still wrong.
  const noAdmin = article('file-corrupt', [{ title: 'Read the disk', run: 'chkdsk C:' }]);
  expect(checkCommandFlags([noAdmin], dictionary)).toEqual([
    'catalog/articles/file-corrupt.yaml: causes.0 (first) steps.0: `chkdsk C:`: needs admin (catalog/commands/chkdsk.yaml), the step says admin: false',
  ]);
  expect(checkCommandFlags([article('file-corrupt', [{ title: 'Read', run: 'chkdsk C:', admin: true }])], dictionary)).toEqual([]);
});

test('registry writes and PowerShell verbs that change are flagged from the dictionary, through pipes and script blocks', () => {
  const a = article('flags', [
    { title: 'Look', run: 'reg query "HKLM\\SOFTWARE\\X" /v Y' },
    { title: 'Set', run: 'reg add "HKCU\\Software\\X" /v Y /d 1 /f', risk: 'changes-system' },
    { title: 'Stop it', run: "Get-Process -Name x | ForEach-Object { Stop-Process -Id $_.Id }", shell: 'powershell' },
    { title: 'Slmgr', run: 'cscript //nologo %windir%\\system32\\slmgr.vbs /skms kms.contoso.com:1688' },
  ]);
  expect(checkCommandFlags([a], dictionary)).toEqual([
    'catalog/articles/flags.yaml: causes.0 (first) steps.1: `reg add "HKCU\\Software\\X" /v Y /d 1 /f`: writes the registry (catalog/commands/reg.yaml), the step says registry: false',
    'catalog/articles/flags.yaml: causes.0 (first) steps.2: `Stop-Process -Id $_.Id`: is changes-system (catalog/commands/stop-process.yaml), the step says risk: safe',
    'catalog/articles/flags.yaml: causes.0 (first) steps.3: `cscript //nologo %windir%\\system32\\slmgr.vbs /skms kms.contoso.com:1688`: needs admin (catalog/commands/slmgr.yaml), the step says admin: false',
    'catalog/articles/flags.yaml: causes.0 (first) steps.3: `cscript //nologo %windir%\\system32\\slmgr.vbs /skms kms.contoso.com:1688`: is changes-system (catalog/commands/slmgr.yaml), the step says risk: safe',
  ]);
});

test('ipconfig /flushdns flagged two ways in two articles is caught (the review found three)', () => {
  const a = article('dns-one', [{ title: 'Flush', run: 'ipconfig /flushdns', admin: true }]);
  const b = article('dns-two', [{ title: 'Flush', run: 'ipconfig  /FlushDNS', admin: true, risk: 'changes-system' }]);
  expect(checkSameCommandSameFlags([a, b])).toEqual([
    'catalog/articles/dns-two.yaml: causes.0 (first) steps.0: `ipconfig  /FlushDNS`: flagged admin: true, registry: false, risk: changes-system, but catalog/articles/dns-one.yaml: causes.0 (first) steps.0 flags the same command admin: true, registry: false, risk: safe',
  ]);
  expect(checkSameCommandSameFlags([a, article('dns-two', [{ title: 'Flush', run: 'ipconfig /flushdns', admin: true }])])).toEqual([]);
});

test('a step asking for a GPO change is not safe (the wu-name-not-resolved and wu-http-not-found finding); reading applied policy is', () => {
  const bad = article('wu-http-not-found', [
    { title: 'List the Group Policy objects applied', run: 'gpresult /scope computer /h "%TEMP%\\gp.html"', admin: true },
    { title: 'Correct the WSUS address in the GPO' },
  ]);
  expect(checkGroupPolicySteps([bad])).toEqual([
    'catalog/articles/wu-http-not-found.yaml: causes.0 (first) steps.1: "Correct the WSUS address in the GPO": changing a Group Policy object changes every machine it reaches, so the step cannot be safe (use changes-system and say so in the warning)',
  ]);
  const good = article('wu-http-not-found', [{ title: 'Correct the WSUS address in the GPO', risk: 'changes-system' }]);
  expect(checkGroupPolicySteps([good])).toEqual([]);
});

test('an overwrite whose undo cites a value no step recorded is caught (the WinHTTP proxy, page file and root store findings)', () => {
  const proxy = article('proxy', [
    { title: 'Show the proxy', run: 'netsh winhttp show proxy' },
    { title: 'Copy the user proxy', run: 'netsh winhttp import proxy source=ie', admin: true, risk: 'changes-system', undo: 'Set the previous proxy back.' },
  ]);
  expect(checkRecordedBeforeOverwrite([proxy], dictionary)).toEqual([
    'catalog/articles/proxy.yaml: causes.0 (first) steps.1: `netsh winhttp import proxy source=ie`: overwrites a setting, but no earlier safe step of this cause records the current value to a file (for example reg export, or "netsh winhttp show proxy > %TEMP%\\proxy-before.txt")',
  ]);
  const recordedButUnused = article('proxy', [
    { title: 'Record the proxy', run: 'netsh winhttp show proxy > "%TEMP%\\winhttp-proxy-before.txt"' },
    { title: 'Copy the user proxy', run: 'netsh winhttp import proxy source=ie', admin: true, risk: 'changes-system', undo: 'Set the previous proxy back.' },
  ]);
  expect(checkRecordedBeforeOverwrite([recordedButUnused], dictionary)).toEqual([
    'catalog/articles/proxy.yaml: causes.0 (first) steps.1: `netsh winhttp import proxy source=ie`: the undo must use the record an earlier step made (winhttp-proxy-before.txt)',
  ]);
  const good = article('proxy', [
    { title: 'Record the proxy', run: 'netsh winhttp show proxy > "%TEMP%\\winhttp-proxy-before.txt"' },
    { title: 'Copy the user proxy', run: 'netsh winhttp import proxy source=ie', admin: true, risk: 'changes-system', undo: 'Read winhttp-proxy-before.txt and set that proxy again with netsh winhttp set proxy.' },
  ]);
  expect(checkRecordedBeforeOverwrite([good], dictionary)).toEqual([]);
  // The page file: Set-CimInstance overwrites; the record is the exported setting.
  const pageFile = article('page-file', [
    { title: 'Record the page file', run: "Get-CimInstance Win32_ComputerSystem | Select-Object AutomaticManagedPagefile | Export-Clixml \"$env:TEMP\\pagefile-before.xml\"", shell: 'powershell' },
    { title: 'Let Windows manage it', run: 'Get-CimInstance Win32_ComputerSystem | Set-CimInstance -Property @{AutomaticManagedPagefile=$true}', shell: 'powershell', admin: true, risk: 'changes-system', undo: 'Restore it.' },
  ]);
  expect(checkRecordedBeforeOverwrite([pageFile], dictionary)).toEqual([
    'catalog/articles/page-file.yaml: causes.0 (first) steps.1: `Set-CimInstance -Property @`: the undo must use the record an earlier step made (pagefile-before.xml)',
  ]);
  // A placeholder such as '<adapter-name>' holds a > that is not a redirection; the record still counts.
  const dns = article('dns', [
    { title: 'Record the DNS servers', run: "Get-DnsClientServerAddress -InterfaceAlias '<adapter-name>' | Out-File \"$env:TEMP\\dns-servers-before.txt\"", shell: 'powershell', admin: true },
    { title: 'Go back to automatic DNS', run: "Set-DnsClientServerAddress -InterfaceAlias '<adapter-name>' -ResetServerAddresses", shell: 'powershell', admin: true, risk: 'changes-system', undo: 'Set the servers in dns-servers-before.txt again.' },
  ]);
  expect(checkRecordedBeforeOverwrite([dns], dictionary)).toEqual([]);
  // A recording step that changes something does not count: records come from safe steps.
  const rootStore = article('root-store', [
    { title: 'Export and add', run: ['certutil -store Root > "%TEMP%\\root-before.txt"', 'certutil -addstore Root "C:\\x.cer"'], admin: true, risk: 'changes-system', undo: 'Compare with root-before.txt.' },
  ]);
  expect(checkRecordedBeforeOverwrite([rootStore], dictionary)).toHaveLength(1);
});

test('a cause without a reference is rejected: none on the article, or several without the cause naming one', () => {
  expect(checkCauseReferences([article('no-refs', [{ title: 'Look', run: 'whoami' }], { references: 0 })])).toEqual([
    'catalog/articles/no-refs.yaml: references: cite the Microsoft page(s) the causes and steps come from',
  ]);
  expect(checkCauseReferences([article('two-refs', [{ title: 'Look', run: 'whoami' }], { references: 2 })])).toEqual([
    'catalog/articles/two-refs.yaml: causes.0 (first): references: name the article reference(s) this cause follows (an index from 0 to 1, or the URL)',
    'catalog/articles/two-refs.yaml: causes.1 (second): references: name the article reference(s) this cause follows (an index from 0 to 1, or the URL)',
  ]);
  expect(checkCauseReferences([article('bad-index', [{ title: 'Look', run: 'whoami' }], { references: 2, causeRefs: [2, 'https://learn.microsoft.com/page-1'] })])).toEqual([
    'catalog/articles/bad-index.yaml: causes.0 (first): references.0: 2 is not one of the article\'s references',
    'catalog/articles/bad-index.yaml: causes.1 (second): references.0: 2 is not one of the article\'s references',
  ]);
  expect(checkCauseReferences([article('one-ref', [{ title: 'Look', run: 'whoami' }])])).toEqual([]);
});

test('a step with English-only text is named with the fields that lack Spanish', () => {
  const a = article('english-only', [{ title: 'Look', run: 'whoami' }]);
  const step = a.causes[0]!.steps[0]!;
  a.causes[0]!.steps[0] = { ...step, why: { en: 'Because.' }, verify: { en: 'It worked.' } };
  expect(checkStepsInSpanish([a])).toEqual(['catalog/articles/english-only.yaml: causes.0 (first) steps.0: "Look": no Spanish for why, verify']);
  expect(checkStepsInSpanish([article('bilingual', [{ title: 'Look', run: 'whoami' }])])).toEqual([]);
});
