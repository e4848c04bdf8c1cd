// Sent when a resident casts a vote: the 6-digit code that confirms it. The code is a one-time
// secret: the body holds the outbox's placeholder and the outbox keeps the code only sealed
// (decision 0058), filled in when the message is sent. No unsubscribe: one message, asked for.
import { SITE_NAME } from '../../../lib/site.ts';
import { heading, html, link, paragraph, renderEmail } from './layout.ts';

export interface VoteCodeInput {
  /** The placeholder the code replaces (secretPlaceholder), never the code itself. */
  code: string;
  wardName: string;
  /** The page to type the code on. */
  codeUrl: string;
  minutes: number;
}

export const VOTE_CODE_KIND = 'vote-code';

export function voteCodeEmail(input: VoteCodeInput) {
  const subject = `Your code to confirm your vote for ${input.wardName}`;
  const rendered = renderEmail({
    subject,
    preheader: 'Type this code on the vote page to make your vote count.',
    body: html`${[
      heading('Confirm your vote'),
      paragraph(`Someone used this email address to vote on the next priorities for ${input.wardName} ward.`),
      paragraph('If it was you, type this code on the vote page:'),
      html`<p style="font-size:32px;font-weight:bold;letter-spacing:4px;margin:0 0 20px">${input.code}</p>`,
      paragraph(`The code works for ${input.minutes} minutes. Your vote counts only once you type it.`),
      paragraph(html`The page is ${link(input.codeUrl, input.codeUrl)}`),
      paragraph('If you did not vote, you do not need to do anything: the vote will not count.'),
    ]}`,
    text: [
      'Confirm your vote',
      `Someone used this email address to vote on the next priorities for ${input.wardName} ward.`,
      `If it was you, type this code on the vote page:\n\n${input.code}`,
      `The code works for ${input.minutes} minutes. Your vote counts only once you type it.`,
      `The page is ${input.codeUrl}`,
      'If you did not vote, you do not need to do anything: the vote will not count.',
    ].join('\n\n'),
    reason: `You are getting this email because this address was entered on the ${SITE_NAME} website.`,
  });
  return { kind: VOTE_CODE_KIND, ...rendered, headers: {} };
}
