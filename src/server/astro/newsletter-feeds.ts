// The feed endpoints' glue: whole-site (/api/newsletters/<format>) and per ward
// (/api/wards/<slug>/newsletters/<format>). Publicly cacheable like the pages they mirror.

import { listPublishedNewsletters } from '../../features/newsletters/archive.server.ts';
import { FEED_FORMATS, isFeedFormat, renderFeed } from '../../features/newsletters/feeds.ts';
import { getWard } from '../../features/places/places.server.ts';
import { servePublicly, showsContent } from '../http/http-headers.ts';
import { publicBaseUrl } from './config.ts';
import { getDb } from './db.ts';

/** The newest issues a feed carries. */
export const FEED_LENGTH = 20;

const notFound = () =>
  new Response('Not found', { status: 404, headers: { 'Content-Type': 'text/plain; charset=utf-8' } });

export async function feedResponse(
  locals: App.Locals,
  format: string | undefined,
  wardSlug?: string,
): Promise<Response> {
  if (!isFeedFormat(format)) return notFound();
  const db = await getDb();
  const ward = wardSlug === undefined ? undefined : await getWard(db, wardSlug);
  if (ward === null) return notFound();
  const page = await listPublishedNewsletters(db, {
    size: FEED_LENGTH,
    ...(ward ? { ward: ward.slug } : {}),
  });
  if (!page) return notFound();
  servePublicly(locals);
  showsContent(locals, 'newsletter', 'wards');
  const body = renderFeed(format, page.items, {
    baseUrl: publicBaseUrl(),
    ...(ward ? { ward: { slug: ward.slug, name: ward.name } } : {}),
  });
  return new Response(body, { headers: { 'Content-Type': FEED_FORMATS[format] } });
}
