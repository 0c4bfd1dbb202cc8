import type { Db, NewRow, Row } from './database.js';

export async function insertStaffUser(db: Db, user: NewRow<'staff_users'>): Promise<void> {
  await db.insertInto('staff_users').values(user).execute();
}

export async function findStaffUserByUsername(db: Db, username: string): Promise<Row<'staff_users'> | undefined> {
  return db.selectFrom('staff_users').selectAll().where('username', '=', username).executeTakeFirst();
}

export async function listStaffUsers(db: Db): Promise<Pick<Row<'staff_users'>, 'id' | 'username' | 'role' | 'created_at'>[]> {
  return db.selectFrom('staff_users').select(['id', 'username', 'role', 'created_at']).orderBy('username').execute();
}

export async function insertSession(db: Db, session: NewRow<'sessions'>): Promise<void> {
  await db.insertInto('sessions').values(session).execute();
}

/** The session with its user, by the hash of the cookie's token. */
export async function findSession(db: Db, tokenHash: string) {
  return db
    .selectFrom('sessions')
    .innerJoin('staff_users', 'staff_users.id', 'sessions.user_id')
    .select(['sessions.token_hash', 'sessions.created_at', 'sessions.last_seen_at', 'staff_users.id as user_id', 'staff_users.username', 'staff_users.role'])
    .where('sessions.token_hash', '=', tokenHash)
    .executeTakeFirst();
}

export async function touchSession(db: Db, tokenHash: string, at: string): Promise<void> {
  await db.updateTable('sessions').set({ last_seen_at: at }).where('token_hash', '=', tokenHash).execute();
}

export async function deleteSession(db: Db, tokenHash: string): Promise<void> {
  await db.deleteFrom('sessions').where('token_hash', '=', tokenHash).execute();
}

/** Removes sessions idle since before `idleBefore` or created before `createdBefore`. */
export async function deleteExpiredSessions(db: Db, idleBefore: string, createdBefore: string): Promise<void> {
  await db
    .deleteFrom('sessions')
    .where((eb) => eb.or([eb('last_seen_at', '<', idleBefore), eb('created_at', '<', createdBefore)]))
    .execute();
}

export async function findStaffUser(db: Db, id: string): Promise<Pick<Row<'staff_users'>, 'id' | 'username' | 'role'> | undefined> {
  return db.selectFrom('staff_users').select(['id', 'username', 'role']).where('id', '=', id).executeTakeFirst();
}
