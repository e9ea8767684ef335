// Takes out of a paste what names a person, a machine or a network, so that a knowledge gap's
// sample can be kept: user names in profile paths, e-mail addresses, UNC hosts, DOMAIN\user, host
// names, IP addresses, GUIDs and SIDs. Error codes (0x80070005), KB numbers, file names and version
// numbers stay: they are what makes the sample useful. Every pattern is linear (no nested
// quantifiers), so a 28 KB paste is redacted in well under a millisecond.

/** Public Microsoft names that often appear in errors (update and sign-in endpoints): kept. */
const PUBLIC_DOMAINS = /(?:^|\.)(?:microsoft\.com|windowsupdate\.com|windows\.com|windows\.net|office\.com|office365\.com|microsoftonline\.com|live\.com|msftconnecttest\.com|digicert\.com|akamaized\.net)$/i;
/**
 * Top-level names that make "a.b" a host rather than a file name (setupact.log, ntdll.dll): the
 * generic ones, those of internal networks, and the countries a helpdesk most often sees.
 */
const HOST_TLDS =
  'com|net|org|edu|gov|mil|int|biz|info|io|cloud|local|lan|corp|internal|intra|home|ad|arpa|app|dev|xyz|online|site|tech|me|tv|ai|' +
  'co|uk|de|es|fr|it|nl|eu|us|ca|au|mx|ar|br|cl|pe|uy|ec|ve|cr|gt|pt|ch|be|at|se|no|dk|fi|ie|pl|cz|sk|hu|ro|gr|tr|ru|il|jp|in|cn|tw|hk|sg|kr|nz|za';
/**
 * What a dotted name ends in when it is a file, not a host (setup.exe.config, Microsoft.Windows.Common.dll):
 * a dotted name of three or more parts under any other lower- or upper-case ending is taken as a host.
 */
const FILE_EXTENSIONS = /^(?:dll|exe|sys|drv|ocx|cpl|mui|msi|msp|msu|cab|inf|cat|mum|man|manifest|config|xml|json|ini|log|etl|evtx|txt|dat|tmp|bak|old|ps1|psm1|bat|cmd|vbs|js|reg|zip|7z|png|jpg|gif|pdf|docx?|xlsx?|pptx?|pst|ost)$/i;
/** Event Viewer's labelled fields that hold a person, a machine or an address (English and Spanish), with what replaces the value. */
const LABELLED = new Map<string, string>([
  ['Computer', '[host]'], ['Workstation Name', '[host]'], ['Equipo', '[host]'], ['Nombre de estación de trabajo', '[host]'],
  ['Account Name', '[user]'], ['User', '[user]'], ['User Name', '[user]'], ['Nombre de usuario', '[user]'], ['Nombre de cuenta', '[user]'], ['Usuario', '[user]'],
  ['Account Domain', '[domain]'], ['Dominio de cuenta', '[domain]'],
  ['Source Network Address', '[ip]'], ['Client Address', '[ip]'], ['Dirección de red de origen', '[ip]'],
]);
/** Values Event Viewer writes for an empty field: nothing personal, and they tell the reader the field was empty. */
const EMPTY_VALUE = /^(?:-|N\/A|NULL|SYSTEM|LOCAL SERVICE|NETWORK SERVICE)$/;

interface Rule {
  pattern: RegExp;
  replace: string | ((match: string, ...groups: string[]) => string);
}

const RULES: readonly Rule[] = [
  // Computer: FIN-PC042, Account Name: maria.garcia, Account Domain: CONTOSO (Event Viewer text), first:
  // these values have no shape a later rule could recognise. Labels are matched as Windows spells them
  // (capitalised), so "restart the computer: ..." in a sentence is left alone.
  {
    pattern: new RegExp(`(?<![\\w])(${[...LABELLED.keys()].join('|')})([ \\t]*:[ \\t]*)([^\\s,;]+)`, 'g'),
    replace: (m: string, label: string, sep: string, value: string) => (EMPTY_VALUE.test(value) || value.startsWith('[') ? m : `${label}${sep}${LABELLED.get(label)!}`),
  },
  // https://outlook.contoso.xyz/owa, http://intranet:8080: the host of any URL, whatever its ending, unless public.
  { pattern: /\b(https?:\/\/)([^/\s:?#@]+)/gi, replace: (m: string, scheme: string, host: string) => (PUBLIC_DOMAINS.test(host) ? m : `${scheme}[host]`) },
  // jdoe@contoso.com, john.doe+it@mail.contoso.co.uk
  { pattern: /[\w.+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+/g, replace: '[email]' },
  // \\SRV01\share\folder, \\srv01.corp.contoso.com\c$: the host and the path under it.
  { pattern: /\\\\[^\\\s/:*?"<>|]+(?:\\[^\\\s/:*?"<>|]+)*/g, replace: '\\\\[host]\\[path]' },
  // C:\Users\jdoe\…, C:\Users\Maria Garcia\…, C:/Users/jdoe, C:\Documents and Settings\jdoe, /home/jdoe,
  // /Users/jdoe. A profile folder may hold spaces, so a segment runs to the next separator when one
  // follows on the same line; a path that ends at the user name ends at the first space instead.
  { pattern: /\b([A-Za-z]:[\\/](?:Users|Documents and Settings)[\\/])(?:[^\\/\r\n"<>|:*?]{1,64}(?=[\\/])|[^\\/\s"'<>|]+)/gi, replace: (_m, lead: string) => `${lead}[user]` },
  { pattern: /(\/(?:home|Users)\/)[^/\s"'<>|]+/g, replace: (_m, lead: string) => `${lead}[user]` },
  // CONTOSO\jdoe: not a path segment (nothing path-like before it, no further "\" after it).
  // A last part with a file extension (OneDrive - Contoso\report.docx) is a path, not an account.
  { pattern: /(?<![\\/:%\w.$-])[A-Za-z][\w-]{0,14}\\[\w.$-]+(?![\\\w$])/g, replace: (m: string) => (FILE_EXTENSIONS.test(m.slice(m.lastIndexOf('.') + 1)) ? m : '[domain]\\[user]') },
  // {6F9619FF-8B86-D011-B42D-00C04FC964FF} with or without braces.
  { pattern: /\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi, replace: '[guid]' },
  // S-1-5-21-3623811015-3361044348-30300820-1013: a user's or a machine's security identifier.
  { pattern: /\bS-1-\d+(?:-\d+){1,14}\b/g, replace: '[sid]' },
  // IPv6: the full form, and compressed forms with "::" (times such as 10:00:01 have neither).
  { pattern: /(?<![\w:])(?:[0-9a-f]{1,4}:){7}[0-9a-f]{1,4}(?![\w:])/gi, replace: '[ip]' },
  { pattern: /(?<![\w:])(?:[0-9a-f]{1,4}(?::[0-9a-f]{1,4}){0,5})?::(?:[0-9a-f]{1,4}(?::[0-9a-f]{1,4}){0,5})?(?:%\w+)?(?![\w:])/gi, replace: (m: string) => (m === '::' ? m : '[ip]') },
  // IPv4, each part 0–255 (a version such as 10.0.19045.3803 is not one).
  { pattern: /(?<![\w.])(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(?![\w.])/g, replace: '[ip]' },
  // Host names: dotted names ending in a known top-level name, unless a public Microsoft one.
  {
    pattern: new RegExp(`(?<![\\w.-])(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\\.)+(?:${HOST_TLDS})(?![\\w-]|\\.\\w)`, 'gi'),
    replace: (m: string) => (PUBLIC_DOMAINS.test(m) ? m : '[host]'),
  },
  // fin-pc042.contoso.xyz, FS01.CORP.EXAMPLE: three or more parts under an ending of one case that is
  // no file extension (mixed case, as in System.Net.Http.HttpRequestException, is a type name).
  {
    pattern: /(?<![\w.-])(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.){2,}(?:[a-z]{2,24}|[A-Z]{2,24})(?![\w-]|\.\w)/g,
    replace: (m: string) => (PUBLIC_DOMAINS.test(m) || FILE_EXTENSIONS.test(m.slice(m.lastIndexOf('.') + 1)) ? m : '[host]'),
  },
  // "equipo PC-RRHH-07", "on machine FIN-PC042": a NetBIOS-shaped name (capitals, digits, hyphens, up
  // to 15) right after a word for a machine, when it has a digit or a hyphen ("Server 2019" has no letter).
  {
    pattern: /\b(computer|machine|workstation|host|server|equipo|máquina|maquina|servidor|PC)(\s+)([A-Z0-9][A-Z0-9-]{1,14})(?![\w-])/gi,
    replace: (m: string, word: string, gap: string, name: string) => (/^[A-Z0-9-]+$/.test(name) && /[A-Z]/.test(name) && /[\d-]/.test(name) ? `${word}${gap}[host]` : m),
  },
  // Windows' default machine names: DESKTOP-4F2K9QX, LAPTOP-8H3JD0, WIN-ABC123DEF.
  { pattern: /\b(?:DESKTOP|LAPTOP|WIN)-[A-Z0-9]{5,15}\b/g, replace: '[host]' },
];

/** The text with personal and network names replaced by [user], [host], [ip]… placeholders. */
export function redact(text: string): string {
  let out = text;
  for (const rule of RULES) out = out.replace(rule.pattern, rule.replace as (m: string, ...g: string[]) => string);
  return out;
}
