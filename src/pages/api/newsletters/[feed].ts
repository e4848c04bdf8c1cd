// The newsletter's feeds for the whole command: rss.xml, atom.xml, feed.json.
import type { APIRoute } from 'astro';
import { feedResponse } from '../../../server/astro/newsletter-feeds.ts';

export const GET: APIRoute = ({ params, locals }) => feedResponse(locals, params.feed);
