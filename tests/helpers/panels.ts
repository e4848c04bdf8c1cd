// Panel applications, memberships and equality answers made straight in the database, as the schema
// comments describe them (an application staff review is 'pending' with its email confirmed), so
// the staff tests depend on no resident form and no seed of their own.
import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import {
  auditLog,
  emailOutbox,
  equalityResponses,
  panelApplications,
  panelMemberships,
  wards,
} from '../../db/schema/index.ts';

export interface ApplicationOptions {
  body?: 'ward_panel' | 'youth_forum';
  /** The Ward Panel's ward (needed for 'ward_panel'); for the Forum, the ward given, if any. */
  wardSlug?: string | null;
  status?: 'unconfirmed' | 'awaiting_guardian' | 'pending' | 'approved' | 'waitlisted' | 'declined';
  fullName?: string;
  email?: string;
  connection?: 'live' | 'work' | 'study' | 'organisation' | null;
  organisation?: string | null;
  showOnPanelPage?: boolean;
  dateOfBirth?: string | null;
  guardian?: { name: string; email: string } | null;
  createdAt?: Date;
  decidedAt?: Date | null;
}

async function wardIdOf(db: Db, slug: string): Promise<number> {
  const [w] = await db.select({ id: wards.id }).from(wards).where(eq(wards.slug, slug));
  if (!w) throw new Error(`No ward ${slug}`);
  return w.id;
}

/** An application (pending and confirmed by default); returns its id. */
export async function createApplication(db: Db, o: ApplicationOptions = {}): Promise<string> {
  const body = o.body ?? 'ward_panel';
  const slug = o.wardSlug === undefined ? (body === 'ward_panel' ? 'bloomsbury' : null) : o.wardSlug;
  const id = randomUUID();
  const createdAt = o.createdAt ?? new Date();
  const status = o.status ?? 'pending';
  await db.insert(panelApplications).values({
    id,
    body,
    wardId: slug ? await wardIdOf(db, slug) : null,
    status,
    fullName: o.fullName ?? 'Ada Lovelace',
    email: o.email ?? `applicant-${id.slice(0, 8)}@example.org`,
    phone: null,
    connection: body === 'ward_panel' ? (o.connection === undefined ? 'live' : o.connection) : null,
    organisation: o.organisation ?? null,
    reason: 'I want to help my neighbours feel safe.',
    availability: 'Weekday evenings',
    accessNeeds: null,
    contactConsent: true,
    showOnPanelPage: o.showOnPanelPage ?? false,
    dateOfBirth: o.dateOfBirth ?? (body === 'youth_forum' ? '2005-06-01' : null),
    guardianName: o.guardian?.name ?? null,
    guardianEmail: o.guardian?.email ?? null,
    guardianDecision: o.guardian ? 'approved' : null,
    guardianDecidedAt: o.guardian ? createdAt : null,
    emailConfirmedAt: status === 'unconfirmed' ? null : createdAt,
    lapsesAt:
      status === 'unconfirmed' || status === 'awaiting_guardian'
        ? new Date(createdAt.getTime() + 14 * 86_400_000)
        : null,
    decidedAt: o.decidedAt ?? (['approved', 'waitlisted', 'declined'].includes(status) ? createdAt : null),
    decisionReason: status === 'declined' ? 'No places' : null,
    createdAt,
    updatedAt: createdAt,
  });
  return id;
}

export interface MembershipOptions {
  termStartsOn?: string;
  termEndsOn?: string;
  publicName?: string | null;
  publicRole?: string | null;
  endedOn?: string | null;
}

/** A membership of an (approved) application's panel; returns its id. */
export async function createMembership(
  db: Db,
  applicationId: string,
  o: MembershipOptions = {},
): Promise<number> {
  const [a] = await db.select().from(panelApplications).where(eq(panelApplications.id, applicationId));
  if (!a) throw new Error('No such application');
  const [m] = await db
    .insert(panelMemberships)
    .values({
      applicationId,
      body: a.body,
      wardId: a.body === 'ward_panel' ? a.wardId : null,
      termStartsOn: o.termStartsOn ?? '2025-01-01',
      termEndsOn: o.termEndsOn ?? '2028-06-30',
      publicName: o.publicName ?? null,
      publicRole: o.publicName ? (o.publicRole ?? 'Lives in the ward') : null,
      endedOn: o.endedOn ?? null,
      endReason: o.endedOn ? 'term ended' : null,
    })
    .returning({ id: panelMemberships.id });
  if (!m) throw new Error('Membership not made');
  return m.id;
}

/** An approved application with its membership: the member's ids. */
export async function createMember(
  db: Db,
  o: ApplicationOptions & MembershipOptions = {},
): Promise<{ applicationId: string; membershipId: number }> {
  const applicationId = await createApplication(db, { ...o, status: 'approved' });
  return { applicationId, membershipId: await createMembership(db, applicationId, o) };
}

export type EqualityRow = Partial<
  Omit<typeof equalityResponses.$inferInsert, 'id' | 'body' | 'wardId' | 'boroughId'>
>;

/** `n` copies of one set of equality answers for a panel (its ward's borough filled in). */
export async function createEqualityRows(
  db: Db,
  panel: { body: 'ward_panel'; wardSlug: string } | { body: 'youth_forum'; wardSlug?: string },
  n: number,
  answers: EqualityRow = {},
): Promise<void> {
  let wardId: number | null = null;
  let boroughId: number | null = null;
  if (panel.wardSlug) {
    const [w] = await db
      .select({ id: wards.id, boroughId: wards.boroughId })
      .from(wards)
      .where(eq(wards.slug, panel.wardSlug));
    if (!w) throw new Error(`No ward ${panel.wardSlug}`);
    wardId = w.id;
    boroughId = w.boroughId;
  }
  if (n === 0) return;
  await db.insert(equalityResponses).values(
    Array.from({ length: n }, () => ({
      id: randomUUID(),
      body: panel.body,
      wardId: panel.body === 'ward_panel' ? wardId : null,
      boroughId,
      submittedMonth: '2026-11-01',
      ...answers,
    })),
  );
}

/** The messages queued to an address. */
export function outboxTo(db: Db, to: string) {
  return db.select().from(emailOutbox).where(eq(emailOutbox.recipient, to));
}

/** The audit rows of an action on a record. */
export function auditOf(db: Db, action: string, recordId: string | number) {
  return db
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.action, action), eq(auditLog.recordId, String(recordId))));
}
