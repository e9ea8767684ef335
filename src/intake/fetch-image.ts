// An inline image (a pasted screenshot), fetched under the image rules and checked to be an image
// by its first bytes, whatever its content-type claims.
import { openDownload, RefusalError, type DownloadOptions } from './download';
import { refuse, type Permit, type Refusal } from './download-rules';
import { sniffImage, type ImageFormat } from './sniff-content';

export interface FetchedImage {
  ok: true;
  bytes: Buffer;
  format: ImageFormat;
}

/** Downloads a permitted image; a refusal says why not. */
export async function fetchImage(permit: Permit, options: DownloadOptions): Promise<FetchedImage | Refusal> {
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
  const bytes = Buffer.concat(parts);
  const format = sniffImage(bytes);
  return format ? { ok: true, bytes, format } : refuse('not-image');
}
