// A ward's priorities, current and past, with their progress updates, as JSON open data.
import type { APIRoute } from 'astro';
import { priorityOpenData } from '../../../../server/astro/priority-open-data.ts';

export const GET: APIRoute = ({ params, locals }) => priorityOpenData(locals, params.ward, 'json');
