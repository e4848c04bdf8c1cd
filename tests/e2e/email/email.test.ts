// Email in the built server: queued mail goes out after a restart with no request to the server
// (the worker starts with the process), the logs name ids and kinds but no address, subject or
// link, and the Resend webhook endpoint verifies signatures over real HTTP.
import { type ChildProcess, spawn } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb } from '../../../db/client.ts';
import { emailEvents, emailOutbox, emailSuppressions } from '../../../db/schema/index.ts';
import { enqueueEmail } from '../../../src/features/email/outbox.server.ts';
import { freePort, stopServer } from '../server.ts';

const SECRET = `whsec_${Buffer.from('e2e webhook signing secret, 32b!').toString('base64')}`;
const TOKEN = 'tok_e2e_do_not_log_me';
const RECIPIENT = 'e2e.resident@example.com';

const dir = mkdtempSync(path.join(tmpdir(), 'cn-e2e-email-'));
const dataDir = path.join(dir, 'pglite');
let server: ChildProcess | undefined;
let baseURL = '';
let output = '';
let outboxId = '';

function waitFor(pattern: RegExp, timeoutMs = 30_000): Promise<void> {
  return new Promise((resolve, reject) => {
    const deadline = setTimeout(
      () => reject(new Error(`No log line matching ${pattern} in ${timeoutMs} ms`)),
      timeoutMs,
    );
    const check = (): void => {
      if (pattern.test(output)) {
        clearTimeout(deadline);
        resolve();
      } else if (server?.exitCode !== null) {
        clearTimeout(deadline);
        reject(new Error(`The server exited: ${output}`));
      } else setTimeout(check, 50);
    };
    check();
  });
}

beforeAll(async () => {
  // The message is queued while the server is down, as if a request had queued it just before a restart.
  const handle = await createDb({ dataDir });
  await handle.migrate();
  outboxId = (
    await handle.db.transaction((tx) =>
      enqueueEmail(tx, {
        kind: 'newsletter-confirmation',
        to: RECIPIENT,
        subject: 'Confirm your subscription',
        html: `<p><a href="https://portal.example/confirm?token=${TOKEN}">Confirm</a></p>`,
        text: `https://portal.example/confirm?token=${TOKEN}`,
      }),
    )
  ).id;
  await handle.close();

  const port = await freePort();
  baseURL = `http://127.0.0.1:${port}`;
  server = spawn(process.execPath, ['dist/server/entry.mjs'], {
    env: {
      ...process.env,
      DATABASE_URL: '',
      PGLITE_DATA_DIR: dataDir,
      RESEND_API_KEY: '',
      RESEND_WEBHOOK_SECRET: SECRET,
      HOST: '127.0.0.1',
      PORT: String(port),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  server.stdout?.on('data', (b: Buffer) => {
    output += b.toString();
  });
  server.stderr?.on('data', (b: Buffer) => {
    output += b.toString();
  });
});

afterAll(async () => {
  if (server) await stopServer(server);
  rmSync(dir, { recursive: true, force: true });
});

describe('the email worker in the built server', () => {
  it('delivers mail queued before the start without any request being made', async () => {
    await waitFor(new RegExp(`Email delivered to the local mailbox.*${outboxId}`));
  });

  it('logs the outbox id and kind, never the address, subject or link token', () => {
    expect(output).toContain('"kind":"newsletter-confirmation"');
    expect(output).not.toContain(RECIPIENT);
    expect(output).not.toContain(TOKEN);
    expect(output).not.toContain('Confirm your subscription');
  });
});

describe('POST /api/email/webhook', () => {
  function signed(
    body: string,
    id: string,
    timestamp = Math.floor(Date.now() / 1000),
  ): Record<string, string> {
    const key = Buffer.from(SECRET.slice('whsec_'.length), 'base64');
    const signature = createHmac('sha256', key).update(`${id}.${timestamp}.${body}`).digest('base64');
    return {
      'content-type': 'application/json',
      'svix-id': id,
      'svix-timestamp': String(timestamp),
      'svix-signature': `v1,${signature}`,
    };
  }

  it('records a signed event once, from any origin, and suppresses the bounced address', async () => {
    await waitFor(/Email delivered to the local mailbox/);
    // The provider id of the delivered message is only in the database; the server owns it while it
    // runs, so this event names an unknown message and the outbox link is checked after the stop.
    const body = JSON.stringify({
      type: 'email.bounced',
      created_at: new Date().toISOString(),
      data: { email_id: 'local-unknown', to: ['Bounced@Example.com'], bounce: { type: 'Permanent' } },
    });
    const headers = { ...signed(body, 'msg_e2e_1'), origin: 'https://api.resend.com' };
    const first = await fetch(`${baseURL}/api/email/webhook`, { method: 'POST', headers, body });
    expect(first.status).toBe(200);
    expect(first.headers.get('cache-control')).toBe('no-store');
    const again = await fetch(`${baseURL}/api/email/webhook`, { method: 'POST', headers, body });
    expect(again.status).toBe(200);
  });

  it('answers 400 without detail to a bad or stale signature', async () => {
    const body = JSON.stringify({ type: 'email.complained', data: { email_id: 'x', to: ['a@example.com'] } });
    const tampered = { ...signed(body, 'msg_e2e_2') };
    const res = await fetch(`${baseURL}/api/email/webhook`, {
      method: 'POST',
      headers: tampered,
      body: body.replace('a@example.com', 'b@example.com'),
    });
    expect(res.status).toBe(400);
    expect(await res.text()).toBe('Bad request');
    const stale = signed(body, 'msg_e2e_3', Math.floor(Date.now() / 1000) - 6 * 60);
    expect(
      (await fetch(`${baseURL}/api/email/webhook`, { method: 'POST', headers: stale, body })).status,
    ).toBe(400);
    const unsigned = await fetch(`${baseURL}/api/email/webhook`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
    });
    expect(unsigned.status).toBe(400);
  });

  it('takes POST only', async () => {
    const res = await fetch(`${baseURL}/api/email/webhook`);
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('POST');
  });

  it('left the database as expected once the server stops (SIGTERM stops the worker cleanly)', async () => {
    if (server) await stopServer(server);
    expect(output).toContain('Email worker stopped');
    const handle = await createDb({ dataDir });
    try {
      const [row] = await handle.db.select().from(emailOutbox).where(eq(emailOutbox.id, outboxId));
      expect(row).toMatchObject({ status: 'sent', provider: 'local', attempts: 1 });
      expect(await handle.db.select().from(emailEvents)).toHaveLength(1);
      const suppressed = await handle.db.select().from(emailSuppressions);
      expect(suppressed).toMatchObject([{ address: 'bounced@example.com', reason: 'bounced' }]);
    } finally {
      await handle.close();
    }
  });
});
