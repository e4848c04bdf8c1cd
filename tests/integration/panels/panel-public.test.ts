// What residents see of a panel against a real database: only consenting adults named, the others
// counted, and the cached panel pages purged by the staff changes that alter them.
import { expect } from 'vitest';
import { removeMember } from '../../../src/features/panels/members.server.ts';
import { DecisionSchema } from '../../../src/features/panels/membership.schema.ts';
import { addYears } from '../../../src/features/panels/membership.ts';
import { resolvePanel } from '../../../src/features/panels/panel-scope.server.ts';
import { getPublicPanel } from '../../../src/features/panels/public-panel.server.ts';
import { decideApplication } from '../../../src/features/panels/review.server.ts';
import { londonToday } from '../../../src/lib/dates.ts';
import { pageCache } from '../../../src/server/http/page-cache.ts';
import { outcomeCode } from '../../helpers/domain-code.ts';
import { actorOf, seededTest as test } from '../../helpers/fixtures.ts';
import { cachedPage } from '../../helpers/page-cache.ts';
import { createApplication, createMember } from '../../helpers/panels.ts';
import { TEST_MAIL } from '../../helpers/staff.ts';

const ctx = { baseUrl: TEST_MAIL.baseUrl };
const today = londonToday(new Date());
const approve = (id: string) =>
  DecisionSchema.parse({ id, decision: 'approved', termStartsOn: today, termEndsOn: addYears(today, 2) });

test('the public panel names only consenting adults and counts the others', async ({ db }) => {
  await createMember(db, {
    wardSlug: 'caledonian',
    publicName: 'Olu',
    publicRole: 'Represents Caledonian Tenants',
  });
  await createMember(db, { wardSlug: 'caledonian' });
  await createMember(db, { wardSlug: 'caledonian', publicName: 'Former', endedOn: '2025-06-01' });
  const ward = (await resolvePanel(db, { body: 'ward_panel', wardSlug: 'caledonian' }, 'all'))?.wardId ?? 0;
  expect(await getPublicPanel(db, ward)).toEqual({
    listed: [{ name: 'Olu', role: 'Represents Caledonian Tenants' }],
    others: 1,
  });
});

test('approving and removing purge the cached panel pages; a refusal purges nothing', async ({
  db,
  liaisonOfficer,
}) => {
  const cache = () => {
    pageCache.set('/wards/barnsbury/panel', cachedPage(['wards']), pageCache.generation);
    pageCache.set('/action-plan', cachedPage(['plan']), pageCache.generation);
  };
  const id = await createApplication(db, { wardSlug: 'barnsbury' });
  cache();
  expect(
    await outcomeCode(
      decideApplication(
        db,
        actorOf(liaisonOfficer),
        'all',
        { ...approve(id), term: { startsOn: today, endsOn: today } },
        ctx,
      ),
    ),
  ).toBe('term_order');
  expect(pageCache.get('/wards/barnsbury/panel')).toBeDefined();
  const { membershipId } = await decideApplication(db, actorOf(liaisonOfficer), 'all', approve(id), ctx);
  expect(pageCache.get('/wards/barnsbury/panel')).toBeUndefined();
  expect(pageCache.get('/action-plan')).toBeDefined();
  cache();
  await removeMember(
    db,
    actorOf(liaisonOfficer),
    'all',
    { id: membershipId ?? 0, reason: 'Asked to leave' },
    ctx,
  );
  expect(pageCache.get('/wards/barnsbury/panel')).toBeUndefined();
  pageCache.purge(['all']);
});
