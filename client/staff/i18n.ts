/** Danish and English UI text (the tables in messages/) and the lookup. Pure: no React, no DOM. */
import {
  type DecisionAction, type FlagOutcome, type FlagStatus, type Level, type Locale, type Localized, type PatientStatus, type ReferralStatus, type Role, type ScaleKind, type Trigger,
} from '../../server/contract/codes.js';
import type { SurveyText } from '../../server/contract/responses.js';
import { isApiErrorCode, type ApiErrorCode } from '../../server/contract/errors.js';
import { da } from './messages/da.js';
import { en, type MessageKey, type Messages } from './messages/en.js';

export type { MessageKey };

/** The staff app speaks the contract's locales. */
export type Lang = Locale;

const MESSAGES: Record<Lang, Messages> = { en, da };

/** Every key of the English table, for the completeness test. */
export const MESSAGE_KEYS = Object.keys(en) as MessageKey[];
export function messages(lang: Lang): Messages {
  return MESSAGES[lang];
}

export type Translate = (key: MessageKey, vars?: Record<string, string | number>) => string;

/** A translate function for one language; `{name}` placeholders are filled from `vars`, unknown ones left as they are. */
export function translator(lang: Lang): Translate {
  const table = MESSAGES[lang];
  return (key, vars) => interpolate(table[key], vars);
}

export function interpolate(template: string, vars?: Record<string, string | number>): string {
  if (!vars) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in vars ? String(vars[name]) : whole));
}

/** Our own `{da, en}` text in the chosen language, falling back to the other one. */
export function localized(text: Localized | string | null | undefined, lang: Lang): string {
  if (text == null) return '';
  if (typeof text === 'string') return text;
  return text[lang] || text[lang === 'da' ? 'en' : 'da'] || '';
}

/** A SurveyJS localizable string (`{default: English, da: Danish}`) in the chosen language. */
export function surveyText(text: SurveyText | SurveyText[] | null | undefined, lang: Lang): string {
  if (text == null) return '';
  if (Array.isArray(text)) return text.map((t) => surveyText(t, lang)).filter(Boolean).join(', ');
  if (typeof text === 'string') return text;
  return (lang === 'da' ? text.da : text.en ?? text.default) ?? text.default ?? text.da ?? '';
}

const LEVEL_TEXT: Record<Lang, Record<Level, string>> = {
  en: { specialized: 'Specialized', basic: 'Basic', none: 'None' },
  da: { specialized: 'Specialiseret', basic: 'Basalt', none: 'Intet' },
};
export const levelLabel = (level: Level, lang: Lang): string => LEVEL_TEXT[lang][level];

const STATUS_TEXT: Record<Lang, Record<FlagStatus, string>> = {
  en: { open: 'Open', planned_basic: 'Plan at the basic level', referred: 'Referred', no_action: 'No action', returned: 'Returned by the team', awaiting_verification: 'Awaiting verification' },
  da: { open: 'Åben', planned_basic: 'Plan på basalt niveau', referred: 'Henvist', no_action: 'Ingen handling', returned: 'Returneret af teamet', awaiting_verification: 'Afventer kontrol' },
};
export const statusLabel = (status: FlagStatus, lang: Lang): string => STATUS_TEXT[lang][status] ?? status;

const PATIENT_STATUS_TEXT: Record<Lang, Record<PatientStatus, string>> = {
  en: { active: 'Active', deceased: 'Deceased', discharged: 'Discharged' },
  da: { active: 'Aktiv', deceased: 'Død', discharged: 'Afsluttet' },
};
export const patientStatusLabel = (status: PatientStatus, lang: Lang): string => PATIENT_STATUS_TEXT[lang][status] ?? status;

const REFERRAL_STATUS_TEXT: Record<Lang, Record<ReferralStatus, string>> = {
  en: { pending: 'waiting for the palliative team', accepted: 'accepted by the palliative team', returned: 'returned to the basic level' },
  da: { pending: 'venter på det palliative team', accepted: 'accepteret af det palliative team', returned: 'returneret til basalt niveau' },
};
export const referralStatusLabel = (status: ReferralStatus, lang: Lang): string => REFERRAL_STATUS_TEXT[lang][status] ?? status;

const TRIGGER_TEXT: Record<Lang, Record<Trigger, string>> = {
  en: {
    diagnosis: 'Diagnosis of life-threatening illness',
    sector_transition: 'Sector transition',
    deterioration: 'Marked deterioration',
    intervention_follow_up: 'Follow-up of an intervention',
    first_conversation: 'First conversation',
    status_conversation: 'Status conversation',
    admission: 'Admission',
    relative_concern: 'Relatives see a decline',
    other: 'Other',
  },
  da: {
    diagnosis: 'Diagnose af livstruende sygdom',
    sector_transition: 'Sektorovergang',
    deterioration: 'Markant forværring',
    intervention_follow_up: 'Opfølgning på en indsats',
    first_conversation: 'Første samtale',
    status_conversation: 'Statussamtale',
    admission: 'Indlæggelse',
    relative_concern: 'Pårørende ser en forværring',
    other: 'Andet',
  },
};
export const triggerLabel = (trigger: Trigger, lang: Lang): string => TRIGGER_TEXT[lang][trigger] ?? trigger;

const ROLE_TEXT: Record<Lang, Record<Role, string>> = {
  en: { nurse: 'nurse', palliative_team: 'palliative team', admin: 'administrator' },
  da: { nurse: 'sygeplejerske', palliative_team: 'palliativt team', admin: 'administrator' },
};
export const roleLabel = (role: Role, lang: Lang): string => ROLE_TEXT[lang][role] ?? role;

const ACTION_TEXT: Record<Lang, Record<DecisionAction, string>> = {
  en: { basic: 'handled at the basic level', refer: 'referred to the specialized level', no_action: 'no action' },
  da: { basic: 'håndteres på basalt niveau', refer: 'henvist til specialiseret niveau', no_action: 'ingen handling' },
};
export const actionLabel = (action: DecisionAction, lang: Lang): string => ACTION_TEXT[lang][action] ?? action;

const OUTCOME_TEXT: Record<Lang, Record<FlagOutcome, string>> = {
  en: {
    contacted_phone: 'contacted by phone', seen: 'seen', plan_basic: 'plan at the basic level', referred: 'referred', no_action: 'no action',
    patient_declined: 'the patient declined', patient_died: 'the patient died',
  },
  da: {
    contacted_phone: 'kontaktet telefonisk', seen: 'set', plan_basic: 'plan på basalt niveau', referred: 'henvist', no_action: 'ingen handling',
    patient_declined: 'patienten takkede nej', patient_died: 'patienten er død',
  },
};
export const outcomeLabel = (outcome: FlagOutcome, lang: Lang): string => OUTCOME_TEXT[lang][outcome] ?? outcome;

const KIND_TEXT: Record<Lang, Record<ScaleKind, string>> = {
  en: { functional: 'functioning', symptom: 'symptom', global: 'overall' },
  da: { functional: 'funktion', symptom: 'symptom', global: 'samlet' },
};
export const kindLabel = (kind: ScaleKind, lang: Lang): string => KIND_TEXT[lang][kind] ?? kind;

/**
 * A text for every code in the API's list (server/contract/errors.ts), so the Danish app never
 * shows the server's English message (issue 15). The type makes a new code a compile error here.
 */
export const ERROR_CODE_TEXT: Record<ApiErrorCode, MessageKey> = {
  malformed_json: 'errMalformed',
  payload_too_large: 'errPayloadTooLarge',
  unsupported_media_type: 'errMalformed',
  request_aborted: 'errRequestAborted',
  bad_request: 'errMalformed',
  invalid_request: 'errInvalidRequest',
  not_found: 'errNotFound',
  internal_error: 'errInternal',
  too_many_requests: 'loginRateLimited',
  too_many_attempts: 'loginRateLimited',
  too_deep: 'errTooDeep',
  invalid_utf8: 'errInvalidUtf8',
  foreign_origin: 'errForeignOrigin',
  storage_unavailable: 'errStorageUnavailable',
  unauthenticated: 'sessionExpired',
  invalid_credentials: 'loginFailed',
  forbidden: 'errorNotAllowedAction',
  password_change_required: 'errPasswordChangeRequired',
  password_blank: 'errPasswordBlank',
  password_too_short: 'errPasswordTooShort',
  password_contains_username: 'errPasswordContainsUsername',
  password_too_common: 'errPasswordTooCommon',
  wrong_current_password: 'errWrongCurrentPassword',
  password_unchanged: 'errPasswordUnchanged',
  username_taken: 'errUsernameTaken',
  user_not_found: 'errUserNotFound',
  last_admin: 'errLastAdmin',
  patient_exists: 'duplicatePatient',
  patient_not_found: 'errPatientNotFound',
  patient_not_active: 'errPatientNotActive',
  unknown_questionnaire: 'errUnknownQuestionnaire',
  questionnaire_unavailable: 'errQuestionnaireUnavailable',
  invitation_not_found: 'errInvitationNotFound',
  invitation_answered: 'errInvitationAnswered',
  invitation_expired: 'errInvitationExpired',
  invitation_withdrawn: 'errInvitationWithdrawn',
  send_channel_unavailable: 'errSendChannelUnavailable',
  invalid_answers: 'errInvalidAnswers',
  submission_conflict: 'errSubmissionConflict',
  flag_not_found: 'errFlagNotFound',
  flag_already_decided: 'errFlagAlreadyDecided',
  flag_closed: 'errFlagClosed',
  flag_not_closed: 'errFlagNotClosed',
  invalid_assignee: 'errInvalidAssignee',
  own_words_unread: 'errOwnWordsUnread',
  outcome_needs_decision: 'errOutcomeNeedsDecision',
  referral_not_found: 'errReferralNotFound',
  referral_already_decided: 'errReferralAlreadyDecided',
  reason_required: 'needReturnReason',
  // issue 13
  answered_on_in_future: 'errAnsweredOnInFuture',
  response_not_found: 'errResponseNotFound',
  verifier_is_recorder: 'errVerifierIsRecorder',
  not_awaiting_verification: 'errNotAwaitingVerification',
  flag_awaiting_verification: 'errFlagAwaitingVerification',
  // FHIR R4 (issue 14)
  questionnaire_not_found: 'errQuestionnaireNotFound',
  // issue 21
  invalid_second_factor: 'errInvalidSecondFactor',
  second_factor_expired: 'errSecondFactorExpired',
  second_factor_enrolled: 'errSecondFactorEnrolled',
  second_factor_not_started: 'errSecondFactorNotStarted',
  session_not_found: 'errSessionNotFound',
  temporary_password_expired: 'errTemporaryPasswordExpired',
  // issue 24
  local_login_off: 'errLocalLoginOff',
  provider_user: 'errProviderUser',
  // issue 25
  programme_not_found: 'errProgrammeNotFound',
  unknown_programme: 'errUnknownProgramme',
  already_enrolled: 'errAlreadyEnrolled',
  enrolment_not_found: 'errEnrolmentNotFound',
  enrolment_ended: 'errEnrolmentEnded',
  enrolment_changed: 'errEnrolmentChanged',
  // issue 24: units
  unit_not_found: 'errUnitNotFound',
  unit_code_taken: 'errUnitCodeTaken',
  unit_required: 'errUnitRequired',
  unit_not_allowed: 'errUnitNotAllowed',
  unit_cannot_receive_referrals: 'errUnitCannotReceiveReferrals',
  site_admin_required: 'errSiteAdminRequired',
};

/** The text for an error code from the server; an unknown code (a proxy's, a newer server's) still gets a text in the chosen language. */
export function errorCodeText(code: string, t: Translate): string {
  return isApiErrorCode(code) ? t(ERROR_CODE_TEXT[code]) : t('errorUnknown', { code });
}

/** A date (ISO string or YYYY-MM-DD) as a short local date in the chosen language. */
export function formatDate(iso: string | null | undefined, lang: Lang): string {
  if (!iso) return '';
  const date = /^\d{4}-\d{2}-\d{2}$/.test(iso) ? new Date(`${iso}T12:00:00`) : new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return date.toLocaleDateString(lang === 'da' ? 'da-DK' : 'en-GB', { day: 'numeric', month: 'short', year: 'numeric' });
}

export function formatTime(date: Date, lang: Lang): string {
  return date.toLocaleTimeString(lang === 'da' ? 'da-DK' : 'en-GB', { hour: '2-digit', minute: '2-digit' });
}

/** "Taget 4. dec. kl. 15.50" (issue 23): day and month, the year only when it is not `now`'s; the time in the chosen language. */
export function formatMoment(iso: string, lang: Lang, now: Date): { date: string; time: string } {
  const date = new Date(iso);
  const locale = lang === 'da' ? 'da-DK' : 'en-GB';
  const year = date.getFullYear() === now.getFullYear() ? {} : { year: 'numeric' as const };
  return { date: date.toLocaleDateString(locale, { day: 'numeric', month: 'short', ...year }), time: formatTime(date, lang) };
}

/** "today", "1 day ago", "5 days ago". */
export function ageLabel(days: number, t: Translate): string {
  const n = Math.max(0, Math.floor(days));
  if (n === 0) return t('today');
  return n === 1 ? t('dayAgo') : t('daysAgo', { n });
}

/** "1 day", "5 days" (0 days is "0 days"). */
export function daysLabel(days: number, t: Translate): string {
  const n = Math.max(0, Math.floor(days));
  return n === 1 ? t('day') : t('days', { n });
}
