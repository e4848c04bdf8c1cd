// Recognising database errors the application turns into answers for people.

/**
 * Is this a unique violation (SQLSTATE 23505), optionally of the named constraint? Drizzle wraps the
 * driver's error as its cause; postgres.js names the constraint `constraint_name`, PGlite `constraint`.
 */
export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  for (let e: unknown = error, depth = 0; e && typeof e === 'object' && depth < 3; depth++) {
    const { code, constraint_name, constraint: pgliteConstraint, cause } = e as Record<string, unknown>;
    if (code === '23505') return !constraint || (constraint_name ?? pgliteConstraint) === constraint;
    e = cause;
  }
  return false;
}

/** SQLSTATEs of a server going away or not yet taking connections (class 08, and 57P01–57P03). */
const UNAVAILABLE_STATES = /^(08|57P0[123])/;
/** postgres.js's own codes for a connection that failed or was lost, and Node's for a refused one. */
const UNAVAILABLE_CODES = new Set([
  'CONNECTION_CLOSED',
  'CONNECTION_ENDED',
  'CONNECTION_DESTROYED',
  'CONNECT_TIMEOUT',
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
]);
/** The same, as they read once Astro has kept only an error's message (an action's failure). */
const UNAVAILABLE_MESSAGE =
  /\b(ECONNREFUSED|ECONNRESET|CONNECTION_(CLOSED|ENDED|DESTROYED)|CONNECT_TIMEOUT)\b|terminating connection due to administrator command|the database system is (starting up|shutting down|in recovery mode)|write CONNECTION_CLOSED|Connection terminated/i;

/**
 * Did this fail because the database could not be reached (down, restarting, the connection lost),
 * rather than because of the query? Such a request is answered 503 with Retry-After, not 500.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e && depth < 4; depth++) {
    if (typeof e === 'string') return UNAVAILABLE_MESSAGE.test(e);
    if (typeof e !== 'object') return false;
    const { code, message, cause, errors } = e as Record<string, unknown>;
    if (typeof code === 'string' && (UNAVAILABLE_CODES.has(code) || UNAVAILABLE_STATES.test(code)))
      return true;
    if (typeof message === 'string' && UNAVAILABLE_MESSAGE.test(message)) return true;
    // Node's AggregateError when every address of the host refused (localhost: ::1 and 127.0.0.1).
    if (Array.isArray(errors) && errors.some((inner) => isDatabaseUnavailable(inner))) return true;
    e = cause;
  }
  return false;
}
