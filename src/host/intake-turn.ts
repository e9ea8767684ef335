// Turns what a user sends besides text into a turn of the conversation: a pasted screenshot is read
// and triaged as if its text had been typed; a log file is read for its decisive failure and that
// code is triaged; anything refused gets a reply that says why. Also the hint for a log pasted as
// text past Teams' message limit.
import { ActivityTypes, MessageFactory, type Activity, type Attachment, type TurnContext } from 'botbuilder';
import { say, type Locale, type Strings } from '../conversation/strings';
import type { Turn } from '../conversation/types';
import { isKnownValue } from '../engine/codes/decode';
import { MAX_INPUT_CHARS } from '../engine/extract-codes';
import { detectLogKind } from '../engine/logs/detect-log-kind';
import type { LogFinding } from '../engine/logs/read-log';
import { lookup, type Engine } from '../engine/lookup';
import { FILE_HOST_SUFFIXES, permitFile, permitImage, type DownloadPolicy, type Refusal } from '../intake/download-rules';
import { fetchImage } from '../intake/fetch-image';
import { OcrBusyError, OcrFailedError, type OcrPool } from '../intake/ocr/ocr-pool';
import { readLogFile } from '../intake/read-log-file';
import { readScreenshot } from '../intake/read-screenshot';
import { botToken } from './bot-token';
import type { Logger } from './logger';

export interface IntakeLimits {
  maxImageBytes: number;
  maxFileBytes: number;
  imageTimeoutMs: number;
  fileTimeoutMs: number;
  maxImages: number;
  /** Pixels (width × height, from the image's header) above which an image is not decoded at all. */
  maxImagePixels: number;
  /** A screenshot taking longer than this gets a "reading your screenshot" line. */
  slowNoticeMs: number;
}

export const DEFAULT_INTAKE_LIMITS: Readonly<IntakeLimits> = Object.freeze({
  // A full-screen PNG of a 4K display is 5–8 MB; a photo of a screen from a phone is 3–6 MB.
  maxImageBytes: 10 * 1024 * 1024,
  // CBS.log rolls over near 50 MB; "tens of MB" is what users send.
  maxFileBytes: 64 * 1024 * 1024,
  imageTimeoutMs: 15_000,
  fileTimeoutMs: 60_000,
  // Four screenshots cover a dialog and its details; more is a photo album.
  maxImages: 4,
  // An 8K screen is 33 MP; a phone photo 12–50 MP. At 4 bytes a pixel, 40 MP decodes to 160 MB.
  maxImagePixels: 40_000_000,
  slowNoticeMs: 1000,
});

export interface IntakeDeps {
  engine: Engine;
  strings: Strings;
  ocr: OcrPool;
  /** No app id: local development, where only loopback URLs are fetched. */
  anonymous: boolean;
  logger: Logger;
  limits?: Partial<IntakeLimits>;
}

export const FILE_DOWNLOAD_INFO = 'application/vnd.microsoft.teams.file.download.info';

interface FileInfo {
  name: string;
  downloadUrl: string;
}

/** The inline images and the files of an activity. */
export function attachmentsOf(a: Partial<Activity>): { images: Attachment[]; files: (Attachment & { content: FileInfo })[] } {
  const all = a.attachments ?? [];
  const images = all.filter((x) => typeof x.contentType === 'string' && x.contentType.startsWith('image/') && typeof x.contentUrl === 'string');
  const files = all.filter(
    (x): x is Attachment & { content: FileInfo } => x.contentType === FILE_DOWNLOAD_INFO && typeof (x.content as FileInfo | undefined)?.downloadUrl === 'string',
  );
  return { images, files };
}

/** What the host does next: nothing more (all said), or run this turn. */
export type Prepared = { done: true } | { done: false; turn: Turn; scope: Turn['scope'] };

/** Joined recognised text and the notes on the readings used. */
interface ImagesRead {
  text: string;
  corrections: string[];
  refusals: Refusal[];
}

export class Intake {
  readonly limits: IntakeLimits;
  constructor(private readonly deps: IntakeDeps) {
    this.limits = { ...DEFAULT_INTAKE_LIMITS, ...deps.limits };
  }

  private t(locale: Locale, key: string, vars?: Record<string, string | number>): string {
    return say(this.deps.strings, locale, key, vars);
  }

  private policy(context: TurnContext): DownloadPolicy {
    return { serviceUrl: context.activity.serviceUrl ?? '', anonymous: this.deps.anonymous, fileHostSuffixes: FILE_HOST_SUFFIXES };
  }

  /** The sentence for a refusal. */
  refusalText(locale: Locale, r: Refusal): string {
    return this.t(locale, `intake-refused-${r.reason}`, {
      imageMb: Math.round(this.limits.maxImageBytes / 1048576),
      fileMb: Math.round(this.limits.maxFileBytes / 1048576),
      max: this.limits.maxImages,
      maxMp: Math.round(this.limits.maxImagePixels / 1e6),
    });
  }

  /** A message turn with attachments, or a long pasted log: what to run, or null when it is neither. */
  async prepare(context: TurnContext, turn: Turn | null, locale: Locale): Promise<Prepared | null> {
    const a = context.activity;
    if (a.type !== ActivityTypes.Message || !turn || (turn.kind !== 'message' && turn.kind !== 'no-text')) return null;
    const typed = turn.kind === 'message' ? turn.text : '';
    if (typed.length > MAX_INPUT_CHARS && detectLogKind(typed.split(/\r?\n/, 40))) {
      await context.sendActivity(this.t(locale, 'intake-paste-log-hint'));
      return { done: true };
    }
    const { images, files } = attachmentsOf(a);
    if (images.length === 0 && files.length === 0) return null;
    await context.sendActivity({ type: ActivityTypes.Typing });
    if (files.length > 0) return this.prepareFile(context, turn, locale, files[0]!);
    return this.answerImages(context, turn, locale, typed, await this.readImages(context, images, locale));
  }

  /** What was read from a message's images: said back to the user, and triaged with any caption. */
  private async answerImages(context: TurnContext, turn: Turn, locale: Locale, typed: string, read: ImagesRead): Promise<Prepared> {
    for (const r of dedupe(read.refusals)) await context.sendActivity(this.refusalText(locale, r));
    const text = [typed, read.text].filter(Boolean).join('\n');
    if (read.text && lookup(this.deps.engine, text, { limit: 1 }).matches.length > 0) {
      const notes = read.corrections.length ? ` ${read.corrections.join(' ')}` : '';
      await context.sendActivity(this.t(locale, 'intake-read-from-screenshot', { text: quote(read.text) + notes }));
      return { done: false, turn: { ...turn, kind: 'message', text }, scope: turn.scope };
    }
    // Nothing legible, or text with no error in it: a typed caption still gets its own triage.
    if (typed) return { done: false, turn, scope: turn.scope };
    if (read.refusals.length === 0 || read.text) await context.sendActivity(this.t(locale, 'intake-no-error-in-image'));
    return { done: true };
  }

  /**
   * Reads up to maxImages images of a message; refusals are collected, never thrown. `notify: false`
   * keeps the "reading your screenshot" line out of the conversation (a private message action).
   */
  async readImages(
    context: TurnContext,
    images: readonly Attachment[],
    locale: Locale,
    { notify = true, policy = this.policy(context) }: { notify?: boolean; policy?: DownloadPolicy } = {},
  ): Promise<ImagesRead> {
    const read: ImagesRead = { text: '', corrections: [], refusals: [] };
    if (images.length > this.limits.maxImages) read.refusals.push({ ok: false, reason: 'too-many-images' });
    // "Reading your screenshot…" only when it takes long enough to wonder.
    let notice: Promise<unknown> | null = null;
    // The send runs from a timer: a connector that refuses it (403, 429, 5xx) must cost the line,
    // not the process (an unhandled rejection ends Node).
    const slow = notify
      ? setTimeout(() => {
          notice = context
            .sendActivity(this.t(locale, 'intake-reading-screenshot'))
            .catch((e: unknown) => this.deps.logger.warn('could not send the reading notice', { error: (e as Error).message }));
        }, this.limits.slowNoticeMs)
      : undefined;
    try {
      for (const image of images.slice(0, this.limits.maxImages)) {
        const fetched = await fetchImage(permitImage(image.contentUrl!, policy), {
          maxBytes: this.limits.maxImageBytes,
          timeoutMs: this.limits.imageTimeoutMs,
          maxPixels: this.limits.maxImagePixels,
          token: () => botToken(context),
        });
        if (!fetched.ok) {
          this.deps.logger.warn('image refused', { reason: fetched.reason, detail: fetched.detail ?? null });
          read.refusals.push(fetched);
          continue;
        }
        await this.recognise(fetched.bytes, locale, read);
      }
    } finally {
      clearTimeout(slow);
      if (notice) await notice;
    }
    return read;
  }

  /** Reads one image's text into `into`; a busy or failed recognition becomes a refusal. */
  private async recognise(bytes: Uint8Array, locale: Locale, into: ImagesRead): Promise<void> {
    const isKnown = (v: number) => isKnownValue(this.deps.engine.tables, v) || this.deps.engine.articles.defines(v);
    try {
      const r = await readScreenshot(this.deps.ocr, bytes, isKnown);
      this.deps.logger.info?.('screenshot read', { ms: Math.round(r.ms), chars: r.text.length, corrections: r.corrections.length });
      if (r.text) into.text = [into.text, r.text].filter(Boolean).join('\n');
      for (const c of r.corrections) into.corrections.push(this.t(locale, 'intake-read-correction', { read: c.read, used: c.used }));
    } catch (e) {
      if (e instanceof OcrBusyError) into.refusals.push({ ok: false, reason: 'busy' });
      else if (e instanceof OcrFailedError) {
        this.deps.logger.warn('screenshot not read', { error: e.message });
        into.refusals.push({ ok: false, reason: 'unreadable' });
      } else throw e;
    }
  }

  private async prepareFile(context: TurnContext, turn: Turn, locale: Locale, file: Attachment & { content: FileInfo }): Promise<Prepared> {
    // Teams gives bots files only in personal chats; elsewhere the URL is not the bot's to read.
    if ((turn.scope ?? 'personal') !== 'personal') {
      await context.sendActivity(this.t(locale, 'intake-refused-file-not-personal'));
      return { done: true };
    }
    const name = file.name ?? file.content.name ?? 'log';
    const read = await readLogFile(permitFile(file.content.downloadUrl, this.policy(context)), {
      maxBytes: this.limits.maxFileBytes,
      timeoutMs: this.limits.fileTimeoutMs,
      image: { maxImageBytes: this.limits.maxImageBytes, maxPixels: this.limits.maxImagePixels },
    });
    if (!read.ok) {
      this.deps.logger.warn('file refused', { reason: read.reason, detail: read.detail ?? null });
      await context.sendActivity(this.refusalText(locale, read));
      return { done: true };
    }
    // A screenshot sent with the paperclip: read as if it had been pasted.
    if (read.kind === 'image') {
      const images: ImagesRead = { text: '', corrections: [], refusals: [] };
      await this.recognise(read.bytes, locale, images);
      return this.answerImages(context, turn, locale, turn.kind === 'message' ? turn.text : '', images);
    }
    const finding = read.finding;
    if (!finding) {
      await context.sendActivity(this.t(locale, 'intake-log-unknown', { file: name }));
      const head = read.head.slice(0, MAX_INPUT_CHARS);
      return { done: false, turn: { ...turn, kind: 'message', text: head }, scope: turn.scope };
    }
    const vars = { file: name, kind: finding.kind, lines: finding.lines };
    if (!finding.failed) {
      const key = finding.warnings.length ? 'intake-log-no-failure' : 'intake-log-no-warnings';
      await context.sendActivity(MessageFactory.text(this.t(locale, key, { ...vars, excerpt: excerptOf(finding.warnings) })));
      return { done: true };
    }
    const excerpt = excerptOf(finding.decisive);
    const subject = finding.subject ? `\n\n${this.t(locale, 'intake-log-subject', { subject: finding.subject })}` : '';
    await context.sendActivity(MessageFactory.text(this.t(locale, 'intake-log-failure', { ...vars, excerpt }) + subject));
    // The decisive code is triaged; the excerpt (not the file) is what the triage and a ticket keep.
    const text = finding.code ?? finding.decisive.map((l) => l.text).join('\n');
    const kept = `${name}\n${finding.decisive.map((l) => `${l.n}: ${l.text}`).join('\n')}`;
    return { done: false, turn: { kind: 'message', text, kept, locale: turn.locale, scope: turn.scope }, scope: turn.scope };
  }
}

/** Decisive lines as a code block, each with its line number. */
function excerptOf(lines: LogFinding['decisive']): string {
  const width = String(lines.at(-1)?.n ?? 0).length;
  return ['```', ...lines.map((l) => `${String(l.n).padStart(width)}: ${l.text.replace(/```/g, "'''")}`), '```'].join('\n');
}

/** Recognised text on one line, as the user would retype it. */
function quote(text: string): string {
  const oneLine = text.replace(/\s*\n\s*/g, ' / ');
  // A screenshot's text in a chat line: the error, not a page of it.
  return oneLine.length > 300 ? `${oneLine.slice(0, 300)}…` : oneLine;
}

function dedupe(refusals: Refusal[]): Refusal[] {
  const seen = new Set<string>();
  return refusals.filter((r) => !seen.has(r.reason) && seen.add(r.reason));
}
