/**
 * Staff account lifecycle (issue 12): an admin can disable an account (kept, not deleted, so the
 * audit log and the records it made still name it) and reset a password to a temporary one that
 * must be changed at the next sign-in. Portable: text timestamps, an integer for the flag.
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('staff_users').addColumn('disabled_at', 'text').execute();
  await db.schema.alterTable('staff_users').addColumn('must_change_password', 'integer', (c) => c.notNull().defaultTo(0)).execute();
  await db.schema.alterTable('staff_users').addColumn('password_changed_at', 'text').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const column of ['password_changed_at', 'must_change_password', 'disabled_at']) {
    await db.schema.alterTable('staff_users').dropColumn(column).execute();
  }
}
