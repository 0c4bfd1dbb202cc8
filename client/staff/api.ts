/** The staff app's only door to the server: JSON over fetch, errors as ApiError, a 401 ends the session. */
import type { FlagOutcome, FlagStatus, InvitationStatus, Level, ReferralStatus, Role } from '../../server/contract/codes.js';
import type {
  AssignFlagRequest, CloseFlagRequest, DecisionRequest, NewInvitation, NewPatient, PatientUpdate, ReferralDecision, ReopenFlagRequest, StaffResponseRequest,
} from '../../server/contract/requests.js';
import type { ActiveSession, LoginAnswer, SecondFactorEnrolment, StaffUserChange } from '../../server/contract/accounts.js';
import type {
  AuditEntry, Created, CreatedInvitation, DecisionResult, FlagDetail, FlagOwnership, Invitation, Overview, Patient, PatientHistory, QuestionnaireForm,
  QuestionnaireSummary, Referral, ReferralDecisionResult, SessionUser, StaffEntryResult, StaffRef, StaffUser, User, VerificationResult, WorklistPage,
} from '../../server/contract/responses.js';
import type { SettingsPatch, SiteSettings } from '../../server/contract/settings.js';
import type { Indicators } from '../../server/contract/indicators.js';

/** The signed-in user; after an admin's password reset it must choose a new password before anything else. */
export type SignedInUser = SessionUser['user'];

export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

let onUnauthorized: (() => void) | null = null;
/** Called when any call (other than login and the session check) answers 401: the session has expired. */
export function setUnauthorizedHandler(handler: (() => void) | null): void {
  onUnauthorized = handler;
}

/** Builds `?a=1&b=2` from the set values, in key order; empty when none is set. */
export function queryString(params: Record<string, string | undefined | null>): string {
  const entries = Object.entries(params).filter((e): e is [string, string] => typeof e[1] === 'string' && e[1] !== '');
  return entries.length === 0 ? '' : `?${new URLSearchParams(entries).toString()}`;
}

async function request<T>(method: string, path: string, body?: unknown, { quiet401 = false } = {}): Promise<T> {
  const response = await fetch(path, {
    method,
    credentials: 'same-origin',
    headers: body === undefined ? { accept: 'application/json' } : { accept: 'application/json', 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  let data: unknown = null;
  if (text) {
    try {
      data = JSON.parse(text);
    } catch {
      data = null;
    }
  }
  if (!response.ok) {
    if (response.status === 401 && !quiet401) onUnauthorized?.();
    const error = (data as { error?: { code?: string; message?: string; details?: unknown } } | null)?.error;
    throw new ApiError(response.status, error?.code ?? `http_${response.status}`, error?.message ?? response.statusText, error?.details);
  }
  return data as T;
}

export const api = {
  me: (): Promise<SignedInUser> => request<SessionUser>('GET', '/api/auth/me', undefined, { quiet401: true }).then((r) => r.user),
  /** A session, or `{ secondFactor }`: the second step comes first (issue 21). */
  login: (username: string, password: string) => request<LoginAnswer>('POST', '/api/auth/login', { username, password }, { quiet401: true }),
  /** The second step: the app's code or a recovery code; also confirms a set-up the site required at sign-in (then with recoveryCodes). */
  secondFactor: (code: string) => request<SessionUser>('POST', '/api/auth/second-factor', { code }, { quiet401: true }),
  signInEnrolment: () => request<SecondFactorEnrolment>('POST', '/api/auth/second-factor/enrolment', {}, { quiet401: true }),
  startEnrolment: () => request<SecondFactorEnrolment>('POST', '/api/account/second-factor/enrolment', {}),
  confirmEnrolment: (code: string) => request<{ recoveryCodes: string[] }>('POST', '/api/account/second-factor/confirm', { code }),
  mySessions: () => request<ActiveSession[]>('GET', '/api/account/sessions'),
  endMySession: (id: string) => request<unknown>('DELETE', `/api/account/sessions/${encodeURIComponent(id)}`),
  logout: () => request<unknown>('POST', '/api/auth/logout', {}, { quiet401: true }),
  changePassword: (currentPassword: string, newPassword: string) => request<unknown>('POST', '/api/auth/password', { currentPassword, newPassword }),

  questionnaires: () => request<QuestionnaireSummary[]>('GET', '/api/questionnaires'),
  patients: (query: string) => request<Patient[]>('GET', `/api/patients${queryString({ query })}`),
  createPatient: (patient: NewPatient) => request<Created>('POST', '/api/patients', patient),
  updatePatient: (id: string, update: PatientUpdate) => request<Patient>('PATCH', `/api/patients/${encodeURIComponent(id)}`, update),
  invitations: (status: InvitationStatus) => request<Invitation[]>('GET', `/api/invitations${queryString({ status })}`),

  /** One page of the worklist: `offset` skips the flags already shown. */
  flags: (filter: { level?: Level | ''; status?: FlagStatus | ''; offset?: number }) =>
    request<WorklistPage>('GET', `/api/flags${queryString({ level: filter.level, status: filter.status, offset: filter.offset ? String(filter.offset) : undefined })}`),
  flag: (id: string) => request<FlagDetail>('GET', `/api/flags/${encodeURIComponent(id)}`),
  decide: (id: string, decision: DecisionRequest) => request<DecisionResult>('POST', `/api/flags/${encodeURIComponent(id)}/decision`, decision),
  takeFlag: (id: string) => request<FlagOwnership>('POST', `/api/flags/${encodeURIComponent(id)}/take`, {}),
  releaseFlag: (id: string) => request<FlagOwnership>('POST', `/api/flags/${encodeURIComponent(id)}/release`, {}),
  assignFlag: (id: string, userId: string) => request<FlagOwnership>('POST', `/api/flags/${encodeURIComponent(id)}/assign`, { userId } satisfies AssignFlagRequest),
  closeFlag: (id: string, outcome: FlagOutcome, note: string) =>
    request<FlagOwnership>('POST', `/api/flags/${encodeURIComponent(id)}/close`, { outcome, ...(note.trim() ? { note } : {}) } satisfies CloseFlagRequest),
  reopenFlag: (id: string, reason: string) => request<FlagOwnership>('POST', `/api/flags/${encodeURIComponent(id)}/reopen`, { reason } satisfies ReopenFlagRequest),
  // issue 13: a patient's page, forms staff fill in, print or show read-only
  patientHistory: (id: string) => request<PatientHistory>('GET', `/api/patients/${encodeURIComponent(id)}/history`),
  questionnaireForm: (id: string, version?: string) =>
    request<QuestionnaireForm>('GET', `/api/questionnaires/${encodeURIComponent(id)}/form${queryString({ version })}`),
  submitStaffResponse: (patientId: string, submission: StaffResponseRequest) =>
    request<StaffEntryResult>('POST', `/api/patients/${encodeURIComponent(patientId)}/responses`, submission),
  verifyResponse: (responseId: string) => request<VerificationResult>('POST', `/api/responses/${encodeURIComponent(responseId)}/verify`, {}),
  /** The patient's link, or a relative's (issue 13: its answers are stored as mode proxy). */
  invite: (invitation: NewInvitation) => request<CreatedInvitation>('POST', '/api/invitations', invitation),
  patientInvitations: (patientId: string, status: InvitationStatus) => request<Invitation[]>('GET', `/api/invitations${queryString({ status, patientId })}`),
  assignees: () => request<StaffRef[]>('GET', '/api/assignees'),
  overview: () => request<Overview>('GET', '/api/overview'),
  indicators: (from: string, to: string) => request<Indicators>('GET', `/api/indicators${queryString({ from, to })}`),

  referrals: (status: ReferralStatus = 'pending') => request<Referral[]>('GET', `/api/referrals${queryString({ status })}`),
  decideReferral: (id: string, decision: ReferralDecision) => request<ReferralDecisionResult>('POST', `/api/referrals/${encodeURIComponent(id)}/decision`, decision),

  audit: () => request<AuditEntry[]>('GET', '/api/audit?limit=300'),
  settings: () => request<SiteSettings>('GET', '/api/settings'),
  updateSettings: (patch: SettingsPatch) => request<SiteSettings>('PUT', '/api/settings', patch),
  users: () => request<StaffUser[]>('GET', '/api/users'),
  createUser: (username: string, password: string, role: Role) => request<User>('POST', '/api/users', { username, password, role }),
  updateUser: (id: string, change: StaffUserChange) => request<StaffUser>('PATCH', `/api/users/${encodeURIComponent(id)}`, change),
  resetPassword: (id: string) => request<{ temporaryPassword: string }>('POST', `/api/users/${encodeURIComponent(id)}/password-reset`),
  userSessions: (id: string) => request<ActiveSession[]>('GET', `/api/users/${encodeURIComponent(id)}/sessions`),
  revokeSessions: (id: string) => request<{ revoked: number }>('DELETE', `/api/users/${encodeURIComponent(id)}/sessions`),
  endUserSession: (userId: string, sessionId: string) => request<unknown>('DELETE', `/api/users/${encodeURIComponent(userId)}/sessions/${encodeURIComponent(sessionId)}`),
  resetSecondFactor: (id: string) => request<unknown>('DELETE', `/api/users/${encodeURIComponent(id)}/second-factor`),
};
