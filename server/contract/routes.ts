/**
 * Every route of the staff and patient API, once: method, path, who may call it, the request's
 * schemas and the response's type. The server registers its routes and role checks from this table
 * (server/http/route.ts), the staff app builds its calls and its screens' access from it, and
 * docs/api.md's route table is rendered from it (a test fails when they differ).
 */
import type { ZodType } from 'zod';
import {
  type ActiveSession, loginSchema, type LoginAnswer, newStaffUserSchema, passwordChangeSchema, secondFactorCodeSchema, type SecondFactorEnrolment,
  type SessionUser, type StaffUser, staffUserChangeSchema, type User,
} from './accounts.js';
import { ROLES, type Role } from './codes.js';
import { fhirQuestionnaireQuery, fhirResponseQuery } from './fhir.js';
import { type Indicators, periodQuery, responsesExportQuery } from './indicators.js';
import {
  assigneeQuery, assignFlagSchema, auditQuery, emergencyAccessByExternalIdSchema, emergencyAccessSchema, closeFlagSchema, decisionSchema, draftSchema, invitationCallSchema, sendInvitationSchema, invitationListQuery, newInvitationSchema, newPatientSchema,
  patientSearchQuery, patientUpdateSchema, questionnaireFormQuery, referralDecisionSchema, referralListQuery, reopenFlagSchema, staffResponseSchema,
  submissionSchema, worklistQuery, enrolmentChangeSchema, newEnrolmentSchema, newProgrammeSchema, programmeChangeSchema,
} from './requests.js';
import type {
  Assignee, AuditEntry, Created, EmergencyAccess, EmergencyAccessOpened, CreatedInvitation, DecisionResult, FlagDetail, FlagOwnership, FlagSummary, Invitation, InvitationCall, InvitationSent, NotificationStatus, Overview, Patient, PatientHistory, PatientInvitation,
  QuestionnaireForm, QuestionnaireSummary, RecoveryCodes, Referral, ReferralDecisionResult, RevokedSessions, StaffEntryResult, SubmissionResult,
  TemporaryPassword, VerificationResult, WorklistPage, Enrolment, Programme,
} from './responses.js';
import { type SiteInfo, type SiteSettings, settingsPatchSchema } from './settings.js';
import { oidcStartQuery, type SignInOptions, type SignOutAnswer } from './sign-in.js';
import { newUnitSchema, type Unit, type UnitSettings, unitSettingsPatchSchema } from './units.js';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/**
 * Who may call a route: `anyone` (no session; a patient's link token or the sign-in's challenge
 * cookie may still be needed), `signed-in` (any session, also one that must first choose a new
 * password), or the staff roles listed (a session whose password is not due for change).
 */
export type Who = 'anyone' | 'signed-in' | readonly Role[];

/**
 * Need-to-know by unit (issue 24; services/access.ts), beside the roles: `patient`, only for a
 * patient with a care relationship to one of the user's units (or an open or accepted referral to
 * one of them; every patient for a site admin), anyone else's id answers 404; `units`, the user's
 * units' rows only: a list shows them (a site admin's: every unit's), a new row goes into one of them; `receiving`, a referral to one of the
 * user's units (404 otherwise); `managed`, a unit or user a unit admin manages (her units; a site
 * admin every one; 404 otherwise); `site`, a site admin only (403 `site_admin_required`).
 */
export const UNIT_ACCESS = ['patient', 'units', 'receiving', 'managed', 'site'] as const;
export type UnitAccess = (typeof UNIT_ACCESS)[number];

export interface RouteSpec {
  readonly method: HttpMethod;
  readonly path: `/api/${string}`;
  readonly who: Who;
  readonly body?: ZodType;
  readonly query?: ZodType;
  /** The success status; 204 has no body; 303 is a `raw` route's redirect. 200 when left out. */
  readonly status?: 201 | 204 | 303;
  /** The handler writes the answer itself (FHIR JSON, a CSV stream), not the contract's JSON. */
  readonly raw?: true;
  /** One line for the documented table. */
  readonly summary: string;
  /** Which units' data the route reaches (see UnitAccess); absent: no unit's in particular. */
  readonly unit?: UnitAccess;
}

/** A route whose success answer has the type `Res` (a type only: nothing is stored in `response`). */
export interface Route<Res = unknown> extends RouteSpec {
  readonly response?: Res;
}

/** `route<Res>()({...})`: the spec as written (literal path and method), typed with its answer. */
const route = <Res = void>() => <const S extends RouteSpec>(spec: S): S & Route<Res> => spec;

export type ResponseOf<R> = R extends Route<infer Res> ? Res : never;

/** `'/api/flags/:id/assign'` → `'id'`. */
export type ParamName<P extends string> = P extends `${string}:${infer Name}/${infer Rest}` ? Name | ParamName<`/${Rest}`>
  : P extends `${string}:${infer Name}` ? Name
  : never;

const NURSE = ['nurse', 'admin'] as const satisfies readonly Role[];
const CLINICAL = ['nurse', 'palliative_team', 'admin'] as const satisfies readonly Role[];
const TEAM = ['palliative_team', 'admin'] as const satisfies readonly Role[];
const ADMIN = ['admin'] as const satisfies readonly Role[];

export const ROUTES = {
  // The patient: the link's token is the only credential.
  openInvitation: route<PatientInvitation>()({ method: 'GET', path: '/api/invitations/:token', who: 'anyone', summary: "The link's questionnaire, draft and patient's language" }),
  saveDraft: route()({ method: 'PUT', path: '/api/invitations/:token/draft', who: 'anyone', body: draftSchema, status: 204, summary: 'Autosave the answers so far' }),
  submitResponse: route<SubmissionResult>()({
    method: 'POST', path: '/api/invitations/:token/responses', who: 'anyone', body: submissionSchema, status: 201, summary: 'Submit the answers (idempotent on `id`)',
  }),
  siteContact: route<SiteInfo>()({ method: 'GET', path: '/api/site-contact', who: 'anyone', summary: "The site's name, phone and hours" }),

  // Signing in and out.
  login: route<LoginAnswer>()({ method: 'POST', path: '/api/auth/login', who: 'anyone', body: loginSchema, summary: 'A session, or the second step to take' }),
  secondFactor: route<SessionUser>()({
    method: 'POST', path: '/api/auth/second-factor', who: 'anyone', body: secondFactorCodeSchema, summary: 'The second step (challenge cookie): a code or a recovery code',
  }),
  signInEnrolment: route<SecondFactorEnrolment>()({
    method: 'POST', path: '/api/auth/second-factor/enrolment', who: 'anyone', summary: 'Set up a second factor the site requires (challenge cookie)',
  }),
  logout: route()({ method: 'POST', path: '/api/auth/logout', who: 'anyone', status: 204, summary: 'End the session' }),
  me: route<SessionUser>()({ method: 'GET', path: '/api/auth/me', who: 'signed-in', summary: 'The signed-in user' }),
  changePassword: route()({
    method: 'POST', path: '/api/auth/password', who: 'signed-in', body: passwordChangeSchema, status: 204, summary: "Change one's password; ends the other sessions",
  }),
  // issue 24: sign-in through the hospital's identity provider (OpenID Connect)
  signInOptions: route<SignInOptions>()({ method: 'GET', path: '/api/auth/options', who: 'anyone', summary: "Whether the hospital's sign-in is configured (its name) and passwords are on" }),
  oidcStart: route()({
    method: 'GET', path: '/api/auth/oidc/start', who: 'anyone', query: oidcStartQuery, raw: true, status: 303, summary: 'Redirect to the identity provider (`?returnTo=`)',
  }),
  oidcCallback: route()({
    method: 'GET', path: '/api/auth/oidc/callback', who: 'anyone', raw: true, status: 303, summary: "The provider's redirect back: a session, or the staff app with `?signInRefused=<reason>`",
  }),
  oidcLogout: route<SignOutAnswer>()({
    method: 'POST', path: '/api/auth/oidc/logout', who: 'anyone', summary: "End the session; the provider's logout URL to follow, if any",
  }),

  // The signed-in user's own account.
  startEnrolment: route<SecondFactorEnrolment>()({ method: 'POST', path: '/api/account/second-factor/enrolment', who: ROLES, summary: 'Start setting up a second factor' }),
  confirmEnrolment: route<RecoveryCodes>()({
    method: 'POST', path: '/api/account/second-factor/confirm', who: ROLES, body: secondFactorCodeSchema, summary: 'Confirm it with a code; the recovery codes, shown once',
  }),
  mySessions: route<ActiveSession[]>()({ method: 'GET', path: '/api/account/sessions', who: ROLES, summary: "One's own sessions" }),
  endMySession: route()({ method: 'DELETE', path: '/api/account/sessions/:id', who: ROLES, status: 204, summary: "End one of one's own sessions" }),

  // Questionnaires and settings.
  questionnaires: route<QuestionnaireSummary[]>()({ method: 'GET', path: '/api/questionnaires', who: ROLES, summary: 'The questionnaires served now' }),
  questionnaireForm: route<QuestionnaireForm>()({
    method: 'GET', path: '/api/questionnaires/:id/form', who: ROLES, query: questionnaireFormQuery, summary: 'A version\'s SurveyJS form (`?version=`), with the phone and hours of `?unitId=` (the site\'s without; 404 `unit_not_found`)',
  }),
  settings: route<SiteSettings>()({ method: 'GET', path: '/api/settings', who: ROLES, summary: 'The site settings' }),
  updateSettings: route<SiteSettings>()({ method: 'PUT', path: '/api/settings', who: ADMIN, body: settingsPatchSchema, unit: 'site', summary: 'Change settings (audited)' }),

  // Patients, links and answers staff record.
  createPatient: route<Created>()({ method: 'POST', path: '/api/patients', who: NURSE, body: newPatientSchema, status: 201, unit: 'units', summary: 'Add a patient' }),
  updatePatient: route<Patient>()({ method: 'PATCH', path: '/api/patients/:id', who: NURSE, body: patientUpdateSchema, unit: 'patient', summary: 'Contact details or status' }),
  patients: route<Patient[]>()({ method: 'GET', path: '/api/patients', who: NURSE, query: patientSearchQuery, unit: 'units', summary: 'Search patients (`?query=`)' }),
  patientHistory: route<PatientHistory>()({
    method: 'GET', path: '/api/patients/:id/history', who: CLINICAL, unit: 'patient', summary: "A patient's responses (the team: referred patients only)",
  }),
  submitStaffResponse: route<StaffEntryResult>()({
    method: 'POST', path: '/api/patients/:id/responses', who: NURSE, body: staffResponseSchema, status: 201, unit: 'patient', summary: 'Answers given with staff or from paper',
  }),
  verifyResponse: route<VerificationResult>()({ method: 'POST', path: '/api/responses/:id/verify', who: NURSE, unit: 'patient', summary: "A second person's check of a paper entry" }),
  invite: route<CreatedInvitation>()({ method: 'POST', path: '/api/invitations', who: NURSE, body: newInvitationSchema, status: 201, unit: 'patient', summary: "A patient's or a relative's link" }),
  invitations: route<Invitation[]>()({ method: 'GET', path: '/api/invitations', who: NURSE, query: invitationListQuery, unit: 'units', summary: 'Links by status (`?status=&patientId=`)' }),
  // issue 23: sending a new link; whether reminders can go out at all
  sendInvitation: route<InvitationSent>()({
    method: 'POST', path: '/api/invitations/:id/send', who: NURSE, body: sendInvitationSchema, unit: 'patient', summary: 'Send the link by SMS or e-mail through the outbox (once per channel)',
  }),
  notificationStatus: route<NotificationStatus>()({ method: 'GET', path: '/api/notification-status', who: ADMIN, summary: 'Which channels reminders go out by' }),
  // issue 23: the call list
  recordCall: route<InvitationCall>()({
    method: 'POST', path: '/api/invitations/:id/calls', who: NURSE, body: invitationCallSchema, status: 201, unit: 'patient', summary: 'A call to a non-responder and its outcome (audited)',
  }),

  // issue 25: programmes and enrolments
  programmes: route<Programme[]>()({ method: 'GET', path: '/api/programmes', who: NURSE, summary: 'The programmes (questionnaires on a schedule)' }),
  createProgramme: route<Created>()({ method: 'POST', path: '/api/programmes', who: ADMIN, body: newProgrammeSchema, status: 201, summary: 'Add a programme (audited)' }),
  updateProgramme: route<Programme>()({ method: 'PATCH', path: '/api/programmes/:id', who: ADMIN, body: programmeChangeSchema, summary: 'Change a programme (audited)' }),
  enrol: route<Created>()({
    method: 'POST', path: '/api/patients/:id/enrolments', who: NURSE, body: newEnrolmentSchema, status: 201, unit: 'patient', summary: 'Enrol the patient in a programme (the latest occurrence already due is made at once)',
  }),
  patientEnrolments: route<Enrolment[]>()({ method: 'GET', path: '/api/patients/:id/enrolments', who: NURSE, unit: 'patient', summary: "The patient's enrolments, next due time and occurrences" }),
  changeEnrolment: route<Enrolment>()({ method: 'PATCH', path: '/api/enrolments/:id', who: NURSE, body: enrolmentChangeSchema, unit: 'patient', summary: 'Pause, resume or end an enrolment (a reason code for pause and end)' }),

  // The worklist and the flag's life.
  flags: route<WorklistPage>()({ method: 'GET', path: '/api/flags', who: NURSE, query: worklistQuery, unit: 'units', summary: 'The worklist, one page (`X-Total-Count`: exact up to 10,000, 10,001 meaning more)' }),
  flagSummary: route<FlagSummary>()({ method: 'GET', path: '/api/flags/:id/summary', who: NURSE, unit: 'patient', summary: "A worklist row's reasons, own words and provenance (does not open the flag)" }),
  flag: route<FlagDetail>()({ method: 'GET', path: '/api/flags/:id', who: CLINICAL, unit: 'patient', summary: 'A flag in full (the team: referred flags only)' }),
  decide: route<DecisionResult>()({ method: 'POST', path: '/api/flags/:id/decision', who: NURSE, body: decisionSchema, unit: 'patient', summary: "The nurse's decision" }),
  assignees: route<Assignee[]>()({ method: 'GET', path: '/api/assignees', who: NURSE, query: assigneeQuery, unit: 'units', summary: 'Who a flag may be given to (`?flagId=`: the staff of its unit)' }),
  takeFlag: route<FlagOwnership>()({ method: 'POST', path: '/api/flags/:id/take', who: NURSE, unit: 'patient', summary: 'Take a flag' }),
  assignFlag: route<FlagOwnership>()({ method: 'POST', path: '/api/flags/:id/assign', who: NURSE, body: assignFlagSchema, unit: 'patient', summary: 'Give a flag to someone' }),
  releaseFlag: route<FlagOwnership>()({ method: 'POST', path: '/api/flags/:id/release', who: NURSE, unit: 'patient', summary: 'Let go of a flag' }),
  closeFlag: route<FlagOwnership>()({ method: 'POST', path: '/api/flags/:id/close', who: NURSE, body: closeFlagSchema, unit: 'patient', summary: 'Close the loop with an outcome that is not a decision (plan, referral, no action: 422 `outcome_needs_decision`)' }),
  reopenFlag: route<FlagOwnership>()({ method: 'POST', path: '/api/flags/:id/reopen', who: NURSE, body: reopenFlagSchema, unit: 'patient', summary: 'Reopen with a reason' }),
  overview: route<Overview>()({ method: 'GET', path: '/api/overview', who: NURSE, unit: 'units', summary: 'The closed loop at a glance' }),

  // The palliative team.
  referrals: route<Referral[]>()({ method: 'GET', path: '/api/referrals', who: TEAM, query: referralListQuery, unit: 'units', summary: 'Referrals by status (`?status=&since=`)' }),
  decideReferral: route<ReferralDecisionResult>()({
    method: 'POST', path: '/api/referrals/:id/decision', who: TEAM, body: referralDecisionSchema, unit: 'receiving', summary: 'Accept, or return with a reason',
  }),

  // Data out.
  fhirQuestionnaire: route()({
    method: 'GET', path: '/api/fhir/Questionnaire/:id', who: NURSE, query: fhirQuestionnaireQuery, raw: true, summary: 'FHIR R4 Questionnaire (`?version=`)',
  }),
  fhirQuestionnaireResponse: route()({ method: 'GET', path: '/api/fhir/QuestionnaireResponse/:id', who: NURSE, raw: true, unit: 'patient', summary: 'FHIR R4 QuestionnaireResponse' }),
  fhirObservations: route()({
    method: 'GET', path: '/api/fhir/Observation', who: NURSE, query: fhirResponseQuery, raw: true, unit: 'patient', summary: "A response's scores as a searchset (`?response=`)",
  }),
  fhirBundle: route()({ method: 'GET', path: '/api/fhir/Bundle', who: NURSE, query: fhirResponseQuery, raw: true, unit: 'patient', summary: 'All of a response as one Bundle (`?response=`)' }),
  exportResponses: route()({
    method: 'GET', path: '/api/export/responses.csv', who: NURSE, query: responsesExportQuery, raw: true, unit: 'units', summary: 'Responses as CSV (`?from=&to=&questionnaireId=&format=excel-da`)',
  }),
  indicators: route<Indicators>()({ method: 'GET', path: '/api/indicators', who: CLINICAL, query: periodQuery, unit: 'units', summary: 'Quality indicators (`?from=&to=`)' }),

  // Administration.
  users: route<StaffUser[]>()({ method: 'GET', path: '/api/users', who: ADMIN, unit: 'managed', summary: 'Staff accounts' }),
  createUser: route<User>()({ method: 'POST', path: '/api/users', who: ADMIN, body: newStaffUserSchema, status: 201, unit: 'managed', summary: 'Add a staff account' }),
  updateUser: route<StaffUser>()({ method: 'PATCH', path: '/api/users/:id', who: ADMIN, body: staffUserChangeSchema, unit: 'managed', summary: 'Disable, enable, change role, full name or title' }),
  resetPassword: route<TemporaryPassword>()({ method: 'POST', path: '/api/users/:id/password-reset', who: ADMIN, unit: 'managed', summary: 'A temporary password, shown once' }),
  userSessions: route<ActiveSession[]>()({ method: 'GET', path: '/api/users/:id/sessions', who: ADMIN, unit: 'managed', summary: "A user's sessions" }),
  revokeSessions: route<RevokedSessions>()({ method: 'DELETE', path: '/api/users/:id/sessions', who: ADMIN, unit: 'managed', summary: "End all of a user's sessions" }),
  endUserSession: route()({ method: 'DELETE', path: '/api/users/:id/sessions/:sessionId', who: ADMIN, status: 204, unit: 'managed', summary: "End one of a user's sessions" }),
  resetSecondFactor: route()({ method: 'DELETE', path: '/api/users/:id/second-factor', who: ADMIN, status: 204, unit: 'managed', summary: "Remove a user's second factor (a lost phone)" }),
  // issue 24: emergency access ("break the glass")
  emergencyAccess: route<EmergencyAccessOpened>()({
    method: 'POST', path: '/api/patients/:id/emergency-access', who: NURSE, body: emergencyAccessSchema, status: 201,
    summary: 'Open a patient outside one\'s units with a reason, for `security.emergencyAccessHours` (audited); `{patientId, expiresAt}`, `expiresAt` null when she is already one\'s own (nothing opened)',
  }),
  emergencyAccessByExternalId: route<EmergencyAccessOpened>()({
    method: 'POST', path: '/api/emergency-access', who: NURSE, body: emergencyAccessByExternalIdSchema, status: 201,
    summary: 'The same, the patient found by her exact external id (the staff app\'s form): 201 `{patientId, expiresAt}`, `expiresAt` null for a patient already one\'s own (nothing opened, not audited); 404 `patient_not_found`',
  }),
  emergencyAccesses: route<EmergencyAccess[]>()({
    method: 'GET', path: '/api/emergency-accesses', who: ADMIN, unit: 'managed', summary: "Emergency accesses to the patients of one's units, newest first",
  }),
  // issue 24: units (a site admin makes them; a unit admin sets her units' settings)
  units: route<Unit[]>()({ method: 'GET', path: '/api/units', who: ROLES, summary: 'Every unit (ward, clinic, palliative team, rehabilitation)' }),
  createUnit: route<Created>()({ method: 'POST', path: '/api/units', who: ADMIN, body: newUnitSchema, status: 201, unit: 'site', summary: 'Add a unit (site admin; audited)' }),
  unitSettings: route<UnitSettings>()({ method: 'GET', path: '/api/units/:id/settings', who: ADMIN, unit: 'managed', summary: "A unit's own settings and those in force for it" }),
  updateUnitSettings: route<UnitSettings>()({
    method: 'PUT', path: '/api/units/:id/settings', who: ADMIN, body: unitSettingsPatchSchema, unit: 'managed', summary: "Change a unit's own settings (site admin or the unit's admin; audited)",
  }),
  audit: route<AuditEntry[]>()({ method: 'GET', path: '/api/audit', who: ADMIN, query: auditQuery, unit: 'site', summary: 'The audit log, newest first (`?actorId=&patientExternalId=&from=&to=&before=&limit=`)' }),
} as const;

export type RouteName = keyof typeof ROUTES;

/** May this role call the route? Routes for `anyone` or any signed-in user admit every role. */
export function admits(route: RouteSpec, role: Role): boolean {
  return typeof route.who === 'string' || route.who.includes(role);
}

/** The roles that may call every one of `routes`: a screen that needs them all is open to these. */
export function rolesFor(...routes: RouteSpec[]): Role[] {
  return ROLES.filter((role) => routes.every((r) => admits(r, role)));
}

/** The route's path with its parameters filled in, each URL-encoded. */
export function pathTo<R extends RouteSpec>(route: R, params: Record<ParamName<R['path']>, string>): string {
  const values: Record<string, string> = params;
  return route.path.replace(/:(\w+)/g, (_, name: string) => encodeURIComponent(values[name] ?? ''));
}
