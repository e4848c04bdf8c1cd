// Sent to each voter who asked to hear the outcome, when the Ward Panel's decision is recorded: what
// was decided and why, and a link to the ward's page. Queued once per ballot by finaliseBallots, after
// which the address is erased.
import { SITE_NAME } from '../../../lib/site.ts';
import { possessive } from '../../../lib/words.ts';
import { button, heading, html, paragraph, renderEmail, type SafeHtml } from './layout.ts';

export interface VoteOutcomeInput {
  wardName: string;
  /** The options the panel made the ward's priorities, in ballot order. */
  chosen: readonly string[];
  /** The panel's sentence saying why. */
  reason: string;
  turnout: number;
  wardUrl: string;
}

export const VOTE_OUTCOME_KIND = 'vote-outcome';

export function voteOutcomeEmail(input: VoteOutcomeInput) {
  const subject = `The ward panel’s decision on ${possessive(input.wardName)} priorities`;
  const votes = `${input.turnout.toLocaleString('en-GB')} ${input.turnout === 1 ? 'person' : 'people'} voted`;
  const chosen = input.chosen.length
    ? input.chosen
    : ['None of the options: the panel kept the current priorities'];
  const list: SafeHtml = html`<ul>${chosen.map((c) => html`<li>${c}</li>`)}</ul>`;
  const rendered = renderEmail({
    subject,
    preheader: `What ${possessive(input.wardName)} ward panel decided after the vote.`,
    body: html`${[
      heading('The panel has decided'),
      paragraph(`Thank you for voting on the next priorities for ${input.wardName} ward. ${votes}.`),
      paragraph('The ward panel chose these as the ward’s priorities:'),
      list,
      paragraph(`Why: ${input.reason}`),
      button(`See ${possessive(input.wardName)} priorities`, input.wardUrl),
      paragraph('We have now deleted your email address: we will not email you about this vote again.'),
    ]}`,
    text: [
      'The panel has decided',
      `Thank you for voting on the next priorities for ${input.wardName} ward. ${votes}.`,
      `The ward panel chose these as the ward’s priorities:\n${chosen.map((c) => `- ${c}`).join('\n')}`,
      `Why: ${input.reason}`,
      `See ${possessive(input.wardName)} priorities: ${input.wardUrl}`,
      'We have now deleted your email address: we will not email you about this vote again.',
    ].join('\n\n'),
    reason: `You are getting this email because you asked to hear the outcome of a vote on the ${SITE_NAME} website.`,
  });
  return { kind: VOTE_OUTCOME_KIND, ...rendered, headers: {} };
}
