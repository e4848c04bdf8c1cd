// Runs on every request: security and cache headers; on back-office requests the staff session,
// validated once here; then Post/Redirect/Get for no-JS form actions.

import { ActionError, getActionContext } from 'astro:actions';
import { defineMiddleware, sequence } from 'astro:middleware';
import type { APIContext } from 'astro';
import { isDatabaseUnavailable } from '../db/errors.ts';
import { validateSessionToken } from './features/auth/session.server.ts';
import { getDb } from './server/astro/db.ts';
import {
  actionBodyProblem,
  decodeFlash,
  encodeFlash,
  FLASH_MAX_AGE,
  flashCookieName,
  hasNul,
  keptInput,
  NUL_MESSAGE,
  RETRY_AFTER_SECONDS,
  redirectTarget,
  SERVICE_PROBLEM,
  SERVICE_UNAVAILABLE,
  showsFormAgain,
  statusForActionError,
  unexpectedMessage,
} from './server/astro/form-actions.ts';
import { describeError, log } from './server/astro/log.ts';
import {
  deleteSessionCookie,
  isPageRefusal,
  refusedPageResponse,
  sessionCookieName,
} from './server/astro/staff-auth.ts';
import { cacheControlFor, PUBLIC_CACHE, withSecurityHeaders } from './server/http/http-headers.ts';
import {
  ALLOW_ANY_ROUTE,
  canonicalPath,
  hasBody,
  isServedMethod,
  withCharset,
} from './server/http/http-requests.ts';
import {
  crossSiteForbidden,
  isForbiddenCrossSiteRequest,
  isOneClickUnsubscribe,
} from './server/http/origin-check.ts';
import { cacheKey, pageCache } from './server/http/page-cache.ts';
import { finishResponse } from './server/http/page-cache-hook.ts';
import { safeLogText } from './server/node/logger.ts';
import { startServerRuntime } from './server/runtime/server.ts';

const formActions = defineMiddleware(async (context, next) => {
  // Astro renders the error pages through the middleware again, with the failed request: a post
  // whose page threw must get the 500 page (or its 503), not a 405 for naming no action.
  if (context.isPrerendered || context.routePattern === '/500' || context.routePattern === '/404')
    return next();
  const { action, setActionResult, serializeActionResult } = getActionContext(context);

  // Read once: the first page that reads it deletes it (a refresh shows nothing again).
  const flashName = flashCookieName(context.url);
  const secure = context.url.protocol === 'https:';
  const flash = decodeFlash(context.cookies.get(flashName)?.value);
  if (flash && context.request.method === 'GET') {
    setActionResult(flash.actionName, flash.actionResult as never);
    context.cookies.delete(flashName, { path: '/', httpOnly: true, sameSite: 'lax', secure });
    context.locals.private = true;
  }

  if (action?.calledFrom !== 'form') {
    // Pages only take form posts that name an action; endpoints under /api/ handle their own methods.
    const method = context.request.method;
    const isEndpoint =
      context.url.pathname.startsWith('/api/') || context.url.pathname.startsWith('/_actions/');
    if (method !== 'GET' && method !== 'HEAD' && !action && !isEndpoint) {
      return new Response('Method not allowed', {
        status: 405,
        headers: { Allow: 'GET, HEAD', 'Content-Type': 'text/plain; charset=utf-8' },
      });
    }
    return action?.calledFrom === 'rpc' ? actionCall(action.name, context.request, next) : next();
  }

  context.locals.private = true;
  let form: FormData;
  try {
    form = await context.request.clone().formData();
    context.locals.formInput = keptInput(form);
  } catch {
    // Too large for the adapter's body limit, or not form data at all.
    return new Response('The form could not be read. It may be too large.', {
      status: 413,
      headers: { 'Content-Type': 'text/plain; charset=utf-8' },
    });
  }
  const result = hasNul(form)
    ? { data: undefined, error: new ActionError({ code: 'BAD_REQUEST', message: NUL_MESSAGE }) }
    : await action.handler();
  if (result.error && result.error.status >= 500 && result.error.status !== 503) {
    // Astro turns any error an action throws into one carrying its message: never show that message.
    // Thrown here, it reaches the 500 page, which logs it without the query's parameters.
    throw new Error(`Action ${action.name} failed: ${safeLogText(result.error.message)}`);
  }
  const serialized = serializeActionResult(result);

  if (result.error) {
    setActionResult(action.name, serialized);
    const page = await next();
    const status = statusForActionError(result.error.status);
    // The database unreachable (a restart): the form again, as typed, with the message to send it later.
    if (status === 503) page.headers.set('Retry-After', String(RETRY_AFTER_SECONDS));
    return new Response(page.body, { status, headers: page.headers });
  }
  if (showsFormAgain(result.data)) {
    setActionResult(action.name, serialized);
    return next();
  }

  const value = encodeFlash({ actionName: action.name, actionResult: serialized });
  if (value) {
    context.cookies.set(flashName, value, {
      httpOnly: true,
      sameSite: 'lax',
      secure,
      path: '/',
      maxAge: FLASH_MAX_AGE,
    });
  } else {
    log.warn('Action result too large for the flash cookie', { action: action.name });
  }
  return context.redirect(redirectTarget(context.url, result.data), 303);
});

/** An action called directly (`/_actions/<name>`, JSON or form), as islands will call them. */
async function actionCall(name: string, request: Request, next: () => Promise<Response>): Promise<Response> {
  const problem = (status: number, code: string, message: string) =>
    Response.json({ type: 'AstroActionError', code, status, message }, { status });
  // Astro parses a JSON body without catching a syntax error (a 500): refuse it, and NULs, first.
  const wrong = await actionBodyProblem(request);
  if (wrong) return problem(400, 'BAD_REQUEST', wrong);
  const response = await next();
  if (response.status < 500) return response;
  // Astro answers an unexpected error with its message (SQL, say): log it, tell the caller nothing.
  const message = unexpectedMessage(await response.text());
  if (response.status === 503 || isDatabaseUnavailable(message)) {
    log.warn('Action refused: the database is unreachable', { action: name });
    const unavailable = problem(503, 'SERVICE_UNAVAILABLE', SERVICE_UNAVAILABLE);
    unavailable.headers.set('Retry-After', String(RETRY_AFTER_SECONDS));
    return unavailable;
  }
  log.error('Action failed', { action: name, ...describeError(message) });
  return problem(500, 'INTERNAL_SERVER_ERROR', SERVICE_PROBLEM);
}

/** Public pages never look at the session: they are the same for everyone and cacheable. */
function isBackOffice(pathname: string): boolean {
  return pathname === '/staff' || pathname.startsWith('/staff/') || pathname.startsWith('/_actions/');
}

const staffSession = defineMiddleware(async (context, next) => {
  if (context.isPrerendered || !isBackOffice(context.url.pathname)) return next();
  context.locals.private = true;
  const token = context.cookies.get(sessionCookieName(context.url))?.value;
  if (token && /^[a-z2-7]{32}$/.test(token)) {
    const result = await validateSessionToken(await getDb(), token);
    if (result.session) {
      context.locals.staff = { user: result.user, session: result.session };
    } else {
      context.locals.staffSessionEnded = result.reason;
      deleteSessionCookie(context);
    }
  }
  return next();
});

/** `requireStaffPage` and `pageNotFound` throw from a page's frontmatter: answer for them here. */
const pageRefusals = defineMiddleware(async (context, next) => {
  try {
    return await next();
  } catch (error) {
    if (isPageRefusal(error)) return refusedPageResponse(context, error);
    throw error;
  }
});

/**
 * Methods no route serves get a 405 (the built server refuses them earlier still, see
 * http-requests.ts); a GET for a non-canonical spelling of a URL is redirected, keeping the query.
 */
function refuseOrRedirect(context: APIContext): Response | undefined {
  const { method } = context.request;
  if (!isServedMethod(method)) {
    return new Response('Method not allowed', {
      status: 405,
      headers: { Allow: ALLOW_ANY_ROUTE, 'Content-Type': 'text/plain; charset=utf-8' },
    });
  }
  if (method !== 'GET' && method !== 'HEAD') return undefined;
  const canonical = canonicalPath(context.url.pathname);
  if (canonical === context.url.pathname) return undefined;
  return new Response(null, { status: 301, headers: { Location: canonical + context.url.search } });
}

const headers = defineMiddleware(async (context, next) => {
  const { method } = context.request;
  const generation = pageCache.generation;
  const response = refuseOrRedirect(context) ?? (await next());
  // Responses from fetch-like sources can have immutable headers: copy when needed.
  let res = response;
  try {
    res.headers.set('X-Content-Type-Options', 'nosniff');
  } catch {
    res = new Response(response.body, response);
  }
  withSecurityHeaders(res.headers);
  // The 500 page answers for a database that cannot be reached with Retry-After (500.astro); Astro
  // sends an error page with status 500 whatever the page set, so the status is put right here.
  if (res.status === 500 && res.headers.has('Retry-After')) {
    res = new Response(res.body, { status: 503, statusText: 'Service Unavailable', headers: res.headers });
  }
  // A refused request may not have had its body read to the end; the bytes left on the connection
  // would be read as the next request. Close it (security review 2, item 10).
  if (res.status >= 400 && hasBody(context.request)) res.headers.set('Connection', 'close');
  const contentType = withCharset(res.headers.get('Content-Type'));
  if (contentType) res.headers.set('Content-Type', contentType);
  const setsCookie = res.headers.has('set-cookie') || [...context.cookies.headers()].length > 0;
  const cacheControl = cacheControlFor({
    method,
    pathname: context.url.pathname,
    status: res.status,
    setsCookie,
    private: context.locals.private === true,
    existing: res.headers.get('Cache-Control'),
    publicEndpoint: context.locals.publicEndpoint === true,
  });
  res.headers.set('Cache-Control', cacheControl);
  // Public pages are kept in the page cache (served before Astro next time); text is compressed.
  return finishResponse(res, {
    key: cacheKey(
      method,
      `${context.url.pathname}${context.url.search}`,
      context.request.headers.get('cookie') ?? undefined,
    ),
    generation,
    cacheable:
      !setsCookie &&
      context.locals.private !== true &&
      (cacheControl === PUBLIC_CACHE || context.locals.publicEndpoint === true) &&
      cacheControl.startsWith('public'),
    tags: context.locals.cacheTags,
    acceptEncoding: context.request.headers.get('accept-encoding'),
    method,
  });
});

/**
 * The built server starts the runtime (database, email worker, retention job) as it starts
 * (src/server/runtime/startup.ts); under `astro dev` nothing runs at startup, so the first request starts
 * it. Afterwards this is an already-settled promise. A failure to open the database is reported by
 * whatever on the request needs it, and the next request tries again.
 */
const runtime = defineMiddleware((context, next) => {
  if (!context.isPrerendered) startServerRuntime().catch(() => undefined);
  return next();
});

/**
 * Refuses cross-site form posts (CSRF) everywhere but the one-click endpoint. Astro's own
 * `security.checkOrigin` has no per-route exemption, so it is off and this does the same check.
 * It runs inside `headers`, so the 403 carries the security headers.
 */
const originCheck = defineMiddleware(async (context, next) => {
  const { request, url } = context;
  if (context.isPrerendered) return next();
  if (
    isForbiddenCrossSiteRequest({
      method: request.method,
      origin: request.headers.get('origin'),
      contentType: request.headers.get('content-type'),
      siteOrigin: url.origin,
    }) &&
    !(await isOneClickUnsubscribe(request, url))
  ) {
    return crossSiteForbidden(request.method);
  }
  return next();
});

export const onRequest = sequence(runtime, headers, originCheck, staffSession, pageRefusals, formActions);
