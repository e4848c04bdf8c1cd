// wrk (Debian's package) run from a benchmark: its report parsed into requests/s, latency
// percentiles and errors. A Lua script (`-s`) lets it send what a GET cannot (a form post).
import { spawnSync } from 'node:child_process';
import { BenchError } from './harness.ts';

export const WRK = '/usr/bin/wrk';

export type Counts = Record<'non2xx' | 'errors' | 'timeouts', number>;
export type Measurement = Counts & Record<'reqPerSec' | 'requests' | 'p50' | 'p99', number>;

/** wrk's report: requests/s, latency percentiles (--latency), errors. */
export function parseWrk(out: string): Measurement {
  const num = (re: RegExp) => Number(re.exec(out)?.[1] ?? Number.NaN);
  const ms = (re: RegExp) => {
    const m = re.exec(out);
    if (!m) return Number.NaN;
    const value = Number(m[1]);
    return m[2] === 'us' ? value / 1000 : m[2] === 's' ? value * 1000 : value;
  };
  const socket = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(out);
  return {
    reqPerSec: num(/Requests\/sec:\s+([\d.]+)/),
    requests: num(/(\d+) requests in/),
    p50: ms(/50%\s+([\d.]+)(us|ms|s)\b/),
    p99: ms(/99%\s+([\d.]+)(us|ms|s)\b/),
    non2xx: num(/Non-2xx or 3xx responses: (\d+)/) || 0,
    errors: socket ? Number(socket[1]) + Number(socket[2]) + Number(socket[3]) : 0,
    timeouts: socket ? Number(socket[4]) : 0,
  };
}

/** Runs wrk against the URL (with a Lua script and its environment, if given) and parses its report. */
export function wrk(
  url: string,
  connections: number,
  seconds: number,
  script?: { file: string; env: NodeJS.ProcessEnv },
): Measurement {
  const threads = String(Math.min(2, connections));
  const args = ['-t', threads, '-c', String(connections), '-d', `${seconds}s`, '--latency'];
  if (script) args.push('-s', script.file);
  const result = spawnSync(WRK, [...args, url], {
    encoding: 'utf8',
    env: script ? { ...process.env, ...script.env } : process.env,
  });
  if (result.status !== 0) throw new BenchError(`wrk failed: ${result.stderr || result.stdout}`);
  return parseWrk(result.stdout);
}
