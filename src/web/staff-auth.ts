// The glue between staff sessions and Astro: the session cookie, the client's address, and the
// checks every staff page and action starts with. Request glue over the auth feature, so it lives in
// src/web/ (which may import features), not src/lib/ (which may not).

import { ActionError } from 'astro:actions';
import { TRUSTED_PROXIES } from 'astro:env/server';
import type { APIContext, AstroGlobal } from 'astro';
import { can, type Permission } from '../features/auth/permissions.ts';
import type { StaffUser } from '../features/auth/session.server.ts';
import { resolveClientAddress } from '../lib/server/client-address.ts';

type CookieContext = Pick<APIContext, 'cookies' | 'url'>;

/** `__Host-` needs Secure, which a browser only keeps over HTTPS: plain-HTTP development drops the prefix. */
export function sessionCookieName(url: URL): string {
  return url.protocol === 'https:' ? '__Host-cn_staff' : 'cn_staff';
}

export function setSessionCookie(context: CookieContext, token: string, expiresAt: Date): void {
  context.cookies.set(sessionCookieName(context.url), token, {
    httpOnly: true,
    secure: context.url.protocol === 'https:',
    sameSite: 'lax',
    path: '/',
    expires: expiresAt,
  });
}

export function deleteSessionCookie(context: CookieContext): void {
  context.cookies.delete(sessionCookieName(context.url), { path: '/' });
}

/** The client's address: the connection's, or behind `TRUSTED_PROXIES` proxies the one they forwarded. */
export function clientOf(context: Pick<APIContext, 'clientAddress' | 'request'>): string | null {
  let socketAddress: string | null;
  try {
    socketAddress = context.clientAddress;
  } catch {
    socketAddress = null;
  }
  return resolveClientAddress(socketAddress, context.request.headers.get('x-forwarded-for'), TRUSTED_PROXIES);
}

export function userAgentOf(context: Pick<APIContext, 'request'>): string | null {
  return context.request.headers.get('user-agent')?.slice(0, 200) ?? null;
}

/**
 * For actions: the signed-in staff member, if their role holds the permission.
 * Throws UNAUTHORIZED when nobody (fully) signed in, FORBIDDEN when the role lacks the permission.
 */
export function requireStaff(locals: App.Locals, permission: Permission): StaffUser {
  const staff = locals.staff;
  if (!staff?.session.mfaVerified) {
    throw new ActionError({ code: 'UNAUTHORIZED', message: 'Sign in to continue' });
  }
  if (!can(staff.user.role, permission)) {
    throw new ActionError({ code: 'FORBIDDEN', message: 'You do not have permission to do this' });
  }
  return staff.user;
}

/**
 * For pages: the signed-in staff member, or the response to send instead — a redirect to sign in
 * (back to this page afterwards) or the 403 page.
 */
export function requireStaffPage(
  Astro: Pick<AstroGlobal, 'locals' | 'url' | 'redirect' | 'rewrite' | 'response'>,
  permission: Permission,
): StaffUser | Promise<Response> | Response {
  const staff = Astro.locals.staff;
  if (!staff?.session.mfaVerified) {
    const next = `${Astro.url.pathname}${Astro.url.search}`;
    const reason = Astro.locals.staffSessionEnded ? '&expired=1' : '';
    return Astro.redirect(`/staff/login?next=${encodeURIComponent(next)}${reason}`, 303);
  }
  if (!can(staff.user.role, permission)) {
    Astro.response.status = 403;
    return Astro.rewrite('/staff/forbidden');
  }
  return staff.user;
}

/** Only same-site back-office paths are followed after sign-in. */
export function safeNext(next: string | null | undefined): string {
  return next && /^\/staff(\/|$|\?)/.test(next) && !next.startsWith('//') ? next : '/staff';
}
