/**
 * Issue 21, second factor, sessions and temporary passwords. Staff accounts get a TOTP secret (RFC 6238;
 * the server must compute codes from it, so it cannot be a hash), a secret being enrolled, and the
 * last time step accepted (a code is refused at or before it: no replay). A temporary password (an
 * admin's new user or reset) expires. A password that leads to a second step opens a short-lived
 * login challenge (its token stored hashed); recovery codes are stored only as hashes, one row each,
 * deleted when used. Sessions get an id that may be shown (never the token or its hash), the
 * address and a short device name. Portable: text timestamps, integer steps.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('staff_users').addColumn('totp_secret', 'text').execute();
  await db.schema.alterTable('staff_users').addColumn('totp_pending_secret', 'text').execute();
  await db.schema.alterTable('staff_users').addColumn('totp_last_step', 'integer').execute();
  await db.schema.alterTable('staff_users').addColumn('temporary_password_expires_at', 'text').execute();

  await db.schema.alterTable('sessions').addColumn('id', 'text').execute();
  await db.schema.alterTable('sessions').addColumn('address', 'text').execute();
  await db.schema.alterTable('sessions').addColumn('device', 'text').execute();
  // Sessions open at the upgrade get an id from their hash's first half (the id names, it does not open).
  await db.updateTable('sessions').set({ id: sql`substr(token_hash, 1, 32)` }).execute();
  await db.schema.createIndex('sessions_id').unique().on('sessions').column('id').execute();

  await db.schema
    .createTable('login_challenges')
    .addColumn('token_hash', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('staff_users.id').onDelete('cascade'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('failures', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.createIndex('login_challenges_expires_at').on('login_challenges').column('expires_at').execute();

  await db.schema
    .createTable('recovery_codes')
    .addColumn('user_id', 'text', (c) => c.notNull().references('staff_users.id').onDelete('cascade'))
    .addColumn('code_hash', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('recovery_codes_pk', ['user_id', 'code_hash'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('recovery_codes').execute();
  await db.schema.dropTable('login_challenges').execute();
  await db.schema.dropIndex('sessions_id').execute();
  for (const column of ['device', 'address', 'id']) await db.schema.alterTable('sessions').dropColumn(column).execute();
  for (const column of ['temporary_password_expires_at', 'totp_last_step', 'totp_pending_secret', 'totp_secret']) {
    await db.schema.alterTable('staff_users').dropColumn(column).execute();
  }
}
