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

export interface ImageSize {
  width: number;
  height: number;
}

/**
 * An image's pixel dimensions from its header, without decoding it, or null when the header is cut
 * short or malformed. A few KB of zlib can declare a 30000 × 30000 PNG that decodes to gigabytes, so
 * the size must be known before anything decodes it.
 */
export function imageSize(b: Uint8Array): ImageSize | null {
  const format = sniffImage(b);
  const v = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const has = (n: number) => b.length >= n;
  switch (format) {
    case 'png':
      // IHDR is always the first chunk: width and height, big-endian, at bytes 16 and 20.
      return has(24) && startsWith(b, [0x49, 0x48, 0x44, 0x52], 12) ? { width: v.getUint32(16), height: v.getUint32(20) } : null;
    case 'gif':
      // The logical screen: every frame is drawn inside it.
      return has(10) ? { width: v.getUint16(6, true), height: v.getUint16(8, true) } : null;
    case 'bmp': {
      if (!has(26)) return null;
      // BITMAPCOREHEADER (12 bytes) has 16-bit sizes; every later header 32-bit, height negative top-down.
      if (v.getUint32(14, true) === 12) return { width: v.getUint16(18, true), height: v.getUint16(20, true) };
      return { width: Math.abs(v.getInt32(18, true)), height: Math.abs(v.getInt32(22, true)) };
    }
    case 'webp':
      return webpSize(b, v);
    case 'jpeg':
      return jpegSize(b, v);
    default:
      return null;
  }
}

function webpSize(b: Uint8Array, v: DataView): ImageSize | null {
  if (b.length < 30) return null;
  const chunk = String.fromCharCode(b[12]!, b[13]!, b[14]!, b[15]!);
  // Lossy: the key frame's 14-bit sizes after its start code 9D 01 2A.
  if (chunk === 'VP8 ' && startsWith(b, [0x9d, 0x01, 0x2a], 23)) return { width: v.getUint16(26, true) & 0x3fff, height: v.getUint16(28, true) & 0x3fff };
  // Lossless: signature 0x2F, then width − 1 and height − 1 in 14 bits each.
  if (chunk === 'VP8L' && b[20] === 0x2f) {
    const bits = v.getUint32(21, true);
    return { width: (bits & 0x3fff) + 1, height: ((bits >>> 14) & 0x3fff) + 1 };
  }
  // Extended: the canvas, width − 1 and height − 1 in 24 bits each.
  if (chunk === 'VP8X') return { width: (b[24]! | (b[25]! << 8) | (b[26]! << 16)) + 1, height: (b[27]! | (b[28]! << 8) | (b[29]! << 16)) + 1 };
  return null;
}

function jpegSize(b: Uint8Array, v: DataView): ImageSize | null {
  // Walk the marker segments to the first start-of-frame (SOF0–SOF15 but DHT C4, JPG C8, DAC CC).
  let i = 2;
  while (i + 9 <= b.length) {
    if (b[i] !== 0xff) return null;
    const marker = b[i + 1]!;
    // Fill bytes, and markers that stand alone (TEM, RST0–7): no length follows.
    if (marker === 0xff) {
      i++;
      continue;
    }
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      i += 2;
      continue;
    }
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      return { width: v.getUint16(i + 7), height: v.getUint16(i + 5) };
    }
    // Start of scan or end of image before any frame: a broken file.
    if (marker === 0xda || marker === 0xd9) return null;
    i += 2 + v.getUint16(i + 2);
  }
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
