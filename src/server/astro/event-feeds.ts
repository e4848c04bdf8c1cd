// The calendar endpoints' glue: one event's .ics (/api/events/<uid>.ics), a ward's feed
// (/api/wards/<slug>/events.ics: its events and its borough's) and every event's (/api/events.ics).
// Publicly cacheable like the pages they mirror, and purged with them.
import { getEventByUid, listFeedEvents } from '../../features/events/events-read.server.ts';
import { ICS_CONTENT_TYPE, renderCalendar } from '../../features/events/ics.ts';
import { WardSlugSchema } from '../../features/places/places.schema.ts';
import { getWard } from '../../features/places/places.server.ts';
import { servePublicly, showsContent } from '../http/http-headers.ts';
import { publicBaseUrl } from './config.ts';
import { getDb } from './db.ts';

const notFound = () =>
  new Response('Not found', { status: 404, headers: { 'Content-Type': 'text/plain; charset=utf-8' } });

function calendarResponse(locals: App.Locals, body: string, filename: string): Response {
  servePublicly(locals);
  showsContent(locals, 'events', 'wards');
  return new Response(body, {
    headers: {
      'Content-Type': ICS_CONTENT_TYPE,
      'Content-Disposition': `inline; filename="${filename}"`,
    },
  });
}

export async function eventIcsResponse(locals: App.Locals, uid: string | undefined): Promise<Response> {
  const event = await getEventByUid(await getDb(), uid ?? '');
  if (!event) return notFound();
  const body = renderCalendar([event], { baseUrl: publicBaseUrl(), name: event.title, single: true });
  return calendarResponse(locals, body, 'event.ics');
}

export async function eventFeedResponse(locals: App.Locals, wardSlug?: string): Promise<Response> {
  const db = await getDb();
  if (wardSlug === undefined) {
    const events = await listFeedEvents(db);
    const body = renderCalendar(events, {
      baseUrl: publicBaseUrl(),
      name: 'Camden and Islington: community safety meetings and events',
    });
    return calendarResponse(locals, body, 'events.ics');
  }
  const slug = WardSlugSchema.safeParse(wardSlug);
  const ward = slug.success ? await getWard(db, slug.data) : null;
  if (!ward) return notFound();
  const events = await listFeedEvents(db, { ward });
  const body = renderCalendar(events, {
    baseUrl: publicBaseUrl(),
    name: `${ward.name} ward: meetings and events`,
  });
  return calendarResponse(locals, body, `${ward.slug}-events.ics`);
}
