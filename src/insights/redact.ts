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
const HOST_TLDS = 'com|net|org|edu|gov|mil|int|biz|info|io|cloud|local|lan|corp|internal|intra|home|ad|arpa|co|uk|de|es|fr|it|nl|eu|us|ca|au|mx|ar|br|cl|pt|ch|be|at|se|no|dk|fi|ie|pl|jp|in';

interface Rule {
  pattern: RegExp;
  replace: string | ((match: string, ...groups: string[]) => string);
}

const RULES: readonly Rule[] = [
  // jdoe@contoso.com, john.doe+it@mail.contoso.co.uk
  { pattern: /[\w.+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+/g, replace: '[email]' },
  // \\SRV01\share\folder, \\srv01.corp.contoso.com\c$: the host and the path under it.
  { pattern: /\\\\[^\\\s/:*?"<>|]+(?:\\[^\\\s/:*?"<>|]+)*/g, replace: '\\\\[host]\\[path]' },
  // C:\Users\jdoe\…, C:/Users/jdoe, C:\Documents and Settings\jdoe, /home/jdoe, /Users/jdoe
  { pattern: /\b([A-Za-z]:[\\/](?:Users|Documents and Settings)[\\/])[^\\/\s"'<>|]+/gi, replace: (_m, lead: string) => `${lead}[user]` },
  { pattern: /(\/(?:home|Users)\/)[^/\s"'<>|]+/g, replace: (_m, lead: string) => `${lead}[user]` },
  // CONTOSO\jdoe: not a path segment (nothing path-like before it, no further "\" after it).
  { pattern: /(?<![\\/:%\w.$-])[A-Za-z][\w-]{0,14}\\[\w.$-]+(?![\\\w$])/g, replace: '[domain]\\[user]' },
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
  // Windows' default machine names: DESKTOP-4F2K9QX, LAPTOP-8H3JD0, WIN-ABC123DEF.
  { pattern: /\b(?:DESKTOP|LAPTOP|WIN)-[A-Z0-9]{5,15}\b/g, replace: '[host]' },
];

/** The text with personal and network names replaced by [user], [host], [ip]… placeholders. */
export function redact(text: string): string {
  let out = text;
  for (const rule of RULES) out = out.replace(rule.pattern, rule.replace as (m: string, ...g: string[]) => string);
  return out;
}
