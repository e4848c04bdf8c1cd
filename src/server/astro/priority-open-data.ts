// The open data endpoints' glue: a ward's priorities as JSON or CSV
// (/api/wards/<slug>/priorities.json, .csv), publicly cacheable like the ward page they mirror and
// purged with it (tag 'wards'), with the licence in a Link header as well as in the JSON.
import { WardSlugSchema } from '../../features/places/places.schema.ts';
import { getWard } from '../../features/places/places.server.ts';
import { prioritiesCsv, prioritiesJson } from '../../features/priorities/open-data.ts';
import { listWardPriorities } from '../../features/priorities/priorities.server.ts';
import { OPEN_GOVERNMENT_LICENCE } from '../../lib/site.ts';
import { servePublicly, showsContent } from '../http/http-headers.ts';
import { publicBaseUrl } from './config.ts';
import { getDb } from './db.ts';

const CONTENT_TYPES = { json: 'application/json; charset=utf-8', csv: 'text/csv; charset=utf-8' } as const;

export async function priorityOpenData(
  locals: App.Locals,
  wardSlug: string | undefined,
  format: keyof typeof CONTENT_TYPES,
): Promise<Response> {
  const db = await getDb();
  const slug = WardSlugSchema.safeParse(wardSlug);
  const ward = slug.success ? await getWard(db, slug.data) : null;
  if (!ward) {
    return new Response('Not found', {
      status: 404,
      headers: { 'Content-Type': 'text/plain; charset=utf-8' },
    });
  }
  const priorities = await listWardPriorities(db, ward.slug);
  servePublicly(locals);
  showsContent(locals, 'wards');
  const body =
    format === 'json'
      ? prioritiesJson(ward, priorities, `${publicBaseUrl()}/wards/${ward.slug}`)
      : prioritiesCsv(ward, priorities);
  return new Response(body, {
    headers: {
      'Content-Type': CONTENT_TYPES[format],
      'Content-Disposition': `inline; filename="${ward.slug}-priorities.${format}"`,
      Link: `<${OPEN_GOVERNMENT_LICENCE.url}>; rel="license"`,
    },
  });
}
