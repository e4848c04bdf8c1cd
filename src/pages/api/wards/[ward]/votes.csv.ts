// A ward's priority votes' results, one row per option, as CSV open data.
import type { APIRoute } from 'astro';
import { wardOpenData } from '../../../../server/astro/ward-open-data.ts';

export const GET: APIRoute = ({ params, locals }) => wardOpenData(locals, params.ward, 'votes', 'csv');
