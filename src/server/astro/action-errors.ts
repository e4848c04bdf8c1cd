// Domain errors to what the person is told: the one place an action's refusal gets its ActionError
// code and message. Every action goes through it (see actions.ts); an error that is not a domain
// error is thrown on unchanged (an ActionError stays as it is; anything else becomes a 500).
import { ActionError } from 'astro:actions';
import { isDatabaseUnavailable } from '../../../db/errors.ts';
import {
  PlanUpdateDuplicateError,
  PlanUpdateNotFoundError,
  PlanUpdatePublishedError,
} from '../../features/action-plan/plan-updates.server.ts';
import { AuthError } from '../../features/auth/auth-errors.ts';
import { PII_LABELS } from '../../features/concerns/concerns.ts';
import {
  ConcernNotFoundError,
  OriginalNotFoundError,
  PersonalDetailsError,
  TriageRefusedError,
  WardNotAllowedError,
} from '../../features/concerns/triage-errors.ts';
import { EventError } from '../../features/events/events.ts';
import { NewsletterError } from '../../features/newsletters/newsletter-error.ts';
import { PanelError } from '../../features/panels/panel-scope.server.ts';
import { UnknownWardError } from '../../features/places/places.server.ts';
import { PriorityError } from '../../features/priorities/priorities.server.ts';
import { MAX_CURRENT_PRIORITIES } from '../../features/priorities/priorities.ts';
import {
  LastAdminError,
  NoSecondFactorError,
  OwnSecondFactorError,
  StaffNotFoundError,
} from '../../features/staff/staff.server.ts';
import { choicesMessage, triesLeftText } from '../../features/votes/ballots.ts';
import { RoundError } from '../../features/votes/round-error.ts';
import { VoteError } from '../../features/votes/vote-error.ts';
import { formatDate, waitInMinutes } from '../../lib/format.ts';
import { SERVICE_UNAVAILABLE } from './form-actions.ts';

export const CONCERN_NOT_FOUND = 'That concern does not exist';

function authError(error: AuthError): never {
  switch (error.code) {
    case 'invalid_credentials':
      throw new ActionError({ code: 'UNAUTHORIZED', message: 'Enter a correct email address and password' });
    case 'locked':
      throw new ActionError({
        code: 'TOO_MANY_REQUESTS',
        message: `Too many failed attempts to sign in with this email address. Try again in ${waitInMinutes(error.retryAfterSeconds)}.`,
      });
    case 'throttled':
      throw new ActionError({
        code: 'TOO_MANY_REQUESTS',
        message: `Too many attempts from this device. Try again in ${waitInMinutes(error.retryAfterSeconds)}.`,
      });
    case 'not_set_up':
      throw new ActionError({
        code: 'FORBIDDEN',
        message: 'Your account is not set up yet: follow the link in your invitation email',
      });
    case 'invalid_code':
      throw new ActionError({
        code: 'UNAUTHORIZED',
        message: 'The code is not correct or has already been used',
      });
    case 'too_many_codes':
      throw new ActionError({
        code: 'UNAUTHORIZED',
        message: 'Too many incorrect codes. Sign in again with your email address and password.',
      });
    case 'invalid_link':
      throw new ActionError({
        code: 'BAD_REQUEST',
        message:
          'This link has expired or has already been used. To get a new one, choose “I have forgotten my password” on the sign-in page.',
      });
    case 'wrong_password':
      throw new ActionError({ code: 'UNAUTHORIZED', message: 'Your current password is not correct' });
    case 'email_taken':
      throw new ActionError({
        code: 'CONFLICT',
        message:
          'There is already a staff account with this email address. If they never finished setting it up, resend their invitation from their page.',
      });
    case 'not_found':
      throw new ActionError({ code: 'NOT_FOUND', message: 'There is no active staff member with this id' });
    case 'already_set_up':
      throw new ActionError({
        code: 'CONFLICT',
        message: 'This staff member has already set up their account: there is no invitation to resend',
      });
  }
}

function newsletterError(error: NewsletterError): never {
  switch (error.code) {
    case 'throttled':
      throw new ActionError({
        code: 'TOO_MANY_REQUESTS',
        message: `Too many requests from this device. Try again in ${waitInMinutes(error.retryAfterSeconds)}.`,
      });
    case 'unknown_place':
      throw new ActionError({ code: 'BAD_REQUEST', message: 'Choose a borough or wards from the list' });
    case 'invalid_link':
      throw new ActionError({
        code: 'BAD_REQUEST',
        message: 'This link has expired or has already been used. Subscribe again to get a new one.',
      });
    case 'not_found':
    case 'not_published':
      throw new ActionError({ code: 'NOT_FOUND', message: 'That newsletter no longer exists' });
    case 'schedule_in_past':
      throw new ActionError({ code: 'BAD_REQUEST', message: 'Choose a time in the future' });
    case 'already_sent':
      throw new ActionError({
        code: 'CONFLICT',
        message: 'This newsletter has been sent: it can no longer be changed',
      });
  }
}

export const PRIORITY_NOT_FOUND = 'That priority does not exist';
export const PRIORITY_UPDATE_NOT_FOUND = 'That progress update does not exist: it may have been removed';

function priorityError(error: PriorityError): never {
  const setOn = error.details.setOn ? formatDate(error.details.setOn) : 'the day it was set';
  switch (error.code) {
    case 'not_found':
      throw new ActionError({ code: 'NOT_FOUND', message: PRIORITY_NOT_FOUND });
    case 'retired':
      throw new ActionError({
        code: 'CONFLICT',
        message: 'This priority has been retired: it can no longer be changed or updated',
      });
    case 'too_many':
      throw new ActionError({
        code: 'CONFLICT',
        message: `A ward can have up to ${MAX_CURRENT_PRIORITIES} current priorities: retire one first`,
      });
    case 'duplicate':
      throw new ActionError({
        code: 'CONFLICT',
        message: 'This ward already has a priority with this title set on this date: change the title',
      });
    case 'retired_before_set':
      throw new ActionError({
        code: 'BAD_REQUEST',
        message: `The date it was retired must be on or after the day it was set (${setOn})`,
      });
    case 'update_before_set':
      throw new ActionError({
        code: 'BAD_REQUEST',
        message: `The update’s date must be on or after the day the priority was set (${setOn})`,
      });
    case 'update_not_found':
      throw new ActionError({ code: 'NOT_FOUND', message: PRIORITY_UPDATE_NOT_FOUND });
  }
}

export const ROUND_NOT_FOUND = 'That priority vote does not exist';

export const EVENT_NOT_FOUND = 'That event does not exist';

function eventError(error: EventError): never {
  switch (error.code) {
    case 'not_found':
      throw new ActionError({ code: 'NOT_FOUND', message: EVENT_NOT_FOUND });
    case 'place_not_allowed':
      throw new ActionError({ code: 'FORBIDDEN', message: 'You cannot add events for that ward or borough' });
    case 'cancelled':
      throw new ActionError({ code: 'CONFLICT', message: 'The event is cancelled: it can no longer change' });
    case 'same_times':
      throw new ActionError({
        code: 'BAD_REQUEST',
        message: 'Enter times different from the event’s current ones',
      });
    case 'meeting_needs_ward':
      throw new ActionError({ code: 'BAD_REQUEST', message: 'A Ward Panel meeting must be for a ward' });
  }
}

function roundError(error: RoundError): never {
  const closedOn = error.details.closedOn ? formatDate(error.details.closedOn) : 'the day voting closed';
  switch (error.code) {
    case 'not_found':
      throw new ActionError({ code: 'NOT_FOUND', message: ROUND_NOT_FOUND });
    case 'one_at_a_time':
      throw new ActionError({
        code: 'CONFLICT',
        message:
          'This ward already has a priority vote without a decision: record the decision on that one first',
      });
    case 'has_votes':
      throw new ActionError({
        code: 'CONFLICT',
        message: 'Residents have voted in this round: you can only extend its closing time',
      });
    case 'not_running':
      throw new ActionError({
        code: 'CONFLICT',
        message: 'Voting has closed: the round can no longer change',
      });
    case 'not_later':
      throw new ActionError({
        code: 'BAD_REQUEST',
        message: 'The new closing time must be later than the current one',
      });
    case 'not_closed':
      throw new ActionError({
        code: 'CONFLICT',
        message: 'Voting is still open: record the decision once it has closed',
      });
    case 'decided':
      throw new ActionError({
        code: 'CONFLICT',
        message: 'The panel’s decision on this round is already recorded',
      });
    case 'decided_before_close':
      throw new ActionError({
        code: 'BAD_REQUEST',
        message: `The date of the decision must be on or after the day voting closed (${closedOn})`,
      });
    case 'unknown_option':
      throw new ActionError({ code: 'BAD_REQUEST', message: 'Choose options from this round’s list' });
    case 'unknown_priority':
      throw new ActionError({
        code: 'BAD_REQUEST',
        message: 'Choose priorities to replace from the ward’s current priorities',
      });
    case 'too_many':
      throw new ActionError({
        code: 'CONFLICT',
        message: `A ward can have up to ${MAX_CURRENT_PRIORITIES} current priorities: choose fewer options or replace more priorities`,
      });
  }
}

/** What a voter is told; `code` and `details` let the vote pages offer the next step (a new code). */
function voteError(error: VoteError): never {
  const d = error.details;
  switch (error.code) {
    case 'not_open':
      throw new ActionError({ code: 'CONFLICT', message: 'Voting is not open in this ward' });
    case 'choices':
      throw new ActionError({
        code: 'BAD_REQUEST',
        message: choicesMessage(d.problem ?? 'unknown', d.maxChoices ?? 1),
      });
    case 'no_pending':
      throw new ActionError({
        code: 'NOT_FOUND',
        message:
          'There is no vote waiting for a code in this browser: it was confirmed, or an hour passed. Vote again.',
      });
    case 'wrong_code':
      throw new ActionError({
        code: 'UNAUTHORIZED',
        message: d.attemptsLeft
          ? triesLeftText(d.attemptsLeft)
          : 'The code is not correct, and that was the last try: this code no longer works. Send yourself a new code.',
      });
    case 'no_code':
      throw new ActionError({
        code: 'GONE',
        message:
          'This code no longer works: it is more than 10 minutes old, or was tried too many times. Send yourself a new code.',
      });
    case 'other_address':
      throw new ActionError({
        code: 'BAD_REQUEST',
        message: 'Enter the email address you voted with',
      });
    case 'closed':
      throw new ActionError({
        code: 'CONFLICT',
        message: 'Voting has closed in this ward, so this vote could not be counted',
      });
    case 'too_many':
      throw new ActionError({
        code: 'TOO_MANY_REQUESTS',
        message: `Too many ${d.what === 'cast' ? 'votes' : d.what === 'resend' ? 'new codes' : 'codes'} from this device or network. Try again in ${waitInMinutes(d.retryAfterSeconds ?? 3600)}.`,
      });
  }
}

export const PANEL_NOT_FOUND = 'That application or member does not exist';

function panelError(error: PanelError): never {
  switch (error.code) {
    case 'not_found':
      throw new ActionError({ code: 'NOT_FOUND', message: PANEL_NOT_FOUND });
    case 'already_decided':
      throw new ActionError({
        code: 'CONFLICT',
        message: 'This application has already been decided: it cannot be decided that way now',
      });
    case 'term_order':
      throw new ActionError({ code: 'BAD_REQUEST', message: 'The term must end after it starts' });
    case 'not_member':
      throw new ActionError({ code: 'CONFLICT', message: 'This person is no longer a member of the panel' });
  }
}

/** Domain errors to the messages people see. Unknown errors propagate (and become a 500). */
export function toActionError(error: unknown): never {
  if (isDatabaseUnavailable(error)) {
    throw new ActionError({ code: 'SERVICE_UNAVAILABLE', message: SERVICE_UNAVAILABLE });
  }
  if (error instanceof AuthError) authError(error);
  if (error instanceof NewsletterError) newsletterError(error);
  if (error instanceof PriorityError) priorityError(error);
  if (error instanceof VoteError) voteError(error);
  if (error instanceof RoundError) roundError(error);
  if (error instanceof EventError) eventError(error);
  if (error instanceof PanelError) panelError(error);
  if (error instanceof PlanUpdateNotFoundError) {
    throw new ActionError({ code: 'NOT_FOUND', message: 'That update no longer exists' });
  }
  if (error instanceof PlanUpdatePublishedError) {
    throw new ActionError({
      code: 'FORBIDDEN',
      message: 'This update is published: only someone who can publish updates can change it',
    });
  }
  if (error instanceof PlanUpdateDuplicateError) {
    throw new ActionError({
      code: 'CONFLICT',
      message: 'This action already has an update with this date and headline: change the headline',
    });
  }
  if (error instanceof ConcernNotFoundError) {
    throw new ActionError({ code: 'NOT_FOUND', message: CONCERN_NOT_FOUND });
  }
  if (error instanceof OriginalNotFoundError || error instanceof WardNotAllowedError) {
    throw new ActionError({ code: 'NOT_FOUND', message: error.message });
  }
  if (error instanceof TriageRefusedError) {
    throw new ActionError({ code: 'BAD_REQUEST', message: error.message });
  }
  if (error instanceof PersonalDetailsError) {
    const what = error.kinds.map((k) => `a ${PII_LABELS[k]}`).join(' or ');
    throw new ActionError({
      code: 'CONFLICT',
      message: `The note to the resident looks like it contains ${what}. Check it, then confirm you mean to send it.`,
    });
  }
  if (error instanceof StaffNotFoundError) {
    throw new ActionError({ code: 'NOT_FOUND', message: 'That staff member does not exist' });
  }
  if (error instanceof UnknownWardError) {
    throw new ActionError({ code: 'BAD_REQUEST', message: 'Choose wards from the list' });
  }
  if (error instanceof LastAdminError) {
    throw new ActionError({
      code: 'CONFLICT',
      message: 'There must always be an active administrator: make someone else an administrator first',
    });
  }
  if (error instanceof OwnSecondFactorError) {
    throw new ActionError({
      code: 'FORBIDDEN',
      message: 'You cannot reset your own authenticator app here: set it up again from your account page',
    });
  }
  if (error instanceof NoSecondFactorError) {
    throw new ActionError({
      code: 'CONFLICT',
      message: 'This staff member has no authenticator app to reset',
    });
  }
  throw error;
}
