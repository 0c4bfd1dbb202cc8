/** The staff app's only door to the server: JSON over fetch, errors as ApiError, a 401 ends the session. */
import type {
  AuditEntry, CreatedInvitation, DecisionAction, FlagDetail, FlagStatus, FlagSummary, Invitation, Level,
  Patient, QuestionnaireSummary, Referral, Role, StaffUserSummary, Trigger, User,
} from './types.js';
import type { StaffSessionView, StaffUserView } from '../../server/domain/staff-accounts.js';

/** The signed-in user; after an admin's password reset it must choose a new password before anything else. */
export type SessionUser = User & { mustChangePassword: boolean };

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
  me: () => request<{ user: SessionUser }>('GET', '/api/auth/me', undefined, { quiet401: true }).then((r) => r.user),
  login: (username: string, password: string) => request<unknown>('POST', '/api/auth/login', { username, password }, { quiet401: true }),
  logout: () => request<unknown>('POST', '/api/auth/logout', {}, { quiet401: true }),
  changePassword: (currentPassword: string, newPassword: string) => request<unknown>('POST', '/api/auth/password', { currentPassword, newPassword }),

  questionnaires: () => request<QuestionnaireSummary[]>('GET', '/api/questionnaires'),
  patients: (query: string) => request<Patient[]>('GET', `/api/patients${queryString({ query })}`),
  createPatient: (externalId: string, name: string) => request<{ id: Patient['id'] }>('POST', '/api/patients', { externalId, name }),
  createInvitation: (patientId: Patient['id'], questionnaireId: string, trigger: Trigger) =>
    request<CreatedInvitation>('POST', '/api/invitations', { patientId, questionnaireId, trigger }),
  invitations: (status: 'open' | 'answered' | 'expired') => request<Invitation[]>('GET', `/api/invitations${queryString({ status })}`),

  flags: (filter: { level?: Level | ''; status?: FlagStatus | '' }) => request<FlagSummary[]>('GET', `/api/flags${queryString(filter)}`),
  flag: (id: string) => request<FlagDetail>('GET', `/api/flags/${encodeURIComponent(id)}`),
  decide: (id: string, decision: { action: DecisionAction; note: string; responsible?: string; nextEvaluation?: string; referralText?: string }) =>
    request<unknown>('POST', `/api/flags/${encodeURIComponent(id)}/decision`, decision),

  referrals: (status = 'pending') => request<Referral[]>('GET', `/api/referrals${queryString({ status })}`),
  decideReferral: (id: Referral['id'], action: 'accept' | 'return', reason: string) =>
    request<unknown>('POST', `/api/referrals/${encodeURIComponent(String(id))}/decision`, { action, reason }),

  audit: () => request<AuditEntry[]>('GET', '/api/audit?limit=300'),
  users: () => request<StaffUserView[]>('GET', '/api/users'),
  createUser: (username: string, password: string, role: Role) => request<StaffUserSummary>('POST', '/api/users', { username, password, role }),
  updateUser: (id: string, change: { disabled?: boolean; role?: Role }) => request<StaffUserView>('PATCH', `/api/users/${encodeURIComponent(id)}`, change),
  resetPassword: (id: string) => request<{ temporaryPassword: string }>('POST', `/api/users/${encodeURIComponent(id)}/password-reset`),
  userSessions: (id: string) => request<StaffSessionView[]>('GET', `/api/users/${encodeURIComponent(id)}/sessions`),
  revokeSessions: (id: string) => request<{ revoked: number }>('DELETE', `/api/users/${encodeURIComponent(id)}/sessions`),
};
