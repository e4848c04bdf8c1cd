// The calendar feed of every ward's and borough's meetings and events.
import type { APIRoute } from 'astro';
import { eventFeedResponse } from '../../server/astro/event-feeds.ts';

export const GET: APIRoute = ({ locals }) => eventFeedResponse(locals);
