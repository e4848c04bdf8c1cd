// Resend's delivery webhooks: POST only, Svix-signed. Records delivered / bounced / complained once
// per event id and suppresses bounced and complained addresses. A bad or stale signature gets a bare
// 400; a repeated event gets 200 again, so Resend stops retrying it.

import { RESEND_WEBHOOK_SECRET } from 'astro:env/server';
import type { APIRoute } from 'astro';
import { recordEmailEvent } from '../../../features/email/events.server.ts';
import { getDb } from '../../../server/astro/db.ts';
import { describeError, log } from '../../../server/astro/log.ts';
import { verifyWebhook } from '../../../server/node/email-transport.ts';

const text = (status: number, body: string, headers: Record<string, string> = {}) =>
  new Response(body, { status, headers: { 'Content-Type': 'text/plain; charset=utf-8', ...headers } });

export const POST: APIRoute = async ({ request }) => {
  if (!RESEND_WEBHOOK_SECRET) return text(503, 'Webhooks are not configured');
  const body = await request.text();
  const event = verifyWebhook(body, request.headers, RESEND_WEBHOOK_SECRET);
  if (!event) return text(400, 'Bad request');
  try {
    const result = await recordEmailEvent(await getDb(), event);
    log.info('Email webhook', { eventType: event.type, result });
    return text(200, 'OK');
  } catch (error) {
    // Resend retries on a 5xx: the event is recorded later.
    log.error('Email webhook could not be recorded', describeError(error));
    return text(500, 'Could not record the event');
  }
};

export const ALL: APIRoute = () => text(405, 'Method not allowed', { Allow: 'POST' });
