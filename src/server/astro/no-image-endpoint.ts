// Stands in for Astro's /_image endpoint (astro.config.mjs `image.endpoint`): the portal transforms no
// images, and the built-in endpoint fetched and served whatever its `href` named.
import type { APIRoute } from 'astro';

export const prerender = false;

export const ALL: APIRoute = () =>
  new Response('Not found', { status: 404, headers: { 'Content-Type': 'text/plain; charset=utf-8' } });
