// A ward's priorities, current and past, with their progress updates, as JSON open data.
import type { APIRoute } from 'astro';
import { wardOpenData } from '../../../../server/astro/ward-open-data.ts';

export const GET: APIRoute = ({ params, locals }) => wardOpenData(locals, params.ward, 'priorities', 'json');
