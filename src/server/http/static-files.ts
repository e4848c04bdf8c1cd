// The built client files (dist/client: hashed assets under /_astro/, and public/), read once at
// startup and served from memory by the Node adapter's server before Astro: precompressed (brotli,
// gzip), with an ETag, their long-lived cache headers, and the security headers every response gets.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import { encodeBody, etagOf, sendEncoded } from './compression.ts';
import { CONTENT_SECURITY_POLICY, SECURITY_HEADERS } from './http-headers.ts';
import type { CachedResponse } from './page-cache.ts';

const TYPES: Record<string, string> = {
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.txt': 'text/plain; charset=utf-8',
  '.json': 'application/json',
  '.webmanifest': 'application/manifest+json',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
};

/** Hashed build assets never change: a year, immutable. Other public files: a day. */
export const ASSET_CACHE = 'public, max-age=31536000, immutable';
export const PUBLIC_FILE_CACHE = 'public, max-age=86400';

/** Every file and folder below `dir`, folders before what they hold. */
function entriesUnder(dir: string): { full: string; isFile: boolean }[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return [{ full, isFile: false }, ...entriesUnder(full)];
    return [{ full, isFile: entry.isFile() }];
  });
}

/** A file's URL path below the client folder: "/_astro/x.js". */
const urlPathOf = (clientDir: string, full: string) =>
  `/${path.relative(clientDir, full).split(path.sep).join('/')}`;

/** Reads every servable file below `clientDir` into memory, keyed by its URL path. */
export function loadStaticFiles(clientDir: string): Map<string, CachedResponse> {
  const files = new Map<string, CachedResponse>();
  let names: string[];
  try {
    names = entriesUnder(clientDir).flatMap((e) => (e.isFile ? [e.full] : []));
  } catch {
    return files;
  }
  const security = Object.fromEntries(Object.entries(SECURITY_HEADERS).map(([k, v]) => [k.toLowerCase(), v]));
  for (const file of names) {
    const type = TYPES[path.extname(file).toLowerCase()];
    if (!type || statSync(file).size > 2 * 1024 * 1024) continue;
    const urlPath = urlPathOf(clientDir, file);
    const body = readFileSync(file);
    files.set(urlPath, {
      status: 200,
      headers: {
        ...security,
        'content-security-policy': CONTENT_SECURITY_POLICY,
        'content-type': type,
        'cache-control': urlPath.startsWith('/_astro/') ? ASSET_CACHE : PUBLIC_FILE_CACHE,
      },
      etag: etagOf(body),
      tags: [],
      ...encodeBody(body, type),
    });
  }
  return files;
}

/** A handler for the adapter's server: true when it answered from the files. */
export function staticFileServer(clientDir: string): (req: IncomingMessage, res: ServerResponse) => boolean {
  const files = loadStaticFiles(clientDir);
  return (req, res) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return false;
    const url = req.url ?? '';
    const q = url.indexOf('?');
    const file = files.get(q >= 0 ? url.slice(0, q) : url);
    if (!file) return false;
    sendEncoded(req, res, file);
    return true;
  };
}

/**
 * Whether a request's path names something under `clientDir` (a file or a folder), read once at
 * startup. The adapter's own static handler looks on disk for every request before Astro (two file
 * system calls, about 0.5 ms of a dynamic page's time on this machine): a path that names nothing
 * there goes straight to Astro. A path that does not decode goes the adapter's way, as before.
 */
export function onDisk(clientDir: string): (url: string | undefined) => boolean {
  const entries = new Set<string>(['/']);
  try {
    for (const { full } of entriesUnder(clientDir)) entries.add(urlPathOf(clientDir, full));
  } catch {
    // No client folder: nothing there to serve.
  }
  return (url) => {
    if (!url) return true;
    const end = url.search(/[?#]/);
    let pathname = end >= 0 ? url.slice(0, end) : url;
    try {
      pathname = decodeURI(pathname);
    } catch {
      return true;
    }
    const normal = path.posix.normalize(pathname);
    return entries.has(normal.length > 1 && normal.endsWith('/') ? normal.slice(0, -1) : normal);
  };
}
