/**
 * Every `error.code` the API can send, declared once (issue 15). HttpError and ServiceError take
 * only these codes (the type checker holds the server to the list), and the staff app has a Danish
 * and an English text for each (client/staff/i18n.ts; a test checks both, and another scans the
 * server for codes missing here). A new code: add it here and give it its two texts.
 */
import { PASSWORD_PROBLEMS } from './accounts.js';
import { isOneOf } from './codes.js';
import { ANSWERING_ERROR_CODES, GUARD_ERROR_CODES } from './responses.js';

export const API_ERROR_CODES = [
  // the request itself (http/errors.ts, http/app.ts, http/guards.ts)
  'malformed_json', 'payload_too_large', 'unsupported_media_type', 'request_aborted', 'bad_request', 'invalid_request',
  'not_found', 'internal_error',
  ...GUARD_ERROR_CODES,
  // signing in and roles (http/auth.ts, services/staff-auth.ts)
  'unauthenticated', 'invalid_credentials', 'forbidden', 'password_change_required',
  // too many password tries for an address or account, or the password-hash queue is full (issue 21): 429 with Retry-After
  'too_many_attempts',
  // staff accounts
  ...PASSWORD_PROBLEMS, 'wrong_current_password', 'password_unchanged', 'username_taken', 'user_not_found', 'last_admin',
  // second factor, sessions, temporary passwords (issue 21)
  'invalid_second_factor', 'second_factor_expired', 'second_factor_enrolled', 'second_factor_not_started', 'session_not_found', 'temporary_password_expired',
  // LOCAL_LOGIN=off (issue 24): passwords only for the break-glass admins; staff sign in through the hospital's identity provider
  'local_login_off', 'provider_user',
  // patients, invitations and answers
  'patient_exists', 'patient_not_found', 'patient_not_active', 'unknown_questionnaire', 'questionnaire_unavailable',
  'invitation_not_found', 'invitation_answered', 'invitation_expired', 'invitation_withdrawn', 'invalid_answers', 'submission_conflict',
  // sending a link by text message or e-mail (issue 23): no number or address on file, or the channel is not set up
  'send_channel_unavailable',
  // staff-entered, relative and paper answers (issue 13)
  ...ANSWERING_ERROR_CODES,
  // FHIR R4 (issue 14)
  'questionnaire_not_found',
  // flags and the loop
  'flag_not_found', 'flag_already_decided', 'flag_closed', 'flag_not_closed', 'invalid_assignee', 'own_words_unread',
  // a plan, referral or no action is a decision, never a bare close (issue 23)
  'outcome_needs_decision',
  // referrals
  'referral_not_found', 'referral_already_decided', 'reason_required',
  // programmes and enrolments (issue 25)
  'programme_not_found', 'unknown_programme', 'already_enrolled', 'enrolment_not_found', 'enrolment_ended', 'enrolment_changed',
  // units and need-to-know access (issue 24)
  'unit_not_found', 'unit_code_taken', 'unit_required', 'unit_not_allowed', 'unit_cannot_receive_referrals', 'site_admin_required',
] as const;
export type ApiErrorCode = (typeof API_ERROR_CODES)[number];

export const isApiErrorCode = (code: unknown): code is ApiErrorCode => isOneOf(API_ERROR_CODES, code);
