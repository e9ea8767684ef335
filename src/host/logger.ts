// One JSON line per event on standard output; never a secret or a pasted text.
export interface Logger {
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
}

/** A logger writing JSON lines to a stream (stdout by default). */
export function jsonLogger(write: (line: string) => void = (l) => process.stdout.write(l)): Logger {
  const log = (level: string) => (msg: string, fields: Record<string, unknown> = {}) =>
    write(`${JSON.stringify({ time: new Date().toISOString(), level, msg, ...fields })}\n`);
  return { info: log('info'), warn: log('warn'), error: log('error') };
}
