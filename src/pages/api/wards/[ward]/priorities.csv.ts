// A ward's priorities, one row each with its latest progress update, as CSV open data.
import type { APIRoute } from 'astro';
import { priorityOpenData } from '../../../../server/astro/priority-open-data.ts';

export const GET: APIRoute = ({ params, locals }) => priorityOpenData(locals, params.ward, 'csv');
