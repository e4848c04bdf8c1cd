// Calling staff actions and reading staff pages over HTTP, as a form post from the portal's own
// pages would: for tests that set up content through the back office without a browser.
import { inject } from 'vitest';

const baseURL = inject('baseURL');

/** Posts a form to `/_actions/<name>` with a staff member's session, from the portal's origin. */
export function postStaffAction(
  session: string,
  name: string,
  fields: Record<string, string>,
): Promise<Response> {
  return fetch(`${baseURL}/_actions/${name}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      origin: baseURL,
      cookie: `cn_staff=${session}`,
    },
    body: new URLSearchParams(fields),
  });
}

/** The id of the plan update with this headline, from the action's staff page (its Edit link). */
export async function planUpdateId(
  session: string,
  actionNumber: number,
  headline: string,
): Promise<string | undefined> {
  const list = await (
    await fetch(`${baseURL}/staff/action-plan/${actionNumber}`, {
      headers: { cookie: `cn_staff=${session}` },
    })
  ).text();
  return list.match(
    new RegExp(
      `href="/staff/action-plan/${actionNumber}/(\\d+)">Edit<span class="govuk-visually-hidden"> “${headline}`,
    ),
  )?.[1];
}
