// A ward's calendar feed: its meetings and events, and its borough's.
import type { APIRoute } from 'astro';
import { eventFeedResponse } from '../../../../server/astro/event-feeds.ts';

export const GET: APIRoute = ({ params, locals }) => eventFeedResponse(locals, params.ward ?? '');
