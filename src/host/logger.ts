// Structured JSON logs (pino), one line per event. Never a token, a secret or pasted text: turns
// are logged by id and kind, and an error by its message.
import { pino, type Logger as Pino } from 'pino';

export interface Logger {
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
  debug?(msg: string, fields?: Record<string, unknown>): void;
  /** A logger that adds these fields to every line: the turn's correlation id, say. */
  child?(bindings: Record<string, unknown>): Logger;
}

function wrap(p: Pino): Logger {
  return {
    info: (msg, fields = {}) => p.info(fields, msg),
    warn: (msg, fields = {}) => p.warn(fields, msg),
    error: (msg, fields = {}) => p.error(fields, msg),
    debug: (msg, fields = {}) => p.debug(fields, msg),
    child: (bindings) => wrap(p.child(bindings)),
  };
}

/** The process's logger: JSON lines on standard output at `level` (LOG_LEVEL, default info). */
export function jsonLogger(level = 'info'): Logger {
  return wrap(
    pino({
      level,
      base: undefined,
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      // Belt and braces: were a request or its headers ever passed in, the credentials stay out.
      redact: { paths: ['*.authorization', '*.headers.authorization', '*.password', '*.appPassword', '*.MicrosoftAppPassword', '*.secret', '*.token'], censor: '[redacted]' },
    }),
  );
}
