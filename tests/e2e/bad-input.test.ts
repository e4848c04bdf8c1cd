// Every action, posted as a no-JS form by a signed-in administrator with hostile or malformed
// values in every field: the answer is a 4xx with the page and its error summary, or a redirect —
// never a 500, and never anything about the server's insides. Runs on a server and database of its
// own, so the sign-in limits and sessions it uses up touch no other test.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Fixtures } from './fixtures.ts';
import { freePort, prepareDatabase, stopServer, waitUntilUp } from './server.ts';

/**
 * Each action with valid values for every field of its input: each bad value replaces one field at a
 * time, so it gets past the other fields' checks. The test at the end checks the list is complete.
 */
const ACTIONS: Record<string, (fx: Fixtures) => Record<string, string>> = {
  'auth.login': () => ({ email: 'nobody@example.org', password: 'a long enough password', next: '/staff' }),
  'auth.verifyCode': () => ({ code: '123456', next: '/staff' }),
  'auth.useRecoveryCode': () => ({ code: 'abcd-efgh-ijkl', next: '/staff' }),
  'auth.setPassword': () => ({
    password: 'plum orchard lantern 42',
    confirmPassword: 'plum orchard lantern 42',
  }),
  'auth.enrolTotp': () => ({ key: 'A'.repeat(32), code: '123456' }),
  'auth.enrolNewAuthenticator': () => ({ key: 'A'.repeat(32), code: '123456', next: '/staff' }),
  'auth.requestReset': () => ({ email: 'nobody@example.org' }),
  'auth.resetPassword': () => ({
    password: 'plum orchard lantern 42',
    confirmPassword: 'plum orchard lantern 42',
  }),
  'account.changePassword': () => ({
    currentPassword: 'not the password',
    password: 'plum orchard lantern 42',
    confirmPassword: 'plum orchard lantern 42',
  }),
  'account.reEnrolTotp': () => ({
    currentPassword: 'not the password',
    currentCode: '123456',
    key: 'A'.repeat(32),
    code: '123456',
  }),
  'account.endSession': () => ({ sessionId: 'a'.repeat(64) }),
  'account.recoveryCodesSaved': () => ({ next: '/staff' }),
  'staff.invite': () => ({
    email: 'fuzz@example.org',
    name: 'Fuzz Tester',
    role: 'ward_officer',
    wards: 'bloomsbury',
  }),
  'staff.update': (fx) => ({ id: fx.targetStaffId, role: 'ward_officer', wards: 'bloomsbury' }),
  'staff.deactivate': (fx) => ({ id: fx.targetStaffId, reason: 'Left the team' }),
  'staff.reactivate': (fx) => ({ id: fx.targetStaffId, reason: 'Came back' }),
  'staff.endSessions': (fx) => ({ id: fx.targetStaffId, reason: 'Lost laptop' }),
  'staff.resendInvitation': (fx) => ({ id: fx.targetStaffId }),
  'staff.unlock': (fx) => ({ id: fx.targetStaffId, reason: 'Locked out by someone' }),
  'staff.resetSecondFactor': (fx) => ({ id: fx.targetStaffId, reason: 'Lost phone and codes' }),
  'planUpdates.create': () => ({
    actionNumber: '1',
    updateDate: '2026-11-02',
    status: 'on_track',
    headline: 'Fuzz',
    body: 'Body',
    borough: 'camden',
    source: 'Fuzz source',
  }),
  'planUpdates.edit': (fx) => ({
    actionNumber: '1',
    id: String(fx.draftUpdateId),
    updateDate: '2026-11-02',
    status: 'on_track',
    headline: 'Fuzz',
    body: 'Body',
    borough: 'camden',
    source: 'Fuzz source',
  }),
  'planUpdates.publish': (fx) => ({ actionNumber: '1', id: String(fx.draftUpdateId) }),
  'planUpdates.unpublish': (fx) => ({ actionNumber: '1', id: String(fx.draftUpdateId), confirm: 'yes' }),
  'planUpdates.preview': () => ({ body: 'Preview' }),
  'newsletters.preview': () => ({ body: 'Preview' }),
  'newsletters.create': () => ({
    title: 'Fuzz newsletter',
    summary: 'Fuzz',
    issueDate: '2019-03-31',
    body: 'Fuzz ![a picture](https://www.camden.gov.uk/a.png)',
    audience: 'borough',
    borough: 'camden',
  }),
  'newsletters.edit': (fx) => ({
    id: String(fx.draftNewsletterId),
    title: 'E2E draft newsletter',
    summary: 'A fixture newsletter.',
    issueDate: '2019-01-31',
    body: 'Fixture newsletter.',
    audience: 'wards',
    wards: 'frognal',
  }),
  'newsletters.sendTest': (fx) => ({ id: String(fx.draftNewsletterId) }),
  'newsletters.publish': (fx) => ({ id: String(fx.publishableNewsletterId) }),
  'newsletters.schedule': (fx) => ({ id: String(fx.publishableNewsletterId), sendAt: '2099-01-01T09:00' }),
  'newsletters.unschedule': (fx) => ({ id: String(fx.publishableNewsletterId) }),
  'newsletters.unpublish': (fx) => ({ id: String(fx.publishableNewsletterId), confirm: 'yes' }),
  'subscriptions.subscribe': () => ({
    email: 'fuzz-reader@example.org',
    audience: 'wards',
    borough: '',
    wards: 'bloomsbury',
  }),
  'subscriptions.confirm': () => ({}),
  'subscriptions.updatePreferences': () => ({ audience: 'borough', borough: 'islington', wards: 'arsenal' }),
  'subscriptions.unsubscribe': () => ({}),
  'emails.retry': () => ({ id: '00000000-0000-4000-8000-000000000000' }),
  'emails.unsuppress': () => ({ address: 'someone@example.org' }),
  'report.what': () => ({ category: 'other', categoryOther: 'Fuzzing' }),
  'report.where': () => ({ ward: 'bloomsbury', location: 'Fuzz Street' }),
  'report.when': () => ({ timing: 'once', occurredOn: '2026-11-02', timeOfDay: 'evening', frequency: '' }),
  'report.details': () => ({ description: 'Fuzz', impact: 'Fuzz' }),
  'report.contact': () => ({
    anonymous: 'no',
    name: 'Fuzz',
    email: 'fuzz@example.org',
    phone: '020 7946 0000',
    preference: 'Any',
  }),
  'report.send': () => ({ confirm: 'yes' }),
  'report.track': (fx) => ({ reference: fx.concernReference, code: 'ABCD-EFGH-JKMN' }),
  'concerns.showContact': (fx) => ({ id: fx.concernId, reason: 'Fuzz' }),
  'concerns.setWard': (fx) => ({ id: fx.concernId, ward: 'bloomsbury' }),
  'concerns.assign': (fx) => ({ id: fx.concernId, assignee: fx.staff.ward_officer.id }),
  'concerns.setStatus': (fx) => ({
    id: fx.concernId,
    status: 'reviewing',
    outcome: '',
    publicNote: 'Looking at it',
    internalNote: 'Fuzz',
  }),
  'concerns.refer': (fx) => ({
    id: fx.concernId,
    partner: 'tfl',
    referredOn: '2026-11-02',
    referralNote: '',
    referralInternalNote: 'Fuzz',
  }),
  'concerns.markDuplicate': () => ({
    id: '00000000-0000-4000-8000-000000000000',
    original: 'CN-2026-999999',
  }),
  // Last: it ends the session the others use.
  'auth.logout': () => ({}),
};

/** Values that have broken forms elsewhere: each is put in every field of every action in turn. */
const VALUES: Record<string, string | string[]> = {
  empty: '',
  'very long': 'x'.repeat(20_000),
  'two values': ['1', '2'],
  'control characters': 'a\u0000b\u0007c\r\nBcc: victim@example.org',
  'bidi override and markup': '\u202e<script>alert(1)</script>',
  'huge number': '99999999999999999999999999',
  negative: '-1',
  'not a real date': '2026-02-30',
  'SQL-ish': "' OR 1=1; --",
  'lone surrogate': '\ud800',
  'path-like': '../../etc/passwd',
};

const LEAKS = [/Failed query/i, /\bat \S+:\d+:\d+/, /node_modules/, /SyntaxError|TypeError|ReferenceError/];

let dir: string;
let server: ChildProcess;
let baseURL: string;
let fixtures: Fixtures;
let output = '';

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'cn-e2e-bad-input-'));
  const prepared = prepareDatabase(dir);
  fixtures = prepared.fixtures;
  const port = await freePort();
  baseURL = `http://127.0.0.1:${port}`;
  server = spawn(process.execPath, ['dist/server/entry.mjs'], {
    env: { ...prepared.env, HOST: '127.0.0.1', PORT: String(port), EMAIL_WORKER: 'off' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  server.stdout?.on('data', (b: Buffer) => {
    output += b.toString();
  });
  server.stderr?.on('data', (b: Buffer) => {
    output += b.toString();
  });
  await waitUntilUp(`${baseURL}/`, server);
}, 60_000);

afterAll(async () => {
  if (server) await stopServer(server);
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function post(action: string, fields: [string, string][]): Promise<{ status: number; text: string }> {
  const body = new URLSearchParams(fields);
  const res = await fetch(`${baseURL}/staff?_action=${action}`, {
    method: 'POST',
    headers: {
      cookie: `cn_staff=${fixtures.staff.admin.session}`,
      origin: baseURL,
      'content-type': 'application/x-www-form-urlencoded',
    },
    body,
    redirect: 'manual',
  });
  return { status: res.status, text: await res.text() };
}

/** Actions that change nothing and show the page again with their result (200), e.g. Preview. */
const SHOW_FORM_AGAIN = new Set([
  'planUpdates.preview',
  'newsletters.preview',
  'report.track',
  'concerns.showContact',
]);

describe('bad input to every action', () => {
  for (const [action, valid] of Object.entries(ACTIONS)) {
    it(`${action}: a 4xx or a redirect, never a 500 or the server's insides`, async () => {
      const base = valid(fixtures);
      const cases: [string, [string, string][]][] = [['no fields', []]];
      for (const field of Object.keys(base)) {
        for (const [label, value] of Object.entries(VALUES)) {
          const others = Object.entries(base).filter(([k]) => k !== field);
          cases.push([
            `${field}: ${label}`,
            [...others, ...[value].flat().map((v): [string, string] => [field, v])],
          ]);
        }
      }
      for (const [label, body] of cases) {
        const { status, text } = await post(action, body);
        const refusedOrDone =
          status === 303 ||
          (status >= 400 && status < 500) ||
          (status === 200 && SHOW_FORM_AGAIN.has(action));
        expect(refusedOrDone, `${label}: ${status} ${text.slice(0, 300)}`).toBe(true);
        for (const leak of LEAKS) expect(text, `${label} shows ${leak}`).not.toMatch(leak);
      }
    });
  }

  it('logged no unexpected error', () => {
    expect(output.split('\n').filter((line) => line.includes('"level":"error"'))).toEqual([]);
  });

  it('covers every action', () => {
    const names: string[] = [];
    for (const file of readdirSync('src/actions').filter((f) => f !== 'index.ts' && f.endsWith('.ts'))) {
      const source = readFileSync(path.join('src/actions', file), 'utf8');
      const group = source.match(/^export const (\w+) = \{/m)?.[1];
      for (const m of source.matchAll(/^ {2}(\w+): (?:defineAction|\w+Action)\(/gm))
        names.push(`${group}.${m[1]}`);
    }
    expect(names.sort()).toEqual(Object.keys(ACTIONS).sort());
  });
});
