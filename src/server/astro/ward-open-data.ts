// The open data endpoints' glue: a ward's priorities (/api/wards/<slug>/priorities.json, .csv) and its
// priority votes' results (/api/wards/<slug>/votes.json, .csv), publicly cacheable like the ward page
// they mirror and purged with it (tag 'wards'), with the licence in a Link header as well as in the
// JSON.
import type { Db } from '../../../db/client.ts';
import { WardSlugSchema } from '../../features/places/places.schema.ts';
import { getWard } from '../../features/places/places.server.ts';
import { type OpenDataWard, prioritiesCsv, prioritiesJson } from '../../features/priorities/open-data.ts';
import { listWardPriorities } from '../../features/priorities/priorities.server.ts';
import { closedRounds } from '../../features/votes/round-read.server.ts';
import { voteResultsCsv, voteResultsJson } from '../../features/votes/round-results.ts';
import { tallyRound } from '../../features/votes/tally.server.ts';
import { OPEN_GOVERNMENT_LICENCE } from '../../lib/site.ts';
import { servePublicly, showsContent } from '../http/http-headers.ts';
import { publicBaseUrl } from './config.ts';
import { getDb } from './db.ts';

const CONTENT_TYPES = { json: 'application/json; charset=utf-8', csv: 'text/csv; charset=utf-8' } as const;
type Format = keyof typeof CONTENT_TYPES;
type Ward = OpenDataWard & { id: number };

/** Each dataset: the body of one format for one ward. */
const DATASETS = {
  priorities: async (db: Db, ward: Ward, format: Format, pageUrl: string) => {
    const priorities = await listWardPriorities(db, ward.slug);
    return format === 'json' ? prioritiesJson(ward, priorities, pageUrl) : prioritiesCsv(ward, priorities);
  },
  votes: async (db: Db, ward: Ward, format: Format, pageUrl: string) => {
    const rounds = await closedRounds(db, ward.id);
    const results = await Promise.all(
      rounds.map(async (round) => ({ round, tally: await tallyRound(db, round.id) })),
    );
    return format === 'json' ? voteResultsJson(ward, results, pageUrl) : voteResultsCsv(ward, results);
  },
} as const;

export async function wardOpenData(
  locals: App.Locals,
  wardSlug: string | undefined,
  dataset: keyof typeof DATASETS,
  format: Format,
): Promise<Response> {
  const db = await getDb();
  const slug = WardSlugSchema.safeParse(wardSlug);
  const ward = slug.success ? await getWard(db, slug.data) : null;
  if (!ward) {
    return new Response('Not found', {
      status: 404,
      headers: { 'Content-Type': 'text/plain; charset=utf-8' },
    });
  }
  const body = await DATASETS[dataset](db, ward, format, `${publicBaseUrl()}/wards/${ward.slug}`);
  servePublicly(locals);
  showsContent(locals, 'wards');
  return new Response(body, {
    headers: {
      'Content-Type': CONTENT_TYPES[format],
      'Content-Disposition': `inline; filename="${ward.slug}-${dataset}.${format}"`,
      Link: `<${OPEN_GOVERNMENT_LICENCE.url}>; rel="license"`,
    },
  });
}
