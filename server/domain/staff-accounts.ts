/**
 * Staff accounts as the API shows them, and the password rules that need no dictionary. Shared by
 * the server and the staff app (one list of codes). Pure: no I/O.
 */

export const MIN_PASSWORD_LENGTH = 12;
export const MAX_PASSWORD_LENGTH = 1024;

/** Why a password is refused (422, `error.code`); `password_too_common` needs the dictionary (services/password-policy.ts). */
export const PASSWORD_PROBLEMS = ['password_blank', 'password_too_short', 'password_contains_username', 'password_too_common'] as const;
export type PasswordProblem = (typeof PASSWORD_PROBLEMS)[number];

/** The first rule a password breaks that a person can check by eye (length counts characters as typed, NFC). */
export function basicPasswordProblem(password: string, username: string): PasswordProblem | null {
  if (password.trim() === '') return 'password_blank';
  if ([...password.normalize('NFC')].length < MIN_PASSWORD_LENGTH) return 'password_too_short';
  if (password.toLowerCase().includes(username.toLowerCase())) return 'password_contains_username';
  return null;
}

/** A staff user as GET /api/users lists it. */
export interface StaffUserView {
  id: string;
  username: string;
  role: 'nurse' | 'palliative_team' | 'admin';
  createdAt: string;
  disabled: boolean;
  /** Signed in with a temporary password and must choose a new one before anything else. */
  mustChangePassword: boolean;
}

/** One active session of a user (GET /api/users/:id/sessions); never the token or its hash. */
export interface StaffSessionView {
  createdAt: string;
  lastSeenAt: string;
}
