// A static copy of some of the portal's pages served by nginx, for side-by-side measurements: the
// same bytes (the brotli copies the page cache sends) and the same response headers, or the same with
// one header changed, so that a difference between the portal and the copy, or between two copies,
// has one cause. Used by lighthouse.bench.ts (LIGHTHOUSE_STATIC, LIGHTHOUSE_STATIC_HEADERS); and the
// same for form actions' redirects, used by votes.bench.ts (what the load generator and HTTP alone
// allow on the machine).
import * as fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { BenchError, freePort, NGINX, start, waitUntilUp } from './harness.ts';

/** One captured response: its path, where its body is saved, and the headers to send again. */
interface Captured {
  url: string;
  file: string;
  contentType: string;
  headers: [string, string][];
}

/** Headers nginx writes itself, or that describe one connection rather than the response. */
const NOT_COPIED = new Set([
  'content-type',
  'content-length',
  'date',
  'connection',
  'keep-alive',
  'transfer-encoding',
  'server',
  'x-cache',
]);

/** One GET with the raw bytes (fetch would decode brotli). */
function rawGet(url: string): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { agent: false, headers: { 'accept-encoding': 'br, gzip' } }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
        );
      })
      .on('error', reject);
  });
}

/** Same-origin paths a page or stylesheet refers to (stylesheets, images, icons, fonts). */
function referencedPaths(text: string): string[] {
  const found = new Set<string>();
  for (const m of text.matchAll(/(?:href|src)="(\/[^"/][^"]*)"|url\((\/[^)'"]+)\)/g)) {
    const ref = (m[1] ?? m[2] ?? '').replaceAll('&amp;', '&');
    if (/\.(css|svg|png|jpe?g|webp|ico|woff2?)(\?|$)/.test(ref)) found.add(ref);
  }
  return [...found];
}

/**
 * Fetches each page and every asset it uses from the running portal, saving the bytes as sent
 * (brotli where the portal sent brotli) and the headers, into `dir`.
 */
export async function copySite(base: string, pages: string[], dir: string): Promise<Captured[]> {
  fs.mkdirSync(dir, { recursive: true });
  const captured: Captured[] = [];
  const queue = [...pages];
  const seen = new Set(queue);
  while (queue.length > 0) {
    const url = queue.shift() as string;
    const res = await rawGet(base + url);
    if (res.status !== 200) throw new BenchError(`Static copy: GET ${url} returned ${res.status}.`);
    const file = path.join(dir, String(captured.length));
    fs.writeFileSync(file, res.body);
    const headers = Object.entries(res.headers)
      .filter(([name]) => !NOT_COPIED.has(name))
      .map(
        ([name, value]) =>
          [name, Array.isArray(value) ? value.join(', ') : String(value)] as [string, string],
      );
    captured.push({ url, file, contentType: String(res.headers['content-type'] ?? ''), headers });
    const encoding = res.headers['content-encoding'];
    const text = (
      encoding === 'br'
        ? brotliDecompressSync(res.body)
        : encoding === 'gzip'
          ? gunzipSync(res.body)
          : res.body
    ).toString('utf8');
    for (const ref of referencedPaths(text))
      if (!seen.has(ref)) {
        seen.add(ref);
        queue.push(ref);
      }
  }
  return captured;
}

/** A value for nginx's configuration: double-quoted, `"` and `\` escaped (nginx would expand `$`). */
function quoted(value: string): string {
  if (value.includes('$')) throw new BenchError(`Static copy: cannot copy a header holding "$": ${value}`);
  return `"${value.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
}

/**
 * `changes`: header name → value to send instead (an empty value: leave the header out).
 * Everything else is as the portal sent it.
 */
function siteConf(captured: Captured[], changes: Record<string, string>): string {
  const lower = Object.fromEntries(Object.entries(changes).map(([k, v]) => [k.toLowerCase(), v]));
  return captured
    .map(({ url, file, contentType, headers }) => {
      const kept = headers.filter(([name]) => !(name in lower));
      const added = Object.entries(lower).filter(([, v]) => v !== '');
      const lines = [...kept, ...added].map(([n, v]) => `    add_header ${n} ${quoted(v)} always;`);
      return `  location = ${quoted(url)} {\n    alias ${file};\n    default_type ${quoted(contentType)};\n${lines.join('\n')}\n  }`;
    })
    .join('\n');
}

/** Serves the copy on a free port; resolves to its base URL once it answers. */
export function serveCopy(
  captured: Captured[],
  changes: Record<string, string>,
  tmp: string,
  name: string,
): Promise<string> {
  return startNginx(siteConf(captured, changes), captured[0]?.url ?? '/', tmp, name);
}

/** A captured answer without a body: a redirect, such as a form action's Post/Redirect/Get. */
export interface CapturedRedirect {
  url: string;
  status: number;
  location: string;
  headers: [string, string][];
}

/** What a redirect's copy does not take: nginx writes its own body, and the location with `return`. */
const NOT_COPIED_ON_REDIRECTS = new Set([...NOT_COPIED, 'content-encoding', 'location', 'set-cookie']);

/** A fetch answer as a CapturedRedirect of `url` (every Set-Cookie kept, one header each). */
export function captureRedirect(url: string, res: Response): CapturedRedirect {
  const headers: [string, string][] = [];
  res.headers.forEach((value, name) => {
    if (!NOT_COPIED_ON_REDIRECTS.has(name)) headers.push([name, value]);
  });
  for (const cookie of res.headers.getSetCookie()) headers.push(['set-cookie', cookie]);
  return { url, status: res.status, location: res.headers.get('location') ?? '/', headers };
}

/**
 * Serves these redirects, to any method, with the same status, location and headers, on a free
 * port: the same bytes as the portal's answers, without the portal's work.
 */
export function serveRedirects(answers: CapturedRedirect[], tmp: string, name: string): Promise<string> {
  const conf = answers
    .map(({ url, status, location, headers }) => {
      const lines = headers.map(([n, v]) => `    add_header ${n} ${quoted(v)} always;`);
      return `  location = ${quoted(url)} {\n${lines.join('\n')}\n    return ${status} ${quoted(location)};\n  }`;
    })
    .join('\n');
  return startNginx(conf, answers[0]?.url ?? '/', tmp, name);
}

/** nginx with these `location` blocks on a free port; resolves to its base URL once `probe` answers. */
async function startNginx(locations: string, probe: string, tmp: string, name: string): Promise<string> {
  if (!fs.existsSync(NGINX)) throw new BenchError(`No nginx at ${NGINX}: apt-get install nginx.`);
  const port = await freePort();
  const prefix = path.join(tmp, `nginx-${name}`);
  fs.mkdirSync(prefix, { recursive: true });
  const conf = `daemon off;
worker_processes 1;
worker_rlimit_nofile 8192;
pid ${prefix}/nginx.pid;
error_log ${prefix}/error.log warn;
events { worker_connections 4096; }
http {
${['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((k) => `  ${k}_temp_path ${prefix}/${k};`).join('\n')}
  access_log off;
  etag off;
  server_tokens off;
  absolute_redirect off;
  server {
    listen 127.0.0.1:${port};
${locations}
  }
}
`;
  const confFile = path.join(prefix, 'nginx.conf');
  fs.writeFileSync(confFile, conf);
  const logFile = path.join(prefix, 'stdout.log');
  const child = start(NGINX, ['-c', confFile, '-p', prefix], process.env, logFile);
  const base = `http://127.0.0.1:${port}`;
  await waitUntilUp(`${base}${probe}`, child, logFile);
  return base;
}

/**
 * LIGHTHOUSE_STATIC_HEADERS: `Name: value|Name2:` — the second copy's changes, `|`-separated since
 * header values hold `;` and `,` (an empty value: the header is left out).
 */
export function headerChangesFromEnv(value: string | undefined): Record<string, string> | null {
  if (!value) return null;
  const changes: Record<string, string> = {};
  for (const part of value.split('|')) {
    const colon = part.indexOf(':');
    if (colon < 1) throw new BenchError('LIGHTHOUSE_STATIC_HEADERS: "Name: value|Name2:" (empty: removed).');
    changes[part.slice(0, colon).trim()] = part.slice(colon + 1).trim();
  }
  return changes;
}
