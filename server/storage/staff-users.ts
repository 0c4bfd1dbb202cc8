import { PostgresAdapter, sql } from 'kysely';
import type { Db, NewRow, Row } from './database.js';

/**
 * Usernames are unique without regard to case (migration 0016's index on lower(username)). They are
 * ASCII (contract/accounts.ts), so only A-Z is folded: SQL's lower() does the same on both databases,
 * and a typed look-alike (e.g. the Kelvin sign, which JavaScript lower-cases to "k") matches nothing.
 */
const foldAscii = (username: string) => username.replace(/[A-Z]/g, (c) => c.toLowerCase());

export async function insertStaffUser(db: Db, user: NewRow<'staff_users'>): Promise<void> {
  await db.insertInto('staff_users').values(user).execute();
}

/** The account whose username is `username` in any case. */
export async function findStaffUserByUsername(db: Db, username: string): Promise<Row<'staff_users'> | undefined> {
  return db.selectFrom('staff_users').selectAll().where(sql`lower(username)`, '=', foldAscii(username)).executeTakeFirst();
}

/** How many staff accounts there are (none: `npm start` says how to make the first). */
export async function countStaffUsers(db: Db): Promise<number> {
  const row = await db.selectFrom('staff_users').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function findStaffUserById(db: Db, id: string): Promise<Row<'staff_users'> | undefined> {
  return db.selectFrom('staff_users').selectAll().where('id', '=', id).executeTakeFirst();
}

const LISTED = ['id', 'username', 'role', 'created_at', 'disabled_at', 'must_change_password', 'totp_secret', 'full_name', 'title', 'site_admin'] as const;
export type ListedStaffUser = Pick<Row<'staff_users'>, (typeof LISTED)[number]>;

export async function listStaffUsers(db: Db): Promise<ListedStaffUser[]> {
  return db.selectFrom('staff_users').select(LISTED).orderBy('username').execute();
}

export async function updateStaffUser(
  db: Db,
  id: string,
  changes: Partial<Pick<Row<'staff_users'>, 'role' | 'disabled_at' | 'full_name' | 'title' | 'password_hash' | 'must_change_password' | 'password_changed_at' | 'temporary_password_expires_at' | 'email'>>,
): Promise<void> {
  await db.updateTable('staff_users').set(changes).where('id', '=', id).execute();
}

/** Swaps the hash only if it is still `oldHash` (a re-hash at sign-in must not undo a reset made meanwhile). */
export async function replacePasswordHash(db: Db, id: string, oldHash: string, newHash: string): Promise<void> {
  await db.updateTable('staff_users').set({ password_hash: newHash }).where('id', '=', id).where('password_hash', '=', oldHash).execute();
}

/**
 * Locks the enabled admins' rows until the transaction ends (PostgreSQL: SELECT ... FOR UPDATE), so
 * two admins disabling or demoting each other at once take turns and the second sees the first's
 * change when it counts. SQLite needs no lock: one writer at a time, and a transaction that read
 * before another's commit cannot write (SQLITE_BUSY_SNAPSHOT).
 */
export async function lockEnabledAdmins(tx: Db): Promise<void> {
  if (!(tx.getExecutor().adapter instanceof PostgresAdapter)) return;
  await tx.selectFrom('staff_users').select('id').where('role', '=', 'admin').where('disabled_at', 'is', null).forUpdate().execute();
}

/** Enabled admins: the last one may be neither disabled nor demoted. */
export async function countEnabledAdmins(db: Db): Promise<number> {
  const row = await db
    .selectFrom('staff_users')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('role', '=', 'admin')
    .where('disabled_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function insertSession(db: Db, session: NewRow<'sessions'>): Promise<void> {
  await db.insertInto('sessions').values(session).execute();
}

/** The session with its user, by the hash of the cookie's token. */
export async function findSession(db: Db, tokenHash: string) {
  return db
    .selectFrom('sessions')
    .innerJoin('staff_users', 'staff_users.id', 'sessions.user_id')
    .select([
      'sessions.token_hash', 'sessions.created_at', 'sessions.last_seen_at', 'staff_users.id as user_id', 'staff_users.username', 'staff_users.role',
      'staff_users.disabled_at', 'staff_users.must_change_password',
    ])
    .where('sessions.token_hash', '=', tokenHash)
    .executeTakeFirst();
}

/** A user's sessions that are still valid (neither idle since before `idleBefore` nor created before `createdBefore`), newest first. */
export async function listActiveSessions(db: Db, userId: string, idleBefore: string, createdBefore: string) {
  return db
    .selectFrom('sessions')
    .select(['id', 'token_hash', 'created_at', 'last_seen_at', 'address', 'device'])
    .where('user_id', '=', userId)
    .where('last_seen_at', '>=', idleBefore)
    .where('created_at', '>=', createdBefore)
    .orderBy('last_seen_at', 'desc')
    .execute();
}

/** Ends one session of a user by its id; returns whether it existed. */
export async function deleteSessionById(db: Db, userId: string, id: string): Promise<boolean> {
  const result = await db.deleteFrom('sessions').where('user_id', '=', userId).where('id', '=', id).executeTakeFirst();
  return Number(result.numDeletedRows) === 1;
}

export async function touchSession(db: Db, tokenHash: string, at: string): Promise<void> {
  await db.updateTable('sessions').set({ last_seen_at: at }).where('token_hash', '=', tokenHash).execute();
}

export async function deleteSession(db: Db, tokenHash: string): Promise<void> {
  await db.deleteFrom('sessions').where('token_hash', '=', tokenHash).execute();
}

/** Ends every session of a user, but the one with `keepTokenHash` if given; returns how many ended. */
export async function deleteUserSessions(db: Db, userId: string, keepTokenHash?: string): Promise<number> {
  let query = db.deleteFrom('sessions').where('user_id', '=', userId);
  if (keepTokenHash) query = query.where('token_hash', '!=', keepTokenHash);
  const result = await query.executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** Removes sessions idle since before `idleBefore` or created before `createdBefore`. */
export async function deleteExpiredSessions(db: Db, idleBefore: string, createdBefore: string): Promise<void> {
  await db
    .deleteFrom('sessions')
    .where((eb) => eb.or([eb('last_seen_at', '<', idleBefore), eb('created_at', '<', createdBefore)]))
    .execute();
}

export async function findStaffUser(db: Db, id: string): Promise<Pick<Row<'staff_users'>, 'id' | 'username' | 'role' | 'disabled_at'> | undefined> {
  return db.selectFrom('staff_users').select(['id', 'username', 'role', 'disabled_at']).where('id', '=', id).executeTakeFirst();
}
