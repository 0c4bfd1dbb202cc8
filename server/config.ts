/** Server configuration from the environment (documented in docs/configuration.md). */
import { DEFAULT_HASH_QUEUE } from './services/password-hash-queue.js';
import { DEFAULT_DATABASE_URL } from './storage/database.js';

export interface ServerConfig {
  /** A SQLite file path, or a postgres:// URL. */
  databaseUrl: string;
  port: number;
  host: string;
  production: boolean;
  /** Base of invitation links, e.g. https://pro.example.org. */
  publicUrl?: string;
  invitationTtlDays: number;
  sessionIdleMinutes: number;
  sessionAbsoluteHours: number;
  /** Express "trust proxy" (e.g. 1 or "loopback") when behind a reverse proxy. */
  trustProxy?: string | number | boolean;
  /** Request logs on stdout. */
  log: boolean;
  /** Where questionnaire files are; default questionnaires/. */
  questionnaireDir?: string;
  /** The built client; default dist/client. */
  clientDir?: string;
  /** Notifications (docs/operations.md, "Notifications"): SMTP server URL, sender, webhook (e.g. an SMS gateway). */
  smtpUrl?: string;
  smtpFrom?: string;
  notifyWebhookUrl?: string;
  /** Seconds between scheduler ticks (reminders, outbox delivery); 0 turns the scheduler off. */
  schedulerTickSeconds: number;
  /** How long a process holds a message it is delivering before another may retry it. */
  notifyLeaseSeconds: number;
  /** FHIR R4 (issue 14): the resources' base URL, and the identifier system of patients' external ids. */
  fhirBase?: string;
  fhirPatientSystem?: string;
  /** Password hashes at once, and waiting for a turn (issue 21); one more is a 429. */
  passwordHashConcurrency: number;
  passwordHashQueue: number;
  /** LINDRING_TOTP_KEY: 32 bytes (base64 or hex) that seal TOTP secrets in the database. */
  totpKey?: Buffer;
  /** Sign-in through the hospital's identity provider (issue 24; OIDC_*), when configured. */
  oidc?: OidcConfig;
  /** LOCAL_LOGIN=off: passwords work only for the break-glass admins named in LOCAL_LOGIN_ADMINS. */
  localLogin: LocalLogin;
}

/** The identity provider (OpenID Connect, issue 24): the operator's registration of Lindring there. */
export interface OidcConfig {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** Lindring's callback as registered with the provider: <PUBLIC_URL>/api/auth/oidc/callback. */
  redirectUri: string;
  /** The hospital's name on the sign-in button ("Log ind med <name>"). */
  name: string;
  /** OIDC_REQUIRE_MFA=true: a sign-in whose amr/acr shows no second factor is refused. */
  requireMfa: boolean;
}

export interface LocalLogin {
  /** False with LOCAL_LOGIN=off. */
  enabled: boolean;
  /** Usernames (lower case) that may still sign in with a password when it is off: break-glass admins. */
  breakGlassAdmins: string[];
}

function positive(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} must be a positive number, got "${raw}"`);
  return value;
}

function wholeNumber(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min) throw new Error(`${name} must be a whole number of at least ${min}, got "${raw}"`);
  return value;
}

/** A FHIR base or system must be an absolute URI (http(s):// or urn:), or references and canonicals built from it mean nothing. */
function absoluteUrl(name: string, value: string): string {
  if (!/^(https?:\/\/[^\s]+|urn:[^\s]+)$/.test(value) || !URL.canParse(value)) throw new Error(`${name} must be an absolute URL such as https://pro.example.org/api/fhir, got "${value}"`);
  return value.replace(/\/+$/, '');
}

/** 32 bytes as 64 hex digits or base64 (e.g. `openssl rand -base64 32`); anything else stops the start. */
function totpKey(value: string): Buffer {
  const key = /^[0-9a-fA-F]{64}$/.test(value) ? Buffer.from(value, 'hex') : Buffer.from(value, 'base64');
  if (key.length !== 32) throw new Error('LINDRING_TOTP_KEY must be 32 bytes: 64 hex digits or base64 (openssl rand -base64 32)');
  return key;
}

/** OIDC_* together or not at all; a plain-http issuer only outside production (a provider on this machine in development). */
function oidcConfig(env: NodeJS.ProcessEnv): OidcConfig | undefined {
  const names = ['OIDC_ISSUER', 'OIDC_CLIENT_ID', 'OIDC_CLIENT_SECRET', 'OIDC_REDIRECT_URI'] as const;
  const given = names.filter((n) => env[n]);
  if (given.length === 0) return undefined;
  const missing = names.filter((n) => !env[n]);
  if (missing.length > 0) throw new Error(`${given.join(', ')} set but ${missing.join(', ')} not: sign-in through the identity provider needs all four`);
  for (const name of ['OIDC_ISSUER', 'OIDC_REDIRECT_URI'] as const) {
    const value = env[name]!;
    if (!/^https?:\/\//.test(value) || !URL.canParse(value)) throw new Error(`${name} must be an absolute http(s) URL, got "${value}"`);
    if (env.NODE_ENV === 'production' && !value.startsWith('https://')) throw new Error(`${name} must be an https:// URL when NODE_ENV=production`);
  }
  if (new URL(env.OIDC_REDIRECT_URI!).pathname !== '/api/auth/oidc/callback') throw new Error('OIDC_REDIRECT_URI must end in /api/auth/oidc/callback (e.g. https://pro.example.org/api/auth/oidc/callback)');
  const requireMfa = env.OIDC_REQUIRE_MFA ?? '';
  if (!['', 'true', 'false'].includes(requireMfa)) throw new Error(`OIDC_REQUIRE_MFA must be true or false, got "${requireMfa}"`);
  return {
    issuer: env.OIDC_ISSUER!, clientId: env.OIDC_CLIENT_ID!, clientSecret: env.OIDC_CLIENT_SECRET!, redirectUri: env.OIDC_REDIRECT_URI!,
    name: env.OIDC_NAME?.trim() || new URL(env.OIDC_ISSUER!).hostname, requireMfa: requireMfa === 'true',
  };
}

/** LOCAL_LOGIN=on|off; off needs an identity provider, or nobody but the break-glass admins could sign in. */
function localLogin(env: NodeJS.ProcessEnv, oidc: OidcConfig | undefined): LocalLogin {
  const value = env.LOCAL_LOGIN ?? '';
  if (!['', 'on', 'off'].includes(value)) throw new Error(`LOCAL_LOGIN must be on or off, got "${value}"`);
  if (value === 'off' && !oidc) throw new Error('LOCAL_LOGIN=off needs OIDC_ISSUER (and the other OIDC_ settings): staff would have no way to sign in');
  const breakGlassAdmins = (env.LOCAL_LOGIN_ADMINS ?? '').split(',').map((n) => n.trim().toLowerCase()).filter(Boolean);
  return { enabled: value !== 'off', breakGlassAdmins };
}

export function configFromEnv(env: NodeJS.ProcessEnv = process.env): ServerConfig {
  const port = env.PORT === undefined || env.PORT === '' ? 3000 : Number(env.PORT);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`PORT must be a port number, got "${env.PORT}"`);
  const trustProxy = env.TRUST_PROXY;
  const oidc = oidcConfig(env);
  return {
    databaseUrl: env.DATABASE_URL || DEFAULT_DATABASE_URL,
    port,
    host: env.HOST || '127.0.0.1',
    production: env.NODE_ENV === 'production',
    ...(env.PUBLIC_URL ? { publicUrl: env.PUBLIC_URL } : {}),
    invitationTtlDays: positive(env, 'INVITATION_TTL_DAYS', 14),
    sessionIdleMinutes: positive(env, 'SESSION_IDLE_MINUTES', 30),
    sessionAbsoluteHours: positive(env, 'SESSION_ABSOLUTE_HOURS', 12),
    ...(trustProxy ? { trustProxy: /^\d+$/.test(trustProxy) ? Number(trustProxy) : trustProxy === 'true' ? true : trustProxy } : {}),
    log: env.LOG !== 'off' && env.NODE_ENV !== 'test',
    ...(env.QUESTIONNAIRE_DIR ? { questionnaireDir: env.QUESTIONNAIRE_DIR } : {}),
    ...(env.SMTP_URL ? { smtpUrl: env.SMTP_URL } : {}),
    ...(env.SMTP_FROM ? { smtpFrom: env.SMTP_FROM } : {}),
    ...(env.NOTIFY_WEBHOOK_URL ? { notifyWebhookUrl: env.NOTIFY_WEBHOOK_URL } : {}),
    schedulerTickSeconds: env.SCHEDULER_TICK_SECONDS === '0' ? 0 : positive(env, 'SCHEDULER_TICK_SECONDS', 30),
    notifyLeaseSeconds: positive(env, 'NOTIFY_LEASE_SECONDS', 120),
    passwordHashConcurrency: wholeNumber(env, 'PASSWORD_HASH_CONCURRENCY', DEFAULT_HASH_QUEUE.concurrency, 1),
    passwordHashQueue: wholeNumber(env, 'PASSWORD_HASH_QUEUE', DEFAULT_HASH_QUEUE.waiting, 0),
    ...(env.LINDRING_FHIR_BASE ? { fhirBase: absoluteUrl('LINDRING_FHIR_BASE', env.LINDRING_FHIR_BASE) } : {}),
    ...(env.LINDRING_TOTP_KEY ? { totpKey: totpKey(env.LINDRING_TOTP_KEY) } : {}),
    ...(env.LINDRING_FHIR_PATIENT_SYSTEM ? { fhirPatientSystem: absoluteUrl('LINDRING_FHIR_PATIENT_SYSTEM', env.LINDRING_FHIR_PATIENT_SYSTEM) } : {}),
    ...(oidc ? { oidc } : {}),
    localLogin: localLogin(env, oidc),
  };
}

/** Links in reminders must work outside the server, so a notification channel needs PUBLIC_URL. */
export function checkNotificationConfig(c: Pick<ServerConfig, 'publicUrl' | 'smtpUrl' | 'notifyWebhookUrl'>): void {
  for (const [name, value] of [['SMTP_URL', c.smtpUrl], ['NOTIFY_WEBHOOK_URL', c.notifyWebhookUrl]] as const) {
    if (!value) continue;
    if (!c.publicUrl) throw new Error(`${name} is set but PUBLIC_URL is not: reminders need it for their links`);
    const protocol = URL.canParse(value) ? new URL(value).protocol : '';
    const allowed = name === 'SMTP_URL' ? ['smtp:', 'smtps:'] : ['http:', 'https:'];
    if (!allowed.includes(protocol)) throw new Error(`${name} must be a ${allowed.join(' or ')} URL`);
  }
}

/**
 * Settings that are refused at start. TRUST_PROXY=true would believe any X-Forwarded-For, so anyone
 * could pick their address for the rate limits: give the number of proxies (1) or "loopback".
 * In production, links are built from PUBLIC_URL, never from a request's Host header.
 */
export function checkStartConfig(c: Pick<ServerConfig, 'production' | 'publicUrl' | 'trustProxy'>): void {
  if (c.trustProxy === true || c.trustProxy === 'true') {
    throw new Error('TRUST_PROXY=true is refused: it trusts any X-Forwarded-For. Set TRUST_PROXY to the number of proxies in front (e.g. 1) or to "loopback"');
  }
  if (c.production && !c.publicUrl) throw new Error('PUBLIC_URL must be set when NODE_ENV=production (e.g. https://pro.example.org): links to patients are built from it');
  if (c.publicUrl && !URL.canParse(c.publicUrl)) throw new Error(`PUBLIC_URL must be a URL such as https://pro.example.org, got "${c.publicUrl}"`);
}
