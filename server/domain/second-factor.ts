/**
 * The second factor's pure rules: TOTP codes (RFC 6238 via otpauth: SHA-1, 6 digits, 30 s, the
 * authenticator apps' defaults) and one-time recovery codes. No clock, no randomness: both are passed in.
 */
import { Secret, TOTP } from 'otpauth';

export const TOTP_PERIOD_SECONDS = 30;
export const TOTP_DIGITS = 6;
/** A code from the step before or after the current one is accepted too: phones' clocks drift. */
const WINDOW = 1;
export const RECOVERY_CODE_COUNT = 10;
const RECOVERY_ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';

function totp(secretBase32: string, label = 'user', issuer = 'Lindring'): TOTP {
  return new TOTP({ issuer, label, secret: Secret.fromBase32(secretBase32), algorithm: 'SHA1', digits: TOTP_DIGITS, period: TOTP_PERIOD_SECONDS });
}

/** The time step a moment falls in (RFC 6238: floor(unix seconds / 30)). */
export function totpStep(nowMs: number): number {
  return Math.floor(nowMs / 1000 / TOTP_PERIOD_SECONDS);
}

/** Six digits, spaces allowed ("123 456" as apps show it). */
export function isTotpCode(input: string): boolean {
  return /^\d{6}$/.test(input.replace(/\s/g, ''));
}

/**
 * The time step the code belongs to, or null when it is wrong, or from a step at or before
 * `lastStep` (a code once accepted is never accepted again, also not a still-current one).
 */
export function acceptedTotpStep(secretBase32: string, code: string, nowMs: number, lastStep: number | null): number | null {
  const delta = totp(secretBase32).validate({ token: code.replace(/\s/g, ''), timestamp: nowMs, window: WINDOW });
  if (delta === null) return null;
  const step = totpStep(nowMs) + delta;
  return lastStep !== null && step <= lastStep ? null : step;
}

/** The code for a moment (tests, and the enrolment screen's own check). */
export function totpCode(secretBase32: string, nowMs: number): string {
  return totp(secretBase32).generate({ timestamp: nowMs });
}

/** The otpauth:// URI an authenticator app reads from the QR code. */
export function otpauthUri(secretBase32: string, username: string, issuer: string): string {
  return totp(secretBase32, username, issuer).toString();
}

/** 20 random bytes (RFC 4226's recommended 160 bits) as base32. */
export function totpSecretOf(randomBytes: Uint8Array): string {
  return new Secret({ buffer: randomBytes.slice().buffer as ArrayBuffer }).base32;
}

/** A recovery code from 10 random values 0..30: "abcde-fghjk", about 50 bits, no look-alike letters. */
export function recoveryCodeOf(randomIndexes: readonly number[]): string {
  const chars = randomIndexes.map((i) => RECOVERY_ALPHABET[i % RECOVERY_ALPHABET.length]).join('');
  return `${chars.slice(0, 5)}-${chars.slice(5, 10)}`;
}
export const RECOVERY_ALPHABET_SIZE = RECOVERY_ALPHABET.length;

/** A recovery code as typed (any case, spaces or hyphens anywhere) in its stored form, or null when it cannot be one. */
export function normaliseRecoveryCode(input: string): string | null {
  const chars = input.toLowerCase().replace(/[\s-]/g, '');
  if (chars.length !== 10 || [...chars].some((c) => !RECOVERY_ALPHABET.includes(c))) return null;
  return `${chars.slice(0, 5)}-${chars.slice(5)}`;
}
