// Staff sessions, after the Lucia guide: a random token in an HttpOnly cookie, only its SHA-256 in
// the database, validated once per request in middleware, sliding 30-minute idle expiry and a
// 12-hour absolute limit.
import { and, eq, ne, sql } from 'drizzle-orm';
import type { Db } from '../../../db/client.ts';
import { staffSessions, staffUsers, staffWardAssignments, wards } from '../../../db/schema/index.ts';
import type { Role } from './permissions.ts';
import { PENDING_SESSION_MS, SESSION_ABSOLUTE_MS, sessionState, shouldTouch } from './session.ts';
import { generateToken, hashToken } from './tokens.ts';
import type { WardAssignment } from './ward-scope.ts';

export interface StaffUser {
  id: string;
  email: string;
  name: string;
  role: Role;
  /** The wards the member is assigned to (ward officers), by id and slug: see `wardScope`. */
  wards: WardAssignment[];
}

export interface StaffSession {
  id: string;
  staffId: string;
  mfaVerified: boolean;
  createdAt: Date;
  lastSeenAt: Date;
  expiresAt: Date;
}

export interface SessionClient {
  userAgent?: string | null;
  client?: string | null;
}

/** Creates a session and returns its token (the only time the token exists outside a cookie). */
export async function createSession(
  db: Db,
  staffId: string,
  options: SessionClient & { mfaVerified: boolean; now?: Date },
): Promise<{ token: string; session: StaffSession }> {
  const now = options.now ?? new Date();
  const token = generateToken();
  const lifetime = options.mfaVerified ? SESSION_ABSOLUTE_MS : PENDING_SESSION_MS;
  const [session] = await db
    .insert(staffSessions)
    .values({
      id: hashToken(token),
      staffId,
      mfaVerified: options.mfaVerified,
      createdAt: now,
      lastSeenAt: now,
      expiresAt: new Date(now.getTime() + lifetime),
      userAgent: options.userAgent?.slice(0, 200) ?? null,
      client: options.client ?? null,
    })
    .returning();
  if (!session) throw new Error('Session insert returned nothing');
  return { token, session };
}

/** The member's wards, in the session's own query (no second round trip per request). */
const assignedWards = sql<unknown>`coalesce((
  select json_agg(json_build_object('id', ${wards.id}, 'slug', ${wards.slug}) order by ${wards.id})
  from ${staffWardAssignments} join ${wards} on ${wards.id} = ${staffWardAssignments.wardId}
  where ${staffWardAssignments.staffId} = ${staffUsers.id}
), '[]')`;

/** postgres.js and PGlite both parse json; a driver that hands back text is parsed here. */
function parseWards(value: unknown): WardAssignment[] {
  const list: unknown = typeof value === 'string' ? JSON.parse(value) : value;
  if (!Array.isArray(list)) return [];
  return list.map((w: { id: unknown; slug: unknown }) => ({ id: Number(w.id), slug: String(w.slug) }));
}

export type SessionValidation =
  | { session: StaffSession; user: StaffUser }
  | { session: null; user: null; reason: 'missing' | 'expired' | 'idle_expired' | 'inactive' };

export async function validateSessionToken(
  db: Db,
  token: string,
  now = new Date(),
): Promise<SessionValidation> {
  const id = hashToken(token);
  const [row] = await db
    .select({ session: staffSessions, user: staffUsers, wards: assignedWards })
    .from(staffSessions)
    .innerJoin(staffUsers, eq(staffUsers.id, staffSessions.staffId))
    .where(eq(staffSessions.id, id));
  if (!row) return { session: null, user: null, reason: 'missing' };
  const state = sessionState(row.session, now);
  if (state !== 'valid') {
    await db.delete(staffSessions).where(eq(staffSessions.id, id));
    return { session: null, user: null, reason: state };
  }
  if (!row.user.active) {
    await db.delete(staffSessions).where(eq(staffSessions.id, id));
    return { session: null, user: null, reason: 'inactive' };
  }
  let session = row.session;
  if (shouldTouch(session, now)) {
    const [touched] = await db
      .update(staffSessions)
      .set({ lastSeenAt: now })
      .where(eq(staffSessions.id, id))
      .returning();
    if (touched) session = touched;
  }
  const { id: userId, email, name, role } = row.user;
  return { session, user: { id: userId, email, name, role, wards: parseWards(row.wards) } };
}

export async function invalidateSession(db: Db, sessionId: string): Promise<void> {
  await db.delete(staffSessions).where(eq(staffSessions.id, sessionId));
}

/** Ends every session of a user, or every one but `except`. */
export async function invalidateUserSessions(db: Db, staffId: string, except?: string): Promise<number> {
  const rows = await db
    .delete(staffSessions)
    .where(and(eq(staffSessions.staffId, staffId), except ? ne(staffSessions.id, except) : undefined))
    .returning({ id: staffSessions.id });
  return rows.length;
}

export async function listUserSessions(db: Db, staffId: string): Promise<(StaffSession & SessionClient)[]> {
  return db
    .select()
    .from(staffSessions)
    .where(and(eq(staffSessions.staffId, staffId), eq(staffSessions.mfaVerified, true)));
}
