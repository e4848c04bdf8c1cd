// The nginx configuration of the local cluster: deploy/nginx/portal.conf with its placeholders filled
// in (the instances, the public address, the log directory), inside a main nginx.conf that keeps
// every file nginx writes under `dir`. Used by `npm run cluster` and the cluster benchmark.
import fs from 'node:fs';
import path from 'node:path';
import { ROOT } from '../tests/load/harness.ts';

export interface Upstream {
  port: number;
  /** Marked `down`: nginx sends it nothing (an instance that is not ready). */
  down?: boolean;
}

/** Writes portal.conf and nginx.conf into `dir`; the path of nginx.conf, for `nginx -c`. */
export function writeNginxConf(
  dir: string,
  options: { upstreams: Upstream[]; listen: string; logDir: string; workers?: number },
): string {
  fs.mkdirSync(dir, { recursive: true });
  const servers = options.upstreams
    .map((u) => `server 127.0.0.1:${u.port} max_fails=1 fail_timeout=5s${u.down ? ' down' : ''};`)
    .join('\n  ');
  const site = fs
    .readFileSync(path.join(ROOT, 'deploy/nginx/portal.conf'), 'utf8')
    .replace('{{SERVERS}}', servers)
    .replace('{{LISTEN}}', options.listen)
    .replace('{{LOG_DIR}}', options.logDir);
  fs.writeFileSync(path.join(dir, 'portal.conf'), site);
  const temp = ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map(
    (k) => `  ${k}_temp_path ${dir}/${k}_temp;`,
  );
  const main = [
    'daemon off;',
    `worker_processes ${options.workers ?? 2};`,
    `pid ${dir}/nginx.pid;`,
    `error_log ${options.logDir}/nginx-error.log warn;`,
    'events { worker_connections 1024; }',
    'http {',
    ...temp,
    `  include ${dir}/portal.conf;`,
    '}',
    '',
  ].join('\n');
  const conf = path.join(dir, 'nginx.conf');
  fs.writeFileSync(conf, main);
  return conf;
}
