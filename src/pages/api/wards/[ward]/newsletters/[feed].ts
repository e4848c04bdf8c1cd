// A ward's newsletter feeds: issues for everyone, for its borough, or naming the ward.
import type { APIRoute } from 'astro';
import { feedResponse } from '../../../../../server/astro/newsletter-feeds.ts';

export const GET: APIRoute = ({ params, locals }) => feedResponse(locals, params.feed, params.ward ?? '');
