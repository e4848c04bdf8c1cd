// Creating fully set-up staff members in a test database, the way a real one is: invitation,
// password, authenticator app.
import { generateHOTP } from '@oslojs/otp';
import type { Db } from '../../db/client.ts';
import { AuthError } from '../../src/features/auth/auth-errors.ts';
import {
  completeInvitation,
  findValidToken,
  inviteStaff,
  storeInitialPassword,
} from '../../src/features/auth/one-time-links.server.ts';
import { hashPassword } from '../../src/features/auth/password.server.ts';
import type { Role } from '../../src/features/auth/permissions.ts';
import {
  type StaffSession,
  type StaffUser,
  validateSessionToken,
} from '../../src/features/auth/session.server.ts';
import { signInWithPassword } from '../../src/features/auth/sign-in.server.ts';
import { generateTotpKey } from '../../src/features/auth/totp.ts';
import { secretPlaceholder } from '../../src/features/secrets/secrets.ts';

export const TEST_SECRET = new Uint8Array(32).fill(42);
export const TEST_PASSWORD = 'a long test password for staff';
/** What a feature needs to put a link in an email, in tests: the test secret and the local address. */
export const TEST_MAIL = { secret: TEST_SECRET, baseUrl: 'http://localhost:4321' };
/** The placeholder a queued message holds for its secret, under the test secret. */
export const TEST_PLACEHOLDER = secretPlaceholder(TEST_SECRET);

export interface TestStaff {
  id: string;
  email: string;
  name: string;
  role: Role;
  key: Uint8Array;
  recoveryCodes: string[];
  /** A full session token from finishing set-up. */
  token: string;
  /** The device cookie the browser that finished set-up was given. */
  device: string;
}

/** The member as a signed-in request sees them. */
export function asUser(s: TestStaff): StaffUser {
  return { id: s.id, email: s.email, name: s.name, role: s.role, wards: [] };
}

/** 'ok', or the AuthError's code (any other error's name with `names`; otherwise it is thrown). */
export async function outcome(p: Promise<unknown>, options: { names?: boolean } = {}): Promise<string> {
  return p.then(
    () => 'ok',
    (e: unknown) => {
      if (e instanceof AuthError) return e.code;
      if (options.names && e instanceof Error) return e.name;
      throw e;
    },
  );
}

/** The code an authenticator app would show at `at` (any time, not only now). */
export function totpAt(key: Uint8Array, at: Date): string {
  return generateHOTP(key, BigInt(Math.floor(at.getTime() / 30_000)), 6);
}

// argon2id at production cost takes tens of milliseconds a hash: one per password per process is
// enough for members made to test something else. The tests of choosing and changing a password go
// through setInitialPassword and the account functions, which hash every time.
const hashes = new Map<string, Promise<string>>();
function hashOnce(password: string): Promise<string> {
  let h = hashes.get(password);
  if (!h) {
    h = hashPassword(password);
    hashes.set(password, h);
  }
  return h;
}

let n = 0;
export async function createStaff(
  db: Db,
  role: Role,
  options: { now?: Date; email?: string; wardIds?: number[] } = {},
): Promise<TestStaff> {
  n++;
  const now = options.now ?? new Date();
  const email = options.email ?? `${role.replace('_', '-')}-${n}-${Date.now()}@example.org`;
  const name = `Test ${role} ${n}`;
  const { token } = await inviteStaff(
    db,
    { email, name, role, wardIds: options.wardIds ?? [] },
    { id: null, email: 'test' },
    TEST_SECRET,
    now,
  );
  const holder = await findValidToken(db, TEST_SECRET, token, 'invite', now);
  if (!holder) throw new Error('invitation not found');
  await storeInitialPassword(db, holder, await hashOnce(TEST_PASSWORD), '127.0.0.1');
  const ready = await findValidToken(db, TEST_SECRET, token, 'invite', now);
  if (!ready) throw new Error('invitation vanished');
  const key = generateTotpKey();
  // Enrol with the previous step's code so tests can sign in with the current one at `now`.
  const enrolAt = new Date(now.getTime() - 30_000);
  const done = await completeInvitation(db, ready, key, totpAt(key, enrolAt), {
    ...TEST_MAIL,
    client: '127.0.0.1',
    now: enrolAt,
  });
  return {
    id: holder.user.id,
    email,
    name,
    role,
    key,
    recoveryCodes: done.recoveryCodes,
    token: done.token,
    device: done.device.token,
  };
}

/** The first step of signing in, with the test password: the pending session a second factor needs. */
export async function pendingSignIn(
  db: Db,
  s: TestStaff,
  ctx: { client: string; now: Date },
): Promise<StaffSession> {
  const p = await signInWithPassword(
    db,
    { email: s.email, password: TEST_PASSWORD },
    { ...TEST_MAIL, ...ctx },
  );
  const v = await validateSessionToken(db, p.token, ctx.now);
  if (!v.session) throw new Error('no pending session');
  return v.session;
}
