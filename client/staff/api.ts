/** The staff app's only door to the server: the contract's routes as JSON over fetch, errors as ApiError, a 401 ends the session. */
import type { z, ZodType } from 'zod';
import type { FlagOutcome, FlagStatus, InvitationStatus, ReferralStatus, Role, SendChannel } from '../../server/contract/codes.js';
import type {
  DecisionRequest, EnrolmentChange, NewEnrolmentRequest, NewInvitation, NewInvitationCall, NewPatient, NewProgrammeRequest, PatientUpdate, ReferralDecision, StaffResponseRequest,
} from '../../server/contract/requests.js';
import type { StaffUserChange } from '../../server/contract/accounts.js';
import type { SessionUser } from '../../server/contract/responses.js';
import { pathTo, type ParamName, type ResponseOf, type Route, ROUTES } from '../../server/contract/routes.js';
import type { SettingsPatch } from '../../server/contract/settings.js';
import type { NewUnit, UnitSettingsPatch } from '../../server/contract/units.js';

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

/** Where the hospital's sign-in starts (issue 24): a page navigation to the provider, coming back to `returnTo`. */
export function oidcStartHref(returnTo: string): string {
  return `${ROUTES.oidcStart.path}${queryString({ returnTo: returnTo === '/' ? undefined : returnTo })}`;
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

/** A call's parts: the path's parameters when it has any, the body when the route takes one, and a query. */
type CallArgs<R extends Route> = ([ParamName<R['path']>] extends [never] ? { params?: never } : { params: Record<ParamName<R['path']>, string> })
  & (R['body'] extends ZodType ? { body: z.input<R['body']> } : { body?: never })
  & { query?: Record<string, string | undefined | null>; quiet401?: boolean };

interface AnyCallArgs {
  params?: Record<string, string>;
  body?: unknown;
  query?: Record<string, string | undefined | null>;
  quiet401?: boolean;
}

/** Calls a route of the contract's table: its method, its path with the parameters filled in, its answer's type. */
function call<R extends Route>(route: R, ...args: [ParamName<R['path']>] extends [never] ? (R['body'] extends ZodType ? [CallArgs<R>] : [CallArgs<R>?]) : [CallArgs<R>]): Promise<ResponseOf<R>>;
function call(route: Route, { params = {}, body, query = {}, quiet401 = false }: AnyCallArgs = {}): Promise<unknown> {
  return request(route.method, `${pathTo(route, params)}${queryString(query)}`, body, { quiet401 });
}

export const api = {
  me: (): Promise<SignedInUser> => call(ROUTES.me, { quiet401: true }).then((r) => r.user),
  /** A session, or `{ secondFactor }`: the second step comes first (issue 21). */
  login: (username: string, password: string) => call(ROUTES.login, { body: { username, password }, quiet401: true }),
  /** The second step: the app's code or a recovery code; also confirms a set-up the site required at sign-in (then with recoveryCodes). */
  secondFactor: (code: string) => call(ROUTES.secondFactor, { body: { code }, quiet401: true }),
  signInEnrolment: () => call(ROUTES.signInEnrolment, { quiet401: true }),
  startEnrolment: () => call(ROUTES.startEnrolment),
  confirmEnrolment: (code: string) => call(ROUTES.confirmEnrolment, { body: { code } }),
  mySessions: () => call(ROUTES.mySessions),
  endMySession: (id: string) => call(ROUTES.endMySession, { params: { id } }),
  logout: () => call(ROUTES.logout, { quiet401: true }),
  // issue 24: the hospital's sign-in (its start is a navigation: oidcStartHref)
  signInOptions: () => call(ROUTES.signInOptions, { quiet401: true }),
  oidcLogout: () => call(ROUTES.oidcLogout, { quiet401: true }),
  changePassword: (currentPassword: string, newPassword: string) => call(ROUTES.changePassword, { body: { currentPassword, newPassword } }),

  questionnaires: () => call(ROUTES.questionnaires),
  patients: (query: string) => call(ROUTES.patients, { query: { query } }),
  createPatient: (patient: NewPatient) => call(ROUTES.createPatient, { body: patient }),
  updatePatient: (id: string, update: PatientUpdate) => call(ROUTES.updatePatient, { params: { id }, body: update }),
  invitations: (status: InvitationStatus) => call(ROUTES.invitations, { query: { status } }),

  /** One page of the worklist: `after` (the page before's nextCursor) or `offset` (flags skipped) says where it starts. */
  flags: (filter: { level?: string; status?: FlagStatus | ''; overdue?: boolean; dueToday?: boolean; unowned?: boolean; offset?: number; after?: string | undefined }) =>
    call(ROUTES.flags, {
      query: {
        level: filter.level, status: filter.status, overdue: filter.overdue ? 'true' : undefined,
        ...(filter.after ? { after: filter.after } : { offset: filter.offset ? String(filter.offset) : undefined }),
        dueToday: filter.dueToday ? 'true' : undefined, owner: filter.unowned ? 'none' : undefined,
      },
    }),
  /** A worklist row's reasons, on expand (does not open the flag). */
  flagSummary: (id: string) => call(ROUTES.flagSummary, { params: { id } }),
  flag: (id: string) => call(ROUTES.flag, { params: { id } }),
  decide: (id: string, decision: DecisionRequest) => call(ROUTES.decide, { params: { id }, body: decision }),
  takeFlag: (id: string) => call(ROUTES.takeFlag, { params: { id } }),
  releaseFlag: (id: string) => call(ROUTES.releaseFlag, { params: { id } }),
  assignFlag: (id: string, userId: string) => call(ROUTES.assignFlag, { params: { id }, body: { userId } }),
  closeFlag: (id: string, outcome: FlagOutcome, note: string) => call(ROUTES.closeFlag, { params: { id }, body: { outcome, ...(note.trim() ? { note } : {}) } }),
  reopenFlag: (id: string, reason: string) => call(ROUTES.reopenFlag, { params: { id }, body: { reason } }),
  // issue 13: a patient's page, forms staff fill in, print or show read-only
  patientHistory: (id: string) => call(ROUTES.patientHistory, { params: { id } }),
  /** `unitId`: whose phone and hours the form's safety message gives (issue 24; the site's without). */
  questionnaireForm: (id: string, version?: string, unitId?: string) => call(ROUTES.questionnaireForm, { params: { id }, query: { version, unitId } }),
  submitStaffResponse: (patientId: string, submission: StaffResponseRequest) => call(ROUTES.submitStaffResponse, { params: { id: patientId }, body: submission }),
  verifyResponse: (responseId: string) => call(ROUTES.verifyResponse, { params: { id: responseId } }),
  /** The patient's link, or a relative's (issue 13: its answers are stored as mode proxy). */
  invite: (invitation: NewInvitation) => call(ROUTES.invite, { body: invitation }),
  patientInvitations: (patientId: string, status: InvitationStatus) => call(ROUTES.invitations, { query: { status, patientId } }),
  /** issue 23: the call list */
  sendInvitation: (invitationId: string, channel: SendChannel) => call(ROUTES.sendInvitation, { params: { id: invitationId }, body: { channel } }),
  notificationStatus: () => call(ROUTES.notificationStatus),
  recordCall: (invitationId: string, outcome: NewInvitationCall) => call(ROUTES.recordCall, { params: { id: invitationId }, body: outcome }),
  assignees: (flagId?: string) => call(ROUTES.assignees, flagId === undefined ? {} : { query: { flagId } }),
  overview: () => call(ROUTES.overview),
  indicators: (from: string, to: string) => call(ROUTES.indicators, { query: { from, to } }),

  referrals: (status: ReferralStatus = 'pending') => call(ROUTES.referrals, { query: { status } }),
  decideReferral: (id: string, decision: ReferralDecision) => call(ROUTES.decideReferral, { params: { id }, body: decision }),

  /** One page of the audit log, newest first (`before`: the last id of the page before). */
  audit: (query: Record<string, string>) => call(ROUTES.audit, { query }),
  settings: () => call(ROUTES.settings),
  updateSettings: (patch: SettingsPatch) => call(ROUTES.updateSettings, { body: patch }),
  users: () => call(ROUTES.users),
  createUser: (user: { username: string; password: string; role: Role; fullName: string; title: string; unitIds?: string[] }) => call(ROUTES.createUser, { body: user }),
  updateUser: (id: string, change: StaffUserChange) => call(ROUTES.updateUser, { params: { id }, body: change }),
  resetPassword: (id: string) => call(ROUTES.resetPassword, { params: { id } }),
  userSessions: (id: string) => call(ROUTES.userSessions, { params: { id } }),
  revokeSessions: (id: string) => call(ROUTES.revokeSessions, { params: { id } }),
  endUserSession: (userId: string, sessionId: string) => call(ROUTES.endUserSession, { params: { id: userId, sessionId } }),
  resetSecondFactor: (id: string) => call(ROUTES.resetSecondFactor, { params: { id } }),
  // issue 25: programmes and enrolments
  programmes: () => call(ROUTES.programmes),
  createProgramme: (programme: NewProgrammeRequest) => call(ROUTES.createProgramme, { body: programme }),
  updateProgramme: (id: string, change: Partial<NewProgrammeRequest>) => call(ROUTES.updateProgramme, { params: { id }, body: change }),
  enrol: (patientId: string, enrolment: NewEnrolmentRequest) => call(ROUTES.enrol, { params: { id: patientId }, body: enrolment }),
  patientEnrolments: (patientId: string) => call(ROUTES.patientEnrolments, { params: { id: patientId } }),
  changeEnrolment: (id: string, change: EnrolmentChange) => call(ROUTES.changeEnrolment, { params: { id }, body: change }),
  // issue 24: units, and emergency accesses to the patients of one's units
  emergencyAccesses: () => call(ROUTES.emergencyAccesses),
  /** Break the glass by the patient's exact external id (a patient already hers: expiresAt null). */
  emergencyAccessByExternalId: (body: { externalId: string; reason: string }) => call(ROUTES.emergencyAccessByExternalId, { body }),
  units: () => call(ROUTES.units),
  createUnit: (unit: NewUnit) => call(ROUTES.createUnit, { body: unit }),
  unitSettings: (id: string) => call(ROUTES.unitSettings, { params: { id } }),
  updateUnitSettings: (id: string, patch: UnitSettingsPatch) => call(ROUTES.updateUnitSettings, { params: { id }, body: patch }),
};

