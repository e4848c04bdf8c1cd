// The one staff-action wrapper and the one error mapper: the permission is checked before anything
// else, a domain error becomes the form error people see, and any other error is thrown on as it is.
import { ActionError } from 'astro:actions';
import { describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { AuthError } from '../../features/auth/auth-errors.ts';
import type { Role } from '../../features/auth/permissions.ts';
import type { StaffSession, StaffUser } from '../../features/auth/session.server.ts';
import { PersonalDetailsError } from '../../features/concerns/triage-errors.ts';
import { NewsletterError } from '../../features/newsletters/newsletter-error.ts';
import { StaffNotFoundError } from '../../features/staff/staff.server.ts';
import { toActionError } from './action-errors.ts';
import { publicAction, type StaffActionScope, staffAction } from './actions.ts';

const FAKE_DB = { fake: 'db' };
vi.mock('./db.ts', () => ({ getDb: async () => FAKE_DB }));

function contextFor(role: Role | null, wards: StaffUser['wards'] = []) {
  const now = new Date();
  const session: StaffSession = {
    id: 's',
    staffId: 'u',
    mfaVerified: true,
    createdAt: now,
    lastSeenAt: now,
    expiresAt: now,
  };
  const user: StaffUser = { id: 'u', email: 'e@example.org', name: 'E', role: role ?? 'admin', wards };
  return {
    locals: role ? { staff: { user, session } } : {},
    clientAddress: '192.0.2.1',
    request: new Request('http://localhost/_actions/x', { method: 'POST' }),
  };
}

type Callable = { orThrow: (input: FormData) => Promise<unknown> };

/** Calls an action as Astro does for a form post, with `context` as its API context. */
function call(action: unknown, context: ReturnType<typeof contextFor>, fields: Record<string, string> = {}) {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  return (action as Callable).orThrow.call(context, form);
}

async function refusal(promise: Promise<unknown>): Promise<{ code: string; message: string }> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ActionError) return { code: error.code, message: error.message };
    throw error;
  }
  throw new Error('not refused');
}

const Input = z.object({ id: z.coerce.number().int() });

describe('staffAction', () => {
  it('gives the handler its parsed input, the database, the member and the actor', async () => {
    const seen: unknown[] = [];
    const action = staffAction({
      permission: 'staff:manage',
      input: Input,
      handler: (input, scope: StaffActionScope) => {
        seen.push(input, scope.db, scope.user.id, scope.actor);
        return { done: input.id };
      },
    });
    expect(await call(action, contextFor('admin'), { id: '7' })).toEqual({ done: 7 });
    expect(seen[0]).toEqual({ id: 7 });
    expect(seen[1]).toBe(FAKE_DB);
    expect(seen[2]).toBe('u');
    expect(seen[3]).toMatchObject({ id: 'u', role: 'admin', client: '192.0.2.1' });
  });

  it('refuses before the handler runs: UNAUTHORIZED for nobody signed in, FORBIDDEN for a role without the permission', async () => {
    const handler = vi.fn();
    const action = staffAction({ permission: 'staff:manage', input: Input, handler });
    expect(await refusal(call(action, contextFor(null), { id: '1' }))).toEqual({
      code: 'UNAUTHORIZED',
      message: 'Sign in to continue',
    });
    expect(await refusal(call(action, contextFor('ward_officer'), { id: '1' }))).toEqual({
      code: 'FORBIDDEN',
      message: 'You do not have permission to do this',
    });
    expect(handler).not.toHaveBeenCalled();
  });

  it("refuses a record outside the member's ward scope as not found", async () => {
    const handler = vi.fn(() => 'done');
    const action = staffAction({
      permission: 'dashboard:view',
      input: Input,
      ward: ({ id }) => (id === 0 ? null : { id }),
      notFound: 'That thing does not exist',
      handler,
    });
    const officer = contextFor('ward_officer', [{ id: 3, slug: 'camden-town' }]);
    expect(await call(action, officer, { id: '3' })).toBe('done');
    expect(await refusal(call(action, officer, { id: '7' }))).toEqual({
      code: 'NOT_FOUND',
      message: 'That thing does not exist',
    });
    expect(await refusal(call(action, contextFor('admin'), { id: '0' }))).toEqual({
      code: 'NOT_FOUND',
      message: 'That thing does not exist',
    });
    expect(handler).toHaveBeenCalledTimes(1);
  });

  it('maps a domain error to its form error, and throws any other error on unchanged', async () => {
    const failing = (error: Error) =>
      staffAction({
        permission: 'staff:manage',
        input: Input,
        handler: () => {
          throw error;
        },
      });
    expect(await refusal(call(failing(new StaffNotFoundError()), contextFor('admin'), { id: '1' }))).toEqual({
      code: 'NOT_FOUND',
      message: 'That staff member does not exist',
    });
    const own = new ActionError({ code: 'CONFLICT', message: 'as the handler said' });
    await expect(call(failing(own), contextFor('admin'), { id: '1' })).rejects.toBe(own);
    const bug = new TypeError('a bug');
    await expect(call(failing(bug), contextFor('admin'), { id: '1' })).rejects.toBe(bug);
  });
});

describe('publicAction', () => {
  it('runs for anyone and maps domain errors the same way', async () => {
    const action = publicAction({
      input: Input,
      handler: ({ id }) => {
        if (id === 1) throw new NewsletterError('invalid_link');
        return { id };
      },
    });
    expect(await call(action, contextFor(null), { id: '2' })).toEqual({ id: 2 });
    expect(await refusal(call(action, contextFor(null), { id: '1' }))).toEqual({
      code: 'BAD_REQUEST',
      message: 'This link has expired or has already been used. Subscribe again to get a new one.',
    });
  });
});

describe('toActionError', () => {
  const mapped = (error: unknown) => {
    try {
      toActionError(error);
    } catch (thrown) {
      return thrown;
    }
  };

  it('gives each domain error its code and message, with what the message needs', () => {
    expect(mapped(new AuthError('throttled', 120))).toMatchObject({
      code: 'TOO_MANY_REQUESTS',
      message: 'Too many attempts from this device. Try again in 2 minutes.',
    });
    expect(mapped(new NewsletterError('throttled', 120))).toMatchObject({
      code: 'TOO_MANY_REQUESTS',
      message: 'Too many requests from this device. Try again in 2 minutes.',
    });
    expect(mapped(new PersonalDetailsError(['email', 'phone']))).toMatchObject({
      code: 'CONFLICT',
      message:
        'The note to the resident looks like it contains a email address or a phone number. Check it, then confirm you mean to send it.',
    });
  });

  it('throws any other error on unchanged', () => {
    const other = new Error('not a domain error');
    expect(mapped(other)).toBe(other);
    expect(mapped('a string')).toBe('a string');
  });
});
