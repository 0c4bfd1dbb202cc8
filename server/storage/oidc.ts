/** Sign-in through the identity provider (migration 0024, issue 24): sign-ins in flight, and the provider's users. */
import type { Db, NewRow, Row } from './database.js';

export async function insertOidcLogin(db: Db, login: NewRow<'oidc_logins'>): Promise<void> {
  await db.insertInto('oidc_logins').values(login).execute();
}

/**
 * Takes a sign-in in flight: deletes its row and returns it, in one statement, so two callbacks with
 * the same state (a replay, a double click, two server processes) cannot both get it. An expired one
 * is taken too (and is gone), and answered as none.
 */
export async function takeOidcLogin(db: Db, stateHash: string, now: string): Promise<Row<'oidc_logins'> | undefined> {
  const row = await db.deleteFrom('oidc_logins').where('state_hash', '=', stateHash).returningAll().executeTakeFirst();
  return row && row.expires_at > now ? row : undefined;
}

export async function deleteExpiredOidcLogins(db: Db, now: string): Promise<void> {
  await db.deleteFrom('oidc_logins').where('expires_at', '<=', now).execute();
}

export async function findStaffUserBySubject(db: Db, issuer: string, subject: string): Promise<Row<'staff_users'> | undefined> {
  return db.selectFrom('staff_users').selectAll().where('oidc_issuer', '=', issuer).where('oidc_subject', '=', subject).executeTakeFirst();
}
