/**
 * Staff accounts, declared once for the server and the staff app: the password rules that need no
 * dictionary (the "not common" check is the server's, services/password-policy.ts), the requests
 * the account routes accept, and the accounts as the API shows them.
 */
import { z } from 'zod';
import { ROLES, type Role } from './codes.js';
import { freeText, hasControlOrBidi, hasLoneSurrogate, unitIdsSchema } from './requests.js';
import type { UnitRef } from './units.js';

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

/** The length and content rules are the policy's (422 with a code per rule), not the schema's. */
const passwordSchema = freeText().max(MAX_PASSWORD_LENGTH);

export const loginSchema = z.object({ username: freeText().min(1).max(200), password: freeText().min(1).max(MAX_PASSWORD_LENGTH) });

/** What a username may be: the 422's detail names this rule, and the staff app shows it beside the field. */
export const USERNAME_RULE = 'must be 2-64 characters: the letters A-Z and a-z (no æ, ø, å), digits, ".", "_" or "-"; no spaces';
export const USERNAME_PATTERN = /^[A-Za-z0-9._-]{2,64}$/;

/** A staff user's full name and title (migration 0020): optional, one line; '' or null clears it. */
const profileText = (max: number) =>
  z.string().trim().max(max)
    .refine((v) => !hasLoneSurrogate(v), 'must be well-formed Unicode text')
    .refine((v) => !hasControlOrBidi(v), 'must not contain control or text-direction characters')
    .nullable()
    .transform((v) => (v === '' ? null : v));
export const staffProfileSchema = { fullName: profileText(200).optional(), title: profileText(100).optional() };

export const newStaffUserSchema = z.object({
  username: z.string().regex(USERNAME_PATTERN, USERNAME_RULE),
  password: passwordSchema,
  role: z.enum(ROLES),
  ...staffProfileSchema,
  /** The user's units (issue 24); left out: the install's only unit for the role (a site admin's, or a unit admin's own units). */
  unitIds: unitIdsSchema.optional(),
  /** An admin of every unit; only a site admin makes one. Left out: an admin made by a site admin without units is one. */
  siteAdmin: z.boolean().optional(),
});
export type NewStaffUser = z.infer<typeof newStaffUserSchema>;

/** PATCH /api/users/:id. */
export const staffUserChangeSchema = z
  .strictObject({ disabled: z.boolean().optional(), role: z.enum(ROLES).optional(), ...staffProfileSchema, unitIds: unitIdsSchema.optional() })
  .refine((c) => Object.values(c).some((v) => v !== undefined), 'give "disabled", "role", "fullName", "title" or "unitIds"');
export type StaffUserChange = z.infer<typeof staffUserChangeSchema>;

/** POST /api/auth/password. */
export const passwordChangeSchema = z.strictObject({ currentPassword: freeText().max(MAX_PASSWORD_LENGTH), newPassword: passwordSchema });
export type PasswordChange = z.infer<typeof passwordChangeSchema>;

export interface User {
  id: string;
  username: string;
  role: Role;
}

/** POST /api/auth/login, GET /api/auth/me. */
export interface SessionUser {
  user: User & {
    /** Signed in with a temporary password: every other staff route answers 403 password_change_required until it is changed. */
    mustChangePassword: boolean;
    /** GET /api/auth/me: whether the user has set up a second factor. */
    secondFactor?: boolean;
    /** GET /api/auth/me (issue 24): the user's units, and whether the user is an admin of every unit. */
    units?: UnitRef[];
    siteAdmin?: boolean;
  };
  /** POST /api/auth/second-factor when that sign-in set up the second factor: shown this once. */
  recoveryCodes?: string[];
}

/**
 * The second step of a sign-in after a right password (issue 21): `code` from the authenticator app
 * (or a recovery code), or `enrol`: the site requires a second factor and the user must set one up first.
 */
export const SECOND_FACTOR_STEPS = ['code', 'enrol'] as const;
export type SecondFactorStep = (typeof SECOND_FACTOR_STEPS)[number];

/** POST /api/auth/login when a second step is needed: no session yet, a short-lived cookie for the step. */
export interface SecondFactorNeeded {
  secondFactor: SecondFactorStep;
}
export type LoginAnswer = SessionUser | SecondFactorNeeded;

/** POST /api/auth/second-factor, /api/account/second-factor/confirm: six digits or a recovery code. */
export const secondFactorCodeSchema = z.strictObject({ code: z.string().trim().min(1).max(40) });

/** A secret to set up (shown once): the base32 text to type in, and the otpauth:// URI the QR code carries. */
export interface SecondFactorEnrolment {
  secret: string;
  otpauthUri: string;
}

/** A staff user as GET /api/users lists it (POST /api/users answers a User). */
export interface StaffUser extends User {
  createdAt: string;
  disabled: boolean;
  /** Signed in with a temporary password and must choose a new one before anything else. */
  mustChangePassword: boolean;
  /** Has set up a second factor (TOTP). */
  secondFactor: boolean;
  /** Full name and title (migration 0020); null until an admin sets them. */
  fullName: string | null;
  title: string | null;
  /** The user's units (issue 24), and whether an admin of every unit. */
  unitIds: string[];
  siteAdmin: boolean;
}

/** One active session of a user (GET /api/users/:id/sessions, GET /api/account/sessions); never the token or its hash. */
export interface ActiveSession {
  /** Names the session to end it (DELETE …/sessions/:id). */
  id: string;
  createdAt: string;
  lastSeenAt: string;
  /** The client address at sign-in (null for sessions opened before it was recorded). */
  address: string | null;
  /** A short device name at sign-in, e.g. "Chrome on Android". */
  device: string | null;
  /** The session of the request that lists it. */
  current: boolean;
}
