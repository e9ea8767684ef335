// Where the bot may fetch what a user sends, and with what. Downloading attachments is where a bot
// leaks its credentials: the bot's token goes only to the Bot Connector that sent the activity
// (its serviceUrl, which the inbound token check has validated), never anywhere else.

/** Why an attachment was not read: each has a sentence in dialogs/strings.yaml (intake-refused-…). */
export const REFUSAL_REASONS = [
  'image-host',
  'file-host',
  'not-https',
  'redirect',
  'too-large',
  'timeout',
  'unreachable',
  'http-status',
  'not-image',
  'zip',
  'pdf',
  'not-text',
  'too-many-images',
  'file-not-personal',
  'busy',
  // Declares more pixels than the cap in its header (a decompression bomb, or a photo far too big).
  'too-many-pixels',
  // Recognition did not finish: it ran past its time-out, or its thread died.
  'unreadable',
] as const;
export type RefusalReason = (typeof REFUSAL_REASONS)[number];

export interface Refusal {
  ok: false;
  reason: RefusalReason;
  /** For the log only: the detail behind the reason (a status, a host). Never a URL's query. */
  detail?: string;
}

export const refuse = (reason: RefusalReason, detail?: string): Refusal => ({ ok: false, reason, ...(detail ? { detail } : {}) });

/**
 * Hosts Teams hands a bot file downloadUrls on: the sender's OneDrive for Business
 * (contoso-my.sharepoint.com) or a SharePoint site (contoso.sharepoint.com). Bot file transfer
 * works in personal chats of the worldwide and GCC clouds only (Microsoft's "Send and receive files
 * using bot" page says bots cannot send or receive files in GCC High, DoD or 21Vianet), and both of
 * those keep files on *.sharepoint.com, so that is the one suffix needed. A helpdesk lead on another
 * cloud adds its suffix here.
 */
export const FILE_HOST_SUFFIXES: readonly string[] = Object.freeze(['.sharepoint.com']);

export interface DownloadPolicy {
  /** The activity's serviceUrl: images are fetched only from its origin, and the token goes only there. */
  serviceUrl: string;
  /** No app id: local development. Then only loopback URLs are fetched, images and files alike. */
  anonymous: boolean;
  fileHostSuffixes: readonly string[];
}

export type Permit = { ok: true; url: URL; sendToken: boolean } | Refusal;

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);
const isLoopback = (u: URL) => LOOPBACK.has(u.hostname);

function parse(raw: string): URL | null {
  try {
    const u = new URL(raw);
    return u.protocol === 'https:' || u.protocol === 'http:' ? u : null;
  } catch {
    return null;
  }
}

/** May an inline image's contentUrl be fetched, and with the bot's token? */
export function permitImage(raw: string, policy: DownloadPolicy): Permit {
  const url = parse(raw);
  const service = parse(policy.serviceUrl);
  if (!url || !service) return refuse('image-host');
  // Same origin as the Bot Connector (scheme, host and port): the only place the token may go.
  if (url.origin !== service.origin) return refuse('image-host', url.hostname);
  if (policy.anonymous && !isLoopback(url)) return refuse('image-host', url.hostname);
  if (!policy.anonymous && url.protocol !== 'https:') return refuse('not-https');
  return { ok: true, url, sendToken: true };
}

/** May a file's downloadUrl be fetched? Never with the token: the URL itself is pre-authorised. */
export function permitFile(raw: string, policy: DownloadPolicy): Permit {
  const url = parse(raw);
  if (!url) return refuse('file-host');
  if (policy.anonymous) return isLoopback(url) ? { ok: true, url, sendToken: false } : refuse('file-host', url.hostname);
  if (url.protocol !== 'https:') return refuse('not-https');
  const host = url.hostname.toLowerCase();
  if (!policy.fileHostSuffixes.some((s) => host.endsWith(s) && host.length > s.length)) return refuse('file-host', host);
  return { ok: true, url, sendToken: false };
}

/** May a redirect from `from` to `location` be followed? Only within the same origin. */
export function permitRedirect(from: URL, location: string): URL | null {
  try {
    const to = new URL(location, from);
    return to.origin === from.origin ? to : null;
  } catch {
    return null;
  }
}
