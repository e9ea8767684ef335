// Fetching one attachment under the download rules: the token only where permitted, redirects only
// within the same origin, a size cap checked before (content-length) and while reading, and a
// time-out over the whole download. Every failure is a Refusal value, never a thrown error.
import { permitRedirect, refuse, type Permit, type Refusal } from './download-rules';

export interface DownloadLimits {
  maxBytes: number;
  timeoutMs: number;
}

export interface DownloadOptions extends DownloadLimits {
  /** The bot's bearer token, asked for only when the permit allows sending it. */
  token?: () => Promise<string | null>;
}

/** Redirects followed within the origin: SharePoint's download.aspx redirects once at most. */
const MAX_REDIRECTS = 3;

export interface OpenedDownload {
  ok: true;
  contentType: string;
  /** The body, chunk by chunk; it ends early with a RefusalError past the cap or the time-out. */
  chunks: AsyncGenerator<Uint8Array, void, void>;
  /** Stops the download (the reader has all it needs). */
  cancel(): void;
}

/** Thrown inside `chunks` only; the consumers turn it back into its Refusal. */
export class RefusalError extends Error {
  constructor(readonly refusal: Refusal) {
    super(refusal.reason);
  }
}

/** Starts a permitted download; resolves once the response headers are in. */
export async function openDownload(permit: Permit, options: DownloadOptions): Promise<OpenedDownload | Refusal> {
  if (!permit.ok) return permit;
  const abort = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    abort.abort();
  }, options.timeoutMs);
  timer.unref?.();
  const fail = (r: Refusal) => {
    clearTimeout(timer);
    abort.abort();
    return r;
  };
  let url = permit.url;
  let res: Response | undefined;
  try {
    const token = permit.sendToken && options.token ? await options.token() : null;
    for (let hop = 0; ; hop++) {
      const headers: Record<string, string> = {};
      if (token) headers.authorization = `Bearer ${token}`;
      res = await fetch(url, { headers, redirect: 'manual', signal: abort.signal });
      if (res.status < 300 || res.status >= 400) break;
      await res.body?.cancel();
      const next = hop < MAX_REDIRECTS ? permitRedirect(url, res.headers.get('location') ?? '') : null;
      if (!next) return fail(refuse('redirect', res.headers.get('location') ? new URL(res.headers.get('location')!, url).hostname : undefined));
      url = next;
    }
  } catch {
    return fail(refuse(timedOut ? 'timeout' : 'unreachable', url.hostname));
  }
  if (res.status !== 200 || !res.body) {
    await res.body?.cancel().catch(() => undefined);
    return fail(refuse('http-status', String(res.status)));
  }
  const length = Number(res.headers.get('content-length') ?? NaN);
  if (Number.isFinite(length) && length > options.maxBytes) {
    await res.body.cancel().catch(() => undefined);
    return fail(refuse('too-large', String(length)));
  }
  const body = res.body;
  async function* chunks(): AsyncGenerator<Uint8Array, void, void> {
    let total = 0;
    const reader = body.getReader();
    try {
      for (;;) {
        let step: Awaited<ReturnType<typeof reader.read>>;
        try {
          step = await reader.read();
        } catch {
          throw new RefusalError(refuse(timedOut ? 'timeout' : 'unreachable'));
        }
        if (step.done) return;
        total += step.value.byteLength;
        if (total > options.maxBytes) throw new RefusalError(refuse('too-large', String(total)));
        yield step.value;
      }
    } finally {
      clearTimeout(timer);
      reader.releaseLock();
      abort.abort();
    }
  }
  return { ok: true, contentType: (res.headers.get('content-type') ?? '').toLowerCase(), chunks: chunks(), cancel: () => abort.abort() };
}
