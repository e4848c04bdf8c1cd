// One meeting or event as a calendar file ("Add to calendar").
import type { APIRoute } from 'astro';
import { eventIcsResponse } from '../../../server/astro/event-feeds.ts';

export const GET: APIRoute = ({ params, locals }) => eventIcsResponse(locals, params.uid);
