// The checks every staff page and action starts with, including ward scope.
import { ActionError } from 'astro:actions';
import type { AstroCookies } from 'astro';
import { describe, expect, it } from 'vitest';
import type { Role } from '../../features/auth/permissions.ts';
import type { StaffSession, StaffUser } from '../../features/auth/session.server.ts';
import { deleteSessionCookie, isPageRefusal, requireStaff, requireStaffPage } from './staff-auth.ts';

const CAMDEN_TOWN = { id: 3, slug: 'camden-town' };
const HOLLOWAY = { id: 7, slug: 'holloway' };

function locals(role: Role | null, wards: StaffUser['wards'] = [], mfaVerified = true): App.Locals {
  if (!role) return {};
  const now = new Date();
  const session: StaffSession = {
    id: 'x',
    staffId: 'u',
    mfaVerified,
    createdAt: now,
    lastSeenAt: now,
    expiresAt: now,
  };
  return { staff: { user: { id: 'u', email: 'e@example.org', name: 'E', role, wards }, session } };
}

function actionCode(run: () => unknown): string | null {
  try {
    run();
    return null;
  } catch (error) {
    if (error instanceof ActionError) return error.code;
    throw error;
  }
}

async function pageAnswer(promise: Promise<unknown>): Promise<string | null> {
  try {
    await promise;
    return null;
  } catch (error) {
    if (isPageRefusal(error)) return error.kind;
    throw error;
  }
}

describe('requireStaff (actions)', () => {
  it('refuses nobody, a half-signed-in session and a role without the permission', () => {
    expect(actionCode(() => requireStaff(locals(null), 'dashboard:view'))).toBe('UNAUTHORIZED');
    expect(actionCode(() => requireStaff(locals('admin', [], false), 'dashboard:view'))).toBe('UNAUTHORIZED');
    expect(actionCode(() => requireStaff(locals('ward_officer'), 'staff:manage'))).toBe('FORBIDDEN');
    expect(requireStaff(locals('admin'), 'staff:manage').role).toBe('admin');
  });

  it('lets a ward officer act on their own wards only, and answers NOT_FOUND for the others', () => {
    const officer = locals('ward_officer', [CAMDEN_TOWN]);
    expect(requireStaff(officer, 'dashboard:view', { ward: { id: CAMDEN_TOWN.id } }).id).toBe('u');
    expect(requireStaff(officer, 'dashboard:view', { ward: { slug: 'camden-town' } }).id).toBe('u');
    expect(actionCode(() => requireStaff(officer, 'dashboard:view', { ward: { id: HOLLOWAY.id } }))).toBe(
      'NOT_FOUND',
    );
    expect(actionCode(() => requireStaff(officer, 'dashboard:view', { ward: { slug: 'holloway' } }))).toBe(
      'NOT_FOUND',
    );
    // The feature's own "no such record" message: the two answers cannot be told apart.
    try {
      requireStaff(officer, 'dashboard:view', {
        ward: { id: HOLLOWAY.id },
        notFound: 'That concern does not exist',
      });
    } catch (error) {
      expect((error as ActionError).message).toBe('That concern does not exist');
    }
    // `ward: null` is a record that does not exist: the same answer, for every role.
    expect(actionCode(() => requireStaff(locals('admin'), 'dashboard:view', { ward: null }))).toBe(
      'NOT_FOUND',
    );
    // No wards at all: nothing is in scope.
    expect(
      actionCode(() => requireStaff(locals('ward_officer'), 'dashboard:view', { ward: { id: 3 } })),
    ).toBe('NOT_FOUND');
  });

  it('lets administrators and liaison officers act on every ward', () => {
    for (const role of ['admin', 'liaison_officer'] as const) {
      expect(requireStaff(locals(role), 'dashboard:view', { ward: { id: HOLLOWAY.id } }).role).toBe(role);
    }
  });

  it('checks the permission before the ward, so a ward never turns a 403 into a 404', () => {
    const officer = locals('ward_officer', [CAMDEN_TOWN]);
    expect(actionCode(() => requireStaff(officer, 'staff:manage', { ward: { id: HOLLOWAY.id } }))).toBe(
      'FORBIDDEN',
    );
  });
});

describe('requireStaffPage (pages)', () => {
  it('returns the member, or throws the refusal the middleware answers', async () => {
    expect((await requireStaffPage({ locals: locals('admin') }, 'audit:view')).role).toBe('admin');
    expect(await pageAnswer(requireStaffPage({ locals: locals(null) }, 'audit:view'))).toBe('sign_in');
    expect(await pageAnswer(requireStaffPage({ locals: locals('liaison_officer') }, 'audit:view'))).toBe(
      'forbidden',
    );
    const officer = { locals: locals('ward_officer', [CAMDEN_TOWN]) };
    expect(await pageAnswer(requireStaffPage(officer, 'dashboard:view', { ward: { id: HOLLOWAY.id } }))).toBe(
      'not_found',
    );
    expect(
      await pageAnswer(requireStaffPage(officer, 'dashboard:view', { ward: { id: CAMDEN_TOWN.id } })),
    ).toBe(null);
  });
});

describe('deleteSessionCookie', () => {
  function deletion(url: string): { name: string; options: Record<string, unknown> } {
    const calls: { name: string; options: Record<string, unknown> }[] = [];
    const cookies = {
      delete: (name: string, options: Record<string, unknown> = {}) => calls.push({ name, options }),
    } as unknown as AstroCookies;
    deleteSessionCookie({ cookies, url: new URL(url) });
    expect(calls).toHaveLength(1);
    return calls[0] as { name: string; options: Record<string, unknown> };
  }

  it('deletes the __Host- cookie over HTTPS with Secure, or the browser ignores the deletion', () => {
    const { name, options } = deletion('https://portal.example/staff');
    expect(name).toBe('__Host-cn_staff');
    expect(options).toMatchObject({ secure: true, path: '/', httpOnly: true, sameSite: 'lax' });
    expect(options.domain).toBeUndefined();
  });

  it('deletes the plain cookie over HTTP', () => {
    const { name, options } = deletion('http://127.0.0.1/staff');
    expect(name).toBe('cn_staff');
    expect(options).toMatchObject({ secure: false, path: '/' });
  });
});
