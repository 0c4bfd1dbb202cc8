/**
 * Every action the audit log records (`audit_log.action`, `entity.verb`), once: the server's
 * recordAudit takes only these, and the staff app has words for each in Danish and English
 * (client/staff/messages, test/client/audit-words.test.ts). A new audited action is added here.
 */
export const AUDIT_ACTIONS = [
  'access.denied',
  'answers.read',
  'audit.read',
  'auth.login',
  'auth.login_failed',
  'auth.logout',
  'auth.password_change_failed',
  'auth.second_factor_failed',
  'draft.saved',
  'fhir.read',
  'flag.assigned',
  'flag.closed',
  'flag.decided',
  'flag.escalated',
  'flag.released',
  'flag.reopened',
  'flag.taken',
  'flags.listed',
  'history.read',
  'indicators.read',
  'invitation.created',
  'invitation.opened',
  'invitations.listed',
  'patient.contact_updated',
  'patient.created',
  'patient.status_changed',
  'patients.searched',
  'referral.created',
  'referral.accepted',
  'referral.returned',
  'referrals.listed',
  'response.recorded',
  'response.submitted',
  'response.verified',
  'responses.exported',
  'sessions.listed',
  'settings.changed',
  'staff_user.created',
  'staff_user.disabled',
  'staff_user.enabled',
  'staff_user.password_changed',
  'staff_user.password_reset',
  'staff_user.profile_changed',
  'staff_user.role_changed',
  'staff_user.second_factor_enrolled',
  'staff_user.second_factor_reset',
  'staff_user.session_revoked',
  'staff_user.sessions_revoked',
  'users.listed',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export function isAuditAction(value: string): value is AuditAction {
  return (AUDIT_ACTIONS as readonly string[]).includes(value);
}
