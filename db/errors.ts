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
