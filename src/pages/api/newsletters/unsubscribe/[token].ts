// RFC 8058 one-click unsubscribe: the URL in every newsletter's List-Unsubscribe header. A mail
// provider POSTs `List-Unsubscribe=One-Click` with no Origin (the middleware's origin check exempts
// this path alone); the token is the reader's own preferences link. It takes effect at once, and a
// repeat (a provider's retry) changes nothing and gets the same answer. A GET (a person following
// the link) unsubscribes nobody: it goes to the preferences page, where they can choose.
import type { APIRoute } from 'astro';
import { unsubscribe } from '../../../../features/newsletters/subscriptions.server.ts';
import { getAppSecret } from '../../../../server/astro/config.ts';
import { getDb } from '../../../../server/astro/db.ts';

const TOKEN = /^[a-z2-7]{32}$/;
const text = (body: string, status: number) =>
  new Response(body, { status, headers: { 'Content-Type': 'text/plain; charset=utf-8' } });

export const POST: APIRoute = async ({ params }) => {
  const token = params.token ?? '';
  if (!TOKEN.test(token)) return text('Not found', 404);
  await unsubscribe(await getDb(), getAppSecret(), token);
  // The same answer whether it acted now or before: nothing to tell a guesser, nothing to retry.
  return text('You are unsubscribed from the Central North Community Safety newsletter.', 200);
};

export const GET: APIRoute = ({ params, redirect }) => {
  const token = params.token ?? '';
  if (!TOKEN.test(token)) return text('Not found', 404);
  return redirect(`/newsletters/preferences/${token}`, 303);
};
