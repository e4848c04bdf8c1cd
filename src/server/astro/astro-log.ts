// Astro's own log lines (the Node adapter's "Server listening", a request that failed to render, an
// action's unexpected error) in the server's JSON format, with nothing personal in them. Astro logs a
// failed action's whole error, and a failed query's message carries its parameters (names,
// addresses, hashes, email bodies): everything from "params:" on is cut, which also drops the stack.
// Named as `logger.entrypoint` in astro.config.mjs. Under the `astro` command line (build, check,
// dev) Astro's usual console lines are kept, for people reading a terminal.
// Also routes stray console output of the built server through the same logger (routeConsole).
import { format } from 'node:util';
import nodeDestination from 'astro/logger/node';
import { createLogger, type Level, type Logger, logLevelFromEnv, safeLogText } from '../node/logger.ts';

interface AstroLogEvent {
  label: string | null;
  level: 'debug' | 'info' | 'warn' | 'error' | 'silent';
  message: string;
}

const ANSI = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, 'g');
const FRAME = /^\s+at /;

/** One event: the text as the message, stack frames (file paths only) apart, parameters never. */
export function astroLogFields(message: string): { message: string; stack?: string[] } {
  const lines = safeLogText(message.replace(ANSI, '')).split('\n');
  const text = lines
    .filter((line) => !FRAME.test(line))
    .join(' ')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 2000);
  const stack = lines.filter((line) => FRAME.test(line)).map((line) => line.trim());
  return stack.length ? { message: text, stack: stack.slice(0, 10) } : { message: text };
}

export function jsonDestination(logger: Logger = createLogger('debug')) {
  return {
    write(event: AstroLogEvent): void {
      if (event.level === 'silent') return;
      const { message, stack } = astroLogFields(event.message);
      logger[event.level](message, { source: 'astro', label: event.label ?? undefined, stack });
    },
  };
}

function runningAstroCli(): boolean {
  return /[\\/]astro(\.m?js)?$/.test(process.argv[1] ?? '');
}

export default function astroLogDestination() {
  return runningAstroCli() ? nodeDestination() : jsonDestination();
}

/**
 * Makes console.log/info/warn/error/debug write a JSON line through the server's logger (with the same
 * cutting of query parameters), so a library writing to the console cannot break the log format.
 */
export function routeConsole(logger: Logger = createLogger(logLevelFromEnv(process.env.LOG_LEVEL))): void {
  const route =
    (level: Level) =>
    (...args: unknown[]): void => {
      const { message, stack } = astroLogFields(format(...args));
      logger[level](message, { source: 'console', stack });
    };
  console.log = route('info');
  console.info = route('info');
  console.debug = route('debug');
  console.warn = route('warn');
  console.error = route('error');
}
