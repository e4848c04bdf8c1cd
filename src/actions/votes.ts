// The residents' vote (issue 18): cast a vote (a code is emailed), confirm it with the code, ask for a
// new code. Public: no sign-in; per-client limits, the emailed code and the vote cookie instead. The
// island posts these same forms, urlencoded, to the same URLs (decision 0122). Glue only: the rules
// are in src/features/votes/.
import { CastSchema, CodeSchema, ResendSchema } from '../features/votes/ballots.schema.ts';
import { castVote, confirmVote, resendCode } from '../features/votes/ballots.server.ts';
import { publicAction } from '../server/astro/actions.ts';
import { getAppSecret, publicBaseUrl } from '../server/astro/config.ts';
import { getDb } from '../server/astro/db.ts';
import { clientOf } from '../server/astro/staff-auth.ts';
import { voteCookie } from '../server/astro/vote-pages.ts';

const voteContext = (context: Parameters<typeof clientOf>[0]) => ({
  appSecret: getAppSecret(),
  baseUrl: publicBaseUrl(),
  client: clientOf(context),
});

export const votes = {
  cast: publicAction({
    input: CastSchema,
    handler: async (input, context) => {
      const cast = await castVote(await getDb(), input, voteContext(context));
      voteCookie.set(context, cast.pendingId, cast.expiresAt);
      return { redirectTo: `/wards/${input.ward}/vote/code` };
    },
  }),

  confirm: publicAction({
    input: CodeSchema,
    handler: async (input, context) => {
      const done = await confirmVote(await getDb(), input, voteCookie.get(context), voteContext(context));
      voteCookie.delete(context);
      return { redirectTo: `/wards/${input.ward}/vote/counted`, replaced: done.replaced };
    },
  }),

  resend: publicAction({
    input: ResendSchema,
    handler: async (input, context) => {
      const pendingId = voteCookie.get(context);
      const sent = await resendCode(await getDb(), input, pendingId, voteContext(context));
      if (pendingId) voteCookie.set(context, pendingId, sent.expiresAt);
      return { redirectTo: `/wards/${input.ward}/vote/code`, resent: true };
    },
  }),
};
