// Presentation of audit rows. No I/O.

// Dates are formatted in one place for the whole portal.
export { formatDateTime } from '../../lib/format.ts';

export const AUDIT_ACTION_LABELS: Record<string, string> = {
  'auth.login': 'Signed in',
  'auth.login_failed': 'Failed sign-in',
  'auth.login_locked': 'Sign-in refused: locked',
  'auth.second_factor_failed': 'Wrong authenticator or recovery code',
  'auth.second_factor_locked': 'Sign-in refused: too many wrong codes',
  'auth.reauth_failed': 'Wrong password or code when changing their sign-in',
  'auth.recovery_code_used': 'Used a recovery code',
  'auth.recovery_codes_withdrawn': 'Old recovery codes withdrawn (they no longer work)',
  'auth.logout': 'Signed out',
  'auth.password_set': 'Created password',
  'auth.totp_enrolled': 'Set up authenticator app',
  'auth.totp_reenrolled': 'Set up authenticator app again',
  'auth.password_reset_requested': 'Asked for a password reset',
  'auth.password_reset': 'Reset password',
  'auth.password_changed': 'Changed password',
  'auth.session_ended': 'Ended one of their sessions',
  'staff.invite': 'Invited a staff member',
  'staff.update': 'Changed a staff member’s role or wards',
  'staff.deactivate': 'Deactivated a staff member',
  'staff.reactivate': 'Reactivated a staff member',
  'staff.end_sessions': 'Ended a staff member’s sessions',
  'staff.unlock': 'Unlocked a staff member’s sign-in',
  'staff.invitation_resent': 'Resent a staff member’s invitation',
  'staff.reset_second_factor': 'Reset a staff member’s authenticator app',
  'plan_update.create': 'Drafted a plan update',
  'plan_update.edit': 'Edited a plan update',
  'plan_update.publish': 'Published a plan update',
  'plan_update.unpublish': 'Unpublished a plan update',
  'newsletter.create': 'Drafted a newsletter',
  'newsletter.edit': 'Edited a newsletter',
  'newsletter.publish': 'Published and emailed a newsletter',
  'newsletter.republish': 'Put a newsletter back on the website',
  'newsletter.unpublish': 'Took a newsletter off the website',
  'newsletter.test_send': 'Sent themselves a test newsletter',
  'newsletter.schedule': 'Scheduled a newsletter',
  'newsletter.unschedule': 'Cancelled a scheduled newsletter',
  'email.view': 'Read a message in the local mailbox',
  'email.view_list': 'Saw a list of email addresses',
  'email.retry': 'Queued an undelivered email again',
  'email.unsuppress': 'Lifted a suppressed email address',
  'staff.demo_created': 'Demo account created',
  'staff.demo_removed': 'Demo account removed',
  'staff.view_list': 'Saw the list of staff accounts',
  'staff.view': 'Opened a staff member’s account',
  'audit.view': 'Read the audit log',
  'concern.submit': 'A resident sent a concern',
  'concern.view': 'Opened a concern (the resident’s own words)',
  'concern.view_contact': 'Saw a concern’s contact details',
  'concern.assign': 'Assigned a concern',
  'concern.status': 'Changed a concern’s status',
  'concern.refer': 'Referred a concern to a partner',
  'concern.duplicate': 'Marked a concern as a duplicate',
  'concern.ward': 'Changed a concern’s ward',
  'concern.export': 'Exported concerns as CSV',
  'priority.create': 'Added a ward priority',
  'priority.edit': 'Edited a ward priority',
  'priority.retire': 'Retired a ward priority',
  'priority.update': 'Posted progress on a ward priority',
  'priority.update_correct': 'Corrected a progress update on a ward priority',
  'priority.update_remove': 'Removed a progress update from a ward priority',
  'vote_round.open': 'Opened a priority vote',
  'vote_round.edit': 'Changed a priority vote before anyone voted',
  'vote_round.extend': 'Extended a priority vote',
  'vote_round.close': 'Closed a priority vote early',
  'vote_round.decide': 'Recorded the panel’s decision on a priority vote',
  'panel_application.view': 'Opened an application to a panel (the applicant’s details)',
  'panel_application.decide': 'Decided an application to a panel',
  'panel_membership.list': 'Saw a panel’s members',
  'panel_membership.view': 'Opened a panel member’s removal page (their name)',
  'panel_membership.remove': 'Removed a member from a panel',
  'panel_membership.export': 'Exported a panel’s members as CSV',
  'panel_application.submit': 'Someone applied to a Ward Panel or the Youth Advisory Forum',
  'panel_application.confirm_email': 'An applicant confirmed their email address',
  'panel_application.guardian_approve': 'A parent or guardian agreed to an application',
  'panel_application.guardian_decline': 'A parent or guardian declined an application (it was erased)',
  'vote.flagged': 'A vote was flagged for a look (disposable email domain, or a burst from one device)',
  'event.create': 'Added a meeting or event',
  'event.edit': 'Edited a meeting or event',
  'event.move': 'Moved a meeting or event',
  'event.cancel': 'Cancelled a meeting or event',
};

export function auditActionLabel(action: string): string {
  return AUDIT_ACTION_LABELS[action] ?? action;
}

export const AUDIT_RECORD_TYPE_LABELS: Record<string, string> = {
  staff_user: 'Staff member',
  action_update: 'Plan update',
  newsletter: 'Newsletter',
  email: 'Email message',
  email_list: 'List of email addresses',
  email_address: 'Email address',
  staff_list: 'List of staff accounts',
  audit_log: 'Audit log',
  concern: 'Concern',
  concern_list: 'List of concerns',
  ward_priority: 'Ward priority',
  vote_round: 'Vote round',
  community_event: 'Meeting or event',
  panel: 'Panel',
  panel_application: 'Application to a panel',
  panel_membership: 'Panel membership',
};

export function auditRecordTypeLabel(type: string): string {
  return AUDIT_RECORD_TYPE_LABELS[type] ?? type.replaceAll('_', ' ');
}

/** Lists the audit log records views of, by their record id. */
const LIST_LABELS: Record<string, string> = {
  undelivered: 'Undelivered email and suppressed addresses',
  mailbox: 'Local mailbox',
};

/**
 * What a person reads for an audit row's record: the label the query resolved (a name, a
 * headline, a subject), else the kind of record and its id, or that it is no longer kept.
 */
export function auditRecordText(row: {
  recordType: string | null;
  recordId: string | null;
  recordLabel: string | null;
  /** listAudit looked a label up and found none. */
  recordGone: boolean;
}): string {
  if (!row.recordType) return '–';
  const type = auditRecordTypeLabel(row.recordType);
  if (row.recordLabel) return `${type}: ${row.recordLabel}`;
  if (!row.recordId) return type;
  const list = row.recordId ? LIST_LABELS[row.recordId] : undefined;
  if (list) return list;
  return row.recordGone ? `${type} (no longer kept)` : `${type} ${row.recordId}`;
}
