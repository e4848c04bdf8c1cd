// Which panel a page or action names, within the member's scope, and the SQL conditions that keep
// applications and memberships to a panel and to a scope. A panel outside the scope reads as one
// that does not exist. Ward officers: their wards' Ward Panels; the Forum: liaison officers and
// administrators (decision 0136).
import { and, eq, type SQL } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import type { DbOrTx } from '../../../db/client.ts';
import { boroughs, wards } from '../../../db/schema/index.ts';
import { DomainError } from '../../lib/domain-error.ts';
import { inScope, type WardScope } from '../auth/ward-scope.ts';
import {
  coversPanel,
  type PanelBody,
  type PanelKey,
  panelSegment,
  YOUTH_FORUM_NAME,
  YOUTH_FORUM_SEGMENT,
} from './membership.ts';

export type PanelErrorCode = 'not_found' | 'already_decided' | 'term_order' | 'not_member';

/** What a rule of panel membership refused; the action layer words it (action-errors.ts). */
export class PanelError extends DomainError<'panel', PanelErrorCode> {
  constructor(code: PanelErrorCode) {
    super('panel', code, {}, `Panel: ${code}`);
    this.name = 'PanelError';
  }
}

export interface Panel {
  key: PanelKey;
  /** The panel's URL segment: the ward's slug, or the Forum's. */
  segment: string;
  body: PanelBody;
  /** The Ward Panel's ward; null for the Forum. */
  wardId: number | null;
  wardName: string | null;
  boroughName: string | null;
  /** "Bloomsbury Ward Panel" or "Youth Advisory Forum". */
  name: string;
}

export const FORUM_PANEL: Panel = {
  key: { body: 'youth_forum' },
  segment: YOUTH_FORUM_SEGMENT,
  body: 'youth_forum',
  wardId: null,
  wardName: null,
  boroughName: null,
  name: YOUTH_FORUM_NAME,
};

export function wardPanel(ward: { id: number; slug: string; name: string; boroughName: string }): Panel {
  const key: PanelKey = { body: 'ward_panel', wardSlug: ward.slug };
  return {
    key,
    segment: panelSegment(key),
    body: 'ward_panel',
    wardId: ward.id,
    wardName: ward.name,
    boroughName: ward.boroughName,
    name: `${ward.name} Ward Panel`,
  };
}

/** The panel the key names, if it exists and the scope covers it; null otherwise. */
export async function resolvePanel(db: DbOrTx, key: PanelKey, scope: WardScope): Promise<Panel | null> {
  if (!coversPanel(scope, key)) return null;
  if (key.body === 'youth_forum') return FORUM_PANEL;
  const [ward] = await db
    .select({ id: wards.id, slug: wards.slug, name: wards.name, boroughName: boroughs.name })
    .from(wards)
    .innerJoin(boroughs, eq(boroughs.id, wards.boroughId))
    .where(eq(wards.slug, key.wardSlug));
  return ward ? wardPanel(ward) : null;
}

/** The panel of a row that has `body` and `ward_id` (an application or a membership). */
export function panelOfRow(row: {
  body: string;
  wardId: number | null;
  wardSlug: string | null;
  wardName: string | null;
  boroughName: string | null;
}): Panel {
  if (row.body === 'youth_forum' || row.wardId === null) return FORUM_PANEL;
  return wardPanel({
    id: row.wardId,
    slug: row.wardSlug ?? '',
    name: row.wardName ?? '',
    boroughName: row.boroughName ?? '',
  });
}

interface PanelColumns {
  body: PgColumn;
  wardId: PgColumn;
}

/** Rows of this panel: a Ward Panel's by its ward; the Forum's whatever ward they name. */
export function ofPanel(t: PanelColumns, panel: Panel): SQL | undefined {
  return panel.body === 'youth_forum'
    ? eq(t.body, 'youth_forum')
    : and(eq(t.body, 'ward_panel'), eq(t.wardId, panel.wardId ?? -1));
}

/** Rows a member with this scope may see: every row for 'all'; else their wards' Ward Panels only. */
export function inPanelScope(t: PanelColumns, scope: WardScope): SQL | undefined {
  if (scope === 'all') return undefined;
  return and(eq(t.body, 'ward_panel'), inScope(t.wardId, scope));
}
