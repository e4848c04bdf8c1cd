// Compression and conditional requests for responses held in memory (cached pages, built client
// files): which encoding a client accepts, bodies compressed both ways once, ETags, and writing a
// stored response to Node's ServerResponse (304 when the client has it already).
import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { brotliCompressSync, gzipSync, constants as zlib } from 'node:zlib';

const TEXT =
  /^(text\/|application\/(json|xml|javascript|rss\+xml|atom\+xml|feed\+json|manifest\+json)|image\/svg\+xml)/;

export function isCompressible(contentType: string | null | undefined): boolean {
  return Boolean(contentType && TEXT.test(contentType));
}

export type Encoding = 'br' | 'gzip' | 'identity';

/** The best encoding the client accepts: brotli, then gzip, else none. */
export function negotiateEncoding(acceptEncoding: string | undefined): Encoding {
  if (!acceptEncoding) return 'identity';
  const accepted = new Map<string, number>();
  for (const part of acceptEncoding.toLowerCase().split(',')) {
    const [name, ...params] = part.trim().split(';');
    const q = params.map((p) => /^\s*q=([0-9.]+)\s*$/.exec(p)?.[1]).find(Boolean);
    if (name) accepted.set(name.trim(), q === undefined ? 1 : Number(q));
  }
  const ok = (name: string) => (accepted.get(name) ?? accepted.get('*') ?? 0) > 0;
  if (ok('br')) return 'br';
  if (ok('gzip')) return 'gzip';
  return 'identity';
}

/** One response in every encoding worth sending. */
export interface Encoded {
  identity: Buffer;
  gzip?: Buffer;
  br?: Buffer;
}

/** Compresses a text body both ways; keeps a variant only when it is smaller. */
export function encodeBody(body: Buffer, contentType: string | null): Encoded {
  if (!isCompressible(contentType) || body.length < 256) return { identity: body };
  const gzip = gzipSync(body, { level: 9 });
  const br = brotliCompressSync(body, {
    params: {
      [zlib.BROTLI_PARAM_QUALITY]: 9,
      [zlib.BROTLI_PARAM_SIZE_HINT]: body.length,
      [zlib.BROTLI_PARAM_MODE]: zlib.BROTLI_MODE_TEXT,
    },
  });
  return {
    identity: body,
    ...(gzip.length < body.length ? { gzip } : {}),
    ...(br.length < body.length ? { br } : {}),
  };
}
export function etagOf(body: Buffer): string {
  return `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;
}

type Stored = { status: number; headers: Record<string, string>; etag: string } & Encoded;

/** Each stored response's header lists, built once per encoding (flat name, value, name, value…). */
const headerLists = new WeakMap<Stored, Map<string, string[]>>();

function headerList(
  response: Stored,
  encoding: Encoding | 'not-modified',
  extra: Record<string, string>,
): string[] {
  let lists = headerLists.get(response);
  if (!lists) {
    lists = new Map();
    headerLists.set(response, lists);
  }
  let list = lists.get(encoding);
  if (!list) {
    const headers: Record<string, string> = { ...response.headers, ...extra, etag: response.etag };
    if (response.gzip || response.br)
      headers.vary = headers.vary ? `${headers.vary}, Accept-Encoding` : 'Accept-Encoding';
    if (encoding === 'br' || encoding === 'gzip') headers['content-encoding'] = encoding;
    if (encoding !== 'not-modified') {
      const body = encoding === 'br' ? response.br : encoding === 'gzip' ? response.gzip : response.identity;
      headers['content-length'] = String(body?.length ?? 0);
    }
    list = Object.entries(headers).flat();
    lists.set(encoding, list);
  }
  return list;
}

/** Writes a stored response for the encoding the client accepts; 304 when it has it already. */
export function sendEncoded(
  req: IncomingMessage,
  res: ServerResponse,
  response: Stored,
  extra: Record<string, string> = {},
): void {
  if (response.status === 200 && req.headers['if-none-match'] === response.etag) {
    res.writeHead(304, headerList(response, 'not-modified', extra));
    res.end();
    return;
  }
  const wanted =
    response.gzip || response.br ? negotiateEncoding(req.headers['accept-encoding']) : 'identity';
  const encoding: Encoding =
    (wanted === 'br' && response.br && 'br') ||
    (wanted !== 'identity' && response.gzip && 'gzip') ||
    'identity';
  const body = encoding === 'br' ? response.br : encoding === 'gzip' ? response.gzip : response.identity;
  res.writeHead(response.status, headerList(response, encoding, extra));
  res.end(req.method === 'HEAD' ? undefined : body);
}
