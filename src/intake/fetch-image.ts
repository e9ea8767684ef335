// An inline image (a pasted screenshot), fetched under the image rules and checked to be an image
// by its first bytes, whatever its content-type claims.
import { openDownload, RefusalError, type DownloadOptions } from './download';
import { refuse, type Permit, type Refusal } from './download-rules';
import { imageSize, sniffImage, type ImageFormat } from './sniff-content';

export interface FetchedImage {
  ok: true;
  bytes: Buffer;
  format: ImageFormat;
}

/**
 * Bytes that are an image of at most `maxPixels`, by their magic number and header; nothing is
 * decoded, so a small file that declares a huge image is refused before it can cost its memory.
 */
export function checkImage(bytes: Buffer, maxPixels: number): FetchedImage | Refusal {
  const format = sniffImage(bytes);
  const size = format ? imageSize(bytes) : null;
  if (!format || !size || size.width === 0 || size.height === 0) return refuse('not-image');
  if (size.width * size.height > maxPixels) return refuse('too-many-pixels', `${size.width}x${size.height}`);
  return { ok: true, bytes, format };
}

/** Downloads a permitted image; a refusal says why not. */
export async function fetchImage(permit: Permit, options: DownloadOptions & { maxPixels: number }): Promise<FetchedImage | Refusal> {
  const opened = await openDownload(permit, options);
  if (!opened.ok) return opened;
  const type = opened.contentType.split(';')[0]!.trim();
  // Bot Connector serves attachment views as image/*; octet-stream is what a generic store says.
  if (type && !type.startsWith('image/') && type !== 'application/octet-stream') {
    opened.cancel();
    return refuse(type === 'application/pdf' ? 'pdf' : type.includes('zip') ? 'zip' : 'not-image', type);
  }
  const parts: Uint8Array[] = [];
  try {
    for await (const c of opened.chunks) parts.push(c);
  } catch (e) {
    if (e instanceof RefusalError) return e.refusal;
    throw e;
  }
  return checkImage(Buffer.concat(parts), options.maxPixels);
}
