// Structured logging: one JSON object per line on stdout/stderr. log.ts makes the server's logger
// from astro:env; scripts that run under plain Node (the stand-alone email worker) make their own here.
// Never pass secrets, tokens, cookies or personal data: fields whose names look like secrets are
// masked as a last line of defence. A line written while a request is handled carries its id
// (`requestId`, request-context.ts).
import { currentRequestId } from './request-context.ts';

export type Level = 'debug' | 'info' | 'warn' | 'error';
type Write = (message: string, fields?: Record<string, unknown>) => void;
export type Logger = Record<Level, Write>;

const order: Record<Level, number> = { debug: 10, info: 20, warn: 30, error: 40 };
const SECRET_KEY = /pass(word)?|secret|token|cookie|authorization|api[-_]?key|session|otp|recovery/i;

export function redact(fields: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(fields)) {
    out[key] = SECRET_KEY.test(key) ? '[redacted]' : value;
  }
  return out;
}

/** LOG_LEVEL as written, or `info`. */
export function logLevelFromEnv(value: string | undefined): Level {
  return value === 'debug' || value === 'warn' || value === 'error' ? value : 'info';
}

export function createLogger(minLevel: Level): Logger {
  const write = (level: Level, message: string, fields: Record<string, unknown> = {}): void => {
    if (order[level] < order[minLevel]) return;
    const requestId = currentRequestId();
    const line = JSON.stringify({
      time: new Date().toISOString(),
      level,
      message,
      ...(requestId ? { requestId } : {}),
      ...redact(fields),
    });
    if (level === 'error' || level === 'warn') process.stderr.write(`${line}\n`);
    else process.stdout.write(`${line}\n`);
  };
  return {
    debug: (message, fields) => write('debug', message, fields),
    info: (message, fields) => write('info', message, fields),
    warn: (message, fields) => write('warn', message, fields),
    error: (message, fields) => write('error', message, fields),
  };
}

/** A logger that writes nothing (tests). */
export const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {} };

/**
 * An error's name and message, without the stack or anything attached to it. A failed query's
 * parameters (addresses, names, token hashes) are cut off; the database's own error is added.
 */
export function describeError(error: unknown): { error: string } {
  if (!(error instanceof Error)) return { error: safeLogText(String(error)) };
  let text = `${error.name}: ${safeLogText(error.message)}`;
  const cause = error.cause;
  if (cause instanceof Error) {
    const code = (cause as { code?: unknown }).code;
    text += ` (cause: ${typeof code === 'string' ? `${code} ` : ''}${safeLogText(cause.message)})`;
  }
  return { error: text };
}

/**
 * Drizzle's "Failed query: <sql>\nparams: <values>": keep the SQL, never the values (nor anything
 * after them: a value can hold line breaks, so the rest of the text cannot be trusted).
 */
export function safeLogText(message: string): string {
  const at = message.search(/\bparams:/);
  return at === -1 ? message : `${message.slice(0, at)}params: [not logged]`;
}
