/**
 * The audit log in words (issue 23): a phrase per action code in Danish and English (the codes are
 * server/contract/audit.ts's; the type makes a missing one a compile error), who did it by full name,
 * and the filter form as the API's query. Pure.
 */
import { AUDIT_ACTIONS, isAuditAction, type AuditAction } from '../../../server/contract/audit.js';
import type { AuditEntry } from '../../../server/contract/responses.js';
import type { StaffUser } from '../../../server/contract/accounts.js';
import type { Lang } from '../i18n.js';
import { staffName } from './staff-name.js';

export const AUDIT_ACTION_TEXT: Record<Lang, Record<AuditAction, string>> = {
  da: {
    'access.denied': 'blev nægtet adgang',
    'answers.read': 'læste en besvarelse',
    'audit.read': 'læste auditloggen',
    'auth.login': 'loggede ind',
    'auth.login_failed': 'mislykket login',
    'auth.logout': 'loggede ud',
    'auth.password_change_failed': 'forkert nuværende adgangskode ved skift',
    'auth.second_factor_failed': 'forkert kode i totrinslogin',
    'draft.saved': 'gemte en kladde af besvarelsen',
    'emergency_access.opened': 'åbnede en patient uden for sine enheder (nødadgang)',
    'emergency_accesses.listed': 'så listen over nødadgange',
    'enrolment.created': 'tilmeldte en patient et forløbsprogram',
    'enrolment.ended': 'afsluttede en patients forløbsprogram',
    'enrolment.moved': 'flyttede næste udsendelse i et forløbsprogram til planens dato',
    'enrolment.paused': 'satte en patients forløbsprogram på pause',
    'enrolment.resumed': 'genoptog en patients forløbsprogram',
    'enrolments.read': 'så en patients forløbsprogrammer',
    'fhir.read': 'hentede et spørgeskema som FHIR',
    'flag.assigned': 'tildelte en besvarelse',
    'flag.closed': 'lukkede en besvarelse med et udfald',
    'flag.decided': 'traf beslutning om en besvarelse',
    'flag.escalated': 'en besvarelse over fristen blev eskaleret',
    'flag.released': 'frigav en besvarelse',
    'flag.reopened': 'genåbnede en besvarelse',
    'flag.summary.read': 'så årsagerne til en besvarelse på arbejdslisten',
    'flag.taken': 'tog en besvarelse',
    'flags.listed': 'så arbejdslisten',
    'history.read': 'så en patients forløb',
    'indicators.read': 'så kvalitetsindikatorerne',
    'invitation.answered_by_staff_entry': 'et link blev lukket, fordi besvarelsen blev indtastet af personalet',
    'invitation.call_recorded': 'skrev, hvordan et opkald til en patient gik',
    'invitation.created': 'oprettede et link til et spørgeskema',
    'invitation.opened': 'åbnede linket',
    'invitation.sent': 'sendte et link som SMS eller e-mail',
    'invitations.listed': 'så listen over links',
    'occurrence.planned': 'planlagde et spørgeskema til planens næste evaluering',
    'occurrence.skipped': 'et planlagt spørgeskema blev sprunget over, fordi det forrige stadig var åbent',
    'patient.contact_updated': 'ændrede en patients kontaktoplysninger',
    'patient.created': 'oprettede en patient',
    'patient.exists_elsewhere': 'prøvede at oprette en patient, der findes i en anden enhed',
    'patient.status_changed': 'ændrede en patients status',
    'patient.units_changed': 'ændrede hvilke enheder en patient hører til',
    'patients.searched': 'søgte efter patienter',
    'programme.changed': 'ændrede et forløbsprogram',
    'programme.created': 'oprettede et forløbsprogram',
    'referral.created': 'henviste til det palliative team',
    'referral.accepted': 'tog imod en henvisning',
    'referral.returned': 'sendte en henvisning retur',
    'referrals.listed': 'så henvisningerne',
    'response.recorded': 'registrerede en besvarelse (sammen med patienten eller fra papir)',
    'response.submitted': 'sendte en besvarelse',
    'response.verified': 'kontrollerede en papirbesvarelse',
    'responses.exported': 'hentede besvarelser ud (CSV eller FHIR)',
    'sessions.listed': 'så en brugers sessioner',
    'settings.changed': 'ændrede indstillingerne',
    'staff_user.created': 'oprettede en bruger',
    'staff_user.disabled': 'deaktiverede en bruger',
    'staff_user.enabled': 'genaktiverede en bruger',
    'staff_user.password_changed': 'skiftede adgangskode',
    'staff_user.password_reset': 'nulstillede en brugers adgangskode',
    'staff_user.profile_changed': 'ændrede en brugers navn eller titel',
    'staff_user.role_changed': 'ændrede en brugers rolle',
    'staff_user.second_factor_enrolled': 'satte totrinslogin op',
    'staff_user.second_factor_reset': 'fjernede en brugers totrinslogin',
    'staff_user.session_revoked': 'afsluttede en session',
    'staff_user.sessions_revoked': 'afsluttede alle en brugers sessioner',
    'staff_user.units_changed': 'ændrede en brugers enheder',
    'unit.created': 'oprettede en enhed',
    'unit.settings_changed': 'ændrede en enheds indstillinger',
    'users.listed': 'så listen over brugere',
  },
  en: {
    'access.denied': 'was refused access',
    'answers.read': 'read a response',
    'audit.read': 'read the audit log',
    'auth.login': 'logged in',
    'auth.login_failed': 'failed log-in',
    'auth.logout': 'logged out',
    'auth.password_change_failed': 'wrong current password when changing it',
    'auth.second_factor_failed': 'wrong two-step log-in code',
    'draft.saved': 'saved a draft of the answers',
    'emergency_access.opened': 'opened a patient outside their units (emergency access)',
    'emergency_accesses.listed': 'viewed the list of emergency accesses',
    'enrolment.created': 'enrolled a patient in a programme',
    'enrolment.ended': "ended a patient's programme",
    'enrolment.moved': "moved a programme's next questionnaire to the plan's date",
    'enrolment.paused': "paused a patient's programme",
    'enrolment.resumed': "resumed a patient's programme",
    'enrolments.read': "viewed a patient's programmes",
    'fhir.read': 'fetched a questionnaire as FHIR',
    'flag.assigned': 'assigned a response',
    'flag.closed': 'closed a response with an outcome',
    'flag.decided': 'decided on a response',
    'flag.escalated': 'an overdue response was escalated',
    'flag.released': 'released a response',
    'flag.reopened': 'reopened a response',
    'flag.summary.read': "viewed a response's reasons on the worklist",
    'flag.taken': 'took a response',
    'flags.listed': 'viewed the worklist',
    'history.read': "viewed a patient's history",
    'indicators.read': 'viewed the quality indicators',
    'invitation.answered_by_staff_entry': 'a link was closed because staff entered the response',
    'invitation.call_recorded': 'recorded how a call to a patient went',
    'invitation.created': 'made a link to a questionnaire',
    'invitation.opened': 'opened the link',
    'invitation.sent': 'sent a link by SMS or e-mail',
    'invitations.listed': 'viewed the list of links',
    'occurrence.planned': "planned a questionnaire for the plan's next evaluation",
    'occurrence.skipped': 'a scheduled questionnaire was skipped: the previous one was still open',
    'patient.contact_updated': "changed a patient's contact details",
    'patient.created': 'added a patient',
    'patient.exists_elsewhere': 'tried to add a patient who exists in another unit',
    'patient.status_changed': "changed a patient's status",
    'patient.units_changed': "changed a patient's units",
    'patients.searched': 'searched for patients',
    'programme.changed': 'changed a programme',
    'programme.created': 'created a programme',
    'referral.created': 'referred to the palliative team',
    'referral.accepted': 'accepted a referral',
    'referral.returned': 'returned a referral',
    'referrals.listed': 'viewed the referrals',
    'response.recorded': 'recorded a response (with the patient or from paper)',
    'response.submitted': 'sent a response',
    'response.verified': 'checked a paper response',
    'responses.exported': 'exported responses (CSV or FHIR)',
    'sessions.listed': "viewed a user's sessions",
    'settings.changed': 'changed the settings',
    'staff_user.created': 'added a user',
    'staff_user.disabled': 'disabled a user',
    'staff_user.enabled': 'enabled a user',
    'staff_user.password_changed': 'changed their password',
    'staff_user.password_reset': "reset a user's password",
    'staff_user.profile_changed': "changed a user's name or title",
    'staff_user.role_changed': "changed a user's role",
    'staff_user.second_factor_enrolled': 'set up two-step log-in',
    'staff_user.second_factor_reset': "removed a user's two-step log-in",
    'staff_user.session_revoked': 'ended a session',
    'staff_user.sessions_revoked': "ended all of a user's sessions",
    'staff_user.units_changed': "changed a user's units",
    'unit.created': 'created a unit',
    'unit.settings_changed': "changed a unit's settings",
    'users.listed': 'viewed the list of users',
  },
};

/** The action in words; a code this app does not know (a newer server) is shown as it is. */
export function auditActionText(action: string, lang: Lang): string {
  return isAuditAction(action) ? AUDIT_ACTION_TEXT[lang][action] : action;
}

/** Every code, for the filter's menu. */
export const AUDIT_ACTION_CODES: readonly AuditAction[] = AUDIT_ACTIONS;

/** Who did it: a staff user by full name where known, the patient's link, or the system (the scheduler, the command line). */
export function auditActorText(entry: AuditEntry, users: readonly StaffUser[], words: { patient: string; system: string }): string {
  if (entry.actor.type === 'staff') {
    const user = users.find((u) => u.id === entry.actor.id);
    return user ? staffName(user) : entry.actor.name ?? entry.actor.id ?? '';
  }
  if (entry.actor.type === 'patient' || entry.actor.type === 'invitation') return words.patient;
  return words.system;
}

export interface AuditFilterDraft {
  actorId: string;
  /** The health record's id ("DEMO-1001"), as the admin knows the patient. */
  patientExternalId: string;
  from: string;
  to: string;
}
export const NO_AUDIT_FILTER: AuditFilterDraft = { actorId: '', patientExternalId: '', from: '', to: '' };

/** The filter as GET /api/audit's query: empty fields left out; `before` for the next page. */
export function auditQueryOf(filter: AuditFilterDraft, limit: number, before?: string): Record<string, string> {
  const query: Record<string, string> = { limit: String(limit) };
  for (const key of ['actorId', 'patientExternalId', 'from', 'to'] as const) {
    const value = filter[key].trim();
    if (value) query[key] = value;
  }
  if (before) query.before = before;
  return query;
}
