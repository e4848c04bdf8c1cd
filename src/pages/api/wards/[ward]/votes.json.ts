// A ward's priority votes that stopped taking votes: each option's count, the turnout and the panel's
// decision, as JSON open data.
import type { APIRoute } from 'astro';
import { wardOpenData } from '../../../../server/astro/ward-open-data.ts';

export const GET: APIRoute = ({ params, locals }) => wardOpenData(locals, params.ward, 'votes', 'json');
