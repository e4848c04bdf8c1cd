// The glue between staff sessions and Astro: the session cookie, the client's address, and the
// checks every staff page and action starts with. Request glue over the auth feature, so it lives in
// src/server/astro/ (which may import features), not src/server/node or src/lib (which may not).

import { ActionError } from 'astro:actions';
import { TRUSTED_PROXIES } from 'astro:env/server';
import type { APIContext, AstroGlobal } from 'astro';
import { can, type Permission } from '../../features/auth/permissions.ts';
import type { StaffUser } from '../../features/auth/session.server.ts';
import { coversWard, wardScope } from '../../features/auth/ward-scope.ts';
import { viewIntent } from '../http/view-intent.ts';
import { resolveClientAddress } from '../node/client-address.ts';

type CookieContext = Pick<APIContext, 'cookies' | 'url'>;

/** `__Host-` needs Secure, which a browser only keeps over HTTPS: plain-HTTP development drops the prefix. */
export function sessionCookieName(url: URL): string {
  return url.protocol === 'https:' ? '__Host-cn_staff' : 'cn_staff';
}

function sessionCookieOptions(url: URL) {
  return { httpOnly: true, secure: url.protocol === 'https:', sameSite: 'lax', path: '/' } as const;
}

export function setSessionCookie(context: CookieContext, token: string, expiresAt: Date): void {
  context.cookies.set(sessionCookieName(context.url), token, {
    ...sessionCookieOptions(context.url),
    expires: expiresAt,
  });
}

/** A browser ignores a Set-Cookie for a `__Host-` name without Secure: the deletion carries it too. */
export function deleteSessionCookie(context: CookieContext): void {
  context.cookies.delete(sessionCookieName(context.url), sessionCookieOptions(context.url));
}

/**
 * The device cookie: a browser that completed a sign-in is trusted at the next one (OWASP's device
 * cookies, see features/auth/device-cookies.server.ts). Set like the session cookie, for 180 days.
 */
export function deviceCookieName(url: URL): string {
  return url.protocol === 'https:' ? '__Host-cn_device' : 'cn_device';
}

export function setDeviceCookie(context: CookieContext, token: string, expiresAt: Date): void {
  context.cookies.set(deviceCookieName(context.url), token, {
    ...sessionCookieOptions(context.url),
    expires: expiresAt,
  });
}

/** The device cookie the browser presented, if any. */
export function deviceCookieOf(context: CookieContext): string | null {
  return context.cookies.get(deviceCookieName(context.url))?.value ?? null;
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

/** A ward a record belongs to, by id (records) or slug (URLs). */
export type WardRef = { id: number } | { slug: string };

export interface RequireOptions {
  /**
   * The ward of the record asked for: a member whose scope does not cover it is told what they
   * would be told of a record that does not exist. `null`: there is no such record (or ward).
   */
  ward?: WardRef | null;
  /** The feature's own "no such record" message, so both answers read the same. */
  notFound?: string;
}

function refusal(
  locals: App.Locals,
  permission: Permission,
  options: RequireOptions,
):
  | { user: StaffUser; problem: null }
  | { user: StaffUser | null; problem: 'sign_in' | 'forbidden' | 'not_found' } {
  const staff = locals.staff;
  if (!staff?.session.mfaVerified) return { user: null, problem: 'sign_in' };
  if (!can(staff.user.role, permission)) return { user: staff.user, problem: 'forbidden' };
  if (options.ward === null || (options.ward && !coversWard(wardScope(staff.user), options.ward))) {
    return { user: staff.user, problem: 'not_found' };
  }
  return { user: staff.user, problem: null };
}

/**
 * For actions: the signed-in staff member, if their role holds the permission (and their ward
 * scope covers `options.ward`). Throws UNAUTHORIZED when nobody (fully) signed in, FORBIDDEN when
 * the role lacks the permission, NOT_FOUND when the ward is outside the member's scope.
 */
export function requireStaff(
  locals: App.Locals,
  permission: Permission,
  options: RequireOptions = {},
): StaffUser {
  const { user, problem } = refusal(locals, permission, options);
  if (problem === 'sign_in' || !user) {
    throw new ActionError({ code: 'UNAUTHORIZED', message: 'Sign in to continue' });
  }
  if (problem === 'forbidden') {
    throw new ActionError({ code: 'FORBIDDEN', message: 'You do not have permission to do this' });
  }
  if (problem === 'not_found') {
    throw new ActionError({ code: 'NOT_FOUND', message: options.notFound ?? NOT_FOUND_MESSAGE });
  }
  return user;
}

export const NOT_FOUND_MESSAGE = 'That record does not exist';

const REFUSAL = Symbol.for('cn.pageRefusal');

type RefusalKind = 'sign_in' | 'forbidden' | 'not_found' | 'confirm_view';

/**
 * Thrown by a page to end the request with another answer. A page's frontmatter runs before Astro
 * builds its response, so the throw reaches the middleware (`answerPageRefusals`), which turns it
 * into the redirect, the 403 page or the 404 page. Pages cannot `return` from a helper.
 */
export class PageRefusal extends Error {
  readonly [REFUSAL] = true;
  readonly kind: RefusalKind;
  constructor(kind: RefusalKind) {
    super(`Page refused: ${kind}`);
    this.kind = kind;
    this.name = 'PageRefusal';
  }
}

export function isPageRefusal(error: unknown): error is PageRefusal {
  return typeof error === 'object' && error !== null && REFUSAL in error;
}

/**
 * For pages: `const user = await requireStaffPage(Astro, 'audit:view')`. Returns the signed-in staff
 * member, or ends the request: a redirect to sign in (back to this page afterwards), the 403 page,
 * or — for a ward outside the member's scope — the same 404 page as a record that does not exist.
 */
export async function requireStaffPage(
  Astro: Pick<AstroGlobal, 'locals'>,
  permission: Permission,
  options: RequireOptions = {},
): Promise<StaffUser> {
  const { user, problem } = refusal(Astro.locals, permission, options);
  if (problem || !user) throw new PageRefusal(problem ?? 'sign_in');
  return user;
}

/** For pages: the record asked for does not exist (the answer a ward outside scope also gets). */
export function pageNotFound(): never {
  throw new PageRefusal('not_found');
}

/**
 * For pages that show personal data and audit each view: go on only if a person chose to open the
 * page (see `viewIntent`). A prefetch, or a navigation another site started, gets a page asking
 * them to open it (no data shown, nothing audited); following its link is a chosen view.
 */
export function requireChosenView(Astro: Pick<AstroGlobal, 'request' | 'url'>): void {
  if (viewIntent(Astro.request.headers, Astro.url.origin) !== 'chosen') throw new PageRefusal('confirm_view');
}

/** The response for a refused page, made in the middleware that caught the refusal. */
export function refusedPageResponse(
  context: Pick<APIContext, 'locals' | 'url' | 'redirect' | 'rewrite'>,
  refusal: PageRefusal,
): Response | Promise<Response> {
  if (refusal.kind === 'sign_in') {
    const next = `${context.url.pathname}${context.url.search}`;
    const reason = context.locals.staffSessionEnded ? '&expired=1' : '';
    return context.redirect(`/staff/login?next=${encodeURIComponent(next)}${reason}`, 303);
  }
  // An empty 404 is what a page answers for a missing record: Astro shows the 404 page for it.
  if (refusal.kind === 'not_found') return new Response(null, { status: 404 });
  if (refusal.kind === 'confirm_view') {
    context.locals.confirmView = `${context.url.pathname}${context.url.search}`;
    return context.rewrite('/staff/confirm-view');
  }
  return context.rewrite('/staff/forbidden'); // the page sets its 403 itself
}

/** Who did it, from where: what a feature records in the audit log for a staff action or view. */
export function actorOf(
  context: Pick<APIContext, 'clientAddress' | 'request'>,
  user: StaffUser,
): StaffUser & { client: string | null } {
  return { ...user, client: clientOf(context) };
}

/** Only same-site back-office paths are followed after sign-in. */
export function safeNext(next: string | null | undefined): string {
  return next && /^\/staff(\/|$|\?)/.test(next) && !next.startsWith('//') ? next : '/staff';
}
