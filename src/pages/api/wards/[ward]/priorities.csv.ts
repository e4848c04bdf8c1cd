// A ward's priorities, one row each with its latest progress update, as CSV open data.
import type { APIRoute } from 'astro';
import { wardOpenData } from '../../../../server/astro/ward-open-data.ts';

export const GET: APIRoute = ({ params, locals }) => wardOpenData(locals, params.ward, 'priorities', 'csv');
