// npm run catalog:import-messages [-- <package-root>] — writes catalog/codes/messages-en.json, the
// English texts FormatMessage prints, from Debian's python3-impacket package, and reports how
// they line up with the header catalog (catalog/codes/{hresult,win32,ntstatus}.json).
// <package-root> is the folder the .deb was unpacked into (default "/", the installed package):
//   apt-get update && apt-get download python3-impacket && dpkg -x python3-impacket_*.deb /tmp/impacket
//   npm run catalog:import-messages -- /tmp/impacket
// The other languages come from Microsoft's localised documentation (import-localised-messages.ts):
//   npm run catalog:import-messages -- --lang es --commit <sha> <checkout>
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { installedVersion } from './debian-package';
import { parseImpacketMessages } from './impacket-messages';
import { importLocalised } from './import-localised-messages';
import {
  collapseWhitespace, firstOf, hexValue, MESSAGE_KINDS, readHeaderNames, sortMessages, writeCatalogFile,
  type MessageEntry, type MessageKind,
} from './message-catalog';

const MODULE_DIR = 'usr/lib/python3/dist-packages/impacket';
const MODULES: Record<MessageKind, string> = {
  hresult: 'hresult_errors.py',
  win32: 'system_errors.py',
  ntstatus: 'nt_errors.py',
};

/** The Debian version, from the unpacked changelog or, for an installed package, from dpkg. */
function packageVersion(root: string): string {
  const changelog = join(root, 'usr/share/doc/python3-impacket/changelog.Debian.gz');
  if (existsSync(changelog)) {
    const first = gunzipSync(readFileSync(changelog)).toString('utf8').split('\n', 1)[0] ?? '';
    const m = /\(([^)]+)\)/.exec(first);
    if (m) return m[1]!;
  }
  return installedVersion('python3-impacket');
}

function importEnglish(root: string): number {
  const dir = join(root, MODULE_DIR);
  const missing = Object.values(MODULES).filter((f) => !existsSync(join(dir, f)));
  if (missing.length) {
    console.error(
      `No ${missing.join(', ')} in ${dir}.\nBring Debian's python3-impacket and pass the folder it was unpacked into:\n` +
        '  apt-get update && apt-get download python3-impacket && dpkg -x python3-impacket_*.deb /tmp/impacket\n' +
        '  npm run catalog:import-messages -- /tmp/impacket',
    );
    return 2;
  }
  const project = process.cwd();
  const headers = readHeaderNames(project);
  const entries: MessageEntry[] = [];
  const report: string[] = [];
  for (const kind of MESSAGE_KINDS) {
    const { entries: parsed, duplicates } = parseImpacketMessages(readFileSync(join(dir, MODULES[kind]), 'utf8'));
    const known = headers[kind];
    const noHeader: string[] = [];
    const otherName: string[] = [];
    const tooLarge: string[] = [];
    const withText = new Set<string>();
    for (const p of parsed) {
      const value = hexValue(p.value);
      // A Win32 error code is 16 bits; anything wider in system_errors.py is another kind of value.
      if (kind === 'win32' && p.value > 0xffff) {
        tooLarge.push(`${value} ${p.name}`);
        continue;
      }
      const text = collapseWhitespace(p.text);
      if (!text) continue;
      entries.push({ kind, value, text });
      withText.add(value);
      const names = known.get(value);
      if (!names) noHeader.push(`${value} ${p.name}`);
      else if (!names.includes(p.name)) otherName.push(`${value} ${p.name} (headers: ${names.join(', ')})`);
    }
    const noMessage = [...known.entries()].filter(([v]) => !withText.has(v)).map(([v, names]) => `${v} ${names.join(', ')}`);
    const byValue = (a: string, b: string) => a.localeCompare(b);
    noHeader.sort(byValue);
    otherName.sort(byValue);
    report.push(
      `${kind} (${MODULES[kind]}): ${withText.size} messages`,
      firstOf('a message but no header name', noHeader),
      firstOf('a header name but no message', noMessage),
      firstOf("impacket's name differs from every header name", otherName),
    );
    if (duplicates.length) report.push(firstOf('values listed twice (the last kept)', duplicates.map(hexValue)));
    if (tooLarge.length) report.push(firstOf('wider than 16 bits, left out', tooLarge));
  }
  const version = packageVersion(root);
  const out = join(project, 'catalog', 'codes', 'messages-en.json');
  writeCatalogFile(
    out,
    {
      source: `Debian python3-impacket ${version} (impacket/hresult_errors.py, system_errors.py, nt_errors.py)`,
      licence: 'Apache Software License 1.1 as modified by SecureAuth Corporation (see NOTICE.md)',
      lang: 'en',
    },
    sortMessages(entries),
  );
  console.log(report.join('\n'));
  console.log(`messages-en.json: ${entries.length} messages from python3-impacket ${version} in ${dir}`);
  return 0;
}

function main(argv: string[]): number {
  const at = argv.indexOf('--lang');
  const lang = at >= 0 ? argv[at + 1] : 'en';
  if (lang === undefined) {
    console.error('--lang needs a language: en, es, de, fr, it, pt-BR, ru or zh-TW.');
    return 2;
  }
  const rest = at >= 0 ? [...argv.slice(0, at), ...argv.slice(at + 2)] : argv;
  return lang === 'en' ? importEnglish(rest[0] ?? '/') : importLocalised(lang, rest);
}

process.exitCode = main(process.argv.slice(2));
