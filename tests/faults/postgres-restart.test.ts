// Fault test 2 (issue 21): PostgreSQL restarted under write load. Residents send concerns
// continuously through nginx (deploy/nginx/portal.conf) to two built-server instances while their database (a server of the test's own, see
// throwaway-postgres.ts) is stopped and started again. Every report that was acknowledged (the send
// answered with its redirect to /report/sent) is in the database afterwards; every request during the
// outage is answered 503 with Retry-After (or served from the page cache), never a 500; the instances
// and the email worker reconnect by themselves, and the queued emails are all sent.

import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reportSteps } from '../helpers/report-journey.ts';
import {
  CAN_RUN,
  deploymentEnv,
  HAS_NGINX,
  type Instance,
  killAll,
  type Proc,
  startInstance,
  startNginx,
  startWorker,
} from './instances.ts';
import {
  CAN_RUN_THROWAWAY_POSTGRES,
  startThrowawayPostgres,
  type ThrowawayPostgres,
} from './throwaway-postgres.ts';

const RESIDENTS = 12;
const LOAD_MS = 22_000;
const OUTAGE_AT_MS = 7_000;
const OUTAGE_MS = 5_000;
/** The journey's fastest allowed pace (MIN_FILL_MS is 5 s), with a margin. */
const FILL_MS = 5_200;

interface Answer {
  path: string;
  /** The error summary's first message, if the form came back. */
  problem: string;
  status: number;
  retryAfter: string | null;
  at: number;
}

describe.skipIf(!CAN_RUN || !CAN_RUN_THROWAWAY_POSTGRES || !HAS_NGINX)(
  'PostgreSQL restarted under write load',
  () => {
    let pg: ThrowawayPostgres;
    let instances: Instance[] = [];
    let worker: Proc | undefined;
    let nginx: Instance | undefined;
    beforeAll(async () => {
      pg = await startThrowawayPostgres();
      const setup = spawnSync(process.execPath, ['--experimental-strip-types', 'db/cli.ts', 'setup'], {
        env: { ...process.env, DATABASE_URL: pg.url },
        encoding: 'utf8',
        timeout: 120_000,
      });
      if (setup.status !== 0) throw new Error(`db setup failed:\n${setup.stdout}\n${setup.stderr}`);
      // Each journey comes from its own address (X-Forwarded-For through two trusted proxies: the one
      // it pretends to come through, and nginx), so the per-client limits on reports do not stop the load.
      const env = deploymentEnv(pg.url, { EMAIL_WORKER: 'off', TRUSTED_PROXIES: '2' });
      instances = await Promise.all([startInstance(env), startInstance(env)]);
      nginx = await startNginx(instances);
      // A batch the worker claimed as the database went down stays leased until its lease ends (the
      // worker cannot know whether the provider took it; the retry reuses its idempotency key): a
      // 20 s lease instead of the default 120 s keeps the wait for the last emails within the test.
      worker = startWorker({ ...env, EMAIL_LEASE_SECONDS: '20' });
    });
    afterAll(async () => {
      await killAll([nginx, ...instances, worker]);
      pg?.destroy();
    });

    it('loses no acknowledged report, answers 503 with Retry-After meanwhile, and recovers alone', async () => {
      const started = Date.now();
      const answers: Answer[] = [];
      const failures: string[] = [];
      const acknowledged: string[] = [];
      let journeys = 0;

      const post = async (
        base: string,
        ip: string,
        path: string,
        fields: Record<string, string>,
        cookie: string,
      ) => {
        const res = await fetch(`${base}${path}`, {
          method: 'POST',
          headers: {
            origin: base,
            'content-type': 'application/x-www-form-urlencoded',
            'x-forwarded-for': ip,
            ...(cookie ? { cookie } : {}),
          },
          body: new URLSearchParams(fields),
          redirect: 'manual',
        });
        const text = await res.text();
        answers.push({
          path,
          problem:
            res.status === 303
              ? ''
              : (/govuk-error-summary__list">\s*<li><a[^>]*>([^<]*)/.exec(text)?.[1] ?? ''),
          status: res.status,
          retryAfter: res.headers.get('retry-after'),
          at: Date.now() - started,
        });
        return res;
      };

      /** One resident's report from start to send; the token if the send was acknowledged. */
      const journey = async (resident: number): Promise<void> => {
        const n = journeys++;
        const base = (nginx as Instance).base;
        const ip = `10.${resident}.${Math.floor(n / 250)}.${n % 250}`;
        const token = randomUUID();
        let begun = 0;
        let cookie = '';
        const steps = reportSteps(`Loud music every night ${token}`, `r-${n}@example.org`);
        for (const [step, fields] of steps) {
          const res = await post(base, ip, `/report/${step}?_action=report.${step}`, fields, cookie);
          if (res.status !== 303) return;
          // The draft starts when the first step is saved: the pace is counted from its answer.
          if (!begun) begun = Date.now();
          const set = /cn_report=([a-z2-7]{32})/.exec(res.headers.get('set-cookie') ?? '');
          if (set) cookie = `cn_report=${set[1]}`;
        }
        await new Promise((r) => setTimeout(r, Math.max(0, FILL_MS - (Date.now() - begun))));
        const sent = await post(base, ip, '/report/check?_action=report.send', { confirm: 'yes' }, cookie);
        if (sent.status === 303 && sent.headers.get('location')?.startsWith('/report/sent'))
          acknowledged.push(token);
      };

      const resident = async (r: number) => {
        while (Date.now() - started < LOAD_MS) {
          await journey(r).catch((error: Error) =>
            failures.push(`${error.message} ${String(error.cause ?? '')}`),
          );
        }
      };

      // Public pages cached on both instances before the outage.
      for (const { base } of instances) {
        for (let i = 0; i < 2; i++) expect((await fetch(`${base}/action-plan`)).status).toBe(200);
      }
      const load = Promise.all(Array.from({ length: RESIDENTS }, (_, r) => resident(r)));

      await new Promise((r) => setTimeout(r, OUTAGE_AT_MS));
      pg.stop();
      const down = Date.now() - started;
      // During the outage: cached pages served, through nginx and by each instance; readiness off.
      expect((await fetch(`${(nginx as Instance).base}/action-plan`)).status).toBe(200);
      for (const { base } of instances) {
        expect((await fetch(`${base}/action-plan`)).status).toBe(200);
        expect((await fetch(`${base}/health/ready`)).status).toBe(503);
      }
      await new Promise((r) => setTimeout(r, OUTAGE_MS));
      pg.start();
      const up = Date.now() - started;
      await load;

      // Instances ready again without a restart.
      for (const { base } of instances) expect((await fetch(`${base}/health/ready`)).status).toBe(200);
      expect(failures).toEqual([]);
      const errors = () =>
        instances.flatMap((i) =>
          i
            .output()
            .split('\n')
            .filter((line) => line.includes('"level":"error"')),
        );
      expect(
        answers.filter((a) => a.status >= 500 && a.status !== 503),
        errors().join('\n').slice(0, 3000),
      ).toEqual([]);
      const unavailable = answers.filter((a) => a.status === 503);
      expect(unavailable.length, 'the outage was met by some requests').toBeGreaterThan(0);
      expect(unavailable.every((a) => a.retryAfter === '30')).toBe(true);
      // Nothing else refused: every other answer moved the journey on.
      expect(answers.filter((a) => a.status !== 303 && a.status !== 503)).toEqual([]);
      // Reports acknowledged after the restart: the instances reconnected.
      expect(answers.some((a) => a.status === 303 && a.at > up + 1_000)).toBe(true);
      expect(acknowledged.length).toBeGreaterThan(RESIDENTS);

      const sql = postgres(pg.url, { max: 1, onnotice: () => {} });
      try {
        const rows = await sql<{ description: string }[]>`
        select description from concerns where description like 'Loud music every night %'`;
        const stored = rows.map((r) => r.description.slice('Loud music every night '.length));
        for (const token of acknowledged) expect(stored.filter((s) => s === token)).toHaveLength(1);
        // The worker reconnected too: every email the reports queued is sent.
        const deadline = Date.now() + 60_000;
        let pending = -1;
        while (Date.now() < deadline) {
          const [row] = await sql<{ n: number }[]>`
          select count(*)::int as n from email_outbox where status in ('queued', 'failed', 'sending')`;
          pending = row?.n ?? -1;
          if (pending === 0) break;
          await new Promise((r) => setTimeout(r, 500));
        }
        const left = await sql`
        select status, attempts, lease_expires_at, next_attempt_at from email_outbox where status <> 'sent'`;
        expect(pending, JSON.stringify(left)).toBe(0);
        const [sent] = await sql<
          { n: number }[]
        >`select count(*)::int as n from email_outbox where status = 'sent'`;
        expect(sent?.n ?? 0).toBeGreaterThanOrEqual(acknowledged.length);
      } finally {
        await sql.end();
      }
      expect(worker?.child.exitCode).toBeNull();
      console.info(
        `PostgreSQL down from ${down} ms to ${up} ms: ${journeys} journeys, ${acknowledged.length} acknowledged, ` +
          `${answers.length} answers, ${unavailable.length} of them 503`,
      );
    });
  },
);
