/** The second factor's rows (migration 0017): TOTP columns of staff_users, login challenges, recovery codes. */
import type { Db, NewRow } from './database.js';

export async function setPendingTotpSecret(db: Db, userId: string, secret: string | null): Promise<void> {
  await db.updateTable('staff_users').set({ totp_pending_secret: secret }).where('id', '=', userId).execute();
}

/** Makes the pending secret the user's second factor, with the step its confirming code used; false when the pending secret changed meanwhile. */
export async function confirmTotpSecret(db: Db, userId: string, secret: string, step: number): Promise<boolean> {
  const result = await db
    .updateTable('staff_users')
    .set({ totp_secret: secret, totp_pending_secret: null, totp_last_step: step })
    .where('id', '=', userId)
    .where('totp_pending_secret', '=', secret)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/**
 * Records `step` as the last accepted one, only if it is later than the one stored: one UPDATE, so two
 * requests with the same code at once cannot both pass (the second updates nothing).
 */
export async function acceptTotpStep(db: Db, userId: string, step: number): Promise<boolean> {
  const result = await db
    .updateTable('staff_users')
    .set({ totp_last_step: step })
    .where('id', '=', userId)
    .where((eb) => eb.or([eb('totp_last_step', 'is', null), eb('totp_last_step', '<', step)]))
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function clearSecondFactor(db: Db, userId: string): Promise<void> {
  await db.updateTable('staff_users').set({ totp_secret: null, totp_pending_secret: null, totp_last_step: null }).where('id', '=', userId).execute();
  await db.deleteFrom('recovery_codes').where('user_id', '=', userId).execute();
}

export async function replaceRecoveryCodes(db: Db, userId: string, codeHashes: string[], at: string): Promise<void> {
  await db.deleteFrom('recovery_codes').where('user_id', '=', userId).execute();
  await db.insertInto('recovery_codes').values(codeHashes.map((code_hash) => ({ user_id: userId, code_hash, created_at: at }))).execute();
}

/** Uses a recovery code: true when it existed (and is now gone), so each works once, also under concurrent tries. */
export async function useRecoveryCode(db: Db, userId: string, codeHash: string): Promise<boolean> {
  const result = await db.deleteFrom('recovery_codes').where('user_id', '=', userId).where('code_hash', '=', codeHash).executeTakeFirst();
  return Number(result.numDeletedRows) === 1;
}

export async function insertLoginChallenge(db: Db, challenge: NewRow<'login_challenges'>): Promise<void> {
  await db.insertInto('login_challenges').values(challenge).execute();
}

/** The challenge with its user's state, if it has not expired. */
export async function findLoginChallenge(db: Db, tokenHash: string, now: string) {
  return db
    .selectFrom('login_challenges')
    .innerJoin('staff_users', 'staff_users.id', 'login_challenges.user_id')
    .select([
      'login_challenges.token_hash', 'login_challenges.failures', 'staff_users.id as user_id', 'staff_users.username', 'staff_users.role',
      'staff_users.disabled_at', 'staff_users.must_change_password', 'staff_users.totp_secret', 'staff_users.totp_pending_secret', 'staff_users.totp_last_step',
    ])
    .where('login_challenges.token_hash', '=', tokenHash)
    .where('login_challenges.expires_at', '>', now)
    .executeTakeFirst();
}

/** Counts a wrong code on the challenge; returns the failures so far. */
export async function countChallengeFailure(db: Db, tokenHash: string): Promise<number> {
  const row = await db
    .updateTable('login_challenges')
    .set((eb) => ({ failures: eb('failures', '+', 1) }))
    .where('token_hash', '=', tokenHash)
    .returning('failures')
    .executeTakeFirst();
  return row ? Number(row.failures) : Number.POSITIVE_INFINITY;
}

export async function deleteLoginChallenge(db: Db, tokenHash: string): Promise<void> {
  await db.deleteFrom('login_challenges').where('token_hash', '=', tokenHash).execute();
}

export async function deleteExpiredLoginChallenges(db: Db, now: string): Promise<void> {
  await db.deleteFrom('login_challenges').where('expires_at', '<=', now).execute();
}
