// Staff publishing meetings and events against a real database (PGlite, or PostgreSQL with
// TEST_DATABASE_URL): ward scope across the boundary for every action (and borough-wide events only
// for members who see every ward), the audit row and the panel members' notices in the change's
// transaction, one notice per current member on add/move/cancel and none when nothing changed, the
// iCalendar SEQUENCE, and the page cache purged.
import { randomUUID } from 'node:crypto';
import { and, eq, like } from 'drizzle-orm';
import { describe, expect } from 'vitest';
import type { Db } from '../../../db/client.ts';
import {
  auditLog,
  communityEvents,
  emailOutbox,
  panelApplications,
  panelMemberships,
} from '../../../db/schema/index.ts';
import {
  announceEndedEvents,
  cancelEvent,
  createEvent,
  editEvent,
  moveEvent,
} from '../../../src/features/events/events.server.ts';
import type { EventInput } from '../../../src/features/events/events.ts';
import {
  getEventForStaff,
  listEventsForStaff,
  listUpcomingEvents,
} from '../../../src/features/events/events-read.server.ts';
import { activeMemberAddresses } from '../../../src/features/panels/members.server.ts';
import { pageCache } from '../../../src/server/http/page-cache.ts';
import { outcomeCode as code } from '../../helpers/domain-code.ts';
import { actorOf, createWardOfficer, seededTest as it, scopeOf } from '../../helpers/fixtures.ts';
import { cachedPage } from '../../helpers/page-cache.ts';

const mail = { baseUrl: 'http://localhost:4321' };
const DAY = 86_400_000;

const meeting = (days: number, overrides: Partial<EventInput> = {}): EventInput => {
  const startsAt = new Date(Date.now() + days * DAY);
  return {
    kind: 'panel_meeting',
    title: 'Ward Panel meeting',
    description: 'The panel meets the ward’s team.',
    startsAt,
    endsAt: new Date(startsAt.getTime() + 90 * 60_000),
    venueName: 'Holborn Library',
    venueAddress: '32–38 Theobalds Road, London WC1X 8PA',
    accessInfo: 'Step-free entrance; hearing loop.',
    onlineUrl: null,
    ...overrides,
  };
};

/** A current (or, with `ended`, former) Ward Panel member of the ward; returns their email. */
async function addMember(db: Db, wardId: number, ended = false, email = `${randomUUID()}@example.org`) {
  const id = randomUUID();
  await db.insert(panelApplications).values({
    id,
    body: 'ward_panel',
    wardId,
    status: 'approved',
    fullName: 'Pat Member',
    email,
    reason: 'To help.',
    contactConsent: true,
  });
  await db.insert(panelMemberships).values({
    applicationId: id,
    body: 'ward_panel',
    wardId,
    termStartsOn: '2026-01-01',
    termEndsOn: '2028-01-01',
    ...(ended ? { endedOn: '2026-06-01', endReason: 'term ended' } : {}),
  });
  return email;
}

const noticesFor = (db: Db, uid: string) =>
  db
    .select()
    .from(emailOutbox)
    .where(and(eq(emailOutbox.kind, 'event-notice'), like(emailOutbox.dedupeKey, `event-notice/${uid}/%`)));

const auditFor = (db: Db, id: number) =>
  db
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.recordType, 'community_event'), eq(auditLog.recordId, String(id))));

describe('ward scope', () => {
  it('a ward officer adds and changes events for their ward only, and never borough-wide ones', async ({
    db,
    wardOfficer,
    liaisonOfficer,
  }) => {
    const officer = actorOf(wardOfficer);
    const scope = scopeOf(wardOfficer);
    // Add: their ward yes; another ward, or a borough, no.
    expect(
      await code(createEvent(db, { kind: 'ward', slug: 'bloomsbury' }, meeting(5), officer, scope, mail)),
    ).toBe('ok');
    expect(
      await code(createEvent(db, { kind: 'ward', slug: 'highgate' }, meeting(5), officer, scope, mail)),
    ).toBe('place_not_allowed');
    expect(
      await code(
        createEvent(
          db,
          { kind: 'borough', slug: 'camden' },
          meeting(5, { kind: 'community_event' }),
          officer,
          scope,
          mail,
        ),
      ),
    ).toBe('place_not_allowed');
    // A liaison officer's events in another ward and borough-wide: not found for the ward officer.
    const liaison = actorOf(liaisonOfficer);
    const highgate = await createEvent(
      db,
      { kind: 'ward', slug: 'highgate' },
      meeting(6),
      liaison,
      'all',
      mail,
    );
    const borough = await createEvent(
      db,
      { kind: 'borough', slug: 'camden' },
      meeting(7, { kind: 'community_event', title: 'Camden surgery' }),
      liaison,
      'all',
      mail,
    );
    for (const other of [highgate.id, borough.id]) {
      expect(await getEventForStaff(db, other, scope)).toBeNull();
      const { kind, title, description, venueName, venueAddress, accessInfo, onlineUrl } = meeting(1);
      const details = {
        kind,
        title: `${title}!`,
        description,
        venueName,
        venueAddress,
        accessInfo,
        onlineUrl,
      };
      expect(await code(editEvent(db, other, details, officer, scope))).toBe('not_found');
      const times = meeting(9);
      expect(await code(moveEvent(db, other, { ...times, note: 'Moved.' }, officer, scope, mail))).toBe(
        'not_found',
      );
      expect(await code(cancelEvent(db, other, 'Cancelled.', officer, scope, mail))).toBe('not_found');
    }
    const listed = await listEventsForStaff(db, scope);
    expect(listed.upcoming.every((e) => e.place.kind === 'ward' && e.place.slug === 'bloomsbury')).toBe(true);
    const all = await listEventsForStaff(db, 'all');
    expect(all.upcoming.some((e) => e.id === borough.id)).toBe(true);
    // Nothing changed on the other events.
    const [row] = await db.select().from(communityEvents).where(eq(communityEvents.id, highgate.id));
    expect(row?.sequence).toBe(0);
    expect(row?.status).toBe('scheduled');
  });

  it('a ward officer with no wards can add nothing', async ({ db, admin }) => {
    const scope = { wardIds: [], wardSlugs: [] };
    expect(
      await code(
        createEvent(db, { kind: 'ward', slug: 'bloomsbury' }, meeting(5), actorOf(admin), scope, mail),
      ),
    ).toBe('place_not_allowed');
  });

  it('a panel meeting belongs to a ward', async ({ db, admin }) => {
    expect(
      await code(
        createEvent(db, { kind: 'borough', slug: 'camden' }, meeting(5), actorOf(admin), 'all', mail),
      ),
    ).toBe('meeting_needs_ward');
  });
});

describe('notices, audit and calendars', () => {
  it('emails each current member once on add, move and cancel, in the change’s transaction', async ({
    db,
    wardId,
  }) => {
    const ward = wardId('kilburn');
    const officer = await createWardOfficer(db, ['kilburn']);
    const [a, b] = [await addMember(db, ward), await addMember(db, ward)];
    await addMember(db, ward, true); // a former member: not emailed
    await addMember(db, wardId('highgate')); // another ward's member: not emailed
    expect((await activeMemberAddresses(db, ward)).map((m) => m.email).sort()).toEqual([a, b].sort());
    const actor = actorOf(officer);
    const scope = scopeOf(officer);

    const cache = () => pageCache.set('/events', cachedPage(['events']), pageCache.generation);
    cache();
    const { id, uid } = await createEvent(
      db,
      { kind: 'ward', slug: 'kilburn' },
      meeting(10),
      actor,
      scope,
      mail,
    );
    expect(pageCache.get('/events')).toBeUndefined();
    let notices = await noticesFor(db, uid);
    expect(notices.map((n) => n.recipient).sort()).toEqual([a, b].sort());
    expect(notices[0]?.subject).toMatch(/^New Kilburn Ward Panel meeting: \w+day \d+ \w+ \d{4}, /);
    expect(notices[0]?.text).toContain(`/api/events/${uid}.ics`);
    expect((await auditFor(db, id)).map((r) => r.action)).toEqual(['event.create']);

    // An edit that changes nothing writes nothing: no audit, no sequence, no notice.
    const before = await getEventForStaff(db, id, scope);
    if (!before) throw new Error('The event just added is not there');
    const same = {
      kind: before.kind,
      title: before.title,
      description: before.description,
      venueName: before.venueName,
      venueAddress: before.venueAddress,
      accessInfo: before.accessInfo,
      onlineUrl: before.onlineUrl,
    };
    expect((await editEvent(db, id, same, actor, scope)).changed).toEqual([]);
    expect((await getEventForStaff(db, id, scope))?.sequence).toBe(0);
    expect(await auditFor(db, id)).toHaveLength(1);
    // An edit that changes the venue: calendars pick it up (SEQUENCE), audited, no notice.
    expect(
      (await editEvent(db, id, { ...same, accessInfo: 'Lift to the first floor.' }, actor, scope)).changed,
    ).toEqual(['accessInfo']);
    expect((await getEventForStaff(db, id, scope))?.sequence).toBe(1);
    expect(await noticesFor(db, uid)).toHaveLength(2);

    // A move to the same times is refused and changes nothing.
    expect(
      await code(
        moveEvent(
          db,
          id,
          { startsAt: before.startsAt, endsAt: before.endsAt, note: 'x' },
          actor,
          scope,
          mail,
        ),
      ),
    ).toBe('same_times');
    expect(await noticesFor(db, uid)).toHaveLength(2);
    const later = meeting(17);
    const moved = await moveEvent(db, id, { ...later, note: 'The library is closed.' }, actor, scope, mail);
    expect(moved.status).toBe('moved');
    expect(moved.sequence).toBe(2);
    expect(moved.movedFrom?.toISOString()).toBe(before.startsAt.toISOString());
    notices = await noticesFor(db, uid);
    expect(notices).toHaveLength(4);
    expect(notices.filter((n) => n.subject.includes('moved to'))).toHaveLength(2);

    const cancelled = await cancelEvent(db, id, 'Too few could come.', actor, scope, mail);
    expect(cancelled.status).toBe('cancelled');
    expect(cancelled.sequence).toBe(3);
    notices = await noticesFor(db, uid);
    expect(notices).toHaveLength(6);
    expect(notices.filter((n) => n.subject.includes('cancelled'))).toHaveLength(2);
    expect((await auditFor(db, id)).map((r) => r.action).sort()).toEqual(
      ['event.cancel', 'event.create', 'event.edit', 'event.move'].sort(),
    );
    // Cancelled is final.
    expect(await code(cancelEvent(db, id, 'Again.', actor, scope, mail))).toBe('cancelled');
    expect(await code(moveEvent(db, id, { ...meeting(20), note: 'x' }, actor, scope, mail))).toBe(
      'cancelled',
    );
    expect(await noticesFor(db, uid)).toHaveLength(6);
    // Still listed, marked cancelled.
    const upcoming = await listUpcomingEvents(db, { ward: { id: ward, borough: { slug: 'camden' } } });
    expect(upcoming.find((e) => e.id === id)?.status).toBe('cancelled');
  });

  it('a community event emails no one', async ({ db, wardId, liaisonOfficer }) => {
    await addMember(db, wardId('gospel-oak'));
    const { uid } = await createEvent(
      db,
      { kind: 'ward', slug: 'gospel-oak' },
      meeting(3, { kind: 'community_event', title: 'Street briefing' }),
      actorOf(liaisonOfficer),
      'all',
      mail,
    );
    expect(await noticesFor(db, uid)).toHaveLength(0);
  });

  it('when a notice cannot be queued, nothing is kept: no event, no audit row, no other notice', async ({
    db,
    wardId,
    liaisonOfficer,
  }) => {
    const ward = wardId('frognal');
    await addMember(db, ward);
    // An address the outbox refuses (control characters), as a corrupted row might hold.
    await addMember(db, ward, false, 'broken\naddress@example.org');
    const title = `Frognal meeting ${randomUUID()}`;
    await expect(
      createEvent(
        db,
        { kind: 'ward', slug: 'frognal' },
        meeting(4, { title }),
        actorOf(liaisonOfficer),
        'all',
        mail,
      ),
    ).rejects.toThrow();
    expect(await db.select().from(communityEvents).where(eq(communityEvents.title, title))).toHaveLength(0);
    const audits = await db.select().from(auditLog).where(eq(auditLog.action, 'event.create'));
    expect(audits.every((r) => JSON.stringify(r.details).includes('frognal') === false)).toBe(true);
    const queued = await db.select().from(emailOutbox).where(like(emailOutbox.subject, 'New Frognal%'));
    expect(queued).toHaveLength(0);
  });

  it('the scheduler purges the pages listing events when one has just ended', async ({
    db,
    liaisonOfficer,
  }) => {
    const { id } = await createEvent(
      db,
      { kind: 'ward', slug: 'belsize' },
      meeting(1),
      actorOf(liaisonOfficer),
      'all',
      mail,
    );
    const [row] = await db.select().from(communityEvents).where(eq(communityEvents.id, id));
    const ends = row?.endsAt as Date;
    pageCache.set('/events', cachedPage(['events']), pageCache.generation);
    expect(await announceEndedEvents(db, new Date(ends.getTime() - 1000), 60_000)).toBe(0);
    expect(pageCache.get('/events')).toBeDefined();
    expect(await announceEndedEvents(db, new Date(ends.getTime() + 1000), 60_000)).toBeGreaterThanOrEqual(1);
    expect(pageCache.get('/events')).toBeUndefined();
  });
});
