// What the bytes are, whatever the name or the content-type says: images by their magic numbers,
// logs by being text. A zip (which .docx, .xlsx and .zip all are) or a PDF is named as such, so the
// refusal can say what to send instead.

export type ImageFormat = 'png' | 'jpeg' | 'gif' | 'bmp' | 'webp';
export type TextEncoding = 'utf-8' | 'utf-16le' | 'utf-16be';

const startsWith = (b: Uint8Array, sig: readonly number[], at = 0) => b.length >= at + sig.length && sig.every((x, i) => b[at + i] === x);

/** The image format of `head` (the first bytes), or null. */
export function sniffImage(head: Uint8Array): ImageFormat | null {
  if (startsWith(head, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'png';
  if (startsWith(head, [0xff, 0xd8, 0xff])) return 'jpeg';
  if (startsWith(head, [0x47, 0x49, 0x46, 0x38])) return 'gif';
  if (startsWith(head, [0x42, 0x4d])) return 'bmp';
  if (startsWith(head, [0x52, 0x49, 0x46, 0x46]) && startsWith(head, [0x57, 0x45, 0x42, 0x50], 8)) return 'webp';
  return null;
}

export type Sniffed = { kind: 'text'; encoding: TextEncoding } | { kind: 'zip' } | { kind: 'pdf' } | { kind: 'image'; format: ImageFormat } | { kind: 'binary' };

/** Bytes looked at to tell text from binary: a log's first 4 KB are all text. */
export const SNIFF_BYTES = 4096;

/** What the first bytes of a file say it is. */
export function sniffFile(head: Uint8Array): Sniffed {
  if (startsWith(head, [0x50, 0x4b, 0x03, 0x04]) || startsWith(head, [0x50, 0x4b, 0x05, 0x06])) return { kind: 'zip' };
  if (startsWith(head, [0x25, 0x50, 0x44, 0x46])) return { kind: 'pdf' };
  const image = sniffImage(head);
  if (image) return { kind: 'image', format: image };
  if (startsWith(head, [0xff, 0xfe])) return { kind: 'text', encoding: 'utf-16le' };
  if (startsWith(head, [0xfe, 0xff])) return { kind: 'text', encoding: 'utf-16be' };
  const sample = head.subarray(0, SNIFF_BYTES);
  // UTF-16 without a BOM: every other byte zero in ASCII text (Event Viewer's .txt exports).
  let zerosOdd = 0;
  let zerosEven = 0;
  for (let i = 0; i < sample.length; i++) {
    if (sample[i] !== 0) continue;
    if (i % 2) zerosOdd++;
    else zerosEven++;
  }
  if (sample.length >= 2 && zerosOdd > sample.length / 4 && zerosEven === 0) return { kind: 'text', encoding: 'utf-16le' };
  if (sample.length >= 2 && zerosEven > sample.length / 4 && zerosOdd === 0) return { kind: 'text', encoding: 'utf-16be' };
  if (zerosOdd + zerosEven > 0) return { kind: 'binary' };
  // UTF-8 (ASCII included): decoding must not fail, except for a character cut at the end.
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(sample.subarray(0, lastCompleteUtf8(sample)));
    return { kind: 'text', encoding: 'utf-8' };
  } catch {
    return { kind: 'binary' };
  }
}

/** Length of `b` without a trailing, incomplete UTF-8 sequence. */
function lastCompleteUtf8(b: Uint8Array): number {
  let i = b.length;
  // Step back over continuation bytes (10xxxxxx) to the lead byte of the last sequence.
  let back = 0;
  while (i > 0 && back < 4 && (b[i - 1]! & 0xc0) === 0x80) {
    i--;
    back++;
  }
  if (i === 0) return b.length;
  const lead = b[i - 1]!;
  const need = lead >= 0xf0 ? 3 : lead >= 0xe0 ? 2 : lead >= 0xc0 ? 1 : 0;
  return need > back ? i - 1 : b.length;
}
