// The newsletter email's HTML part as subscribers get it, on its own page: mail HTML carries inline
// styles, so it gets its own Content-Security-Policy (styles inline, images from the listed hosts,
// no script, sandboxed) instead of the site's.
import type { APIRoute } from 'astro';
import { getNewsletterForStaff } from '../../../../features/newsletters/issues.server.ts';
import { sampleIssueEmail } from '../../../../features/newsletters/publishing.server.ts';
import { IMAGE_HOSTS } from '../../../../lib/image-hosts.ts';
import { publicBaseUrl } from '../../../../server/astro/config.ts';
import { getDb } from '../../../../server/astro/db.ts';
import { requireStaffPage } from '../../../../server/astro/staff-auth.ts';

export const GET: APIRoute = async (context) => {
  await requireStaffPage(context, 'newsletter:write');
  const id = /^\d{1,9}$/.test(context.params.id ?? '') ? Number(context.params.id) : 0;
  const issue = id ? await getNewsletterForStaff(await getDb(), id) : null;
  if (!issue) return new Response(null, { status: 404 });
  const { html } = sampleIssueEmail(issue, publicBaseUrl());
  return new Response(html, {
    headers: {
      'Content-Type': 'text/html; charset=utf-8',
      'Content-Security-Policy': `default-src 'none'; style-src 'unsafe-inline'; img-src ${IMAGE_HOSTS.map((h) => `https://${h}`).join(' ')}; sandbox allow-popups allow-popups-to-escape-sandbox; frame-ancestors 'none'; base-uri 'none'; form-action 'none'`,
    },
  });
};
