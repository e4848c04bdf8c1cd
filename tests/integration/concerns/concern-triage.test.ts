// Issue 9, staff triage: ward scope on every concern query and change, contact details only with a
// reason (audited), status changes and referrals with public and internal notes (the public one
// emailed to the reporter in the same transaction), duplicates following their original, and a
// public note holding a personal detail refused until confirmed.
import { and, eq, inArray, sql } from 'drizzle-orm';
import { describe, expect } from 'vitest';
import type { Db } from '../../../db/client.ts';
import { auditLog, concernEvents, concerns, emailOutbox } from '../../../db/schema/index.ts';
import { saveStep, sendConcern, trackConcern } from '../../../src/features/concerns/concerns.server.ts';
import {
  assignConcern,
  changeConcernStatus,
  listAssignableStaff,
  markDuplicate,
  referConcern,
  setConcernWard,
} from '../../../src/features/concerns/triage-changes.server.ts';
import {
  getStaffConcern,
  viewConcernContact,
  viewStaffConcern,
} from '../../../src/features/concerns/triage-detail.server.ts';
import {
  ConcernNotFoundError,
  OriginalNotFoundError,
  PersonalDetailsError,
  TriageRefusedError,
  WardNotAllowedError,
} from '../../../src/features/concerns/triage-errors.ts';
import { exportConcernsCsv } from '../../../src/features/concerns/triage-export.server.ts';
import { listConcernQueue } from '../../../src/features/concerns/triage-queue.server.ts';
import { actorOf, createWardOfficer, scopeOf, seededTest } from '../../helpers/fixtures.ts';
import { TEST_SECRET, type TestStaff } from '../../helpers/staff.ts';

const BASE = 'https://portal.example.org';
/** The ward officer for Bloomsbury comes from the fixtures; this one is Holloway's. */
const test = seededTest.extend('otherOfficer', { scope: 'file' }, ({ db }) =>
  createWardOfficer(db, ['holloway']),
);

const actor = (s: TestStaff) => actorOf(s, '127.0.0.1');

let n = 0;
async function report(
  db: Db,
  ward: string,
  contact: Record<string, unknown> = { anonymous: true, name: '', email: '', phone: '', preference: '' },
) {
  await db.execute(sql`truncate rate_limits`);
  const ctx = { client: `192.0.2.${++n}`, now: new Date(Date.now() - 60_000) };
  let { token } = await saveStep(
    db,
    TEST_SECRET,
    undefined,
    'what',
    { category: 'noise', categoryOther: '' },
    ctx,
  );
  ({ token } = await saveStep(db, TEST_SECRET, token, 'where', { ward, location: 'By the market' }, ctx));
  ({ token } = await saveStep(
    db,
    TEST_SECRET,
    token,
    'when',
    { timing: 'ongoing', occurredOn: null, timeOfDay: null, frequency: 'Nightly' },
    ctx,
  ));
  ({ token } = await saveStep(
    db,
    TEST_SECRET,
    token,
    'details',
    { description: 'Loud music, call 07700 900461', impact: 'No sleep' },
    ctx,
  ));
  ({ token } = await saveStep(db, TEST_SECRET, token, 'contact', contact as never, ctx));
  return sendConcern(db, TEST_SECRET, token, { client: ctx.client, baseUrl: BASE });
}

describe('ward scope', () => {
  test('a ward officer sees and acts on their wards’ concerns only; admins see all, including no ward', async ({
    db,
    wardOfficer: officer,
    otherOfficer,
  }) => {
    const mine = await report(db, 'bloomsbury');
    const theirs = await report(db, 'holloway');
    const unknown = await report(db, 'unknown');
    const scope = scopeOf(officer);
    expect(await getStaffConcern(db, mine.id, scope)).not.toBeNull();
    expect(await getStaffConcern(db, theirs.id, scope)).toBeNull();
    expect(await getStaffConcern(db, unknown.id, scope)).toBeNull();
    expect(await getStaffConcern(db, unknown.id, 'all')).not.toBeNull();
    const queue = await listConcernQueue(db, scope, {});
    const refs = queue.items.map((i) => i.reference);
    expect(refs).toContain(mine.reference);
    expect(refs).not.toContain(theirs.reference);
    expect(refs).not.toContain(unknown.reference);
    for (const attempt of [
      () => assignConcern(db, actor(officer), theirs.id, scope, officer.id),
      () =>
        changeConcernStatus(
          db,
          actor(officer),
          theirs.id,
          scope,
          { status: 'reviewing', publicNote: '', internalNote: '' },
          { baseUrl: BASE },
        ),
      () =>
        referConcern(
          db,
          actor(officer),
          theirs.id,
          scope,
          { partner: 'tfl', referredOn: '2026-11-30', publicNote: '', internalNote: '' },
          { baseUrl: BASE },
        ),
      () => viewConcernContact(db, actor(officer), theirs.id, scope, 'curious'),
    ]) {
      await expect(attempt()).rejects.toThrow(ConcernNotFoundError);
    }
    await expect(
      markDuplicate(db, actor(officer), mine.id, scope, theirs.reference, { baseUrl: BASE }),
    ).rejects.toThrow(OriginalNotFoundError);
    // The other ward's officer sees theirs, not this one.
    const other = scopeOf(otherOfficer);
    expect(await getStaffConcern(db, theirs.id, other)).not.toBeNull();
    expect(await getStaffConcern(db, mine.id, other)).toBeNull();
    const [row] = await db.select().from(concerns).where(eq(concerns.id, theirs.id));
    expect(row?.status).toBe('received');
  });

  test('the queue is oldest first, filters, and counts by status', async ({ db }) => {
    const q = await listConcernQueue(db, 'all', { status: 'received' });
    const times = q.items.map((i) => i.createdAt.getTime());
    expect([...times].sort((a, b) => a - b)).toEqual(times);
    expect(q.counts.received).toBeGreaterThanOrEqual(3);
    const filtered = await listConcernQueue(db, 'all', { ward: 'holloway', category: 'noise' });
    expect(filtered.items.every((i) => i.wardName === 'Holloway')).toBe(true);
    expect((await listConcernQueue(db, 'all', { category: 'begging' })).total).toBe(0);
    expect((await listConcernQueue(db, 'all', { age: 'older' })).total).toBe(0);
  });

  test('counts every open concern exactly and the closed ones only up to the cap', async ({ db }) => {
    const all = await db.select({ id: concerns.id, status: concerns.status }).from(concerns);
    const closing = all.filter((c) => c.status !== 'closed').slice(0, 2);
    await db
      .update(concerns)
      .set({ status: 'closed', closedAt: new Date() })
      .where(
        inArray(
          concerns.id,
          closing.map((c) => c.id),
        ),
      );
    const rows = await db.select({ status: concerns.status }).from(concerns);
    const closed = rows.filter((r) => r.status === 'closed').length;
    expect(closed).toBeGreaterThanOrEqual(2);
    const exact = await listConcernQueue(db, 'all', {});
    expect(exact).toMatchObject({ total: rows.length, closedAtLeast: false, totalAtLeast: false });
    expect(exact.counts.closed).toBe(closed);
    const capped = await listConcernQueue(db, 'all', {}, { countCap: 1 });
    expect(capped).toMatchObject({
      total: rows.length - closed + 1,
      closedAtLeast: true,
      totalAtLeast: true,
    });
    expect(capped.counts).toEqual({ ...exact.counts, closed: 1 });
    const open = await listConcernQueue(db, 'all', { status: 'open' }, { countCap: 1 });
    expect(open).toMatchObject({ total: rows.length - closed, closedAtLeast: true, totalAtLeast: false });
    expect(open.items.every((i) => i.status !== 'closed')).toBe(true);
    const onlyClosed = await listConcernQueue(db, 'all', { status: 'closed' }, { countCap: 1 });
    expect(onlyClosed).toMatchObject({ total: 1, pages: 1, totalAtLeast: true });
  });
});

describe('the ward', () => {
  const wardOf = async (db: Db, id: string) =>
    (await db.select({ wardId: concerns.wardId }).from(concerns).where(eq(concerns.id, id)))[0]?.wardId;
  const audits = (db: Db, id: string) =>
    db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'concern.ward'), eq(auditLog.recordId, id)));

  test('an administrator puts an "I don’t know" concern in a ward: its officers see it from then on, audited', async ({
    db,
    otherOfficer,
    admin,
    wardId,
    wardOfficer: officer,
  }) => {
    const sent = await report(db, 'unknown');
    const holloways = scopeOf(otherOfficer);
    expect(await getStaffConcern(db, sent.id, holloways)).toBeNull();
    // Outside a ward officer's scope, it cannot be put anywhere by them: not found.
    await expect(setConcernWard(db, actor(otherOfficer), sent.id, holloways, 'holloway')).rejects.toThrow(
      ConcernNotFoundError,
    );
    await setConcernWard(db, actor(admin), sent.id, 'all', 'holloway');
    expect(await wardOf(db, sent.id)).toBe(wardId('holloway'));
    const seen = await getStaffConcern(db, sent.id, holloways);
    expect(seen?.wardName).toBe('Holloway');
    expect(seen?.events.at(-1)).toMatchObject({
      kind: 'ward',
      status: null,
      publicNote: null,
      actorName: admin.name,
      ward: { from: null, to: 'Holloway' },
    });
    expect((await listConcernQueue(db, holloways, {})).items.map((i) => i.reference)).toContain(
      sent.reference,
    );
    expect(await getStaffConcern(db, sent.id, scopeOf(officer))).toBeNull();
    expect(await audits(db, sent.id)).toEqual([
      expect.objectContaining({
        actorId: admin.id,
        recordType: 'concern',
        details: { from: null, to: wardId('holloway') },
      }),
    ]);
    // The resident's tracking page does not list it: it is not news for them.
    const tracked = await trackConcern(
      db,
      TEST_SECRET,
      { reference: sent.reference, code: sent.trackingCode },
      { client: '10.9.9.7' },
    );
    if (tracked.kind !== 'found') throw new Error('not found');
    expect(tracked.concern.events).toHaveLength(1);
    // Choosing the ward it is in changes nothing; back to "not known" is an administrator's choice.
    await setConcernWard(db, actor(admin), sent.id, 'all', 'holloway');
    expect(await audits(db, sent.id)).toHaveLength(1);
    await setConcernWard(db, actor(admin), sent.id, 'all', null);
    expect(await wardOf(db, sent.id)).toBeNull();
    expect((await getStaffConcern(db, sent.id, 'all'))?.events.at(-1)?.ward).toEqual({
      from: 'Holloway',
      to: null,
    });
  });

  test('a ward officer moves a concern between their own wards only, never out of them', async ({
    db,
    wardId,
    admin,
  }) => {
    const twoWards = await createWardOfficer(db, ['bloomsbury', 'kings-cross']);
    const scope = scopeOf(twoWards);
    const sent = await report(db, 'bloomsbury');
    await setConcernWard(db, actor(twoWards), sent.id, scope, 'kings-cross');
    expect(await wardOf(db, sent.id)).toBe(wardId('kings-cross'));
    for (const ward of ['holloway', null, 'no-such-ward']) {
      await expect(setConcernWard(db, actor(twoWards), sent.id, scope, ward)).rejects.toThrow(
        WardNotAllowedError,
      );
    }
    await expect(setConcernWard(db, actor(admin), sent.id, 'all', 'no-such-ward')).rejects.toThrow(
      WardNotAllowedError,
    );
    expect(await wardOf(db, sent.id)).toBe(wardId('kings-cross'));
    expect(await audits(db, sent.id)).toHaveLength(1);
    expect(
      await db
        .select({ kind: concernEvents.kind })
        .from(concernEvents)
        .where(and(eq(concernEvents.concernId, sent.id), eq(concernEvents.kind, 'ward'))),
    ).toHaveLength(1);
  });

  test('a concern moved to a ward its assignee cannot triage is taken off them, with an event and an audit row', async ({
    db,
    admin,
    liaisonOfficer: liaison,
    wardOfficer: officer,
  }) => {
    const assignedTo = async (id: string) =>
      (await db.select({ a: concerns.assignedTo }).from(concerns).where(eq(concerns.id, id)))[0]?.a;
    const sent = await report(db, 'bloomsbury');
    await assignConcern(db, actor(admin), sent.id, 'all', officer.id);
    // Bloomsbury's officer cannot see Holloway's concerns: it would sit with someone who cannot act.
    await setConcernWard(db, actor(admin), sent.id, 'all', 'holloway');
    expect(await assignedTo(sent.id)).toBeNull();
    expect((await getStaffConcern(db, sent.id, 'all'))?.events.at(-1)?.kind).toBe('assigned');
    expect(
      await db
        .select({ details: auditLog.details })
        .from(auditLog)
        .where(and(eq(auditLog.action, 'concern.assign'), eq(auditLog.recordId, sent.id))),
    ).toEqual([{ details: { assignee: officer.id } }, { details: { assignee: null, because: 'ward' } }]);
    // A liaison officer triages every ward: moving the concern leaves it with them.
    await assignConcern(db, actor(admin), sent.id, 'all', liaison.id);
    await setConcernWard(db, actor(admin), sent.id, 'all', 'bloomsbury');
    expect(await assignedTo(sent.id)).toBe(liaison.id);
  });
});

describe('opening a concern', () => {
  test('is audited, one row per view, like a contact reveal; outside the scope nothing is shown or audited', async ({
    db,
    wardOfficer: officer,
  }) => {
    const mine = await report(db, 'bloomsbury');
    const theirs = await report(db, 'holloway');
    const scope = scopeOf(officer);
    const views = (id: string) =>
      db
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.action, 'concern.view'), eq(auditLog.recordId, id)));
    const seen = await viewStaffConcern(db, actor(officer), mine.id, scope);
    expect(seen?.description).toContain('Loud music');
    expect(await views(mine.id)).toEqual([
      expect.objectContaining({ actorId: officer.id, recordType: 'concern', client: '127.0.0.1' }),
    ]);
    await viewStaffConcern(db, actor(officer), mine.id, scope);
    expect(await views(mine.id)).toHaveLength(2);
    expect(await viewStaffConcern(db, actor(officer), theirs.id, scope)).toBeNull();
    expect(await views(theirs.id)).toEqual([]);
    // The queue (a list) is not audited.
    await listConcernQueue(db, scope, {});
    expect(await views(theirs.id)).toEqual([]);
  });
});

describe('contact details', () => {
  test('are shown only with a reason, and the view is audited', async ({
    db,
    wardOfficer: officer,
    admin,
  }) => {
    const sent = await report(db, 'bloomsbury', {
      anonymous: false,
      name: 'Rita Resident',
      email: 'rita@example.org',
      phone: '',
      preference: 'Email only',
    });
    const staffView = await getStaffConcern(db, sent.id, 'all');
    expect(JSON.stringify(staffView)).not.toContain('rita@example.org');
    const contact = await viewConcernContact(
      db,
      actor(officer),
      sent.id,
      scopeOf(officer),
      'To arrange a visit',
    );
    expect(contact).toEqual({
      name: 'Rita Resident',
      email: 'rita@example.org',
      phone: null,
      preference: 'Email only',
    });
    const [audit] = await db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'concern.view_contact'), eq(auditLog.recordId, sent.id)));
    expect(audit).toMatchObject({ actorId: officer.id, reason: 'To arrange a visit' });
    const anonymous = await report(db, 'bloomsbury');
    await expect(viewConcernContact(db, actor(admin), anonymous.id, 'all', 'x')).rejects.toThrow(
      TriageRefusedError,
    );
  });
});

describe('status changes', () => {
  test('write public and internal notes; the reporter is emailed the public one; tracking shows it and never the internal one', async ({
    db,
    wardOfficer: officer,
  }) => {
    const sent = await report(db, 'bloomsbury', {
      anonymous: false,
      name: 'Sam',
      email: 'sam@example.org',
      phone: '',
      preference: '',
    });
    const scope = scopeOf(officer);
    await assignConcern(db, actor(officer), sent.id, scope, officer.id);
    await changeConcernStatus(
      db,
      actor(officer),
      sent.id,
      scope,
      {
        status: 'ward_team',
        publicNote: 'Our team will patrol the market this week.',
        internalNote: 'Known group, see CAD 1234',
      },
      { baseUrl: BASE },
    );
    await referConcern(
      db,
      actor(officer),
      sent.id,
      scope,
      { partner: 'camden_council', referredOn: '2026-11-30', publicNote: '', internalNote: 'Noise team' },
      { baseUrl: BASE },
    );
    await changeConcernStatus(
      db,
      actor(officer),
      sent.id,
      scope,
      { status: 'closed', outcome: 'Community Protection Warning issued', publicNote: '', internalNote: '' },
      { baseUrl: BASE },
    );
    const mail = await db.select().from(emailOutbox).where(eq(emailOutbox.recipient, 'sam@example.org'));
    expect(mail.map((m) => m.kind).sort()).toEqual([
      'concern-received',
      'concern-update',
      'concern-update',
      'concern-update',
    ]);
    expect(mail.some((m) => m.text.includes('Our team will patrol the market this week.'))).toBe(true);
    expect(mail.some((m) => m.text.includes('Camden Council'))).toBe(true);
    expect(mail.every((m) => !m.text.includes('CAD 1234'))).toBe(true);
    const tracked = await trackConcern(
      db,
      TEST_SECRET,
      { reference: sent.reference, code: sent.trackingCode },
      { client: '10.9.9.9' },
    );
    if (tracked.kind !== 'found') throw new Error('not found');
    expect(tracked.concern.status).toBe('closed');
    expect(tracked.concern.outcome).toBe('Community Protection Warning issued');
    expect(tracked.concern.events.map((e) => e.status)).toEqual([
      'received',
      'ward_team',
      'referred',
      'closed',
    ]);
    expect(JSON.stringify(tracked)).not.toContain('CAD 1234');
    expect(JSON.stringify(tracked)).not.toContain('Noise team');
    const [row] = await db.select().from(concerns).where(eq(concerns.id, sent.id));
    expect(row).toMatchObject({ status: 'closed', partner: 'camden_council', assignedTo: officer.id });
    expect(row?.closedAt).not.toBeNull();
  });

  test('a public note that looks like it holds a personal detail needs confirming', async ({ db, admin }) => {
    const sent = await report(db, 'bloomsbury');
    const change = {
      status: 'reviewing' as const,
      publicNote: 'We spoke to the owner of AB12 CDE',
      internalNote: '',
    };
    await expect(
      changeConcernStatus(db, actor(admin), sent.id, 'all', change, { baseUrl: BASE }),
    ).rejects.toThrow(PersonalDetailsError);
    await changeConcernStatus(
      db,
      actor(admin),
      sent.id,
      'all',
      { ...change, confirmPersonal: true },
      { baseUrl: BASE },
    );
    const [row] = await db.select().from(concerns).where(eq(concerns.id, sent.id));
    expect(row?.status).toBe('reviewing');
  });
});

describe('CSV export', () => {
  test('escapes formulas, holds no contact details or free text, and is audited', async ({
    db,
    admin,
    wardOfficer: officer,
  }) => {
    const sent = await report(db, 'holloway', {
      anonymous: false,
      name: 'Eve Exported',
      email: 'eve@example.org',
      phone: '',
      preference: '',
    });
    await changeConcernStatus(
      db,
      actor(admin),
      sent.id,
      'all',
      {
        status: 'closed',
        outcome: '=HYPERLINK("http://evil.example","x")',
        publicNote: '',
        internalNote: '',
      },
      { baseUrl: BASE },
    );
    const { csv, rows } = await exportConcernsCsv(db, actor(admin), 'all', { ward: 'holloway' });
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    expect(csv).toContain(sent.reference);
    expect(csv).toContain(`'=HYPERLINK`);
    expect(csv).not.toMatch(/(^|,)=HYPERLINK/m);
    expect(csv).not.toContain('eve@example.org');
    expect(csv).not.toContain('Eve Exported');
    expect(csv).not.toContain('Loud music');
    const [audit] = await db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'concern.export'), eq(auditLog.actorId, admin.id)));
    expect(audit?.details).toMatchObject({ ward: 'holloway', rows });
    // A ward officer's export keeps to their wards.
    const theirs = await exportConcernsCsv(db, actor(officer), scopeOf(officer), {});
    expect(theirs.csv).not.toContain(sent.reference);
  });
});

describe('assignment', () => {
  test('offers and accepts only active staff who may triage the concern in its ward', async ({
    db,
    wardId,
    admin,
    liaisonOfficer: liaison,
    wardOfficer: officer,
    otherOfficer,
  }) => {
    const sent = await report(db, 'bloomsbury');
    const names = async (wardId: number | null) => (await listAssignableStaff(db, wardId)).map((s) => s.id);
    const offered = await names(wardId('bloomsbury'));
    expect(offered).toEqual(expect.arrayContaining([admin.id, liaison.id, officer.id]));
    expect(offered).not.toContain(otherOfficer.id);
    // A concern with no ward is outside every ward officer's scope: none is offered it.
    const noWard = await names(null);
    expect(noWard).toEqual(expect.arrayContaining([admin.id, liaison.id]));
    expect(noWard).not.toContain(officer.id);
    // Refused on the server too, not only left out of the list.
    await expect(assignConcern(db, actor(admin), sent.id, 'all', otherOfficer.id)).rejects.toThrow(
      TriageRefusedError,
    );
    const unknown = await report(db, 'unknown');
    await expect(assignConcern(db, actor(admin), unknown.id, 'all', officer.id)).rejects.toThrow(
      TriageRefusedError,
    );
    const assigned = async (id: string) =>
      (await db.select({ to: concerns.assignedTo }).from(concerns).where(eq(concerns.id, id)))[0]?.to;
    expect(await assigned(sent.id)).toBeNull();
    expect(await assigned(unknown.id)).toBeNull();
    await assignConcern(db, actor(admin), sent.id, 'all', officer.id);
    await assignConcern(db, actor(admin), unknown.id, 'all', liaison.id);
    expect(await assigned(sent.id)).toBe(officer.id);
    expect(await assigned(unknown.id)).toBe(liaison.id);
  });
});

describe('duplicates', () => {
  test('outside the member’s wards are never named, and cannot be reached through one inside', async ({
    wardOfficer: officer,
    db,
    admin,
  }) => {
    const scope = scopeOf(officer);
    // A Bloomsbury duplicate of a Holloway original.
    const theirOriginal = await report(db, 'holloway');
    const myDuplicate = await report(db, 'bloomsbury');
    await markDuplicate(db, actor(admin), myDuplicate.id, 'all', theirOriginal.reference, {
      baseUrl: BASE,
    });
    const dup = await getStaffConcern(db, myDuplicate.id, scope);
    expect(dup).toMatchObject({ isDuplicate: true, duplicateOf: null });
    // Not in the link, nor in the history's note to the resident.
    expect(JSON.stringify(dup)).not.toContain(theirOriginal.reference);
    expect(JSON.stringify(dup)).not.toContain(theirOriginal.id);
    // The administrator sees it named.
    expect((await getStaffConcern(db, myDuplicate.id, 'all'))?.duplicateOf?.reference).toBe(
      theirOriginal.reference,
    );
    // A Bloomsbury original with one duplicate in Bloomsbury and one in Holloway.
    const myOriginal = await report(db, 'bloomsbury');
    const mine = await report(db, 'bloomsbury');
    const theirs = await report(db, 'holloway');
    for (const d of [mine, theirs]) {
      await markDuplicate(db, actor(admin), d.id, 'all', myOriginal.reference, { baseUrl: BASE });
    }
    const original = await getStaffConcern(db, myOriginal.id, scope);
    expect(original?.duplicates.map((d) => d.reference)).toEqual([mine.reference]);
    expect(original?.duplicatesOutsideScope).toBe(1);
    expect(JSON.stringify(original)).not.toContain(theirs.reference);
    expect((await getStaffConcern(db, myOriginal.id, 'all'))?.duplicates).toHaveLength(2);
    // Marking one as a duplicate of the in-scope duplicate would make it follow (and name) the
    // original outside the scope: refused as if it did not exist.
    const another = await report(db, 'bloomsbury');
    await expect(
      markDuplicate(db, actor(officer), another.id, scope, myDuplicate.reference, { baseUrl: BASE }),
    ).rejects.toThrow(OriginalNotFoundError);
    const [row] = await db.select().from(concerns).where(eq(concerns.id, another.id));
    expect(row?.duplicateOf).toBeNull();
    // The export keeps to the scope as well.
    const { csv } = await exportConcernsCsv(db, actor(officer), scope, {});
    expect(csv).toContain(myDuplicate.reference);
    expect(csv).not.toContain(theirOriginal.reference);
    expect(csv).toContain('A concern outside your wards');
  });

  test('follow their original’s status, and their reporter is told', async ({ db, admin }) => {
    const original = await report(db, 'bloomsbury');
    const dup = await report(db, 'bloomsbury', {
      anonymous: false,
      name: 'Dee',
      email: 'dee@example.org',
      phone: '',
      preference: '',
    });
    await markDuplicate(db, actor(admin), dup.id, 'all', original.reference.toLowerCase(), {
      baseUrl: BASE,
    });
    await expect(
      markDuplicate(db, actor(admin), original.id, 'all', original.reference, { baseUrl: BASE }),
    ).rejects.toThrow(TriageRefusedError);
    await changeConcernStatus(
      db,
      actor(admin),
      original.id,
      'all',
      { status: 'ward_team', publicNote: '', internalNote: '' },
      { baseUrl: BASE },
    );
    const tracked = await trackConcern(
      db,
      TEST_SECRET,
      { reference: dup.reference, code: dup.trackingCode },
      { client: '10.9.9.8' },
    );
    if (tracked.kind !== 'found') throw new Error('not found');
    expect(tracked.concern.status).toBe('ward_team');
    expect(tracked.concern.duplicateOfReference).toBe(original.reference);
    const mail = await db.select().from(emailOutbox).where(eq(emailOutbox.recipient, 'dee@example.org'));
    expect(mail.filter((m) => m.kind === 'concern-update')).toHaveLength(2);
    await expect(
      changeConcernStatus(
        db,
        actor(admin),
        dup.id,
        'all',
        { status: 'closed', outcome: 'x', publicNote: '', internalNote: '' },
        { baseUrl: BASE },
      ),
    ).rejects.toThrow(TriageRefusedError);
  });
});

describe('the dashboard', () => {
  test('counts open concerns within the member’s scope', async ({ db, wardOfficer: officer }) => {
    const { dashboardCounts } = await import('../../../src/features/staff/dashboard.server.ts');
    const label = 'Concerns not yet closed';
    const all = (await dashboardCounts(db, 'admin')).find((c) => c.label === label)?.value ?? -1;
    const mine =
      (await dashboardCounts(db, 'ward_officer', new Date(), scopeOf(officer))).find((c) => c.label === label)
        ?.value ?? -1;
    expect(mine).toBeGreaterThan(0);
    expect(all).toBeGreaterThan(mine);
  });
});
