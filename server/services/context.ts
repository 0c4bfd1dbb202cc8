/** What every service gets: the database, the questionnaires, and the clock and randomness (injected so tests control them). */
import type { Role } from '../contract/codes.js';
import type { LocalLogin, OidcConfig } from '../config.js';
import type { Db } from '../storage/database.js';
import type { SiteSettings } from '../contract/settings.js';
import type { QuestionnaireRegistry } from './questionnaires.js';
import { DEFAULT_HASH_QUEUE, type HashQueueLimits, type PasswordHashQueue } from './password-hash-queue.js';
import { OWASP_SCRYPT, type ScryptParams } from './secrets.js';

export interface StaffActor {
  type: 'staff';
  id: string;
  username: string;
  role: Role;
}
/** The holder of an invitation token: the token is the patient's only credential. */
export interface PatientActor {
  type: 'patient';
  invitationId: string;
}
export type Actor = StaffActor | PatientActor;

export interface Settings {
  invitationTtlDays: number;
  sessionIdleMs: number;
  sessionAbsoluteMs: number;
  /** scrypt's cost for new password hashes (OWASP's by default; tests lower it to stay fast). Older hashes are re-made at sign-in. */
  passwordHashing: ScryptParams;
  /** Password hashes at once and waiting (PASSWORD_HASH_CONCURRENCY, PASSWORD_HASH_QUEUE); one more is a 429. */
  passwordHashQueue: HashQueueLimits;
  /** Base of invitation links, e.g. https://pro.example.org; without it links are built from the request. */
  publicUrl?: string;
  /** Notification channels the operator configured (see services/notifications.ts); none: the log only. */
  smtpUrl?: string;
  smtpFrom?: string;
  notifyWebhookUrl?: string;
  /** FHIR R4 (issue 14): the base URL of the FHIR resources (LINDRING_FHIR_BASE; default PUBLIC_URL or the request's origin + /api/fhir). */
  fhirBase?: string;
  /** The identifier system of patients' external ids in FHIR (LINDRING_FHIR_PATIENT_SYSTEM). */
  fhirPatientSystem?: string;
  /** LINDRING_TOTP_KEY (issue 21): 32 bytes that seal TOTP secrets at rest (AES-256-GCM); without it they are stored as is. */
  totpKey?: Buffer;
  /** Sign-in through the hospital's identity provider (issue 24; OIDC_*), when configured. */
  oidc?: OidcConfig;
  /** LOCAL_LOGIN=off and the break-glass admins (LOCAL_LOGIN_ADMINS). */
  localLogin: LocalLogin;
}

export const DEFAULT_SETTINGS: Settings = {
  invitationTtlDays: 14,
  sessionIdleMs: 30 * 60_000,
  sessionAbsoluteMs: 12 * 60 * 60_000,
  passwordHashing: OWASP_SCRYPT,
  passwordHashQueue: DEFAULT_HASH_QUEUE,
  localLogin: { enabled: true, breakGlassAdmins: [] },
};

export interface ServiceContext {
  db: Db;
  questionnaires: QuestionnaireRegistry;
  now: () => Date;
  /** A new UUID for a row. */
  newId: () => string;
  /** A new secret token (≥128 bits) for an invitation or a session. */
  newToken: () => string;
  settings: Settings;
  /** Every password hash and check runs through this (settings.passwordHashQueue). */
  passwordHashes: PasswordHashQueue;
  /** The site settings in force (database, edited by an admin); tests may pass their own. */
  siteSettings: () => Promise<SiteSettings>;
}
