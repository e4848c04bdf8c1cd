// The metrics endpoint on a port of its own (METRICS_PORT; decision 0113): `GET /metrics` in the
// Prometheus text format, bound to 127.0.0.1 unless METRICS_HOST says otherwise, so it is never
// reachable through the public port or the proxy. Off when METRICS_PORT is unset.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describeError, type Logger } from '../node/logger.ts';
import { metricsText, registry } from '../node/metrics.ts';

export interface MetricsServer {
  port: number;
  close(): Promise<void>;
}

/** Reads METRICS_PORT / METRICS_HOST; throws on a port that is not 1–65535. */
export function metricsAddress(env: {
  METRICS_PORT?: string | number;
  METRICS_HOST?: string;
}): { port: number; host: string } | undefined {
  if (env.METRICS_PORT === undefined || env.METRICS_PORT === '') return undefined;
  const port = Number(env.METRICS_PORT);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new RangeError(`METRICS_PORT must be a port number, not "${env.METRICS_PORT}"`);
  return { port, host: env.METRICS_HOST || '127.0.0.1' };
}

export async function startMetricsServer(
  address: { port: number; host: string },
  logger: Logger,
): Promise<MetricsServer> {
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? '').split('?')[0];
    if (path !== '/metrics' || (req.method !== 'GET' && req.method !== 'HEAD')) {
      res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('Not found');
      return;
    }
    metricsText().then(
      (text) => {
        res.writeHead(200, { 'Content-Type': registry.contentType, 'Cache-Control': 'no-store' });
        res.end(req.method === 'HEAD' ? undefined : text);
      },
      (error: unknown) => {
        logger.error('Metrics could not be collected', describeError(error));
        res.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8' }).end('Metrics unavailable');
      },
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(address.port, address.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  logger.info('Metrics listening', { host: address.host, port });
  return {
    port,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
