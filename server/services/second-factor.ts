/**
 * The second factor for local staff accounts (issue 21): TOTP (RFC 6238) with one-time recovery codes.
 * A right password for an enrolled user (or any user when the site requires a second factor) opens a
 * login challenge instead of a session: a 5-minute token in its own cookie, stored hashed, allowing
 * five wrong codes. The code (or a recovery code) finishes the sign-in; a user who must but has not
 * enrolled enrols there. The TOTP secret must be readable by the server (it computes codes from it):
 * sealed with LINDRING_TOTP_KEY when set (AES-256-GCM), else as is; recovery codes rest only as
 * SHA-256 hashes, each deleted when used.
 */
import { randomBytes, randomInt } from 'node:crypto';
import {
  acceptedTotpStep, isTotpCode, normaliseRecoveryCode, otpauthUri, RECOVERY_ALPHABET_SIZE, RECOVERY_CODE_COUNT, recoveryCodeOf, totpSecretOf,
} from '../domain/second-factor.js';
import type { SecondFactorEnrolment, SecondFactorStep } from '../contract/accounts.js';
import type { RecoveryCodes } from '../contract/responses.js';
import type { Db } from '../storage/database.js';
import {
  acceptTotpStep, clearSecondFactor, confirmTotpSecret, countChallengeFailure, deleteExpiredLoginChallenges, deleteLoginChallenge, findLoginChallenge,
  insertLoginChallenge, replaceRecoveryCodes, setPendingTotpSecret, useRecoveryCode,
} from '../storage/second-factor.js';
import { findStaffUserById } from '../storage/staff-users.js';
import { recordAudit } from './audit.js';
import type { ServiceContext, StaffActor } from './context.js';
import { ServiceError } from './errors.js';
import { hashToken, openSecret, sealSecret } from './secrets.js';
import { actorOf, openSession, type SignInClient } from './staff-sessions.js';
import { transaction } from '../storage/transaction.js';

export const CHALLENGE_TTL_MS = 5 * 60_000;
/** Wrong codes one challenge allows; then the password must be given again. */
export const CHALLENGE_MAX_FAILURES = 5;

/** Which second step a user whose password was right must take, or null for none. */
export async function secondFactorStep(ctx: ServiceContext, user: { totp_secret: string | null }): Promise<SecondFactorStep | null> {
  if (user.totp_secret !== null) return 'code';
  return (await ctx.siteSettings()).security.requireSecondFactor ? 'enrol' : null;
}

/** Opens a login challenge for a user whose password was right; returns the token for its cookie. */
export async function openChallenge(ctx: ServiceContext, userId: string): Promise<string> {
  const now = ctx.now();
  const token = ctx.newToken();
  await deleteExpiredLoginChallenges(ctx.db, now.toISOString());
  await insertLoginChallenge(ctx.db, {
    token_hash: hashToken(token), user_id: userId, created_at: now.toISOString(), expires_at: new Date(now.getTime() + CHALLENGE_TTL_MS).toISOString(),
  });
  return token;
}

const expired = () => new ServiceError('unauthenticated', 'second_factor_expired', 'The sign-in has expired; give the password again');
const wrongCode = () => new ServiceError('unauthenticated', 'invalid_second_factor', 'The code is wrong or already used');

export interface Challenge {
  tokenHash: string;
  user: StaffActor;
  step: SecondFactorStep;
}

/** The challenge behind a cookie's token: 401 second_factor_expired when unknown, expired, spent or its account disabled. */
export async function resolveChallenge(ctx: ServiceContext, token: string | undefined): Promise<Challenge> {
  if (!token) throw expired();
  const row = await findLoginChallenge(ctx.db, hashToken(token), ctx.now().toISOString());
  if (!row || row.disabled_at !== null) throw expired();
  return { tokenHash: row.token_hash, user: actorOf({ id: row.user_id, username: row.username, role: row.role }), step: row.totp_secret !== null ? 'code' : 'enrol' };
}

/** A new secret to enrol (shown once, as text and QR code); replaces one started before and not confirmed. */
export async function startEnrolment(ctx: ServiceContext, user: StaffActor): Promise<SecondFactorEnrolment> {
  const row = await findStaffUserById(ctx.db, user.id);
  if (!row) throw new ServiceError('not_found', 'user_not_found', 'No such staff user');
  if (row.totp_secret !== null) throw new ServiceError('conflict', 'second_factor_enrolled', 'A second factor is set up already; an admin can reset it');
  const secret = totpSecretOf(randomBytes(20));
  await setPendingTotpSecret(ctx.db, user.id, sealSecret(secret, ctx.settings.totpKey));
  const { site } = await ctx.siteSettings();
  return { secret, otpauthUri: otpauthUri(secret, user.username, site.name) };
}

function newRecoveryCodes(): string[] {
  return Array.from({ length: RECOVERY_CODE_COUNT }, () => recoveryCodeOf(Array.from({ length: 10 }, () => randomInt(RECOVERY_ALPHABET_SIZE))));
}

/**
 * Confirms the enrolment with a code from the app, inside `tx`: the secret becomes the user's second
 * factor and ten recovery codes are made, returned this once. Null when the code is wrong.
 */
async function confirmInside(ctx: ServiceContext, tx: Db, user: StaffActor, code: string): Promise<string[] | null> {
  const row = await findStaffUserById(tx, user.id);
  if (!row) throw new ServiceError('not_found', 'user_not_found', 'No such staff user');
  if (row.totp_secret !== null) throw new ServiceError('conflict', 'second_factor_enrolled', 'A second factor is set up already; an admin can reset it');
  if (row.totp_pending_secret === null) throw new ServiceError('conflict', 'second_factor_not_started', 'Start the set-up first');
  const step = isTotpCode(code) ? acceptedTotpStep(openSecret(row.totp_pending_secret, ctx.settings.totpKey), code, ctx.now().getTime(), null) : null;
  if (step === null || !(await confirmTotpSecret(tx, user.id, row.totp_pending_secret, step))) return null;
  const codes = newRecoveryCodes();
  const now = ctx.now();
  await replaceRecoveryCodes(tx, user.id, codes.map(hashToken), now.toISOString());
  await recordAudit(tx, user, now, { action: 'staff_user.second_factor_enrolled', entityType: 'staff_user', entityId: user.id });
  return codes;
}

/** A signed-in user confirms the enrolment: 422 invalid_second_factor for a wrong code. */
export async function confirmEnrolment(ctx: ServiceContext, user: StaffActor, code: string): Promise<RecoveryCodes> {
  const codes = await transaction(ctx.db, (tx) => confirmInside(ctx, tx, user, code));
  if (!codes) throw new ServiceError('invalid', 'invalid_second_factor', 'The code is wrong; type the one the app shows now');
  return { recoveryCodes: codes };
}

export interface CompletedSignIn {
  token: string;
  user: StaffActor;
  mustChangePassword: boolean;
  /** Only when the sign-in enrolled the user: shown once. */
  recoveryCodes?: string[];
}

/**
 * Finishes a sign-in with the code from the app, a recovery code, or (step `enrol`) the code that
 * confirms the enrolment. Every check and the new session are one transaction; a wrong code is
 * counted on the challenge (the fifth ends it) and answers 401 invalid_second_factor.
 */
export async function completeSignIn(ctx: ServiceContext, challenge: Challenge, code: string, client: SignInClient): Promise<CompletedSignIn> {
  const now = ctx.now();
  const done = await transaction(ctx.db, async (tx) => {
    const row = await findStaffUserById(tx, challenge.user.id);
    if (!row || row.disabled_at !== null) throw expired();
    let method: 'totp' | 'recovery_code' | 'enrolled';
    let recoveryCodes: string[] | undefined;
    if (row.totp_secret === null) {
      const codes = await confirmInside(ctx, tx, challenge.user, code);
      if (!codes) return null;
      [method, recoveryCodes] = ['enrolled', codes];
    } else if (isTotpCode(code)) {
      const step = acceptedTotpStep(openSecret(row.totp_secret, ctx.settings.totpKey), code, now.getTime(), row.totp_last_step === null ? null : Number(row.totp_last_step));
      if (step === null || !(await acceptTotpStep(tx, row.id, step))) return null;
      method = 'totp';
    } else {
      const normalised = normaliseRecoveryCode(code);
      if (normalised === null || !(await useRecoveryCode(tx, row.id, hashToken(normalised)))) return null;
      method = 'recovery_code';
    }
    await deleteLoginChallenge(tx, challenge.tokenHash);
    const token = await openSession(ctx, tx, challenge.user, client, { secondFactor: method });
    return { token, user: challenge.user, mustChangePassword: row.must_change_password === 1, ...(recoveryCodes ? { recoveryCodes } : {}) };
  });
  if (done) return done;
  const failures = await countChallengeFailure(ctx.db, challenge.tokenHash);
  if (failures >= CHALLENGE_MAX_FAILURES) await deleteLoginChallenge(ctx.db, challenge.tokenHash);
  await recordAudit(ctx.db, null, now, { action: 'auth.second_factor_failed', entityType: 'staff_user', entityId: challenge.user.id, details: { failures } });
  throw wrongCode();
}

/** An admin removes a user's second factor (a lost phone): the user signs in with the password alone, or enrols again when the site requires it. */
export async function resetSecondFactor(ctx: ServiceContext, by: StaffActor, userId: string): Promise<void> {
  const now = ctx.now();
  await transaction(ctx.db, async (tx) => {
    const user = await findStaffUserById(tx, userId);
    if (!user) throw new ServiceError('not_found', 'user_not_found', 'No such staff user');
    await clearSecondFactor(tx, userId);
    await tx.deleteFrom('login_challenges').where('user_id', '=', userId).execute();
    await recordAudit(tx, by, now, { action: 'staff_user.second_factor_reset', entityType: 'staff_user', entityId: userId, details: { username: user.username, hadSecondFactor: user.totp_secret !== null } });
  });
}

/** Whether the user has a second factor (for GET /api/auth/me). */
export async function hasSecondFactor(ctx: ServiceContext, userId: string): Promise<boolean> {
  return (await findStaffUserById(ctx.db, userId))?.totp_secret != null;
}
