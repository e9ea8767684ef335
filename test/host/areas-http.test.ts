// Issue 13's areas, end to end over HTTP against the real bot: a paste as a user would send it from
// each area reaches the right article (its title is on the identification card), and once the
// questions are answered, the first step shown for the most likely cause is a safe one.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { articleSchema, type Article } from '../../src/engine/catalog/schema';
import { projectRoot } from '../../src/node/load-engine';
import { activity, post, startTestBot, submits, type PostResult, type TestBot } from '../support/bot-server';

interface Row {
  area: string;
  article: string;
  paste: string;
}

// One real-shaped paste per area (the text Windows or the app shows, the way users copy it). Blue
// screens are found through the stop code's name: with the whole blue screen sentence ("...We're
// just collecting some error info...") the generic stop-error article wins here, until the stop
// code extraction on main picks the specific one.
const rows: Row[] = [
  { area: 'blue screens', article: 'bsod-memory-management', paste: 'Blue screen on boot, stop code: MEMORY_MANAGEMENT' },
  { area: 'Outlook', article: 'outlook-cannot-connect-to-server', paste: "Sending' reported error (0x800CCC0E): 'Outlook cannot connect to your outgoing (SMTP) e-mail server. If you continue to receive this message, contact your server administrator or Internet service provider (ISP).'" },
  { area: 'OneDrive', article: 'onedrive-signin-8004de40', paste: 'There was a problem connecting to OneDrive. Check your Internet connection, and then try again. (Error Code: 0x8004de40)' },
  { area: 'Teams', article: 'teams-signin-caa20004', paste: 'Teams says "We couldn\'t sign you in" error code caa20004' },
  { area: 'Microsoft 365 activation', article: 'office-activation-8004fc12', paste: "Something went wrong and we can't do this for you right now. Please try again later. (0x8004FC12)" },
  { area: 'VPN', article: 'vpn-error-809', paste: 'The network connection between your computer and the VPN server could not be established because the remote server is not responding. Error 809' },
  { area: 'Remote Desktop', article: 'rdp-credssp-oracle', paste: 'An authentication error has occurred. The function requested is not supported. Remote computer: srv-app01. This could be due to CredSSP encryption oracle remediation.' },
  { area: 'printing', article: 'print-connect-0x11b', paste: 'Windows cannot connect to the printer. Operation failed with error 0x0000011b.' },
  { area: 'file shares', article: 'share-network-path-not-found', paste: 'Error code: 0x80070035 The network path was not found. when opening \\\\fileserver\\projects' },
  { area: 'BitLocker', article: 'bitlocker-key-not-accepted', paste: 'manage-bde -unlock D: -rp says ERROR: An error occurred (code 0x80310027): The volume cannot be unlocked with the provided information.' },
  { area: 'Windows Hello', article: 'hello-pin-unavailable', paste: "Something went wrong and your PIN isn't available. Click to set up your PIN again." },
  { area: 'Defender', article: 'defender-remediation-incomplete', paste: 'Microsoft Defender Antivirus: threat action failed, error 0x80508022 ERR_MP_REBOOT_REQUIRED' },
  { area: 'Autopilot and Intune', article: 'enrollment-device-already-enrolled', paste: 'Something went wrong. The device is already enrolled. You can contact your system administrator with the error code 8018000a.' },
  { area: 'Store and AppX', article: 'appx-packages-in-use', paste: 'Add-AppxPackage : Deployment failed with HRESULT: 0x80073D02, The package could not be installed because resources it modifies are currently in use.' },
  { area: 'WSL and Hyper-V', article: 'wsl-virtualization-unavailable', paste: 'Installing, this may take a few minutes... WslRegisterDistribution failed with error: 0x80370102 Please enable the Virtual Machine Platform Windows feature and ensure virtualization is enabled in the BIOS.' },
  { area: 'Windows Installer', article: 'msi-another-version-installed', paste: 'Another version of this product is already installed. Installation of this version cannot continue. To configure or remove the existing version of this product, use Add/Remove Programs on the Control Panel. (1638)' },
  { area: 'Event Viewer: logon 4625', article: 'logon-wrong-password', paste: 'An account failed to log on. Logon Type: 3 Failure Information: Failure Reason: Unknown user name or bad password. Status: 0xC000006D Sub Status: 0xC000006A' },
  { area: 'Event Viewer: service 7000', article: 'service-logon-failed', paste: 'Event 7000, Service Control Manager: The Backup Agent service failed to start due to the following error: The service did not start due to a logon failure.' },
  { area: 'Event Viewer: Application Error 1000', article: 'app-crash-stack-buffer-overrun', paste: 'Faulting application name: erp.exe, version: 5.2.0.1, Exception code: 0xc0000409, Fault offset: 0x00000000000a1b2c' },
];

const root = projectRoot();
const present = rows.filter((r) => existsSync(join(root, 'catalog/articles', `${r.article}.yaml`)));
const articleOf = (id: string): Article => articleSchema.parse(parse(readFileSync(join(root, 'catalog/articles', `${id}.yaml`), 'utf8')));
const safeLabel = (parse(readFileSync(join(root, 'dialogs/strings.yaml'), 'utf8')) as Record<string, { en: string }>)['risk-safe']!.en;

/** Every text a card shows, in order. */
function texts(node: unknown): string[] {
  if (Array.isArray(node)) return node.flatMap(texts);
  if (!node || typeof node !== 'object') return [];
  const o = node as Record<string, unknown>;
  if (o.type === 'TextBlock' && typeof o.text === 'string') return [o.text];
  if (o.type === 'RichTextBlock' && Array.isArray(o.inlines)) return [(o.inlines as { text: string }[]).map((i) => i.text).join('')];
  return Object.values(o).flatMap(texts);
}
const shown = (r: PostResult) => texts(r.body.activities ?? []);

let bot: TestBot;
beforeAll(async () => {
  bot = await startTestBot();
});
afterAll(async () => {
  await bot.close();
});

test('the table covers every area of issue 13 with an article that exists', () => {
  expect(present.map((r) => r.area)).toEqual(rows.map((r) => r.area));
});

test.each(present)('$area: the paste reaches $article and the first step shown is safe', async ({ article, paste }) => {
  const a = articleOf(article);
  const conversation = { id: `area-${article}`, conversationType: 'personal' };
  const from = { id: `user-${article}`, name: 'Ana' };
  const say = (text: string) => post(bot, activity(bot, { text, conversation, from }));
  let reply = await say(paste);
  expect(reply.status).toBe(200);
  // A paste with several codes (4625's Status and Sub Status) asks which one: pick the article's.
  const codes = a.codes.flatMap((c) => ('code' in c ? [c.code] : []));
  const choice = submits(reply.body.activities).find((d) => d.verb === 'choose' && codes.includes(String(d.code)));
  if (choice) reply = await post(bot, activity(bot, { value: choice, conversation, from }));
  expect(shown(reply)).toContain(a.title.en);
  // Answer "not sure" to every question; the bot then shows the most likely cause and its steps.
  for (let i = 0; i < 8 && !submits(reply.body.activities).some((d) => d.verb === 'outcome'); i++) reply = await say('not sure');
  const outcome = submits(reply.body.activities).find((d) => d.verb === 'outcome');
  const cause = a.causes.find((c) => c.id === outcome?.cause);
  expect(cause).toBeDefined();
  const first = cause!.steps[0]!;
  expect(first.risk).toBe('safe');
  const lines = shown(reply);
  const at = lines.indexOf(`1. ${first.title.en}`);
  expect(at).toBeGreaterThan(-1);
  expect(lines[at + 1]).toBe(safeLabel);
});
