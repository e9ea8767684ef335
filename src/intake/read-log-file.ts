// A log file sent to the bot, streamed from its download straight through the log readers: bytes
// are decoded and split into lines as they arrive, so memory holds a chunk and the reader's own
// bounded state, not the file.
import { TextDecoder } from 'node:util';
import { detectingLogReader, type LogFinding } from '../engine/logs/read-log';
import { MAX_INPUT_CHARS } from '../engine/extract-codes';
import { openDownload, RefusalError, type DownloadOptions } from './download';
import { refuse, type Permit, type Refusal } from './download-rules';
import { checkImage } from './fetch-image';
import { sniffFile, sniffImage, SNIFF_BYTES } from './sniff-content';

export interface ReadLogFile {
  ok: true;
  kind: 'log';
  /** What the log readers found, or null when the text is no log of a kind they read. */
  finding: LogFinding | null;
  /** The file's first characters, for a lookup when no reader fits (a saved error message). */
  head: string;
  bytes: number;
}

/** A file that turned out to be an image (a screenshot sent with the paperclip), checked like one. */
export interface ImageFile {
  ok: true;
  kind: 'image';
  bytes: Buffer;
}

/** An image sent as a file is held to the inline images' caps, not the logs'. */
export interface ImageFileLimits {
  maxImageBytes: number;
  maxPixels: number;
}

/**
 * Longest line handed to the readers. A line longer than this (an XML export written on one line)
 * is passed on in pieces; the readers clip what they display anyway.
 */
const MAX_LINE_CHARS = 64 * 1024;

/**
 * Downloads a permitted file and reads it as a log, or, when its first bytes are an image's, hands
 * the image back to be read as a screenshot; a refusal says why not.
 */
export async function readLogFile(permit: Permit, options: DownloadOptions): Promise<ReadLogFile | Refusal>;
export async function readLogFile(permit: Permit, options: DownloadOptions & { image: ImageFileLimits }): Promise<ReadLogFile | ImageFile | Refusal>;
export async function readLogFile(permit: Permit, options: DownloadOptions & { image?: ImageFileLimits }): Promise<ReadLogFile | ImageFile | Refusal> {
  // Without image limits, an image is refused as not text (the caller reads logs only).
  const imageLimits = options.image;
  const opened = await openDownload(permit, options);
  if (!opened.ok) return opened;
  const type = opened.contentType.split(';')[0]!.trim();
  if (type === 'application/pdf') return cancelWith(opened.cancel, refuse('pdf'));
  if (type === 'application/zip' || type === 'application/x-zip-compressed') return cancelWith(opened.cancel, refuse('zip'));
  const reader = detectingLogReader();
  let decoder: TextDecoder | null = null;
  let pending: Uint8Array = new Uint8Array(0);
  let carry = '';
  let head = '';
  let bytes = 0;
  let image: Uint8Array[] | null = null;
  const feed = (text: string) => {
    if (head.length < MAX_INPUT_CHARS) head += text.slice(0, MAX_INPUT_CHARS - head.length);
    const parts = (carry + text).split(/\r?\n/);
    carry = parts.pop() ?? '';
    for (const p of parts) reader.push(p);
    while (carry.length > MAX_LINE_CHARS) {
      reader.push(carry.slice(0, MAX_LINE_CHARS));
      carry = carry.slice(MAX_LINE_CHARS);
    }
  };
  try {
    for await (const chunk of opened.chunks) {
      bytes += chunk.byteLength;
      if (image) {
        if (bytes > imageLimits!.maxImageBytes) return cancelWith(opened.cancel, refuse('too-large', 'image file'));
        image.push(chunk);
        continue;
      }
      if (!decoder) {
        // Wait for enough bytes to tell text from binary.
        pending = concat(pending, chunk);
        if (pending.byteLength < SNIFF_BYTES) continue;
        if (imageLimits && sniffImage(pending)) {
          if (bytes > imageLimits.maxImageBytes) return cancelWith(opened.cancel, refuse('too-large', 'image file'));
          image = [pending];
          continue;
        }
        const d = startDecoder(pending);
        if (!d.ok) return cancelWith(opened.cancel, d);
        decoder = d.decoder;
        feed(decoder.decode(pending, { stream: true }));
        continue;
      }
      feed(decoder.decode(chunk, { stream: true }));
    }
  } catch (e) {
    if (e instanceof RefusalError) return e.refusal;
    throw e;
  }
  if (imageLimits && (image || (!decoder && sniffImage(pending)))) {
    const checked = checkImage(Buffer.concat(image ?? [pending]), imageLimits.maxPixels);
    return checked.ok ? { ok: true, kind: 'image', bytes: checked.bytes } : checked;
  }
  if (!decoder) {
    const d = startDecoder(pending);
    if (!d.ok) return d;
    decoder = d.decoder;
    feed(decoder.decode(pending, { stream: true }));
  }
  feed(decoder.decode());
  if (carry) reader.push(carry);
  return { ok: true, kind: 'log', finding: reader.finish(), head: head.replace(/^\uFEFF/, ''), bytes };
}

function startDecoder(head: Uint8Array): { ok: true; decoder: TextDecoder } | Refusal {
  const s = sniffFile(head);
  if (s.kind === 'zip') return refuse('zip');
  if (s.kind === 'pdf') return refuse('pdf');
  if (s.kind !== 'text') return refuse('not-text', s.kind);
  // A character the encoding cannot read becomes U+FFFD instead of stopping the read.
  return { ok: true, decoder: new TextDecoder(s.encoding, { ignoreBOM: false }) };
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.byteLength + b.byteLength);
  out.set(a);
  out.set(b, a.byteLength);
  return out;
}

function cancelWith(cancel: () => void, r: Refusal): Refusal {
  cancel();
  return r;
}
