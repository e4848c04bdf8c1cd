// Presentation of audit rows and times. No I/O.

const dateTime = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  timeZone: 'Europe/London',
});

/** "22 Nov 2026, 14:05" in London time. */
export function formatDateTime(at: Date): string {
  return dateTime.format(at);
}

export const AUDIT_ACTION_LABELS: Record<string, string> = {
  'auth.login': 'Signed in',
  'auth.login_failed': 'Failed sign-in',
  'auth.login_locked': 'Sign-in refused: locked',
  'auth.second_factor_failed': 'Wrong authenticator or recovery code',
  'auth.recovery_code_used': 'Used a recovery code',
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
  'plan_update.create': 'Drafted a plan update',
  'plan_update.edit': 'Edited a plan update',
  'plan_update.publish': 'Published a plan update',
  'plan_update.unpublish': 'Unpublished a plan update',
  'email.view': 'Read a message in the local mailbox',
  'email.view_list': 'Saw a list of email addresses',
  'email.retry': 'Queued an undelivered email again',
  'email.unsuppress': 'Lifted a suppressed email address',
  'staff.demo_created': 'Demo account created',
};

export function auditActionLabel(action: string): string {
  return AUDIT_ACTION_LABELS[action] ?? action;
}
